/**
 * How `strata` opens its UI: pick the source (the live cluster, else the built-in demo), then
 * run the UI on the process's terminal.
 */

import { kubeconfigContexts, loadKubeconfig } from '@strata/kube';
import { createDemoSource } from '../demo/demo-source.ts';
import type { OpenedSource, SourceFactory, SourceOptions } from './data-source.ts';
import { handoverSource } from './handover-source.ts';
import { openLiveSource } from './live-source.ts';
import { runApp } from './run.tsx';

/** The header's word for the demo on a first run: no kubeconfig anywhere, so nothing to connect to. */
export const FIRST_RUN_NOTICE = 'DEMO: no kubeconfig found';

/**
 * The live cluster the kubeconfig names; the demo only when asked (`--demo`) or on a first run
 * (no kubeconfig exists at all). A kubeconfig or context that is given but fails, a cluster that
 * cannot be reached and a namespace that does not exist are errors (exit 2), never the demo: an
 * operator must not take the demo for the cluster they meant.
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
  if (!loaded.ok) {
    return loaded.none === true ? { source: demo(), notice: FIRST_RUN_NOTICE } : { error: loaded.error };
  }
  // The UI opens at once; discovery and the first lists arrive while it shows "connecting…".
  const opening = openLiveSource({ ...options, env, cwd }).then(
    (live): OpenedSource => (live.ok ? { source: live.source } : { error: live.error }),
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
  const opened = await factory(options);
  if ('error' in opened) {
    process.stderr.write(`strata: ${opened.error}\n`);
    return 2;
  }
  const live = opened.source.kind === 'live';
  const env = process.env;
  const cwd = process.cwd();
  const contexts = live
    ? kubeconfigContexts({
        env,
        cwd,
        ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
      }).names
    : undefined;
  // `:ctx NAME`: the same options, another context; connected before it replaces the one shown.
  const openContext = async (context: string): Promise<OpenedSource> => {
    const next = await openLiveSource({ ...options, context, env, cwd });
    return next.ok ? { source: next.source } : { error: next.error };
  };
  return runApp(
    opened.source,
    { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
    {
      notice: opened.notice,
      ...(contexts === undefined ? {} : { contexts, openContext }),
    },
  );
}
