import { describe, expect, it } from 'vitest';
import { formatRef, makeRef, refKey } from '../ref.ts';
import { downstreamOf, upstreamOf } from './neighbours.ts';
import { platformView } from './platform-view.test-support.ts';

const label = (n: { words: string; ref: Parameters<typeof formatRef>[0] }) =>
  `${n.words} ${formatRef(n.ref)}`;

describe('upstream and downstream', () => {
  const view = platformView();

  it('a child app that fails has its app-of-apps parent downstream (it blocks it)', () => {
    const payments = makeRef('Application', 'argocd', 'team-a-payments');
    expect(downstreamOf(view, payments).map(label)).toContain('child app Application/argocd/apps-root');
    expect(upstreamOf(view, makeRef('Application', 'argocd', 'apps-root')).map(label)).toContain(
      'child app Application/argocd/team-a-payments',
    );
  });

  it('cert-manager has the Kustomization whose health check it fails downstream', () => {
    const certManager = makeRef('HelmRelease', 'flux-system', 'cert-manager');
    expect(downstreamOf(view, certManager).map(label)).toEqual([
      'dependsOn HelmRelease/flux-system/kube-prometheus-stack',
      'dependsOn HelmRelease/flux-system/trust-manager',
      'health check Kustomization/flux-system/infra-cert-manager',
    ]);
  });

  it('every object’s report `blocks` is among its downstream, and its edges among its upstream', () => {
    for (const object of view.report.objects) {
      const down = new Set(downstreamOf(view, object.ref).map((n) => n.key));
      for (const blocked of object.blocks) expect(down).toContain(refKey(blocked));
      const up = new Set(upstreamOf(view, object.ref).map((n) => n.key));
      for (const edge of view.node(object.ref)?.edges ?? []) expect(up).toContain(edge.to);
    }
  });

  it('downstream is upstream reversed', () => {
    for (const object of view.report.objects) {
      for (const up of upstreamOf(view, object.ref)) {
        const back = downstreamOf(view, up.ref).filter((n) => n.key === refKey(object.ref));
        expect(back.map((n) => n.type)).toContain(up.type);
      }
    }
  });
});
