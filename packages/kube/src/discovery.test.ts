import { GITOPS_KINDS } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { discover } from './discovery.ts';
import { FakeApi } from './fake-transport.test-support.ts';

/** Discovery documents for the given group versions, each serving the named plurals. */
function serve(api: FakeApi, groups: Record<string, Record<string, string[]>>): void {
  api.discovery.set('/apis', {
    kind: 'APIGroupList',
    groups: Object.entries(groups).map(([name, versions]) => ({
      name,
      versions: Object.keys(versions).map((version) => ({ groupVersion: `${name}/${version}`, version })),
    })),
  });
  for (const [group, versions] of Object.entries(groups)) {
    for (const [version, plurals] of Object.entries(versions)) {
      api.discovery.set(`/apis/${group}/${version}`, {
        kind: 'APIResourceList',
        groupVersion: `${group}/${version}`,
        resources: plurals.flatMap((plural) => {
          const kind = GITOPS_KINDS.find((k) => k.plural === plural)?.kind ?? 'Other';
          return [
            { name: plural, kind, namespaced: true, verbs: ['get', 'list', 'watch', 'patch'] },
            { name: `${plural}/status`, kind, namespaced: true, verbs: ['get', 'patch'] },
          ];
        }),
      });
    }
  }
}

describe('discover', () => {
  it('picks the newest version of each kind the server serves', async () => {
    const api = new FakeApi();
    serve(api, {
      'kustomize.toolkit.fluxcd.io': { v1: ['kustomizations'], v1beta2: ['kustomizations'] },
      'source.toolkit.fluxcd.io': {
        v1beta2: ['gitrepositories', 'ocirepositories'],
        v1: ['gitrepositories'],
      },
      apps: { v1: ['deployments'] },
    });
    const found = await discover(api);
    expect(found.flux.installed).toBe(true);
    expect(found.flux.served.map((s) => `${s.kind}@${s.version}`)).toEqual([
      'Kustomization@v1',
      'GitRepository@v1',
      'OCIRepository@v1beta2',
    ]);
    expect(found.flux.notServed).toContain('HelmRelease');
    expect(found.argo).toEqual({
      installed: false,
      served: [],
      notServed: ['Application', 'ApplicationSet', 'AppProject'],
    });
    expect(found.hidden).toEqual([]);
  });

  it('finds nothing on a cluster with neither tool, and Argo CD alone when only it is there', async () => {
    const none = new FakeApi();
    serve(none, { apps: { v1: ['deployments'] } });
    const empty = await discover(none);
    expect([empty.flux.installed, empty.argo.installed]).toEqual([false, false]);

    const argo = new FakeApi();
    serve(argo, { 'argoproj.io': { v1alpha1: ['applications', 'applicationsets', 'appprojects'] } });
    const found = await discover(argo);
    expect(found.argo.served.map((s) => s.kind)).toEqual(['Application', 'ApplicationSet', 'AppProject']);
    expect(found.flux.installed).toBe(false);
  });

  it('ignores resources without list and watch, and versions strata does not know', async () => {
    const api = new FakeApi();
    serve(api, { 'helm.toolkit.fluxcd.io': { v3: ['helmreleases'] } });
    api.discovery.set('/apis/helm.toolkit.fluxcd.io/v3', { resources: [] });
    expect((await discover(api)).flux.installed).toBe(false);
    const noWatch = new FakeApi();
    serve(noWatch, { 'argoproj.io': { v1alpha1: [] } });
    noWatch.discovery.set('/apis/argoproj.io/v1alpha1', {
      resources: [{ name: 'applications', kind: 'Application', namespaced: true, verbs: ['get'] }],
    });
    expect((await discover(noWatch)).argo.installed).toBe(false);
  });

  it('records a group version it could not read as hidden, and fails when /apis cannot be read', async () => {
    const api = new FakeApi();
    serve(api, { 'argoproj.io': { v1alpha1: ['applications'] } });
    api.discovery.delete('/apis/argoproj.io/v1alpha1');
    api.intercept = (request) =>
      request.path === '/apis/argoproj.io/v1alpha1'
        ? {
            status: 503,
            body: {
              kind: 'Status',
              message: 'the server is currently unable to handle the request',
              code: 503,
            },
          }
        : undefined;
    const found = await discover(api);
    expect(found.hidden).toContainEqual({
      kind: 'Application',
      cause: 'discovery',
      reason: 'discovery of argoproj.io failed: the server is currently unable to handle the request',
    });

    const denied = new FakeApi();
    denied.intercept = () => ({ status: 401, body: { kind: 'Status', message: 'Unauthorized', code: 401 } });
    await expect(discover(denied)).rejects.toMatchObject({ status: 401 });
  });
});
