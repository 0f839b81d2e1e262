import { describe, expect, it } from 'vitest';
import { formatRef, refKey } from '../ref.ts';
import { type BlockedNode, blockedNodes, blockedTree } from './blocked-tree.ts';
import { platformView } from './platform-view.test-support.ts';

function outline(nodes: readonly BlockedNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${'  '.repeat(depth)}${n.words} ${formatRef(n.ref)}`,
    ...outline(n.children, depth + 1),
  ]);
}

describe('blocked tree', () => {
  const view = platformView();

  it('cert-manager blocks 5, each under what holds it back, the health-check link included', () => {
    const root = view.report.rootCauses[0]!;
    expect(formatRef(root.ref)).toBe('HelmRelease/flux-system/cert-manager');
    expect(outline(blockedTree(view, root))).toEqual([
      'dependsOn HelmRelease/flux-system/kube-prometheus-stack',
      'dependsOn HelmRelease/flux-system/trust-manager',
      'health check Kustomization/flux-system/infra-cert-manager',
      '  dependsOn Kustomization/flux-system/cert-manager-issuers',
      '    dependsOn Kustomization/flux-system/gateway',
    ]);
  });

  it('holds exactly each root’s impacted, once each, every child in its parent’s blocks', () => {
    for (const root of view.report.rootCauses) {
      const nodes = blockedNodes(blockedTree(view, root));
      expect(nodes.map((n) => n.key).sort()).toEqual(root.impacted.map(refKey).sort());
      const check = (parentBlocks: ReadonlySet<string> | undefined, list: readonly BlockedNode[]) => {
        for (const n of list) {
          if (parentBlocks !== undefined) expect(parentBlocks).toContain(n.key);
          check(new Set((n.object?.blocks ?? []).map(refKey)), n.children);
        }
      };
      check(undefined, blockedTree(view, root));
    }
  });

  it('a missing root blocks what names it', () => {
    const missing = view.report.rootCauses.find((r) => r.state === 'missing')!;
    expect(outline(blockedTree(view, missing))).toEqual(['project Application/argocd/team-c-reports']);
  });
});
