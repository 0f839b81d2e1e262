/**
 * strata's page for a Flux or Argo CD object: the kind's essentials and sections, the missing
 * object, the links into the page from everywhere, and the lists' columns and filter. Rendered
 * with Headlamp's own components (the SDK's lib) on the two-layer fixture.
 */

import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { timeAgo } from '@kinvolk/headlamp-plugin/lib/lib/util';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import type { ReactElement, ReactNode } from 'react';
import { Route as RouterRoute } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { primeClusterData } from '../cluster-data.ts';
import { buildPicture } from '../picture.ts';
import { renderInHeadlamp as wrap } from '../test-support.tsx';
import { essentialInfo, KindSections } from './KindDetails.tsx';
import { ObjectLink, strataRouteOf } from './ObjectLink.tsx';
import { ObjectList } from './ObjectLists.tsx';
import { GitOpsObjectPage, objectRoute } from './ObjectPage.tsx';
import { RootCauses } from './RootCauses.tsx';

const fixture = twoLayerPlatform();
const picture = buildPicture(fixture.objects, fixture.at);
const CLUSTER = 'test';
// react-router 5's class types are written against another @types/react major.
const Route = RouterRoute as unknown as (props: { path: string; children: ReactNode }) => ReactElement;

function find(kind: string, name: string) {
  const object = fixture.objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (object === undefined) throw new Error(`no ${kind} ${name}`);
  return object;
}

beforeAll(() => primeClusterData(CLUSTER, { loading: false, picture, notes: [] }));
afterEach(cleanup);

/** The essentials as Headlamp's main info section renders extraInfo rows. */
function Essentials({ object }: { object: unknown }) {
  return <CommonComponents.NameValueTable rows={essentialInfo(object, CLUSTER)} />;
}

const text = (id: string) => screen.getByTestId(id).textContent ?? '';

describe('a HelmRelease page', () => {
  const certManager = find('HelmRelease', 'cert-manager');

  it('shows chart, version, source (linked to strata’s page), release and interval', () => {
    wrap(<Essentials object={certManager} />);
    expect(text('essential-Chart')).toBe('cert-manager');
    expect(text('essential-Version')).toBe('v1.19.1');
    expect(text('essential-Release')).toBe('cert-manager/cert-manager');
    expect(text('essential-Interval')).toBe('30m0s');
    const source = within(screen.getByTestId('essential-Source')).getByRole('link');
    expect(source.textContent).toBe('HelmRepository/flux-system/jetstack');
    expect(source.getAttribute('href')).toBe('/c/test/strata/objects/HelmRepository/flux-system/jetstack');
  });

  it('shows its conditions with reasons, messages and relative times, and its release history', () => {
    wrap(<KindSections jsonData={certManager} cluster={CLUSTER} />);
    const ready = within(screen.getByTestId('conditions'))
      .getAllByRole('row')
      .find((r) => r.querySelector('td')?.textContent === 'Ready')!;
    const cells = [...ready.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells.slice(0, 3)).toEqual(['Ready', 'False', 'InstallFailed']);
    expect(cells[3]).toContain('context deadline exceeded');
    const since = (
      certManager.status as { conditions: { type: string; lastTransitionTime: string }[] }
    ).conditions.find((c) => c.type === 'Ready')!.lastTransitionTime;
    expect(cells[4]).toBe(timeAgo(since));
    const history = within(screen.getByTestId('helm-history')).getAllByRole('row').slice(1);
    expect([...history[0]!.querySelectorAll('td')].map((td) => td.textContent).slice(0, 4)).toEqual([
      '4',
      'cert-manager@v1.19.1',
      'v1.19.1',
      'failed',
    ]);
  });

  it('has no inventory section when helm-controller keeps none (before 1.5)', () => {
    wrap(<KindSections jsonData={certManager} cluster={CLUSTER} />);
    expect(screen.queryByTestId('inventory')).toBeNull();
  });

  it('shows its inventory with strata’s health of each object and what it controls', () => {
    wrap(<KindSections jsonData={find('HelmRelease', 'argocd')} cluster={CLUSTER} />);
    const inventory = screen.getByTestId('inventory');
    const objects = within(inventory).getAllByTestId('tree-object');
    const top = objects.filter((o) => o.getAttribute('data-depth') === '0').map((o) => o.textContent);
    expect(top).toContain('Deployment/argocd/argocd-repo-server');
    expect(top).toContain('StatefulSet/argocd/argocd-application-controller');
    // Deployments are read, so each has strata's §7 health.
    const repoServer = objects.find((o) => o.textContent === 'Deployment/argocd/argocd-repo-server')!;
    expect(within(repoServer.closest('tr')!).getByTestId('tree-health').textContent).toBe('ready');
  });
});

