/**
 * Actions against a real API server: each patch lands on the object the way Flux and Argo CD
 * expect it (read back with the admin client), read-only mode sends nothing, and failures are
 * reported in the server's own words; a 409 Conflict (a resourceVersion precondition
 * that no longer holds) is re-read and re-planned, up to core's ACTION_ATTEMPTS patches.
 */
import { twoLayerPlatform } from '@strata/core/fixtures';
import { ClusterSource, HttpsTransport } from '@strata/kube';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../cluster/harness.ts';
import type { KubeObject, ObjectRef } from '../cluster/rest.ts';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_MS, readKubeconfig, SteerableTransport } from './support.ts';

const { objects } = twoLayerPlatform();

let cluster: Cluster;
const sources: ClusterSource[] = [];

beforeAll(async () => {
  cluster = await startCluster({ users: [{ name: 'viewer' }] });
  await seed(cluster, [
    ...objects,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'app-reader', namespace: 'argocd' },
      rules: [{ apiGroups: ['argoproj.io'], resources: ['applications'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'viewer-app-reader', namespace: 'argocd' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'app-reader' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'viewer' }],
    },
  ]);
}, CLUSTER_START_MS);

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await cluster?.stop();
});

async function connect(user?: string): Promise<{ source: ClusterSource; transport: SteerableTransport }> {
  const path =
    user === undefined
      ? cluster.kubeconfigPath
      : await cluster.writeKubeconfig({ user, path: `${cluster.dir}/kubeconfig-${user}` });
  const kubeconfig = readKubeconfig(path);
  const transport = new SteerableTransport(new HttpsTransport(kubeconfig.connection));
  const source = await ClusterSource.connect({ kubeconfig, transport });
  sources.push(source);
  return { source, transport };
}

const ks = { kind: 'Kustomization', namespace: 'flux-system', name: 'gateway' };
const hr = { kind: 'HelmRelease', namespace: 'flux-system', name: 'trust-manager' };
const instance = { kind: 'FluxInstance', namespace: 'flux-system', name: 'flux' };
const app = { kind: 'Application', namespace: 'argocd', name: 'team-a-frontend' };
const appSet = { kind: 'ApplicationSet', namespace: 'argocd', name: 'team-b-previews' };

const apiVersions: Record<string, string> = {
  Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  FluxInstance: 'fluxcd.controlplane.io/v1',
  Application: 'argoproj.io/v1alpha1',
  ApplicationSet: 'argoproj.io/v1alpha1',
};

async function read(ref: { kind: string; namespace: string; name: string }): Promise<KubeObject> {
  const objectRef: ObjectRef = { apiVersion: apiVersions[ref.kind] ?? 'v1', ...ref };
  const object = await cluster.client.read(objectRef);
  if (object === undefined) throw new Error(`${ref.kind}/${ref.name} is gone`);
  return object;
}

const annotations = (object: KubeObject) => (object.metadata.annotations ?? {}) as Record<string, string>;

