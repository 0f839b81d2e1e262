import { twoLayerPlatform } from '@strata/core/fixtures';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type MapEdge,
  type MapElement,
  type MapGroup,
  type MapNode,
  mapData,
  namespacesIn,
} from './map-source.tsx';
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

const isGroup = (e: MapElement): e is MapGroup => 'nodes' in e;
const asNode = (e: MapElement | undefined): MapNode => {
  if (e === undefined || isGroup(e)) throw new Error('not a node');
  return e;
};
/** Every node of a group, parts opened. */
const nodesIn = (group: MapGroup): MapNode[] => group.nodes.flatMap((e) => (isGroup(e) ? nodesIn(e) : [e]));
const edgesIn = (group: MapGroup): MapEdge[] => [
  ...group.edges,
  ...group.nodes.flatMap((e) => (isGroup(e) ? edgesIn(e) : [])),
];
const strataKeyOf = (n: MapNode) => ('strata' in n.data ? n.data.strata.id : undefined);

describe('map source, one by one (a namespace filter is on)', () => {
  afterEach(cleanup);
  const { nodes, edges } = mapData(picture, 'test', ['flux-system']);
  const node = (kind: string, ns: string, name: string) => nodes.find((n) => n.id === uidOf(kind, ns, name));

  it('makes each GitOps object a Headlamp object node, id its uid, named and labelled', () => {
    const certManager = asNode(node('HelmRelease', 'flux-system', 'cert-manager'));
    expect(certManager).toMatchObject({
      label: 'cert-manager',
      subtitle: 'HelmRelease · failing · root cause',
      status: 'error',
      customResourceDefinition: 'helmreleases.helm.toolkit.fluxcd.io',
    });
    const kubeObject = certManager.kubeObject as unknown as {
      kind: string;
      metadata: { uid: string };
      cluster: string;
    };
    expect(kubeObject.kind).toBe('HelmRelease');
    expect(kubeObject.metadata.uid).toBe(certManager.id);
    expect(kubeObject.cluster).toBe('test');
    expect(nodes.every((n) => !isGroup(n) && n.label !== '' && n.subtitle !== '')).toBe(true);
    // A missing object has no uid and no Kubernetes object.
    const missing = asNode(
      nodes.find((n) => {
        const d = asNode(n).data;
        return 'strata' in d && d.strata.state === 'missing';
      }),
    );
    expect(missing.id).toMatch(/^strata:/);
    expect(missing.kubeObject).toBeUndefined();
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
    const workloads = new Set(
      objects
        .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(String(o.kind)))
        .map((o) => o.metadata.uid),
    );
    expect(manages.every((e) => workloads.has(e.target))).toBe(true);
    // Headlamp draws the workloads: strata gives no node of its own for one it only manages.
    expect(nodes.some((n) => n.id === uidOf('Deployment', 'cert-manager', 'cert-manager-webhook'))).toBe(
      false,
    );
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
    const certManager = asNode(node('HelmRelease', 'flux-system', 'cert-manager'));
    const Details = certManager.detailsComponent;
    if (Details === undefined) throw new Error('no details');
    renderInHeadlamp(<Details node={certManager} />);
    expect(screen.getByTestId('strata-map-details').textContent).toMatch(
      /HelmRelease\/flux-system\/cert-manager.*strata: failing \(InstallFailed\) · root cause/,
    );
  });
});

