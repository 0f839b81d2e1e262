/**
 * What the view on top of the stack shows, computed from the source's snapshot: rows for the
 * tables, lines for the trees and text views, columns for the overview. Pure apart from reading
 * the source (objects and events); the app memoizes it per snapshot, frame and scope.
 */
import { type Ref, refKey, reportObjectOf } from '@strata/core';
import type { Frame, Sort } from './app-state.ts';
import type { DataSource, PodsRead, PodsScope, Snapshot } from './data-source.ts';
import { applyFilter, type Filter, parseFilter } from './filter.ts';
import type { LogsStore } from './logs-store.ts';
import { chainLines } from './view-models/chain.ts';
import { dependencyLines } from './view-models/dependency-tree.ts';
import { describeLines, eventLines, yamlLines } from './view-models/describe.ts';
import { refLabel } from './view-models/format.ts';
import { helpLines, hiddenLines } from './view-models/help.ts';
import { type LayersView, layersView } from './view-models/layers.ts';
import { type LogsEntry, logsLines, logsTitle } from './view-models/logs.ts';
import {
  DEFAULT_SORT,
  type ObjectRow,
  objectCells,
  objectRows,
  sortRows,
  TABLES,
} from './view-models/objects-table.ts';
import { ownerLines } from './view-models/owner.ts';
import { podRow } from './view-models/pods.ts';
import { type RootRow, rootCells, rootRows, sortRootRows } from './view-models/root-causes.ts';
import { lineCells, type TreeLine, textLine } from './view-models/tree-lines.ts';
import type { TableKind, ViewSpec } from './view-spec.ts';

export type ViewData =
  | {
      readonly type: 'roots';
      readonly rows: readonly RootRow[];
      readonly total: number;
      readonly keys: readonly string[];
      readonly sort: Sort | undefined;
    }
  | {
      readonly type: 'objects';
      /** The kind table shown; undefined for the Pods of `:pods`. */
      readonly table: TableKind | undefined;
      /** Why the rows are missing or cut short (Pods still being read, a refusal, a cap). */
      readonly note?: string;
      readonly rows: readonly ObjectRow[];
      readonly total: number;
      readonly keys: readonly string[];
      readonly sort: Sort;
    }
  | {
      readonly type: 'lines';
      readonly lines: readonly TreeLine[];
      readonly total: number;
      readonly keys: readonly string[];
      /** Text views (describe, YAML, events, logs, help) scroll; the others select lines. */
      readonly scrollOnly: boolean;
      /** A title that depends on the data (the logs view's container and instance). */
      readonly title?: string;
    }
  | {
      readonly type: 'layers';
      readonly layers: LayersView;
      /** The column with the cursor, filtered. */
      readonly active: readonly TreeLine[];
      readonly columns: readonly (readonly TreeLine[])[];
      readonly total: number;
      readonly keys: readonly string[];
    };

function lineKeys(lines: readonly TreeLine[]): readonly string[] {
  return lines.map((l) => l.key);
}

function filterLines(lines: readonly TreeLine[], filter: Filter): readonly TreeLine[] {
  return applyFilter(
    lines,
    filter,
    lineCells,
    (l) => l.labels,
    (l) => l.state,
  );
}

/** What some views need besides the snapshot: the logs read so far, the body's width, the contexts. */
export interface ViewExtras {
  readonly logs?: LogsStore;
  readonly width?: number;
  readonly contexts?: KubeContexts;
}

/** The kubeconfig's contexts and the one strata shows (`:ctx`). */
export interface KubeContexts {
  readonly names: readonly string[];
  readonly current: string;
}

/** The `:ctx` list: one line per context, keyed `ctx:NAME`, the one shown marked. */
export function contextLines(contexts: KubeContexts | undefined): readonly TreeLine[] {
  if (contexts === undefined || contexts.names.length === 0) {
    return [
      textLine(
        'none',
        'no kubeconfig contexts here (the demo has none): strata --context NAME opens one',
        'dim',
      ),
    ];
  }
  return contexts.names.map((name) => ({
    ...textLine(`ctx:${name}`, name),
    ...(name === contexts.current ? { note: '● shown now' } : {}),
  }));
}

const NO_LOGS: LogsEntry = { state: 'done', result: { ok: false, error: 'logs are not available here' } };

