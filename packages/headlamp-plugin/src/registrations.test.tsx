/**
 * What index.tsx registers with Headlamp, exercised the way Headlamp calls it: the header
 * actions (confirmation, the core's merge patch through ApiProxy, RBAC and the core's reasons),
 * the Managed-by table column, the map source, the details section, and one picture per cluster.
 * ApiProxy and the register functions are mocked; everything else is Headlamp's own lib.
 */
import { availableActions, planAction } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SnackbarProvider } from 'notistack';
import type { ReactNode } from 'react';
import { matchPath } from 'react-router-dom';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadClusterData, peekClusterData, primeClusterData, stopClusterData } from './cluster-data.ts';
import { ClusterPicture } from './components/Pages.tsx';
import { FakeApi } from './fake-api.test-support.ts';
import { buildPicture } from './picture.ts';
import { renderInHeadlamp } from './test-support.tsx';

const mocks = vi.hoisted(() => ({
  request: vi.fn(),
  stream: vi.fn(),
  registered: {} as Record<string, unknown[][]>,
}));

vi.mock('@kinvolk/headlamp-plugin/lib', async (importOriginal) => {
  const original = await importOriginal<typeof import('@kinvolk/headlamp-plugin/lib')>();
  const recorder =
    (name: string) =>
    (...args: unknown[]) => {
      mocks.registered[name] = [...(mocks.registered[name] ?? []), args];
    };
  return {
    ...original,
    ApiProxy: { ...original.ApiProxy, request: mocks.request, stream: mocks.stream },
    registerSidebarEntry: recorder('registerSidebarEntry'),
    registerRoute: recorder('registerRoute'),
    registerDetailsViewSection: recorder('registerDetailsViewSection'),
    registerDetailsViewHeaderAction: recorder('registerDetailsViewHeaderAction'),
    registerResourceTableColumnsProcessor: recorder('registerResourceTableColumnsProcessor'),
    registerMapSource: recorder('registerMapSource'),
  };
});

const fixture = twoLayerPlatform();
const picture = buildPicture(fixture.objects, fixture.at);
const CLUSTER = 'test'; // renderInHeadlamp's URL is /c/test/…

function find(kind: string, namespace: string, name: string) {
  const object = fixture.objects.find(
    (o) => o.kind === kind && o.metadata?.namespace === namespace && o.metadata?.name === name,
  );
  if (object === undefined) throw new Error(`no ${kind}/${namespace}/${name} in the fixture`);
  return object;
}

/** The first registration of `name`, by argument. */
function registered<T>(name: string): T {
  const calls = mocks.registered[name];
  if (calls === undefined || calls.length === 0) throw new Error(`${name} was not called`);
  return calls[0]![0] as T;
}

beforeAll(async () => {
  primeClusterData(CLUSTER, { loading: false, picture, notes: [] });
  await import('./index.tsx');
});

afterEach(() => {
  cleanup();
  mocks.request.mockReset();
  mocks.stream.mockReset();
});

// ---- header actions ----------------------------------------------------------------------------

type HeaderAction = (props: { item?: unknown }) => ReactNode;

/** Actions on a cluster of their own, away from the primed one. */
const ACTIONS_CLUSTER = 'actions';

function itemOf(jsonData: unknown, allowed: boolean | 'throws') {
  return {
    jsonData,
    cluster: ACTIONS_CLUSTER,
    getAuthorization: vi.fn(async (verb: string) => {
      if (allowed === 'throws') throw new Error('no SelfSubjectAccessReview');
      return { status: { allowed: allowed && verb === 'patch' } };
    }),
  };
}

function renderAction(item: unknown) {
  const Action = registered<HeaderAction>('registerDetailsViewHeaderAction');
  // Headlamp's app shell provides the snackbars the actions report in.
  return renderInHeadlamp(
    <SnackbarProvider>
      <Action item={item} />
    </SnackbarProvider>,
  );
}

