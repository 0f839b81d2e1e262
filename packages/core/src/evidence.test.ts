import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose.ts';

const AT = '2026-11-22T10:00:00Z';
const hrLabels = { 'helm.toolkit.fluxcd.io/name': 'web', 'helm.toolkit.fluxcd.io/namespace': 'flux-system' };

/** A Flux object in flux-system at generation 1. */
const fluxObject = (apiVersion: string, kind: string, name: string, spec: object, status: object) => ({
  apiVersion,
  kind,
  metadata: { name, namespace: 'flux-system', generation: 1 },
  spec,
  status,
});
const readyFalse = (reason: string, message: string) => ({ type: 'Ready', status: 'False', reason, message });

const release = fluxObject(
  'helm.toolkit.fluxcd.io/v2',
  'HelmRelease',
  'web',
  { chartRef: { kind: 'OCIRepository', name: 'web' } },
  { conditions: [readyFalse('UpgradeFailed', 'Helm upgrade failed: context deadline exceeded')] },
);
const source = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'OCIRepository',
  metadata: { name: 'web', namespace: 'flux-system', generation: 1 },
  status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'Succeeded' }] },
};
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'web', uid: 'd1', generation: 3, labels: hrLabels },
  spec: { replicas: 1 },
  status: { observedGeneration: 3, updatedReplicas: 1, availableReplicas: 0 },
};
const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'web-5d9',
    namespace: 'web',
    uid: 'r1',
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd1', controller: true },
    ],
  },
  spec: { replicas: 1 },
  status: { readyReplicas: 0 },
};
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-5d9-abcde',
    namespace: 'web',
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9', uid: 'r1', controller: true },
    ],
  },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'web', restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
  },
};
const event = (name: string, lastTimestamp: string, message: string) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'web' },
  type: 'Warning',
  reason: 'BackOff',
  message,
  lastTimestamp,
  count: 3,
  involvedObject: { kind: 'Pod', namespace: 'web', name: 'web-5d9-abcde' },
});
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'web-tls', namespace: 'web', labels: hrLabels },
  data: { 'tls.key': 'c2VjcmV0LXZhbHVl' },
};

describe('evidence of a failing release (§7)', () => {
  const objects = [
    release,
    source,
    deployment,
    replicaSet,
    pod,
    secret,
    event('e1', '2026-11-22T09:50:00Z', 'older back-off'),
    event('e2', '2026-11-22T09:58:00Z', 'Back-off restarting failed container web'),
  ];
  const report = diagnose(objects, { at: AT });

  it('follows managed objects down to the Pod, deepest first, with the newest Warning events', () => {
    const [root] = report.rootCauses;
    expect(root?.ref).toEqual({ kind: 'HelmRelease', namespace: 'flux-system', name: 'web' });
    expect(root?.evidence.map((e) => [e.kind, e.name, e.state, e.reason])).toEqual([
      ['Pod', 'web-5d9-abcde', 'failing', 'CrashLoopBackOff'],
      ['ReplicaSet', 'web-5d9', 'progressing', 'ReplicasNotReady'],
      ['Deployment', 'web', 'progressing', 'ReplicasNotReady'],
    ]);
    expect(root?.evidence[0]?.events?.map((e) => e.message)).toEqual([
      'Back-off restarting failed container web',
      'older back-off',
    ]);
    expect(report.objects.find((o) => o.ref.kind === 'HelmRelease')?.evidence).toEqual(root?.evidence);
  });

  it('never carries Secret data anywhere in the report', () => {
    expect(JSON.stringify(report)).not.toContain('c2VjcmV0LXZhbHVl');
  });

  it('ready nodes have no evidence', () => {
    expect(report.objects.find((o) => o.ref.kind === 'OCIRepository')?.evidence).toEqual([]);
  });
});

describe('evidence named by a health check message (§7)', () => {
  const kustomization = fluxObject(
    'kustomize.toolkit.fluxcd.io/v1',
    'Kustomization',
    'apps',
    { sourceRef: { kind: 'OCIRepository', name: 'web' } },
    {
      observedGeneration: 1,
      conditions: [
        readyFalse(
          'HealthCheckFailed',
          "health check failed after 5m0s: timeout waiting for: [Deployment/web/web status: 'InProgress', Deployment/web/gone status: 'InProgress']",
        ),
      ],
    },
  );
  // The Deployment is not labelled for the Kustomization: only the message leads to it.
  const unlabelled = { ...deployment, metadata: { ...deployment.metadata, labels: {} } };
  // Another API group with a kind of the same name must not shadow apps/v1.
  const lookalike = {
    apiVersion: 'zz.example.com/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'web' },
  };

  it('follows the objects the message names down to their Pods, and lists absent ones as named', () => {
    for (const order of [
      [kustomization, source, lookalike, unlabelled, replicaSet, pod],
      [pod, replicaSet, unlabelled, lookalike, source, kustomization],
    ]) {
      const report = diagnose(order, { at: AT });
      const root = report.rootCauses.find((r) => r.ref.kind === 'Kustomization');
      expect(root?.evidence.map((e) => [e.kind, e.name, e.state])).toEqual([
        ['Pod', 'web-5d9-abcde', 'failing'],
        ['ReplicaSet', 'web-5d9', 'progressing'],
        ['Deployment', 'web', 'progressing'],
        ['Deployment', 'gone', expect.any(String)],
      ]);
    }
  });
});
