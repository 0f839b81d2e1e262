/**
 * A live cluster as a DataSource: the cluster adapter's ClusterSource (list + watch into the
 * core's model) seen through the UI's seam. Watch events mark the picture dirty; the report is
 * built when the UI asks for it: a snapshot is the model's immutable ClusterView, and taking one
 * never fetches. The snapshot time ticks so ages and stale statuses move, and the source itself
 * refetches evidence (Pods, ReplicaSets, Events of failing roots) after changes when the roots
 * changed and every `evidenceEveryMs`; the roots whose chain is on screen (focus) every
 * `focusEvidenceEveryMs`, so a Pod that restarts again shows it while it is looked at. Logs are
 * read on demand.
 */
import {
  type ActionName,
  formatRef,
  indexObjects,
  makeRef,
  objectIndex,
  PODS,
  REPLICASETS,
  type Ref,
  type Report,
  readKubeObject,
} from '@strata/core';
import type { ConnectionState as AdapterState, Coverage, KubeTransport } from '@strata/kube';
import {
  ClusterSource,
  ConnectionError,
  EvidenceFetcher,
  firstLine,
  loadKubeconfig,
  namespaceMissing,
  serverWords,
} from '@strata/kube';
import type {
  ApplyOptions,
  ApplyResult,
  ConnectionState,
  DataSource,
  HiddenNote,
  LogsOptions,
  LogsResult,
  PodsRead,
  PodsScope,
  Snapshot,
  SourceDescription,
  SourceOptions,
  VersionsSeen,
} from './data-source.ts';
import { versionsSeen } from './versions.ts';
import { podsOfScope, workloadsOf } from './view-models/pods.ts';

export interface LiveSourceOptions extends SourceOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** How long discovery may take before strata gives up on the cluster (connecting only). */
  readonly connectTimeoutMs?: number;
  /** Events shown are read again when older than this (default 10 s). */
  readonly eventsFreshMs?: number;
  /** Replaces the HTTPS transport (tests). */
  readonly transport?: KubeTransport;
  /** How often the snapshot time moves forward. */
  readonly tickMs?: number;
  /** Least time between two evidence fetches for every failing root (default 30 s). */
  readonly evidenceEveryMs?: number;
  /** How often the evidence of the roots on screen is refreshed (default 15 s). */
  readonly focusEvidenceEveryMs?: number;
}

/** The kinds `versionsSeen` reads. */
const VERSION_KINDS: ReadonlySet<string> = new Set(['FluxInstance', 'Deployment', 'StatefulSet']);

/** Events on screen are read again when older than this. */
const EVENTS_FRESH_MS = 10_000;

/** `:pods` of a namespace reads at most this many. */
const PODS_LIMIT = 1000;
/** Pods shown are read again when older than this. */
const PODS_FRESH_MS = 10_000;

/** How often the cluster's namespace names are read again (for `:ns`). */
const NAMESPACES_EVERY_MS = 60_000;

/** At most this many roots on screen get the faster refresh. */
const MAX_FOCUSED = 3;

/** After a change, how long the source waits (more changes coming) before it looks at the roots' evidence. */
const EVIDENCE_CHECK_DELAY_MS = 50;

export type OpenLiveResult =
  | { readonly ok: true; readonly source: DataSource }
  | { readonly ok: false; readonly error: string };

function connectionOf(state: AdapterState): ConnectionState {
  if (state === 'live') return 'live';
  if (state === 'stale' || state === 'stopped') return 'stale';
  return state === 'connecting' ? 'connecting' : 'reconnecting';
}

/** Coverage as the UI's notes: what is hidden, and why, in the server's own words. */
export function hiddenNotes(coverage: Coverage): HiddenNote[] {
  const notes: HiddenNote[] = [];
  if (!coverage.flux.installed)
    notes.push({ what: 'Flux', why: 'not installed: the server serves none of its kinds' });
  if (!coverage.argo.installed) {
    notes.push({ what: 'Argo CD', why: 'not installed: the server serves none of its kinds' });
  }
  for (const entry of coverage.hidden) {
    const where = entry.namespace === undefined ? 'all namespaces' : `namespace ${entry.namespace}`;
    notes.push({
      what: `${entry.kind} in ${where}`,
      why: `${entry.reason}${entry.detail === undefined ? '' : ` (${entry.detail})`}`,
    });
  }
  return notes;
}

