import type { Ref } from './ref.ts';

/** Readiness of a node (diagnosis contract §2). */
export type Readiness = 'ready' | 'progressing' | 'failing' | 'unknown';

/** Reported state: readiness, or suspended, or a root that is a missing object or a cycle. */
export type State = Readiness | 'suspended' | 'missing' | 'cycle';

/** Who manages an object (§4). */
export type Layer = 'flux' | 'argo' | 'both' | 'helm' | 'unmanaged';

export type ConflictType = 'flux-and-argo' | 'multiple-argo' | 'multiple-flux';

export type WarningType =
  | 'dependency-cycle'
  | 'missing-reference'
  | 'stale-source'
  | 'stale-generation'
  | 'orphaned-tracking'
  | 'stale-inputs'
  | 'policy-without-latest';

export interface LayerSummary {
  readonly total: number;
  readonly ready: number;
  readonly notReady: number;
  readonly suspended: number;
}

/** A Warning event about an evidence object, newest first. */
export interface EvidenceEvent {
  readonly reason?: string;
  readonly message?: string;
  readonly lastSeen?: string;
  readonly count?: number;
}

/** A container's last termination (`lastState.terminated`), as a failed Pod reports it. */
export interface ContainerTermination {
  readonly container: string;
  readonly reason?: string;
  readonly exitCode?: number;
  /** The termination message (the container's last words, e.g. a panic or an OOM note). */
  readonly message?: string;
}

/** A Kubernetes object inside a root that is not healthy (§7). */
export interface ReportEvidence {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly state: State;
  readonly reason?: string;
  readonly message?: string;
  /** Its newest Warning events, when the input has them. */
  readonly events?: readonly EvidenceEvent[];
  /** A Pod's failed container: its last termination. */
  readonly terminated?: ContainerTermination;
}

/** What the report says of one node, as a root cause or as an object: its state and why. */
export interface ReportNodeState {
  readonly ref: Ref;
  readonly state: State;
  readonly reason?: string;
  readonly message?: string;
  /** When it stopped being ready (§5 since), when known. */
  readonly since?: string;
  readonly evidence: readonly ReportEvidence[];
}

export interface ReportRootCause extends ReportNodeState {
  /** Members of a `cycle` root, sorted; empty otherwise. */
  readonly members: readonly Ref[];
  /** Not-ready nodes whose roots include this one, sorted; its length is the blast radius. */
  readonly impacted: readonly Ref[];
}

export interface ReportObject extends ReportNodeState {
  readonly layer: Layer;
  /** §2 "not ready" negated: the one definition every count uses (suspended and failing is not ready). */
  readonly ready: boolean;
  /** Refs of this node's roots; empty when the node is ready. */
  readonly rootCauses: readonly Ref[];
  /** The not-ready nodes whose explanation names this one (its direct dependents), sorted. */
  readonly blocks: readonly Ref[];
}

export interface ConflictResource {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ReportConflict {
  readonly resource: ConflictResource;
  readonly type: ConflictType;
  readonly managers: readonly Ref[];
}

export interface ReportWarning {
  readonly type: WarningType;
  readonly ref: Ref;
  readonly message: string;
}

/** `strata report --output json` (§6). */
export interface Report {
  readonly apiVersion: 'strata/v1';
  readonly kind: 'Report';
  readonly at: string;
  readonly summary: { readonly flux: LayerSummary; readonly argo: LayerSummary };
  /** Ranked by blast radius, largest first, then by ref. */
  readonly rootCauses: readonly ReportRootCause[];
  readonly objects: readonly ReportObject[];
  readonly conflicts: readonly ReportConflict[];
  readonly warnings: readonly ReportWarning[];
}
