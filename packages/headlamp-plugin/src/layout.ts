/**
 * Automatic layout of the dependency graph: dagre's layered (Sugiyama) layout, in-process, with
 * our own crossing reduction (see orderLayers) and a cache keyed by the graph's structure, so a
 * refresh that changes only states does not lay the graph out again.
 */
import { type Graph, graphlib, layout } from '@dagrejs/dagre';
import type { GraphView } from './picture.ts';
import { timed } from './timing.ts';

export interface PlacedNode {
  readonly id: string;
  /** Top-left corner. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly id: string;
  readonly points: readonly { x: number; y: number }[];
}

export interface Layout {
  readonly nodes: ReadonlyMap<string, PlacedNode>;
  readonly edges: ReadonlyMap<string, PlacedEdge>;
  readonly width: number;
  readonly height: number;
}

export const NODE_HEIGHT = 42;
const CHAR_WIDTH = 7;

export function nodeWidth(label: string, sub: string): number {
  return Math.max(label.length, sub.length + 12) * CHAR_WIDTH + 28;
}

/**
 * Above this many nodes, ranks come from dagre's tight-tree ranker instead of network simplex:
 * dagre's network simplex recomputes every cut value after each exchange and grows much faster
 * than the graph (15 s of the 16 s a 2,000-node graph took). Tight-tree ranks are a feasible
 * tree's, a little longer in total edge length; small graphs keep the optimal ranks.
 */
export const NETWORK_SIMPLEX_MAX_NODES = 300;

const CACHE_SIZE = 4;
const cache = new Map<string, Layout>();

/**
 * Lays the graph out left to right: what is needed on the left, what needs it on the right, so
 * a failure flows rightwards from its root to what it blocks. The same structure (node ids and
 * sizes, edges, in the same order) gives the same Layout object, from a small cache.
 */
export function layoutGraph(view: GraphView): Layout {
  const key = structureKey(view);
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Most recently used last.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const placed = timed('strata:layout', () => computeLayout(view));
  cache.set(key, placed);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return placed;
}

/** What the layout depends on: node ids and widths, edge ids and ends, in order. */
function structureKey(view: GraphView): string {
  const parts: string[] = [];
  for (const n of view.nodes) parts.push(`${n.id}\u0000${nodeWidth(n.label, n.ref.namespace ?? '')}`);
  parts.push('\u0001');
  for (const e of view.edges) parts.push(`${e.id}\u0000${e.from}\u0000${e.to}`);
  return parts.join('\n');
}

/** The layout itself, uncached (layoutGraph caches it). */
export function computeLayout(view: GraphView): Layout {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({
    rankdir: 'LR',
    nodesep: 16,
    ranksep: 70,
    marginx: 10,
    marginy: 10,
    ranker: view.nodes.length > NETWORK_SIMPLEX_MAX_NODES ? 'tight-tree' : 'network-simplex',
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of view.nodes) {
    g.setNode(n.id, { width: nodeWidth(n.label, n.ref.namespace ?? ''), height: NODE_HEIGHT });
  }
  for (const e of view.edges) g.setEdge(e.to, e.from, {}, e.id);
  layout(g, { customOrder: (layered) => orderLayers(layered) });
  const nodes = new Map<string, PlacedNode>();
  for (const id of g.nodes()) {
    const n = g.node(id);
    if (n === undefined) continue;
    nodes.set(id, {
      id,
      x: (n.x ?? 0) - n.width / 2,
      y: (n.y ?? 0) - n.height / 2,
      width: n.width,
      height: n.height,
    });
  }
  const edges = new Map<string, PlacedEdge>();
  for (const e of g.edges()) {
    const placed = g.edge(e);
    if (e.name === undefined || placed?.points === undefined) continue;
    edges.set(e.name, { id: e.name, points: placed.points });
  }
  const graph = g.graph();
  return { nodes, edges, width: graph.width ?? 0, height: graph.height ?? 0 };
}

// ---- crossing reduction ---------------------------------------------------------------------

/** Sweeps without fewer crossings before giving up, as dagre; and a hard cap. */
const PATIENCE = 4;
const MAX_SWEEPS = 40;

interface Layered {
  /** Nodes by index, the layer (rank) of each, weighted neighbours one layer up and down. */
  readonly ids: readonly string[];
  readonly rank: Int32Array;
  readonly up: readonly (readonly number[])[];
  readonly down: readonly (readonly number[])[];
}

/**
 * Orders the nodes within each rank of dagre's layered graph (long edges already split into
 * dummy nodes, so every edge joins adjacent ranks) to reduce edge crossings, and sets each
 * node's `order`. The same method as dagre's (a depth-first initial order, then barycentre
 * sweeps alternately down and up, keeping the order with the fewest crossings, stopping after 4
 * sweeps without improvement), without what this graph never has (subgraphs, constraints): a
 * sweep is a sort per layer, O((V + E) log V), and crossings are counted with a Fenwick tree
 * (Barth, Jünger and Mutzel), where dagre's sort is quadratic in a layer's ties and its sweeps
 * took 3 s of a 2,000-node layout.
 */
export function orderLayers(g: Graph): void {
  const layered = readLayered(g);
  let layers = initialOrder(layered);
  const pos = new Float64Array(layered.ids.length);
  for (const layer of layers) placeLayer(layer, pos);
  let best = layers.map((l) => [...l]);
  let bestCrossings = crossings(layered, layers, pos);
  for (let sweep = 0, sinceBest = 0; sinceBest < PATIENCE && sweep < MAX_SWEEPS; sweep++, sinceBest++) {
    const downwards = sweep % 2 === 0;
    const biasRight = sweep % 4 >= 2;
    const ranks = layers.map((_, r) => r);
    if (!downwards) ranks.reverse();
    for (const r of ranks.slice(1)) {
      layers[r] = sortByBarycentre(layers[r]!, downwards ? layered.up : layered.down, pos, biasRight);
      placeLayer(layers[r]!, pos);
    }
    const count = crossings(layered, layers, pos);
    if (count <= bestCrossings) {
      if (count < bestCrossings) sinceBest = -1;
      best = layers.map((l) => [...l]);
      bestCrossings = count;
    }
  }
  layers = best;
  for (const layer of layers) {
    layer.forEach((v, i) => {
      g.node(layered.ids[v]!).order = i;
    });
  }
}

/** Weighted crossings of a layered graph in its nodes' current `order` (for tests and tuning). */
export function layerCrossings(g: Graph): number {
  const layered = readLayered(g);
  const layers: number[][] = [];
  for (let v = 0; v < layered.ids.length; v++) {
    const r = layered.rank[v]!;
    for (let i = layers.length; i <= r; i++) layers.push([]);
    layers[r]!.push(v);
  }
  const order = (v: number) => (g.node(layered.ids[v]!) as { order?: number }).order ?? 0;
  for (const layer of layers) layer.sort((a, b) => order(a) - order(b));
  const pos = new Float64Array(layered.ids.length);
  for (const layer of layers) placeLayer(layer, pos);
  return crossings(layered, layers, pos);
}

/** Each node's position within its layer. */
function placeLayer(layer: readonly number[], pos: Float64Array): void {
  for (let i = 0; i < layer.length; i++) pos[layer[i]!] = i;
}

function readLayered(g: Graph): Layered {
  const ids = g.nodes();
  const index = new Map(ids.map((id, i) => [id, i]));
  const rank = new Int32Array(ids.length);
  ids.forEach((id, i) => {
    rank[i] = (g.node(id) as { rank?: number } | undefined)?.rank ?? 0;
  });
  // Flat [neighbour, weight, neighbour, weight, …] lists.
  const up: number[][] = ids.map(() => []);
  const down: number[][] = ids.map(() => []);
  for (const e of g.edges()) {
    const v = index.get(e.v);
    const w = index.get(e.w);
    if (v === undefined || w === undefined || v === w) continue;
    const weight = (g.edge(e) as { weight?: number } | undefined)?.weight ?? 1;
    const [top, bottom] = rank[v]! <= rank[w]! ? [v, w] : [w, v];
    down[top]!.push(bottom, weight);
    up[bottom]!.push(top, weight);
  }
  return { ids, rank, up, down };
}

/** dagre's initial order: depth first from the nodes by rank, each appended to its layer on first visit. */
function initialOrder({ ids, rank, down }: Layered): number[][] {
  let maxRank = 0;
  for (const r of rank) maxRank = Math.max(maxRank, r);
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  const visited = new Uint8Array(ids.length);
  const starts = ids.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]!);
  const stack: number[] = [];
  for (const start of starts) {
    stack.push(start);
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (visited[v] === 1) continue;
      visited[v] = 1;
      layers[rank[v]!]!.push(v);
      const next = down[v]!;
      for (let i = next.length - 2; i >= 0; i -= 2) if (visited[next[i]!] === 0) stack.push(next[i]!);
    }
  }
  return layers;
}

