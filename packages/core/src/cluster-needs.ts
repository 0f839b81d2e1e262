/**
 * What the core needs from a cluster, in one list every surface reads: each resource kind, where
 * it lives on the API (group, the versions the core reads, plural, scope), which of its objects
 * (a field selector), what it is for, and what of each object is kept: GitOps objects whole (but
 * for managedFields and last-applied), everything else trimmed to what the core reads, so a
 * cluster with thousands of Deployments or Pods stays small in memory. Secrets are never read.
 */
import { GITOPS_KINDS, type Tool } from './gitops-kinds.ts';
import { asArray, asRecord, type JsonRecord } from './plain-json.ts';

/**
 * - `picture`: listed and watched; the objects the diagnosis is made of.
 * - `evidence`: read on demand, in the namespaces of the roots that are not ready, so the core
 *   can follow a failing root down to the Pod that crashes (docs/diagnosis.md §7).
 * - `lookup`: read on demand for one view: the namespace list, one object's events.
 */
export type ClusterNeedRole = 'picture' | 'evidence' | 'lookup';

/** What of an object is kept; the input is the object as served, apiVersion and kind set. */
export type Trim = (object: JsonRecord) => JsonRecord;

/** One resource at one version: what a request is built from. */
export interface ClusterResource {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  /** The plural resource name of the URL. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Set for GitOps kinds. */
  readonly tool?: Tool;
  readonly fieldSelector?: string;
  readonly trim: Trim;
}

/** One kind the core needs, at any of the versions it reads. */
export interface ClusterNeed extends Omit<ClusterResource, 'version'> {
  /** Versions the core reads, newest first (a GitOps kind's come from GITOPS_KINDS). */
  readonly versions: readonly string[];
  readonly role: ClusterNeedRole;
}

/** A built-in kind: one version, so it is a resource as it stands. */
export type BuiltinNeed = ClusterNeed & ClusterResource;

export function apiVersionOf(resource: Pick<ClusterResource, 'group' | 'version'>): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

type PathParts = Pick<ClusterResource, 'group' | 'version' | 'plural' | 'namespaced'>;

