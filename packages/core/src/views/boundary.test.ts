import { describe, expect, it } from 'vitest';
import { formatRef } from '../ref.ts';
import { layerBoundary, namespacesByLayer } from './boundary.ts';
import { platformView } from './platform-view.test-support.ts';

describe('layer boundary', () => {
  const view = platformView();

  it('reads each cross-tool edge from the layer that acts, once per pair', () => {
    const lines = layerBoundary(view).map((l) => `${formatRef(l.from)} ${l.verb} ${formatRef(l.to)}`);
    expect(lines).toContain(
      'HelmRelease/flux-system/argocd installs Argo CD StatefulSet/argocd/argocd-application-controller',
    );
    expect(lines).toContain('Kustomization/flux-system/argo-apps applies Application/argocd/apps-root');
    expect(new Set(lines).size).toBe(lines.length);
    for (const link of layerBoundary(view)) expect(link.fromTool).not.toBe(link.toTool);
  });

  it('an Application that applies Flux objects is an Argo CD → Flux link, once', () => {
    const kustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'from-argo',
        namespace: 'team-b',
        annotations: {
          'argocd.argoproj.io/tracking-id':
            'team-b-previews-pr-42:kustomize.toolkit.fluxcd.io/Kustomization:team-b/from-argo',
        },
      },
      spec: { interval: '5m', path: './', prune: true, sourceRef: { kind: 'GitRepository', name: 'x' } },
    };
    const withFlux = platformView([kustomization]);
    const links = layerBoundary(withFlux).filter((l) => l.to.name === 'from-argo');
    expect(links.map((l) => `${l.fromTool}→${l.toTool} ${formatRef(l.from)} ${l.verb}`)).toEqual([
      'argo→flux Application/argocd/team-b-previews-pr-42 applies',
    ]);
  });
});

describe('namespaces by layer', () => {
  const view = platformView();
  const layerOf = (name: string) => namespacesByLayer(view).find((n) => n.namespace === name)?.layer;

  it('argocd is Flux’s: a Flux HelmRelease installs the Argo CD that runs there', () => {
    expect(layerOf('argocd')).toBe('flux');
    expect(layerOf('flux-system')).toBe('flux');
    expect(layerOf('team-b')).toBe('argo');
  });

  it('counts each namespace’s objects per tool and those not ready, as the report does', () => {
    const argocd = namespacesByLayer(view).find((n) => n.namespace === 'argocd')!;
    const inArgocd = view.report.objects.filter((o) => o.ref.namespace === 'argocd');
    expect(argocd.argo + argocd.flux).toBe(inArgocd.length);
    expect(argocd.notReady).toBe(inArgocd.filter((o) => !o.ready).length);
  });

  it('a Namespace object GitOps manages takes its managers’ layer', () => {
    const namespace = {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'team-b',
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'argo-apps',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      },
    };
    const info = namespacesByLayer(platformView([namespace])).find((n) => n.namespace === 'team-b')!;
    expect(info.layer).toBe('flux');
    expect(info.managers.map(formatRef)).toEqual(['Kustomization/flux-system/argo-apps']);
  });
});
