/**
 * Users who may not read everything get a partial picture that says what is hidden and why,
 * never a crash: RBAC set up on a real API server with Roles and RoleBindings.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose, type Report } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Cluster, startCluster } from '../cluster/harness.ts';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_MS, strata } from './support.ts';

const { objects, at } = twoLayerPlatform();

/** Read access to Argo CD's kinds, workloads, Pods, Events and ConfigMaps; nothing of Flux. */
const ARGO_READER = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'strata-argo-reader' },
  rules: [
    {
      apiGroups: ['argoproj.io'],
      resources: ['applications', 'applicationsets', 'appprojects'],
      verbs: ['get', 'list', 'watch'],
    },
    {
      apiGroups: ['apps'],
      resources: ['deployments', 'statefulsets', 'replicasets', 'daemonsets'],
      verbs: ['get', 'list', 'watch'],
    },
    { apiGroups: [''], resources: ['pods', 'events', 'configmaps'], verbs: ['get', 'list', 'watch'] },
  ],
};

const NAMESPACE_LISTER = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'strata-namespace-lister' },
  rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list'] }],
};

function roleBinding(user: string, namespace: string, role: string) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `${user}-${role}`, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
}

const VISIBLE_NAMESPACES = ['argocd', 'team-a'];
const ARGO_KINDS = new Set(['Application', 'ApplicationSet', 'AppProject']);
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Pod', 'ConfigMap']);

let cluster: Cluster;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-adapter-rbac-'));
  cluster = await startCluster({ users: [{ name: 'viewer' }, { name: 'tenant' }] });
  await seed(cluster, [
    ...objects,
    ARGO_READER,
    NAMESPACE_LISTER,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'viewer-namespaces' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'strata-namespace-lister',
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'viewer' }],
    },
    ...VISIBLE_NAMESPACES.map((ns) => roleBinding('viewer', ns, 'strata-argo-reader')),
    roleBinding('tenant', 'argocd', 'strata-argo-reader'),
  ]);
}, CLUSTER_START_MS);

afterAll(async () => {
  await cluster?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function visibleTo(namespaces: readonly string[]): unknown[] {
  return objects.filter((o) => {
    const { kind, metadata } = o as { kind: string; metadata: { namespace?: string } };
    return (
      (ARGO_KINDS.has(kind) || WORKLOAD_KINDS.has(kind)) &&
      metadata.namespace !== undefined &&
      namespaces.includes(metadata.namespace)
    );
  });
}

describe('strata report as a user with partial rights', () => {
  it('reads namespace by namespace what it may, and names what is hidden and why', async () => {
    const path = await cluster.writeKubeconfig({ user: 'viewer', path: join(dir, 'viewer') });
    const result = await strata(['report', '-o', 'json', '--kubeconfig', path, '--at', at]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    const expected = diagnose(visibleTo(VISIBLE_NAMESPACES), { at });
    expect(report.rootCauses.map((r) => r.ref)).toEqual(expected.rootCauses.map((r) => r.ref));
    expect(report.rootCauses.map((r) => r.impacted)).toEqual(expected.rootCauses.map((r) => r.impacted));
    expect(report.objects.map((o) => o.ref)).toEqual(expected.objects.map((o) => o.ref));
    // Evidence from the Pods of team-a, which this user may read.
    const payments = report.rootCauses.find((r) => r.ref.name === 'team-a-payments');
    expect(payments?.evidence.map((e) => e.kind)).toEqual(['Pod', 'ReplicaSet', 'Deployment']);

    const notes = result.stderr.trimEnd().split('\n');
    expect(notes).toEqual([
      // Flux is forbidden everywhere: one line, in all namespaces, with the reason.
      'strata: note: partial picture: Kustomization, HelmRelease, GitRepository, OCIRepository, HelmRepository, HelmChart and 11 more kinds are hidden in all namespaces: forbidden for user viewer (RBAC)',
      // Argo CD kinds and workloads are readable in two namespaces only.
      expect.stringMatching(
        /^strata: note: partial picture: Application, ApplicationSet, AppProject, ConfigMap, Deployment, StatefulSet are hidden in namespaces cert-manager, default, flux-system, kube-node-lease, kube-public, … \(10 in all\): forbidden for user viewer \(RBAC\)$/,
      ),
      // Evidence for the Application deploying to preview-42, which this user may not read.
      'strata: note: partial picture: DaemonSet, Event, Pod, ReplicaSet are hidden in namespace preview-42: forbidden for user viewer (RBAC)',
    ]);
    expect(result.stderr).not.toContain(cluster.tokenFor('viewer'));
  });

  it('falls back to the context namespace when even namespaces cannot be listed', async () => {
    const path = join(dir, 'tenant');
    await writeFile(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'c',
            cluster: {
              server: cluster.server,
              'certificate-authority-data': Buffer.from(cluster.ca).toString('base64'),
            },
          },
        ],
        users: [{ name: 'tenant', user: { token: cluster.tokenFor('tenant') } }],
        contexts: [{ name: 'tenant', context: { cluster: 'c', user: 'tenant', namespace: 'argocd' } }],
        'current-context': 'tenant',
      }),
      { mode: 0o600 },
    );
    const result = await strata(['report', '-o', 'json', '--kubeconfig', path, '--at', at]);
    expect([0, 1]).toContain(result.code);
    const report = JSON.parse(result.stdout) as Report;
    const expected = diagnose(visibleTo(['argocd']), { at });
    expect(report.objects.map((o) => o.ref)).toEqual(expected.objects.map((o) => o.ref));
    expect(report.rootCauses.map((r) => r.ref)).toEqual(expected.rootCauses.map((r) => r.ref));
    expect(result.stderr).toContain(
      'are hidden in all namespaces: forbidden for user tenant (RBAC); namespaces cannot be listed either, so only namespace argocd is read',
    );
    expect(result.stderr).toMatch(
      /Kustomization, .* hidden in namespace argocd: forbidden for user tenant \(RBAC\)/,
    );
  });

  it('reads only the namespace given with -n, and says what is hidden there', async () => {
    const path = await cluster.writeKubeconfig({ user: 'viewer', path: join(dir, 'viewer-n') });
    const result = await strata(['report', '-o', 'json', '-n', 'team-a', '--kubeconfig', path, '--at', at]);
    expect(result.code).toBe(0);
    const notes = result.stderr.trimEnd().split('\n');
    expect(notes[0]).toBe('strata: note: only namespace team-a is read (-n)');
    expect(notes.slice(1).join('\n')).toMatch(
      /Kustomization, .* are hidden in namespace team-a: forbidden for user viewer \(RBAC\)/,
    );
    // The Applications of argocd are not read with -n team-a: the tracking ids naming them count
    // (contract §4 rule 4), they are no orphaned claims.
    const report = JSON.parse(result.stdout) as Report;
    expect(report.warnings.filter((w) => w.type === 'orphaned-tracking')).toEqual([]);
  });
});
