import { twoLayerPlatform } from '@strata/core/fixtures';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mapData } from './map-source.tsx';
import { buildPicture } from './picture.ts';
import { renderInHeadlamp } from './test-support.tsx';

// The fixture as an API server serves it: every object with a uid.
const fixture = twoLayerPlatform();
const uidOf = (kind: string, ns: string, name: string) => `uid:${kind}/${ns}/${name}`;
const objects = fixture.objects.map((o) => ({
  ...o,
  metadata: {
    ...o.metadata,
    uid: uidOf(String(o.kind), o.metadata?.namespace ?? '', String(o.metadata?.name)),
  },
}));
const picture = buildPicture(objects, fixture.at);

describe('map source', () => {
  afterEach(cleanup);
  const { nodes, edges } = mapData(picture, 'test');
  const node = (kind: string, ns: string, name: string) => nodes.find((n) => n.id === uidOf(kind, ns, name));

  it('makes each GitOps object a Headlamp object node, id its uid, named and labelled', () => {
    const certManager = node('HelmRelease', 'flux-system', 'cert-manager');
    expect(certManager).toMatchObject({
      label: 'cert-manager',
      subtitle: 'HelmRelease · failing · root cause',
      status: 'error',
      customResourceDefinition: 'helmreleases.helm.toolkit.fluxcd.io',
    });
    const kubeObject = certManager?.kubeObject as {
      kind: string;
      metadata: { uid: string };
      cluster: string;
    };
    expect(kubeObject.kind).toBe('HelmRelease');
    expect(kubeObject.metadata.uid).toBe(certManager?.id);
    expect(kubeObject.cluster).toBe('test');
    // Every node is named: no group of them is an unlabelled card.
    expect(nodes.every((n) => n.label !== '' && n.subtitle !== '')).toBe(true);
    // A missing object has no uid and no Kubernetes object.
    const missing = nodes.find((n) => n.data.strata.state === 'missing');
    expect(missing?.id).toMatch(/^strata:/);
    expect(missing?.kubeObject).toBeUndefined();
  });

  it('joins GitOps objects to the workloads they manage, on Headlamp’s own workload node ids', () => {
    const manages = edges.filter((e) => e.label === 'manages');
    expect(manages.length).toBeGreaterThan(0);
    expect(manages).toContainEqual(
      expect.objectContaining({
        source: uidOf('HelmRelease', 'flux-system', 'cert-manager'),
        target: uidOf('Deployment', 'cert-manager', 'cert-manager-webhook'),
      }),
    );
    const deployments = new Set(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.uid));
    expect(
      manages.every(
        (e) =>
          deployments.has(e.target) ||
          e.target.startsWith('uid:StatefulSet') ||
          e.target.startsWith('uid:DaemonSet'),
      ),
    ).toBe(true);
    // The GitOps edges run between the objects' uids, from what is needed.
    expect(edges).toContainEqual(
      expect.objectContaining({
        label: 'dependsOn',
        source: uidOf('HelmRelease', 'flux-system', 'cert-manager'),
        target: uidOf('HelmRelease', 'flux-system', 'kube-prometheus-stack'),
      }),
    );
  });

  it('opens a node’s details with strata’s verdict and a link to its page', () => {
    const certManager = node('HelmRelease', 'flux-system', 'cert-manager')!;
    const Details = certManager.detailsComponent;
    renderInHeadlamp(<Details node={certManager} />);
    expect(screen.getByTestId('strata-map-details').textContent).toMatch(
      /HelmRelease\/flux-system\/cert-manager.*strata: failing \(InstallFailed\) · root cause/,
    );
  });
});
