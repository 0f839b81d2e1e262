/**
 * One live picture per cluster, shared by every page, section, column and map source, read
 * through Headlamp's own API layer (its backend holds the credentials).
 *
 * A cluster's feed lists and then watches what the picture is made of (the served Flux and
 * Argo CD kinds, Deployments, StatefulSets, argocd-cm, Namespaces: core's cluster-needs.ts) into
 * one persistent ClusterModel, one object at a time. Changes are applied in batches, at most one
 * every THROTTLE_MS, and each batch publishes a new Picture of the model's view. Evidence (§7:
 * ReplicaSets, Pods, DaemonSets, Warning Events) is read only for what a mounted page shows
 * (`useClusterData(cluster, demand)`): in the namespaces of those roots, again when the roots or
 * the workloads there change, never on a timer. An idle cluster costs no requests.
 *
 * The feed starts with its first subscriber and stops STOP_AFTER_MS after its last one left.
 */
import { ApiProxy } from '@kinvolk/headlamp-plugin/lib';
import {
  apiVersionOf,
  asArray,
  asName,
  asRecord,
  ClusterModel,
  type ClusterResource,
  collectionPath,
  EVIDENCE_RESOURCES,
  evidenceNamespaces,
  field,
  formatRef,
  GITOPS_KINDS,
  type JsonRecord,
  NAMESPACES,
  pictureResources,
  prepareObject,
  type Ref,
  type Report,
  refKey,
  type ServedKind,
} from '@strata/core';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { ListWatch, refusalOf, statusOf } from './list-watch.ts';
import { makePicture, type Picture } from './picture.ts';
import { timed } from './timing.ts';

export interface ClusterData {
  readonly cluster: string;
  readonly loading: boolean;
  readonly picture?: Picture;
  /** Lists the API refused or failed (RBAC, not served…): shown, never fatal. */
  readonly notes: readonly string[];
  readonly error?: string;
  /**
   * The collections read on demand that have come in (`Kind/namespace`); absent when everything
   * is held (a picture put in the store by a test).
   */
  readonly read?: ReadonlySet<string>;
}

/**
 * Whether an object's owners are still being read: one of its owner references is of a kind read
 * on demand (a Pod's ReplicaSet) whose collection in its namespace has not come in yet. Until
 * then "not managed" would be a guess.
 */
export function ownersPending(data: ClusterData, object: unknown): boolean {
  const read = data.read;
  if (read === undefined) return false;
  const namespace = asName(field(object, 'metadata', 'namespace'));
  if (namespace === undefined) return false;
  return asArray(field(object, 'metadata', 'ownerReferences')).some((owner) => {
    const kind = asName(field(owner, 'kind'));
    return EVIDENCE_RESOURCES.some((r) => r.kind === kind) && !read.has(`${kind}/${namespace}`);
  });
}

/**
 * What a page shows beyond the watched picture, so that it is read: `'roots'`, the evidence of
 * every root that is not ready (the root causes page); refs, a Flux or Argo CD object's own
 * evidence and that of the roots blocking it (its page); `{ ownersOf }`, the owners of a
 * Kubernetes object that are not watched (a Pod's ReplicaSet), so that its managers are found
 * (its Managed-by cell or section).
 */
export type EvidenceDemand = 'roots' | readonly Ref[] | { readonly ownersOf: unknown };

/** One collection read on demand: a kind in a namespace. */
interface Read {
  readonly resource: ClusterResource;
  readonly namespace: string;
  /** What it was read at: read again when this changes. */
  readonly signature: string;
}

/** The longest a change waits before it is published (changes in the meantime join it). */
const THROTTLE_MS = 200;
/** How long a feed outlives its last subscriber (navigation remounts pages). */
const STOP_AFTER_MS = 60_000;
const NAMESPACES_PER_ROOT = 3;
const MAX_EVIDENCE_NAMESPACES = 20;
const EVIDENCE_LIMIT = 500;
const EVIDENCE_CONCURRENCY = 4;
const DISCOVERY_RETRY_MS = 5_000;

