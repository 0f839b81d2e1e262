/**
 * How `strata` opens its UI: pick the source (the live cluster, else the built-in demo), then
 * run the UI on the process's terminal.
 */

import { loadKubeconfig } from '../cluster/kubeconfig.ts';
import { createDemoSource } from '../demo/demo-source.ts';
import type { OpenedSource, SourceFactory, SourceOptions } from './data-source.ts';
import { handoverSource } from './handover-source.ts';
import { openLiveSource } from './live-source.ts';
import { runApp } from './run.tsx';

export const NO_CLUSTER_NOTICE = 'demo — no cluster connection';

/**
 * The live cluster the kubeconfig names, or the demo: explicitly (`--demo`), or standing in for a
 * cluster strata cannot reach, with the reason on screen.
 */
export const openDemoOrCluster: SourceFactory = async (options: SourceOptions): Promise<OpenedSource> => {
  const demo = () =>
    createDemoSource({
      readOnly: options.readOnly,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    });
  if (options.demo) return { source: demo() };
  const env = process.env;
  const cwd = process.cwd();
  const loaded = loadKubeconfig({
    env,
    cwd,
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  if (!loaded.ok) return { source: demo(), notice: `${NO_CLUSTER_NOTICE} (${loaded.error})` };
  // The UI opens at once; discovery and the first lists arrive while it shows "connecting…".
  const opening = openLiveSource({ ...options, env, cwd }).then(
    (live): OpenedSource =>
      live.ok ? { source: live.source } : { source: demo(), notice: `${NO_CLUSTER_NOTICE} (${live.error})` },
  );
  const description = {
    context: loaded.config.context,
    cluster: loaded.config.server,
    user: loaded.config.user ?? '(none)',
    namespace: options.namespace ?? 'all',
    readOnly: options.readOnly,
  };
  return { source: handoverSource(description, opening) };
};

export const STDIN_NOT_A_TERMINAL =
  'the terminal UI reads keys from a terminal (stdin is not one); for text output use strata report --file PATH';

/** Opens the source and runs the UI on this process's terminal; resolves with the exit status. */
export async function launchUi(
  options: SourceOptions,
  factory: SourceFactory = openDemoOrCluster,
): Promise<number> {
  if (process.stdin.isTTY !== true) {
    process.stderr.write(`strata: ${STDIN_NOT_A_TERMINAL}\n`);
    return 2;
  }
  const { source, notice } = await factory(options);
  return runApp(source, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }, { notice });
}
