import { describe, expect, it } from 'vitest';
import { GITOPS_KINDS } from '../gitops-kinds.ts';
import { ACTION_NAMES, type ActionName, type ActionOptions } from './action-types.ts';
import { applicableActions } from './available-actions.ts';
import { planAction } from './plan-action.ts';
import { AT } from './plans.test-support.ts';

function objectOf(group: string, version: string, kind: string): Record<string, unknown> {
  return { apiVersion: `${group}/${version}`, kind, metadata: { name: 'n', namespace: 'ns' } };
}

describe('planAction', () => {
  it('dispatches every action to its builder', () => {
    const ks = objectOf('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization');
    const application = objectOf('argoproj.io', 'v1alpha1', 'Application');
    expect(planAction('reconcile', ks, { at: AT })).toMatchObject({ ok: true, action: 'reconcile' });
    expect(planAction('suspend', ks, { at: AT })).toMatchObject({ ok: true, action: 'suspend' });
    expect(planAction('resume', ks, { at: AT })).toMatchObject({ ok: true, action: 'resume' });
    expect(planAction('refresh', application, { at: AT })).toMatchObject({ ok: true, action: 'refresh' });
    expect(planAction('sync', application, { at: AT })).toMatchObject({ ok: true, action: 'sync' });
  });

  // Every action on every GitOps kind (healthy object): a plan exactly where the action applies.
  const matrix = GITOPS_KINDS.flatMap((k) => ACTION_NAMES.map((action) => [k.kind, action, k] as const));
  it.each(matrix)('%s / %s: planned iff applicable', (_kind, action, k) => {
    const object = objectOf(k.group, k.versions[0] ?? 'v1', k.kind);
    const plan = planAction(action, object, { at: AT });
    expect(plan.ok).toBe(applicableActions(object).includes(action));
    if (plan.ok) expect(plan.target.resource).toBe(k.plural);
    else expect(plan.reason).not.toBe('');
  });

  it('refuses objects that are not GitOps kinds', () => {
    expect(planAction('reconcile', objectOf('apps', 'v1', 'Deployment'), { at: AT })).toEqual({
      ok: false,
      action: 'reconcile',
      reason: 'Deployment (apps/v1) is not a Flux or Argo CD kind strata acts on',
    });
    expect(
      planAction('refresh', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' } }, { at: AT }),
    ).toMatchObject({
      ok: false,
      reason: 'ConfigMap (v1) is not a Flux or Argo CD kind strata acts on',
    });
  });

  it('refuses malformed objects with the reason', () => {
    expect(planAction('sync', { kind: 'Application', metadata: {} }, { at: AT })).toEqual({
      ok: false,
      action: 'sync',
      reason: 'cannot sync a malformed object: no metadata.name',
    });
    expect(planAction('reconcile', null, { at: AT })).toMatchObject({
      reason: 'cannot reconcile a malformed object: not an object',
    });
    expect(
      planAction('reconcile', { kind: 'Kustomization', metadata: { name: 'k' } }, { at: AT }),
    ).toMatchObject({
      ok: false,
      reason: 'Kustomization (no apiVersion) is not a Flux or Argo CD kind strata acts on',
    });
    expect(
      planAction(
        'reconcile',
        { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k' } },
        {
          at: AT,
        },
      ),
    ).toMatchObject({ ok: false, reason: 'Kustomization/k has no metadata.namespace' });
  });

  it('refuses an unknown action name from an untyped caller', () => {
    const plan = planAction('delete' as ActionName, objectOf('argoproj.io', 'v1alpha1', 'Application'), {
      at: AT,
    });
    expect(plan).toEqual({ ok: false, action: 'delete', reason: 'unknown action delete' });
  });

  it('never throws, whatever the input', () => {
    const junk: unknown[] = [
      undefined,
      null,
      0,
      'Kustomization',
      [],
      [{ kind: 'Application' }],
      {},
      { kind: 42, metadata: { name: 'x' } },
      { kind: 'Application', metadata: 'x' },
      { apiVersion: 7, kind: 'Application', metadata: { name: 'a', namespace: 'b' } },
      { apiVersion: '/', kind: 'Application', metadata: { name: 'a', namespace: 'b' } },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: 'a',
          namespace: 'b',
          annotations: 'nope',
          resourceVersion: 5,
          deletionTimestamp: null,
        },
        spec: { sources: 'x', syncPolicy: { syncOptions: 'y', retry: [1], automated: 'yes' }, source: 3 },
        status: { operationState: 'Running' },
        operation: null,
      },
      {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'a', namespace: 'b', annotations: { 'reconcile.fluxcd.io/requestedAt': 5 } },
        spec: 'suspended',
      },
      {
        apiVersion: 'fluxcd.controlplane.io/v1',
        kind: 'ResourceSet',
        metadata: { name: 'a', namespace: 'b', annotations: [] },
      },
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'a', namespace: 'b' },
        spec: { type: ['oci'] },
      },
    ];
    const optionSets: unknown[] = [
      { at: AT },
      {
        at: AT,
        force: true,
        reset: true,
        hard: true,
        revision: 'x',
        prune: true,
        dryRun: true,
        syncOptions: [],
      },
      { at: 5 },
      { at: AT, revision: 5, syncOptions: 'x', user: 3, force: 'yes' },
      {},
      undefined,
      null,
    ];
    for (const input of junk) {
      for (const options of optionSets) {
        for (const action of ACTION_NAMES) {
          const plan = planAction(action, input, options as ActionOptions);
          expect(typeof plan.ok).toBe('boolean');
          if (!plan.ok) expect(plan.reason.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
