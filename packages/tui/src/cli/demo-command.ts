import type { SourceOptions } from '../app/data-source.ts';
import { keepYoungGenerationSmall } from '../young-generation.ts';
import { lastValue, parseCommandLine } from './command-line.ts';
import { MAIN_HELP } from './help.ts';
import { type CliIo, EXIT_READY, failUsage, helpFor } from './io.ts';
import { strataVersion } from './version.ts';

/** Runs the terminal UI with the options given; resolves with the exit status. */
export type UiLauncher = (options: SourceOptions, io: CliIo) => Promise<number>;

const OPTIONS = {
  demo: { type: 'boolean' },
  readonly: { type: 'boolean' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

export const NOT_A_TERMINAL =
  'the terminal UI needs a terminal (stdout is not one); for text output use strata report --file PATH';

/** Dynamic import: `strata report` never loads Ink and React. */
const defaultLauncher: UiLauncher = async (options) => {
  keepYoungGenerationSmall();
  const { launchUi } = await import('../app/launch.ts');
  return launchUi(options);
};

/**
 * `strata [--demo] [--readonly] [-n NAMESPACE | -A] [--kubeconfig PATH] [--context NAME]`: the
 * full-screen UI, on the built-in demo when no cluster is reachable. Refuses to start without a
 * terminal.
 */
export async function uiCommand(
  args: readonly string[],
  io: CliIo,
  launch: UiLauncher = defaultLauncher,
): Promise<number> {
  const parsed = parseCommandLine(args, OPTIONS, 'strata --help');
  if (!parsed.ok) return failUsage(io, parsed.error);
  if (parsed.values.has('help')) {
    io.stdout(helpFor(io, MAIN_HELP));
    return EXIT_READY;
  }
  if (parsed.values.has('version')) {
    io.stdout(`strata ${strataVersion()}\n`);
    return EXIT_READY;
  }
  const [first] = parsed.positionals;
  if (first !== undefined) return failUsage(io, `unexpected argument '${first}' (see strata --help)`);
  if (parsed.values.has('all-namespaces') && parsed.values.has('namespace')) {
    return failUsage(io, '-n/--namespace and -A/--all-namespaces cannot be used together');
  }
  const namespace = lastValue(parsed.values.get('namespace'));
  if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
    return failUsage(io, `-n '${namespace}' is not a namespace name`);
  }
  if (!io.isTTY) return failUsage(io, NOT_A_TERMINAL);
  const kubeconfig = lastValue(parsed.values.get('kubeconfig'));
  const context = lastValue(parsed.values.get('context'));
  return launch(
    {
      demo: parsed.values.has('demo'),
      readOnly: parsed.values.has('readonly'),
      ...(namespace === undefined ? {} : { namespace }),
      ...(kubeconfig === undefined ? {} : { kubeconfig }),
      ...(context === undefined ? {} : { context }),
    },
    io,
  );
}
