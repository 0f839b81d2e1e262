/**
 * The header actions with Headlamp's ApiProxy mocked as a small API server: the dialog's
 * variants (reset for a stalled release, with source, hard refresh, sync switches), core's
 * protocol over ApiProxy's error shape (409 re-planned, another uid sends nothing), the user
 * from a SelfSubjectReview, and results as snackbars.
 */
import { twoLayerPlatform } from '@strata/core/fixtures';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SnackbarProvider } from 'notistack';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { primeClusterData } from '../cluster-data.ts';
import { buildPicture } from '../picture.ts';
import { renderInHeadlamp } from '../test-support.tsx';
import { StrataActions } from './Actions.tsx';

const mocks = vi.hoisted(() => ({ request: vi.fn() }));
vi.mock('@kinvolk/headlamp-plugin/lib', async (importOriginal) => {
  const original = await importOriginal<typeof import('@kinvolk/headlamp-plugin/lib')>();
  return { ...original, ApiProxy: { ...original.ApiProxy, request: mocks.request } };
});

const fixture = twoLayerPlatform();
const CLUSTER = 'acts';

function find(kind: string, namespace: string, name: string): Record<string, unknown> {
  const object = fixture.objects.find(
    (o) => o.kind === kind && o.metadata?.namespace === namespace && o.metadata?.name === name,
  );
  if (object === undefined) throw new Error(`no ${kind}/${namespace}/${name} in the fixture`);
  return object as Record<string, unknown>;
}

interface Sent {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/** ApiProxy as Headlamp's is: the body on 2xx, an Error with `status` and "<text> - <message>" otherwise. */
function server(objects: Record<string, unknown>, patch: (path: string, n: number) => number = () => 200) {
  const sent: Sent[] = [];
  let patches = 0;
  mocks.request.mockImplementation(async (path: string, options: { method?: string; body?: string } = {}) => {
    const method = options.method ?? 'GET';
    sent.push({ method, path, body: options.body === undefined ? undefined : JSON.parse(options.body) });
    if (method === 'POST') return { status: { userInfo: { username: 'alice' } } };
    if (method === 'PATCH') {
      const status = patch(path, ++patches);
      if (status === 200) return { patched: true };
      throw Object.assign(new Error(`Conflict - the object has been modified`), { status });
    }
    const object = objects[path];
    if (object === undefined) throw Object.assign(new Error('Not Found - not found'), { status: 404 });
    return object;
  });
  return sent;
}

const pathOf = (plural: string, group: string, version: string, ns: string, name: string) =>
  `/apis/${group}/${version}/namespaces/${ns}/${plural}/${name}`;

function item(jsonData: unknown) {
  return { jsonData, cluster: CLUSTER, getAuthorization: async () => ({ status: { allowed: true } }) };
}

async function openDialog(jsonData: unknown, button: string) {
  // Headlamp's app shell provides the snackbars the actions report in.
  renderInHeadlamp(
    <SnackbarProvider>
      <StrataActions item={item(jsonData)} />
    </SnackbarProvider>,
  );
  fireEvent.click(await screen.findByRole('button', { name: button }));
  return screen.findByRole('dialog');
}

beforeAll(() => {
  primeClusterData(CLUSTER, {
    loading: false,
    picture: buildPicture(fixture.objects, fixture.at),
    notes: [],
  });
});

afterEach(() => {
  cleanup();
  mocks.request.mockReset();
});

describe('StrataActions', () => {
  const certManager = find('HelmRelease', 'flux-system', 'cert-manager');
  const hrPath = pathOf('helmreleases', 'helm.toolkit.fluxcd.io', 'v2', 'flux-system', 'cert-manager');
  const patches = (sent: Sent[]) => sent.filter((s) => s.method === 'PATCH');

  it('offers a stalled HelmRelease reset (with why), force and its source; reset sends resetAt', async () => {
    const sent = server({ [hrPath]: certManager });
    const dialog = await openDialog(certManager, 'Reconcile');
    expect(within(dialog).getByText('Reconcile HelmRelease/flux-system/cert-manager?')).toBeTruthy();
    const radios = within(dialog)
      .getAllByRole('radio')
      .map((r) => r.closest('label')?.textContent);
    expect(radios).toEqual([
      'reconcile',
      expect.stringMatching(/^with source \(HelmChart\/flux-system\/.+ first\)$/),
      'reset and retrystalled (RetriesExceeded): helm-controller ignores a plain reconcile until reset',
      'force an upgrade',
    ]);
    // The stalled release says why reset is the one to pick, before it is picked.
    fireEvent.click(within(dialog).getAllByRole('radio')[2]!);
    expect(within(dialog).getByTestId('strata-action-summary').textContent).toMatch(
      /resetting failure counts/,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'confirm-button' }));
    await waitFor(() => expect(patches(sent)).toHaveLength(1));
    const annotations = (patches(sent)[0]!.body as { metadata: { annotations: Record<string, string> } })
      .metadata.annotations;
    expect(annotations['reconcile.fluxcd.io/resetAt']).toBe(annotations['reconcile.fluxcd.io/requestedAt']);
    expect(await screen.findByText(/Request reconciliation of .*resetting failure counts/)).toBeTruthy();
    // The result replaces the "sending" note: one snackbar, not two.
    await waitFor(() => expect(screen.queryByText(/sending…/)).toBeNull());
  });

