/**
 * Upstream and downstream of any node, the same for every surface: upstream is what a node
 * needs (its §3 edges) and what its explanation names without an edge (a failing health check,
 * an app-of-apps child); downstream is the reverse of both, so what a node `blocks` in the report
 * is always among its downstream neighbours. One word for each kind of link.
 */
import type { ClusterView } from '../cluster-view.ts';
import type { EdgeType, GraphNode } from '../graph-types.ts';
import { compareRefs, type Ref, refFromKey, refKey } from '../ref.ts';
import { reportObjectOf } from './lookups.ts';

/** A §3 edge, or a link the explanation makes without one (§5). */
export type LinkType = EdgeType | 'healthCheck' | 'childApp' | 'explanation';

/** How a node waits on its neighbour, in words (read from the node that waits). */
export const LINK_WORDS: Readonly<Record<LinkType, string>> = {
  dependsOn: 'dependsOn',
  source: 'source',
  parent: 'parent',
  generator: 'generated app',
  controller: 'controller',
  installation: 'installed by',
  project: 'project',
  applies: 'applies',
  refers: 'refers to',
  healthCheck: 'health check',
  childApp: 'child app',
  explanation: 'explained by',
};

export interface Neighbour {
  readonly ref: Ref;
  readonly key: string;
  readonly type: LinkType;
  /** `LINK_WORDS[type]`. */
  readonly words: string;
}

const CYCLE_PREFIX = 'cycle:';

function neighbour(ref: Ref, key: string, type: LinkType): Neighbour {
  return { ref, key, type, words: LINK_WORDS[type] };
}

function order(a: Neighbour, b: Neighbour): number {
  return a.type < b.type ? -1 : a.type > b.type ? 1 : compareRefs(a.ref, b.ref);
}

/**
 * How `from` waits on `toKey`: its edge to it, else why its explanation names it — a health
 * check that failed on what it applied, or an Application whose child app (its `parent` edge
 * points back) is not healthy.
 */
export function linkBetween(view: ClusterView, from: Readonly<GraphNode>, toKey: string): LinkType {
  const edge = from.edges.find((e) => e.to === toKey);
  if (edge !== undefined) return edge.type;
  if (from.status.reason?.startsWith('HealthCheck') === true) return 'healthCheck';
  const target = view.node(refFromKey(toKey));
  if (target?.edges.some((e) => e.type === 'parent' && e.to === from.key) === true) return 'childApp';
  return 'explanation';
}

/** What a node needs: its edges, then what its explanation names without an edge. */
export function upstreamOf(view: ClusterView, ref: Ref): readonly Neighbour[] {
  const node = view.node(ref);
  if (node === undefined) return [];
  const out = node.edges.map((e) => neighbour(e.ref, e.to, e.type));
  const seen = new Set(out.map((n) => n.key));
  for (const key of node.explanation ?? []) {
    if (seen.has(key) || key.startsWith(CYCLE_PREFIX) || key === node.key) continue;
    seen.add(key);
    out.push(neighbour(refFromKey(key), key, linkBetween(view, node, key)));
  }
  return out.sort(order);
}

interface Reverse {
  readonly edges: ReadonlyMap<string, readonly Neighbour[]>;
}

const reverses = new WeakMap<ClusterView, Reverse>();

function reverseOf(view: ClusterView): Reverse {
  const cached = reverses.get(view);
  if (cached !== undefined) return cached;
  const edges = new Map<string, Neighbour[]>();
  for (const object of view.report.objects) {
    const node = view.node(object.ref);
    if (node === undefined) continue;
    for (const edge of node.edges) {
      const list = edges.get(edge.to) ?? [];
      list.push(neighbour(node.ref, node.key, edge.type));
      edges.set(edge.to, list);
    }
  }
  const reverse = { edges };
  reverses.set(view, reverse);
  return reverse;
}

/** What needs a node (or a missing object): the reverse of `upstreamOf`. */
export function downstreamOf(view: ClusterView, ref: Ref): readonly Neighbour[] {
  const key = refKey(ref);
  const out = [...(reverseOf(view).edges.get(key) ?? [])];
  const seen = new Set(out.map((n) => n.key));
  for (const blocked of reportObjectOf(view.report, ref)?.blocks ?? []) {
    const blockedKey = refKey(blocked);
    if (seen.has(blockedKey)) continue;
    const node = view.node(blocked);
    if (node === undefined) continue;
    seen.add(blockedKey);
    out.push(neighbour(blocked, blockedKey, linkBetween(view, node, key)));
  }
  return out.sort(order);
}
