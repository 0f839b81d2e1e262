import { describe, expect, it } from 'vitest';
import { formatRef, type Ref } from '../ref.ts';
import { managedBy, managerChain } from './managers.ts';
import { platformView } from './platform-view.test-support.ts';

const certManager: Ref = { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' };
const infraCertManager: Ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'infra-cert-manager' };
const fluxSystem: Ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'flux-system' };

function rawOf(view: ReturnType<typeof platformView>, name: string): unknown {
  return [...view.allObjects()].find((o) => (o as { metadata: { name: string } }).metadata.name === name);
}

describe('managerChain', () => {
  it('climbs from an object to the Kustomization that manages itself, level by level', () => {
    const view = platformView();
    const chain = managerChain(view, view.node(certManager)?.object.raw);
    expect(chain?.ownership.layer).toBe('flux');
    expect(chain?.levels.map((level) => level.map((m) => `${formatRef(m.ref)} via ${m.via}`))).toEqual([
      ['Kustomization/flux-system/infra-cert-manager via label'],
      ['Kustomization/flux-system/flux-system via label'],
    ]);
    const top = chain?.managers[0];
    expect(top?.ref).toEqual(infraCertManager);
    expect(top?.managers[0]?.ref).toEqual(fluxSystem);
    // flux-system manages itself: listed, marked, and not climbed again.
    expect(top?.managers[0]?.managers).toEqual([
      { type: 'Kustomization', ref: fluxSystem, via: 'label', seen: 'self', managers: [] },
    ]);
  });

  it('names a plain Helm release and climbs no further', () => {
    const view = platformView();
    const chain = managerChain(view, rawOf(view, 'metrics-server'));
    expect(chain?.managers.map((m) => [m.type, m.ref.name, m.managers.length])).toEqual([
      ['helm', 'metrics-server', 0],
    ]);
    expect(chain?.levels).toHaveLength(1);
  });

  it('lists every manager of a contested object, each once', () => {
    const view = platformView();
    const chain = managerChain(view, rawOf(view, 'cluster-info'));
    expect(chain?.ownership.layer).toBe('both');
    const keys = chain?.levels.flat().map((m) => formatRef(m.ref)) ?? [];
    expect(keys).toContain('Application/argocd/team-a-frontend');
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reads nothing from what is not an object', () => {
    expect(managerChain(platformView(), { hello: 'world' })).toBeUndefined();
  });
});

describe('managedBy', () => {
  it('lists what a manager manages, sorted, and nothing for what manages nothing', () => {
    const view = platformView();
    expect(managedBy(view, infraCertManager).map(formatRef)).toEqual([
      'HelmRelease/flux-system/cert-manager',
      'HelmRelease/flux-system/trust-manager',
    ]);
    expect(
      managedBy(view, { kind: 'Application', namespace: 'argocd', name: 'team-a-frontend' }).map(formatRef),
    ).toEqual(['ConfigMap/team-a/cluster-info', 'Deployment/team-a/frontend', 'Service/team-a/frontend']);
    expect(
      managedBy(view, certManager)
        .filter((r) => r.kind === 'Deployment')
        .map((r) => r.name),
    ).toEqual(['cert-manager', 'cert-manager-cainjector', 'cert-manager-webhook']);
    expect(managedBy(view, { kind: 'Kustomization', namespace: 'flux-system', name: 'nothing' })).toEqual([]);
  });

  it('is built once per view: a later view sees what changed', () => {
    const view = platformView();
    expect(managedBy(view, infraCertManager)).toBe(managedBy(view, infraCertManager));
    const extra = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'extra',
        namespace: 'flux-system',
        labels: {
          'kustomize.toolkit.fluxcd.io/name': 'infra-cert-manager',
          'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
        },
      },
    };
    expect(managedBy(platformView([extra]), infraCertManager).map((r) => r.name)).toEqual([
      'extra',
      'cert-manager',
      'trust-manager',
    ]);
  });
});