describe('actions on a real API server', () => {
  it('reconcile sets reconcile.fluxcd.io/requestedAt on a Kustomization', async () => {
    const { source } = await connect();
    const at = '2026-11-22T10:01:02.345Z';
    const result = await source.applyAction('reconcile', ks, { at });
    expect(result).toMatchObject({ ok: true, action: 'reconcile' });
    expect(annotations(await read(ks))['reconcile.fluxcd.io/requestedAt']).toBe(at);
  });

  it('suspend and resume flip spec.suspend on a HelmRelease; resume also asks for a reconcile', async () => {
    const { source } = await connect();
    expect(await source.applyAction('suspend', hr, { at: '2026-11-22T10:02:00Z' })).toMatchObject({
      ok: true,
    });
    expect((await read(hr)).spec).toMatchObject({ suspend: true });
    expect(await source.applyAction('resume', hr, { at: '2026-11-22T10:03:00Z' })).toMatchObject({
      ok: true,
    });
    const resumed = await read(hr);
    expect(resumed.spec).toMatchObject({ suspend: false });
    expect(annotations(resumed)['reconcile.fluxcd.io/requestedAt']).toBe('2026-11-22T10:03:00Z');
  });

  it('suspends a FluxInstance through its reconcile annotation', async () => {
    const { source } = await connect();
    expect(
      await source.applyAction('suspend', instance, { at: '2026-11-22T10:04:00Z', user: 'alice' }),
    ).toMatchObject({
      ok: true,
    });
    expect(annotations(await read(instance))['fluxcd.controlplane.io/reconcile']).toBe('disabled');
    expect(await source.applyAction('resume', instance, { at: '2026-11-22T10:05:00Z' })).toMatchObject({
      ok: true,
    });
    expect(annotations(await read(instance))['fluxcd.controlplane.io/reconcile']).toBe('enabled');
  });

  it('refresh annotates an Application and an ApplicationSet as Argo CD expects', async () => {
    const { source } = await connect();
    expect(
      await source.applyAction('refresh', app, { at: '2026-11-22T10:06:00Z', hard: true }),
    ).toMatchObject({
      ok: true,
    });
    expect(annotations(await read(app))).toMatchObject({
      'argocd.argoproj.io/refresh': 'hard',
      'argocd.argoproj.io/refresh-timestamp': '2026-11-22T10:06:00Z',
    });
    expect(await source.applyAction('refresh', appSet)).toMatchObject({ ok: true });
    expect(annotations(await read(appSet))['argocd.argoproj.io/application-set-refresh']).toBe('true');
  });

  it('sync sets operation.sync; a second sync is refused while that operation is pending', async () => {
    const { source } = await connect();
    const target = { ...app, name: 'team-b-api' };
    const result = await source.applyAction('sync', target, { user: 'alice', prune: true });
    expect(result).toMatchObject({
      ok: true,
      summary: 'Sync Application/argocd/team-b-api to its target revision, with prune',
    });
    expect((await read(target)).operation).toMatchObject({
      initiatedBy: { username: 'alice' },
      sync: { prune: true, syncStrategy: { hook: {} } },
      retry: { limit: 5 },
    });
    expect(await source.applyAction('sync', target)).toEqual({
      ok: false,
      action: 'sync',
      refused: true,
      reason: expect.stringMatching(/already requested/),
    });
  });

  it('re-reads and re-plans when the object changed between read and patch (409)', async () => {
    const { source, transport } = await connect();
    const target = { ...app, name: 'team-b-batch' };
    let changed = false;
    transport.beforePatch = async () => {
      if (changed) return;
      changed = true;
      // Someone else writes the Application after strata read it: its resourceVersion moves.
      await cluster.client.request(
        'PATCH',
        `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${target.name}`,
        {
          body: { metadata: { labels: { touched: 'yes' } } },
          contentType: 'application/merge-patch+json',
        },
      );
    };
    const result = await source.applyAction('sync', target);
    expect(result).toMatchObject({ ok: true });
    expect(transport.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(
      transport.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/team-b-batch')),
    ).toHaveLength(2);
    const synced = await read(target);
    expect(synced.metadata.labels).toMatchObject({ touched: 'yes' });
    expect(synced.operation).toMatchObject({ sync: { syncStrategy: { hook: {} } } });
  });

  it('gives up with a clear message when the object changes before every patch (409 each time)', async () => {
    const { source, transport } = await connect();
    const target = { ...app, name: 'team-b-batch' };
    await cluster.client.request(
      'PATCH',
      `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${target.name}`,
      { body: { operation: null }, contentType: 'application/merge-patch+json' },
    );
    let writes = 0;
    transport.beforePatch = async () => {
      writes += 1;
      await cluster.client.request(
        'PATCH',
        `/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/${target.name}`,
        {
          body: { metadata: { labels: { touched: String(writes) } } },
          contentType: 'application/merge-patch+json',
        },
      );
    };
    const result = await source.applyAction('sync', target);
    expect(writes).toBe(3);
    expect(result).toMatchObject({ ok: false, refused: false, status: 409 });
    expect(result.ok === false && !result.refused && result.error).toMatch(
      /^sync Application\/argocd\/team-b-batch failed: it kept changing while being planned \(409 Conflict 3 times; last: .+\): try again$/,
    );
    expect((await read(target)).operation).toBeUndefined();
  });

  it('sends nothing when the object is another one by now (deleted and created again: a new uid)', async () => {
    const { source, transport } = await connect();
    const before = await read(ks);
    const result = await source.applyAction('reconcile', ks, { expectUid: 'the-uid-the-user-saw' });
    expect(result).toMatchObject({ ok: false, refused: true });
    expect(result.ok === false && result.refused && result.reason).toBe(
      'Kustomization/flux-system/gateway is another object now (deleted and created again since it was confirmed): nothing sent',
    );
    expect(transport.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
    expect((await read(ks)).metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    // The uid it was confirmed on: sent.
    const same = await source.applyAction('reconcile', ks, { expectUid: before.metadata.uid as string });
    expect(same.ok).toBe(true);
  });

  it('names the user the server knows (SelfSubjectReview) as who started a sync', async () => {
    const { source } = await connect('viewer');
    expect(await source.username()).toBe('viewer');
    const admin = (await connect()).source;
    expect(await admin.username()).toBe('strata-admin');
  });

  it('sends nothing in read-only mode: the core refuses', async () => {
    const { source, transport } = await connect();
    const before = transport.requests.length;
    expect(await source.applyAction('reconcile', ks, { readOnly: true })).toEqual({
      ok: false,
      action: 'reconcile',
      refused: true,
      reason: 'read-only mode',
    });
    expect(transport.requests.length).toBe(before);
  });

  it("reports the server's own message when the user may not patch", async () => {
    const { source } = await connect('viewer');
    const result = await source.applyAction('refresh', app);
    expect(result).toEqual({
      ok: false,
      action: 'refresh',
      refused: false,
      status: 403,
      error: `refresh Application/argocd/team-a-frontend failed: applications.argoproj.io "team-a-frontend" is forbidden: User "viewer" cannot patch resource "applications" in API group "argoproj.io" in the namespace "argocd"`,
    });
  });

  it('says when the object does not exist, or its kind is not one strata acts on', async () => {
    const { source } = await connect();
    expect(await source.applyAction('reconcile', { ...ks, name: 'nope' })).toEqual({
      ok: false,
      action: 'reconcile',
      refused: false,
      status: 404,
      error: 'Kustomization/flux-system/nope was not found: nothing sent',
    });
    expect(await source.applyAction('sync', ks)).toMatchObject({ ok: false, refused: true });
  });
});