function logsView(
  view: Extract<ViewSpec, { type: 'logs' }>,
  extras: ViewExtras,
): { lines: readonly TreeLine[]; title: string } {
  const ask = { container: view.container, previous: view.previous };
  const entry = extras.logs?.read(view.ref, ask) ?? NO_LOGS;
  return {
    lines: logsLines(entry, { wrap: view.wrap === true, width: extras.width ?? 80 }),
    title: logsTitle(view.ref, entry, { ...ask, wrap: view.wrap === true }, extras.logs?.lines ?? 100),
  };
}

/** The logs read for a logs view (undefined before the read started). */
export function logsEntry(view: ViewSpec, extras: ViewExtras): LogsEntry | undefined {
  if (view.type !== 'logs') return undefined;
  return extras.logs?.read(view.ref, { container: view.container, previous: view.previous });
}

function lines(
  view: ViewSpec,
  snapshot: Snapshot,
  source: DataSource,
  extras: ViewExtras,
): readonly TreeLine[] {
  const { report, view: model } = snapshot;
  switch (view.type) {
    case 'chain':
      return chainLines(snapshot.view, view.ref);
    case 'tree':
      return dependencyLines(snapshot.view, view.ref);
    case 'owner':
      return ownerLines(snapshot.view, view.ref, source.object(view.ref));
    case 'describe':
      return describeLines(snapshot.view, view.ref, source.object(view.ref), source.events(view.ref));
    case 'yaml':
      return yamlLines(source.object(view.ref) ?? model.node(view.ref)?.object.raw);
    case 'events':
      return eventLines(source.events(view.ref), report.at);
    case 'help':
      return helpLines();
    case 'hidden':
      return hiddenLines(snapshot.hidden);
    case 'contexts':
      return contextLines(extras.contexts);
    default:
      return [];
  }
}

/** Rows of a kind table (or of `:pods`), sorted and filtered as the frame says. */
function objectsData(
  all: readonly ObjectRow[],
  frame: Frame,
  filter: Filter,
  table: TableKind | undefined,
  note?: string,
): ViewData {
  const sort = frame.sort ?? DEFAULT_SORT;
  const rows = applyFilter(
    sortRows(all, sort),
    filter,
    objectCells,
    (r) => r.labels,
    (r) => r.state,
  );
  return {
    type: 'objects',
    table,
    rows,
    total: all.length,
    keys: rows.map((r) => r.key),
    sort,
    ...(note === undefined ? {} : { note }),
  };
}

export function viewData(
  frame: Frame,
  snapshot: Snapshot,
  source: DataSource,
  namespace: string,
  extras: ViewExtras = {},
): ViewData {
  const filter = parseFilter(frame.filter);
  const { report } = snapshot;
  const view = frame.view;
  switch (view.type) {
    case 'logs': {
      const { lines: all, title } = logsView(view, extras);
      const shown = filterLines(all, filter);
      return {
        type: 'lines',
        lines: shown,
        total: all.length,
        keys: lineKeys(shown),
        scrollOnly: true,
        title,
      };
    }
    case 'rootcauses': {
      const all = rootRows(snapshot.view, namespace);
      const rows = applyFilter(
        sortRootRows(all, frame.sort),
        filter,
        rootCells,
        (r) => r.labels,
        (r) => r.state,
      );
      return { type: 'roots', rows, total: all.length, keys: rows.map((r) => r.key), sort: frame.sort };
    }
    case 'table':
      return objectsData(objectRows(snapshot.view, view.table, namespace), frame, filter, view.table);
    case 'pods': {
      const scope: PodsScope =
        view.of !== undefined ? { of: view.of } : { namespace: view.namespace ?? namespace };
      const read: PodsRead = source.pods?.(scope) ?? {
        state: 'error',
        error: 'this source does not list Pods',
      };
      const all = read.state === 'done' ? read.pods.flatMap((raw) => podRow(raw, report.at) ?? []) : [];
      const note =
        read.state === 'loading' ? 'reading the Pods…' : read.state === 'error' ? read.error : read.note;
      return objectsData(all, frame, filter, undefined, note);
    }
    case 'layers': {
      const layers = layersView(snapshot.view, namespace);
      const columns = [layers.flux, layers.argo, layers.boundary].map((c) => filterLines(c, filter));
      const active = columns[Math.min(frame.column, columns.length - 1)] ?? [];
      return {
        type: 'layers',
        layers,
        active,
        columns,
        total: layers.flux.length + layers.argo.length,
        keys: lineKeys(active),
      };
    }
    default: {
      const all = lines(view, snapshot, source, extras);
      const shown = filterLines(all, filter);
      const scrollOnly =
        view.type === 'describe' || view.type === 'yaml' || view.type === 'events' || view.type === 'help';
      return { type: 'lines', lines: shown, total: all.length, keys: lineKeys(shown), scrollOnly };
    }
  }
}

