import { describe, expect, it } from 'vitest';
import { actionSwitches, actionVariants, stalledReason } from './action-variants.ts';

const AT = '2026-11-22T10:00:00Z';
const source = { kind: 'HelmChart', namespace: 'flux-system', name: 'flux-system-cert-manager' };

function hr(conditions: unknown[] = []) {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'cert-manager', namespace: 'flux-system' },
    status: { conditions },
  };
}

describe('actionVariants', () => {
  it('offers a HelmRelease reconcile plain, with source, reset (hinted when stalled) and forced', () => {
    const stalled = hr([{ type: 'Stalled', status: 'True', reason: 'RetriesExceeded' }]);
    expect(actionVariants('reconcile', stalled, { at: AT, source })).toEqual([
      { id: 'plain', label: 'reconcile', options: {} },
      { id: 'with-source', label: 'with source', options: {}, source },
      {
        id: 'reset',
        label: 'reset and retry',
        options: { reset: true },
        hint: 'stalled (RetriesExceeded): helm-controller ignores a plain reconcile until reset',
      },
      { id: 'force', label: 'force an upgrade', options: { force: true } },
    ]);
    expect(stalledReason(hr())).toBeUndefined();
    expect(actionVariants('reconcile', hr(), { at: AT }).map((v) => v.id)).toEqual([
      'plain',
      'reset',
      'force',
    ]);
  });

  it('offers a Kustomization no reset or force, and a GitRepository no source', () => {
    const ks = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'apps', namespace: 'flux-system' },
    };
    expect(actionVariants('reconcile', ks, { at: AT, source }).map((v) => v.id)).toEqual([
      'plain',
      'with-source',
    ]);
    const repo = { ...ks, apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository' };
    expect(actionVariants('reconcile', repo, { at: AT, source }).map((v) => v.id)).toEqual(['plain']);
  });

  it('offers hard refresh on an Application only, and prune / dry run switches on sync', () => {
    const app = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'a', namespace: 'argocd' },
    };
    expect(actionVariants('refresh', app, { at: AT }).map((v) => v.id)).toEqual(['plain', 'hard']);
    expect(
      actionVariants('refresh', { ...app, kind: 'ApplicationSet' }, { at: AT }).map((v) => v.id),
    ).toEqual(['plain']);
    expect(actionSwitches('sync').map((s) => s.option)).toEqual(['prune', 'dryRun']);
    expect(actionSwitches('refresh')).toEqual([]);
  });
});
