/**
 * Every list+watch strata needs, run together against one sink, with one connection state:
 * - `connecting` until every resource has been listed once (or found hidden);
 * - `live` while every watch is open;
 * - `reconnecting` while some watch is re-establishing, `stale` once one has been down longer
 *   than `staleAfterMs` (what is shown may be out of date);
 * - `stopped` after stop().
 *
 * RBAC: when a resource cannot be listed in all namespaces (403), it is read namespace by
 * namespace instead (the namespaces listed, or only the context's namespace when even that is
 * forbidden); each namespace still forbidden becomes a `hidden` entry with the server's reason.
 * Nothing forbidden is fatal.
 */

import { asArray, asName, type ClusterResource, collectionPath, field, NAMESPACES } from '@strata/core';
import type { Backoff } from './backoff.ts';
import type { HiddenEntry } from './coverage.ts';
import { KubeApiError, TransportError } from './errors.ts';
import { type KubeTransport, requestOk } from './transport.ts';
import {
  type ObjectSink,
  ResourceWatcher,
  type WatcherEvent,
  type WatcherOutcome,
  type WatchTarget,
} from './watcher.ts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'stopped';

export type WatchSetEvent =
  | { readonly type: 'state'; readonly state: ConnectionState }
  | { readonly type: 'hidden'; readonly entry: HiddenEntry }
  /** What one watcher reported; `scope` is `Kind in all namespaces` or `Kind in namespace x`. */
  | {
      readonly type: 'watcher';
      readonly kind: string;
      readonly namespace?: string;
      readonly event: WatcherEvent;
    };

export type WatchSetListener = (event: WatchSetEvent) => void;

export interface WatchSetOptions {
  readonly transport: KubeTransport;
  readonly sink: ObjectSink;
  readonly resources: readonly ClusterResource[];
  readonly mode: 'once' | 'watch';
  /** Read only this namespace (`-n`). */
  readonly namespace?: string;
  /** When namespaces cannot be listed, the one namespace tried for forbidden resources. */
  readonly fallbackNamespace?: string;
  /** Down this long makes the state `stale`; default 30 s. */
  readonly staleAfterMs?: number;
  /** Once mode: how many lists run at a time; default 6. */
  readonly concurrency?: number;
  readonly pageSize?: number;
  readonly watchTimeoutSeconds?: () => number;
  readonly healthyAfterMs?: number;
  readonly attempts?: number;
  readonly newBackoff?: () => Backoff;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  /** Timers for the stale check; global ones by default. */
  readonly setTimer?: (callback: () => void, ms: number) => () => void;
}

