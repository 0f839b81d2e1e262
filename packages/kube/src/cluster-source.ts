/**
 * One live cluster as the TUI and `strata report` see it: a connection (kubeconfig + transport),
 * what the server serves (discovery), a ClusterModel fed by list (+ watch), the connection state,
 * evidence on demand, and actions.
 *
 *   const source = await ClusterSource.connect({ kubeconfig, at });
 *   await source.loadOnce();                  // strata report: list everything once
 *   source.start(); source.subscribe(...)      // TUI: watch and follow changes
 *   await source.fetchEvidence();             // Pods, ReplicaSets, Events of failing roots
 *   await source.applyAction('reconcile', ref);
 *   await source.stop();
 */
import {
  type ActionName,
  asArray,
  ClusterModel,
  type ClusterResource,
  collectionPath,
  defaultLogTarget,
  EVENTS,
  field,
  type HiddenApplications,
  makeRef,
  NAMESPACES,
  objectIndex,
  objectPath,
  PODS,
  pictureResources,
  prepareObject,
  type Ref,
  readKubeObject,
} from '@strata/core';
import { type ActionResult, type ApplyActionOptions, applyAction } from './actions.ts';
import type { Coverage, HiddenEntry, ServedKind } from './coverage.ts';
import { type Discovery, discover } from './discovery.ts';
import { type ConnectionLabel, describeConnectionError } from './errors.ts';
import { EvidenceFetcher, type EvidenceOptions, type EvidenceResult } from './evidence.ts';
import type { ResolvedKubeconfig } from './kubeconfig.ts';
import {
  type FetchLogsOptions,
  type FollowEnd,
  type FollowLogsOptions,
  fetchLogs,
  followLogs,
  type LogsResult,
} from './logs.ts';
import { StringPool } from './string-pool.ts';
import { HttpsTransport, type KubeTransport, requestOk } from './transport.ts';
import {
  type ConnectionState,
  ListFailedError,
  WatchSet,
  type WatchSetEvent,
  type WatchSetOptions,
} from './watch-set.ts';
import type { ObjectSink } from './watcher.ts';

/** Connecting failed; the message is one line for a person (no credentials in it). */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** The one line for `-n NAME` when the server says there is no such namespace. */
export function namespaceMissing(namespace: string, context: string): string {
  return `namespace ${namespace} does not exist on context ${context} (kubectl get namespaces lists them)`;
}

export interface ConnectOptions {
  readonly kubeconfig: ResolvedKubeconfig;
  /** The model's snapshot time; now by default. */
  readonly at?: string;
  /** Read only this namespace (`-n`); all namespaces otherwise. */
  readonly namespace?: string;
  /** Per-request timeout; default none (0). */
  readonly requestTimeoutMs?: number;
  /** Replaces the HTTPS transport (tests inject a fake or a wrapper). */
  readonly transport?: KubeTransport;
  /** Passed on to the WatchSet (page size, backoff, timers…). */
  readonly watch?: Partial<
    Pick<
      WatchSetOptions,
      | 'pageSize'
      | 'watchTimeoutSeconds'
      | 'staleAfterMs'
      | 'healthyAfterMs'
      | 'newBackoff'
      | 'sleep'
      | 'now'
      | 'concurrency'
      | 'attempts'
    >
  >;
  /**
   * Bounds connecting (discovery) only: a session that outlives it keeps working, and every
   * later request has its own deadline (`requestTimeoutMs`) and ends with stop().
   */
  readonly connectSignal?: AbortSignal;
}

export type ClusterSourceEvent = WatchSetEvent;

export class ClusterSource {
  readonly model: ClusterModel;
  readonly transport: KubeTransport;
  readonly label: ConnectionLabel;
  readonly discovery: Discovery;
  private readonly options: ConnectOptions;
  private readonly evidence: EvidenceFetcher;
  private readonly extraHidden: HiddenEntry[] = [];
  private readonly listeners = new Set<(event: ClusterSourceEvent) => void>();
  private watchSet: WatchSet | undefined;
  private whoAmI: Promise<string | undefined> | undefined;
  /** Aborted by stop(): ends the on-demand reads (evidence, events, logs, actions) still running. */
  private readonly session = new AbortController();
  /** Shares repeated strings among the objects the model keeps (a third of a live view's heap). */
  private readonly strings = new StringPool();
  /** What the watchers feed: the model, each object's strings pooled first. */
  private readonly sink: ObjectSink = {
    upsert: (object) => {
      this.strings.internAll(object);
      return this.model.upsert(object);
    },
    remove: (object) => this.model.remove(object),
  };

  private constructor(options: ConnectOptions, transport: KubeTransport, discovery: Discovery) {
    this.options = options;
    this.transport = transport;
    this.discovery = discovery;
    this.label = {
      server: options.kubeconfig.server,
      context: options.kubeconfig.context,
      user: options.kubeconfig.user,
    };
    this.model = new ClusterModel({ at: options.at ?? new Date().toISOString() });
    this.evidence = new EvidenceFetcher(transport, this.model);
  }

