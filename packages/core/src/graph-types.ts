import type { ArgoAppFacts } from './argo-facts.ts';
import type { Condition } from './conditions.ts';
import type { FluxFacts } from './flux-facts.ts';
import type { ControllerSpec, GitOpsKind, Tool } from './gitops-kinds.ts';
import type { KubeObject } from './kube-object.ts';
import type { Manager } from './ownership-types.ts';
import type { NodeStatus } from './readiness.ts';
import type { Ref } from './ref.ts';
import type { ReportEvidence, State } from './report-types.ts';

/** Edge kinds of §3, from a node to what it needs. */
export type EdgeType =
  | 'dependsOn'
  | 'source'
  | 'parent'
  | 'generator'
  | 'controller'
  | 'installation'
  | 'project'
  | 'applies'
  | 'refers';

export interface Edge {
  readonly type: EdgeType;
  /** Key of the target node (which may be missing). */
  readonly to: string;
  readonly ref: Ref;
  /** E1 only: a readiness dependency (else mere existence, for ResourceSets). */
  readonly requireReady?: boolean;
}

/** What a node's own object says, read once per change of that object. */
export interface NodeFacts {
  readonly key: string;
  readonly ref: Ref;
  readonly object: KubeObject;
  readonly tool: Tool;
  /** Set for GitOps objects; controller workloads have `controller` instead. */
  readonly gitOpsKind?: GitOpsKind;
  readonly controller?: ControllerSpec;
  readonly flux?: FluxFacts;
  readonly argo?: ArgoAppFacts;
  /** ApplicationSet conditions. */
  readonly conditions?: readonly Condition[];
  /** Key of the ApplicationSet that generated this Application. */
  readonly generatedBy?: string;
}

/**
 * One node of the graph with everything derived for it. Never changed once made: the model
 * replaces a node when anything about it changes, so a ClusterView's nodes stay as they were.
 */
export interface GraphNode extends NodeFacts {
  readonly status: NodeStatus;
  readonly state: State;
  readonly managers: readonly Manager[];
  readonly edges: readonly Edge[];
  /** Keys of the nodes that account for this one, or null when ready (§5). */
  readonly explanation: readonly string[] | null;
  readonly evidence: readonly ReportEvidence[];
}

/** A node's explanation and the evidence gathered while finding it. */
export interface Explanation {
  readonly targets: readonly string[];
  readonly evidence: readonly ReportEvidence[];
}
