/**
 * A fake API server behind the KubeTransport interface, for unit tests: collections of objects
 * with resource versions, paginated LIST (limit + continue), field selectors on metadata.name
 * and type, WATCH streams the test can feed, end or break, and per-path 403s. Streaming lists
 * (`sendInitialEvents=true`) are refused with a 422 as a server without them does, unless
 * `streamingLists` is on.
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonRecord } from '@strata/core';
import { KubeApiError } from './errors.ts';
import type { ResolvedKubeconfig } from './kubeconfig.ts';
import type { KubeRequest, KubeResponse, KubeTransport, RawWatchEvent } from './transport.ts';

/** A watch stream a test drives: push events, end it cleanly, or break it. */
export class FakeStream implements AsyncIterable<RawWatchEvent> {
  private readonly buffered: RawWatchEvent[] = [];
  private ended = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  closed = false;

  /** Whether events pushed now would be delivered. */
  get open(): boolean {
    return !this.closed && !this.ended && this.failure === undefined;
  }

  constructor(signal?: AbortSignal) {
    signal?.addEventListener(
      'abort',
      () => this.fail(Object.assign(new Error('aborted'), { name: 'AbortError' })),
      {
        once: true,
      },
    );
  }

  push(...events: RawWatchEvent[]): void {
    if (this.ended || this.failure !== undefined) return; // nothing arrives on a closed connection
    this.buffered.push(...events);
    this.wake?.();
  }

  /** The server closes the stream (timeoutSeconds). */
  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** The connection breaks. */
  fail(error: unknown): void {
    this.failure ??= error;
    this.buffered.length = 0;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RawWatchEvent> {
    try {
      for (;;) {
        const next = this.buffered.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.failure !== undefined) throw this.failure;
        if (this.ended) return;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
      }
    } finally {
      this.closed = true;
    }
  }
}

export interface OpenWatch {
  readonly request: KubeRequest;
  readonly stream: FakeStream;
  /** Collection key (`/apis/g/v/plural`) and namespace of the watch. */
  readonly collection: string;
  readonly namespace: string | undefined;
}

interface ParsedPath {
  readonly collection: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
}

/** `/apis/g/v/namespaces/ns/plural/name` → collection `/apis/g/v/plural`, namespace, name. */
export function parsePath(path: string): ParsedPath {
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const prefixLength = parts[0] === 'api' ? 2 : 3;
  const prefix = parts.slice(0, prefixLength);
  let rest = parts.slice(prefixLength);
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  return { collection: `/${[...prefix, rest[0]].join('/')}`, namespace, name: rest[1] };
}

function status(code: number, reason: string, message: string): KubeResponse {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code },
  };
}

function matchesSelector(object: JsonRecord, selector: string | undefined): boolean {
  if (selector === undefined) return true;
  return selector.split(',').every((term) => {
    const [path = '', value] = term.split('=');
    const actual = path.split('.').reduce<unknown>((v, k) => (v as JsonRecord | undefined)?.[k], object);
    return actual === value;
  });
}

export class FakeApi implements KubeTransport {
  resourceVersion = 100;
  readonly requests: KubeRequest[] = [];
  readonly watches: OpenWatch[] = [];
  /** Collection → `namespace/name` → object. */
  private readonly store = new Map<string, Map<string, JsonRecord>>();
  private readonly watchWaiters: (() => void)[] = [];
  /** Return a response to answer a request instead of the store (403s, 500s, 410s…). */
  intercept: (request: KubeRequest, parsed: ParsedPath) => KubeResponse | Error | undefined = () => undefined;
  private log: {
    rv: number;
    collection: string;
    namespace: string | undefined;
    type: string;
    object: JsonRecord;
  }[] = [];
  /** Watches from before this resource version get 410 Gone. */
  private compactedAt = 0;
  /** Answer to discovery paths (`/apis`, `/apis/g/v`). */
  discovery = new Map<string, unknown>();
  /**
   * Watches with `sendInitialEvents=true`: served (true), refused with 422 (false), or taken as
   * a plain watch, with no initial events (`quiet`: a proxy that drops the parameter).
   */
  streamingLists: boolean | 'quiet' = false;

