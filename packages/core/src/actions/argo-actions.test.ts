import { describe, expect, it } from 'vitest';
import { argoOperationBlocker, planRefresh, planSync } from './argo-actions.ts';
import { AT, GUESTBOOK, mergePlan, objectsNamed, ok, plainSyncPatch, refused } from './plans.test-support.ts';

function app(extra: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'guestbook', namespace: 'argocd', resourceVersion: '4242', ...metadata },
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example/repo', targetRevision: 'main', path: 'gb' },
    },
    ...extra,
  };
}

const PROJECT = objectsNamed('p', 'argocd')('argoproj.io/v1alpha1', 'AppProject');

const appSet = (annotations?: Record<string, string>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'ApplicationSet',
  metadata: { name: 'apps', namespace: 'argocd', ...(annotations === undefined ? {} : { annotations }) },
});

describe('planRefresh', () => {
  it('requests a normal refresh with a timestamp', () => {
    expect(planRefresh(app(), { at: AT })).toEqual(
      mergePlan(
        'refresh',
        GUESTBOOK,
        {
          metadata: {
            annotations: {
              'argocd.argoproj.io/refresh': 'normal',
              'argocd.argoproj.io/refresh-timestamp': AT,
            },
          },
        },
        'Refresh Application/argocd/guestbook: compare its source with the cluster again',
      ),
    );
  });

  it('requests a hard refresh', () => {
    const plan = ok(planRefresh(app(), { at: AT, hard: true }));
    expect(plan.patch).toEqual({
      metadata: {
        annotations: { 'argocd.argoproj.io/refresh': 'hard', 'argocd.argoproj.io/refresh-timestamp': AT },
      },
    });
    expect(plan.summary).toMatch(/^Hard-refresh/);
  });

  it('refreshes while an operation runs: refresh does not start one', () => {
    expect(planRefresh(app({ status: { operationState: { phase: 'Running' } } }), { at: AT }).ok).toBe(true);
  });

  it('refreshes an ApplicationSet through application-set-refresh', () => {
    const plan = ok(planRefresh(appSet(), { at: AT }));
    expect(plan.patch).toEqual({
      metadata: { annotations: { 'argocd.argoproj.io/application-set-refresh': 'true' } },
    });
    expect(plan.target.resource).toBe('applicationsets');
  });

  it('refuses a hard refresh of an ApplicationSet', () => {
    expect(refused(planRefresh(appSet(), { at: AT, hard: true })).reason).toMatch(/no hard refresh/);
  });

  it('refuses AppProject and Flux kinds', () => {
    expect(refused(planRefresh(PROJECT, { at: AT })).reason).toMatch(/AppProject/);
    const ks = objectsNamed('k', 'flux-system')('kustomize.toolkit.fluxcd.io/v1', 'Kustomization');
    expect(refused(planRefresh(ks, { at: AT })).reason).toBe(
      'refresh is an Argo CD action: reconcile the Flux Kustomization instead',
    );
  });

  it('refuses in read-only mode', () => {
    expect(refused(planRefresh(app(), { at: AT, readOnly: true })).reason).toBe('read-only mode');
  });
});

