import { localeDate, timeAgo } from '@kinvolk/headlamp-plugin/lib/lib/util';
import { fluxKustomization, twoLayerPlatform } from '@strata/core/fixtures';
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { buildPicture, formatRef } from '../picture.ts';
import { renderInHeadlamp as wrap } from '../test-support.tsx';
import { DependencyGraph } from './DependencyGraph.tsx';
import { ManagedBy } from './ManagedBy.tsx';
import { ObjectList } from './ObjectLists.tsx';
import { Overview } from './Overview.tsx';
import { RootCauses } from './RootCauses.tsx';

const fixture = twoLayerPlatform();
const picture = buildPicture(fixture.objects, fixture.at);

describe('Root causes page', () => {
  it('lists the roots ranked by blast radius, cert-manager first, with its chain and evidence', () => {
    wrap(<RootCauses picture={picture} />);
    const refs = screen.getAllByTestId('root-cause-ref').map((e) => e.textContent);
    expect(refs[0]).toBe('HelmRelease/flux-system/cert-manager');
    expect(refs.length).toBe(picture.report.rootCauses.length);
    const first = screen.getAllByTestId('root-cause')[0]!;
    expect(within(first).getByText('blocks 5')).toBeTruthy();
    expect(within(first).getByText('HelmRelease/flux-system/kube-prometheus-stack')).toBeTruthy();
    expect(within(first).getByText('Kustomization/flux-system/gateway')).toBeTruthy();
    const evidence = within(first)
      .getAllByTestId('evidence')
      .map((e) => e.textContent);
    expect(evidence.some((t) => t?.startsWith('Pod/cert-manager/cert-manager-webhook'))).toBe(true);
  });
});

describe('Root causes page counts', () => {
  it('counts not ready as core does: a suspended object that is failing is not ready', () => {
    const objects = fixture.objects.map((o) =>
      o.kind === 'HelmRelease' && o.metadata.name === 'cert-manager'
        ? { ...o, spec: { ...(o.spec as object), suspend: true } }
        : o,
    );
    const suspended = buildPicture(objects, fixture.at);
    expect(suspended.report.objects.filter((o) => o.state === 'suspended' && !o.ready)).toHaveLength(1);
    const notReady = suspended.report.objects.filter((o) => !o.ready).length;
    const page = within(wrap(<RootCauses picture={suspended} />).container);
    const count = `${notReady} of ${suspended.report.objects.length} not ready`;
    expect(page.getByText(new RegExp(`^${count}`))).toBeTruthy();
  });
});

describe('Times', () => {
  it('are relative, as Headlamp shows them, with the timestamp on hover', async () => {
    const root = picture.report.rootCauses[0]!;
    expect(root.since).toBeDefined();
    const page = within(wrap(<RootCauses picture={picture} />).container);
    const since = within(page.getAllByTestId('root-cause')[0]!).getByTestId('since');
    expect(since.textContent).toBe(timeAgo(root.since!));
    fireEvent.mouseOver(since.firstElementChild!);
    expect((await screen.findByRole('tooltip')).textContent).toBe(localeDate(root.since!));
    // The lists show the same for each object that is not ready.
    const list = within(wrap(<ObjectList picture={picture} tool="flux" />).container);
    const certManager = list.getAllByRole('row').find((r) => {
      const [kind, , name] = [...r.querySelectorAll('td')].map((td) => td.textContent);
      return kind === 'HelmRelease' && name === 'cert-manager';
    })!;
    expect(within(certManager).getByTestId('since').textContent).toBe(timeAgo(root.since!));
  });
});

describe('A missing root', () => {
  it('says at once that it is not in the cluster instead of linking to a page that cannot load', () => {
    const missing = picture.report.rootCauses.find((r) => r.state === 'missing')!;
    expect(formatRef(missing.ref)).toBe('AppProject/argocd/team-c');
    const page = within(wrap(<RootCauses picture={picture} />).container);
    const root = page
      .getAllByTestId('root-cause')
      .find((r) => within(r).getByTestId('root-cause-ref').textContent === 'AppProject/argocd/team-c')!;
    expect(within(root).getByTestId('missing-root').textContent).toContain(
      'AppProject/argocd/team-c does not exist in the cluster',
    );
    expect(within(root).queryByText('Open in Headlamp')).toBeNull();
    // The Argo CD list names it as its applications' root cause without a link.
    const list = within(wrap(<ObjectList picture={picture} tool="argo" />).container);
    const cells = list.getAllByTestId('missing-object');
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.textContent).toBe('AppProject/argocd/team-c (not in the cluster)');
      expect(cell.closest('a')).toBeNull();
    }
  });
});

