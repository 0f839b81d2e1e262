import { describe, expect, it } from 'vitest';
import {
  appSourcesOf,
  essentialsOf,
  formatBytes,
  inventoryOf,
  lastSyncOf,
  revisionOf,
} from './essentials.ts';

const meta = (name: string) => ({ name, namespace: 'flux-system' });
const value = (rows: ReturnType<typeof essentialsOf>, name: string) =>
  rows.find((r) => r.name === name)?.value;

describe('essentials of a Flux object', () => {
  it('HelmRelease: chart from a chartRef, values sources with key and target, never their data', () => {
    const rows = essentialsOf({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: meta('podinfo'),
      spec: {
        chartRef: { kind: 'OCIRepository', name: 'podinfo' },
        interval: '10m',
        suspend: true,
        valuesFrom: [
          { kind: 'ConfigMap', name: 'podinfo-values' },
          {
            kind: 'Secret',
            name: 'podinfo-secret',
            valuesKey: 'token',
            targetPath: 'auth.token',
            optional: true,
          },
        ],
      },
    });
    expect(value(rows, 'Source')).toEqual({
      ref: { kind: 'OCIRepository', namespace: 'flux-system', name: 'podinfo' },
    });
    expect(value(rows, 'Values from')).toEqual([
      { ref: { kind: 'ConfigMap', namespace: 'flux-system', name: 'podinfo-values' } },
      { ref: { kind: 'Secret', namespace: 'flux-system', name: 'podinfo-secret' } },
      '(key token, at auth.token, optional)',
    ]);
    expect(value(rows, 'Suspended')).toBe('yes');
    expect(value(rows, 'Release')).toBe('flux-system/podinfo');
    expect(value(rows, 'Chart')).toBeUndefined();
  });

  it('OCIRepository: URL, ref and artifact; Bucket: endpoint and bucket', () => {
    const oci = essentialsOf({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: meta('podinfo'),
      spec: { url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', ref: { semver: '>=6.0.0' } },
      status: {
        artifact: { revision: '6.9.2@sha256:abc', size: 3_500_000, lastUpdateTime: '2026-11-22T09:00:00Z' },
      },
    });
    expect(oci.map((r) => [r.name, r.value])).toEqual([
      ['URL', 'oci://ghcr.io/stefanprodan/manifests/podinfo'],
      ['Ref', 'semver >=6.0.0'],
      ['Artifact revision', '6.9.2@sha256:abc'],
      ['Artifact size', '3.3 MiB'],
      ['Last fetched', { time: '2026-11-22T09:00:00Z' }],
    ]);
    const bucket = essentialsOf({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'Bucket',
      metadata: meta('minio'),
      spec: { endpoint: 'minio.example.com', bucketName: 'manifests', provider: 'generic' },
    });
    expect(value(bucket, 'Endpoint')).toBe('minio.example.com');
    expect(value(bucket, 'Bucket')).toBe('manifests');
  });

  it('image kinds: the image, the policy and the latest tag', () => {
    const repo = essentialsOf({
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageRepository',
      metadata: meta('podinfo'),
      spec: { image: 'ghcr.io/stefanprodan/podinfo', interval: '5m' },
      status: {
        lastScanResult: { tagCount: 42, latestTags: ['6.9.2', '6.9.1'], scanTime: '2026-11-22T09:00:00Z' },
      },
    });
    expect(value(repo, 'Image')).toBe('ghcr.io/stefanprodan/podinfo');
    expect(value(repo, 'Tags found')).toBe('42');
    expect(value(repo, 'Latest tags')).toBe('6.9.2, 6.9.1');
    const policy = {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImagePolicy',
      metadata: meta('podinfo'),
      spec: { imageRepositoryRef: { name: 'podinfo' }, policy: { semver: { range: '>=6.0.0' } } },
      status: { latestRef: { name: 'ghcr.io/stefanprodan/podinfo', tag: '6.9.2' } },
    };
    const rows = essentialsOf(policy);
    expect(value(rows, 'Image repository')).toEqual({
      ref: { kind: 'ImageRepository', namespace: 'flux-system', name: 'podinfo' },
    });
    expect(value(rows, 'Policy')).toBe('semver >=6.0.0');
    expect(value(rows, 'Latest image')).toBe('ghcr.io/stefanprodan/podinfo:6.9.2');
    expect(revisionOf(policy)).toBe('6.9.2');
    const automation = essentialsOf({
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageUpdateAutomation',
      metadata: meta('apps'),
      spec: {
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        git: { checkout: { ref: { branch: 'main' } }, push: { branch: 'image-updates' } },
        update: { path: './apps' },
      },
      status: { lastPushCommit: 'abc123', lastPushTime: '2026-11-22T09:00:00Z' },
    });
    expect(value(automation, 'Push branch')).toBe('image-updates');
    expect(value(automation, 'Last push commit')).toBe('abc123');
  });

  it('inventory: each id read by core, unreadable ids skipped', () => {
    expect(
      inventoryOf({
        status: {
          inventory: {
            entries: [
              { id: 'team-a_frontend_apps_Deployment', v: 'v1' },
              { id: '_team-a__Namespace', v: 'v1' },
              { id: 'nonsense', v: 'v1' },
            ],
          },
        },
      }),
    ).toEqual([
      { namespace: 'team-a', name: 'frontend', group: 'apps', kind: 'Deployment' },
      { name: 'team-a', group: '', kind: 'Namespace' },
    ]);
  });

  it('formats sizes as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(20_480)).toBe('20 KiB');
    expect(formatBytes(1_572_864)).toBe('1.5 MiB');
  });
});