  it('with source reconciles the source first, then the object', async () => {
    const sent = server({ [hrPath]: certManager });
    // Any HelmChart read answers with a HelmChart of that name.
    const base = mocks.request.getMockImplementation()!;
    mocks.request.mockImplementation(async (path: string, options: { method?: string } = {}) => {
      if (path.includes('/helmcharts/') && (options.method ?? 'GET') === 'GET') {
        sent.push({ method: 'GET', path, body: undefined });
        const name = path.slice(path.lastIndexOf('/') + 1);
        return {
          apiVersion: 'source.toolkit.fluxcd.io/v1',
          kind: 'HelmChart',
          metadata: { name, namespace: 'flux-system', uid: 'chart' },
        };
      }
      return base(path, options);
    });
    const dialog = await openDialog(certManager, 'Reconcile');
    fireEvent.click(within(dialog).getAllByRole('radio')[1]!);
    fireEvent.click(within(dialog).getByRole('button', { name: 'confirm-button' }));
    await waitFor(() => expect(patches(sent)).toHaveLength(2));
    expect(patches(sent).map((p) => p.path.split('/').at(-2))).toEqual(['helmcharts', 'helmreleases']);
  });

  it('re-reads and re-plans a sync on 409, as the user the server knows, with prune', async () => {
    const app = find('Application', 'argocd', 'team-a-frontend');
    const path = pathOf('applications', 'argoproj.io', 'v1alpha1', 'argocd', 'team-a-frontend');
    const sent = server(
      { [path]: { ...app, metadata: { ...(app.metadata as object), resourceVersion: '5' } } },
      (_, n) => (n === 1 ? 409 : 200),
    );
    const dialog = await openDialog(app, 'Sync');
    fireEvent.click(within(dialog).getByLabelText('prune'));
    expect(within(dialog).getByTestId('strata-action-summary').textContent).toMatch(/with prune$/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'confirm-button' }));
    await waitFor(() => expect(patches(sent)).toHaveLength(2));
    expect(sent.filter((s) => s.method === 'GET' && s.path === path)).toHaveLength(2);
    expect(patches(sent)[1]!.body).toMatchObject({
      operation: { initiatedBy: { username: 'alice' }, sync: { prune: true } },
    });
    expect(
      await screen.findByText('Sync Application/argocd/team-a-frontend to its target revision, with prune'),
    ).toBeTruthy();
  });

  it('offers a hard refresh on an Application', async () => {
    const app = find('Application', 'argocd', 'team-a-frontend');
    const path = pathOf('applications', 'argoproj.io', 'v1alpha1', 'argocd', 'team-a-frontend');
    const sent = server({ [path]: app });
    const dialog = await openDialog(app, 'Refresh');
    fireEvent.click(within(dialog).getByLabelText('hard refresh'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'confirm-button' }));
    await waitFor(() => expect(patches(sent)).toHaveLength(1));
    expect(patches(sent)[0]!.body).toMatchObject({
      metadata: { annotations: { 'argocd.argoproj.io/refresh': 'hard' } },
    });
  });

  it('sends nothing when the object was deleted and created again since the dialog opened', async () => {
    const confirmed = { ...certManager, metadata: { ...(certManager.metadata as object), uid: 'seen' } };
    const sent = server({ [hrPath]: { ...confirmed, metadata: { ...confirmed.metadata, uid: 'new' } } });
    const dialog = await openDialog(confirmed, 'Suspend');
    fireEvent.click(within(dialog).getByRole('button', { name: 'confirm-button' }));
    expect(await screen.findByText(/is another object now .*: nothing sent$/)).toBeTruthy();
    expect(patches(sent)).toEqual([]);
  });
});
