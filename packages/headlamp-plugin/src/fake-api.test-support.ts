/**
 * Unit tests only: an API server behind a mocked `ApiProxy.request` / `ApiProxy.stream`, holding
 * objects in memory. LISTs page with `limit`/`continue` and honour the field selectors the plugin
 * uses; watches get ADDED / MODIFIED / DELETED events for writes made after they started, and a
 * test can drop them or answer 410 Gone, as a real API server does when a version is too old.
 */
import { GITOPS_KINDS } from '@strata/core';

type Json = Record<string, unknown>;

interface Watch {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly fieldSelector: string | undefined;
  readonly cb: (event: unknown) => void;
  readonly failCb: (() => void) | undefined;
  cancelled: boolean;
}

const BUILTIN: Record<string, string> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  replicasets: 'ReplicaSet',
  daemonsets: 'DaemonSet',
  pods: 'Pod',
  events: 'Event',
  configmaps: 'ConfigMap',
  namespaces: 'Namespace',
};

function fail(status: number, message: string): Promise<never> {
  return Promise.reject(Object.assign(new Error(message), { status }));
}

const meta = (o: Json) =>
  (o.metadata ?? {}) as { name?: string; namespace?: string; resourceVersion?: string };

export class FakeApi {
  private readonly objects = new Map<string, Json>();
  private version = 1;
  private readonly watches = new Set<Watch>();
  /** Every request path (with query), in order; watches too, as `WATCH <url>`. */
  readonly log: string[] = [];
  /** Kinds the caller may not read (403). */
  readonly forbidden = new Set<string>();
  /** Whether the Flux and Argo CD API groups are served. */
  gitops: boolean;

  constructor(objects: readonly Json[], options: { gitops?: boolean } = {}) {
    this.gitops = options.gitops ?? true;
    for (const o of objects) this.put(o);
  }

  private key(o: Json): string {
    return `${String(o.kind)}/${meta(o).namespace ?? ''}/${meta(o).name ?? ''}`;
  }

  private put(o: Json): Json {
    const stored = { ...o, metadata: { ...meta(o), resourceVersion: String(++this.version) } };
    this.objects.set(this.key(o), stored);
    return stored;
  }

  private parse(url: string) {
    const [path, search = ''] = url.split('?');
    const params = new URLSearchParams(search);
    const parts = path!.split('/').filter(Boolean);
    const plural = parts.at(-1)!;
    const nsAt = parts.indexOf('namespaces');
    const namespace = nsAt >= 0 && nsAt < parts.length - 2 ? parts[nsAt + 1] : undefined;
    const group = parts[0] === 'apis' ? parts[1] : '';
    const kind =
      group === ''
        ? BUILTIN[plural]
        : (GITOPS_KINDS.find((k) => k.group === group && k.plural === plural)?.kind ??
          (group === 'apps' ? BUILTIN[plural] : undefined));
    const gitops = GITOPS_KINDS.some((k) => k.group === group);
    return { kind, namespace, params, gitops };
  }

  private matches(
    o: Json,
    kind: string,
    namespace: string | undefined,
    fieldSelector: string | undefined,
  ): boolean {
    if (o.kind !== kind) return false;
    if (namespace !== undefined && meta(o).namespace !== namespace) return false;
    for (const term of (fieldSelector ?? '').split(',').filter(Boolean)) {
      const [field, value] = term.split('=');
      if (field === 'metadata.name' && meta(o).name !== value) return false;
      if (field === 'type' && o.type !== value) return false;
    }
    return true;
  }

  readonly request = (url: string, _options?: { cluster?: string }): Promise<unknown> => {
    this.log.push(url);
    if (url === '/apis') {
      if (!this.gitops) return Promise.resolve({ groups: [] });
      const groups = new Map<string, Set<string>>();
      for (const k of GITOPS_KINDS)
        groups.set(k.group, new Set([...(groups.get(k.group) ?? []), ...k.versions]));
      return Promise.resolve({
        groups: [...groups].map(([name, v]) => ({ name, versions: [...v].map((version) => ({ version })) })),
      });
    }
    const { kind, namespace, params, gitops } = this.parse(url);
    if (kind === undefined || (gitops && !this.gitops)) return fail(404, 'not found');
    if (this.forbidden.has(kind)) return fail(403, 'forbidden');
    const all = [...this.objects.values()].filter((o) =>
      this.matches(o, kind, namespace, params.get('fieldSelector') ?? undefined),
    );
    const limit = Number(params.get('limit') ?? 0) || all.length;
    const start = Number(params.get('continue') ?? 0);
    const items = all.slice(start, start + limit).map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    });
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return Promise.resolve({
      items,
      metadata: { resourceVersion: String(this.version), ...(next === undefined ? {} : { continue: next }) },
    });
  };

  readonly stream = (
    url: string,
    cb: (event: unknown) => void,
    args: { failCb?: () => void },
  ): { cancel(): void; getSocket(): null } => {
    this.log.push(`WATCH ${url}`);
    const { kind, namespace, params } = this.parse(url);
    const watch: Watch = {
      kind: kind ?? '',
      namespace,
      fieldSelector: params.get('fieldSelector') ?? undefined,
      cb,
      failCb: args.failCb,
      cancelled: false,
    };
    this.watches.add(watch);
    return {
      cancel: () => {
        watch.cancelled = true;
        this.watches.delete(watch);
      },
      getSocket: () => null,
    };
  };

  private send(type: string, object: Json): void {
    for (const w of [...this.watches]) {
      if (w.cancelled || !this.matches(object, w.kind, w.namespace, w.fieldSelector)) continue;
      w.cb({ type, object });
    }
  }

  /** Adds or replaces an object; open watches of its kind see it. */
  write(object: Json): void {
    const existed = this.objects.has(this.key(object));
    this.send(existed ? 'MODIFIED' : 'ADDED', this.put(object));
  }

  delete(object: Json): void {
    const stored = this.objects.get(this.key(object));
    if (stored === undefined) return;
    this.objects.delete(this.key(object));
    this.send('DELETED', {
      ...stored,
      metadata: { ...meta(stored), resourceVersion: String(++this.version) },
    });
  }

  /** Changes an object without telling any watch (what a dropped watch misses). */
  writeUnseen(object: Json): void {
    this.put(object);
  }

  /** Every open watch's socket closes, as when the API server or Headlamp's backend restarts. */
  dropWatches(): void {
    for (const w of [...this.watches]) {
      this.watches.delete(w);
      w.failCb?.();
    }
  }

  /** Every open watch is told its resourceVersion is too old (410 Gone). */
  expireWatches(): void {
    for (const w of [...this.watches])
      w.cb({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old' } });
  }

  get openWatches(): number {
    return this.watches.size;
  }

  /** Requests whose path starts with `prefix` (watches are `WATCH …`). */
  count(prefix: string): number {
    return this.log.filter((l) => l.startsWith(prefix)).length;
  }
}
