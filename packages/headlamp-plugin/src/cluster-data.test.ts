/**
 * The live store: one persistent model per cluster fed by list+watch through ApiProxy (mocked by
 * a FakeApi holding the two-layer fixture), changes published in batches, evidence read only
 * on demand, no requests while idle; 410 Gone, dropped watches and RBAC refusals.
 */
import { formatRef } from '@strata/core';
import { TWO_LAYER_PLATFORM_AT, twoLayerPlatform } from '@strata/core/fixtures';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clusterFeedStats,
  demandEvidence,
  loadClusterData,
  ownersPending,
  peekClusterData,
  stopClusterData,
} from './cluster-data.ts';
import { FakeApi } from './fake-api.test-support.ts';

const mocks = vi.hoisted(() => ({ api: undefined as unknown as FakeApi }));

vi.mock('@kinvolk/headlamp-plugin/lib', async (importOriginal) => {
  const original = await importOriginal<typeof import('@kinvolk/headlamp-plugin/lib')>();
  return {
    ...original,
    ApiProxy: {
      ...original.ApiProxy,
      request: (...args: Parameters<FakeApi['request']>) => mocks.api.request(...args),
      stream: (...args: Parameters<FakeApi['stream']>) => mocks.api.stream(...args),
    },
  };
});

type Json = Record<string, unknown>;
const fixture = twoLayerPlatform();
const objects = fixture.objects as unknown as Json[];
let cluster = '';
let n = 0;

function find(kind: string, namespace: string, name: string): Json {
  const o = objects.find(
    (x) =>
      x.kind === kind && (x.metadata as Json).namespace === namespace && (x.metadata as Json).name === name,
  );
  if (o === undefined) throw new Error(`no ${kind}/${namespace}/${name}`);
  return structuredClone(o);
}

const ready = (at: string) => ({
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'ReconciliationSucceeded',
      message: 'ok',
      lastTransitionTime: at,
    },
  ],
});