describe('Overview page', () => {
  it('shows both layers with counts and the Flux → Argo CD boundary', () => {
    wrap(<Overview picture={picture} />);
    const flux = screen.getByTestId('layer-Flux (platform)');
    expect(within(flux).getByText(`${picture.report.summary.flux.total} objects`)).toBeTruthy();
    const argo = screen.getByTestId('layer-Argo CD (applications)');
    expect(within(argo).getByText(`${picture.report.summary.argo.notReady} not ready`)).toBeTruthy();
    expect(screen.getByTestId('root-cause-count').textContent).toBe(String(picture.report.rootCauses.length));
    expect(screen.getAllByText('installation').length).toBeGreaterThan(0);
    expect(screen.getByText('Namespaces by owning tool')).toBeTruthy();
  });

  it('shows each direction of the boundary under its own heading, read from the acting layer', () => {
    // An Application that applies a Flux Kustomization (core's E8 `applies`, Argo CD → Flux).
    const applied = fluxKustomization({
      name: 'team-c-flux',
      path: './team-c',
      managedBy: { argoApp: 'apps-root' },
    });
    const page = within(
      wrap(<Overview picture={buildPicture([...fixture.objects, applied], fixture.at)} />).container,
    );
    const rows = (direction: string) =>
      within(page.getByTestId(`boundary-${direction}`))
        .getAllByRole('row')
        .slice(1)
        .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    const fluxToArgo = rows('flux-argo');
    expect(fluxToArgo).toContainEqual([
      'HelmRelease/flux-system/argocd',
      'installation',
      'StatefulSet/argocd/argocd-application-controller',
    ]);
    expect(fluxToArgo).toContainEqual([
      'Kustomization/flux-system/argo-apps',
      'parent',
      'Application/argocd/apps-root',
    ]);
    // Core has two edges for the pair, E3 (the Kustomization's parent) and E8 (what the
    // Application applies); the boundary is one link per pair, as in the terminal UI.
    expect(rows('argo-flux')).toEqual([
      ['Application/argocd/apps-root', 'applies', 'Kustomization/flux-system/team-c-flux'],
    ]);
  });
});

describe('Dependency graph', () => {
  it('draws every node, with failing paths marked', () => {
    const { container } = wrap(<DependencyGraph picture={picture} onOpen={() => undefined} />);
    const nodes = screen.getAllByTestId('graph-node');
    expect(nodes.length).toBeGreaterThan(30);
    const certManager = nodes.find((n) => n.getAttribute('data-key')?.includes('cert-manager'));
    expect(certManager).toBeTruthy();
    expect(container.querySelectorAll('path[data-failing="true"]').length).toBeGreaterThan(3);
    expect(container.querySelectorAll('path[data-edge-type="installation"]').length).toBeGreaterThan(0);
  });
});

describe('Managed by', () => {
  it('shows the manager chain of a Pod up through its Deployment to Flux', () => {
    const pod = fixture.objects.find(
      (o) => o.kind === 'Pod' && String(o.metadata?.name).startsWith('cert-manager-webhook'),
    );
    wrap(<ManagedBy picture={picture} object={pod} />);
    const section = screen.getByTestId('managed-by');
    expect(section.textContent).toContain('HelmRelease/flux-system/cert-manager');
    expect(screen.getAllByTestId('manager').length).toBeGreaterThan(1);
  });
});

describe('Flux objects list', () => {
  const flux = (apiVersion: string, kind: string, name: string, spec: object, conditions?: object[]) => ({
    apiVersion,
    kind,
    metadata: { name, namespace: 'flux-system', generation: 1 },
    spec,
    ...(conditions === undefined ? {} : { status: { observedGeneration: 1, conditions } }),
  });
  const ready = [{ type: 'Ready', status: 'True', reason: 'Succeeded', message: 'ok' }];
  const v3 = [
    flux('image.toolkit.fluxcd.io/v1', 'ImageRepository', 'podinfo', {}, ready),
    flux(
      'image.toolkit.fluxcd.io/v1',
      'ImagePolicy',
      'podinfo',
      { imageRepositoryRef: { name: 'podinfo' } },
      ready,
    ),
    flux(
      'image.toolkit.fluxcd.io/v1',
      'ImageUpdateAutomation',
      'apps',
      { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
      ready,
    ),
    flux('notification.toolkit.fluxcd.io/v1', 'Receiver', 'github', {}, ready),
    flux('notification.toolkit.fluxcd.io/v1beta3', 'Alert', 'on-call', { providerRef: { name: 'slack' } }),
    flux('notification.toolkit.fluxcd.io/v1beta3', 'Provider', 'slack', {}),
    flux('fluxcd.controlplane.io/v1', 'ResourceSetInputProvider', 'prs', {}, ready),
  ];

  it('lists the image automation, notification and input-provider kinds with the other Flux objects', () => {
    const apps = flux('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'apps', {}, ready);
    // A small picture: the table pages through larger ones.
    wrap(<ObjectList picture={buildPicture([apps, ...v3], fixture.at)} tool="flux" />);
    for (const kind of [
      'Kustomization',
      'ImageRepository',
      'ImagePolicy',
      'ImageUpdateAutomation',
      'Receiver',
      'Alert',
      'Provider',
      'ResourceSetInputProvider',
    ]) {
      expect(screen.getAllByText(kind).length, kind).toBeGreaterThan(0);
    }
  });
});