type Op = () => void;

function objectKey(object: Record<string, unknown>): string | undefined {
  const name = asName(field(object, 'metadata', 'name'));
  if (name === undefined) return undefined;
  return `${asName(field(object, 'metadata', 'namespace')) ?? ''}/${name}`;
}

function stub(resource: ClusterResource, key: string): JsonRecord {
  const slash = key.indexOf('/');
  const namespace = key.slice(0, slash);
  return {
    apiVersion: apiVersionOf(resource),
    kind: resource.kind,
    metadata: { name: key.slice(slash + 1), ...(namespace === '' ? {} : { namespace }) },
  };
}

/**
 * The GitOps kinds the server serves, each at the newest served version the core reads, from
 * the one discovery request `/apis` (every Flux and Argo CD kind is namespaced).
 */
function servedKinds(
  groups: readonly { name: string; versions?: readonly { version: string }[] }[],
): ServedKind[] {
  const served = new Map(groups.map((g) => [g.name, new Set((g.versions ?? []).map((v) => v.version))]));
  const out: ServedKind[] = [];
  for (const kind of GITOPS_KINDS) {
    const version = kind.versions.find((v) => served.get(kind.group)?.has(v));
    if (version === undefined) continue;
    out.push({
      kind: kind.kind,
      group: kind.group,
      version,
      plural: kind.plural,
      namespaced: true,
      tool: kind.tool,
    });
  }
  return out;
}

