/**
 * The logs view: which Pod `l` opens (the selected Pod; for a workload, its failing Pod), the
 * container `c` moves to, and the lines on screen — the last lines of the container, made safe
 * to print (escape sequences removed, tabs expanded, control characters blanked), cut or wrapped
 * to the screen's width. Pure.
 */
import { type ClusterModel, makeRef, type Ref, type Report, refKey } from '@strata/core';
import { podContainers } from '@strata/kube';
import type { LogsResult } from '../data-source.ts';
import { oneLine, refLabel } from './format.ts';
import { podsUnder, WORKLOAD_KINDS } from './pods.ts';
import { type TreeLine, textLine } from './tree-lines.ts';

export type LogsTarget =
  | { readonly ok: true; readonly pod: Ref }
  | { readonly ok: false; readonly message: string };

function isPod(ref: Ref): boolean {
  return ref.kind === 'Pod';
}

/** Pods the report names as evidence, by refKey: they are the failing ones. */
function evidencePods(report: Report): Set<string> {
  const keys = new Set<string>();
  for (const root of report.rootCauses) {
    for (const item of root.evidence) {
      if (item.kind === 'Pod') keys.add(refKey(makeRef('Pod', item.namespace, item.name)));
    }
  }
  return keys;
}

/**
 * The Pods under a workload, following controller ownerReferences down (Deployment → ReplicaSet
 * → Pod), among the objects the model holds; failing ones (named in the evidence, or with a
 * failing container) first, those that crashed (restarted) before those that never ran.
 */
export function podsOf(ref: Ref, model: ClusterModel, report: Report): Ref[] {
  const { pods, raw: rawPods } = podsUnder(ref, model.allObjects());
  const failing = evidencePods(report);
  // Failing Pods whose containers ran (and crashed) first: theirs are the logs that tell.
  const rank = (pod: Ref): number => {
    const containers = podContainers(rawPods.get(pod.name));
    const ran = containers.some((c) => c.restarts > 0);
    const broken = failing.has(refKey(pod)) || containers.some((c) => c.problem !== undefined);
    return broken ? (ran ? 0 : 1) : 2;
  };
  return [...pods]
    .map((pod) => ({ pod, rank: rank(pod) }))
    .sort((a, b) => a.rank - b.rank || (a.pod.name < b.pod.name ? -1 : a.pod.name > b.pod.name ? 1 : 0))
    .map((p) => p.pod);
}

/** What `l` opens on the selected object, or why it cannot. */
export function logsTarget(ref: Ref | undefined, model: ClusterModel, report: Report): LogsTarget {
  if (ref === undefined) return { ok: false, message: 'logs: select a Pod first' };
  if (isPod(ref)) return { ok: true, pod: ref };
  if (WORKLOAD_KINDS.has(ref.kind)) {
    const pod = podsOf(ref, model, report)[0];
    if (pod !== undefined) return { ok: true, pod };
    return {
      ok: false,
      message: `logs: no Pod of ${refLabel(ref)} is known here (strata reads Pods inside failing roots only)`,
    };
  }
  // A root's logs are those of the Pod inside it that broke: its evidence lists it first.
  const root = report.rootCauses.find((r) => refKey(r.ref) === refKey(ref));
  const evidencePod = root?.evidence.find((e) => e.kind === 'Pod');
  if (evidencePod !== undefined)
    return { ok: true, pod: makeRef('Pod', evidencePod.namespace, evidencePod.name) };
  return {
    ok: false,
    message: `logs are a Pod's: ${refLabel(ref)} is a ${ref.kind}, not a Pod or a workload with Pods`,
  };
}

