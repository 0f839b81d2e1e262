import { diagnose, type Report } from '@strata/core';
import { printable, wantsColor } from '../report/ansi.ts';
import { jsonChunks } from '../report/json-chunks.ts';
import { loadObjects } from '../report/load-objects.ts';
import { renderText } from '../report/render-text.ts';
import { allReady } from '../report/report-status.ts';
import { lastValue, parseCommandLine } from './command-line.ts';
import { REPORT_HELP } from './help.ts';
import { type CliIo, EXIT_NOT_READY, EXIT_READY, failUsage, helpFor } from './io.ts';
import { formatSnapshotTime, parseSnapshotTime } from './snapshot-time.ts';

const OPTIONS = {
  file: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  at: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'all-namespaces': { type: 'boolean', short: 'A' },
  'request-timeout': { type: 'string' },
} as const;

/** Options that read a cluster: meaningless with --file. */
const CLUSTER_OPTIONS = ['kubeconfig', 'context', 'namespace', 'all-namespaces', 'request-timeout'] as const;

/** Per-request timeout against a cluster unless --request-timeout says otherwise. */
const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

const NON_TTY_WIDTH = 160;
const DEFAULT_TTY_WIDTH = 80;

function* reportJson(report: Report): Generator<string> {
  yield* jsonChunks(report);
  yield '\n';
}

/** Prints a report in the chosen format; the exit status says whether everything is ready. */
export async function printReport(report: Report, output: 'text' | 'json', io: CliIo): Promise<number> {
  if (output === 'json') {
    // `JSON.stringify(report, null, 2)` and a line end, written as it is serialised.
    const pieces = reportJson(report);
    if (io.writeStdout !== undefined) await io.writeStdout(pieces);
    else for (const piece of pieces) io.stdout(piece);
  } else {
    const width = io.isTTY ? (io.columns ?? DEFAULT_TTY_WIDTH) : NON_TTY_WIDTH;
    io.stdout(renderText(report, { color: wantsColor(io.isTTY, io.env), width }));
  }
  return allReady(report) ? EXIT_READY : EXIT_NOT_READY;
}

/** `strata report`: see REPORT_HELP. */
export async function reportCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine(args, OPTIONS, 'strata report --help');
  if (!parsed.ok) return failUsage(io, parsed.error);
  if (parsed.values.has('help')) {
    io.stdout(helpFor(io, REPORT_HELP));
    return EXIT_READY;
  }

  const output = lastValue(parsed.values.get('output')) ?? 'text';
  if (output !== 'text' && output !== 'json')
    return failUsage(io, `--output must be text or json, not '${output}'`);

  const atValue = lastValue(parsed.values.get('at'));
  let at: string;
  if (atValue === undefined) {
    const now = io.now?.() ?? new Date();
    at = formatSnapshotTime(new Date(Math.floor(now.getTime() / 1000) * 1000));
  } else {
    const normalised = parseSnapshotTime(atValue);
    if (normalised === undefined) {
      return failUsage(io, `--at '${atValue}' is not an ISO-8601 time, such as 2026-11-22T10:00:00Z`);
    }
    at = normalised;
  }

  const files = (parsed.values.get('file') ?? []).filter((f): f is string => typeof f === 'string');
  if (files.length === 0) {
    const [first] = parsed.positionals;
    if (first !== undefined)
      return failUsage(io, `unexpected argument '${first}' (to read a file: --file ${first})`);
    return reportFromCluster(parsed.values, at, output, io);
  }
  const clusterOption = CLUSTER_OPTIONS.find((name) => parsed.values.has(name));
  if (clusterOption !== undefined)
    return failUsage(io, `--${clusterOption} reads a cluster: it cannot be used with --file`);
  // `--file a.yaml b.yaml`: paths after the first --file are files too.
  const loaded = await loadObjects([...files, ...parsed.positionals], io);
  if (!loaded.ok) return failUsage(io, loaded.error);
  for (const warning of loaded.warnings) io.stderr(`strata: warning: ${printable(warning)}\n`);

  return printReport(diagnose(loaded.objects, { at }), output, io);
}

/** `strata report` without --file: the current context's cluster (or --kubeconfig / --context). */
async function reportFromCluster(
  values: ReadonlyMap<string, ReadonlyArray<string | true>>,
  at: string,
  output: 'text' | 'json',
  io: CliIo,
): Promise<number> {
  const namespace = lastValue(values.get('namespace'));
  if (namespace !== undefined && values.has('all-namespaces'))
    return failUsage(io, '-n/--namespace and -A/--all-namespaces cannot be used together');
  if (namespace === '') return failUsage(io, '--namespace needs a value');
  // Loaded only here: reading files needs none of the cluster adapter.
  const { clusterReport, parseDuration } = await import('@strata/kube');
  const timeout = lastValue(values.get('request-timeout'));
  const requestTimeoutMs = timeout === undefined ? DEFAULT_REQUEST_TIMEOUT_MS : parseDuration(timeout);
  if (requestTimeoutMs === undefined)
    return failUsage(
      io,
      `--request-timeout '${timeout}' is not a duration, such as 30s, 1m or 0 (no timeout)`,
    );
  const kubeconfig = lastValue(values.get('kubeconfig'));
  const context = lastValue(values.get('context'));
  const result = await clusterReport({
    at,
    env: io.env,
    cwd: io.cwd,
    requestTimeoutMs,
    ...(kubeconfig === undefined ? {} : { kubeconfig }),
    ...(context === undefined ? {} : { context }),
    ...(namespace === undefined ? {} : { namespace }),
  });
  if (!result.ok) return failUsage(io, result.error);
  for (const note of result.notes) io.stderr(`strata: note: ${printable(note)}\n`);
  return printReport(result.report, output, io);
}