/** Resolves once the store has published a picture satisfying `test`. */
async function until(test: () => boolean, timeoutMs = 5_000): Promise<void> {
  const start = Date.now();
  while (!test()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const lists = (api: FakeApi) => api.log.filter((l) => !l.startsWith('WATCH')).length;
const rootNames = () =>
  peekClusterData(cluster)?.picture?.report.rootCauses.map((r) => formatRef(r.ref)) ?? [];

beforeEach(() => {
  vi.setSystemTime(new Date(TWO_LAYER_PLATFORM_AT));
  vi.useRealTimers();
  mocks.api = new FakeApi(objects);
  cluster = `live-${n++}`;
});

afterEach(() => {
  stopClusterData(cluster);
  vi.useRealTimers();
});

describe('the live store', () => {
  it('lists the picture once, then follows a status write through its watch', async () => {
    const data = await loadClusterData(cluster);
    expect(data.loading).toBe(false);
    expect(rootNames()[0]).toBe('HelmRelease/flux-system/cert-manager');
    // Only what the picture is made of: no Pods, ReplicaSets, DaemonSets or Events.
    expect(mocks.api.log.filter((l) => /pods|replicasets|daemonsets|events/.test(l))).toEqual([]);
    expect(mocks.api.log.some((l) => l.startsWith('WATCH /apis/helm.toolkit.fluxcd.io/'))).toBe(true);
    const listed = lists(mocks.api);
    const before = peekClusterData(cluster)!.picture;

    const release = find('HelmRelease', 'flux-system', 'cert-manager');
    mocks.api.write({ ...release, status: ready(new Date().toISOString()) });
    await until(() => !rootNames().includes('HelmRelease/flux-system/cert-manager'));
    expect(peekClusterData(cluster)!.picture).not.toBe(before);
    expect(lists(mocks.api)).toBe(listed);
  });

  /**
   * On fake timers: the cluster loaded, and a page showing the roots (their evidence read); what
   * it returns is the page leaving.
   */
  async function loadedOnFakeTimersWithRootsShown(): Promise<() => void> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const loaded = loadClusterData(cluster);
    await vi.advanceTimersByTimeAsync(100);
    await loaded;
    const leave = demandEvidence(cluster, 'roots');
    await vi.advanceTimersByTimeAsync(1_000);
    return leave;
  }

  it('makes no request while nothing changes (no polling)', async () => {
    const stop = await loadedOnFakeTimersWithRootsShown();
    const requests = mocks.api.log.length;
    const published = clusterFeedStats(cluster)!.published;
    await vi.advanceTimersByTimeAsync(120_000);
    expect(mocks.api.log.slice(requests)).toEqual([]);
    expect(clusterFeedStats(cluster)!.published).toBe(published);
    stop();
  });

  it('closes its watches a minute after the last page using it left', async () => {
    const leave = await loadedOnFakeTimersWithRootsShown();
    expect(mocks.api.openWatches).toBeGreaterThan(0);
    leave();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(mocks.api.openWatches).toBeGreaterThan(0);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(mocks.api.openWatches).toBe(0);
    expect(peekClusterData(cluster)).toBeUndefined();
  });

  it('publishes a burst of writes as one batch', async () => {
    await loadClusterData(cluster);
    const published = clusterFeedStats(cluster)!.published;
    for (const name of ['cert-manager', 'trust-manager', 'kube-prometheus-stack']) {
      const release = find('HelmRelease', 'flux-system', name);
      mocks.api.write({ ...release, status: ready(new Date().toISOString()) });
    }
    await until(() => clusterFeedStats(cluster)!.published > published);
    await new Promise((r) => setTimeout(r, 400));
    expect(clusterFeedStats(cluster)!.published).toBe(published + 1);
  });

  it('reads evidence only on demand, in the namespaces of the roots shown', async () => {
    await loadClusterData(cluster);
    const root = () => peekClusterData(cluster)!.picture!.report.rootCauses[0]!;
    expect(root().evidence.some((e) => e.kind === 'Pod')).toBe(false);
    const stop = demandEvidence(cluster, [
      { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' },
    ]);
    await until(() => root().evidence.some((e) => e.kind === 'Pod'));
    const evidence = mocks.api.log.filter((l) => /pods|replicasets|daemonsets|events/.test(l));
    expect(evidence.some((l) => l.startsWith('/api/v1/namespaces/cert-manager/pods?'))).toBe(true);
    expect(evidence.some((l) => l.includes('/pods?') && !l.includes('/namespaces/'))).toBe(false);
    // A workload of that namespace changes: its evidence is read again.
    const reads = clusterFeedStats(cluster)!.evidenceReads;
    const deployment = find('Deployment', 'cert-manager', 'cert-manager-webhook');
    mocks.api.write({ ...deployment, status: { ...(deployment.status as Json), observedGeneration: 9 } });
    await until(() => clusterFeedStats(cluster)!.evidenceReads > reads);
    stop();
  });

  it("reads a Pod's unwatched owners when its managers are shown, and only their kind", async () => {
    await loadClusterData(cluster);
    const pod = objects.find(
      (o) => o.kind === 'Pod' && String((o.metadata as Json).name).startsWith('cert-manager-webhook'),
    )!;
    const managers = () =>
      peekClusterData(cluster)!
        .picture!.view.ownership(pod)
        ?.managers.map((m) => formatRef(m.ref)) ?? [];
    expect(managers()).toEqual([]);
    // Until its ReplicaSet has been read, "not managed" would be a guess: the page says it is reading.
    expect(ownersPending(peekClusterData(cluster)!, pod)).toBe(true);
    const stop = demandEvidence(cluster, { ownersOf: pod });
    await until(() => managers().length > 0);
    expect(managers()).toContain('HelmRelease/flux-system/cert-manager');
    expect(ownersPending(peekClusterData(cluster)!, pod)).toBe(false);
    expect(mocks.api.log.filter((l) => /pods|replicasets|daemonsets|events/.test(l))).toEqual([
      '/apis/apps/v1/namespaces/cert-manager/replicasets?limit=500',
    ]);
    stop();
  });

  it('lists again on 410 Gone and resumes a dropped watch from the last resourceVersion', async () => {
    await loadClusterData(cluster);
    const release = find('HelmRelease', 'flux-system', 'cert-manager');
    // A change the watch never saw, then 410: only a new LIST brings it.
    mocks.api.writeUnseen({ ...release, status: ready(new Date().toISOString()) });
    const listed = mocks.api.count('/apis/helm.toolkit.fluxcd.io/');
    mocks.api.expireWatches();
    await until(() => !rootNames().includes('HelmRelease/flux-system/cert-manager'));
    expect(mocks.api.count('/apis/helm.toolkit.fluxcd.io/')).toBeGreaterThan(listed);

    // The sockets close: each watch starts again (after a pause) from where it was, no LIST.
    const lastVersion = mocks.api.log.length;
    const before = lists(mocks.api);
    mocks.api.dropWatches();
    expect(mocks.api.openWatches).toBe(0);
    await until(() => mocks.api.openWatches > 0, 5_000);
    const rewatch = mocks.api.log
      .slice(lastVersion)
      .find((l) => l.startsWith('WATCH /apis/helm.toolkit.fluxcd.io/'));
    expect(rewatch).toMatch(/resourceVersion=\d+/);
    expect(lists(mocks.api)).toBe(before);
    const trust = find('HelmRelease', 'flux-system', 'trust-manager');
    await until(() => mocks.api.openWatches >= 10);
    mocks.api.write({
      ...trust,
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'UpgradeFailed', message: 'boom' }] },
    });
    await until(() => rootNames().includes('HelmRelease/flux-system/trust-manager'));
  });

  it('names a kind RBAC forbids and keeps the rest of the picture', async () => {
    mocks.api.forbidden.add('Application');
    const data = await loadClusterData(cluster);
    expect(data.notes).toEqual(['Application: forbidden']);
    expect(data.picture?.report.objects.some((o) => o.ref.kind === 'HelmRelease')).toBe(true);
    expect(data.picture?.report.objects.some((o) => o.ref.kind === 'Application')).toBe(false);
  });

  it('says when a cluster serves neither Flux nor Argo CD', async () => {
    mocks.api.gitops = false;
    const data = await loadClusterData(cluster);
    expect(data.picture?.served).toEqual({ flux: false, argo: false });
    expect(mocks.api.log.filter((l) => l.includes('fluxcd') || l.includes('argoproj'))).toEqual([]);
  });
});
