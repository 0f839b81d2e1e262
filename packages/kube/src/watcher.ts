/**
 * List + watch of one resource in one scope (all namespaces, or one), feeding a sink (the
 * ClusterModel) one object at a time, the way client-go's reflector does:
 * - a streaming list where the server has one (Kubernetes 1.32+ by default): a WATCH with
 *   `sendInitialEvents=true` sends every object from the server's watch cache as ADDED, then a
 *   BOOKMARK marked `k8s.io/initial-events-end`, and goes on as the watch. One request instead of
 *   a LIST page per 500 objects (pages after the first are read from etcd: 2–3× slower at 5,000
 *   objects), and one object in memory at a time instead of a page. A server that refuses it
 *   (older, the feature off, no watch permission, a stream that ends before the bookmark) gets:
 * - a paginated LIST (limit + continue), whose resourceVersion starts the WATCH;
 * - a WATCH with allowWatchBookmarks, resumed from the last resourceVersion seen (an object's or
 *   a bookmark's) whenever the stream ends or breaks;
 * - a 410 Gone (resource version too old, as an HTTP status or an ERROR event) relists, and
 *   objects that disappeared meanwhile are removed from the sink;
 * - any other failure waits (capped exponential backoff with jitter) and tries again; nothing
 *   stops silently: only `stop`, a 403 (forbidden) or a 404 (the kind is no longer served) ends
 *   the loop, and each says so.
 */

import {
  apiVersionOf,
  asArray,
  asName,
  asRecord,
  type ClusterResource,
  collectionPath,
  field,
  type JsonRecord,
  prepareObject,
} from '@strata/core';
import { Backoff, sleep as defaultSleep } from './backoff.ts';
import { isRetryable, KubeApiError, TransportError } from './errors.ts';
import { type KubeTransport, type RawWatchEvent, requestOk } from './transport.ts';

/** Where objects go: ClusterModel has both methods. */
export interface ObjectSink {
  upsert(object: unknown): unknown;
  remove(object: unknown): unknown;
}

export interface WatchTarget {
  readonly resource: ClusterResource;
  /** Undefined: all namespaces. */
  readonly namespace?: string | undefined;
}

export type WatcherPhase =
  /** The first LIST is under way. */
  | 'listing'
  /** A watch stream is open. */
  | 'watching'
  /** Waiting before the next attempt, after an error. */
  | 'retrying'
  /** Listing again after the watch lost its place (410) or after an error during a list. */
  | 'relisting'
  /** Ended: listed once (once mode). */
  | 'done'
  /** Ended: 403. */
  | 'forbidden'
  /** Ended: 404, the resource is not served. */
  | 'missing'
  /** Ended: once mode gave up. */
  | 'failed'
  | 'stopped';

