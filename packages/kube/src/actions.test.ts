import type { JsonRecord } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { applyAction } from './actions.ts';
import type { ServedKind } from './coverage.ts';
import { FakeApi, forbidden } from './fake-transport.test-support.ts';

const SERVED: ServedKind[] = [
  {
    kind: 'Application',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    namespaced: true,
    tool: 'argo',
  },
  {
    kind: 'Kustomization',
    group: 'kustomize.toolkit.fluxcd.io',
    version: 'v1',
    plural: 'kustomizations',
    namespaced: true,
    tool: 'flux',
  },
];
const APPS = '/apis/argoproj.io/v1alpha1/applications';
const APP_PATH = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/guestbook';
const ref = { kind: 'Application', namespace: 'argocd', name: 'guestbook' };

const APP = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'guestbook', namespace: 'argocd' },
  spec: { project: 'default', source: { repoURL: 'r', targetRevision: 'main' } },
};

function setup(): FakeApi {
  const api = new FakeApi();
  api.put(APPS, APP);
  return api;
}

describe('applyAction', () => {
  it('reads the object, plans with the core and sends a merge patch', async () => {
    const api = setup();
    api.intercept = (request) =>
      request.method === 'PATCH' ? { status: 200, body: { patched: true } } : undefined;
    const result = await applyAction(api, SERVED, 'refresh', ref, { at: '2026-11-22T10:00:00Z' });
    expect(result).toEqual({
      ok: true,
      action: 'refresh',
      summary: 'Refresh Application/argocd/guestbook: compare its source with the cluster again',
      object: { patched: true },
    });
    const patch = api.requests.find((r) => r.method === 'PATCH');
    expect(patch).toMatchObject({
      path: APP_PATH,
      contentType: 'application/merge-patch+json',
      body: {
        metadata: {
          annotations: {
            'argocd.argoproj.io/refresh': 'normal',
            'argocd.argoproj.io/refresh-timestamp': '2026-11-22T10:00:00Z',
          },
        },
      },
    });
  });

  it('re-reads and re-plans once on 409, then reports a second conflict', async () => {
    const api = setup();
    let conflicts = 0;
    api.intercept = (request) => {
      if (request.method !== 'PATCH') return undefined;
      conflicts += 1;
      // Someone else changed it: the next read sees a new resourceVersion.
      api.put(APPS, { ...APP, metadata: { ...APP.metadata, labels: { touched: String(conflicts) } } });
      return {
        status: 409,
        body: { kind: 'Status', reason: 'Conflict', message: 'the object has been modified', code: 409 },
      };
    };
    const result = await applyAction(api, SERVED, 'sync', ref);
    expect(conflicts).toBe(2);
    const patches = api.requests
      .filter((r) => r.method === 'PATCH')
      .map((r) => (r.body as JsonRecord).metadata);
    expect(patches).toEqual([{ resourceVersion: '101' }, { resourceVersion: '102' }]);
    expect(result).toEqual({
      ok: false,
      action: 'sync',
      refused: false,
      status: 409,
      error: 'sync Application/argocd/guestbook failed: the object has been modified',
    });
  });

  it('refuses without a request in read-only mode and for kinds not served or not actionable', async () => {
    const api = setup();
    expect(await applyAction(api, SERVED, 'refresh', ref, { readOnly: true })).toEqual({
      ok: false,
      action: 'refresh',
      refused: true,
      reason: 'read-only mode',
    });
    expect(
      await applyAction(api, SERVED, 'reconcile', { kind: 'HelmRelease', namespace: 'f', name: 'x' }),
    ).toEqual({
      ok: false,
      action: 'reconcile',
      refused: true,
      reason: 'HelmRelease is not served by this cluster',
    });
    expect(api.requests).toEqual([]);
    const suspend = await applyAction(api, SERVED, 'suspend', ref);
    expect(suspend).toMatchObject({
      ok: false,
      refused: true,
      reason: expect.stringMatching(/cannot be suspended/),
    });
  });

  it("reports the server's words when reading or patching is forbidden", async () => {
    const api = setup();
    api.intercept = (request) =>
      request.method === 'PATCH'
        ? forbidden('applications.argoproj.io "guestbook" is forbidden: User "bob" cannot patch')
        : undefined;
    expect(await applyAction(api, SERVED, 'refresh', ref)).toEqual({
      ok: false,
      action: 'refresh',
      refused: false,
      status: 403,
      error:
        'refresh Application/argocd/guestbook failed: applications.argoproj.io "guestbook" is forbidden: User "bob" cannot patch',
    });
    api.intercept = () => forbidden('cannot get');
    expect(await applyAction(api, SERVED, 'refresh', ref)).toMatchObject({
      refused: false,
      status: 403,
      error: 'cannot read Application/argocd/guestbook: cannot get',
    });
  });
});