class ClusterFeed {
  readonly cluster: string;
  data: ClusterData;
  readonly listeners = new Set<() => void>();
  private readonly model = new ClusterModel({ at: new Date().toISOString() });
  private served = { flux: false, argo: false };
  private watches: ListWatch[] = [];
  /** Keys of the objects each watched resource holds in the model. */
  private readonly held = new Map<ClusterResource, Set<string>>();
  private readonly notes = new Map<string, string>();
  private pending: Op[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private loaded = false;
  private stopped = false;
  private readonly demands = new Map<number, EvidenceDemand>();
  private nextDemand = 0;
  private demandCheck = false;
  /** `kind/namespace` → names of what the last evidence read brought. */
  private readonly evidenceHeld = new Map<string, Set<string>>();
  /** Per `kind/namespace`: the signature it was last read at. */
  private readonly evidenceRead = new Map<string, string>();
  /** What has come in of the reads on demand (published as ClusterData.read). */
  private readDone: ReadonlySet<string> = new Set();
  /** Per namespace: bumped when a watched workload there changes. */
  private readonly workloadVersions = new Map<string, number>();
  private evidenceRunning = false;
  private evidenceAgain = false;
  private readonly firstLoad: Promise<void>;
  private resolveFirstLoad: () => void = () => undefined;
  /** Lists, watches and evidence reads started (tests and the bench read them). */
  readonly stats = { discoveries: 0, evidenceReads: 0, published: 0 };

  constructor(cluster: string) {
    this.cluster = cluster;
    this.data = { cluster, loading: true, notes: [] };
    this.firstLoad = new Promise((resolve) => {
      this.resolveFirstLoad = resolve;
    });
    void this.start();
  }

  loadedOnce(): Promise<void> {
    return this.firstLoad;
  }

  watchStats(): { lists: number; watches: number } {
    let lists = 0;
    let watches = 0;
    for (const w of this.watches) {
      lists += w.stats.lists;
      watches += w.stats.watches;
    }
    return { lists, watches };
  }

  private async start(): Promise<void> {
    let groups: { name: string; versions?: { version: string }[] }[];
    this.stats.discoveries += 1;
    try {
      const answer = (await ApiProxy.request('/apis', { cluster: this.cluster })) as {
        groups?: { name: string; versions?: { version: string }[] }[];
      };
      groups = answer.groups ?? [];
    } catch (error) {
      if (this.stopped) return;
      this.publish({ ...this.data, loading: false, error: refusalOf(error) });
      this.resolveFirstLoad();
      this.retryTimer = setTimeout(() => void this.start(), DISCOVERY_RETRY_MS);
      return;
    }
    if (this.stopped) return;
    const gitops = servedKinds(groups);
    this.served = {
      flux: gitops.some((r) => r.tool === 'flux'),
      argo: gitops.some((r) => r.tool === 'argo'),
    };
    const resources = [...pictureResources(gitops), NAMESPACES];
    this.watches = resources.map(
      (resource) =>
        new ListWatch(
          {
            cluster: this.cluster,
            path: collectionPath(resource),
            ...(resource.fieldSelector === undefined ? {} : { fieldSelector: resource.fieldSelector }),
          },
          this.sinkFor(resource),
        ),
    );
    await Promise.all(this.watches.map((w) => w.start()));
    if (this.stopped) return;
    this.loaded = true;
    this.flush();
    this.resolveFirstLoad();
  }

  private sinkFor(resource: ClusterResource) {
    const held = new Set<string>();
    this.held.set(resource, held);
    const note = resource.kind;
    const workload = resource.kind === 'Deployment' || resource.kind === 'StatefulSet';
    const touched = (object: Record<string, unknown>) => {
      if (!workload) return;
      const namespace = asName(field(object, 'metadata', 'namespace')) ?? '';
      this.workloadVersions.set(namespace, (this.workloadVersions.get(namespace) ?? 0) + 1);
    };
    return {
      replace: (items: readonly Record<string, unknown>[]) => {
        this.enqueue(() => {
          this.notes.delete(note);
          if (resource.tool === 'argo' && resource.kind === 'Application')
            this.model.setHiddenApplications([]);
          const seen = new Set<string>();
          for (const item of items) {
            const object = prepareObject(resource, item);
            const key = object === undefined ? undefined : objectKey(object);
            if (object === undefined || key === undefined) continue;
            seen.add(key);
            this.model.upsert(object);
            touched(object);
          }
          for (const key of held) {
            if (seen.has(key)) continue;
            const gone = stub(resource, key);
            this.model.remove(gone);
            touched(gone);
          }
          held.clear();
          for (const key of seen) held.add(key);
        });
      },
      upsert: (raw: Record<string, unknown>) => {
        this.enqueue(() => {
          const object = prepareObject(resource, raw);
          const key = object === undefined ? undefined : objectKey(object);
          if (object === undefined || key === undefined) return;
          this.model.upsert(object);
          held.add(key);
          touched(object);
        });
      },
      remove: (raw: Record<string, unknown>) => {
        this.enqueue(() => {
          const key = objectKey(raw);
          if (key === undefined) return;
          this.model.remove(stub(resource, key));
          held.delete(key);
          touched(raw);
        });
      },
      refused: (text: string) => {
        this.enqueue(() => {
          this.notes.set(note, `${note}: ${text}`);
          // Applications hidden by RBAC: a tracking claim naming one is not an orphan (§4 rule 4).
          if (resource.tool === 'argo' && resource.kind === 'Application' && text === 'forbidden')
            this.model.setHiddenApplications('all');
        });
      },
    };
  }

  private enqueue(op: Op): void {
    this.pending.push(op);
    if (!this.loaded || this.flushTimer !== undefined || this.stopped) return;
    this.flushTimer = setTimeout(() => this.flush(), THROTTLE_MS);
  }

  /** Applies the changes waiting, then publishes the picture of the model's view. */
  private flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.stopped) return;
    const ops = this.pending;
    this.pending = [];
    // The batch applied, diagnosed and pictured: the page's measure of what a change costs.
    const picture = timed('strata:picture', () => {
      for (const op of ops) op();
      this.model.setAt(new Date().toISOString());
      return makePicture(this.model.view(), this.served);
    });
    this.stats.published += 1;
    const { error: _error, ...rest } = this.data;
    this.publish({
      ...rest,
      loading: false,
      picture,
      notes: [...this.notes.values()].sort(),
      read: this.readDone,
    });
    this.maybeReadEvidence(picture.report);
  }

  private publish(next: ClusterData): void {
    this.data = next;
    for (const listener of [...this.listeners]) listener();
  }

  // ---- lifecycle ------------------------------------------------------------------------------

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (this.stopTimer !== undefined) clearTimeout(this.stopTimer);
    this.stopTimer = undefined;
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.demands.size === 0) this.scheduleStop();
    };
  }

  private scheduleStop(): void {
    if (this.stopTimer !== undefined) return;
    this.stopTimer = setTimeout(() => {
      this.stopTimer = undefined;
      if (this.listeners.size === 0 && this.demands.size === 0) this.stop();
    }, STOP_AFTER_MS);
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.watches) w.stop();
    for (const timer of [this.flushTimer, this.retryTimer, this.stopTimer])
      if (timer !== undefined) clearTimeout(timer);
    if (feeds.get(this.cluster) === this) feeds.delete(this.cluster);
  }

  // ---- evidence -------------------------------------------------------------------------------

  demand(demand: EvidenceDemand): () => void {
    const id = this.nextDemand++;
    this.demands.set(id, demand);
    // A table mounts a cell per row: their demands are looked at together.
    if (!this.demandCheck) {
      this.demandCheck = true;
      queueMicrotask(() => {
        this.demandCheck = false;
        if (this.data.picture !== undefined) this.maybeReadEvidence(this.data.picture.report);
      });
    }
    return () => {
      this.demands.delete(id);
      if (this.listeners.size === 0 && this.demands.size === 0) this.scheduleStop();
    };
  }

  /** The roots and objects whose evidence a mounted page shows, most telling first. */
  private subjects(report: Report): Ref[] {
    const out = new Map<string, Ref>();
    const add = (ref: Ref) => {
      if (!out.has(refKey(ref))) out.set(refKey(ref), ref);
    };
    const roots = new Map(report.rootCauses.map((r) => [refKey(r.ref), r]));
    const usable = (ref: Ref) => {
      const root = roots.get(refKey(ref));
      return root === undefined || (root.state !== 'missing' && root.state !== 'cycle');
    };
    const byKey = new Map<string, Report['objects'][number]>();
    for (const demand of this.demands.values()) {
      if (demand === 'roots') {
        for (const root of report.rootCauses) if (usable(root.ref)) add(root.ref);
        continue;
      }
      if (!Array.isArray(demand)) continue;
      if (byKey.size === 0) for (const o of report.objects) byKey.set(refKey(o.ref), o);
      for (const ref of demand as readonly Ref[]) {
        const object = byKey.get(refKey(ref));
        if (object === undefined || object.ready) continue;
        add(ref);
        for (const root of object.rootCauses) if (usable(root)) add(root);
      }
    }
    return [...out.values()];
  }

  /** What to read for the subjects: the evidence kinds in the namespaces core chooses for them. */
  private wantedReads(report: Report, subjects: readonly Ref[]): Map<string, Read> {
    const stateOf = new Map<string, string>();
    for (const o of report.objects) stateOf.set(refKey(o.ref), o.state);
    for (const r of report.rootCauses) stateOf.set(refKey(r.ref), r.state);
    const wanted = new Map<string, Read>();
    // Core chooses the namespaces (the terminal's adapter reads the same ones).
    const chosen = evidenceNamespaces(this.model.view(), subjects, {
      perSubject: NAMESPACES_PER_ROOT,
      max: MAX_EVIDENCE_NAMESPACES,
    });
    for (const { subject, namespace } of chosen) {
      // Read again when the subject's state or a workload of the namespace changed.
      const signature = `${stateOf.get(refKey(subject)) ?? ''}#${this.workloadVersions.get(namespace) ?? 0}`;
      for (const resource of EVIDENCE_RESOURCES)
        wanted.set(`${resource.kind}/${namespace}`, { resource, namespace, signature });
    }
    // Owners of objects shown that are not watched (a Pod's ReplicaSet), kind by kind.
    const owners = new Set<string>();
    for (const demand of this.demands.values()) {
      if (demand === 'roots' || Array.isArray(demand)) continue;
      const object = asRecord((demand as { ownersOf: unknown }).ownersOf);
      const namespace = asName(field(object, 'metadata', 'namespace'));
      if (namespace === undefined) continue;
      for (const owner of asArray(field(object, 'metadata', 'ownerReferences'))) {
        const resource = EVIDENCE_RESOURCES.find((r) => r.kind === asName(field(owner, 'kind')));
        const key = `${resource?.kind}/${namespace}`;
        if (resource === undefined || wanted.has(key) || owners.has(key)) continue;
        if (owners.size >= MAX_EVIDENCE_NAMESPACES) break;
        owners.add(key);
        wanted.set(key, { resource, namespace, signature: `#${this.workloadVersions.get(namespace) ?? 0}` });
      }
    }
    return wanted;
  }

  private maybeReadEvidence(report: Report): void {
    if (this.demands.size === 0 || !this.loaded || this.stopped) return;
    if (this.evidenceRunning) {
      this.evidenceAgain = true;
      return;
    }
    const wanted = this.wantedReads(report, this.subjects(report));
    const due = [...wanted].filter(([key, read]) => this.evidenceRead.get(key) !== read.signature);
    if (due.length === 0) return;
    for (const [key, read] of due) this.evidenceRead.set(key, read.signature);
    this.evidenceRunning = true;
    const jobs = due.map(([, read]) => read);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length && !this.stopped) {
        const { namespace, resource } = jobs[next++]!;
        await this.readEvidence(resource, namespace);
      }
    };
    void Promise.all(Array.from({ length: Math.min(EVIDENCE_CONCURRENCY, jobs.length) }, worker)).finally(
      () => {
        this.evidenceRunning = false;
        if (this.stopped) return;
        if (this.pending.length > 0) this.flush();
        else if (this.evidenceAgain && this.data.picture !== undefined)
          this.maybeReadEvidence(this.data.picture.report);
        this.evidenceAgain = false;
      },
    );
  }

  private async readEvidence(resource: ClusterResource, namespace: string): Promise<void> {
    this.stats.evidenceReads += 1;
    const note = `${resource.kind} in ${namespace}`;
    const query = [`limit=${EVIDENCE_LIMIT}`];
    if (resource.fieldSelector !== undefined)
      query.push(`fieldSelector=${encodeURIComponent(resource.fieldSelector)}`);
    let items: Record<string, unknown>[];
    try {
      const answer = (await ApiProxy.request(`${collectionPath(resource, namespace)}?${query.join('&')}`, {
        cluster: this.cluster,
      })) as { items?: Record<string, unknown>[] };
      items = answer.items ?? [];
    } catch (error) {
      const status = statusOf(error);
      this.pending.push(() => this.notes.set(note, `${note}: ${refusalOf(error)}`));
      if (status !== 403 && status !== 404) this.evidenceRead.delete(`${resource.kind}/${namespace}`);
      else this.pending.push(() => this.markRead(`${resource.kind}/${namespace}`));
      return;
    }
    const key = `${resource.kind}/${namespace}`;
    this.pending.push(() => {
      this.notes.delete(note);
      const names = new Set<string>();
      for (const item of items) {
        const object = prepareObject(resource, item);
        const name = asName(field(object, 'metadata', 'name'));
        if (object === undefined || name === undefined) continue;
        this.model.upsert(object);
        names.add(name);
      }
      for (const name of this.evidenceHeld.get(key) ?? [])
        if (!names.has(name)) this.model.remove(stub(resource, `${namespace}/${name}`));
      this.evidenceHeld.set(key, names);
      this.markRead(key);
    });
  }

  private markRead(key: string): void {
    if (!this.readDone.has(key)) this.readDone = new Set([...this.readDone, key]);
  }
}