export interface ObjectId {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export type WatcherEvent =
  | { readonly type: 'phase'; readonly phase: WatcherPhase; readonly message?: string }
  /** A full list was applied to the sink. */
  | { readonly type: 'synced'; readonly objects: number; readonly removed: number }
  | { readonly type: 'changed'; readonly change: 'upsert' | 'remove'; readonly object: ObjectId }
  | { readonly type: 'relist'; readonly reason: string }
  | { readonly type: 'retry'; readonly message: string; readonly delayMs: number };

export type WatcherOutcome =
  | { readonly type: 'done' }
  | { readonly type: 'stopped' }
  | { readonly type: 'forbidden'; readonly message: string }
  | { readonly type: 'missing'; readonly message: string }
  | { readonly type: 'failed'; readonly error: unknown };

export interface WatcherOptions {
  readonly transport: KubeTransport;
  readonly sink: ObjectSink;
  /** `once`: list, apply, end (strata report). `watch`: list, then watch until stopped. */
  readonly mode: 'once' | 'watch';
  readonly onEvent?: (event: WatcherEvent) => void;
  /** LIST page size, default 500. */
  readonly pageSize?: number;
  /** The watch's server-side timeoutSeconds; default a random 5 to 10 minutes, as client-go. */
  readonly watchTimeoutSeconds?: () => number;
  readonly backoff?: Backoff;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  /** A watch open this long counts as healthy: the backoff starts over. Default 5 s. */
  readonly healthyAfterMs?: number;
  /** Once mode: attempts per list before giving up on a retryable error. Default 3. */
  readonly attempts?: number;
  /** Try a streaming list first (default true); false always lists page by page. */
  readonly streamingList?: boolean;
  /**
   * How long a streaming list may send nothing at all before the server is taken not to do
   * them (a proxy that drops the parameter leaves a plain, quiet watch); default 10 s.
   */
  readonly streamingFirstEventMs?: number;
}

/** The annotation on the BOOKMARK that ends a streaming list's initial events. */
const INITIAL_EVENTS_END = 'k8s.io/initial-events-end';

/** A streaming list the server will not give: list page by page from now on. */
class StreamingUnavailable extends Error {}

/** Answers that say the server (or the user's rights) does not allow a streaming list. */
function refusesStreaming(error: unknown): boolean {
  return error instanceof KubeApiError && [400, 403, 405, 406, 415, 422, 501].includes(error.status);
}

/** The resource version expired: list again. */
class GoneError extends Error {}

function isGone(error: unknown): boolean {
  return error instanceof GoneError || (error instanceof KubeApiError && error.status === 410);
}

function isGoneStatus(value: unknown): boolean {
  const record = asRecord(value);
  return record?.code === 410 || record?.reason === 'Expired' || record?.reason === 'Gone';
}

function describeError(error: unknown): string {
  if (error instanceof KubeApiError) {
    return `${error.status}${error.reason === undefined ? '' : ` ${error.reason}`}: ${error.serverMessage}`;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

export class ResourceWatcher {
  readonly target: WatchTarget;
  private readonly options: WatcherOptions;
  private readonly backoff: Backoff;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly path: string;
  /** `namespace/name` of every object it put in the sink (a stub to remove one is made from it). */
  private held = new Set<string>();
  private resourceVersion: string | undefined;
  private currentPhase: WatcherPhase = 'listing';
  private down: number | undefined;
  private synced = false;
  /** Whether to try a streaming list; off for good once the server refused one. */
  private streaming: boolean;

  constructor(target: WatchTarget, options: WatcherOptions) {
    this.target = target;
    this.options = options;
    this.backoff = options.backoff ?? new Backoff();
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.path = collectionPath(target.resource, target.namespace);
    this.streaming = options.streamingList ?? true;
  }

  get phase(): WatcherPhase {
    return this.currentPhase;
  }

  /** When the watcher lost its stream (undefined while watching or before its first list). */
  get downSince(): number | undefined {
    return this.down;
  }

  /** Whether a full list has been applied. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** How many objects it currently holds in the sink. */
  get size(): number {
    return this.held.size;
  }

  /** The last resource version seen (list, object or bookmark). */
  get lastResourceVersion(): string | undefined {
    return this.resourceVersion;
  }

  private emit(event: WatcherEvent): void {
    this.options.onEvent?.(event);
  }

  private setPhase(phase: WatcherPhase, message?: string): void {
    if (phase === 'watching' || phase === 'done') this.down = undefined;
    else if ((phase === 'retrying' || phase === 'relisting') && this.synced) this.down ??= this.now();
    if (phase === this.currentPhase && message === undefined) return;
    this.currentPhase = phase;
    this.emit(message === undefined ? { type: 'phase', phase } : { type: 'phase', phase, message });
  }

  private selectors(): Record<string, string> {
    const { fieldSelector } = this.target.resource;
    return fieldSelector === undefined ? {} : { fieldSelector };
  }

  /** The stub of a held object from its `namespace/name` (neither may hold a slash). */
  private stubOf(key: string): JsonRecord {
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    return {
      apiVersion: apiVersionOf(this.target.resource),
      kind: this.target.resource.kind,
      metadata: { name: key.slice(slash + 1), ...(namespace === '' ? {} : { namespace }) },
    };
  }

  private idOf(object: JsonRecord): ObjectId {
    const namespace = asName(field(object, 'metadata', 'namespace'));
    const name = asName(field(object, 'metadata', 'name')) ?? '';
    return { kind: this.target.resource.kind, ...(namespace === undefined ? {} : { namespace }), name };
  }

  private static key(object: JsonRecord): string | undefined {
    const name = asName(field(object, 'metadata', 'name'));
    if (name === undefined) return undefined;
    return `${asName(field(object, 'metadata', 'namespace')) ?? ''}/${name}`;
  }

  /** An object from the server, trimmed, with its key; undefined for one without a name. */
  private prepared(raw: unknown): { readonly key: string; readonly object: JsonRecord } | undefined {
    const object = prepareObject(this.target.resource, raw);
    const key = object === undefined ? undefined : ResourceWatcher.key(object);
    return object === undefined || key === undefined ? undefined : { key, object };
  }

  /** Hands an object from the server to the sink. */
  private upsert(raw: unknown): { readonly key: string; readonly object: JsonRecord } | undefined {
    const prepared = this.prepared(raw);
    if (prepared !== undefined) this.options.sink.upsert(prepared.object);
    return prepared;
  }

  /** Takes an object the server deleted out of the sink. */
  private remove(raw: unknown): { readonly key: string; readonly object: JsonRecord } | undefined {
    const prepared = this.prepared(raw);
    if (prepared !== undefined) this.options.sink.remove(this.stubOf(prepared.key));
    return prepared;
  }

  /** Paginated LIST; each page goes to the sink at once, objects gone since are removed at the end. */
  private async list(signal: AbortSignal): Promise<void> {
    const fresh = new Set<string>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const body = await requestOk(this.options.transport, {
        method: 'GET',
        path: this.path,
        query: {
          ...this.selectors(),
          limit: String(this.options.pageSize ?? 500),
          ...(continueToken === undefined ? {} : { continue: continueToken }),
        },
        signal,
      });
      for (const item of asArray(field(body, 'items'))) {
        const upserted = this.upsert(item);
        if (upserted !== undefined) fresh.add(upserted.key);
      }
      resourceVersion = asName(field(body, 'metadata', 'resourceVersion'));
      continueToken = asName(field(body, 'metadata', 'continue'));
    } while (continueToken !== undefined && !signal.aborted);
    this.listed(fresh, resourceVersion);
  }

  /** A full list arrived: objects held from before and not in it are gone. */
  private listed(fresh: Set<string>, resourceVersion: string | undefined): void {
    let removed = 0;
    for (const key of this.held) {
      if (fresh.has(key)) continue;
      this.options.sink.remove(this.stubOf(key));
      removed += 1;
    }
    this.held = fresh;
    this.resourceVersion = resourceVersion;
    this.synced = true;
    this.emit({ type: 'synced', objects: fresh.size, removed });
  }

  private openWatch(
    signal: AbortSignal,
    query: Record<string, string>,
  ): Promise<AsyncIterable<RawWatchEvent>> {
    const timeoutSeconds = this.options.watchTimeoutSeconds?.() ?? 300 + Math.floor(Math.random() * 300);
    return this.options.transport.watch({
      method: 'GET',
      path: this.path,
      query: {
        ...this.selectors(),
        allowWatchBookmarks: 'true',
        timeoutSeconds: String(timeoutSeconds),
        ...query,
      },
      signal,
    });
  }

  /**
   * A streaming list: the initial events go to the sink like a list's items; at the bookmark
   * that ends them, objects held from before and not sent are removed. Returns the stream,
   * positioned after that bookmark, to go on watching (watch mode); undefined in once mode.
   * StreamingUnavailable when the server refuses it or ends the stream before the bookmark.
   */
  private async streamList(signal: AbortSignal): Promise<AsyncIterator<RawWatchEvent> | undefined> {
    // Its own signal: a stream given up on must close even while an event is awaited.
    const giveUp = new AbortController();
    let stream: AsyncIterable<RawWatchEvent>;
    try {
      stream = await this.openWatch(AbortSignal.any([signal, giveUp.signal]), {
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
      });
    } catch (error) {
      if (refusesStreaming(error)) throw new StreamingUnavailable(describeError(error));
      throw error;
    }
    const events = stream[Symbol.asyncIterator]();
    try {
      return await this.initialEvents(events, signal);
    } catch (error) {
      giveUp.abort();
      await events.return?.().catch(() => undefined);
      throw error;
    }
  }

  private async initialEvents(
    events: AsyncIterator<RawWatchEvent>,
    signal: AbortSignal,
  ): Promise<AsyncIterator<RawWatchEvent> | undefined> {
    const fresh = new Set<string>();
    for (let first = true; ; first = false) {
      const next = first ? await this.firstEvent(events) : await events.next();
      if (next.done === true) {
        if (signal.aborted) return undefined;
        throw new StreamingUnavailable('the stream ended before the end of its initial events');
      }
      const event = next.value;
      const version = asName(field(event.object, 'metadata', 'resourceVersion'));
      if (event.type === 'BOOKMARK') {
        if (asName(field(event.object, 'metadata', 'annotations', INITIAL_EVENTS_END)) !== 'true') continue;
        this.listed(fresh, version);
        if (this.options.mode === 'once') {
          await events.return?.();
          return undefined;
        }
        return events;
      }
      if (event.type === 'ADDED' || event.type === 'MODIFIED') {
        const upserted = this.upsert(event.object);
        if (upserted !== undefined) fresh.add(upserted.key);
        continue;
      }
      if (event.type === 'DELETED') {
        const removed = this.remove(event.object);
        if (removed !== undefined) fresh.delete(removed.key);
        continue;
      }
      // An ERROR event (a refusal sent as one, or 410) is handled as a failed watch.
      this.handle(event);
    }
  }

  /** The stream's first event, or StreamingUnavailable when none comes in time. */
  private async firstEvent(events: AsyncIterator<RawWatchEvent>): Promise<IteratorResult<RawWatchEvent>> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const quiet = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StreamingUnavailable('the streaming list sent nothing')),
        this.options.streamingFirstEventMs ?? 10_000,
      );
    });
    try {
      return await Promise.race([events.next(), quiet]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Applies one watch event; true when it shows the stream is alive (anything but ERROR). */
  private handle(event: RawWatchEvent): boolean {
    const version = asName(field(event.object, 'metadata', 'resourceVersion'));
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED': {
        const upserted = this.upsert(event.object);
        if (upserted === undefined) return true;
        this.held.add(upserted.key);
        if (version !== undefined) this.resourceVersion = version;
        this.emit({ type: 'changed', change: 'upsert', object: this.idOf(upserted.object) });
        return true;
      }
      case 'DELETED': {
        const removed = this.remove(event.object);
        if (removed === undefined) return true;
        this.held.delete(removed.key);
        if (version !== undefined) this.resourceVersion = version;
        this.emit({ type: 'changed', change: 'remove', object: this.idOf(removed.object) });
        return true;
      }
      case 'BOOKMARK':
        if (version !== undefined) this.resourceVersion = version;
        return true;
      case 'ERROR': {
        if (isGoneStatus(event.object)) {
          throw new GoneError(asName(field(event.object, 'message')) ?? 'resource version too old');
        }
        const code = field(event.object, 'code');
        throw new KubeApiError(typeof code === 'number' ? code : 500, event.object, `watch ${this.path}`);
      }
      default:
        return false;
    }
  }

  /** Removes everything this watcher put in the sink. */
  clear(): void {
    for (const key of this.held) this.options.sink.remove(this.stubOf(key));
    this.held.clear();
  }

  private async wait(delayMs: number, message: string, signal: AbortSignal): Promise<void> {
    this.setPhase('retrying', message);
    this.emit({ type: 'retry', message, delayMs });
    await this.sleep(delayMs, signal);
  }

  /** Runs until stopped (watch mode) or listed (once mode); never rejects. */
  async run(signal: AbortSignal): Promise<WatcherOutcome> {
    const { mode } = this.options;
    const healthyAfterMs = this.options.healthyAfterMs ?? 5_000;
    let needList = true;
    let goneStreak = 0;
    let failures = 0;
    while (!signal.aborted) {
      let openedAt: number | undefined;
      let received = 0;
      try {
        let events: AsyncIterator<RawWatchEvent> | undefined;
        if (needList) {
          this.setPhase(this.synced ? 'relisting' : 'listing');
          if (this.streaming) {
            try {
              events = await this.streamList(signal);
            } catch (error) {
              if (!(error instanceof StreamingUnavailable)) throw error;
              // Page by page from now on; this attempt goes on with a LIST at once.
              this.streaming = false;
            }
          }
          if (!this.streaming) await this.list(signal);
          needList = false;
          if (mode === 'once') {
            this.setPhase('done');
            return { type: 'done' };
          }
          if (events !== undefined) received += 1;
        }
        if (events === undefined) {
          const stream = await this.openWatch(
            signal,
            this.resourceVersion === undefined ? {} : { resourceVersion: this.resourceVersion },
          );
          events = stream[Symbol.asyncIterator]();
        }
        openedAt = this.now();
        this.setPhase('watching');
        try {
          for (let next = await events.next(); next.done !== true; next = await events.next()) {
            if (this.handle(next.value)) {
              received += 1;
              goneStreak = 0;
            }
          }
        } finally {
          // As `for await` would: a failed event closes the connection.
          await events.return?.();
        }
        if (signal.aborted) break;
        // The server ended the stream (timeoutSeconds, a restart): resume at once if it was
        // healthy, else count it as a failure.
        if (received > 0 || this.now() - openedAt >= healthyAfterMs) {
          this.backoff.reset();
          continue;
        }
        throw new TransportError('network', 'the watch stream closed as soon as it opened');
      } catch (error) {
        if (signal.aborted) break;
        if (openedAt !== undefined && (received > 0 || this.now() - openedAt >= healthyAfterMs)) {
          this.backoff.reset();
        }
        if (isGone(error)) {
          needList = true;
          goneStreak += 1;
          const reason = error instanceof Error ? error.message : 'resource version too old';
          this.emit({ type: 'relist', reason });
          this.setPhase('relisting');
          if (goneStreak > 1) await this.wait(this.backoff.next(), `relisting again: ${reason}`, signal);
          continue;
        }
        if (error instanceof KubeApiError && error.status === 403) {
          this.clear();
          this.setPhase('forbidden', error.serverMessage);
          return { type: 'forbidden', message: error.serverMessage };
        }
        if (error instanceof KubeApiError && error.status === 404) {
          this.clear();
          this.setPhase('missing', error.serverMessage);
          return { type: 'missing', message: error.serverMessage };
        }
        if (mode === 'once') {
          failures += 1;
          const fatal =
            !isRetryable(error) ||
            (error instanceof KubeApiError && error.status === 401) ||
            failures >= (this.options.attempts ?? 3);
          if (fatal) {
            this.setPhase('failed', describeError(error));
            return { type: 'failed', error };
          }
        }
        await this.wait(this.backoff.next(), describeError(error), signal);
      }
    }
    this.setPhase('stopped');
    return { type: 'stopped' };
  }
}
