import { describe, expect, it } from 'vitest';
import {
  ARGOCD_CM,
  apiVersionOf,
  BUILTIN_NEEDS,
  CLUSTER_NEEDS,
  collectionPath,
  EVIDENCE_RESOURCES,
  listPath,
  NAMESPACES,
  objectPath,
  PODS,
  pictureResources,
  prepareObject,
  type ServedKind,
  slimMetadata,
  trimGitOps,
  trimPod,
  trimWorkload,
} from './cluster-needs.ts';
import { GITOPS_KINDS, gitOpsKindNamed } from './gitops-kinds.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const ks = gitOpsKindNamed('Kustomization')!;
/** Kustomizations as discovery finds them served. */
const KUSTOMIZATIONS: ServedKind = { ...ks, version: 'v1', namespaced: true };

describe('the kinds core needs', () => {
  it('lists every GitOps kind for the picture, with the versions GITOPS_KINDS gives it', () => {
    for (const kind of GITOPS_KINDS) {
      const need = CLUSTER_NEEDS.find((n) => n.kind === kind.kind && n.group === kind.group);
      expect(need, kind.kind).toBeDefined();
      expect(need?.versions).toBe(kind.versions);
      expect(need?.role).toBe('picture');
      expect(need?.tool).toBe(kind.tool);
      expect(need?.trim).toBe(trimGitOps);
    }
  });

  it('reads Deployments, StatefulSets and argocd-cm for the picture, nothing else built in', () => {
    const picture = CLUSTER_NEEDS.filter((n) => n.role === 'picture' && n.tool === undefined);
    expect(picture.map((n) => `${n.kind} ${n.fieldSelector ?? ''}`.trim())).toEqual([
      'Deployment',
      'StatefulSet',
      'ConfigMap metadata.name=argocd-cm',
    ]);
  });

  it("reads a root's evidence on demand: ReplicaSets, Pods, DaemonSets, Warning Events", () => {
    expect(EVIDENCE_RESOURCES.map((r) => `${r.kind} ${r.fieldSelector ?? ''}`.trim())).toEqual([
      'ReplicaSet',
      'Pod',
      'DaemonSet',
      'Event type=Warning',
    ]);
  });

  it('never reads a Secret', () => {
    expect(CLUSTER_NEEDS.some((n) => n.kind === 'Secret' || n.plural === 'secrets')).toBe(false);
  });

  it('gives each built-in exactly one version, the one it is read at', () => {
    for (const need of BUILTIN_NEEDS) expect(need.versions).toEqual([need.version]);
  });

  it('lists and watches the served GitOps kinds, then the built-ins of the picture', () => {
    const resources = pictureResources([KUSTOMIZATIONS]);
    expect(resources.map((r) => `${apiVersionOf(r)} ${r.kind}`)).toEqual([
      'kustomize.toolkit.fluxcd.io/v1 Kustomization',
      'apps/v1 Deployment',
      'apps/v1 StatefulSet',
      'v1 ConfigMap',
    ]);
    expect(resources[0]?.trim).toBe(trimGitOps);
    expect(resources[3]).toBe(ARGOCD_CM);
  });
});

describe('paths', () => {
  it('builds collection and object paths for the core group and named groups', () => {
    expect(collectionPath(PODS)).toBe('/api/v1/pods');
    expect(collectionPath(PODS, 'team a')).toBe('/api/v1/namespaces/team%20a/pods');
    expect(objectPath(PODS, 'ns', 'web-1')).toBe('/api/v1/namespaces/ns/pods/web-1');
    expect(collectionPath(NAMESPACES, 'ignored')).toBe('/api/v1/namespaces');
    expect(objectPath(NAMESPACES, undefined, 'flux-system')).toBe('/api/v1/namespaces/flux-system');
    const kustomizations = pictureResources([KUSTOMIZATIONS])[0]!;
    expect(listPath(ARGOCD_CM)).toBe('/api/v1/configmaps?fieldSelector=metadata.name%3Dargocd-cm');
    expect(listPath(PODS, 'ns')).toBe('/api/v1/namespaces/ns/pods');
    expect(collectionPath(kustomizations, 'flux-system')).toBe(
      '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations',
    );
  });
});

describe('what of each object is kept', () => {
  const metadata = {
    name: 'web',
    namespace: 'team-a',
    managedFields: [{ manager: 'kubectl' }],
    annotations: { [LAST_APPLIED]: '{"big":true}', keep: 'me' },
  };

  it('drops managedFields and the last-applied annotation, keeps the other annotations', () => {
    expect(slimMetadata(metadata)).toEqual({ name: 'web', namespace: 'team-a', annotations: { keep: 'me' } });
    expect(slimMetadata(undefined)).toEqual({});
  });

  it('keeps a workload’s replicas, container names and images, and status', () => {
    const trimmed = trimWorkload({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'web', image: 'web:1', env: [{ name: 'A' }] }] } },
      },
      status: { readyReplicas: 1 },
    });
    expect(trimmed).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a', annotations: { keep: 'me' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
      status: { readyReplicas: 1 },
    });
  });

  it('keeps of a Pod its status and container names, not the rest of its spec', () => {
    const trimmed = trimPod({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata,
      spec: {
        nodeName: 'node-1',
        containers: [{ name: 'web', image: 'web:1', command: ['x'] }],
        volumes: [{ name: 'data' }],
      },
      status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [{ name: 'web', ready: true }] },
    });
    expect(trimmed.spec).toEqual({ containers: [{ name: 'web' }], nodeName: 'node-1' });
    expect(trimmed.status).toEqual({ phase: 'Running', containerStatuses: [{ name: 'web', ready: true }] });
  });

  it('keeps argocd-cm’s data and a Namespace’s metadata only', () => {
    expect(prepareObject(ARGOCD_CM, { metadata, data: { 'application.instanceLabelKey': 'x' } })).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web', namespace: 'team-a', annotations: { keep: 'me' } },
      data: { 'application.instanceLabelKey': 'x' },
    });
    expect(
      prepareObject(NAMESPACES, { metadata: { name: 'a' }, spec: { finalizers: ['kubernetes'] } }),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a' },
    });
  });

  it('sets apiVersion and kind on a list item that lacks them, and refuses what is no object', () => {
    expect(prepareObject(PODS, { metadata: { name: 'p' } })).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    expect(prepareObject(PODS, 'nope')).toBeUndefined();
    expect(prepareObject(PODS, null)).toBeUndefined();
  });
});
