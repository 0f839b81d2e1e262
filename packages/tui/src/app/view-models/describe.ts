/**
 * The text views of one object: describe (what strata concluded, metadata, conditions, spec and
 * status, events), YAML, and the events table. Secret data is never shown: the model holds none,
 * and these views redact `data` / `stringData` of any Secret all the same. Pure.
 */
import {
  type ClusterView,
  type Ref,
  readKubeObject,
  refKey,
  reportObjectOf,
  rootCauseOf,
  stringMap,
} from '@strata/core';
import { stringify } from 'yaml';
import { compactAge, elapsed, oneLine, refLabel } from './format.ts';
import { blank, heading, type TreeLine, textLine } from './tree-lines.ts';

type Raw = Record<string, unknown>;

function record(value: unknown): Raw | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : undefined;
}

/** The object with every Secret value replaced, and managedFields (noise) dropped. */
export function redact(raw: unknown): unknown {
  const object = record(raw);
  if (object === undefined) return raw;
  const metadata = record(object.metadata);
  const copy: Raw = { ...object };
  if (metadata !== undefined && 'managedFields' in metadata) {
    const { managedFields: _managedFields, ...rest } = metadata;
    copy.metadata = rest;
  }
  if (object.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const values = record(object[field]);
      if (values !== undefined) {
        copy[field] = Object.fromEntries(Object.keys(values).map((k) => [k, '<redacted>']));
      }
    }
  }
  return copy;
}

/** Multi-line text as safe lines (control characters other than the line breaks become spaces). */
function safeLines(text: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.split('\n').map((line) => line.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' '));
}

export function yamlLines(raw: unknown): readonly TreeLine[] {
  if (raw === undefined) return [textLine('none', 'The object is not in the picture any more.', 'dim')];
  const text = stringify(redact(raw), { lineWidth: 0 }).replace(/\n$/, '');
  return safeLines(text).map((line, i) => textLine(`yaml:${i}`, line));
}

interface EventRow {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly count: number;
  readonly last: string | undefined;
  readonly object: string;
}

function eventRow(raw: unknown): EventRow | undefined {
  const event = record(raw);
  if (event === undefined) return undefined;
  const involved = record(event.involvedObject) ?? record(event.regarding);
  const last =
    [event.lastTimestamp, event.eventTime, record(event.series)?.lastObservedTime, event.firstTimestamp].find(
      (t): t is string => typeof t === 'string',
    ) ?? record(event.metadata)?.creationTimestamp;
  return {
    type: typeof event.type === 'string' ? event.type : '',
    reason: oneLine(typeof event.reason === 'string' ? event.reason : ''),
    message: oneLine(typeof event.message === 'string' ? event.message : (event.note as string | undefined)),
    count:
      typeof event.count === 'number'
        ? event.count
        : ((record(event.series)?.count as number | undefined) ?? 1),
    last: typeof last === 'string' ? last : undefined,
    object: involved === undefined ? '' : oneLine(`${String(involved.kind)}/${String(involved.name)}`),
  };
}

/** The events table: LAST SEEN, TYPE, REASON, OBJECT, COUNT, MESSAGE; newest first. */
export function eventLines(events: readonly unknown[], at: string): readonly TreeLine[] {
  const rows = events
    .map(eventRow)
    .filter((r): r is EventRow => r !== undefined)
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''));
  if (rows.length === 0) return [textLine('none', 'No events about this object.', 'dim')];
  const reasonWidth = Math.min(24, Math.max(6, ...rows.map((r) => r.reason.length)));
  const objectWidth = Math.min(48, Math.max(6, ...rows.map((r) => r.object.length)));
  const cell = (text: string, size: number) =>
    text.length > size ? `${text.slice(0, size - 1)}…` : text.padEnd(size);
  const header = `${cell('LAST SEEN', 10)} ${cell('TYPE', 8)} ${cell('REASON', reasonWidth)} ${cell('OBJECT', objectWidth)} ${cell('COUNT', 6)} MESSAGE`;
  return [
    heading('header', header),
    ...rows.map((r, i) => ({
      key: `event:${i}`,
      prefix: '',
      label: `${cell(compactAge(elapsed(r.last, at)), 10)} ${cell(r.type, 8)} ${cell(r.reason, reasonWidth)} ${cell(r.object, objectWidth)} ${cell(String(r.count), 6)} ${r.message}`,
      tone: r.type === 'Warning' ? ('warning' as const) : ('text' as const),
    })),
  ];
}

function conditionLines(raw: Raw, at: string): TreeLine[] {
  const list = record(raw.status)?.conditions;
  if (!Array.isArray(list) || list.length === 0) return [];
  const lines: TreeLine[] = [blank('gap-conditions'), heading('conditions', 'Conditions')];
  list.forEach((item, i) => {
    const c = record(item) ?? {};
    const status = typeof c.status === 'string' ? c.status : '';
    const age = compactAge(
      elapsed(typeof c.lastTransitionTime === 'string' ? c.lastTransitionTime : undefined, at),
    );
    lines.push({
      key: `condition:${i}`,
      prefix: '  ',
      label: `${oneLine(String(c.type ?? ''))}=${oneLine(status)}`,
      tone:
        status === 'False' && c.type !== 'Stalled'
          ? 'error'
          : c.type === 'Stalled' && status === 'True'
            ? 'error'
            : 'text',
      note: `${oneLine(typeof c.reason === 'string' ? c.reason : '')} ${age}`.trim(),
      detail: oneLine(typeof c.message === 'string' ? c.message : ''),
    });
  });
  return lines;
}