describe('essentials of an Argo CD Application', () => {
  const multi = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop', namespace: 'argocd' },
    spec: {
      project: 'team-a',
      destination: { name: 'prod-eu', namespace: 'shop' },
      sources: [
        { repoURL: 'https://charts.example.com', chart: 'shop', targetRevision: '2.1.0' },
        { repoURL: 'https://github.com/example-org/shop-values', path: 'prod', ref: 'values' },
      ],
    },
    status: {
      sync: { status: 'OutOfSync', revisions: ['2.1.0', 'f00dfeed'] },
      health: { status: 'Progressing', message: 'waiting for rollout' },
      operationState: {
        phase: 'Failed',
        message: 'one or more objects failed to apply',
        startedAt: '2026-11-22T09:00:00Z',
        finishedAt: '2026-11-22T09:01:00Z',
        retryCount: 2,
        operation: { initiatedBy: { username: 'alice' }, sync: { revisions: ['2.1.0', 'f00dfeed'] } },
        syncResult: {
          revisions: ['2.1.0', 'f00dfeed'],
          resources: [
            {
              kind: 'Deployment',
              namespace: 'shop',
              name: 'web',
              status: 'SyncFailed',
              message: 'admission webhook denied',
            },
          ],
        },
      },
    },
  };

  it('each source of a multi-source Application with the revision it is synced to', () => {
    expect(appSourcesOf(multi)).toEqual([
      {
        repo: 'https://charts.example.com',
        path: 'chart shop',
        targetRevision: '2.1.0',
        syncedRevision: '2.1.0',
      },
      {
        repo: 'https://github.com/example-org/shop-values',
        path: 'prod',
        targetRevision: 'HEAD',
        syncedRevision: 'f00dfeed',
      },
    ]);
    expect(revisionOf(multi)).toBe('2.1.0, f00dfeed');
  });

  it('sync and health as separate statuses, the destination by name, no auto-sync', () => {
    const rows = essentialsOf(multi);
    expect(value(rows, 'Sync status')).toEqual({ status: 'OutOfSync', tone: 'warning' });
    expect(value(rows, 'Health')).toEqual([
      { status: 'Progressing', tone: 'warning' },
      'waiting for rollout',
    ]);
    expect(value(rows, 'Destination')).toBe('prod-eu, namespace shop');
    expect(value(rows, 'Auto-sync')).toBe('off');
  });

  it('the last sync: who started it, its revisions, retries and each resource’s result', () => {
    expect(lastSyncOf(multi)).toEqual({
      phase: 'Failed',
      message: 'one or more objects failed to apply',
      startedAt: '2026-11-22T09:00:00Z',
      finishedAt: '2026-11-22T09:01:00Z',
      revision: '2.1.0, f00dfeed',
      initiatedBy: 'alice',
      retries: 2,
      resources: [
        {
          ref: { kind: 'Deployment', namespace: 'shop', name: 'web' },
          status: 'SyncFailed',
          message: 'admission webhook denied',
        },
      ],
    });
    expect(lastSyncOf({ status: {} })).toBeUndefined();
  });
});
