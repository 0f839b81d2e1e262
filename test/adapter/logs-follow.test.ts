/**
 * Logs through the real API server and a test kubelet behind it: a one-off read of the last
 * lines, then a follow stream (`follow=true`) whose new lines arrive as the container writes
 * them, ended by the reader; and the same through the TUI's live source, as `l` uses it.
 */

import { ClusterSource } from '@strata/kube';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followLine, startTestKubelet, type TestKubelet } from '../cluster/kubelet.ts';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_TIMEOUT_MS, useCluster } from '../cluster/vitest-cluster.ts';
import { eventually, openReadOnly, readKubeconfig } from './support.ts';

const cluster = useCluster();
let kubelet: TestKubelet;
const POD = { kind: 'Pod', namespace: 'infra', name: 'talker' };

beforeAll(async () => {
  kubelet = await startTestKubelet(cluster(), { followEveryMs: 100 });
  await seed(cluster(), [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'infra' } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'talker', namespace: 'infra' },
      spec: { nodeName: kubelet.nodeName, containers: [{ name: 'app', image: 'example.com/app:1' }] },
    },
  ]);
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  await kubelet?.close();
});

describe('logs that follow, through the real API server', () => {
  it('streams new lines as the container writes them, until the reader stops', {
    timeout: 60_000,
  }, async () => {
    const source = await ClusterSource.connect({ kubeconfig: readKubeconfig(cluster().kubeconfigPath) });
    try {
      const controller = new AbortController();
      const lines: string[] = [];
      const ended = source.followLogs(POD, { container: 'app', signal: controller.signal }, (batch) =>
        lines.push(...batch),
      );
      await eventually('three lines', () => lines.length >= 3, 20_000);
      const request = { namespace: 'infra', pod: 'talker', container: 'app', previous: false };
      expect(lines.slice(0, 3)).toEqual([1, 2, 3].map((n) => followLine(request, n)));
      expect(kubelet.requests.at(-1)).toMatchObject({ ...request, follow: true, tailLines: 0 });
      controller.abort();
      expect(await ended).toEqual({ ok: true });
      // The stream is closed at the kubelet too, not left open behind the API server.
      await eventually('the kubelet to end the stream', () => kubelet.following() === 0, 20_000);
    } finally {
      await source.stop();
    }
  });

  it('a live session reads the last lines, then follows on from them (as l does)', {
    timeout: 60_000,
  }, async () => {
    const source = await openReadOnly(cluster().kubeconfigPath);
    try {
      const tail = await source.logs(POD, { container: 'app', previous: false, tailLines: 5 });
      expect(tail).toMatchObject({ ok: true, container: 'app', previous: false });
      expect(tail.ok && tail.lines).toHaveLength(5);
      const controller = new AbortController();
      const lines: string[] = [];
      void source.followLogs?.(POD, { container: 'app', signal: controller.signal }, (batch) =>
        lines.push(...batch),
      );
      await eventually('two lines', () => lines.length >= 2, 20_000);
      expect(lines[0]).toMatch(/^talker\/app \(current\) follow \d+$/);
      controller.abort();
    } finally {
      source.close();
    }
  });
});
