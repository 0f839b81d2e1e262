import type { State } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { filterGraph, matchesSearch, NO_FILTER, searchGraph } from './graph-filter.ts';
import type { GraphNodeView, GraphView } from './picture.ts';

function node(name: string, state: State = 'ready'): GraphNodeView {
  return {
    id: name,
    ref: { kind: 'Kustomization', namespace: 'flux-system', name },
    label: `Kustomization/${name}`,
    tool: 'flux',
    state,
    isRoot: false,
    isController: false,
  };
}
const edge = (from: string, to: string) => ({
  id: `${from}->${to}`,
  from,
  to,
  type: 'dependsOn',
  crossLayer: false,
  failing: false,
});

// a ← b ← c ← d (d needs c needs b needs a), e needs b; f alone.
const view: GraphView = {
  nodes: [node('a', 'failing'), node('b'), node('c'), node('d'), node('e', 'progressing'), node('f')],
  edges: [edge('b', 'a'), edge('c', 'b'), edge('d', 'c'), edge('e', 'b')],
};
const names = (v: GraphView) => v.nodes.map((n) => n.id);

describe('graph filters', () => {
  it('focus keeps n hops upstream and downstream, not siblings', () => {
    expect(names(filterGraph(view, { ...NO_FILTER, focus: 'c', hops: 1 }))).toEqual(['b', 'c', 'd']);
    expect(names(filterGraph(view, { ...NO_FILTER, focus: 'c', hops: 2 }))).toEqual(['a', 'b', 'c', 'd']);
    expect(names(filterGraph(view, { ...NO_FILTER, focus: 'b', hops: 1 }))).toEqual(['a', 'b', 'c', 'e']);
    expect(filterGraph(view, { ...NO_FILTER, focus: 'c', hops: 1 }).edges.map((e) => e.id)).toEqual([
      'c->b',
      'd->c',
    ]);
  });

  it('hides ready nodes (keeping the focused one) and isolated ones', () => {
    expect(names(filterGraph(view, { ...NO_FILTER, hideReady: true }))).toEqual(['a', 'e']);
    expect(names(filterGraph(view, { ...NO_FILTER, hideIsolated: true }))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(names(filterGraph(view, { ...NO_FILTER, hideReady: true, hideIsolated: true }))).toEqual([]);
    expect(names(filterGraph(view, { ...NO_FILTER, focus: 'b', hops: 1, hideReady: true }))).toEqual([
      'a',
      'b',
      'e',
    ]);
    expect(filterGraph(view, NO_FILTER)).toBe(view);
  });

  it('searches every word in Kind/namespace/name, any case', () => {
    expect(searchGraph(view, 'KUST  flux-system/c')).toEqual(['c']);
    expect(searchGraph(view, '')).toEqual([]);
    expect(matchesSearch(node('cert-manager'), 'cert kustomization')).toBe(true);
  });
});