describe('a Kustomization page', () => {
  it('shows source, path, revisions applied and attempted, and an inventory linking to strata’s pages', () => {
    const ks = find('Kustomization', 'argo-apps');
    wrap(
      <>
        <Essentials object={ks} />
        <KindSections jsonData={ks} cluster={CLUSTER} />
      </>,
    );
    expect(text('essential-Path')).toBe('./clusters/prod/argo-apps');
    expect(text('essential-Revision applied')).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(text('essential-Revision attempted')).toMatch(/^main@sha1:/);
    const appsRoot = within(screen.getByTestId('inventory')).getByText('Application/argocd/apps-root');
    expect(appsRoot.closest('a')?.getAttribute('href')).toBe(
      '/c/test/strata/objects/Application/argocd/apps-root',
    );
    const state = picture.report.objects.find((o) => o.ref.name === 'apps-root')!.state;
    expect(within(appsRoot.closest('tr')!).getByTestId('tree-health').textContent).toBe(state);
  });
});

describe('a source page', () => {
  it('GitRepository: URL, ref, artifact revision and size, last fetched', () => {
    wrap(<Essentials object={find('GitRepository', 'flux-system')} />);
    expect(text('essential-URL')).toBe('https://github.com/example-org/platform-config');
    expect(text('essential-Ref')).toBe('branch main');
    expect(text('essential-Artifact revision')).toMatch(/^main@sha1:/);
    expect(text('essential-Artifact size')).toMatch(/ KiB$/);
    expect(text('essential-Last fetched')).toMatch(/^\d+[smhd]$/);
  });
});