function yamlBlock(key: string, title: string, value: unknown, maxLines: number): TreeLine[] {
  if (value === undefined) return [];
  const all = safeLines(stringify(value, { lineWidth: 0 }).replace(/\n$/, ''));
  const shown = all.slice(0, maxLines).map((line, i) => textLine(`${key}:${i}`, `  ${line}`));
  if (all.length > maxLines)
    shown.push(textLine(`${key}:more`, `  … ${all.length - maxLines} more lines (y shows the YAML)`, 'dim'));
  return [blank(`gap-${key}`), heading(key, title), ...shown];
}

function kv(key: string, name: string, value: string, tone: TreeLine['tone'] = 'text'): TreeLine {
  return { key, prefix: '', lead: `${name.padEnd(13)}`, label: value, tone };
}

/** `kubectl describe`, strata's way: its conclusion first. */
export function describeLines(
  view: ClusterView,
  ref: Ref,
  raw: unknown,
  events: readonly unknown[],
): readonly TreeLine[] {
  const { report } = view;
  const object = readKubeObject(raw ?? view.node(ref)?.object.raw);
  if (object === undefined) return [textLine('none', 'The object is not in the picture any more.', 'dim')];
  const safe = redact(object.raw) as Raw;
  const lines: TreeLine[] = [];
  const apiVersion = object.group === '' ? object.version : `${object.group}/${object.version}`;
  lines.push(kv('name', 'Name:', oneLine(object.name)));
  if (object.namespace !== undefined) lines.push(kv('namespace', 'Namespace:', oneLine(object.namespace)));
  lines.push(kv('kind', 'Kind:', `${oneLine(object.kind)} (${oneLine(apiVersion)})`));
  const created = record(safe.metadata)?.creationTimestamp;
  if (typeof created === 'string') {
    lines.push(
      kv('created', 'Created:', `${oneLine(created)} (${compactAge(elapsed(created, report.at))} ago)`),
    );
  }
  const labels = [...stringMap(record(safe.metadata)?.labels)].map(([k, v]) => oneLine(`${k}=${v}`));
  lines.push(kv('labels', 'Labels:', labels.length === 0 ? '<none>' : labels[0]!));
  for (const [i, label] of labels.slice(1).entries()) lines.push(kv(`labels:${i}`, '', label));
  const annotations = [...stringMap(record(safe.metadata)?.annotations)].map(([k, v]) =>
    oneLine(`${k}=${v}`),
  );
  lines.push(kv('annotations', 'Annotations:', annotations.length === 0 ? '<none>' : annotations[0]!));
  for (const [i, annotation] of annotations.slice(1).entries())
    lines.push(kv(`annotations:${i}`, '', annotation));

  const reported = reportObjectOf(report, ref);
  const ownership = view.ownership(object.raw);
  lines.push(blank('gap-strata'));
  lines.push(heading('strata', 'strata'));
  if (reported !== undefined) {
    lines.push({
      key: 'state',
      prefix: '',
      lead: 'State:'.padEnd(13),
      label: reported.state,
      state: reported.state,
      ...(reported.reason === undefined ? {} : { note: oneLine(reported.reason) }),
    });
    if (reported.message !== undefined) lines.push(kv('message', 'Message:', oneLine(reported.message)));
    lines.push(kv('layer', 'Layer:', reported.layer));
    const roots = reported.rootCauses;
    lines.push(
      kv(
        'roots',
        'Root cause:',
        roots.length === 0
          ? '-'
          : roots.map((r) => (refKey(r) === refKey(ref) ? 'itself' : refLabel(r))).join(', '),
      ),
    );
    const asRoot = rootCauseOf(report, ref);
    if (asRoot !== undefined && refKey(asRoot.ref) === refKey(ref))
      lines.push(kv('blocks', 'Blocks:', String(asRoot.impacted.length)));
  } else if (ownership !== undefined) {
    lines.push(kv('layer', 'Layer:', ownership.layer));
  }
  if (ownership !== undefined) {
    const managers = ownership.managers.map((m) =>
      m.type === 'helm'
        ? `Helm release ${oneLine(m.ref.namespace ?? '')}/${oneLine(m.ref.name)}`
        : refLabel(m.ref),
    );
    lines.push(kv('managers', 'Managed by:', managers.length === 0 ? '<nothing>' : managers.join(', ')));
    if (ownership.conflicts.length > 0)
      lines.push(kv('conflicts', 'Conflicts:', ownership.conflicts.join(', '), 'error'));
  }
  const node = view.node(ref);
  if (node !== undefined && node.edges.length > 0) {
    const edges = node.edges.map((e) => `${e.type} → ${refLabel(e.ref)}`);
    lines.push(kv('edges', 'Needs:', edges[0]!));
    for (const [i, edge] of edges.slice(1).entries()) lines.push(kv(`edges:${i}`, '', edge));
  }
  lines.push(...conditionLines(safe, report.at));
  lines.push(...yamlBlock('spec', 'Spec', safe.spec, 40));
  const status = record(safe.status);
  if (status !== undefined) {
    const { conditions: _conditions, ...rest } = status;
    const inventory = record(rest.inventory);
    const entries = inventory?.entries;
    if (Array.isArray(entries)) rest.inventory = { entries: `${entries.length} objects (y shows them)` };
    if (Object.keys(rest).length > 0) lines.push(...yamlBlock('status', 'Status', rest, 30));
  }
  lines.push(blank('gap-events'));
  lines.push(heading('events', 'Events'));
  lines.push(...eventLines(events, report.at).map((l) => ({ ...l, prefix: '  ', key: `events:${l.key}` })));
  return lines;
}
