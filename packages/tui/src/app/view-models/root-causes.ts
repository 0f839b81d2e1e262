/**
 * Rows of the root-causes view: the report's roots in its order (blast radius, largest first),
 * with state, reason, message, how long (since), and how many objects each blocks. Pure.
 */
import {
  type ClusterView,
  compareRefs,
  type Layer,
  type Ref,
  type Report,
  refKey,
  type State,
  type StringEntries,
} from '@strata/core';
import type { SortColumn } from '../keymap.ts';
import { compactAge, compareCommonColumn, elapsed, oneLine, refLabel } from './format.ts';
import { reportObjects } from './graph-index.ts';
import { inScope } from './objects-table.ts';

export interface RootRow {
  readonly key: string;
  readonly ref: Ref;
  /** 1-based rank in the report. */
  readonly rank: number;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `Kind/namespace/name`. */
  readonly label: string;
  readonly layer: Layer | '';
  readonly state: State;
  readonly reason: string;
  readonly message: string;
  readonly since: string;
  readonly sinceMs: number | undefined;
  readonly blocks: number;
  readonly labels: StringEntries | undefined;
}

/**
 * The roots, in report order. With a namespace scope, the roots that touch it: the root itself,
 * a cycle member, an object it blocks, or its evidence (a Pod that crash-loops there under a root
 * elsewhere) lives there.
 */
export function rootRows(report: Report, model: ClusterView, namespace: string): readonly RootRow[] {
  const objects = reportObjects(report);
  const rows: RootRow[] = [];
  report.rootCauses.forEach((root, index) => {
    if (
      namespace !== 'all' &&
      !inScope(root.ref, namespace) &&
      !root.members.some((m) => inScope(m, namespace)) &&
      !root.impacted.some((m) => inScope(m, namespace)) &&
      !root.evidence.some((e) => e.namespace === namespace)
    )
      return;
    const sinceMs = elapsed(root.since, report.at);
    const label =
      root.state === 'cycle' && root.members.length > 0
        ? `${refLabel(root.ref)} (cycle of ${root.members.length})`
        : refLabel(root.ref);
    rows.push({
      key: refKey(root.ref),
      ref: root.ref,
      rank: index + 1,
      kind: root.ref.kind,
      namespace: root.ref.namespace ?? '',
      name: root.ref.name,
      label,
      layer: objects.get(refKey(root.ref))?.layer ?? '',
      state: root.state,
      reason: oneLine(root.reason),
      message: oneLine(root.message),
      since: root.since === undefined ? '-' : compactAge(sinceMs),
      sinceMs,
      blocks: root.impacted.length,
      labels: model.node(root.ref)?.object.labels,
    });
  });
  return rows;
}

/** Report order by default (rank); the sort keys reorder like the kind tables. */
export function sortRootRows(
  rows: readonly RootRow[],
  sort: { readonly column: SortColumn; readonly descending: boolean } | undefined,
): readonly RootRow[] {
  if (sort === undefined) return rows;
  const sign = sort.descending ? -1 : 1;
  const by = (a: RootRow, b: RootRow): number => {
    switch (sort.column) {
      case 'blocks':
        return b.blocks - a.blocks;
      case 'age':
        return (a.sinceMs ?? Number.POSITIVE_INFINITY) - (b.sinceMs ?? Number.POSITIVE_INFINITY);
      case 'rootCause':
        return a.rank - b.rank;
      default:
        return compareCommonColumn(sort.column, a, b) ?? 0;
    }
  };
  return [...rows].sort((a, b) => sign * by(a, b) || a.rank - b.rank || compareRefs(a.ref, b.ref));
}

export function rootCells(row: RootRow): readonly string[] {
  return [row.label, row.layer, row.state, row.reason, row.message];
}
