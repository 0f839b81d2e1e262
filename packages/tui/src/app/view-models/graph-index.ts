/**
 * Indexes over the model's graph that the views need and the model does not keep: which nodes
 * name a node in their explanation (toward the root), and which nodes have an edge to it
 * (downstream). Built once per report (the model changes only between reports).
 */
import { type ClusterView, compareRefs, type Ref, type Report, refFromKey } from '@strata/core';
import type { EdgeType } from './core-types.ts';
import { listAt } from './maps.ts';

export interface ReverseEdge {
  readonly from: Ref;
  readonly type: EdgeType;
}

export interface GraphIndex {
  /** Key of a node → the nodes whose explanation lists it. */
  readonly explainedBy: ReadonlyMap<string, readonly Ref[]>;
  /** Key of a node (or a missing object) → the nodes with an edge to it. */
  readonly neededBy: ReadonlyMap<string, readonly ReverseEdge[]>;
}

const cache = new WeakMap<Report, GraphIndex>();

export function graphIndex(report: Report, model: ClusterView): GraphIndex {
  const cached = cache.get(report);
  if (cached !== undefined) return cached;
  const explainedBy = new Map<string, Ref[]>();
  const neededBy = new Map<string, ReverseEdge[]>();
  for (const object of report.objects) {
    const node = model.node(object.ref);
    if (node === undefined) continue;
    for (const target of node.explanation ?? []) {
      const list = listAt(explainedBy, target);
      list.push(object.ref);
    }
    for (const edge of node.edges) {
      const list = listAt(neededBy, edge.to);
      list.push({ from: object.ref, type: edge.type });
    }
  }
  const index = { explainedBy, neededBy };
  cache.set(report, index);
  return index;
}

/** A report's objects by ref key: a binary search, since the report lists them in ref order. */
export interface ReportObjects {
  get(key: string): Report['objects'][number] | undefined;
}

class SortedReportObjects implements ReportObjects {
  readonly #objects: Report['objects'];

  constructor(objects: Report['objects']) {
    this.#objects = objects;
  }

  get(key: string): Report['objects'][number] | undefined {
    const ref = refFromKey(key);
    let low = 0;
    let high = this.#objects.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const object = this.#objects[middle]!;
      const order = compareRefs(object.ref, ref);
      if (order === 0) return object;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }
}

/**
 * The report's object for each ref key. A map of 18k keys built for every report was a fifth of
 * the live UI's CPU at 50 changes/s, and most of its garbage; the report's order makes it moot.
 */
export function reportObjects(report: Report): ReportObjects {
  return new SortedReportObjects(report.objects);
}