describe('map source, unfiltered: one labelled group', () => {
  const flat = mapData(picture, 'test', ['flux-system']);
  const { nodes, edges } = mapData(picture, 'test');
  const group = nodes[0] as MapGroup;
  const inside = nodesIn(group);
  const byKey = (key: string) => inside.find((n) => n.id === `strata:${key}`);

  it('is one group named for strata, its state the worst inside, with nothing outside it', () => {
    expect(nodes).toHaveLength(1);
    expect(edges).toEqual([]);
    expect(isGroup(group)).toBe(true);
    expect(group.label).toBe('GitOps layers');
    expect(group.subtitle).toBe(`strata · ${picture.report.rootCauses.length} root causes`);
    expect(group.status).toBe('error');
    expect(group.icon).toBeDefined();
  });

  it('holds every GitOps object of the one-by-one map, once, on strata’s own ids', () => {
    const keys = inside.map(strataKeyOf).filter((k) => k !== undefined);
    const flatKeys = flat.nodes.map((n) => strataKeyOf(asNode(n)));
    expect(new Set(keys)).toEqual(new Set(flatKeys));
    expect(keys.length).toBe(new Set(keys).size);
    // No id inside is a uid: a group's node must never share an id with a node Headlamp draws.
    expect(inside.every((n) => n.id.startsWith('strata:'))).toBe(true);
    // No node inside carries a Kubernetes object: Headlamp would file the whole group under
    // the namespace of the first one (its group-by-namespace reads a group's nodes).
    expect(inside.every((n) => n.kubeObject === undefined)).toBe(true);
    // The same verdicts as one by one.
    expect(byKey('HelmRelease/flux-system/cert-manager')).toMatchObject({
      label: 'cert-manager',
      subtitle: 'HelmRelease · failing · root cause',
      status: 'error',
    });
  });

  it('draws every edge between two of its own nodes, the manages edges to Headlamp’s own workload objects', () => {
    const ids = new Set(inside.map((n) => n.id));
    for (const e of edgesIn(group)) {
      expect(ids.has(e.source)).toBe(true);
      expect(ids.has(e.target)).toBe(true);
    }
    // A managed workload: strata's health of it, and details that name its managers.
    const webhook = byKey('Deployment/cert-manager/cert-manager-webhook');
    expect(webhook).toMatchObject({
      label: 'cert-manager-webhook',
      subtitle: 'Deployment · failing',
      status: 'error',
    });
    expect(webhook?.data).toMatchObject({
      workload: {
        state: 'failing',
        managers: [{ kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' }],
      },
    });
    expect(group.edges).toContainEqual(
      expect.objectContaining({
        label: 'manages',
        source: 'strata:HelmRelease/flux-system/cert-manager',
        target: 'strata:Deployment/cert-manager/cert-manager-webhook',
      }),
    );
    // As many manages edges as one by one: the same GitOps object → workload pairs.
    const pairs = (list: readonly MapEdge[], key: (id: string) => string) =>
      new Set(list.filter((e) => e.label === 'manages').map((e) => `${key(e.source)} ${key(e.target)}`));
    const uidToKey = new Map(
      objects.map((o) => [o.metadata.uid, `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`]),
    );
    expect(pairs(group.edges, (id) => id.slice('strata:'.length))).toEqual(
      pairs(flat.edges, (id) => uidToKey.get(id) ?? id),
    );
    // The GitOps edges point from what is needed, as one by one.
    expect(group.edges).toContainEqual(
      expect.objectContaining({
        label: 'installation',
        source: 'strata:HelmRelease/flux-system/argocd',
        target: 'strata:Deployment/argocd/argocd-repo-server',
      }),
    );
  });

  it('opens a workload’s details: strata’s health, its managers and Headlamp’s page', () => {
    const webhook = asNode(byKey('Deployment/cert-manager/cert-manager-webhook'));
    const Details = webhook.detailsComponent;
    renderInHeadlamp(<Details node={webhook} />);
    const text = screen.getByTestId('strata-map-details').textContent;
    expect(text).toContain('Deployment/cert-manager/cert-manager-webhook');
    expect(text).toMatch(/strata: failing \(\w+\)/);
    expect(text).toContain('Managed by HelmRelease/flux-system/cert-manager');
    expect(screen.getByText('Open in Headlamp').closest('a')?.getAttribute('href')).toContain(
      'cert-manager-webhook',
    );
    cleanup();
  });

  it('reads the namespace filter from the map’s address', () => {
    expect(namespacesIn('')).toEqual([]);
    expect(namespacesIn('?group=namespace')).toEqual([]);
    expect(namespacesIn('?namespace=flux-system+team-a&group=node')).toEqual(['flux-system', 'team-a']);
    expect(namespacesIn('?namespace=flux-system%20argocd')).toEqual(['flux-system', 'argocd']);
  });
});
