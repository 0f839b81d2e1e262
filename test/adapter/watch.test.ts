/**
 * The adapter's list+watch against a real API server: the model follows status changes made on
 * the server, survives dropped connections and server-side stream ends without losing a change,
 * relists on 410 Gone, and reports its connection state.
 */
import { twoLayerPlatform } from '@strata/core/fixtures';
import type { ConnectionState } from '@strata/kube';
import {
  Backoff,
  ClusterSource,
  type ClusterSourceEvent,
  HttpsTransport,
  TransportError,
} from '@strata/kube';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../cluster/harness.ts';
import type { ObjectRef } from '../cluster/rest.ts';
import { remove, seed, setStatus } from '../cluster/seed.ts';
import { CLUSTER_START_MS, eventually, readKubeconfig, SteerableTransport } from './support.ts';

const { objects, at } = twoLayerPlatform();

let cluster: Cluster;
const sources: ClusterSource[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  await seed(cluster, objects);
}, CLUSTER_START_MS);

afterEach(async () => {
  await Promise.all(sources.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await cluster?.stop();
});

interface Live {
  readonly source: ClusterSource;
  readonly transport: SteerableTransport;
  readonly events: ClusterSourceEvent[];
  readonly states: ConnectionState[];
}

async function live(
  watch: NonNullable<Parameters<typeof ClusterSource.connect>[0]['watch']> = {},
): Promise<Live> {
  const kubeconfig = readKubeconfig(cluster.kubeconfigPath);
  const transport = new SteerableTransport(new HttpsTransport(kubeconfig.connection, { timeoutMs: 10_000 }));
  const source = await ClusterSource.connect({
    kubeconfig,
    at,
    transport,
    watch: { newBackoff: () => new Backoff({ initialMs: 50, maxMs: 400 }), ...watch },
  });
  sources.push(source);
  const events: ClusterSourceEvent[] = [];
  const states: ConnectionState[] = [];
  source.subscribe((event) => {
    events.push(event);
    if (event.type === 'state') states.push(event.state);
  });
  source.start();
  await source.synced();
  return { source, transport, events, states };
}

const certManager: ObjectRef = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  namespace: 'flux-system',
  name: 'cert-manager',
};

/** Full lists of HelmReleases: streaming lists (the server has them, 1.32+), and LIST pages. */
function helmReleaseLists(transport: SteerableTransport): { streamed: number; pages: number } {
  const ofHelmReleases = transport.requests.filter((r) => r.path.includes('helmreleases'));
  return {
    streamed: ofHelmReleases.filter((r) => r.query?.sendInitialEvents === 'true').length,
    pages: ofHelmReleases.filter((r) => r.query?.limit !== undefined).length,
  };
}

function rootNames(source: ClusterSource): string[] {
  return source.model.report().rootCauses.map((r) => `${r.ref.kind}/${r.ref.name}`);
}

/** Makes the cert-manager HelmRelease ready (or failing again) as helm-controller would. */
async function setCertManagerReady(ready: boolean): Promise<void> {
  await setStatus(
    cluster,
    certManager,
    (status) => ({
      ...status,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          reason: ready ? 'UpgradeSucceeded' : 'InstallFailed',
          message: ready ? 'Helm upgrade succeeded' : 'Helm install failed: context deadline exceeded',
          lastTransitionTime: at,
        },
      ],
    }),
    { syncObservedGeneration: true },
  );
}