describe('planSync', () => {
  it('sets operation.sync with the hook strategy, guarded by resourceVersion', () => {
    expect(planSync(app(), { at: AT })).toEqual(
      mergePlan(
        'sync',
        GUESTBOOK,
        plainSyncPatch('4242', 'strata'),
        'Sync Application/argocd/guestbook to its target revision',
      ),
    );
  });

  it('passes revision, prune, dry run, sync options and user', () => {
    const plan = ok(
      planSync(app(), {
        at: AT,
        user: 'alice',
        revision: 'main',
        prune: true,
        dryRun: true,
        syncOptions: ['ServerSideApply=true'],
      }),
    );
    expect(plan.patch).toEqual({
      metadata: { resourceVersion: '4242' },
      operation: {
        initiatedBy: { username: 'alice' },
        sync: {
          syncStrategy: { hook: {} },
          revision: 'main',
          prune: true,
          dryRun: true,
          syncOptions: ['ServerSideApply=true'],
        },
      },
    });
    expect(plan.summary).toBe('Sync Application/argocd/guestbook to main, with prune, as a dry run');
  });

  it("carries the spec's sync options and retry strategy, as the API server does", () => {
    const withPolicy = app({
      spec: {
        source: { repoURL: 'r', targetRevision: 'main' },
        syncPolicy: {
          syncOptions: ['CreateNamespace=true', 7],
          retry: { limit: 3, backoff: { duration: '5s' } },
        },
      },
    });
    expect(ok(planSync(withPolicy, { at: AT })).patch).toEqual({
      metadata: { resourceVersion: '4242' },
      operation: {
        initiatedBy: { username: 'strata' },
        sync: { syncStrategy: { hook: {} }, syncOptions: ['CreateNamespace=true'] },
        retry: { limit: 3, backoff: { duration: '5s' } },
      },
    });
    expect(ok(planSync(withPolicy, { at: AT, syncOptions: [] })).patch).toMatchObject({
      operation: { sync: { syncStrategy: { hook: {} } } },
    });
  });

  it('omits resourceVersion when the object has none', () => {
    expect(ok(planSync(app({}, { resourceVersion: undefined }), { at: AT })).patch).not.toHaveProperty(
      'metadata',
    );
  });

  it('refuses while an operation is requested or running', () => {
    expect(refused(planSync(app({ operation: { sync: {} } }), { at: AT })).reason).toMatch(
      /already requested/,
    );
    expect(
      refused(planSync(app({ status: { operationState: { phase: 'Running' } } }), { at: AT })).reason,
    ).toBe('an operation is already running (status.operationState.phase: Running)');
    expect(
      refused(planSync(app({ status: { operationState: { phase: 'Terminating' } } }), { at: AT })).reason,
    ).toMatch(/Terminating/);
  });

  it.each(['Succeeded', 'Failed', 'Error'])('syncs after a completed operation (%s)', (phase) => {
    expect(planSync(app({ status: { operationState: { phase } } }), { at: AT }).ok).toBe(true);
  });

  it('treats a null operation as absent', () => {
    expect(argoOperationBlocker(app({ operation: null }))).toBeUndefined();
  });

  it('refuses an Application being deleted', () => {
    expect(
      refused(planSync(app({}, { deletionTimestamp: '2026-08-07T13:00:00Z' }), { at: AT })).reason,
    ).toMatch(/being deleted/);
  });

  it('refuses a revision an automated sync policy would undo', () => {
    const auto = app({ spec: { source: { targetRevision: 'main' }, syncPolicy: { automated: {} } } });
    expect(refused(planSync(auto, { at: AT, revision: 'v1.2.3' })).reason).toBe(
      'cannot sync to v1.2.3: automated sync follows main',
    );
    expect(planSync(auto, { at: AT, revision: 'main' }).ok).toBe(true);
    expect(planSync(auto, { at: AT, revision: 'v1.2.3', dryRun: true }).ok).toBe(true);
    const off = app({
      spec: { source: { targetRevision: 'main' }, syncPolicy: { automated: { enabled: false } } },
    });
    expect(planSync(off, { at: AT, revision: 'v1.2.3' }).ok).toBe(true);
    const headDefault = app({ spec: { source: {}, syncPolicy: { automated: {} } } });
    expect(planSync(headDefault, { at: AT, revision: 'HEAD' }).ok).toBe(true);
  });

  it('refuses a single revision for a multi-source Application, and an empty revision', () => {
    const multi = app({ spec: { sources: [{ repoURL: 'a' }, { repoURL: 'b' }] } });
    expect(refused(planSync(multi, { at: AT, revision: 'main' })).reason).toMatch(/multi-source/);
    expect(planSync(multi, { at: AT }).ok).toBe(true);
    expect(refused(planSync(app(), { at: AT, revision: '' })).reason).toMatch(/empty revision/);
  });

  it('refuses ApplicationSet, AppProject and Flux kinds', () => {
    expect(refused(planSync(appSet(), { at: AT })).reason).toMatch(/not synced/);
    expect(refused(planSync(PROJECT, { at: AT })).reason).toMatch(/AppProject/);
    const hr = objectsNamed('h', 'x')('helm.toolkit.fluxcd.io/v2', 'HelmRelease');
    expect(refused(planSync(hr, { at: AT })).reason).toMatch(/reconcile the Flux HelmRelease/);
  });

  it('refuses in read-only mode', () => {
    expect(refused(planSync(app(), { at: AT, readOnly: true })).reason).toBe('read-only mode');
  });
});
