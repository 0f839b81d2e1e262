/**
 * Streaming lists against real API servers: one that serves them (the default since 1.32) and
 * one started with the WatchList feature gate off, which refuses them with a 422. Both must give
 * the same picture as `diagnose()` of the seeded fixture; only the requests differ.
 */
import { diagnose } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { ClusterSource, HttpsTransport } from '@strata/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from '../cluster/harness.ts';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_MS, readKubeconfig, SteerableTransport } from './support.ts';

const { objects, at } = twoLayerPlatform();
const expected = diagnose(objects, { at });

let streaming: Cluster;
let refusing: Cluster;

beforeAll(async () => {
  [streaming, refusing] = await Promise.all([
    startCluster(),
    startCluster({ apiserverArgs: ['--feature-gates=WatchList=false'] }),
  ]);
  await Promise.all([seed(streaming, objects), seed(refusing, objects)]);
}, CLUSTER_START_MS * 2);

afterAll(async () => {
  await Promise.all([streaming?.stop(), refusing?.stop()]);
});

async function listOnce(cluster: Cluster) {
  const kubeconfig = readKubeconfig(cluster.kubeconfigPath);
  const transport = new SteerableTransport(new HttpsTransport(kubeconfig.connection, { timeoutMs: 10_000 }));
  const source = await ClusterSource.connect({ kubeconfig, at, transport });
  try {
    await source.loadOnce();
    const ofKustomizations = transport.requests.filter((r) => r.path.endsWith('/kustomizations'));
    return {
      report: source.model.report(),
      streamed: ofKustomizations.filter((r) => r.query?.sendInitialEvents === 'true').length,
      pages: ofKustomizations.filter((r) => r.query?.limit !== undefined).length,
    };
  } finally {
    await source.stop();
  }
}

function picture(report: typeof expected) {
  return {
    summary: report.summary,
    roots: report.rootCauses.map((r) => [r.ref, r.state, r.reason, r.impacted]),
    objects: report.objects.map((o) => [o.ref, o.state, o.layer, o.rootCauses]),
  };
}

describe('streaming lists against real API servers', () => {
  it('streams every kind from a server that has them, and lists nothing page by page', async () => {
    const { report, streamed, pages } = await listOnce(streaming);
    expect({ streamed, pages }).toEqual({ streamed: 1, pages: 0 });
    expect(picture(report)).toEqual(picture(expected));
  });

  it('lists page by page, with the same picture, from a server that refuses them (422)', async () => {
    const { report, streamed, pages } = await listOnce(refusing);
    expect({ streamed, pages }).toEqual({ streamed: 1, pages: 1 });
    expect(picture(report)).toEqual(picture(expected));
  });
});
