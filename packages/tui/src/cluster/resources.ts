/**
 * The resources the adapter reads, where they live on the API, and what of each object is kept:
 * GitOps objects whole (but for managedFields and last-applied), everything else trimmed to what
 * the core reads, so a cluster with thousands of Deployments or Pods stays small in memory.
 * Secrets are never read.
 */
import type { Tool } from '@strata/core';
import { asArray, asRecord, type JsonRecord } from '@strata/core';
import type { ServedKind } from './coverage.ts';

export interface ResourceSpec {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  /** The plural resource name of the URL. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Set for GitOps kinds. */
  readonly tool?: Tool;
  readonly fieldSelector?: string;
  /** What of each object is kept; the input is the object as served, apiVersion and kind set. */
  readonly trim: (object: JsonRecord) => JsonRecord;
}

export function apiVersionOf(spec: Pick<ResourceSpec, 'group' | 'version'>): string {
  return spec.group === '' ? spec.version : `${spec.group}/${spec.version}`;
}

/** `/apis/group/version[/namespaces/ns]/plural` */
export function collectionPath(
  spec: Pick<ResourceSpec, 'group' | 'version' | 'plural' | 'namespaced'>,
  namespace?: string,
): string {
  const base = spec.group === '' ? `/api/${spec.version}` : `/apis/${spec.group}/${spec.version}`;
  return spec.namespaced && namespace !== undefined
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${spec.plural}`
    : `${base}/${spec.plural}`;
}

export function objectPath(
  spec: Pick<ResourceSpec, 'group' | 'version' | 'plural' | 'namespaced'>,
  namespace: string | undefined,
  name: string,
): string {
  return `${collectionPath(spec, namespace)}/${encodeURIComponent(name)}`;
}

/** `Kustomization in all namespaces`, `Pod in namespace team-a`. */
export function describeScope(kind: string, namespace: string | undefined): string {
  return namespace === undefined ? `${kind} in all namespaces` : `${kind} in namespace ${namespace}`;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** metadata without managedFields and the last-applied annotation (often the largest parts). */
export function slimMetadata(metadata: unknown): JsonRecord {
  const record = asRecord(metadata) ?? {};
  const { managedFields: _managedFields, ...rest } = record;
  const annotations = asRecord(rest.annotations);
  if (annotations === undefined || !(LAST_APPLIED in annotations)) return rest;
  const { [LAST_APPLIED]: _lastApplied, ...kept } = annotations;
  return { ...rest, annotations: kept };
}

/** GitOps objects: everything the controllers wrote, but for the metadata bulk. */
export function trimGitOps(object: JsonRecord): JsonRecord {
  return { ...object, metadata: slimMetadata(object.metadata) };
}

function pick(record: JsonRecord | undefined, keys: readonly string[]): JsonRecord | undefined {
  if (record === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}

/**
 * Workloads (Deployment, StatefulSet, DaemonSet, ReplicaSet): identity, replicas, container
 * images (the Argo CD version is read from the controller's image) and status.
 */
export function trimWorkload(object: JsonRecord): JsonRecord {
  const spec = asRecord(object.spec);
  const containers = asArray(asRecord(asRecord(asRecord(spec?.template)?.spec))?.containers).map((c) =>
    pick(asRecord(c), ['name', 'image']),
  );
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: slimMetadata(object.metadata),
    spec: {
      ...(spec?.replicas === undefined ? {} : { replicas: spec.replicas }),
      template: { spec: { containers } },
    },
    ...(object.status === undefined ? {} : { status: object.status }),
  };
}

/**
 * Pods: identity, status, and of the spec only the container names (which containers logs can
 * be read from) and the node: the rest of the spec is the bulk, and the core does not read it.
 */
export function trimPod(object: JsonRecord): JsonRecord {
  const spec = asRecord(object.spec);
  const names = (list: unknown) => asArray(list).map((c) => pick(asRecord(c), ['name']));
  const status = pick(asRecord(object.status), [
    'phase',
    'reason',
    'message',
    'conditions',
    'containerStatuses',
    'initContainerStatuses',
  ]);
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: slimMetadata(object.metadata),
    ...(spec === undefined
      ? {}
      : {
          spec: {
            containers: names(spec.containers),
            ...(spec.initContainers === undefined ? {} : { initContainers: names(spec.initContainers) }),
            ...(spec.nodeName === undefined ? {} : { nodeName: spec.nodeName }),
          },
        }),
    ...(status === undefined ? {} : { status }),
  };
}

export function trimEvent(object: JsonRecord): JsonRecord {
  return { ...object, metadata: slimMetadata(object.metadata) };
}

/** Deployments and StatefulSets, all of them: the controllers (§1) are found among them. */
export const DEPLOYMENTS: ResourceSpec = {
  kind: 'Deployment',
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  namespaced: true,
  trim: trimWorkload,
};

export const STATEFULSETS: ResourceSpec = {
  kind: 'StatefulSet',
  group: 'apps',
  version: 'v1',
  plural: 'statefulsets',
  namespaced: true,
  trim: trimWorkload,
};

/** Argo CD's settings: the one ConfigMap named argocd-cm, wherever it is. */
export const ARGOCD_CM: ResourceSpec = {
  kind: 'ConfigMap',
  group: '',
  version: 'v1',
  plural: 'configmaps',
  namespaced: true,
  fieldSelector: 'metadata.name=argocd-cm',
  trim: (object) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: slimMetadata(object.metadata),
    ...(object.data === undefined ? {} : { data: object.data }),
  }),
};

export const REPLICASETS: ResourceSpec = {
  kind: 'ReplicaSet',
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  namespaced: true,
  trim: trimWorkload,
};

export const DAEMONSETS: ResourceSpec = {
  kind: 'DaemonSet',
  group: 'apps',
  version: 'v1',
  plural: 'daemonsets',
  namespaced: true,
  trim: trimWorkload,
};

export const PODS: ResourceSpec = {
  kind: 'Pod',
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
  trim: trimPod,
};

export const WARNING_EVENTS: ResourceSpec = {
  kind: 'Event',
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
  fieldSelector: 'type=Warning',
  trim: trimEvent,
};

/** All Events (for one object's describe view). */
export const EVENTS: ResourceSpec = {
  kind: 'Event',
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
  trim: trimEvent,
};

export const NAMESPACES: ResourceSpec = {
  kind: 'Namespace',
  group: '',
  version: 'v1',
  plural: 'namespaces',
  namespaced: false,
  trim: (object) => ({
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: slimMetadata(object.metadata),
  }),
};

/** The object as the sink receives it: apiVersion and kind set (list items may lack them), trimmed. */
export function prepareObject(spec: ResourceSpec, raw: unknown): JsonRecord | undefined {
  const record = asRecord(raw);
  if (record === undefined) return undefined;
  return spec.trim({ ...record, apiVersion: apiVersionOf(spec), kind: spec.kind });
}

/** The resource of a served GitOps kind. */
export function gitOpsResource(kind: ServedKind): ResourceSpec {
  return {
    kind: kind.kind,
    group: kind.group,
    version: kind.version,
    plural: kind.plural,
    namespaced: kind.namespaced,
    tool: kind.tool,
    trim: trimGitOps,
  };
}

/** Everything a live picture lists and watches: the served GitOps kinds, workloads, argocd-cm. */
export function watchedResources(served: readonly ServedKind[]): ResourceSpec[] {
  return [...served.map(gitOpsResource), DEPLOYMENTS, STATEFULSETS, ARGOCD_CM];
}
