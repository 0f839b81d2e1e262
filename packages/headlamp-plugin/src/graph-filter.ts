/**
 * What the dependency graph shows of core's graph: a search that marks matching nodes, a focus on
 * one node's neighbourhood (n hops upstream and downstream along the edges), and hiding ready or
 * isolated nodes. Pure: a GraphView in, a smaller GraphView out; the edges and states are core's.
 */
import { formatRef } from '@strata/core';
import type { GraphNodeView, GraphView } from './picture.ts';

export interface GraphFilter {
  /** The id of the node whose neighbourhood is shown; every node when undefined. */
  readonly focus?: string | undefined;
  /** Hops followed upstream and downstream from the focused node. */
  readonly hops: number;
  readonly hideReady: boolean;
  /** Hide nodes left without any edge (after the other filters). */
  readonly hideIsolated: boolean;
}

export const NO_FILTER: GraphFilter = { hops: 2, hideReady: false, hideIsolated: false };

/** Whether a node matches a search: every word is in `Kind/namespace/name` (any case). */
export function matchesSearch(node: GraphNodeView, search: string): boolean {
  const words = search
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return false;
  const text = formatRef(node.ref).toLowerCase();
  return words.every((w) => text.includes(w));
}

/** The ids of the nodes matching `search`, in the view's order. */
export function searchGraph(view: GraphView, search: string): string[] {
  return view.nodes.filter((n) => matchesSearch(n, search)).map((n) => n.id);
}

/** Nodes within `hops` of `start`, following `next` (upstream or downstream) only. */
function reach(start: string, hops: number, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set([start]);
  let frontier = [start];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const n of next.get(id) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        following.push(n);
      }
    }
    frontier = following;
  }
  return seen;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function filterGraph(view: GraphView, filter: GraphFilter): GraphView {
  let keep: Set<string> | undefined;
  const focus =
    filter.focus !== undefined && view.nodes.some((n) => n.id === filter.focus) ? filter.focus : undefined;
  if (focus !== undefined) {
    // An edge runs from the dependent (`from`) to what it needs (`to`): upstream follows it,
    // downstream goes against it. Both directions separately, so siblings are not pulled in.
    const needs = new Map<string, string[]>();
    const neededBy = new Map<string, string[]>();
    for (const e of view.edges) {
      push(needs, e.from, e.to);
      push(neededBy, e.to, e.from);
    }
    keep = reach(focus, filter.hops, needs);
    for (const id of reach(focus, filter.hops, neededBy)) keep.add(id);
  }
  let nodes = view.nodes.filter(
    (n) =>
      (keep === undefined || keep.has(n.id)) && (!filter.hideReady || n.state !== 'ready' || n.id === focus),
  );
  if (nodes.length === view.nodes.length && !filter.hideIsolated) return view;
  const ids = new Set(nodes.map((n) => n.id));
  const edges = view.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
  if (filter.hideIsolated) {
    const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
    nodes = nodes.filter((n) => linked.has(n.id) || n.id === focus);
  }
  return { nodes, edges };
}