describe('an Application page', () => {
  const payments = find('Application', 'team-a-payments');

  it('shows sync and health as two statuses, project, destination and auto-sync', () => {
    wrap(<Essentials object={payments} />);
    expect(text('essential-Sync status')).toBe('Synced');
    expect(text('essential-Health')).toBe('Degraded');
    expect(text('essential-Destination')).toBe('https://kubernetes.default.svc, namespace team-a');
    expect(within(screen.getByTestId('essential-Project')).getByRole('link').getAttribute('href')).toBe(
      '/c/test/strata/objects/AppProject/argocd/team-a',
    );
  });

  it('shows the resource tree with strata’s health of each resource, down to the crashing Pod', () => {
    wrap(<KindSections jsonData={payments} cluster={CLUSTER} />);
    const rows = within(screen.getByTestId('app-resources'))
      .getAllByTestId('tree-object')
      .map((o) => [
        o.getAttribute('data-depth'),
        o.textContent,
        within(o.closest('tr')!).getByTestId('tree-health').textContent,
      ]);
    expect(rows.map(([depth, , health]) => [depth, health])).toEqual([
      ['0', '—'],
      ['0', 'failing'],
      ['1', 'progressing'],
      ['2', 'failing'],
    ]);
    expect(rows[0]![1]).toBe('Service/team-a/payments-api');
    expect(rows[1]![1]).toBe('Deployment/team-a/payments-api');
    expect(rows[2]![1]).toMatch(/^└ ReplicaSet\/team-a\/payments-api-/);
    expect(rows[3]![1]).toMatch(/^└ Pod\/team-a\/payments-api-/);
    expect(screen.getByTestId('app-resources').textContent).toContain('CrashLoopBackOff');
  });

  it('adds Argo CD’s own health of each resource when the Application carries it (Argo CD 2)', () => {
    const headers = () =>
      within(screen.getByTestId('app-resources'))
        .getAllByRole('columnheader')
        .map((h) => h.textContent);
    wrap(<KindSections jsonData={payments} cluster={CLUSTER} />);
    expect(headers()).not.toContain('Argo CD health');
    cleanup();
    const status = payments.status as { resources: { kind?: string }[] };
    const withHealth = {
      ...payments,
      status: {
        ...status,
        resources: status.resources.map((r) =>
          r.kind === 'Deployment' ? { ...r, health: { status: 'Degraded' } } : r,
        ),
      },
    };
    wrap(<KindSections jsonData={withHealth} cluster={CLUSTER} />);
    expect(headers()).toContain('Argo CD health');
    const deployment = within(screen.getByTestId('app-resources'))
      .getByText('Deployment/team-a/payments-api')
      .closest('tr')!;
    expect(deployment.textContent).toContain('Degraded');
  });

  it('shows its sources, the last sync with each resource’s result, and the sync history', () => {
    wrap(<KindSections jsonData={payments} cluster={CLUSTER} />);
    expect(text('app-sources')).toContain('https://github.com/example-org/application-deployments');
    expect(text('app-sources')).toContain('team-a/payments');
    const lastSync = text('app-last-sync');
    expect(lastSync).toContain('Succeeded');
    expect(lastSync).toContain('by automated');
    expect(lastSync).toContain('deployment/payments-api created');
    expect(text('app-history')).toMatch(/automated/);
  });
});

/** strata's page at `path`, as Headlamp's route switcher renders it. */
function renderPage(tool: 'flux' | 'argo', path: string) {
  window.history.pushState({}, '', path);
  return wrap(
    <Route path={`/c/:cluster${objectRoute(tool)}`}>
      <GitOpsObjectPage />
    </Route>,
    path,
  );
}

describe('an object’s page while Headlamp loads the object', () => {
  afterEach(() => window.history.pushState({}, '', '/'));

  it('renders Headlamp’s details grid (its sections are asked for before the object arrives)', async () => {
    renderPage('flux', '/c/test/strata/objects/HelmRelease/flux-system/cert-manager');
    expect(await screen.findByRole('progressbar', { name: 'Loading resource data' })).toBeTruthy();
    expect(screen.queryByTestId('object-missing')).toBeNull();
  });
});

describe('a missing object', () => {
  it('says at once that it does not exist instead of loading Headlamp’s page into an error', () => {
    try {
      renderPage('argo', '/c/test/strata/objects/AppProject/argocd/team-c');
      expect(text('object-missing')).toBe(
        'AppProject/argocd/team-c does not exist in the cluster, and it is a root cause: something needs it.',
      );
    } finally {
      window.history.pushState({}, '', '/');
    }
  });
});

