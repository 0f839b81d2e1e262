/**
 * @strata/core: the diagnosis engine. Pure and synchronous: plain Kubernetes objects in, the
 * combined Flux / Argo CD picture out. No I/O, no Node built-ins: safe in a browser bundle.
 */
export * from './actions/index.ts';
export { type ArgoResource, readArgoResources } from './argo-facts.ts';
export type { ArgoCdSettings } from './argocd-settings.ts';
export { ClusterModel, type ClusterModelOptions, type HiddenApplications } from './cluster-model.ts';
export {
  ARGOCD_CM,
  apiVersionOf,
  BUILTIN_NEEDS,
  type BuiltinNeed,
  builtinResources,
  CLUSTER_NEEDS,
  type ClusterNeed,
  type ClusterNeedRole,
  type ClusterResource,
  collectionPath,
  DAEMONSETS,
  DEPLOYMENTS,
  EVENTS,
  EVIDENCE_RESOURCES,
  gitOpsResource,
  listPath,
  NAMESPACES,
  objectPath,
  PODS,
  pictureResources,
  prepareObject,
  REPLICASETS,
  type ServedKind,
  STATEFULSETS,
  servedKind,
  slimMetadata,
  type Trim,
  trimEvent,
  trimGitOps,
  trimPod,
  trimWorkload,
  WARNING_EVENTS,
} from './cluster-needs.ts';
export type { ClusterView } from './cluster-view.ts';
export { diagnose } from './diagnose.ts';
export {
  type EvidenceNamespace,
  type EvidenceNamespaceLimits,
  evidenceNamespaces,
} from './evidence-namespaces.ts';
export {
  CONTROLLERS,
  type ControllerName,
  GITOPS_KINDS,
  type GitOpsKind,
  gitOpsKindNamed,
  gitOpsKindOf,
  type Tool,
} from './gitops-kinds.ts';
export type { Edge, EdgeType, GraphNode, NodeFacts } from './graph-types.ts';
export { type InventoryId, parseInventoryId } from './inventory-id.ts';
export { type KubeObject, kubeObjectProblem, readKubeObject, type StringEntries } from './kube-object.ts';
export type { Manager, ManagerEvidence, ManagerType, Ownership } from './ownership-types.ts';
export {
  asArray,
  asBoolean,
  asName,
  asNumber,
  asRecord,
  asString,
  field,
  type JsonRecord,
  stringMap,
} from './plain-json.ts';
export {
  defaultLogTarget,
  FAILING_WAIT_REASONS,
  type LogTarget,
  type PodContainer,
  podContainers,
  podRestarts,
} from './pod-status.ts';
export { compareRefs, formatRef, makeRef, type Ref, refFromKey, refKey, refKeyOf } from './ref.ts';
export type * from './report-types.ts';
export {
  type ResourceEntry,
  type ResourceTree,
  type ResourceTreeNode,
  resourceTreeOf,
} from './resource-tree.ts';
export { parseTrackingId, type TrackingId } from './tracking-id.ts';
export * from './views/index.ts';
export { type WorkloadHealth, workloadHealth } from './workload-health.ts';
