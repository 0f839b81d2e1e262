/**
 * Logs read through the DataSource, kept while the UI shows them: `read` answers at once (the
 * entry, or `loading` after starting the read) and the UI is told when a read lands. Keyed by
 * Pod, container and instance; a few entries at most; `forget` makes the next read fresh.
 */
import { type Ref, refKey } from '@strata/core';
import type { DataSource, LogsOptions } from './data-source.ts';
import type { LogsEntry } from './view-models/logs.ts';

const MAX_ENTRIES = 16;

export interface LogsAsk {
  readonly container?: string | undefined;
  readonly previous?: boolean | undefined;
}

export class LogsStore {
  private readonly entries = new Map<string, LogsEntry>();
  private readonly source: Pick<DataSource, 'logs'>;
  private readonly onChange: () => void;
  private readonly tailLines: number;
  /** Moves on every change: the UI recomputes the view when it does. */
  version = 0;
  private closed = false;

  constructor(source: Pick<DataSource, 'logs'>, onChange: () => void, tailLines = 100) {
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
        this.entries.set(key, { state: 'done', result });
        this.version += 1;
        this.onChange();
      });
    return loading;
  }

  /** Drops what is held for the Pod: its logs are read again when next shown. */
  forget(pod: Ref): void {
    const prefix = JSON.stringify([refKey(pod)]).slice(0, -1);
    for (const key of [...this.entries.keys()]) if (key.startsWith(`${prefix},`)) this.entries.delete(key);
    this.version += 1;
  }

  close(): void {
    this.closed = true;
    this.entries.clear();
  }
}
