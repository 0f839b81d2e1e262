/**
 * Suite `serve`: the `live` suite's seeded API server, kept running for profiling by hand
 * (`strata --kubeconfig …`, `--cpu-prof`, heap snapshots) until Ctrl-C. Not a measurement.
 *
 * `pnpm bench serve [--ks 5000 --hr 5000 --apps 2000] [--managed 0] [--seed 1]`
 */
import { argReader, clusterArgs, log, withSeededCluster } from './cluster-bench.ts';

export async function serveSuite(args: readonly string[]): Promise<void> {
  const arg = argReader(args);
  const options = clusterArgs(arg);
  await withSeededCluster(options, async (seeded) => {
    log(`serve: ${seeded.gitopsListed.toLocaleString('en')} GitOps objects listed by the server`);
    log(`serve: strata --kubeconfig ${seeded.cluster.kubeconfigPath}`);
    log('serve: Ctrl-C (or SIGTERM) stops the server');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  });
}