/** Connects to the cluster the kubeconfig names; a one-line error when that is not possible. */
export async function openLiveSource(options: LiveSourceOptions): Promise<OpenLiveResult> {
  const loaded = loadKubeconfig({
    env: options.env,
    cwd: options.cwd,
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  if (!loaded.ok) return { ok: false, error: loaded.error };
  const signal = AbortSignal.timeout(options.connectTimeoutMs ?? 5_000);
  let cluster: ClusterSource;
  try {
    cluster = await ClusterSource.connect({
      kubeconfig: loaded.config,
      requestTimeoutMs: 15_000,
      ...(options.transport === undefined ? {} : { transport: options.transport }),
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      connectSignal: signal,
    });
  } catch (error) {
    if (error instanceof ConnectionError) return { ok: false, error: error.message };
    throw error;
  }
  if (
    options.namespace !== undefined &&
    (await cluster.namespaceExists(options.namespace, signal)) === false
  ) {
    await cluster.stop();
    return { ok: false, error: namespaceMissing(options.namespace, cluster.label.context) };
  }
  return { ok: true, source: new LiveSource(cluster, options) };
}

export class LiveSource implements DataSource {
  readonly kind = 'live' as const;
  private readonly listeners = new Set<() => void>();
  private readonly description: SourceDescription;
  private readonly unsubscribe: () => void;
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly eventCache = new Map<
    string,
    { readonly events: readonly unknown[]; readonly at: number; readonly reading: boolean }
  >();
  private readonly podsCache = new Map<string, { read: PodsRead; at: number; reading: boolean }>();
  /** Pods read for `:pods`, by ref: describe and YAML show them. */
  private readonly podObjects = new Map<string, unknown>();
  private cached: Snapshot | undefined;
  /** Kept until an object of a kind it is read from changes. */
  private versions: VersionsSeen | undefined;
  private dirty = true;
  private rootsSeen = '';
  private lastEvidence = 0;
  /** refKey of a root → when its evidence was last fetched. */
  private readonly fetchedAt = new Map<string, number>();
  private focused: readonly Ref[] = [];
  /** The cluster's namespaces (for `:ns`), read at the start and then every NAMESPACES_EVERY_MS. */
  private namespaces: readonly string[] | undefined;
  private namespacesReadAt = 0;
  private evidenceRunning = false;
  /** A look at whether evidence is due, set after a change. */
  private evidenceCheck: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readonly cluster: ClusterSource;
  private readonly options: LiveSourceOptions;

  constructor(cluster: ClusterSource, options: LiveSourceOptions) {
    this.cluster = cluster;
    this.options = options;
    this.description = {
      context: cluster.label.context,
      cluster: cluster.label.server,
      user: cluster.label.user ?? '(none)',
      namespace: options.namespace ?? 'all',
      readOnly: options.readOnly,
    };
    this.unsubscribe = cluster.subscribe((event) => {
      // The versions line reads only these kinds: a status write elsewhere leaves it as it is.
      if (event.type !== 'watcher' || VERSION_KINDS.has(event.kind)) this.versions = undefined;
      this.changed();
    });
    cluster.start();
    this.readNamespaces();
    this.ticker = setInterval(() => {
      cluster.model.setAt(new Date().toISOString());
      if (Date.now() - this.namespacesReadAt >= NAMESPACES_EVERY_MS) this.readNamespaces();
      // Evidence comes due with time, whether or not the UI asked for a picture since.
      this.changed();
    }, options.tickMs ?? 5_000);
    this.ticker.unref?.();
  }

  describe(): SourceDescription {
    return this.description;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  snapshot(): Snapshot {
    if (this.cached === undefined || this.dirty) {
      this.dirty = false;
      const view = this.cluster.model.view();
      this.versions ??= versionsSeen(view.allObjects());
      this.cached = {
        report: view.report,
        view,
        connection: connectionOf(this.cluster.state),
        hidden: hiddenNotes(this.cluster.coverage()),
        versions: this.versions,
        ...(this.namespaces === undefined ? {} : { namespaces: this.namespaces }),
      };
    }
    return this.cached;
  }

  object(ref: Ref): unknown | undefined {
    const { view } = this.snapshot();
    const node = view.node(ref);
    if (node !== undefined) return node.object.raw;
    const pod = ref.kind === 'Pod' ? this.podObjects.get(formatRef(ref)) : undefined;
    if (pod !== undefined) return pod;
    return objectIndex(view).object(ref);
  }

  /**
   * Pods read on demand for `:pods`: a namespace's (at most PODS_LIMIT), or those under the
   * workloads of an object (its namespaces' Pods and ReplicaSets read, then walked down from the
   * workloads the model holds). Read again when shown and older than PODS_FRESH_MS.
   */
  pods(scope: PodsScope): PodsRead {
    const key = JSON.stringify(scope);
    const known = this.podsCache.get(key);
    if (known !== undefined && (known.reading || Date.now() - known.at < PODS_FRESH_MS)) return known.read;
    const entry = { read: known?.read ?? ({ state: 'loading' } as PodsRead), at: Date.now(), reading: true };
    this.podsCache.set(key, entry);
    this.readPods(scope).then(
      (read) => {
        this.podsCache.set(key, { read, at: Date.now(), reading: false });
        for (const raw of read.state === 'done' ? read.pods : []) {
          const object = readKubeObject(raw);
          if (object !== undefined)
            this.podObjects.set(formatRef(makeRef('Pod', object.namespace, object.name)), raw);
        }
        this.changed();
      },
      (error: unknown) => {
        const message = serverWords(error);
        this.podsCache.set(key, {
          read: { state: 'error', error: firstLine(message) },
          at: Date.now(),
          reading: false,
        });
        this.changed();
      },
    );
    return entry.read;
  }

  private async readPods(scope: PodsScope): Promise<PodsRead> {
    const model = this.snapshot().view;
    if ('namespace' in scope) {
      const { items, more } = await this.cluster.listObjects(
        PODS,
        scope.namespace === 'all' ? undefined : scope.namespace,
        PODS_LIMIT,
      );
      return { state: 'done', pods: items, ...(more ? { note: `the first ${PODS_LIMIT} only` } : {}) };
    }
    const workloads = workloadsOf(model, scope.of);
    if (workloads.length === 0) {
      return {
        state: 'done',
        pods: [],
        note: `${scope.of.kind} has no workloads strata knows of (:pods NAMESPACE lists a namespace's)`,
      };
    }
    const namespaces = [
      ...new Set(workloads.flatMap((w) => (w.namespace === undefined ? [] : [w.namespace]))),
    ];
    const fetched = await Promise.all(
      namespaces.flatMap((ns) => [
        this.cluster.listObjects(PODS, ns),
        this.cluster.listObjects(REPLICASETS, ns),
      ]),
    );
    // The Pods and ReplicaSets just read are all the walk down from the workloads needs.
    const read = indexObjects(fetched.flatMap((f) => f.items));
    return { state: 'done', pods: podsOfScope(scope, model, read) };
  }

  /**
   * Events read on demand; the first call starts the read and the UI is told when it lands. A
   * view that stays open reads them again when they are older than EVENTS_FRESH_MS, so a session
   * left open for hours shows the events of now.
   */
  events(ref: Ref): readonly unknown[] {
    const key = formatRef(ref);
    const known = this.eventCache.get(key);
    const fresh = this.options.eventsFreshMs ?? EVENTS_FRESH_MS;
    if (known !== undefined && (known.reading || Date.now() - known.at < fresh)) return known.events;
    const entry = { events: known?.events ?? [], at: Date.now(), reading: true };
    this.eventCache.set(key, entry);
    this.cluster.fetchEvents(ref).then(
      (events) => {
        this.eventCache.set(key, { events, at: Date.now(), reading: false });
        this.changed();
      },
      () => {
        // Events are a nicety: a refusal keeps what was shown rather than failing the view.
        this.eventCache.set(key, { ...entry, at: Date.now(), reading: false });
      },
    );
    return entry.events;
  }

  async apply(action: ActionName, ref: Ref, options: ApplyOptions = {}): Promise<ApplyResult> {
    const { uid, ...choice } = options;
    const user = action === 'sync' ? await this.cluster.username() : undefined;
    const result = await this.cluster.applyAction(action, ref, {
      readOnly: this.options.readOnly,
      ...choice,
      ...(uid === undefined ? {} : { expectUid: uid }),
      ...(user === undefined ? {} : { user }),
    });
    this.eventCache.delete(formatRef(ref));
    if (result.ok) return { ok: true, summary: result.summary };
    return { ok: false, error: result.refused ? result.reason : result.error };
  }

  logs(ref: Ref, options: LogsOptions = {}): Promise<LogsResult> {
    return this.cluster.fetchLogs(ref, options);
  }

  followLogs(
    ref: Ref,
    options: { readonly container?: string; readonly signal: AbortSignal },
    onLines: (lines: readonly string[]) => void,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }> {
    return this.cluster.followLogs(ref, options, onLines);
  }

  focus(roots: readonly Ref[]): void {
    const next = roots.slice(0, MAX_FOCUSED);
    if (next.map(formatRef).join('\n') === this.focused.map(formatRef).join('\n')) return;
    this.focused = next;
    // A chain just opened: its evidence is refreshed now if it is older than the focus period.
    if (next.length > 0) this.checkEvidence();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    clearTimeout(this.evidenceCheck);
    this.unsubscribe();
    void this.cluster.stop();
  }

  private readNamespaces(): void {
    this.namespacesReadAt = Date.now();
    void this.cluster.listNamespaces().then((names) => {
      if (this.closed || names === undefined) return;
      this.namespaces = names;
      this.changed();
    });
  }

  private changed(): void {
    this.dirty = true;
    for (const listener of [...this.listeners]) listener();
    if (this.evidenceCheck === undefined && !this.closed) {
      this.evidenceCheck = setTimeout(() => this.checkEvidence(), EVIDENCE_CHECK_DELAY_MS);
      this.evidenceCheck.unref?.();
    }
  }

  /** Whether the roots' evidence is due, read from the picture of now (the one the UI gets next). */
  private checkEvidence(): void {
    clearTimeout(this.evidenceCheck);
    this.evidenceCheck = undefined;
    if (this.closed || this.evidenceRunning || this.cluster.state !== 'live') return;
    this.maybeFetchEvidence(this.snapshot().report);
  }

  /**
   * Refetches evidence: for every failing root when their set changed or `evidenceEveryMs`
   * passed; else for the focused roots still failing, every `focusEvidenceEveryMs`. One fetch
   * at a time, each bounded by the EvidenceFetcher (namespaces per root and in all).
   */
  private maybeFetchEvidence(report: Report): void {
    if (this.evidenceRunning || this.closed || this.cluster.state !== 'live') return;
    const now = Date.now();
    const roots = EvidenceFetcher.rootsOf(report);
    const signature = roots.map(formatRef).join('\n');
    const due = now - this.lastEvidence >= (this.options.evidenceEveryMs ?? 30_000);
    let fetch: Ref[] = [];
    if (roots.length > 0 && (signature !== this.rootsSeen || due)) {
      this.rootsSeen = signature;
      this.lastEvidence = now;
      this.fetchedAt.clear();
      fetch = roots;
    } else {
      const failing = new Set(roots.map(formatRef));
      const every = this.options.focusEvidenceEveryMs ?? 15_000;
      fetch = this.focused.filter(
        (r) => failing.has(formatRef(r)) && now - (this.fetchedAt.get(formatRef(r)) ?? 0) >= every,
      );
    }
    if (fetch.length === 0) return;
    for (const root of fetch) this.fetchedAt.set(formatRef(root), now);
    this.evidenceRunning = true;
    this.cluster
      .fetchEvidence(fetch)
      .catch(() => undefined)
      .finally(() => {
        this.evidenceRunning = false;
        this.versions = undefined;
        if (!this.closed) this.changed();
      });
  }
}