describe('the adapter watching a real API server', () => {
  it('lists everything, goes live, and follows a status change made on the server', async () => {
    const { source, states } = await live();
    await eventually('live', () => source.state === 'live');
    expect(states).toContain('live');
    expect(rootNames(source)).toContain('HelmRelease/cert-manager');
    await setCertManagerReady(true);
    await eventually(
      'cert-manager to stop being a root',
      () => !rootNames(source).includes('HelmRelease/cert-manager'),
    );
    await setCertManagerReady(false);
    await eventually('cert-manager to be a root again', () =>
      rootNames(source).includes('HelmRelease/cert-manager'),
    );
  });

  it('follows objects created and deleted on the server', async () => {
    const { source } = await live();
    const extra = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'extra', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: './extra',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'nowhere' },
      },
    };
    await seed(cluster, [extra]);
    const named = () => source.model.report().objects.some((o) => o.ref.name === 'extra');
    await eventually('the new Kustomization', named);
    await remove(cluster, {
      apiVersion: extra.apiVersion,
      kind: extra.kind,
      namespace: 'flux-system',
      name: 'extra',
    });
    await eventually('the Kustomization to go', () => !named());
  });

  it('recovers from dropped connections with nothing lost', async () => {
    const { source, transport, states } = await live();
    await eventually('live', () => source.state === 'live');
    const opened = transport.watchRequests().length;
    // Break every watch, and change the cluster while they reconnect.
    transport.refuseWatches = new TransportError('network', 'the connection to the server was reset');
    expect(transport.dropWatches()).toBeGreaterThan(10);
    await setCertManagerReady(true);
    await eventually('reconnecting', () => source.state === 'reconnecting');
    transport.refuseWatches = undefined;
    await eventually('live again', () => source.state === 'live' && states.at(-1) === 'live');
    await eventually(
      'the change made while disconnected',
      () => !rootNames(source).includes('HelmRelease/cert-manager'),
    );
    // Watches resumed from where they were: no relist.
    const resumed = transport.watchRequests().slice(opened);
    expect(resumed.every((r) => r.query?.resourceVersion !== undefined)).toBe(true);
    // Listed once, by one streaming list: the real server serves them.
    expect(helmReleaseLists(transport)).toEqual({ streamed: 1, pages: 0 });
    await setCertManagerReady(false);
  });

  it('turns stale when the watches stay down, and live when they are back', async () => {
    const { source, transport } = await live({ staleAfterMs: 300 });
    await eventually('live', () => source.state === 'live');
    transport.refuseWatches = new TransportError(
      'unreachable',
      'cannot reach the server: connection refused',
    );
    transport.dropWatches();
    await eventually('stale', () => source.state === 'stale');
    transport.refuseWatches = undefined;
    await eventually('live', () => source.state === 'live', 10_000);
  });

  it('resumes after the server ends the streams (timeoutSeconds) without relisting', async () => {
    const { source, transport } = await live({ watchTimeoutSeconds: () => 1 });
    const helmReleaseWatches = () =>
      transport.watchRequests().filter((r) => r.path.includes('helmreleases')).length;
    await eventually(
      'the server to end a watch and the adapter to resume it',
      () => helmReleaseWatches() >= 3,
      10_000,
    );
    await setCertManagerReady(true);
    await eventually('the change', () => !rootNames(source).includes('HelmRelease/cert-manager'));
    expect(helmReleaseLists(transport)).toEqual({ streamed: 1, pages: 0 });
    await setCertManagerReady(false);
    await eventually('the change back', () => rootNames(source).includes('HelmRelease/cert-manager'));
  });

  it('relists when the server answers 410 Gone, keeping the picture whole', async () => {
    const { source, transport, events } = await live();
    await eventually('live', () => source.state === 'live');
    const before = source.model.report();
    // Make the next HelmRelease watch start from a resource version the server no longer has.
    let rewrites = 1;
    transport.rewriteWatch = (request) =>
      request.path.includes('helmreleases') && rewrites-- > 0
        ? { ...request, query: { ...request.query, resourceVersion: '1' } }
        : undefined;
    transport.dropWatches();
    const relist = await eventually('a relist after 410', () =>
      events.find((e) => e.type === 'watcher' && e.kind === 'HelmRelease' && e.event.type === 'relist'),
    );
    expect(relist).toMatchObject({ event: { reason: expect.stringMatching(/too old resource version/) } });
    await eventually('the relist to be done', () => helmReleaseLists(transport).streamed === 2);
    await eventually('live', () => source.state === 'live');
    expect(source.model.report().rootCauses).toEqual(before.rootCauses);
    await setCertManagerReady(true);
    await eventually(
      'changes after the relist',
      () => !rootNames(source).includes('HelmRelease/cert-manager'),
    );
    await setCertManagerReady(false);
  });

  it('stops every watch on stop()', async () => {
    const { source } = await live();
    await source.stop();
    expect(source.state).toBe('stopped');
  });
});

describe('reading one object’s events', () => {
  it('fetches the Events about an object, and none of the others', async () => {
    await seed(cluster, [
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'cert-manager.1', namespace: 'flux-system' },
        involvedObject: {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          name: 'cert-manager',
          namespace: 'flux-system',
        },
        type: 'Warning',
        reason: 'InstallFailed',
        message: 'Helm install failed: context deadline exceeded',
      },
      {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'trust-manager.1', namespace: 'flux-system' },
        involvedObject: {
          apiVersion: 'helm.toolkit.fluxcd.io/v2',
          kind: 'HelmRelease',
          name: 'trust-manager',
          namespace: 'flux-system',
        },
        type: 'Normal',
        reason: 'InstallSucceeded',
        message: 'ok',
      },
    ]);
    const { source } = await live();
    const events = await source.fetchEvents({
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'cert-manager',
    });
    expect(events).toEqual([
      expect.objectContaining({ kind: 'Event', reason: 'InstallFailed', type: 'Warning' }),
    ]);
  });
});