/** `/apis/group/version[/namespaces/ns]/plural` (`/api/v1/…` for the core group). */
export function collectionPath(resource: PathParts, namespace?: string): string {
  const base =
    resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  return resource.namespaced && namespace !== undefined
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}`
    : `${base}/${resource.plural}`;
}

/**
 * The collection path with the resource's field selector as its query: one LIST of it, for a
 * client that takes a URL (the adapter's transport takes the selector as a query parameter).
 */
export function listPath(
  resource: PathParts & Pick<ClusterResource, 'fieldSelector'>,
  namespace?: string,
): string {
  const path = collectionPath(resource, namespace);
  return resource.fieldSelector === undefined
    ? path
    : `${path}?fieldSelector=${encodeURIComponent(resource.fieldSelector)}`;
}

export function objectPath(resource: PathParts, namespace: string | undefined, name: string): string {
  return `${collectionPath(resource, namespace)}/${encodeURIComponent(name)}`;
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

/** argocd-cm: its data holds the settings (docs/diagnosis.md §4). */
function trimConfigMap(object: JsonRecord): JsonRecord {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: slimMetadata(object.metadata),
    ...(object.data === undefined ? {} : { data: object.data }),
  };
}

function trimToMetadata(object: JsonRecord): JsonRecord {
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: slimMetadata(object.metadata) };
}

function builtin(resource: Omit<ClusterResource, 'tool'> & { readonly role: ClusterNeedRole }): BuiltinNeed {
  return { ...resource, versions: [resource.version] };
}

/** Deployments and StatefulSets, all of them: the controllers (§1) are found among them. */
export const DEPLOYMENTS = builtin({
  kind: 'Deployment',
  group: 'apps',
  version: 'v1',
  plural: 'deployments',
  namespaced: true,
  role: 'picture',
  trim: trimWorkload,
});

export const STATEFULSETS = builtin({
  kind: 'StatefulSet',
  group: 'apps',
  version: 'v1',
  plural: 'statefulsets',
  namespaced: true,
  role: 'picture',
  trim: trimWorkload,
});

/** Argo CD's settings: the one ConfigMap named argocd-cm, wherever it is. */
export const ARGOCD_CM = builtin({
  kind: 'ConfigMap',
  group: '',
  version: 'v1',
  plural: 'configmaps',
  namespaced: true,
  fieldSelector: 'metadata.name=argocd-cm',
  role: 'picture',
  trim: trimConfigMap,
});

export const REPLICASETS = builtin({
  kind: 'ReplicaSet',
  group: 'apps',
  version: 'v1',
  plural: 'replicasets',
  namespaced: true,
  role: 'evidence',
  trim: trimWorkload,
});

export const PODS = builtin({
  kind: 'Pod',
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
  role: 'evidence',
  trim: trimPod,
});

export const DAEMONSETS = builtin({
  kind: 'DaemonSet',
  group: 'apps',
  version: 'v1',
  plural: 'daemonsets',
  namespaced: true,
  role: 'evidence',
  trim: trimWorkload,
});

export const WARNING_EVENTS = builtin({
  kind: 'Event',
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
  fieldSelector: 'type=Warning',
  role: 'evidence',
  trim: trimEvent,
});

/** All Events (for one object's describe view). */
export const EVENTS = builtin({
  kind: 'Event',
  group: '',
  version: 'v1',
  plural: 'events',
  namespaced: true,
  role: 'lookup',
  trim: trimEvent,
});

export const NAMESPACES = builtin({
  kind: 'Namespace',
  group: '',
  version: 'v1',
  plural: 'namespaces',
  namespaced: false,
  role: 'lookup',
  trim: trimToMetadata,
});

/** The built-in kinds, in the order they are read. */
export const BUILTIN_NEEDS: readonly BuiltinNeed[] = [
  DEPLOYMENTS,
  STATEFULSETS,
  ARGOCD_CM,
  REPLICASETS,
  PODS,
  DAEMONSETS,
  WARNING_EVENTS,
  EVENTS,
  NAMESPACES,
];

/** Every Flux and Argo CD kind is namespaced. */
const GITOPS_NEEDS: readonly ClusterNeed[] = GITOPS_KINDS.map((kind) => ({
  kind: kind.kind,
  group: kind.group,
  versions: kind.versions,
  plural: kind.plural,
  namespaced: true,
  tool: kind.tool,
  role: 'picture',
  trim: trimGitOps,
}));

/** Everything the core needs from a cluster: the GitOps kinds (GITOPS_KINDS order), then the built-ins. */
export const CLUSTER_NEEDS: readonly ClusterNeed[] = [...GITOPS_NEEDS, ...BUILTIN_NEEDS];

/** The built-in kinds of a role, as resources. */
export function builtinResources(role: ClusterNeedRole): BuiltinNeed[] {
  return BUILTIN_NEEDS.filter((need) => need.role === role);
}

/** The resources read for a root's evidence: ReplicaSets, Pods, DaemonSets, Warning Events. */
export const EVIDENCE_RESOURCES: readonly ClusterResource[] = builtinResources('evidence');

/** A GitOps kind as the server serves it: the newest version of GITOPS_KINDS it lists, its scope. */
export interface ServedKind {
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly tool: Tool;
}

/** A served GitOps kind as a resource to list and watch. */
export function gitOpsResource(served: ServedKind): ClusterResource {
  return {
    kind: served.kind,
    group: served.group,
    version: served.version,
    plural: served.plural,
    namespaced: served.namespaced,
    tool: served.tool,
    trim: trimGitOps,
  };
}

/** Everything a live picture lists and watches: the served GitOps kinds, then the built-ins of the picture. */
export function pictureResources(served: readonly ServedKind[]): ClusterResource[] {
  return [...served.map(gitOpsResource), ...builtinResources('picture')];
}

/** The object as the core receives it: apiVersion and kind set (list items may lack them), trimmed. */
export function prepareObject(resource: ClusterResource, raw: unknown): JsonRecord | undefined {
  const record = asRecord(raw);
  if (record === undefined) return undefined;
  return resource.trim({ ...record, apiVersion: apiVersionOf(resource), kind: resource.kind });
}
