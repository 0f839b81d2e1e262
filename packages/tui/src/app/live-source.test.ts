import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKubeObject } from '@strata/core';
import type { Coverage } from '@strata/kube';
import { ClusterSource } from '@strata/kube';
import { FAKE_KUBECONFIG, FakeApi, forbidden, writeFakeKubeconfig } from '@strata/kube/test-support';
import { describe, expect, it, vi } from 'vitest';
import { hiddenNotes, LiveSource, openLiveSource } from './live-source.ts';
import { chainLines } from './view-models/chain.ts';

const base: Coverage = {
  server: 'https://127.0.0.1:6443',
  context: 'test',
  flux: { installed: true, served: [] },
  argo: { installed: true, served: [] },
  hidden: [],
} as unknown as Coverage;

/** A read-only live source's options; each test adds its timings. */
const READ_ONLY = { demo: false, readOnly: true, env: {}, cwd: '/' } as const;

describe('hiddenNotes', () => {
  it('says nothing when everything is visible', () => {
    expect(hiddenNotes(base)).toEqual([]);
  });

  it('names a missing tool and each hidden kind with the server’s reason', () => {
    const coverage = {
      ...base,
      argo: { installed: false, served: [] },
      hidden: [
        {
          kind: 'HelmRelease',
          cause: 'forbidden',
          reason: 'helmreleases is forbidden: User "dev" cannot list',
        },
        {
          kind: 'Pod',
          namespace: 'team-a',
          cause: 'forbidden',
          reason: 'pods is forbidden',
          detail: 'evidence',
        },
      ],
    } as unknown as Coverage;
    expect(hiddenNotes(coverage)).toEqual([
      { what: 'Argo CD', why: 'not installed: the server serves none of its kinds' },
      { what: 'HelmRelease in all namespaces', why: 'helmreleases is forbidden: User "dev" cannot list' },
      { what: 'Pod in namespace team-a', why: 'pods is forbidden (evidence)' },
    ]);
  });
});