  /** Builds the transport and asks the server what it serves; ConnectionError when it cannot. */
  static async connect(options: ConnectOptions): Promise<ClusterSource> {
    const { kubeconfig } = options;
    const transport =
      options.transport ??
      new HttpsTransport(kubeconfig.connection, {
        ...(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }),
      });
    let discovery: Discovery;
    try {
      discovery = await discover(transport, options.connectSignal);
    } catch (error) {
      throw new ConnectionError(
        describeConnectionError(error, {
          server: kubeconfig.server,
          context: kubeconfig.context,
          user: kubeconfig.user,
        }),
      );
    }
    return new ClusterSource(options, transport, discovery);
  }

  /** The served GitOps kinds, Flux first. */
  get served(): readonly ServedKind[] {
    return [...this.discovery.flux.served, ...this.discovery.argo.served];
  }

  coverage(): Coverage {
    const { namespace } = this.options;
    return {
      server: this.label.server,
      context: this.label.context,
      flux: this.discovery.flux,
      argo: this.discovery.argo,
      ...(namespace === undefined ? {} : { namespace }),
      hidden: [...this.discovery.hidden, ...(this.watchSet?.hidden ?? []), ...this.extraHidden],
    };
  }

  get state(): ConnectionState {
    return this.watchSet?.state ?? 'connecting';
  }

  subscribe(listener: (event: ClusterSourceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private newWatchSet(mode: 'once' | 'watch'): WatchSet {
    const set = new WatchSet({
      transport: this.transport,
      sink: this.sink,
      resources: pictureResources(this.served),
      mode,
      fallbackNamespace: this.options.kubeconfig.namespace,
      ...(this.options.namespace === undefined ? {} : { namespace: this.options.namespace }),
      ...this.options.watch,
    });
    set.subscribe((event) => {
      this.tellHiddenApplications();
      for (const listener of [...this.listeners]) listener(event);
    });
    return set;
  }

  /**
   * Lists everything once into the model (strata report). Forbidden kinds and namespaces end up
   * in `coverage().hidden`; any other failure (server gone, 401, repeated errors) throws a
   * ConnectionError.
   */
  async loadOnce(): Promise<void> {
    if (this.watchSet !== undefined) throw new Error('this ClusterSource already lists or watches');
    this.watchSet = this.newWatchSet('once');
    try {
      await this.watchSet.runOnce();
    } catch (error) {
      const cause = error instanceof ListFailedError ? error.cause : error;
      throw new ConnectionError(describeConnectionError(cause, this.label));
    }
    this.tellHiddenApplications();
  }

  /**
   * Tells the model where Applications cannot be seen (RBAC, or `-n`), so a tracking id naming
   * one there still counts as its manager instead of an orphaned claim (contract §4 rule 4).
   */
  private tellHiddenApplications(): void {
    const hidden = this.coverage().hidden.filter((h) => h.kind === 'Application');
    let scope: HiddenApplications;
    if (hidden.some((h) => h.namespace === undefined)) scope = 'all';
    else if (this.options.namespace !== undefined) scope = { onlyVisible: this.options.namespace };
    else scope = hidden.flatMap((h) => (h.namespace === undefined ? [] : [h.namespace]));
    this.model.setHiddenApplications(scope);
  }

  /** Lists, then watches every resource until stop(); follow it with subscribe() and `state`. */
  start(): void {
    if (this.watchSet !== undefined) throw new Error('this ClusterSource already lists or watches');
    this.watchSet = this.newWatchSet('watch');
    this.watchSet.start();
  }

  /** Resolves once every resource has been listed (or found hidden). */
  async synced(): Promise<void> {
    await this.watchSet?.synced();
  }

  /** Fetches evidence objects for `roots` (default: the roots not ready now) into the model. */
  async fetchEvidence(roots?: readonly Ref[], options: EvidenceOptions = {}): Promise<EvidenceResult> {
    const result = await this.evidence.fetch(roots, { signal: this.session.signal, ...options });
    for (const entry of result.hidden) {
      const known = this.extraHidden.some(
        (h) => h.kind === entry.kind && h.namespace === entry.namespace && h.reason === entry.reason,
      );
      if (!known) this.extraHidden.push(entry);
    }
    return result;
  }

  /**
   * The Events about one object (all types, newest last as the server lists them), read on
   * demand: for a describe view. Rejects with the server's message when they cannot be read.
   */
  async fetchEvents(ref: Ref, options: { readonly limit?: number } = {}): Promise<unknown[]> {
    if (ref.namespace === undefined) return [];
    const body = await requestOk(this.transport, {
      method: 'GET',
      path: collectionPath(EVENTS, ref.namespace),
      query: {
        fieldSelector: `involvedObject.kind=${ref.kind},involvedObject.name=${ref.name}`,
        limit: String(options.limit ?? 100),
      },
      signal: this.session.signal,
    });
    return asArray(field(body, 'items')).flatMap((item) => prepareObject(EVENTS, item) ?? []);
  }

  /**
   * The logs of a container of the Pod `ref`. Unless told, the container is the failing one (or
   * the first), and its previous instance is read when it has restarted (a crash loop), judged
   * from the Pod as the model holds it, else as the server has it now (when it may be read).
   */
  async fetchLogs(ref: Ref, options: Omit<FetchLogsOptions, 'signal'> = {}): Promise<LogsResult> {
    let container = options.container;
    let previous = options.previous;
    if (ref.kind === 'Pod' && (container === undefined || previous === undefined)) {
      const target = defaultLogTarget(await this.podFor(ref), container);
      container ??= target.container;
      previous ??= target.previous;
    }
    return fetchLogs(this.transport, ref, {
      ...options,
      ...(container === undefined ? {} : { container }),
      previous: previous === true,
      signal: this.session.signal,
    });
  }

  /** Follows a container's new log lines until the stream ends, `signal` aborts, or stop(). */
  followLogs(
    ref: Ref,
    options: Omit<FollowLogsOptions, 'signal'> & { readonly signal?: AbortSignal },
    onLines: (lines: readonly string[]) => void,
  ): Promise<FollowEnd> {
    const signal =
      options.signal === undefined
        ? this.session.signal
        : AbortSignal.any([options.signal, this.session.signal]);
    return followLogs(this.transport, ref, { ...options, signal }, onLines);
  }

  /** The Pod as the model holds it (evidence brings failing roots' Pods), else read once. */
  private async podFor(ref: Ref): Promise<unknown> {
    const held = objectIndex(this.model.view()).object(makeRef('Pod', ref.namespace, ref.name));
    if (readKubeObject(held)?.group === '') return held;
    if (ref.namespace === undefined) return undefined;
    try {
      const body = await requestOk(this.transport, {
        method: 'GET',
        path: objectPath(PODS, ref.namespace, ref.name),
        signal: this.session.signal,
      });
      return prepareObject(PODS, body);
    } catch {
      // Not readable (RBAC) or gone: the logs request says so in the server's words.
      return undefined;
    }
  }

  /**
   * Whether the namespace exists: false on 404, undefined when the server will not say (no right
   * to read namespaces, or another failure), so a user without that right is not refused.
   */
  async namespaceExists(name: string, signal?: AbortSignal): Promise<boolean | undefined> {
    try {
      const response = await this.transport.request({
        method: 'GET',
        path: objectPath(NAMESPACES, undefined, name),
        signal: signal ?? this.session.signal,
      });
      if (response.status === 404) return false;
      return response.status === 200 ? true : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Objects of one resource read once (Pods and ReplicaSets for `:pods`), trimmed as the watchers
   * trim them; at most `limit` (`more` says the server had more). Rejects in the server's words.
   */
  async listObjects(
    spec: ClusterResource,
    namespace: string | undefined,
    limit = 1000,
  ): Promise<{ readonly items: readonly unknown[]; readonly more: boolean }> {
    const body = await requestOk(this.transport, {
      method: 'GET',
      path: collectionPath(spec, namespace),
      query: { limit: String(limit) },
      signal: this.session.signal,
    });
    const items = asArray(field(body, 'items')).flatMap((item) => prepareObject(spec, item) ?? []);
    const more =
      typeof field(body, 'metadata', 'continue') === 'string' && field(body, 'metadata', 'continue') !== '';
    return { items, more };
  }

  /** The names of the cluster's namespaces, sorted; undefined when they may not be listed. */
  async listNamespaces(): Promise<readonly string[] | undefined> {
    try {
      const body = await requestOk(this.transport, {
        method: 'GET',
        path: collectionPath(NAMESPACES),
        signal: this.session.signal,
      });
      return asArray(field(body, 'items'))
        .map((item) => readKubeObject(item)?.name)
        .filter((name): name is string => name !== undefined)
        .sort();
    } catch {
      return undefined;
    }
  }

  /**
   * Who the server says we are (a SelfSubjectReview, as `kubectl auth whoami`), read once: the
   * name Argo CD records as the sync's initiator. Falls back to the kubeconfig's user name.
   */
  username(): Promise<string | undefined> {
    this.whoAmI ??= requestOk(this.transport, {
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      contentType: 'application/json',
      signal: this.session.signal,
    }).then(
      (body) => {
        const name = field(body, 'status', 'userInfo', 'username');
        return typeof name === 'string' && name !== '' ? name : this.label.user;
      },
      () => this.label.user,
    );
    return this.whoAmI;
  }

  /** Runs an action on the object behind `ref`, as the server has it now. */
  applyAction(name: ActionName, ref: Ref, options: ApplyActionOptions = {}): Promise<ActionResult> {
    return applyAction(this.transport, this.served, name, ref, { signal: this.session.signal, ...options });
  }

  /** Aborts every list and watch, and every read still running. */
  async stop(): Promise<void> {
    this.session.abort();
    await this.watchSet?.stop();
  }
}
