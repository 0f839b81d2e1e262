import { graphlib, layout } from '@dagrejs/dagre';
import { syntheticCluster } from '@strata/core/fixtures';
import { describe, expect, it } from 'vitest';
import { computeLayout, layerCrossings, layoutGraph, NODE_HEIGHT, nodeWidth, orderLayers } from './layout.ts';
import { buildPicture, GRAPH_EDGE_TYPES, type GraphView, graphView } from './picture.ts';

const cluster = syntheticCluster({ seed: 3, gitops: 200, managedPerObject: 0 });
const picture = buildPicture(cluster.objects, cluster.at);
const view = graphView(picture, new Set(GRAPH_EDGE_TYPES.filter((t) => t !== 'controller')));

describe('layoutGraph', () => {
  it('places every node and edge, what is needed left of what needs it', () => {
    const placed = computeLayout(view);
    expect(placed.nodes.size).toBe(view.nodes.length);
    expect(placed.edges.size).toBe(view.edges.length);
    for (const e of view.edges) {
      const from = placed.nodes.get(e.from)!;
      const to = placed.nodes.get(e.to)!;
      expect(to.x + to.width).toBeLessThan(from.x);
    }
  });

  it('gives the same layout object for the same structure, a new one when it changes', () => {
    const first = layoutGraph(view);
    // A refresh: new objects, other states, the same nodes and edges.
    const refreshed: GraphView = {
      nodes: view.nodes.map((n) => ({ ...n, state: 'failing' as const })),
      edges: view.edges.map((e) => ({ ...e, failing: true })),
    };
    expect(layoutGraph(refreshed)).toBe(first);
    const fewer: GraphView = { nodes: view.nodes, edges: view.edges.slice(1) };
    expect(layoutGraph(fewer)).not.toBe(first);
  });
});

describe('orderLayers', () => {
  /** Lays the view out with the given ordering and returns the crossings it left. */
  function crossingsWith(
    order: (g: graphlib.Graph, dagreOrder: (g: graphlib.Graph) => void) => void,
  ): number {
    const g = new graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: 'LR', ranker: 'tight-tree' });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of view.nodes) g.setNode(n.id, { width: nodeWidth(n.label, ''), height: NODE_HEIGHT });
    for (const e of view.edges) g.setEdge(e.to, e.from, {}, e.id);
    let crossings = Number.NaN;
    layout(g, {
      customOrder: (layered, dagreOrder) => {
        order(layered, (h) => dagreOrder(h, {}));
        crossings = layerCrossings(layered);
      },
    });
    return crossings;
  }

  it('leaves no more crossings than dagre’s own ordering, and is deterministic', () => {
    const ours = crossingsWith((g) => orderLayers(g));
    expect(ours).toBeGreaterThan(0);
    expect(ours).toBeLessThanOrEqual(crossingsWith((g, dagreOrder) => dagreOrder(g)));
    expect(crossingsWith((g) => orderLayers(g))).toBe(ours);
  });

  it('gives every node of a rank its own order', () => {
    const g = new graphlib.Graph({ multigraph: true });
    g.setGraph({});
    for (const [id, rank] of [
      ['a', 0],
      ['b', 0],
      ['c', 1],
      ['d', 1],
      ['e', 1],
    ] as const) {
      g.setNode(id, { width: 1, height: 1, rank });
    }
    g.setEdge('a', 'e', { weight: 1 });
    g.setEdge('b', 'c', { weight: 1 });
    g.setEdge('a', 'd', { weight: 1 });
    orderLayers(g);
    const orders = (ids: string[]) => ids.map((id) => g.node(id).order).sort();
    expect(orders(['a', 'b'])).toEqual([0, 1]);
    expect(orders(['c', 'd', 'e'])).toEqual([0, 1, 2]);
    expect(layerCrossings(g)).toBe(0);
  });
});