describe('links to Flux and Argo CD objects', () => {
  it('open strata’s page in the object’s cluster; other kinds keep Headlamp’s page', () => {
    expect(
      strataRouteOf({ kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' }, 'prod eu'),
    ).toBe('/c/prod%20eu/strata/objects/HelmRelease/flux-system/cert-manager');
    expect(strataRouteOf({ kind: 'Deployment', namespace: 'a', name: 'b' }, 'x')).toBeUndefined();
    wrap(
      <>
        <ObjectLink refTo={{ kind: 'Application', namespace: 'argocd', name: 'apps-root' }} cluster="other" />
        <ObjectLink
          refTo={{ kind: 'Deployment', namespace: 'argocd', name: 'argocd-server' }}
          cluster="test"
        />
      </>,
    );
    expect(screen.getByText('Application/argocd/apps-root').closest('a')?.getAttribute('href')).toBe(
      '/c/other/strata/objects/Application/argocd/apps-root',
    );
    expect(screen.getByText('Deployment/argocd/argocd-server').closest('a')?.getAttribute('href')).toBe(
      '/c/test/deployments/argocd/argocd-server',
    );
  });

  it('from the root causes page: the chain and "Open in Headlamp" go to strata’s pages', () => {
    wrap(<RootCauses picture={picture} cluster={CLUSTER} />);
    const first = screen.getAllByTestId('root-cause')[0]!;
    expect(within(first).getByText('Open in Headlamp').closest('a')?.getAttribute('href')).toBe(
      '/c/test/strata/objects/HelmRelease/flux-system/cert-manager',
    );
    expect(
      within(first)
        .getByText('HelmRelease/flux-system/kube-prometheus-stack')
        .closest('a')
        ?.getAttribute('href'),
    ).toBe('/c/test/strata/objects/HelmRelease/flux-system/kube-prometheus-stack');
  });
});

describe('the Flux objects list', () => {
  const rowOf = (name: string, kind: string) =>
    screen.getAllByRole('row').find((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => td.textContent);
      return cells[0] === kind && cells[2] === name;
    });

  it('has revision, suspended, managed-by (linked) and age columns, and names link to strata’s pages', () => {
    wrap(<ObjectList picture={picture} tool="flux" cluster={CLUSTER} />);
    fireEvent.change(screen.getByTestId('list-filter'), { target: { value: 'cert-manager' } });
    const row = rowOf('cert-manager', 'HelmRelease')!;
    expect(within(row).getByTestId('revision').textContent).toBe('v1.19.1');
    expect(within(row).getByText('cert-manager').closest('a')?.getAttribute('href')).toBe(
      '/c/test/strata/objects/HelmRelease/flux-system/cert-manager',
    );
    const manager = within(within(row).getByTestId('list-managed-by')).getByRole('link');
    expect(manager.getAttribute('href')).toMatch(/^\/c\/test\/strata\/objects\/Kustomization\/flux-system\//);
    expect(within(row).getByTestId('age').textContent).toMatch(/^\d+[smhd]$/);
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    for (const h of ['Revision', 'Suspended', 'Managed by', 'Age']) expect(headers).toContain(h);
  });

  it('marks a suspended object', () => {
    wrap(<ObjectList picture={picture} tool="flux" cluster={CLUSTER} />);
    fireEvent.change(screen.getByTestId('list-filter'), { target: { value: 'suspended' } });
    const suspended = picture.report.objects.filter(
      (o) =>
        o.state === 'suspended' &&
        picture.view.node(o.ref)?.tool === 'flux' &&
        !picture.view.node(o.ref)?.controller,
    );
    expect(suspended.length).toBeGreaterThan(0);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(suspended.length);
    for (const row of rows)
      expect([...row.querySelectorAll('td')].map((td) => td.textContent)).toContain('yes');
  });

  it('filters by text or by state, and says when nothing matches', () => {
    wrap(<ObjectList picture={picture} tool="flux" cluster={CLUSTER} />);
    const filter = screen.getByTestId('list-filter');
    fireEvent.change(filter, { target: { value: 'failing' } });
    const failing = picture.report.objects.filter(
      (o) =>
        o.state === 'failing' &&
        picture.view.node(o.ref)?.tool === 'flux' &&
        !picture.view.node(o.ref)?.controller,
    ).length;
    expect(screen.getAllByRole('row').slice(1)).toHaveLength(failing);
    expect(text('list-count')).toMatch(new RegExp(`^${failing} of \\d+$`));
    fireEvent.change(filter, { target: { value: 'HelmRepository' } });
    for (const row of screen.getAllByRole('row').slice(1))
      expect(row.querySelector('td')?.textContent).toBe('HelmRepository');
    fireEvent.change(filter, { target: { value: 'no-such-thing' } });
    expect(screen.getByText('Nothing matches the filter.')).toBeTruthy();
  });
});
