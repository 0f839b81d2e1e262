/**
 * One resource kept in step with the API server through Headlamp's API layer: a LIST (paged)
 * with `ApiProxy.request`, then a watch from the list's resourceVersion over Headlamp's websocket
 * proxy (`ApiProxy.stream`, the backend holds the credentials). A dropped watch is resumed from
 * the last resourceVersion seen (bookmarks keep it fresh); a 410 Gone (the version is too old)
 * lists again. 403 and 404 end the resource with a note, never the picture.
 *
 * Not the SDK's `useKubeObjectList` / `useWatchKubeObjectLists`: those are React hooks over
 * react-query's cache, and their watch is neither resumed after a drop nor re-listed on 410.
 */
import { ApiProxy } from '@kinvolk/headlamp-plugin/lib';

/** What a list+watch feeds: objects as served (apiVersion and kind may be missing on list items). */
export interface ListWatchSink {
  /** The whole collection, after a (re)list: what is not in `items` is gone. */
  replace(items: readonly Record<string, unknown>[]): void;
  upsert(object: Record<string, unknown>): void;
  remove(object: Record<string, unknown>): void;
  /** The resource cannot be read (RBAC, not served, …): it ends with this note. */
  refused(note: string): void;
}

export interface ListWatchOptions {
  readonly cluster: string;
  /** The collection path, e.g. `/apis/apps/v1/deployments`. */
  readonly path: string;
  readonly fieldSelector?: string;
  /** Items per LIST page. */
  readonly pageSize?: number;
}

interface WatchEvent {
  readonly type?: string;
  readonly object?: Record<string, unknown>;
}

type Stream = { cancel(): void };

const PAGE_SIZE = 500;
const MAX_BACKOFF_MS = 30_000;
/** Failed watches in a row (none of which brought an event) before listing again. */
const FAILURES_BEFORE_RELIST = 4;

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** A short note for a refused request. */
export function refusalOf(error: unknown): string {
  const status = statusOf(error);
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not served';
  return error instanceof Error ? error.message : String(error);
}

function query(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function resourceVersionOf(object: Record<string, unknown> | undefined): string | undefined {
  const version = (object?.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

export class ListWatch {
  private readonly options: ListWatchOptions;
  private readonly sink: ListWatchSink;
  private stopped = false;
  private stream: Stream | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private resourceVersion: string | undefined;
  private failures = 0;
  /** Counts lists and watches started (tests and the bench read them). */
  readonly stats = { lists: 0, watches: 0 };

  constructor(options: ListWatchOptions, sink: ListWatchSink) {
    this.options = options;
    this.sink = sink;
  }

  /** Lists, then watches; resolves when the first list has been handed to the sink (or refused). */
  start(): Promise<void> {
    return this.list();
  }

  stop(): void {
    this.stopped = true;
    this.stream?.cancel();
    this.stream = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async list(): Promise<void> {
    if (this.stopped) return;
    this.stats.lists += 1;
    const items: Record<string, unknown>[] = [];
    let continueToken: string | undefined;
    let version: string | undefined;
    try {
      do {
        const page = await this.request(continueToken);
        if (this.stopped) return;
        for (const item of page.items ?? []) items.push(item);
        continueToken = page.metadata?.continue || undefined;
        version = page.metadata?.resourceVersion;
      } while (continueToken !== undefined);
    } catch (error) {
      if (this.stopped) return;
      const status = statusOf(error);
      // A continue token that expired mid-list (410) lists from the start.
      if (status === 410) return this.retry(() => this.list());
      if (status === 403 || status === 404 || status === 401) {
        this.sink.refused(refusalOf(error));
        return;
      }
      // Unreachable, 5xx, 429: said, and tried again later.
      this.failures += 1;
      this.sink.refused(refusalOf(error));
      return this.retry(() => this.list());
    }
    this.sink.replace(items);
    this.resourceVersion = version;
    this.watch();
  }

  private async request(continueToken: string | undefined) {
    const { path, fieldSelector, cluster } = this.options;
    const url =
      path +
      query({
        limit: String(this.options.pageSize ?? PAGE_SIZE),
        continue: continueToken,
        fieldSelector,
      });
    return (await ApiProxy.request(url, { cluster })) as {
      items?: Record<string, unknown>[];
      metadata?: { resourceVersion?: string; continue?: string };
    };
  }

  private watch(): void {
    if (this.stopped) return;
    this.stats.watches += 1;
    const { path, fieldSelector, cluster } = this.options;
    const url =
      path +
      query({
        watch: '1',
        allowWatchBookmarks: 'true',
        resourceVersion: this.resourceVersion,
        fieldSelector,
      });
    let ended = false;
    const end = (then: () => void) => {
      if (ended) return;
      ended = true;
      stream.cancel();
      if (this.stream === stream) this.stream = undefined;
      then();
    };
    const stream: Stream = ApiProxy.stream(
      url,
      (event: WatchEvent) => {
        if (ended || this.stopped) return;
        this.failures = 0;
        const object = event.object;
        if (event.type === 'ERROR') {
          // 410 Gone: the resourceVersion is too old to resume from; anything else, too.
          return end(() => {
            this.resourceVersion = undefined;
            void this.list();
          });
        }
        const version = resourceVersionOf(object);
        if (version !== undefined) this.resourceVersion = version;
        if (object === undefined) return;
        if (event.type === 'ADDED' || event.type === 'MODIFIED') this.sink.upsert(object);
        else if (event.type === 'DELETED') this.sink.remove(object);
      },
      {
        isJson: true,
        cluster,
        reconnectOnFailure: false,
        failCb: () =>
          end(() => {
            if (this.stopped) return;
            this.failures += 1;
            this.retry(() =>
              this.failures >= FAILURES_BEFORE_RELIST ? void this.list().then(() => undefined) : this.watch(),
            );
          }),
      },
    );
    this.stream = stream;
  }

  /** Runs `next` after a pause that grows with consecutive failures. */
  private retry(next: () => void | Promise<void>): void {
    if (this.stopped) return;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(Math.max(0, this.failures - 1), 5));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.failures >= FAILURES_BEFORE_RELIST) this.failures = 0;
      void next();
    }, delay);
  }
}
