/**
 * Logs read through the DataSource, kept while the UI shows them: `read` answers at once (the
 * entry, or `loading` after starting the read) and the UI is told when a read lands. Keyed by
 * Pod, container and instance; a few entries at most; `forget` makes the next read fresh.
 *
 * A current instance then follows (k9s's default) where the source can stream: new lines are
 * appended as they come, the newest MAX_FOLLOWED_LINES kept. `setPaused(true)` stops following
 * (the lines stay); unpausing and reading again picks up from a fresh tail.
 */
import { type Ref, refKey } from '@strata/core';
import type { DataSource, LogsOptions } from './data-source.ts';
import type { LogsEntry } from './view-models/logs.ts';

const MAX_ENTRIES = 16;
/** Lines kept of a followed log: older ones go first. */
export const MAX_FOLLOWED_LINES = 5000;

export interface LogsAsk {
  readonly container?: string | undefined;
  readonly previous?: boolean | undefined;
}

export class LogsStore {
  private readonly entries = new Map<string, LogsEntry>();
  private readonly source: Pick<DataSource, 'logs' | 'followLogs'>;
  /** The streams open, by entry key. */
  private readonly follows = new Map<string, AbortController>();
  /** Following is paused (the `f` key): nothing new is streamed until it is resumed. */
  paused = false;
  private readonly onChange: () => void;
  private readonly tailLines: number;
  /** Moves on every change: the UI recomputes the view when it does. */
  version = 0;
  private closed = false;

  constructor(source: Pick<DataSource, 'logs' | 'followLogs'>, onChange: () => void, tailLines = 100) {
    this.source = source;
    this.onChange = onChange;
    this.tailLines = tailLines;
  }

  get lines(): number {
    return this.tailLines;
  }

  private key(pod: Ref, ask: LogsAsk): string {
    return JSON.stringify([refKey(pod), ask.container ?? null, ask.previous ?? null]);
  }

  /** The entry for these logs; the first call starts the read. */
  read(pod: Ref, ask: LogsAsk): LogsEntry {
    const key = this.key(pod, ask);
    const known = this.entries.get(key);
    if (known !== undefined) return known;
    const loading: LogsEntry = { state: 'loading' };
    this.entries.set(key, loading);
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const options: LogsOptions = {
      tailLines: this.tailLines,
      ...(ask.container === undefined ? {} : { container: ask.container }),
      ...(ask.previous === undefined ? {} : { previous: ask.previous }),
    };
    this.source
      .logs(pod, options)
      .catch((error: unknown) => ({
        ok: false as const,
        error: error instanceof Error ? error.message.split('\n', 1)[0]! : String(error),
      }))
      .then((result) => {
        if (this.closed || this.entries.get(key) !== loading) return;
        const follows = result.ok && !result.previous && this.source.followLogs !== undefined;
        this.entries.set(key, {
          state: 'done',
          result,
          ...(follows ? { follow: this.paused ? 'paused' : 'following' } : {}),
        });
        this.version += 1;
        this.onChange();
        if (follows && !this.paused && result.ok) this.follow(key, pod, result.container);
      });
    return loading;
  }

  private follow(key: string, pod: Ref, container: string): void {
    const follow = this.source.followLogs;
    if (follow === undefined) return;
    const controller = new AbortController();
    this.follows.get(key)?.abort();
    this.follows.set(key, controller);
    const current = () => {
      const entry = this.entries.get(key);
      return entry?.state === 'done' && entry.result.ok && !controller.signal.aborted ? entry : undefined;
    };
    void follow
      .call(
        this.source,
        pod,
        { ...(container === '' ? {} : { container }), signal: controller.signal },
        (lines) => {
          const entry = current();
          if (entry === undefined || !entry.result.ok) return;
          const all = [...entry.result.lines, ...lines];
          const kept = all.length > MAX_FOLLOWED_LINES ? all.slice(all.length - MAX_FOLLOWED_LINES) : all;
          this.entries.set(key, { ...entry, result: { ...entry.result, lines: kept } });
          this.version += 1;
          this.onChange();
        },
      )
      .then((end) => {
        const entry = current();
        if (this.follows.get(key) === controller) this.follows.delete(key);
        if (entry === undefined) return;
        this.entries.set(key, {
          ...entry,
          follow: 'ended',
          ...(end.ok ? {} : { followError: end.error }),
        });
        this.version += 1;
        this.onChange();
      });
  }

  /** Pauses following (every stream closes, the lines stay) or lets the next read follow again. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) return;
    for (const [key, controller] of this.follows) {
      controller.abort();
      const entry = this.entries.get(key);
      if (entry?.state === 'done') this.entries.set(key, { ...entry, follow: 'paused' });
    }
    this.follows.clear();
    this.version += 1;
  }

  /** Drops what is held for the Pod: its logs are read again when next shown. */
  forget(pod: Ref): void {
    const prefix = JSON.stringify([refKey(pod)]).slice(0, -1);
    for (const key of [...this.entries.keys()]) {
      if (!key.startsWith(`${prefix},`)) continue;
      this.entries.delete(key);
      this.follows.get(key)?.abort();
      this.follows.delete(key);
    }
    this.version += 1;
  }

  close(): void {
    this.closed = true;
    for (const controller of this.follows.values()) controller.abort();
    this.follows.clear();
    this.entries.clear();
  }
}
