/**
 * Starts a cluster, prints its pids and folder as one JSON line, then waits to be killed: the
 * harness test SIGKILLs this process to check that no server outlives it.
 */
import { startCluster } from '../harness.ts';

const cluster = await startCluster({ crds: false });
process.stdout.write(`${JSON.stringify({ ...cluster.pids, dir: cluster.dir })}\n`);
setInterval(() => {}, 60_000);