  private collection(key: string): Map<string, JsonRecord> {
    let map = this.store.get(key);
    if (map === undefined) {
      map = new Map();
      this.store.set(key, map);
    }
    return map;
  }

  private notify(collection: string, namespace: string | undefined, type: string, object: JsonRecord): void {
    this.log.push({ rv: this.resourceVersion, collection, namespace, type, object: structuredClone(object) });
    for (const watch of this.watches) {
      if (watch.collection !== collection || !watch.stream.open) continue;
      if (watch.namespace !== undefined && watch.namespace !== namespace) continue;
      if (!matchesSelector(object, watch.request.query?.fieldSelector)) continue;
      watch.stream.push({ type, object: structuredClone(object) });
    }
  }

  /** Creates or replaces an object at `/apis/g/v/plural` (namespace from its metadata). */
  put(collection: string, object: JsonRecord): JsonRecord {
    const metadata = { ...(object.metadata as JsonRecord) };
    this.resourceVersion += 1;
    metadata.resourceVersion = String(this.resourceVersion);
    const stored = { ...object, metadata };
    const namespace = metadata.namespace as string | undefined;
    const key = `${namespace ?? ''}/${String(metadata.name)}`;
    const map = this.collection(collection);
    const type = map.has(key) ? 'MODIFIED' : 'ADDED';
    map.set(key, stored);
    this.notify(collection, namespace, type, stored);
    return stored;
  }

  delete(collection: string, namespace: string | undefined, name: string): void {
    const map = this.collection(collection);
    const key = `${namespace ?? ''}/${name}`;
    const object = map.get(key);
    if (object === undefined) return;
    map.delete(key);
    this.resourceVersion += 1;
    const gone = {
      ...object,
      metadata: { ...(object.metadata as JsonRecord), resourceVersion: String(this.resourceVersion) },
    };
    this.notify(collection, namespace, 'DELETED', gone);
  }

  /** Forgets the event history, as etcd compaction does: older watches get 410. */
  compact(): void {
    this.compactedAt = this.resourceVersion;
    this.log = [];
  }

  /** Sends a BOOKMARK at the current resource version to every open watch. */
  bookmark(): void {
    for (const watch of this.watches) {
      if (watch.stream.open) {
        watch.stream.push({
          type: 'BOOKMARK',
          object: { metadata: { resourceVersion: String(this.resourceVersion) } },
        });
      }
    }
  }

  /** Resolves once at least `count` watches have been opened in all. */
  async watchOpened(count: number): Promise<OpenWatch> {
    while (this.watches.length < count) await new Promise<void>((resolve) => this.watchWaiters.push(resolve));
    return this.watches[count - 1]!;
  }

  openWatches(): OpenWatch[] {
    return this.watches.filter((w) => w.stream.open);
  }

  async request(request: KubeRequest): Promise<KubeResponse> {
    this.requests.push(request);
    await Promise.resolve();
    if (request.signal?.aborted === true) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    if (this.discovery.has(request.path))
      return { status: 200, body: structuredClone(this.discovery.get(request.path)) };
    const parsed = parsePath(request.path);
    const intercepted = this.intercept(request, parsed);
    if (intercepted instanceof Error) throw intercepted;
    if (intercepted !== undefined) return intercepted;
    const map = this.collection(parsed.collection);
    if (parsed.name !== undefined) {
      const object = map.get(`${parsed.namespace ?? ''}/${parsed.name}`);
      return object === undefined
        ? status(404, 'NotFound', `${parsed.collection} "${parsed.name}" not found`)
        : { status: 200, body: structuredClone(object) };
    }
    const items = this.items(parsed, request);
    const limit = Number(request.query?.limit ?? items.length) || items.length;
    const start = Number(request.query?.continue ?? 0);
    const page = items.slice(start, start + limit);
    const more = start + limit < items.length;
    // List items carry no apiVersion/kind, as the API server sends built-in types.
    const bare = page.map(({ apiVersion: _a, kind: _k, ...rest }) => structuredClone(rest));
    return {
      status: 200,
      body: {
        kind: 'List',
        metadata: {
          resourceVersion: String(this.resourceVersion),
          ...(more ? { continue: String(start + limit) } : {}),
        },
        items: bare,
      },
    };
  }