describe('LiveSource evidence refresh', () => {
  const ROOT = { kind: 'HelmRelease', namespace: 'flux-system', name: 'podinfo' };
  const POD_NAME = 'podinfo-7d9c8b6f5c-x2x4q';

  function pod(restarts: number) {
    return {
      metadata: {
        name: POD_NAME,
        namespace: 'podinfo',
        uid: 'pod-1',
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'podinfo-7d9c8b6f5c',
            uid: 'rs-1',
            controller: true,
          },
        ],
      },
      spec: { containers: [{ name: 'podinfo', image: 'ghcr.io/stefanprodan/podinfo:6.9.2' }] },
      status: {
        phase: 'Running',
        containerStatuses: [
          {
            name: 'podinfo',
            restartCount: restarts,
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
            },
            lastState: { terminated: { reason: 'Error', exitCode: 1 } },
          },
        ],
      },
    };
  }

  async function setup(): Promise<{ api: FakeApi; cluster: ClusterSource }> {
    const api = new FakeApi();
    api.discovery.set('/apis', {
      kind: 'APIGroupList',
      groups: [
        {
          name: 'helm.toolkit.fluxcd.io',
          versions: [{ groupVersion: 'helm.toolkit.fluxcd.io/v2', version: 'v2' }],
        },
      ],
    });
    api.discovery.set('/apis/helm.toolkit.fluxcd.io/v2', {
      kind: 'APIResourceList',
      groupVersion: 'helm.toolkit.fluxcd.io/v2',
      resources: [
        {
          name: 'helmreleases',
          kind: 'HelmRelease',
          namespaced: true,
          verbs: ['get', 'list', 'watch', 'patch'],
        },
      ],
    });
    api.put('/apis/helm.toolkit.fluxcd.io/v2/helmreleases', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
      spec: { targetNamespace: 'podinfo', chart: { spec: { chart: 'podinfo', version: '6.9.2' } } },
      status: {
        observedGeneration: 1,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'InstallFailed',
            message: 'Helm install failed for release podinfo/podinfo: context deadline exceeded',
            lastTransitionTime: '2026-11-22T09:00:00Z',
          },
        ],
      },
    });
    const labels = {
      'helm.toolkit.fluxcd.io/name': 'podinfo',
      'helm.toolkit.fluxcd.io/namespace': 'flux-system',
    };
    api.put('/apis/apps/v1/deployments', {
      metadata: { name: 'podinfo', namespace: 'podinfo', uid: 'deploy-1', labels, generation: 1 },
      spec: { replicas: 1 },
      status: {
        observedGeneration: 1,
        conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }],
      },
    });
    api.put('/apis/apps/v1/replicasets', {
      metadata: {
        name: 'podinfo-7d9c8b6f5c',
        namespace: 'podinfo',
        uid: 'rs-1',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo', uid: 'deploy-1', controller: true },
        ],
      },
      spec: { replicas: 1 },
      status: { replicas: 1 },
    });
    api.put('/api/v1/pods', pod(3));
    return { api, cluster: await ClusterSource.connect({ kubeconfig: FAKE_KUBECONFIG, transport: api }) };
  }

  function restartsShown(source: LiveSource): string | undefined {
    return chainLines(source.snapshot().view, ROOT).find((l) => l.ref?.kind === 'Pod')?.note;
  }

  const podFetches = (api: FakeApi) =>
    api.requests.filter((r) => r.path === '/api/v1/namespaces/podinfo/pods').length;

  it(':pods reads the Pods of a release (its workloads, walked down) and of a namespace, on demand', async () => {
    const { api, cluster } = await setup();
    api.put('/api/v1/pods', {
      metadata: { name: 'other', namespace: 'podinfo', uid: 'pod-other' },
      status: { phase: 'Running' },
    });
    const source = new LiveSource(cluster, {
      ...READ_ONLY,
      tickMs: 60_000,
    });
    try {
      await cluster.synced();
      expect(source.pods({ of: ROOT })).toEqual({ state: 'loading' });
      await eventually(() => source.pods({ of: ROOT }).state === 'done');
      const released = source.pods({ of: ROOT });
      expect(released.state === 'done' && released.pods.map((p) => readKubeObject(p)?.name)).toEqual([
        POD_NAME,
      ]);
      // Read Pods are objects the UI can describe.
      expect(source.object({ kind: 'Pod', namespace: 'podinfo', name: POD_NAME })).toBeDefined();
      source.pods({ namespace: 'podinfo' });
      await eventually(() => source.pods({ namespace: 'podinfo' }).state === 'done');
      const all = source.pods({ namespace: 'podinfo' });
      expect(all.state === 'done' && all.pods.map((p) => readKubeObject(p)?.name).sort()).toEqual(
        ['other', POD_NAME].sort(),
      );
      api.intercept = (request) =>
        request.path === '/api/v1/namespaces/team-a/pods'
          ? forbidden('pods is forbidden: User "me" cannot list')
          : undefined;
      source.pods({ namespace: 'team-a' });
      await eventually(() => source.pods({ namespace: 'team-a' }).state === 'error');
      expect(source.pods({ namespace: 'team-a' })).toEqual({
        state: 'error',
        error: 'pods is forbidden: User "me" cannot list',
      });
    } finally {
      source.close();
    }
  });

  it('fetches evidence on its own after changes, and taking or reading a snapshot never fetches', async () => {
    const { api, cluster } = await setup();
    const fetchEvidence = vi.spyOn(cluster, 'fetchEvidence');
    const source = new LiveSource(cluster, {
      ...READ_ONLY,
      tickMs: 60_000,
      evidenceEveryMs: 60_000,
    });
    try {
      // Nobody reads: the source fetches the failing root's evidence once its lists are in.
      await eventually(() => podFetches(api) > 0);
      expect(fetchEvidence).toHaveBeenCalled();
      await eventually(() => restartsShown(source) === '3 restarts');
      const calls = fetchEvidence.mock.calls.length;
      const requests = api.requests.length;
      const snapshot = source.snapshot();
      for (let i = 0; i < 5; i++) {
        source.snapshot().view.allObjects();
        source.object(ROOT);
        chainLines(snapshot.view, ROOT);
      }
      expect(fetchEvidence.mock.calls.length).toBe(calls);
      expect(api.requests.length).toBe(requests);
    } finally {
      source.close();
    }
  });

  it('refreshes the evidence of the root on screen, so a new restart shows while it is looked at', async () => {
    const { api, cluster } = await setup();
    const source = new LiveSource(cluster, {
      ...READ_ONLY,
      tickMs: 10,
      evidenceEveryMs: 60_000,
      focusEvidenceEveryMs: 40,
    });
    try {
      await eventually(() => restartsShown(source) === '3 restarts');
      api.put('/api/v1/pods', pod(4));
      const fetched = podFetches(api);
      await new Promise((done) => setTimeout(done, 150));
      // Nothing on screen: the evidence waits for its 60 s period.
      expect(podFetches(api)).toBe(fetched);
      expect(restartsShown(source)).toBe('3 restarts');
      source.focus([ROOT]);
      await eventually(() => restartsShown(source) === '4 restarts');
      api.put('/api/v1/pods', pod(5));
      await eventually(() => restartsShown(source) === '5 restarts');
      // Bounded: one fetch at a time, no faster than the focus period.
      const during = podFetches(api);
      await new Promise((done) => setTimeout(done, 200));
      expect(podFetches(api) - during).toBeLessThanOrEqual(6);
      source.focus([]);
      const after = podFetches(api);
      await new Promise((done) => setTimeout(done, 150));
      expect(podFetches(api)).toBe(after);
    } finally {
      source.close();
    }
  });

  it('reads logs through the adapter: the crashing container, previous instance', async () => {
    const { api, cluster } = await setup();
    api.intercept = (request) =>
      request.path.endsWith('/log') ? { status: 200, body: 'panic: boom\n' } : undefined;
    const source = new LiveSource(cluster, { ...READ_ONLY, tickMs: 10 });
    try {
      await eventually(() => restartsShown(source) === '3 restarts');
      expect(await source.logs({ kind: 'Pod', namespace: 'podinfo', name: POD_NAME })).toMatchObject({
        ok: true,
        container: 'podinfo',
        previous: true,
        lines: ['panic: boom'],
      });
    } finally {
      source.close();
    }
  });
});

