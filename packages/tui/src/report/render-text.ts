import {
  formatRef,
  type LayerSummary,
  type Ref,
  type Report,
  type ReportConflict,
  type ReportEvidence,
  type ReportRootCause,
  type ReportWarning,
  type State,
} from '@strata/core';
import { type Paint, type Palette, palette, printable } from './ansi.ts';
import { isNotReady } from './report-status.ts';

export interface RenderOptions {
  /** Wrap states, refs and headings in ANSI colours. */
  readonly color: boolean;
  /** Line width messages are cut to (the terminal's columns, or 160 when not a terminal). */
  readonly width: number;
  /** Impacted refs listed under a root before `… and N more`; 10 unless set. */
  readonly maxImpacted?: number;
}

const MIN_TEXT_WIDTH = 30;

/** Text from the cluster as one safe line: no control characters, whitespace runs collapsed. */
function oneLine(text: string): string {
  return printable(text).replace(/\s+/g, ' ').trim();
}

/** Cuts text to `max` characters (code points), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function stateColor(state: State, p: Palette): Paint {
  switch (state) {
    case 'ready':
      return p.green;
    case 'failing':
    case 'missing':
      return p.red;
    case 'cycle':
      return p.magenta;
    case 'progressing':
      return p.yellow;
    case 'suspended':
      return p.cyan;
    case 'unknown':
      return p.dim;
  }
}

/** `20m`, `3h 5m`, `2d 4h`: how long a root has been in its state at the snapshot time. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return `${Math.max(0, Math.floor(ms / 1000))}s`;
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

function since(value: string, at: string): string {
  const elapsed = Date.parse(at) - Date.parse(value);
  const text = oneLine(value);
  return Number.isFinite(elapsed) && elapsed >= 0
    ? `since ${text} (${formatDuration(elapsed)})`
    : `since ${text}`;
}

class Lines {
  readonly #lines: string[] = [];
  readonly width: number;

  constructor(width: number) {
    this.width = width;
  }

  add(line = ''): void {
    this.#lines.push(line);
  }

  /** A message from the cluster, on one line, cut to the width left after its indent. */
  message(indent: number, text: string, paint: Paint = (t) => t): void {
    const room = Math.max(MIN_TEXT_WIDTH, this.width - indent);
    this.add(' '.repeat(indent) + paint(truncate(oneLine(text), room)));
  }

  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

function ref(value: Ref, p: Palette): string {
  return p.bold(oneLine(formatRef(value)));
}

const COLUMNS = [
  ['total', 7],
  ['ready', 9],
  ['not ready', 11],
  ['suspended', 11],
] as const;

function summaryTable(report: Report, out: Lines, p: Palette): void {
  const rows: Array<[string, LayerSummary]> = [
    ['Flux', report.summary.flux],
    ['Argo CD', report.summary.argo],
  ];
  out.add(p.dim(`${''.padEnd(9)}${COLUMNS.map(([title, width]) => title.padStart(width)).join('')}`));
  const none: Paint = (t) => t;
  for (const [name, s] of rows) {
    const cells: Array<[number, Paint]> = [
      [s.total, none],
      [s.ready, s.ready > 0 ? p.green : none],
      [s.notReady, s.notReady > 0 ? p.red : none],
      [s.suspended, s.suspended > 0 ? p.cyan : none],
    ];
    const text = cells.map(([n, paint], i) => paint(String(n).padStart(COLUMNS[i]?.[1] ?? 0))).join('');
    out.add(`${p.bold(name.padEnd(9))}${text}`);
  }
}

/** `exited 1 (Error): panic: …`: why a crash-looping container last stopped. */
function terminationLine(item: ReportEvidence): string | undefined {
  const t = item.terminated;
  if (t === undefined) return undefined;
  const exit = t.exitCode === undefined ? 'terminated' : `exited ${t.exitCode}`;
  const reason = t.reason === undefined ? '' : ` (${t.reason})`;
  const message = t.message === undefined ? '' : `: ${t.message}`;
  return `container ${t.container} ${exit}${reason}${message}`;
}

/** `⚠ FailedBinding ×12 (3m ago): storageclass "fast" not found`: the newest Warning event. */
function eventLine(item: ReportEvidence, at: string): string | undefined {
  const event = item.events?.[0];
  if (event === undefined) return undefined;
  const count = event.count !== undefined && event.count > 1 ? ` ×${event.count}` : '';
  const elapsed = event.lastSeen === undefined ? Number.NaN : Date.parse(at) - Date.parse(event.lastSeen);
  const age = Number.isFinite(elapsed) && elapsed >= 0 ? ` (${formatDuration(elapsed)} ago)` : '';
  const message = event.message === undefined ? '' : `: ${event.message}`;
  return `⚠ ${event.reason ?? 'Warning'}${count}${age}${message}`;
}

function evidenceLines(
  evidence: readonly ReportEvidence[],
  indent: number,
  at: string,
  out: Lines,
  p: Palette,
): void {
  out.add(`${' '.repeat(indent)}${p.dim('evidence:')}`);
  for (const item of evidence) {
    const reason = item.reason === undefined ? '' : `  ${oneLine(item.reason)}`;
    out.add(`${' '.repeat(indent + 2)}${ref(item, p)}  ${stateColor(item.state, p)(item.state)}${reason}`);
    if (item.message !== undefined && oneLine(item.message) !== '')
      out.message(indent + 4, item.message, p.dim);
    const terminated = terminationLine(item);
    if (terminated !== undefined) out.message(indent + 4, terminated, p.dim);
    const event = eventLine(item, at);
    if (event !== undefined) out.message(indent + 4, event, p.yellow);
  }
}

