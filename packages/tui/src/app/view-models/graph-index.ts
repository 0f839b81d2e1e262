/**
 * Indexes over the model's graph that the views need and the model does not keep: which nodes
 * name a node in their explanation (toward the root), and which nodes have an edge to it
 * (downstream). Built once per report (the model changes only between reports).
 */
import { type ClusterModel, type Ref, type Report, refKey } from '@strata/core';
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

export function graphIndex(report: Report, model: ClusterModel): GraphIndex {
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

/** The report's object for each ref key, built once per report. */
const objectCache = new WeakMap<Report, ReadonlyMap<string, Report['objects'][number]>>();

export function reportObjects(report: Report): ReadonlyMap<string, Report['objects'][number]> {
  let map = objectCache.get(report);
  if (map === undefined) {
    map = new Map(report.objects.map((o) => [refKey(o.ref), o]));
    objectCache.set(report, map);
  }
  return map;
}
