/**
 * What `pnpm cluster:up --scenario <name>` seeds.
 */
import { twoLayerPlatform } from '@strata/core/fixtures';
import { condition, ready } from './objects.ts';

export interface Scenario {
  readonly description: string;
  readonly objects: () => readonly unknown[];
  /** When the snapshot was taken: seeding moves its timestamps to now. */
  readonly at?: string;
}

const T = '2026-11-22T10:00:00Z';

/** A few Flux and Argo CD objects, one of them failing: for when a quick look is enough. */
function minimal(): unknown[] {
  const revision = 'main@sha1:0123456789abcdef0123456789abcdef01234567';
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'platform', namespace: 'flux-system', generation: 1 },
      spec: { interval: '1m', url: 'https://example.com/platform.git', ref: { branch: 'main' } },
      status: {
        observedGeneration: 1,
        conditions: [ready('True', 'Succeeded', `stored artifact for revision '${revision}'`, T)],
        artifact: { revision, digest: 'sha256:00', path: 'p', url: 'u', lastUpdateTime: T },
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'infra', namespace: 'flux-system', generation: 1 },
      spec: {
        interval: '10m',
        path: './infra',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'platform' },
      },
      status: {
        observedGeneration: 1,
        lastAppliedRevision: revision,
        conditions: [ready('True', 'ReconciliationSucceeded', `Applied revision: ${revision}`, T)],
      },
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'cert-manager', namespace: 'flux-system', generation: 1 },
      spec: {
        interval: '30m',
        chart: { spec: { chart: 'cert-manager', sourceRef: { kind: 'HelmRepository', name: 'jetstack' } } },
      },
      status: {
        observedGeneration: 1,
        conditions: [
          ready('False', 'InstallFailed', 'Helm install failed: context deadline exceeded', T),
          condition('Stalled', 'True', 'RetriesExceeded', 'Failed to install after 1 attempt(s)', T),
        ],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'default', namespace: 'argocd' },
      spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guestbook', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://example.com/apps.git', path: 'guestbook', targetRevision: 'main' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
      },
      status: {
        sync: { status: 'Synced', revision: '0123456789abcdef0123456789abcdef01234567' },
        health: { status: 'Healthy' },
      },
    },
  ];
}

export const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'two-layer': {
    description: 'the two-layer platform fixture (Flux foundation, Argo CD applications, four failures)',
    objects: () => twoLayerPlatform().objects,
    at: twoLayerPlatform().at,
  },
  minimal: { description: 'a few Flux and Argo CD objects, one failing', objects: minimal, at: T },
  none: { description: 'nothing but the CRDs', objects: () => [] },
};
