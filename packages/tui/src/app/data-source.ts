/**
 * The seam between the terminal UI and where its picture comes from: the built-in demo
 * (src/demo) or a live cluster (src/cluster). The UI reads only through this interface, so the
 * same screens show either, and tests drive the UI with the demo on a manual clock.
 */
import type { ActionName, ClusterView, Ref, Report } from '@strata/core';
import type { LogsResult } from '@strata/kube';

/**
 * How the picture is fed: `connecting` while the first lists arrive, `live` watching,
 * `reconnecting` after a dropped watch, `stale` when it gave up.
 */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'demo' | 'failed';

/** What the source could not see, and why (RBAC refusals, kinds the cluster does not serve). */
export interface HiddenNote {
  readonly what: string;
  readonly why: string;
}

/** Flux and Argo CD versions seen on the cluster (`v2.9.1`, `v3.2.1`). */
export interface VersionsSeen {
  readonly flux?: string;
  readonly argo?: string;
}

export interface SourceDescription {
  readonly context: string;
  readonly cluster: string;
  readonly user: string;
  readonly namespace: string | 'all';
  readonly readOnly: boolean;
}

export interface Snapshot {
  /** Why this source is the one shown (the demo on a first run). */
  readonly notice?: string;
  /** With `connection: 'failed'`: why the cluster could not be opened; the UI ends with it (exit 2). */
  readonly failure?: string;
  /** `view.report`. */
  readonly report: Report;
  /** The picture of this moment: nodes, objects and ownership as the report saw them; never changes. */
  readonly view: ClusterView;
  readonly connection: ConnectionState;
  readonly hidden: readonly HiddenNote[];
  readonly versions: VersionsSeen;
  /** The cluster's namespaces, sorted, when known (for `:ns`); undefined when they may not be listed. */
  readonly namespaces?: readonly string[];
}

/** How to run an action: the dialog's choice, and the uid of the object the user confirmed. */
export interface ApplyOptions {
  /** Nothing is sent when the object by that name now has another uid (deleted and created again). */
  readonly uid?: string;
  readonly force?: boolean;
  readonly reset?: boolean;
  readonly hard?: boolean;
  readonly prune?: boolean;
  readonly dryRun?: boolean;
}

export type ApplyResult =
  | { readonly ok: true; readonly summary: string }
  | { readonly ok: false; readonly error: string };

/** Which logs to read; unset fields are the source's choice (see DataSource.logs). */
export interface LogsOptions {
  /** The container; by default the failing one (or the first). */
  readonly container?: string;
  /** The previous (terminated) instance; by default when the container has restarted (a crash loop). */
  readonly previous?: boolean;
  /** Lines from the end, default 100. */
  readonly tailLines?: number;
}

/** Logs as a source answers them: the cluster adapter's type (a type only: nothing of the adapter loads). */
export type { LogsResult };

/** Whose Pods `:pods` lists: an object's (its workloads'), or a namespace's (`all`: every one). */
export type PodsScope = { readonly of: Ref } | { readonly namespace: string };

/** Pods read on demand: under way, read (with a note when cut short), or why they cannot be. */
export type PodsRead =
  | { readonly state: 'loading' }
  | { readonly state: 'done'; readonly pods: readonly unknown[]; readonly note?: string }
  | { readonly state: 'error'; readonly error: string };

export interface DataSource {
  readonly kind: 'demo' | 'live';
  describe(): SourceDescription;
  /** `listener` is called whenever the picture changed; the UI throttles its redraws itself. */
  subscribe(listener: () => void): () => void;
  /** The current picture. The same object until something changes; reading it never starts a fetch. */
  snapshot(): Snapshot;
  /** The raw object (for describe and YAML); Secrets never carry data. */
  object(ref: Ref): unknown | undefined;
  /**
   * The Pods of a scope, read on demand like events: the first call starts the read (and answers
   * `loading`), the UI is told when it lands; a later call may read them again when they are old.
   */
  pods?(scope: PodsScope): PodsRead;
  /** Events about the object, as Kubernetes Event objects. */
  events(ref: Ref): readonly unknown[];
  apply(action: ActionName, ref: Ref, options?: ApplyOptions): Promise<ApplyResult>;
  /** The last lines of a container of the Pod `ref`, read when asked (never cached by the source). */
  logs(ref: Ref, options?: LogsOptions): Promise<LogsResult>;
  /**
   * Follows the new lines of a container (sources that can stream them): `onLines` gets each batch
   * until the stream ends (resolves: the server closed it, or an error in one line) or `signal` aborts.
   */
  followLogs?(
    ref: Ref,
    options: { readonly container?: string; readonly signal: AbortSignal },
    onLines: (lines: readonly string[]) => void,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly error: string }>;
  /**
   * The roots whose chain is on screen (none when no chain is): a live source refreshes their
   * evidence (Pods, restarts, Warning events) more often while they are shown.
   */
  focus?(roots: readonly Ref[]): void;
  close(): void;
}

/** What `strata` was asked for on its command line, handed to whatever builds the source. */
export interface SourceOptions {
  /** `--demo`: the built-in demo, whatever else is reachable. */
  readonly demo: boolean;
  readonly readOnly: boolean;
  /** `-n NAME`; undefined means all namespaces (`-A`, or nothing given). */
  readonly namespace?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
}

/**
 * The source to show, and a line saying why it is that one (shown in the header); or why there is
 * none (one line for stderr: a kubeconfig, context or namespace that fails, an unreachable server).
 */
export type OpenedSource =
  | {
      readonly source: DataSource;
      /** e.g. `DEMO: no kubeconfig found` when the demo opens on a first run. */
      readonly notice?: string;
    }
  | { readonly error: string };

export type SourceFactory = (options: SourceOptions) => Promise<OpenedSource>;