describe('LiveSource versions line', () => {
  it('reads versions again when a controller changes, and not on other changes', async () => {
    const api = new FakeApi();
    api.discovery.set('/apis', { kind: 'APIGroupList', groups: [] });
    const controller = (version: string) => ({
      metadata: {
        name: 'helm-controller',
        namespace: 'flux-system',
        labels: { app: 'helm-controller', 'app.kubernetes.io/version': version },
      },
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
    });
    api.put('/apis/apps/v1/deployments', controller('v2.9.0'));
    api.put('/api/v1/configmaps', { metadata: { name: 'argocd-cm', namespace: 'argocd' }, data: {} });
    const cluster = await ClusterSource.connect({ kubeconfig: FAKE_KUBECONFIG, transport: api });
    let reads = 0;
    const view = cluster.model.view.bind(cluster.model);
    cluster.model.view = () => {
      const taken = view();
      return {
        ...taken,
        allObjects: () => {
          reads += 1;
          return taken.allObjects();
        },
      };
    };
    const source = new LiveSource(cluster, {
      ...READ_ONLY,
      tickMs: 60_000,
    });
    try {
      await eventually(() => source.snapshot().versions.flux === 'v2.9.0');
      const before = reads;
      api.put('/api/v1/configmaps', {
        metadata: { name: 'argocd-cm', namespace: 'argocd' },
        data: { x: 'y' },
      });
      await eventually(() => source.snapshot().report !== undefined && reads >= before);
      await new Promise((done) => setTimeout(done, 50));
      source.snapshot();
      expect(reads).toBe(before);
      api.put('/apis/apps/v1/deployments', controller('v2.9.1'));
      await eventually(() => source.snapshot().versions.flux === 'v2.9.1');
    } finally {
      source.close();
    }
  });
});