// ---- the store: one feed per cluster ----------------------------------------------------------

const feeds = new Map<string, ClusterFeed>();
/** Tests only: pictures put in the store, with no feed behind them. */
const primed = new Map<string, ClusterData>();
const EMPTY: ClusterData = { cluster: '', loading: true, notes: [] };

function feedOf(cluster: string): ClusterFeed {
  let feed = feeds.get(cluster);
  if (feed === undefined) {
    feed = new ClusterFeed(cluster);
    feeds.set(cluster, feed);
  }
  return feed;
}

function subscribe(cluster: string, listener: () => void): () => void {
  if (cluster === '' || primed.has(cluster)) return () => undefined;
  return feedOf(cluster).subscribe(listener);
}

function current(cluster: string): ClusterData {
  return primed.get(cluster) ?? feeds.get(cluster)?.data ?? EMPTY;
}

/** An object's owner references as a key: what an owners demand depends on. */
function ownersKey(object: unknown): string {
  const namespace = asName(field(object, 'metadata', 'namespace')) ?? '';
  const owners = asArray(field(object, 'metadata', 'ownerReferences'))
    .map((o) => `${asName(field(o, 'kind')) ?? ''}/${asName(field(o, 'name')) ?? ''}`)
    .join(',');
  return `owners:${namespace}:${owners}`;
}

