/** Automatic layout of the dependency graph: dagre's layered (Sugiyama) layout, in-process. */
import { graphlib, layout } from '@dagrejs/dagre';
import type { GraphView } from './picture.ts';

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
 * Lays the graph out left to right: what is needed on the left, what needs it on the right, so
 * a failure flows rightwards from its root to what it blocks.
 */
export function layoutGraph(view: GraphView): Layout {
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 16, ranksep: 70, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of view.nodes) {
    g.setNode(n.id, { width: nodeWidth(n.label, n.ref.namespace ?? ''), height: NODE_HEIGHT });
  }
  for (const e of view.edges) g.setEdge(e.to, e.from, {}, e.id);
  layout(g);
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