/** The object the keys act on: the selected row's, or the object a detail view is about. */
export function selectedRef(view: ViewSpec, data: ViewData, index: number): Ref | undefined {
  switch (data.type) {
    case 'roots':
    case 'objects':
      return data.rows[index]?.ref;
    case 'layers':
      return data.active[index]?.ref;
    case 'lines': {
      if (view.type === 'describe' || view.type === 'yaml' || view.type === 'events' || view.type === 'logs')
        return view.ref;
      const line = data.lines[index];
      if (line?.ref !== undefined) return line.ref;
      return 'ref' in view ? view.ref : undefined;
    }
  }
}

/**
 * What Enter opens: a root cause's chain; for an object that is not ready, the chain of its
 * (first) root; otherwise its dependency tree. Undefined when there is nothing to open.
 */
export function enterTarget(
  view: ViewSpec,
  data: ViewData,
  index: number,
  snapshot: Snapshot,
): ViewSpec | undefined {
  if (data.type === 'roots') {
    const row = data.rows[index];
    return row === undefined ? undefined : { type: 'chain', ref: row.ref };
  }
  const ref = selectedRef(view, data, index);
  // A Pod of `:pods` opens its logs, as Enter on a Pod's container does in k9s.
  if (view.type === 'pods' && ref?.kind === 'Pod') return { type: 'logs', ref };
  if (ref === undefined) return undefined;
  if (data.type === 'lines') {
    if (
      view.type === 'describe' ||
      view.type === 'yaml' ||
      view.type === 'events' ||
      view.type === 'logs' ||
      view.type === 'help'
    )
      return undefined;
    if (view.type === 'tree' && refKey(view.ref) === refKey(ref)) return { type: 'describe', ref };
    return { type: 'tree', ref };
  }
  const object = reportObjectOf(snapshot.report, ref);
  const root = object?.rootCauses[0];
  if (root !== undefined) return { type: 'chain', ref: root };
  return { type: 'tree', ref };
}

/** The title line of a view: what it lists, with counts. */
export function viewTitle(view: ViewSpec, data: ViewData, namespace: string): string {
  const scope = namespace === 'all' ? 'all namespaces' : `namespace ${namespace}`;
  const counts = data.total === data.keys.length ? `${data.total}` : `${data.keys.length}/${data.total}`;
  switch (view.type) {
    case 'rootcauses':
      return `Root causes [${counts}] — ranked by blast radius — ${scope}`;
    case 'layers':
      return `Overview — Flux platform │ Argo CD applications — ${scope}`;
    case 'table':
      return `${TABLES[view.table].title} [${counts}] — ${scope}`;
    case 'chain':
      return 'Chain — the root cause, what it blocks, and the evidence inside it';
    case 'tree':
      return 'Dependency tree — what it needs, what needs it';
    case 'owner':
      return 'Owner — who manages it, up to the Git source';
    case 'describe':
      return 'Describe';
    case 'yaml':
      return 'YAML';
    case 'events':
      return 'Events';
    case 'logs':
      return data.type === 'lines' && data.title !== undefined ? data.title : 'Logs';
    case 'help':
      return 'Help — every key and command';
    case 'hidden':
      return 'Hidden — what strata cannot see here, and why';
    case 'contexts':
      return 'Contexts — enter switches to one (:ctx NAME does too)';
    case 'pods': {
      const whose =
        view.of !== undefined
          ? `of ${refLabel(view.of)}`
          : `— ${view.namespace === undefined ? scope : view.namespace === 'all' ? 'all namespaces' : `namespace ${view.namespace}`}`;
      const note = data.type === 'objects' && data.note !== undefined ? ` — ${data.note}` : '';
      return `Pods [${counts}] ${whose}${note}`;
    }
  }
}