/** The container after `current` among the Pod's (regular ones, then init), or why there is none. */
export function nextContainer(
  pod: unknown,
  podRef: Ref,
  current: string | undefined,
): { readonly ok: true; readonly container: string } | { readonly ok: false; readonly message: string } {
  const names = podContainers(pod).map((c) => c.name);
  if (names.length === 0) {
    return {
      ok: false,
      message: `the containers of ${refLabel(podRef)} are not known: strata has not read it`,
    };
  }
  if (names.length === 1) {
    return { ok: false, message: `${refLabel(podRef)} has one container only: ${oneLine(names[0])}` };
  }
  const index = current === undefined ? -1 : names.indexOf(current);
  return { ok: true, container: names[(index + 1) % names.length]! };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what is removed
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is blanked
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A log line made safe to print: escape sequences (colours, cursor moves) removed, tabs expanded, controls blanked. */
export function printableLogLine(line: string): string {
  const stripped = line.replace(ESCAPE_SEQUENCE, '').replace(/\r$/, '');
  let out = '';
  let column = 0;
  for (const ch of stripped) {
    if (ch === '\t') {
      const spaces = 4 - (column % 4);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += ch.replace(CONTROL, ' ');
      column += 1;
    }
  }
  return out.trimEnd();
}

/** Cuts a line into pieces of at most `width` columns (one empty piece for an empty line). */
export function wrapLine(line: string, width: number): string[] {
  const chars = [...line];
  if (chars.length <= width || width <= 0) return [line];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += width) pieces.push(chars.slice(i, i + width).join(''));
  return pieces;
}

/** A logs read: under way, or done with the source's result. */
export type LogsEntry =
  | { readonly state: 'loading' }
  | {
      readonly state: 'done';
      readonly result: LogsResult;
      /** A current instance streamed as it writes (`following`), stopped by `f` (`paused`), or closed by the server. */
      readonly follow?: 'following' | 'paused' | 'ended';
      /** Why the stream closed, when it failed. */
      readonly followError?: string;
    };

export interface LogsLineOptions {
  readonly wrap: boolean;
  /** Columns available: wrapped lines are cut to it. */
  readonly width: number;
}

/** The body of the logs view. */
export function logsLines(entry: LogsEntry, options: LogsLineOptions): readonly TreeLine[] {
  if (entry.state === 'loading') return [textLine('loading', 'reading the logs…', 'dim')];
  const { result } = entry;
  if (!result.ok) {
    return [
      textLine('error', oneLine(result.error), 'error'),
      textLine(
        'error-hint',
        'p reads the previous or current container, c the next container, l reads again, esc goes back',
        'dim',
      ),
    ];
  }
  if (result.lines.length === 0) {
    return [textLine('empty', '(no output: the container has written nothing, or not yet)', 'dim')];
  }
  const lines: TreeLine[] = [];
  for (const [index, raw] of result.lines.entries()) {
    const line = printableLogLine(raw);
    if (!options.wrap) {
      lines.push(textLine(`log:${index}`, line));
      continue;
    }
    for (const [piece, text] of wrapLine(line, Math.max(1, options.width)).entries()) {
      lines.push(textLine(`log:${index}:${piece}`, text));
    }
  }
  if (result.truncated === true) {
    lines.push(textLine('truncated', '… cut at the size limit: the newest lines are missing', 'warning'));
  }
  if (entry.follow === 'ended') {
    lines.push(
      textLine(
        'follow-ended',
        entry.followError === undefined
          ? '— the stream ended (the container stopped?): l reads again —'
          : `— following stopped: ${oneLine(entry.followError)} (l reads again) —`,
        entry.followError === undefined ? 'dim' : 'warning',
      ),
    );
  }
  return lines;
}

/** The title line: the container and instance, how many lines, the wrap mode, then the Pod. */
export function logsTitle(
  pod: Ref,
  entry: LogsEntry,
  asked: {
    readonly container?: string | undefined;
    readonly previous?: boolean | undefined;
    readonly wrap: boolean;
  },
  tailLines: number,
): string {
  const result = entry.state === 'done' ? entry.result : undefined;
  const container = (result?.ok === true ? result.container : result?.container) ?? asked.container;
  const previous = result?.previous ?? asked.previous;
  let what = 'Logs';
  if (container === '') what += " — the Pod's only container";
  else if (container !== undefined) what += ` — container ${oneLine(container)}`;
  if (previous !== undefined) what += previous ? ', previous instance' : ', current instance';
  const parts = [what];
  const follow = entry.state === 'done' ? entry.follow : undefined;
  if (result?.ok === true) {
    parts.push(
      follow === 'following' || follow === 'paused'
        ? `${result.lines.length} lines, ${follow === 'following' ? 'following (f pauses)' : 'paused (f follows)'}`
        : `last ${result.lines.length} lines (at most ${tailLines})`,
    );
  }
  if (asked.wrap) parts.push('wrapped');
  parts.push(refLabel(pod));
  return parts.join(' — ');
}
