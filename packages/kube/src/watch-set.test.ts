import type { JsonRecord } from '@strata/core';
import { ARGOCD_CM, ClusterModel, DEPLOYMENTS, gitOpsResource } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';
import { TransportError } from './errors.ts';
import { FakeApi, flush, forbidden } from './fake-transport.test-support.ts';
import { type ConnectionState, ListFailedError, WatchSet, type WatchSetOptions } from './watch-set.ts';

const KS = gitOpsResource({
  kind: 'Kustomization',
  group: 'kustomize.toolkit.fluxcd.io',
  version: 'v1',
  plural: 'kustomizations',
  namespaced: true,
  tool: 'flux',
});
const KS_PATH = '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations';
const DEPLOY_PATH = '/apis/apps/v1/deployments';

function ks(name: string, namespace: string): JsonRecord {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { interval: '1m', path: '.', sourceRef: { kind: 'GitRepository', name: 'r' } },
  };
}

function api(namespaces: readonly string[] = ['a', 'b', 'c']): FakeApi {
  const fake = new FakeApi();
  for (const ns of namespaces) {
    fake.put('/api/v1/namespaces', { metadata: { name: ns } });
    fake.put(KS_PATH, ks(`ks-${ns}`, ns));
  }
  fake.put(DEPLOY_PATH, {
    metadata: { name: 'kustomize-controller', namespace: 'a', labels: { app: 'kustomize-controller' } },
    spec: { replicas: 1 },
    status: { availableReplicas: 1 },
  });
  return fake;
}

/** 403 for cluster-wide Kustomization lists, and in the namespaces given. */
function denyKustomizations(fake: FakeApi, namespaces: readonly string[], namespacesListable = true): void {
  fake.intercept = (_request, parsed) => {
    if (parsed.collection === '/api/v1/namespaces' && !namespacesListable) {
      return forbidden('namespaces is forbidden: User "bob" cannot list resource "namespaces"');
    }
    if (parsed.collection !== KS_PATH) return undefined;
    if (parsed.namespace === undefined) {
      return forbidden(
        'kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "bob" cannot list ... at the cluster scope',
      );
    }
    if (namespaces.includes(parsed.namespace)) {
      return forbidden(
        `kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "bob" cannot list ... in the namespace "${parsed.namespace}"`,
      );
    }
    return undefined;
  };
}

function names(model: ClusterModel): string[] {
  return [...model.allObjects()]
    .map((o) => `${(o as JsonRecord).kind}/${String(((o as JsonRecord).metadata as JsonRecord).name)}`)
    .sort();
}

function set(fake: FakeApi, model: ClusterModel, options: Partial<WatchSetOptions> = {}): WatchSet {
  return new WatchSet({
    transport: fake,
    sink: model,
    resources: [KS, DEPLOYMENTS, ARGOCD_CM],
    mode: 'once',
    sleep: async () => {},
    ...options,
  });
}