describe('header actions', () => {
  const certManager = find('HelmRelease', 'flux-system', 'cert-manager');

  it('asks for confirmation naming the object, then runs the core’s protocol through ApiProxy', async () => {
    mocks.request.mockImplementation(async (path: string, options?: { method?: string }) => {
      if (options?.method === 'POST') return { status: { userInfo: { username: 'alice' } } };
      if (options?.method === 'PATCH') return {};
      return path.endsWith('/cert-manager') ? certManager : {};
    });
    const item = itemOf(certManager, true);
    renderAction(item);
    const reconcile = await screen.findByRole('button', { name: 'Reconcile' });
    expect(item.getAuthorization).toHaveBeenCalledWith('patch');
    fireEvent.click(reconcile);
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Reconcile HelmRelease/flux-system/cert-manager?')).toBeTruthy();
    const sent = () =>
      mocks.request.mock.calls.filter((c) => c[1]?.method === 'PATCH' || c[1]?.method === 'POST');
    expect(sent()).toEqual([]); // nothing is sent before confirming
    const before = mocks.request.mock.calls.length;
    fireEvent.click(within(dialog).getByRole('button', { name: 'confirm-button' }));
    await waitFor(() => expect(mocks.request.mock.calls.some((c) => c[1]?.method === 'PATCH')).toBe(true));
    const patchCall = mocks.request.mock.calls.find((c) => c[1]?.method === 'PATCH')!;
    const [path, options] = patchCall as [string, { body: string; headers: Record<string, string> }];
    expect(path).toBe('/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/cert-manager');
    expect(options).toMatchObject({
      method: 'PATCH',
      cluster: ACTIONS_CLUSTER,
      headers: { 'Content-Type': 'application/merge-patch+json' },
    });
    // The body is exactly the core's plan for the time it was sent.
    const body = JSON.parse(options.body) as { metadata: { annotations: Record<string, string> } };
    const at = body.metadata.annotations['reconcile.fluxcd.io/requestedAt']!;
    const plan = planAction('reconcile', certManager, { at, user: 'alice' });
    expect(plan.ok).toBe(true);
    expect(body).toEqual(plan.ok ? plan.patch : undefined);
    // The result is Headlamp's snackbar, not text in the header.
    expect(
      await screen.findByText(/^Request reconciliation of HelmRelease\/flux-system\/cert-manager/),
    ).toBeTruthy();
    // The picture follows the patch through its watch: nothing is listed again (the protocol
    // reads the one object, asks who the user is and patches it).
    const paths = mocks.request.mock.calls.slice(before).map((c) => String(c[0]));
    expect(paths.filter((p) => !p.endsWith('/cert-manager') && !p.includes('selfsubjectreviews'))).toEqual(
      [],
    );
  });

  it('cancelling the confirmation sends nothing', async () => {
    renderAction(itemOf(certManager, true));
    fireEvent.click(await screen.findByRole('button', { name: 'Suspend' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'cancel-button' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(mocks.request.mock.calls.filter((c) => c[1]?.method !== undefined)).toEqual([]);
  });

  it('is disabled with the core’s reason when an action does not apply', async () => {
    renderAction(itemOf(certManager, true));
    const resume = await screen.findByRole('button', { name: 'Resume' });
    const reason = availableActions(certManager).find((a) => a.action === 'resume');
    expect(reason).toMatchObject({ enabled: false, reason: 'not suspended' });
    expect((resume as HTMLButtonElement).disabled).toBe(true);
    expect(resume.getAttribute('title')).toBe('not suspended');
    expect((screen.getByRole('button', { name: 'Reconcile' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('offers refresh and sync on an Argo CD Application', async () => {
    const app = fixture.objects.find((o) => o.kind === 'Application')!;
    renderAction(itemOf(app, true));
    expect(await screen.findByRole('button', { name: 'Refresh' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sync' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reconcile' })).toBeNull();
  });

  it.each([
    ['denies', false],
    ['fails', 'throws'],
  ] as const)('is hidden when Headlamp’s authorization check %s', async (_, allowed) => {
    const item = itemOf(certManager, allowed);
    const { container } = renderAction(item);
    await waitFor(() => expect(item.getAuthorization).toHaveBeenCalledWith('patch'));
    await act(async () => undefined);
    expect(container.querySelectorAll('button').length).toBe(0);
  });

  it('shows nothing on objects that are not Flux or Argo CD objects', async () => {
    const pod = fixture.objects.find((o) => o.kind === 'Pod')!;
    const item = itemOf(pod, true);
    const { container } = renderAction(item);
    await act(async () => undefined);
    expect(item.getAuthorization).not.toHaveBeenCalled();
    expect(container.querySelectorAll('button').length).toBe(0);
  });
});

// ---- Managed-by column -----------------------------------------------------------------------

interface Column {
  id?: string;
  label?: string;
  getValue?: (item: unknown) => unknown;
  render?: (item: unknown) => ReactNode;
}
type ColumnsProcessor = (args: { id: string; columns: (Column | string)[] }) => (Column | string)[];

describe('Managed-by table column', () => {
  const pod = fixture.objects.find(
    (o) => o.kind === 'Pod' && String(o.metadata?.name).startsWith('cert-manager-webhook'),
  )!;

  it('adds the column after Headlamp’s own columns of a resource table', () => {
    const processor = registered<ColumnsProcessor>('registerResourceTableColumnsProcessor');
    const columns = processor({ id: 'headlamp-pods', columns: ['name', 'namespace', { label: 'Age' }] });
    expect(columns.slice(0, 3)).toEqual(['name', 'namespace', { label: 'Age' }]);
    expect(columns).toHaveLength(4);
    expect(columns[3]).toMatchObject({ id: 'strata-managed-by', label: 'Managed by' });
  });

  it('renders and sorts by the manager of a row', () => {
    const processor = registered<ColumnsProcessor>('registerResourceTableColumnsProcessor');
    const column = processor({ id: 'headlamp-pods', columns: [] })[0] as Column;
    const row = { jsonData: pod, cluster: CLUSTER };
    expect(column.getValue!(row)).toBe('HelmRelease/flux-system/cert-manager');
    renderInHeadlamp(column.render!(row));
    // The manager is a link to strata's page for it (Headlamp's generic page shows no strata sections).
    expect(screen.getByText('HelmRelease/flux-system/cert-manager').closest('a')?.getAttribute('href')).toBe(
      '/c/test/strata/objects/HelmRelease/flux-system/cert-manager',
    );
    const release = {
      jsonData: find('HelmRelease', 'flux-system', 'kube-prometheus-stack'),
      cluster: CLUSTER,
    };
    expect(column.getValue!(release)).toMatch(/Kustomization\/flux-system\//);
  });

  it('is empty for a cluster strata has not read yet', () => {
    const processor = registered<ColumnsProcessor>('registerResourceTableColumnsProcessor');
    const column = processor({ id: 'headlamp-pods', columns: [] })[0] as Column;
    expect(column.getValue!({ jsonData: pod, cluster: 'never-read' })).toBe('');
  });
});

// ---- map source ------------------------------------------------------------------------------

interface MapNodeData {
  id: string;
  label: string;
  status?: string;
  data?: { strata: { id: string } };
  nodes?: MapNodeData[];
  edges?: MapData['edges'];
}
interface MapData {
  nodes: MapNodeData[];
  edges: { id: string; source: string; target: string; label: string }[];
}

/** Calls the registered map source's hook the way Headlamp's map does. */
function MapProbe({ onData }: { onData: (data: MapData | null) => void }) {
  const source = registered<{ id: string; useData(): MapData | null }>('registerMapSource');
  onData(source.useData());
  return null;
}

describe('map source', () => {
  it('gives the fixture’s nodes and edges in one labelled group: the Flux → Argo CD installation edge and dependsOn', () => {
    let data: MapData | null = null;
    renderInHeadlamp(<MapProbe onData={(d) => (data = d)} />);
    expect(data).not.toBeNull();
    const { nodes: top, edges: topEdges } = data as unknown as MapData;
    expect(top).toHaveLength(1);
    expect(topEdges).toEqual([]);
    const group = top[0] as MapNodeData;
    expect(group.label).toBe('GitOps layers');
    const nodes = group.nodes ?? [];
    const edges = group.edges ?? [];
    const ids = new Set(nodes.map((n) => n.id));
    for (const e of edges) {
      expect(ids.has(e.source)).toBe(true);
      expect(ids.has(e.target)).toBe(true);
    }
    const idOf = (key: string) =>
      nodes.find((n) => n.data?.strata.id === key || n.id === `strata:${key}`)?.id;
    const edge = (type: string, source: string, target: string) =>
      edges.find((e) => e.label === type && e.source === idOf(source) && e.target === idOf(target));
    // Flux's HelmRelease installs Argo CD's controllers.
    expect(
      edge('installation', 'HelmRelease/flux-system/argocd', 'Deployment/argocd/argocd-repo-server'),
    ).toBeTruthy();
    // kube-prometheus-stack dependsOn cert-manager: the map points from what is needed.
    expect(
      edge(
        'dependsOn',
        'HelmRelease/flux-system/cert-manager',
        'HelmRelease/flux-system/kube-prometheus-stack',
      ),
    ).toBeTruthy();
    expect(nodes.find((n) => n.id === idOf('HelmRelease/flux-system/cert-manager'))?.status).toBe('error');
    expect(edges.some((e) => e.label === 'controller')).toBe(false);
  });
});

// ---- details section -------------------------------------------------------------------------

type DetailsSection = (props: { resource: unknown }) => ReactNode;

describe('details section of a Flux object', () => {
  function renderSection(jsonData: unknown) {
    const Section = registered<DetailsSection>('registerDetailsViewSection');
    return renderInHeadlamp(<Section resource={{ jsonData, cluster: CLUSTER }} />);
  }

  it('a root cause: upstream, downstream and its §7 evidence, linked to Headlamp’s pages', () => {
    renderSection(find('HelmRelease', 'flux-system', 'cert-manager'));
    expect(screen.getByTestId('object-root-causes').textContent).toContain('itself a root cause');
    expect(screen.getByTestId('object-downstream').textContent).toContain(
      'HelmRelease/flux-system/kube-prometheus-stack',
    );
    expect(screen.getByTestId('object-upstream').textContent).toContain('HelmChart/flux-system/');
    const evidence = within(screen.getByTestId('object-evidence')).getAllByTestId('evidence');
    const pod = evidence.find((e) => e.textContent?.startsWith('Pod/cert-manager/cert-manager-webhook'));
    expect(pod?.querySelector('a')?.getAttribute('href')).toMatch(
      /^\/c\/test\/pods\/cert-manager\/cert-manager-webhook-/,
    );
  });

  it('a blocked object: its root cause, and the evidence inside that root', () => {
    renderSection(find('HelmRelease', 'flux-system', 'kube-prometheus-stack'));
    const roots = screen.getByTestId('object-root-causes');
    expect(roots.textContent).toContain('HelmRelease/flux-system/cert-manager');
    expect(roots.querySelector('a')?.getAttribute('href')).toBe(
      '/c/test/strata/objects/HelmRelease/flux-system/cert-manager',
    );
    expect(screen.getByTestId('object-upstream').textContent).toContain(
      'HelmRelease/flux-system/cert-manager',
    );
    expect(screen.getByTestId('object-evidence').textContent).toContain(
      'Pod/cert-manager/cert-manager-webhook',
    );
  });

  it('a ready object shows no evidence', () => {
    const ready = picture.report.objects.find((o) => o.state === 'ready' && o.ref.kind === 'HelmRelease')!;
    renderSection(find('HelmRelease', ready.ref.namespace!, ready.ref.name));
    expect(screen.getByTestId('object-root-causes').textContent).toBe('none (ready)');
    expect(screen.queryByTestId('object-evidence')).toBeNull();
  });
});

// ---- strata's page for a GitOps object ---------------------------------------------------------

describe("strata's page for a Flux or Argo CD object", () => {
  const routes = () =>
    (mocks.registered.registerRoute ?? []).map(
      (c) => c[0] as { path: string; name: string; sidebar: string },
    );
  /** The registered routes a URL path matches, the way Headlamp's route switcher matches them. */
  const matching = (path: string) =>
    routes().filter((r) => matchPath(path, { path: r.path, exact: true }) !== null);

  it('highlights its own tool’s sidebar entry: Flux objects or Argo CD applications', () => {
    for (const path of [
      '/strata/objects/HelmRelease/flux-system/cert-manager',
      '/strata/objects/GitRepository/flux-system/platform',
    ])
      expect(matching(path).map((r) => r.sidebar)).toEqual(['strata-flux']);
    for (const path of [
      '/strata/objects/Application/argocd/apps-root',
      '/strata/objects/ApplicationSet/argocd/team-b-previews',
      '/strata/objects/AppProject/argocd/team-a',
    ])
      expect(matching(path).map((r) => r.sidebar)).toEqual(['strata-argo']);
    expect(matching('/strata/objects/Deployment/argocd/argocd-server')).toEqual([]);
  });

  it('is a route, linked from the header of Headlamp’s own page of the object', () => {
    expect(matching('/strata/objects/HelmRelease/flux-system/cert-manager')).toHaveLength(1);
    const Link = mocks.registered.registerDetailsViewHeaderAction![1]![0] as HeaderAction;
    renderInHeadlamp(<Link item={{ jsonData: find('HelmRelease', 'flux-system', 'cert-manager') }} />);
    // jsdom has no cluster in window.location; the browser test checks the /c/<cluster> prefix.
    expect(screen.getByTestId('gitops-details-link').closest('a')?.getAttribute('href')).toMatch(
      /^(\/c\/test)?\/strata\/objects\/HelmRelease\/flux-system\/cert-manager$/,
    );
  });

  it('is not linked from other kinds', () => {
    const Link = mocks.registered.registerDetailsViewHeaderAction![1]![0] as HeaderAction;
    renderInHeadlamp(<Link item={{ jsonData: fixture.objects.find((o) => o.kind === 'Pod') }} />);
    expect(screen.queryByTestId('gitops-details-link')).toBeNull();
  });
});

// ---- several clusters ------------------------------------------------------------------------

/** Fake API servers behind ApiProxy: cluster "both" serves Flux and Argo CD with the fixture, "plain" neither. */
function fakeClusters(): Record<string, FakeApi> {
  const plain = new FakeApi([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }], {
    gitops: false,
  });
  const apis: Record<string, FakeApi> = {
    both: new FakeApi(fixture.objects as unknown as Record<string, unknown>[]),
    plain,
  };
  mocks.request.mockImplementation((path: string, options: { cluster: string }) =>
    apis[options.cluster]!.request(path, options),
  );
  mocks.stream.mockImplementation(
    (url: string, cb: (e: unknown) => void, args: { cluster: string; failCb?: () => void }) =>
      apis[args.cluster]!.stream(url, cb, args),
  );
  return apis;
}

describe('several clusters', () => {
  afterEach(() => {
    stopClusterData('both');
    stopClusterData('plain');
  });

  it('keeps one picture per cluster, each read with its own cluster name', async () => {
    fakeClusters();
    await Promise.all([loadClusterData('both'), loadClusterData('plain')]);
    const clustersAsked = new Set(
      mocks.request.mock.calls.map((c) => (c[1] as { cluster?: string }).cluster),
    );
    expect(clustersAsked).toEqual(new Set(['both', 'plain']));
    const both = peekClusterData('both')!;
    const plain = peekClusterData('plain')!;
    expect(both.picture?.served).toEqual({ flux: true, argo: true });
    expect(both.picture?.report.rootCauses[0]?.ref.name).toBe('cert-manager');
    expect(plain.picture?.served).toEqual({ flux: false, argo: false });
    expect(plain.picture?.report.objects).toHaveLength(0);
    // The test cluster's primed picture is untouched.
    expect(peekClusterData(CLUSTER)?.picture).toBe(picture);
  });

  it('a cluster without Flux or Argo CD says so; one with them shows its picture', async () => {
    fakeClusters();
    await Promise.all([loadClusterData('both'), loadClusterData('plain')]);
    renderInHeadlamp(<ClusterPicture cluster="plain" showName body={() => <span>body</span>} />);
    expect(screen.getByTestId('no-gitops').textContent).toContain('neither Flux nor Argo CD');
    expect(screen.getByText('Cluster plain')).toBeTruthy();
    expect(screen.queryByText('body')).toBeNull();
    renderInHeadlamp(
      <ClusterPicture
        cluster="both"
        showName
        body={(p) => <span>{p.report.rootCauses.length} roots</span>}
      />,
    );
    expect(screen.getByText(`${picture.report.rootCauses.length} roots`)).toBeTruthy();
  });

  it('names a list RBAC forbids above the page and keeps the rest', async () => {
    fakeClusters().both!.forbidden.add('Deployment');
    await loadClusterData('both');
    expect(peekClusterData('both')?.notes).toEqual(['Deployment: forbidden']);
    renderInHeadlamp(<ClusterPicture cluster="both" showName={false} body={() => <span>body</span>} />);
    expect(screen.getByText(/Not visible \(RBAC or not served\): Deployment: forbidden/)).toBeTruthy();
    expect(screen.getByText('body')).toBeTruthy();
  });
});
