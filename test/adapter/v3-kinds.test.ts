/**
 * The Flux kinds of contract v3 (image automation, notification, ResourceSetInputProvider) read
 * from a real API server: `strata report` lists them at the version the server serves (v1, or
 * v1beta2 where a cluster still serves only that) and diagnoses them as diagnose() does the
 * same objects.
 */
import { diagnose, GITOPS_KINDS, type Report } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crdFor } from '../cluster/crds.ts';
import { type Cluster, startCluster } from '../cluster/harness.ts';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_MS, strata } from './support.ts';

const AT = '2026-11-22T10:00:00Z';
const LONG_AGO = '2026-11-22T08:00:00Z';
const NS = 'flux-system';

function condition(type: string, status: string, reason: string, message: string) {
  return { type, status, reason, message, lastTransitionTime: LONG_AGO, observedGeneration: 1 };
}

function flux(apiVersion: string, kind: string, name: string, spec: object, conditions?: object[]) {
  return {
    apiVersion,
    kind,
    metadata: { name, namespace: NS },
    spec,
    ...(conditions === undefined ? {} : { status: { observedGeneration: 1, conditions } }),
  };
}

/** A failing ImageRepository, the ImagePolicy waiting on it, and the notification kinds around them. */
function objects(imageApi: string) {
  return [
    flux(imageApi, 'ImageRepository', 'podinfo', { image: 'registry.example.com/podinfo', interval: '5m' }, [
      condition(
        'Ready',
        'False',
        'ReadOperationFailed',
        'scan failed: GET https://registry.example.com/v2/podinfo/tags/list: UNAUTHORIZED',
      ),
    ]),
    flux(
      imageApi,
      'ImagePolicy',
      'podinfo',
      { imageRepositoryRef: { name: 'podinfo' }, policy: { semver: { range: '>=1.0.0' } } },
      [condition('Ready', 'False', 'DependencyNotReady', 'retrying in 30s error: no tags in database')],
    ),
    flux(
      imageApi,
      'ImageUpdateAutomation',
      'apps',
      { interval: '30m', sourceRef: { kind: 'GitRepository', name: 'fleet' } },
      [
        condition(
          'Ready',
          'False',
          'SourceManagerFailed',
          'failed configuring source manager: referenced git repository does not exist: GitRepository.source.toolkit.fluxcd.io "fleet" not found',
        ),
      ],
    ),
    flux('notification.toolkit.fluxcd.io/v1beta3', 'Provider', 'slack', { type: 'slack' }),
    flux('notification.toolkit.fluxcd.io/v1beta3', 'Alert', 'on-call', {
      providerRef: { name: 'pagerduty' },
      eventSources: [{ kind: 'ImagePolicy', name: 'podinfo' }],
    }),
    flux('notification.toolkit.fluxcd.io/v1', 'Receiver', 'github', { type: 'github', resources: [] }, [
      condition('Ready', 'True', 'Succeeded', 'Receiver initialized for path: /hook/0123'),
    ]),
    flux(
      'fluxcd.controlplane.io/v1',
      'ResourceSetInputProvider',
      'prs',
      { type: 'GitHubPullRequest', url: 'https://github.com/example/app' },
      [condition('Ready', 'True', 'ReconciliationSucceeded', 'Reconciliation finished in 2s')],
    ),
  ];
}

async function report(cluster: Cluster): Promise<Report> {
  const result = await strata(['report', '-o', 'json', '--kubeconfig', cluster.kubeconfigPath, '--at', AT]);
  expect(result.code, result.stderr).toBe(1);
  return JSON.parse(result.stdout) as Report;
}

function expectSameDiagnosis(actual: Report, seeded: readonly unknown[]): void {
  const expected = diagnose(seeded, { at: AT });
  expect(actual.objects.map((o) => [o.ref, o.state, o.ready, o.rootCauses, o.blocks])).toEqual(
    expected.objects.map((o) => [o.ref, o.state, o.ready, o.rootCauses, o.blocks]),
  );
  expect(actual.rootCauses.map((r) => [r.ref, r.state, r.impacted])).toEqual(
    expected.rootCauses.map((r) => [r.ref, r.state, r.impacted]),
  );
  expect(actual.warnings).toEqual(expected.warnings);
}

describe('the v3 Flux kinds on a real API server', () => {
  let cluster: Cluster;
  const seeded = objects('image.toolkit.fluxcd.io/v1');

  beforeAll(async () => {
    cluster = await startCluster();
    await seed(cluster, seeded);
  }, CLUSTER_START_MS);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('lists image, notification and input-provider kinds and diagnoses them as diagnose() does', async () => {
    const actual = await report(cluster);
    const kinds = new Set(actual.objects.map((o) => o.ref.kind));
    for (const kind of [
      'ImageRepository',
      'ImagePolicy',
      'ImageUpdateAutomation',
      'Provider',
      'Alert',
      'Receiver',
      'ResourceSetInputProvider',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    // R1b: the policy waits on its failing repository; R2b: the automation on its absent GitRepository.
    expect(actual.rootCauses.map((r) => `${r.ref.kind}/${r.ref.name} ${r.state}`).sort()).toEqual([
      'GitRepository/fleet missing',
      'ImageRepository/podinfo failing',
    ]);
    expect(actual.warnings.map((w) => `${w.type} ${w.ref.kind}/${w.ref.name}`)).toContain(
      'missing-reference Alert/on-call',
    );
    expectSameDiagnosis(actual, seeded);
  });
});

describe('a cluster that still serves the image kinds only at v1beta2 (Flux 2.7/2.8)', () => {
  let cluster: Cluster;
  const seeded = objects('image.toolkit.fluxcd.io/v1beta2');

  beforeAll(async () => {
    const crds = GITOPS_KINDS.map((kind) =>
      kind.group === 'image.toolkit.fluxcd.io' ? crdFor({ ...kind, versions: ['v1beta2'] }) : crdFor(kind),
    );
    cluster = await startCluster({ crds });
    await seed(cluster, seeded);
  }, CLUSTER_START_MS);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('discovery picks v1beta2 and the picture is the same', async () => {
    expectSameDiagnosis(await report(cluster), seeded);
  });
});