describe('WatchSet', () => {
  it('lists every resource once into the sink', async () => {
    const fake = api();
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const watchSet = set(fake, model);
    await watchSet.runOnce();
    expect(names(model)).toEqual([
      'Deployment/kustomize-controller',
      'Kustomization/ks-a',
      'Kustomization/ks-b',
      'Kustomization/ks-c',
    ]);
    expect(watchSet.hidden).toEqual([]);
    expect(fake.requests.find((r) => r.path === '/api/v1/configmaps')?.query?.fieldSelector).toBe(
      'metadata.name=argocd-cm',
    );
  });

  it('reads namespace by namespace when all namespaces are forbidden, and hides the namespaces still forbidden', async () => {
    const fake = api();
    denyKustomizations(fake, ['b', 'c']);
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const watchSet = set(fake, model);
    await watchSet.runOnce();
    expect(names(model)).toEqual(['Deployment/kustomize-controller', 'Kustomization/ks-a']);
    expect(watchSet.hidden.map((h) => [h.kind, h.namespace, h.cause])).toEqual([
      ['Kustomization', 'b', 'forbidden'],
      ['Kustomization', 'c', 'forbidden'],
    ]);
  });

  it('watches the namespaces it may read when all namespaces are forbidden, and goes live', async () => {
    const fake = api();
    denyKustomizations(fake, ['b', 'c']);
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const watchSet = set(fake, model, { mode: 'watch', resources: [KS, DEPLOYMENTS] });
    watchSet.start();
    await watchSet.synced();
    await fake.watchOpened(2);
    await flush();
    expect(watchSet.state).toBe('live');
    const open = fake.openWatches().map((w) => `${w.collection} ${w.namespace ?? '*'}`);
    expect(open.sort()).toEqual([`${DEPLOY_PATH} *`, `${KS_PATH} a`]);
    fake.put(KS_PATH, ks('later', 'a'));
    await flush();
    expect(names(model)).toContain('Kustomization/later');
    expect(watchSet.hidden.map((h) => h.namespace)).toEqual(['b', 'c']);
    await watchSet.stop();
  });

  it('says "all namespaces" once when every namespace is forbidden', async () => {
    const fake = api();
    denyKustomizations(fake, ['a', 'b', 'c']);
    const watchSet = set(fake, new ClusterModel({ at: '2026-11-22T10:00:00Z' }));
    await watchSet.runOnce();
    expect(watchSet.hidden).toEqual([
      {
        kind: 'Kustomization',
        cause: 'forbidden',
        reason: 'kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "bob" cannot list ...',
      },
    ]);
  });

  it('falls back to the context namespace when namespaces cannot be listed', async () => {
    const fake = api();
    denyKustomizations(fake, ['b', 'c'], false);
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const watchSet = set(fake, model, { fallbackNamespace: 'a' });
    await watchSet.runOnce();
    expect(names(model)).toContain('Kustomization/ks-a');
    expect(watchSet.hidden).toEqual([
      expect.objectContaining({
        kind: 'Kustomization',
        cause: 'forbidden',
        detail: 'namespaces cannot be listed either, so only namespace a is read',
      }),
    ]);
  });

  it('reads only the namespace it is given', async () => {
    const fake = api();
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    await set(fake, model, { namespace: 'b' }).runOnce();
    expect(names(model)).toEqual(['Kustomization/ks-b']);
    expect(fake.requests.every((r) => r.path.includes('/namespaces/b/'))).toBe(true);
  });

  it('hides a resource the server keeps failing to list, and rejects runOnce when the server is gone', async () => {
    const fake = api();
    fake.intercept = (_request, parsed) =>
      parsed.collection === DEPLOY_PATH
        ? {
            status: 500,
            body: { kind: 'Status', message: 'conversion webhook for apps/v1 failed', code: 500 },
          }
        : undefined;
    const watchSet = set(fake, new ClusterModel({ at: '2026-11-22T10:00:00Z' }), { attempts: 2 });
    await watchSet.runOnce();
    expect(watchSet.hidden).toEqual([
      { kind: 'Deployment', cause: 'error', reason: 'conversion webhook for apps/v1 failed' },
    ]);

    const gone = api();
    gone.intercept = (_request, parsed) =>
      parsed.collection === DEPLOY_PATH
        ? new TransportError('unreachable', 'cannot reach https://k: connection refused')
        : undefined;
    const error = await set(gone, new ClusterModel({ at: '2026-11-22T10:00:00Z' }), { attempts: 2 })
      .runOnce()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListFailedError);
    expect((error as Error).message).toBe(
      'Deployment in all namespaces: cannot reach https://k: connection refused',
    );
  });

  it('goes connecting → live, reconnecting when watches drop, stale after a while, live when back', async () => {
    const fake = api();
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    let now = 0;
    const timers: { at: number; run: () => void }[] = [];
    let release: (() => void) | undefined;
    const watchSet = set(fake, model, {
      mode: 'watch',
      resources: [KS, DEPLOYMENTS],
      now: () => now,
      staleAfterMs: 1000,
      newBackoff: () => new Backoff({ random: () => 1 }),
      // Retries wait until the test lets them go.
      sleep: () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      setTimer: (run, ms) => {
        const timer = { at: now + ms, run };
        timers.push(timer);
        return () => timers.splice(timers.indexOf(timer), 1);
      },
    });
    const states: ConnectionState[] = [];
    watchSet.subscribe((event) => {
      if (event.type === 'state') states.push(event.state);
    });
    watchSet.subscribe(() => {
      throw new Error('a broken subscriber');
    });
    watchSet.start();
    expect(watchSet.state).toBe('connecting');
    await watchSet.synced();
    await fake.watchOpened(2);
    await flush();
    expect(watchSet.state).toBe('live');

    fake.watches[0]?.stream.fail(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    await flush();
    expect(watchSet.state).toBe('reconnecting');
    now = 1500;
    for (const timer of timers.splice(0)) if (timer.at <= now) timer.run();
    expect(watchSet.state).toBe('stale');

    fake.put(KS_PATH, ks('new', 'a')); // changed while the watch was down
    release?.();
    await fake.watchOpened(3);
    await flush();
    expect(watchSet.state).toBe('live');
    expect(names(model)).toContain('Kustomization/new');
    expect(states).toEqual(['live', 'reconnecting', 'stale', 'live']);

    await watchSet.stop();
    expect(watchSet.state).toBe('stopped');
    expect(fake.openWatches()).toEqual([]);
  });
});
