/**
 * One test cluster per test file, for vitest:
 *
 *   const cluster = useCluster({ users: [{ name: 'viewer' }] });
 *   it('…', async () => { await seed(cluster(), objects); … });
 *
 * Starts the cluster in beforeAll (with time for a cold build of the binaries) and stops it in
 * afterAll. When it cannot start (no Go, a build failure, a server that does not come up),
 * every test of the enclosing suite fails with the reason: none is skipped.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type Cluster, type StartClusterOptions, startCluster } from './harness.ts';

/** Long enough for a cold build of kube-apiserver and etcd (~5 min on 2 busy cores, often more). */
export const CLUSTER_START_TIMEOUT_MS = 20 * 60_000;

export function useCluster(options: StartClusterOptions = {}): () => Cluster {
  let cluster: Cluster | undefined;
  let failure: unknown;
  beforeAll(async () => {
    try {
      cluster = await startCluster(options);
    } catch (error) {
      failure = error;
    }
  }, CLUSTER_START_TIMEOUT_MS);
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  return () => {
    if (cluster === undefined)
      throw failure ?? new Error('the test cluster is not started (use it inside a test)');
    return cluster;
  };
}