/** A list in once mode failed because the server or the credentials are gone. */
export class ListFailedError extends Error {
  override readonly cause: unknown;
  constructor(scope: string, cause: unknown) {
    super(`${scope}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ListFailedError';
    this.cause = cause;
  }
}

function scopeOf(target: WatchTarget): string {
  return target.namespace === undefined
    ? `${target.resource.kind} in all namespaces`
    : `${target.resource.kind} in namespace ${target.namespace}`;
}

const ENDED: ReadonlySet<string> = new Set(['forbidden', 'missing', 'failed', 'done', 'stopped']);

function defaultTimer(callback: () => void, ms: number): () => void {
  const timer = setTimeout(callback, ms);
  timer.unref?.();
  return () => clearTimeout(timer);
}

export class WatchSet {
  private readonly options: WatchSetOptions;
  private readonly controller = new AbortController();
  private readonly watchers = new Set<ResourceWatcher>();
  private readonly running = new Set<Promise<void>>();
  private readonly listeners = new Set<WatchSetListener>();
  private readonly hiddenEntries: HiddenEntry[] = [];
  private readonly failures: ListFailedError[] = [];
  private namespaces: Promise<{ names: string[] } | { forbidden: string }> | undefined;
  private currentState: ConnectionState = 'connecting';
  private cancelStaleTimer: (() => void) | undefined;
  private queue: (() => void)[] = [];
  private active = 0;
  private started = false;
  private readonly syncWaiters: (() => void)[] = [];
  /** Forbidden kinds being expanded into per-namespace watchers. */
  private expanding = 0;
  /** Resources read namespace by namespace: how many namespaces, which of them forbidden. */
  private readonly expansions = new Map<ClusterResource, { total: number; forbidden: HiddenEntry[] }>();

  constructor(options: WatchSetOptions) {
    this.options = options;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** What could not be read, and why. */
  get hidden(): readonly HiddenEntry[] {
    return this.hiddenEntries;
  }

  subscribe(listener: WatchSetListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private emit(event: WatchSetEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not stop the watches.
      }
    }
  }

  /** Starts every list (+watch); returns at once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const resource of this.options.resources) {
      this.spawn({ resource, namespace: resource.namespaced ? this.options.namespace : undefined });
    }
    this.updateState();
  }

  /**
   * Once mode: lists everything, then resolves. Rejects with a ListFailedError when the server
   * could not be reached or refused the credentials (401); a resource that fails otherwise
   * (repeated 5xx) or is forbidden is hidden, with the reason.
   */
  async runOnce(): Promise<void> {
    this.start();
    while (this.running.size > 0) await Promise.all([...this.running]);
    const [failure] = this.failures;
    if (failure !== undefined) throw failure;
  }

  /** Resolves when every resource has been listed once or found hidden (or on stop). */
  async synced(): Promise<void> {
    if (this.isSynced() || this.controller.signal.aborted) return;
    await new Promise<void>((resolve) => this.syncWaiters.push(resolve));
  }

  private notifySynced(): void {
    if (this.syncWaiters.length === 0) return;
    if (this.isSynced() || this.controller.signal.aborted)
      for (const resolve of this.syncWaiters.splice(0)) resolve();
  }

  /** Aborts every request and watch; resolves when all loops have ended. */
  async stop(): Promise<void> {
    this.controller.abort();
    this.notifySynced();
    this.cancelStaleTimer?.();
    for (const release of this.queue.splice(0)) release();
    while (this.running.size > 0) await Promise.all([...this.running]);
    this.setState('stopped');
  }

  private isSynced(): boolean {
    return this.expanding === 0 && [...this.watchers].every((w) => w.hasSynced || ENDED.has(w.phase));
  }

  /** Once mode runs at most `concurrency` lists at a time. */
  private async slot(): Promise<() => void> {
    if (this.options.mode === 'watch') return () => {};
    const limit = this.options.concurrency ?? 6;
    if (this.active >= limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active += 1;
    return () => {
      this.active -= 1;
      this.queue.shift()?.();
    };
  }

  private spawn(target: WatchTarget): void {
    const watcher = new ResourceWatcher(target, {
      transport: this.options.transport,
      sink: this.options.sink,
      mode: this.options.mode,
      onEvent: (event) => this.onWatcherEvent(target, event),
      ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
      ...(this.options.watchTimeoutSeconds === undefined
        ? {}
        : { watchTimeoutSeconds: this.options.watchTimeoutSeconds }),
      ...(this.options.healthyAfterMs === undefined ? {} : { healthyAfterMs: this.options.healthyAfterMs }),
      ...(this.options.attempts === undefined ? {} : { attempts: this.options.attempts }),
      ...(this.options.newBackoff === undefined ? {} : { backoff: this.options.newBackoff() }),
      ...(this.options.sleep === undefined ? {} : { sleep: this.options.sleep }),
      ...(this.options.now === undefined ? {} : { now: this.options.now }),
    });
    this.watchers.add(watcher);
    const task = (async () => {
      const release = await this.slot();
      let outcome: WatcherOutcome;
      try {
        if (this.controller.signal.aborted) return;
        outcome = await watcher.run(this.controller.signal);
      } finally {
        release();
      }
      await this.settle(watcher, outcome);
    })();
    const tracked = task.finally(() => {
      this.running.delete(tracked);
      this.updateState();
    });
    this.running.add(tracked);
  }

  private onWatcherEvent(target: WatchTarget, event: WatcherEvent): void {
    const { kind } = target.resource;
    this.emit({
      type: 'watcher',
      kind,
      ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
      event,
    });
    if (event.type === 'phase' || event.type === 'synced') this.updateState();
  }

  private hide(entry: HiddenEntry): void {
    this.hiddenEntries.push(entry);
    this.emit({ type: 'hidden', entry });
  }

  private async settle(watcher: ResourceWatcher, outcome: WatcherOutcome): Promise<void> {
    const { target } = watcher;
    const { kind } = target.resource;
    switch (outcome.type) {
      case 'forbidden': {
        const clusterWide = target.namespace === undefined && target.resource.namespaced;
        if (!clusterWide || this.controller.signal.aborted) {
          const entry: HiddenEntry = {
            kind,
            ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
            cause: 'forbidden',
            reason: outcome.message,
          };
          const expansion = this.expansions.get(target.resource);
          if (expansion === undefined || target.namespace === undefined) {
            this.hide(entry);
            return;
          }
          expansion.forbidden.push(entry);
          if (expansion.forbidden.length < expansion.total) {
            this.hide(entry);
            return;
          }
          // Forbidden in every namespace: one entry says so.
          for (const hidden of expansion.forbidden) {
            const index = this.hiddenEntries.indexOf(hidden);
            if (index >= 0) this.hiddenEntries.splice(index, 1);
          }
          this.hide({
            kind,
            cause: 'forbidden',
            reason: entry.reason.replace(/ in the namespace "[^"]*"/, ''),
          });
          return;
        }
        // Not in all namespaces: try namespace by namespace.
        this.watchers.delete(watcher);
        this.expanding += 1;
        let namespaces: { names: string[] } | { forbidden: string };
        try {
          namespaces = await this.listNamespaces();
        } finally {
          this.expanding -= 1;
        }
        if ('forbidden' in namespaces) {
          const fallback = this.options.fallbackNamespace;
          this.hide({
            kind,
            cause: 'forbidden',
            reason: outcome.message,
            detail: `namespaces cannot be listed either${fallback === undefined ? '' : `, so only namespace ${fallback} is read`}`,
          });
          if (fallback !== undefined) this.spawn({ resource: target.resource, namespace: fallback });
          return;
        }
        this.expansions.set(target.resource, { total: namespaces.names.length, forbidden: [] });
        for (const namespace of namespaces.names) this.spawn({ resource: target.resource, namespace });
        this.updateState();
        return;
      }
      case 'missing':
        this.hide({
          kind,
          ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
          cause: 'error',
          reason: `no longer served: ${outcome.message}`,
        });
        return;
      case 'failed': {
        // The server or the credentials are gone: the whole picture is in doubt.
        const { error } = outcome;
        if (error instanceof TransportError || (error instanceof KubeApiError && error.status === 401)) {
          this.failures.push(new ListFailedError(scopeOf(target), error));
          return;
        }
        // One resource the server fails to serve (a broken conversion webhook, 5xx): say so, go on.
        this.hide({
          kind,
          ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
          cause: 'error',
          reason:
            error instanceof KubeApiError
              ? error.serverMessage
              : error instanceof Error
                ? error.message
                : String(error),
        });
        return;
      }
      default:
        return;
    }
  }

  /** Namespace names (paginated), once per WatchSet; `forbidden` with the server's reason. */
  private listNamespaces(): Promise<{ names: string[] } | { forbidden: string }> {
    this.namespaces ??= (async () => {
      const names: string[] = [];
      let continueToken: string | undefined;
      try {
        do {
          const body = await requestOk(this.options.transport, {
            method: 'GET',
            path: collectionPath(NAMESPACES),
            query: { limit: '500', ...(continueToken === undefined ? {} : { continue: continueToken }) },
            signal: this.controller.signal,
          });
          for (const item of asArray(field(body, 'items'))) {
            const name = asName(field(item, 'metadata', 'name'));
            if (name !== undefined) names.push(name);
          }
          continueToken = asName(field(body, 'metadata', 'continue'));
        } while (continueToken !== undefined);
        return { names: names.sort() };
      } catch (error) {
        if (error instanceof KubeApiError) return { forbidden: error.serverMessage };
        return { forbidden: error instanceof Error ? error.message : String(error) };
      }
    })();
    return this.namespaces;
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit({ type: 'state', state });
  }

  private updateState(): void {
    this.notifySynced();
    if (this.controller.signal.aborted) {
      if (this.running.size === 0) this.setState('stopped');
      return;
    }
    this.cancelStaleTimer?.();
    this.cancelStaleTimer = undefined;
    if (!this.isSynced()) {
      this.setState('connecting');
      return;
    }
    if (this.options.mode === 'once') return;
    const now = (this.options.now ?? Date.now)();
    const staleAfter = this.options.staleAfterMs ?? 30_000;
    const running = [...this.watchers].filter((w) => !ENDED.has(w.phase));
    if (running.every((w) => w.phase === 'watching')) {
      this.setState('live');
      return;
    }
    const downSince = running.map((w) => w.downSince).filter((t): t is number => t !== undefined);
    if (downSince.length === 0) {
      // Listed, and opening the first watches.
      this.setState(this.currentState === 'live' ? 'reconnecting' : 'connecting');
      return;
    }
    const oldest = Math.min(...downSince);
    if (now - oldest >= staleAfter) {
      this.setState('stale');
      return;
    }
    this.setState('reconnecting');
    const setTimer = this.options.setTimer ?? defaultTimer;
    this.cancelStaleTimer = setTimer(() => this.updateState(), staleAfter - (now - oldest));
  }
}