  /** The collection's objects a request's path and field selector name, in name order. */
  private items(parsed: ParsedPath, request: KubeRequest): JsonRecord[] {
    return [...this.collection(parsed.collection).values()]
      .filter(
        (o) => parsed.namespace === undefined || (o.metadata as JsonRecord).namespace === parsed.namespace,
      )
      .filter((o) => matchesSelector(o, request.query?.fieldSelector))
      .sort((a, b) =>
        `${(a.metadata as JsonRecord).namespace}/${(a.metadata as JsonRecord).name}` <
        `${(b.metadata as JsonRecord).namespace}/${(b.metadata as JsonRecord).name}`
          ? -1
          : 1,
      );
  }

  async watch(request: KubeRequest): Promise<AsyncIterable<RawWatchEvent>> {
    this.requests.push(request);
    await Promise.resolve();
    const parsed = parsePath(request.path);
    const intercepted = this.intercept(request, parsed);
    if (intercepted instanceof Error) throw intercepted;
    if (intercepted !== undefined && intercepted.status !== 200) {
      throw new KubeApiError(intercepted.status, intercepted.body, `watch ${request.path}`);
    }
    const stream = new FakeStream(request.signal);
    const from = Number(request.query?.resourceVersion ?? this.resourceVersion);
    if (request.query?.sendInitialEvents === 'true' && this.streamingLists !== 'quiet') {
      if (!this.streamingLists) {
        const refused = status(
          422,
          'Invalid',
          'sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled',
        );
        throw new KubeApiError(422, refused.body, `watch ${request.path}`);
      }
      // Every object as ADDED, then the bookmark that ends the initial events; then a watch.
      for (const object of this.items(parsed, request))
        stream.push({ type: 'ADDED', object: structuredClone(object) });
      stream.push({
        type: 'BOOKMARK',
        object: {
          metadata: {
            resourceVersion: String(this.resourceVersion),
            annotations: { 'k8s.io/initial-events-end': 'true' },
          },
        },
      });
    } else if (from < this.compactedAt) {
      stream.push({
        type: 'ERROR',
        object: gone(`too old resource version: ${from} (${this.compactedAt})`).body,
      });
    } else {
      // Replay what happened since the requested version, as the watch cache does.
      for (const entry of this.log) {
        if (entry.rv <= from || entry.collection !== parsed.collection) continue;
        if (parsed.namespace !== undefined && entry.namespace !== parsed.namespace) continue;
        if (!matchesSelector(entry.object, request.query?.fieldSelector)) continue;
        stream.push({ type: entry.type, object: structuredClone(entry.object) });
      }
    }
    this.watches.push({ request, stream, collection: parsed.collection, namespace: parsed.namespace });
    for (const wake of this.watchWaiters.splice(0)) wake();
    return stream;
  }
}

export function forbidden(message: string): KubeResponse {
  return status(403, 'Forbidden', message);
}

export function gone(message = 'too old resource version: 1 (200)'): KubeResponse {
  return status(410, 'Expired', message);
}

/** Lets pending promise callbacks run (a few macrotask turns). */
export async function flush(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A kubeconfig for a ClusterSource whose transport is a FakeApi (never dialled). */
export const FAKE_KUBECONFIG: ResolvedKubeconfig = {
  connection: {
    cluster: { name: 'test', server: 'https://127.0.0.1:6443', insecureSkipTlsVerify: false },
  },
  context: 'test',
  cluster: 'test',
  user: 'me',
  server: 'https://127.0.0.1:6443',
  namespace: 'default',
  namespaceExplicit: false,
  files: [],
};

/** The same as a kubeconfig file in `dir` (for what loads one: openLiveSource, clusterReport); its path. */
export function writeFakeKubeconfig(dir: string): string {
  const path = join(dir, 'config');
  writeFileSync(
    path,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: test',
      'clusters: [{name: test, cluster: {server: "https://127.0.0.1:6443"}}]',
      'users: [{name: me, user: {token: abc}}]',
      'contexts: [{name: test, context: {cluster: test, user: me}}]',
    ].join('\n'),
  );
  return path;
}