async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('openLiveSource: a session outlives its connect timeout', () => {
  const POD = { kind: 'Pod', namespace: 'apps', name: 'web-1' };

  async function kubeconfigOptions() {
    const dir = mkdtempSync(join(tmpdir(), 'strata-live-'));
    const path = writeFakeKubeconfig(dir);
    return { demo: false, readOnly: true, kubeconfig: path, env: {}, cwd: dir } as const;
  }

  async function open(api: FakeApi, extra: { namespace?: string } = {}) {
    return openLiveSource({
      ...(await kubeconfigOptions()),
      transport: api,
      connectTimeoutMs: 30,
      tickMs: 60_000,
      ...extra,
    });
  }

  it('reads events and logs on demand long after the connect timeout has passed', async () => {
    const api = new FakeApi();
    api.put('/api/v1/events', {
      metadata: { name: 'web-1.1', namespace: 'apps' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'apps' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
    });
    const opened = await open(api);
    if (!opened.ok) throw new Error(opened.error);
    const source = opened.source;
    try {
      // Well past connectTimeoutMs: only connecting was bounded by it.
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(source.events(POD)).toEqual([]);
      await vi.waitFor(() => expect(source.events(POD)).toHaveLength(1));
      const logs = await source.logs(POD, { container: 'web', previous: false });
      expect(logs.ok || !/aborted/i.test(logs.error)).toBe(true);
      const logRequests = api.requests.filter((r) => r.path.endsWith('/pods/web-1/log'));
      expect(logRequests).toHaveLength(1);
      expect(logRequests[0]!.signal?.aborted).toBe(false);
    } finally {
      source.close();
    }
  });

  it('reads the events of an object again while they are shown, so new ones appear in a long session', async () => {
    const api = new FakeApi();
    const event = (name: string, reason: string) => ({
      metadata: { name, namespace: 'apps' },
      involvedObject: { kind: 'Pod', name: 'web-1', namespace: 'apps' },
      type: 'Warning',
      reason,
      message: reason,
    });
    api.put('/api/v1/events', event('web-1.1', 'BackOff'));
    const opened = await openLiveSource({
      ...(await kubeconfigOptions()),
      transport: api,
      connectTimeoutMs: 1000,
      tickMs: 60_000,
      eventsFreshMs: 50,
    });
    if (!opened.ok) throw new Error(opened.error);
    const source = opened.source;
    try {
      source.events(POD);
      await vi.waitFor(() => expect(source.events(POD)).toHaveLength(1));
      api.put('/api/v1/events', event('web-1.2', 'Unhealthy'));
      await vi.waitFor(() => expect(source.events(POD)).toHaveLength(2), { timeout: 3000 });
    } finally {
      source.close();
    }
  });

  it('says in one line that a namespace given with -n does not exist', async () => {
    const api = new FakeApi();
    const opened = await open(api, { namespace: 'nosuchns' });
    expect(opened).toEqual({
      ok: false,
      error: 'namespace nosuchns does not exist on context test (kubectl get namespaces lists them)',
    });
  });

  it('opens a namespace that exists, and one it may not look up (403)', async () => {
    const api = new FakeApi();
    api.put('/api/v1/namespaces', { metadata: { name: 'team-a' } });
    const opened = await open(api, { namespace: 'team-a' });
    expect(opened.ok).toBe(true);
    if (opened.ok) opened.source.close();
    const refusing = new FakeApi();
    refusing.intercept = (request) =>
      request.path === '/api/v1/namespaces/team-b'
        ? forbidden('namespaces "team-b" is forbidden')
        : undefined;
    const allowed = await open(refusing, { namespace: 'team-b' });
    expect(allowed.ok).toBe(true);
    if (allowed.ok) allowed.source.close();
  });
});
