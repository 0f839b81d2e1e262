import { describe, expect, it } from 'vitest';
import { versionsSeen } from './versions.ts';

const deployment = (name: string, labels: Record<string, string>, image?: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'x', labels },
  spec: { template: { spec: { containers: image === undefined ? [] : [{ name: 'c', image }] } } },
});

describe('versionsSeen', () => {
  it('reads the FluxInstance revision before controller labels, and the Argo CD image tag before its label', () => {
    const objects = [
      deployment('kustomize-controller', {
        'app.kubernetes.io/part-of': 'flux',
        'app.kubernetes.io/version': 'v2.8.0',
      }),
      {
        apiVersion: 'fluxcd.controlplane.io/v1',
        kind: 'FluxInstance',
        metadata: { name: 'flux', namespace: 'flux-system' },
        status: { lastAppliedRevision: 'v2.9.1@sha256:abc' },
      },
      deployment(
        'argocd-application-controller',
        { 'app.kubernetes.io/version': 'v3.0.0' },
        'quay.io/argoproj/argocd:v3.2.1',
      ),
    ];
    expect(versionsSeen(objects)).toEqual({ flux: 'v2.9.1', argo: 'v3.2.1' });
  });

  it('falls back to labels, and ignores other kinds and junk', () => {
    const objects = [
      null,
      'junk',
      {
        kind: 'ConfigMap',
        metadata: { name: 'kustomize-controller', labels: { 'app.kubernetes.io/part-of': 'flux' } },
      },
      deployment('helm-controller', { app: 'helm-controller', 'app.kubernetes.io/version': 'v2.7.5' }),
      deployment(
        'argocd-application-controller',
        { 'app.kubernetes.io/version': 'v2.14.2' },
        'argocd@sha256:ff',
      ),
    ];
    expect(versionsSeen(objects)).toEqual({ flux: 'v2.7.5', argo: 'v2.14.2' });
    expect(versionsSeen([])).toEqual({});
  });
});