/**
 * The current picture of a cluster; starts its feed on first use. `evidence` names what the page
 * shows the evidence of, so that it is read (and only that).
 */
export function useClusterData(cluster: string | null | undefined, evidence?: EvidenceDemand): ClusterData {
  const name = cluster ?? '';
  const data = useSyncExternalStore(
    (listener) => subscribe(name, listener),
    () => current(name),
  );
  const demandKey =
    evidence === undefined
      ? ''
      : evidence === 'roots'
        ? 'roots'
        : Array.isArray(evidence)
          ? (evidence as readonly Ref[]).map(formatRef).join('\n')
          : ownersKey((evidence as { ownersOf: unknown }).ownersOf);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the demand's content is its key
  const demand = useMemo(() => evidence, [demandKey]);
  useEffect(() => (demand === undefined ? undefined : demandEvidence(name, demand)), [name, demand]);
  return data;
}

/** Asks for evidence of a cluster until the returned function is called (what useClusterData does). */
export function demandEvidence(cluster: string, demand: EvidenceDemand): () => void {
  if (cluster === '' || primed.has(cluster)) return () => undefined;
  return feedOf(cluster).demand(demand);
}

/** The latest picture without subscribing (for table getValue and map sources). */
export function peekClusterData(cluster: string | null | undefined): ClusterData | undefined {
  const name = cluster ?? '';
  return primed.get(name) ?? feeds.get(name)?.data;
}

/** Starts (or joins) a cluster's feed and resolves once its first picture is published. */
export async function loadClusterData(cluster: string): Promise<ClusterData> {
  const feed = feedOf(cluster);
  await feed.loadedOnce();
  return feed.data;
}

/** Tests and the bench: what a cluster's feed has requested so far. */
export function clusterFeedStats(cluster: string) {
  const feed = feeds.get(cluster);
  return feed === undefined ? undefined : { ...feed.stats, ...feed.watchStats() };
}

/** Stops a cluster's feed now and forgets its picture (tests; a removed cluster). */
export function stopClusterData(cluster: string): void {
  feeds.get(cluster)?.stop();
  primed.delete(cluster);
}

/** Tests only: put a picture in the store for a cluster; no feed runs for it. */
export function primeClusterData(cluster: string, value: Omit<ClusterData, 'cluster'>): void {
  feeds.get(cluster)?.stop();
  primed.set(cluster, { cluster, ...value });
}
