import { formatRef, refKey } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { describe, expect, it } from 'vitest';
import {
  blockedTree,
  buildPicture,
  type ChainNode,
  GRAPH_EDGE_TYPES,
  graphView,
  namespaceRows,
  objectsOf,
  relationsOf,
} from './picture.ts';

const fixture = twoLayerPlatform();
const picture = buildPicture(fixture.objects, fixture.at);
const flat = (nodes: readonly ChainNode[]): ChainNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

describe('the picture presents core’s answers', () => {
  it('cert-manager’s page lists the health-check link downstream; its root cause blocks 5 in the tree', () => {
    const certManager = { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' };
    const { downstream } = relationsOf(picture, certManager);
    expect(downstream.map((r) => `${r.type} ${formatRef(r.ref)}`)).toContain(
      'health check Kustomization/flux-system/infra-cert-manager',
    );
    const root = picture.report.rootCauses.find((r) => refKey(r.ref) === refKey(certManager))!;
    expect(flat(blockedTree(picture, root))).toHaveLength(root.impacted.length);
    expect(root.impacted).toHaveLength(5);
  });

  it('team-a-payments has apps-root downstream, which it blocks', () => {
    const payments = { kind: 'Application', namespace: 'argocd', name: 'team-a-payments' };
    expect(relationsOf(picture, payments).downstream.map((r) => formatRef(r.ref))).toEqual([
      'Application/argocd/apps-root',
    ]);
  });

  it('the overview’s counts, the lists and the graph count the same objects per tool', () => {
    const graph = graphView(picture, new Set(GRAPH_EDGE_TYPES.filter((t) => t !== 'controller')));
    for (const tool of ['flux', 'argo'] as const) {
      const summary = picture.report.summary[tool];
      expect(objectsOf(picture, tool)).toHaveLength(summary.total);
      const drawn = graph.nodes.filter((n) => n.tool === tool && picture.byKey.has(n.id));
      expect(drawn).toHaveLength(summary.total);
    }
  });

  it('argocd is Flux’s namespace: a Flux HelmRelease installs the Argo CD there', () => {
    expect(namespaceRows(picture).find((n) => n.namespace === 'argocd')?.layer).toBe('flux');
  });
});