/**
 * A DependencyNotReady root whose message names a dependency that is ready: the message is
 * stale, or Flux gates on what strata cannot see (contract §5 R1).
 */
export function staleMessageHint(root: ReportRootCause, report: Report): string | undefined {
  if (root.reason !== 'DependencyNotReady' || root.message === undefined) return undefined;
  for (const match of root.message.matchAll(/'([^'/\s]+)\/([^'/\s]+)'/g)) {
    const [, namespace, name] = match;
    const named = report.objects.find(
      (o) => o.ref.kind === root.ref.kind && o.ref.namespace === namespace && o.ref.name === name,
    );
    if (named?.ready === true) {
      return `message names '${namespace}/${name}', which is ready: Flux gates on readyExpr or a revision check`;
    }
  }
  return undefined;
}

function refList(refs: readonly Ref[], limit: number, indent: number, out: Lines, p: Palette): void {
  const shown = refs.length > limit + 1 ? refs.slice(0, limit) : refs; // never "… and 1 more"
  for (const item of shown) out.add(`${' '.repeat(indent)}${oneLine(formatRef(item))}`);
  if (shown.length < refs.length)
    out.add(`${' '.repeat(indent)}${p.dim(`… and ${refs.length - shown.length} more`)}`);
}

function rootCause(root: ReportRootCause, rank: number, report: Report, out: Lines, options: Options): void {
  const { p, maxImpacted } = options;
  const number = `${rank}.`.padEnd(4);
  const reason = root.reason === undefined ? '' : `  ${oneLine(root.reason)}`;
  out.add(`${number}${ref(root.ref, p)}  ${stateColor(root.state, p)(root.state)}${reason}`);
  const indent = 4;
  const pad = ' '.repeat(indent);
  if (root.message !== undefined && oneLine(root.message) !== '') out.message(indent, root.message);
  const hint = staleMessageHint(root, report);
  if (hint !== undefined) out.message(indent, hint, p.yellow);
  if (root.since !== undefined) out.add(pad + p.dim(since(root.since, report.at)));
  if (root.members.length > 0) {
    out.add(`${pad}${p.magenta(`cycle of ${root.members.length}:`)}`);
    refList(root.members, maxImpacted, indent + 2, out, p);
  }
  if (root.impacted.length === 0) {
    out.add(`${pad}blocks nothing else`);
  } else {
    out.add(`${pad}blocks ${p.bold(String(root.impacted.length))}:`);
    refList(root.impacted, maxImpacted, indent + 2, out, p);
  }
  if (root.evidence.length > 0) evidenceLines(root.evidence, indent, report.at, out, p);
}

function conflict(item: ReportConflict, out: Lines, p: Palette): void {
  const { group, kind, namespace, name } = item.resource;
  const resource = formatRef(namespace === undefined ? { kind, name } : { kind, namespace, name });
  const apiGroup = group === '' ? '' : p.dim(` (${oneLine(group)})`);
  out.add(`  ${p.bold(oneLine(resource))}${apiGroup}  ${p.yellow(item.type)}`);
  out.message(4, `managed by ${item.managers.map(formatRef).join(', ')}`);
}

function warning(item: ReportWarning, out: Lines, p: Palette): void {
  out.add(`  ${ref(item.ref, p)}  ${p.yellow(item.type)}`);
  if (oneLine(item.message) !== '') out.message(4, item.message);
}

interface Options {
  readonly p: Palette;
  readonly maxImpacted: number;
}

/**
 * `strata report --output text`: the layer summary, the root causes in the report's order (largest
 * blast radius first) with what each one blocks, then conflicts and warnings. Pure; every string
 * taken from the cluster is printed on one line, stripped of control characters.
 */
export function renderText(report: Report, options: RenderOptions): string {
  const p = palette(options.color);
  const opts: Options = { p, maxImpacted: Math.max(1, options.maxImpacted ?? 10) };
  const out = new Lines(options.width);
  out.add(`${p.bold('strata report')}  ${p.dim(`snapshot ${oneLine(report.at)}`)}`);
  out.add();
  summaryTable(report, out, p);
  out.add();

  const notReady = report.objects.filter(isNotReady).length;
  if (report.objects.length === 0) {
    out.add('No Flux or Argo CD objects in the input.');
  } else if (notReady === 0 && report.rootCauses.length === 0) {
    out.add(p.green(`Everything is ready (${plural(report.objects.length, 'object')}).`));
  } else {
    const roots = plural(report.rootCauses.length, 'root cause');
    out.add(`${p.bold(p.red(`${notReady} of ${report.objects.length} not ready`))}, ${roots}:`);
    out.add();
    report.rootCauses.forEach((root, i) => {
      if (i > 0) out.add();
      rootCause(root, i + 1, report, out, opts);
    });
  }

  if (report.conflicts.length > 0) {
    out.add();
    out.add(p.bold(`Conflicts (${report.conflicts.length})`));
    for (const item of report.conflicts) conflict(item, out, p);
  }
  if (report.warnings.length > 0) {
    out.add();
    out.add(p.bold(`Warnings (${report.warnings.length})`));
    for (const item of report.warnings) warning(item, out, p);
  }
  return out.toString();
}
