/**
 * @strata/kube: the Node cluster adapter the `strata` command, its tests and the bench read a
 * cluster through: kubeconfig and credentials, transport, discovery, list + watch into the core's
 * model, what RBAC hides, evidence, logs and actions. What it reads, and what of each object it
 * keeps, is the core's list (packages/core/src/cluster-needs.ts).
 */
export { type ActionResult, type ApplyActionOptions, applyAction } from './actions.ts';
export { Backoff, type BackoffOptions } from './backoff.ts';
export {
  ClusterSource,
  type ClusterSourceEvent,
  ConnectionError,
  type ConnectOptions,
  namespaceMissing,
} from './cluster-source.ts';
export {
  type Coverage,
  coverageNotes,
  type HiddenEntry,
  type ServedKind,
  type ToolCoverage,
} from './coverage.ts';
export { type Discovery, discover } from './discovery.ts';
export { parseDuration } from './duration.ts';
export {
  type ConnectionLabel,
  describeConnectionError,
  firstLine,
  KubeApiError,
  TransportError,
} from './errors.ts';
export { EvidenceFetcher, type EvidenceOptions, type EvidenceResult } from './evidence.ts';
export {
  type KubeconfigOptions,
  type KubeconfigResult,
  kubeconfigContexts,
  loadKubeconfig,
  type ResolvedKubeconfig,
} from './kubeconfig.ts';
export type { KubeCluster, KubeConnection, KubeUser } from './kubeconfig-model.ts';
export {
  DEFAULT_LIMIT_BYTES,
  DEFAULT_TAIL_LINES,
  describeLogsError,
  type FetchLogsOptions,
  fetchLogs,
  type LogsResult,
  splitLogLines,
} from './logs.ts';
export {
  defaultLogTarget,
  type LogTarget,
  type PodContainer,
  podContainers,
  podRestarts,
} from './pod-containers.ts';
export { type ClusterReportOptions, type ClusterReportResult, clusterReport } from './report-from-cluster.ts';
export {
  HttpsTransport,
  type HttpsTransportOptions,
  type KubeRequest,
  type KubeResponse,
  type KubeTransport,
  type RawWatchEvent,
  requestOk,
} from './transport.ts';
export { type ConnectionState, WatchSet, type WatchSetEvent, type WatchSetOptions } from './watch-set.ts';
export {
  type ObjectSink,
  ResourceWatcher,
  type WatcherEvent,
  type WatcherPhase,
  type WatchTarget,
} from './watcher.ts';