/**
 * A layer sorted by the mean position of each node's neighbours in the fixed layer; nodes with
 * no such neighbour keep their slots. Ties keep the current order (or its reverse, biasRight).
 */
function sortByBarycentre(
  layer: readonly number[],
  neighbours: readonly (readonly number[])[],
  pos: Float64Array,
  biasRight: boolean,
): number[] {
  const barycentre = new Float64Array(layer.length);
  const movable: number[] = [];
  for (let at = 0; at < layer.length; at++) {
    const list = neighbours[layer[at]!]!;
    let sum = 0;
    let weights = 0;
    for (let i = 0; i < list.length; i += 2) {
      sum += pos[list[i]!]! * list[i + 1]!;
      weights += list[i + 1]!;
    }
    if (weights > 0) {
      barycentre[at] = sum / weights;
      movable.push(at);
    } else barycentre[at] = Number.NaN;
  }
  movable.sort((a, b) => barycentre[a]! - barycentre[b]! || (biasRight ? b - a : a - b));
  const out: number[] = [];
  let next = 0;
  for (let at = 0; at < layer.length; at++) {
    out.push(Number.isNaN(barycentre[at]!) ? layer[at]! : layer[movable[next++]!]!);
  }
  return out;
}

/** Weighted edge crossings between every pair of adjacent layers (accumulator tree). */
function crossings(
  { down, rank }: Layered,
  layers: readonly (readonly number[])[],
  pos: Float64Array,
): number {
  let total = 0;
  let tree = new Float64Array(0);
  // One north node's edge ends (south positions and weights), sorted by position.
  let at = new Int32Array(16);
  let weight = new Float64Array(16);
  for (let r = 0; r + 1 < layers.length; r++) {
    const south = layers[r + 1]!.length;
    if (south === 0) continue;
    if (tree.length < south + 1) tree = new Float64Array(south + 1);
    else tree.fill(0, 0, south + 1);
    let seen = 0;
    for (const v of layers[r]!) {
      const list = down[v]!;
      if (at.length < list.length / 2) {
        at = new Int32Array(list.length);
        weight = new Float64Array(list.length);
      }
      let ends = 0;
      for (let i = 0; i < list.length; i += 2) {
        const w = list[i]!;
        if (rank[w] !== r + 1) continue;
        // Insertion sort: a node has a handful of edges.
        let j = ends++;
        while (j > 0 && at[j - 1]! > pos[w]!) {
          at[j] = at[j - 1]!;
          weight[j] = weight[j - 1]!;
          j--;
        }
        at[j] = pos[w]!;
        weight[j] = list[i + 1]!;
      }
      for (let e = 0; e < ends; e++) {
        // Weight already seen at positions ≤ this end (Fenwick prefix sum); the rest cross it.
        let atOrBefore = 0;
        for (let i = at[e]! + 1; i > 0; i -= i & -i) atOrBefore += tree[i]!;
        total += weight[e]! * (seen - atOrBefore);
        for (let i = at[e]! + 1; i <= south; i += i & -i) tree[i]! += weight[e]!;
        seen += weight[e]!;
      }
    }
  }
  return total;
}
