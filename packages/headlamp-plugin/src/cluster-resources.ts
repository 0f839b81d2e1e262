/**
 * The resources the plugin reads, in one place: watched for the picture (the served GitOps kinds,
 * Deployments, StatefulSets, argocd-cm, Namespaces) and read on demand as a root's evidence
 * (ReplicaSets, Pods, DaemonSets, Warning Events).
 */
import { asRecord, GITOPS_KINDS, type JsonRecord, type Tool } from '@strata/core';

export interface ClusterResource {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly tool?: Tool;
  readonly fieldSelector?: string;
}

export function apiVersionOf(resource: Pick<ClusterResource, 'group' | 'version'>): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

export function collectionPath(resource: ClusterResource, namespace?: string): string {
  const base =
    resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  return resource.namespaced && namespace !== undefined
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
    : `${base}/${resource.plural}`;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The object as the core receives it: apiVersion and kind set, without managedFields and last-applied. */
export function prepareObject(resource: ClusterResource, raw: unknown): JsonRecord | undefined {
  const record = asRecord(raw);
  if (record === undefined) return undefined;
  const { managedFields: _managedFields, ...rest } = asRecord(record.metadata) ?? {};
  const annotations = asRecord(rest.annotations);
  let metadata: JsonRecord = rest;
  if (annotations !== undefined && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...kept } = annotations;
    metadata = { ...rest, annotations: kept };
  }
  return { ...record, metadata, apiVersion: apiVersionOf(resource), kind: resource.kind };
}

const builtin = (
  kind: string,
  group: string,
  plural: string,
  namespaced: boolean,
  fieldSelector?: string,
): ClusterResource => ({
  kind,
  group,
  version: 'v1',
  plural,
  namespaced,
  ...(fieldSelector === undefined ? {} : { fieldSelector }),
});

export const NAMESPACES = builtin('Namespace', '', 'namespaces', false);

export const EVIDENCE_RESOURCES: readonly ClusterResource[] = [
  builtin('ReplicaSet', 'apps', 'replicasets', true),
  builtin('Pod', '', 'pods', true),
  builtin('DaemonSet', 'apps', 'daemonsets', true),
  builtin('Event', '', 'events', true, 'type=Warning'),
];

/** Everything a live picture lists and watches: the served GitOps kinds, workloads, argocd-cm. */
export function pictureResources(served: readonly ClusterResource[]): ClusterResource[] {
  return [
    ...served,
    builtin('Deployment', 'apps', 'deployments', true),
    builtin('StatefulSet', 'apps', 'statefulsets', true),
    builtin('ConfigMap', '', 'configmaps', true, 'metadata.name=argocd-cm'),
  ];
}

/** The GitOps kinds of GITOPS_KINDS the server serves, each at the newest served version the core reads. */
export function servedGitOpsResources(
  groups: readonly { name: string; versions?: readonly { version: string }[] }[],
): ClusterResource[] {
  const served = new Map(groups.map((g) => [g.name, new Set((g.versions ?? []).map((v) => v.version))]));
  const out: ClusterResource[] = [];
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
