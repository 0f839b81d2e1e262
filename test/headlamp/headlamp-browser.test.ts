/// <reference lib="dom" />
/**
 * The Headlamp plugin in real Chromium, against the real API server seeded with the two-layer
 * platform: the plugin's built main.js is loaded by a host page made of Headlamp's own frontend
 * (the SDK's lib: store, sidebar, route switcher, details pages, API layer), served by a small
 * stand-in for headlamp-server. Checks what a person sees and keeps screenshots in
 * __screenshots__/ (git-ignored).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TWO_LAYER_PLATFORM_AT, twoLayerPlatform } from '@strata/core/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, setReadyNow, setStatus } from '../cluster/seed.ts';
import { CLUSTER_START_TIMEOUT_MS, useCluster } from '../cluster/vitest-cluster.ts';
import { launchChromium } from './chromium.ts';
import { type Browser, openHostPage, type Page } from './host-page.ts';
import { startHostServer } from './host-server.ts';
import { clickMapNode, fitMap, mapNodeTexts } from './map-page.ts';

const here = dirname(fileURLToPath(import.meta.url));
const pluginRoot = resolve(here, '../../packages/headlamp-plugin');
const shots = join(here, '__screenshots__');
const cluster = useCluster();
const fixture = twoLayerPlatform();
let browser: Browser | undefined;
let host: Awaited<ReturnType<typeof startHostServer>> | undefined;
let profile: string | undefined;
const CONTEXT = 'strata-test';

beforeAll(async () => {
  // The plugin as Headlamp loads it (core bundled in), and the host page from the SDK's lib.
  // NODE_ENV=test (vitest's) would make the JSX transform use React's dev runtime.
  const env = { ...process.env, NODE_ENV: 'production' };
  const build = { cwd: pluginRoot, stdio: 'pipe', env } as const;
  execFileSync(join(pluginRoot, 'node_modules/.bin/headlamp-plugin'), ['build'], build);
  execFileSync(process.execPath, ['scripts/build-test-host.mjs', '--if-stale'], build);
  await seed(cluster(), fixture.objects, { timeShift: { from: TWO_LAYER_PLATFORM_AT } });
  host = await startHostServer({
    hostDir: join(pluginRoot, 'dist-test-host'),
    pluginDir: join(pluginRoot, 'dist'),
    cluster: { name: CONTEXT, server: cluster().server, token: cluster().adminToken, ca: cluster().ca },
  });
  await mkdir(shots, { recursive: true });
  ({ browser, profile } = await launchChromium<Browser>({ pluginRoot, profilePrefix: 'strata-chromium-' }));
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

function open(path: string): Promise<Page> {
  return openHostPage(browser!, host!.url, CONTEXT, path);
}

/** The plugin's LISTs (not watches, not the shell's own reads) proxied since `since`. */
function listsSince(since: number): string[] {
  return host!.requests
    .filter((r) => r.at >= since && r.method === 'GET')
    .map((r) => r.path)
    .filter((p) => /^\/(api\/v1|apis\/[^/]+\/[^/]+)\/(namespaces\/[^/]+\/)?[a-z]+(\?|$)/.test(p))
    .filter((p) => !p.includes('selfsubject') && !p.startsWith('/apis/apiextensions'));
}

/** The text of the element with this `data-testid`. */
const textOf = (page: Page, id: string) => page.$eval(`[data-testid="${id}"]`, (e) => e.textContent ?? '');

const rootRefs = (page: Page) =>
  page.$$eval('[data-testid="root-cause-ref"]', (els) => els.map((e) => e.textContent ?? ''));

describe('the Headlamp plugin in Chromium', { timeout: 120_000 }, () => {
  it('lists root causes ranked by blast radius, cert-manager first', async () => {
    const page = await open('/strata/rootcauses');
    await page.waitForSelector('[data-testid="root-cause-ref"]', { timeout: 60_000 });
    const refs = await page.$$eval('[data-testid="root-cause-ref"]', (els) => els.map((e) => e.textContent));
    expect(refs[0]).toBe('HelmRelease/flux-system/cert-manager');
    expect(refs.length).toBeGreaterThan(1);
    // The roots' evidence is read once the page shows them (not with the watched picture).
    await page.waitForFunction(
      // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
      () => /Pod\/cert-manager\/cert-manager-webhook/.test(document.body.innerText),
      {
        timeout: 60_000,
      },
    );
    // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).toContain('blocks 5');
    expect(body).toContain('GitOps layers'); // the sidebar entry
    expect(body).toMatch(/Pod\/cert-manager\/cert-manager-webhook/);
    await page.screenshot({ path: join(shots, 'root-causes.png'), fullPage: true });
    await page.close();
  });

  it('draws the dependency graph with its nodes and failing paths', async () => {
    const page = await open('/strata/graph');
    await page.waitForSelector('[data-testid="graph-node"]', { timeout: 60_000 });
    const nodes = await page.$$eval('[data-testid="graph-node"]', (els) =>
      els.map((e) => e.getAttribute('data-key')),
    );
    expect(nodes.length).toBeGreaterThan(30);
    expect(nodes.some((k) => k?.includes('HelmRelease/flux-system/cert-manager'))).toBe(true);
    expect(await page.$$eval('path[data-failing="true"]', (els) => els.length)).toBeGreaterThan(3);
    await page.screenshot({ path: join(shots, 'graph.png') });
    await page.close();
  });

  it('shows both layers on the overview', async () => {
    const page = await open('/strata/overview');
    await page.waitForSelector('[data-testid="root-cause-count"]', { timeout: 60_000 });
    // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
    const body = await page.evaluate(() => document.body.innerText);
    expect(body).toContain('Flux (platform)');
    expect(body).toContain('Argo CD (applications)');
    expect(body).toContain('The boundary between the layers');
    expect(body).toContain('Flux → Argo CD');
    expect(body).toContain('Argo CD → Flux');
    await page.screenshot({ path: join(shots, 'overview.png'), fullPage: true });
    await page.close();
  });

  it("links Headlamp's own HelmRelease page to strata's page for it", async () => {
    const page = await open('/customresources/helmreleases.helm.toolkit.fluxcd.io/flux-system/cert-manager');
    await page.waitForSelector('[data-testid="gitops-details-link"]', { timeout: 60_000 });
    const href = await page.$eval('a:has([data-testid="gitops-details-link"])', (e) =>
      e.getAttribute('href'),
    );
    expect(href).toBe(`/c/${CONTEXT}/strata/objects/HelmRelease/flux-system/cert-manager`);
    await page.close();
  });

  it("shows a HelmRelease's state, relations, root cause and evidence on its page", async () => {
    const page = await open('/strata/objects/HelmRelease/flux-system/cert-manager');
    await page.waitForSelector('[data-testid="object-evidence"]', { timeout: 60_000 });
    const text = (id: string) => textOf(page, id);
    expect(await text('object-root-causes')).toContain('itself a root cause');
    expect(await text('object-upstream')).toContain('HelmChart/flux-system/');
    expect(await text('object-downstream')).toContain('HelmRelease/flux-system/kube-prometheus-stack');
    expect(await text('object-downstream')).toContain('HelmRelease/flux-system/trust-manager');
    expect(await text('managed-by')).toContain('Kustomization/flux-system/');
    // Each evidence item links to Headlamp's own page for it (Pods come with the on-demand read).
    await page.waitForSelector('[data-testid="object-evidence"] [data-testid="evidence"] a[href*="/pods/"]', {
      timeout: 60_000,
    });
    const links = await page.$$eval('[data-testid="object-evidence"] [data-testid="evidence"] a', (els) =>
      els.map((e) => [e.textContent, e.getAttribute('href')]),
    );
    expect(links).toContainEqual([
      'Deployment/cert-manager/cert-manager-webhook',
      `/c/${CONTEXT}/deployments/cert-manager/cert-manager-webhook`,
    ]);
    expect(
      links.some(
        ([t, href]) => t?.startsWith('Pod/') && href?.startsWith(`/c/${CONTEXT}/pods/cert-manager/`),
      ),
    ).toBe(true);
    // The header actions: the admin may patch it.
    await page.waitForFunction(
      () => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Reconcile'),
      { timeout: 30_000 },
    );
    await page.screenshot({ path: join(shots, 'helmrelease-details.png'), fullPage: true });
    await page.close();
  });

  it("shows a blocked object's root cause on its page", async () => {
    const page = await open('/strata/objects/HelmRelease/flux-system/kube-prometheus-stack');
    await page.waitForSelector('[data-testid="object-root-causes"] a', { timeout: 60_000 });
    const roots = await textOf(page, 'object-root-causes');
    expect(roots).toContain('HelmRelease/flux-system/cert-manager');
    expect(await textOf(page, 'object-upstream')).toContain('HelmRelease/flux-system/cert-manager');
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="object-evidence"]')
          ?.textContent?.includes('Pod/cert-manager/cert-manager-webhook') === true,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: join(shots, 'blocked-helmrelease-details.png'), fullPage: true });
    await page.close();
  });

  it("highlights Argo CD applications in the sidebar on an Application's page", async () => {
    const page = await open('/strata/objects/Application/argocd/team-a-payments');
    await page.waitForSelector('[data-testid="object-root-causes"]', { timeout: 60_000 });
    const selected = await page.$$eval('.Mui-selected', (els) => els.map((e) => e.textContent));
    expect(selected).toContain('Argo CD applications');
    expect(selected).not.toContain('Flux objects');
    await page.screenshot({ path: join(shots, 'application-details.png'), fullPage: true });
    await page.close();
  });

  it('says a missing root is missing, and shows times relative to now', async () => {
    const page = await open('/strata/rootcauses');
    await page.waitForSelector('[data-testid="missing-root"]', { timeout: 60_000 });
    expect(await textOf(page, 'missing-root')).toContain(
      'AppProject/argocd/team-c does not exist in the cluster',
    );
    // The seed moves the fixture's times to now: cert-manager failed minutes to hours ago.
    const since = await textOf(page, 'root-since');
    expect(since).toMatch(/^not ready for \d+[smhd]$/);
    await page.close();
  });

  it("links the Managed-by column of Headlamp's Pod list to strata's page for the manager", async () => {
    const page = await open('/pods');
    const manager = `a[href="/c/${CONTEXT}/strata/objects/HelmRelease/flux-system/cert-manager"]`;
    await page.waitForSelector(manager, { timeout: 60_000 });
    expect(await page.$eval(manager, (e) => e.textContent)).toBe('HelmRelease/flux-system/cert-manager');
    await page.screenshot({ path: join(shots, 'pods-managed-by-column.png') });
    await page.close();
  });

  it('shows a status write on the API server without a reload, through its watch', async () => {
    const page = await open('/strata/rootcauses');
    await page.waitForSelector('[data-testid="root-cause-ref"]', { timeout: 60_000 });
    expect(await rootRefs(page)).toContain('HelmRelease/flux-system/cert-manager');
    // The page watches the HelmReleases over Headlamp's websocket proxy.
    await page.waitForFunction(() => true, { timeout: 1_000 });
    expect(
      host!.requests.some((r) => r.method === 'WATCH' && r.path.startsWith('/apis/helm.toolkit.fluxcd.io/')),
    ).toBe(true);
    const ref = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'cert-manager',
    };
    const written = Date.now();
    const original = await setReadyNow(
      cluster(),
      ref,
      { reason: 'UpgradeSucceeded', message: 'ok' },
      { syncObservedGeneration: true },
    );
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('[data-testid="root-cause-ref"]')].some(
          (e) => e.textContent === 'HelmRelease/flux-system/cert-manager',
        ),
      { timeout: 30_000 },
    );
    const latencyMs = Date.now() - written;
    // Not polled: no HelmRelease was listed again for it.
    expect(listsSince(written).filter((p) => p.startsWith('/apis/helm.toolkit.fluxcd.io/'))).toEqual([]);
    await page.screenshot({ path: join(shots, 'root-causes-after-write.png'), fullPage: true });
    // And back: the failing status returns, so does the root.
    await setStatus(cluster(), ref, () => original);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="root-cause-ref"]')].some(
          (e) => e.textContent === 'HelmRelease/flux-system/cert-manager',
        ),
      { timeout: 30_000 },
    );
    expect(latencyMs).toBeGreaterThan(0);
    await page.close();
  });

  it('makes no request while the cluster is idle (no periodic LISTs)', { timeout: 180_000 }, async () => {
    const page = await open('/strata/rootcauses');
    await page.waitForSelector('[data-testid="root-cause-ref"]', { timeout: 60_000 });
    // The evidence of the roots shown arrives, then nothing changes on the server.
    await page.waitForFunction(
      // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
      () => document.body.innerText.includes('Pod/cert-manager/cert-manager-webhook'),
      {
        timeout: 60_000,
      },
    );
    // Its watches are all open: none started for 5 s (the API server holds a watch's handshake
    // while its cache catches up with the list's resourceVersion, and the plugin retries one it
    // refuses; Chromium opens one websocket to a host at a time).
    const watches = () => host!.requests.filter((r) => r.method === 'WATCH').length;
    for (let seen = watches(), quiet = 0; quiet < 5; quiet += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      if (watches() !== seen) [seen, quiet] = [watches(), -1];
    }
    const since = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 60_000));
    expect(listsSince(since)).toEqual([]);
    // No watch started again either.
    expect(
      host!.requests
        .filter((r) => r.at >= since && r.method === 'WATCH')
        .map((r) => `+${r.at - since} ms ${r.path}`),
    ).toEqual([]);
    await page.close();
  });

  it("adds 'Managed by' to Headlamp's own Pod page", async () => {
    const pod = fixture.objects.find(
      (o) => o.kind === 'Pod' && String(o.metadata?.name).startsWith('cert-manager-webhook'),
    )!;
    const page = await open(`/pods/${pod.metadata!.namespace}/${pod.metadata!.name}`);
    await page.waitForSelector('[data-testid="managed-by"]', { timeout: 60_000 });
    // Its ReplicaSet is read on demand: until it is in, the section says so (never "not managed").
    const first = await textOf(page, 'managed-by');
    expect(first).not.toContain('Not managed');
    await page.waitForFunction(
      () => !(document.querySelector('[data-testid="managed-by"]')?.textContent ?? '').includes('Reading'),
      { timeout: 60_000 },
    );
    const text = await textOf(page, 'managed-by');
    expect(text).toContain('HelmRelease/flux-system/cert-manager');
    await page.screenshot({ path: join(shots, 'pod-managed-by.png'), fullPage: true });
    await page.close();
  });

  // ---- object pages: the kind's essentials a Flux or Argo CD user expects --------------------

  /** The main info rows strata adds (`data-testid="essential-<name>"`), by name. */
  async function essentials(page: Page): Promise<Record<string, string>> {
    return Object.fromEntries(
      await page.$$eval('[data-testid^="essential-"]', (els) =>
        els.map((e) => [e.getAttribute('data-testid')!.slice('essential-'.length), e.textContent ?? '']),
      ),
    );
  }

  it("shows a HelmRelease's chart, source, conditions and release history on its page", async () => {
    const page = await open('/strata/objects/HelmRelease/flux-system/cert-manager');
    await page.waitForSelector('[data-testid="helm-history"] td', { timeout: 60_000 });
    const info = await essentials(page);
    expect(info).toMatchObject({
      Chart: 'cert-manager',
      Version: 'v1.19.1',
      Source: 'HelmRepository/flux-system/jetstack',
      Release: 'cert-manager/cert-manager',
      Interval: '30m0s',
    });
    expect(await page.$eval('[data-testid="essential-Source"] a', (e) => e.getAttribute('href'))).toBe(
      `/c/${CONTEXT}/strata/objects/HelmRepository/flux-system/jetstack`,
    );
    const ready = await page.$$eval('[data-testid="conditions"] tr', (rows) =>
      rows
        .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
        .find((c) => c[0] === 'Ready'),
    );
    expect(ready?.slice(0, 3)).toEqual(['Ready', 'False', 'InstallFailed']);
    expect(ready?.[4]).toMatch(/^\d+[smhd]$/); // relative: the seed moved the fixture's times to now
    expect(await page.$eval('[data-testid="helm-history"]', (e) => e.textContent)).toContain(
      'cert-manager@v1.19.1',
    );
    await page.waitForSelector('[data-testid="managed-by"]', { timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'helmrelease-essentials.png'), fullPage: true });
    await page.close();
  });

  it("shows a Kustomization's source, path, revisions and inventory on its page", async () => {
    const page = await open('/strata/objects/Kustomization/flux-system/argo-apps');
    await page.waitForSelector('[data-testid="inventory"] [data-testid="tree-object"]', { timeout: 60_000 });
    const info = await essentials(page);
    expect(info).toMatchObject({
      Source: 'GitRepository/flux-system/flux-system',
      Path: './clusters/prod/argo-apps',
    });
    expect(info['Revision applied']).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    const inventory = await page.$$eval('[data-testid="inventory"] [data-testid="tree-object"] a', (els) =>
      els.map((e) => [e.textContent, e.getAttribute('href')]),
    );
    expect(inventory).toContainEqual([
      'Application/argocd/apps-root',
      `/c/${CONTEXT}/strata/objects/Application/argocd/apps-root`,
    ]);
    await page.waitForSelector('[data-testid="managed-by"]', { timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'kustomization-inventory.png'), fullPage: true });
    await page.close();
  });

  it("shows a GitRepository's URL, ref and artifact on its page", async () => {
    const page = await open('/strata/objects/GitRepository/flux-system/flux-system');
    await page.waitForSelector('[data-testid="essential-URL"]', { timeout: 60_000 });
    const info = await essentials(page);
    expect(info).toMatchObject({ URL: 'https://github.com/example-org/platform-config', Ref: 'branch main' });
    expect(info['Artifact revision']).toMatch(/^main@sha1:/);
    expect(info['Artifact size']).toMatch(/ KiB$/);
    expect(info['Last fetched']).toMatch(/^\d+[smhd]$/);
    await page.screenshot({ path: join(shots, 'gitrepository-essentials.png'), fullPage: true });
    await page.close();
  });

  it("shows an Application's sync and health, resource tree with strata's health, last sync and history", async () => {
    const page = await open('/strata/objects/Application/argocd/team-a-payments');
    await page.waitForSelector('[data-testid="app-resources"] [data-testid="tree-object"]', {
      timeout: 60_000,
    });
    // The Deployment's ReplicaSet and Pods are read on demand for the page: they join the tree.
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('[data-testid="app-resources"] [data-testid="tree-object"]')].some(
          (e) => e.textContent?.startsWith('└ Pod/') === true,
        ),
      { timeout: 60_000 },
    );
    const info = await essentials(page);
    expect(info).toMatchObject({
      'Sync status': 'Synced',
      Health: 'Degraded',
      Project: 'AppProject/argocd/team-a',
    });
    const tree = await page.$$eval('[data-testid="app-resources"] tr', (rows) =>
      rows
        .map((r) => [
          r.querySelector('[data-testid="tree-object"]')?.textContent,
          r.querySelector('[data-testid="tree-health"]')?.textContent,
        ])
        .filter(([o]) => o !== undefined),
    );
    expect(tree).toContainEqual(['Deployment/team-a/payments-api', 'failing']);
    expect(tree.some(([o, h]) => o?.startsWith('└ Pod/team-a/payments-api-') && h === 'failing')).toBe(true);
    expect(await page.$eval('[data-testid="app-sources"]', (e) => e.textContent)).toContain(
      'https://github.com/example-org/application-deployments',
    );
    expect(await page.$eval('[data-testid="app-last-sync"]', (e) => e.textContent)).toContain('Succeeded');
    expect(await page.$eval('[data-testid="app-history"]', (e) => e.textContent)).toContain('automated');
    await page.screenshot({ path: join(shots, 'application-resource-tree.png'), fullPage: true });
    await page.close();
  });

  it('says a missing object is missing at once instead of loading into an error', async () => {
    const page = await open('/strata/objects/AppProject/argocd/team-c');
    await page.waitForSelector('[data-testid="object-missing"]', { timeout: 30_000 });
    expect(await page.$eval('[data-testid="object-missing"]', (e) => e.textContent)).toContain(
      'AppProject/argocd/team-c does not exist in the cluster',
    );
    await page.screenshot({ path: join(shots, 'missing-object.png') });
    await page.close();
  });

  it("filters the Flux list and opens strata's page for an object in one click", async () => {
    const page = await open('/strata/flux');
    await page.waitForSelector('[data-testid="list-filter"]', { timeout: 60_000 });
    await page.type('[data-testid="list-filter"]', 'kube-prometheus');
    // The HelmRelease and the HelmChart made for it.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="list-count"]')?.textContent?.startsWith('2 of ') === true,
      { timeout: 10_000 },
    );
    // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
    const body = await page.evaluate(() => document.body.innerText);
    for (const column of ['Revision', 'Suspended', 'Managed by', 'Age']) expect(body).toContain(column);
    await page.screenshot({ path: join(shots, 'flux-list-filtered.png') });
    await page.click('td a[href$="/strata/objects/HelmRelease/flux-system/kube-prometheus-stack"]');
    await page.waitForSelector('[data-testid="essential-Chart"]', { timeout: 60_000 });
    expect(await page.evaluate(() => window.location.pathname)).toBe(
      `/c/${CONTEXT}/strata/objects/HelmRelease/flux-system/kube-prometheus-stack`,
    );
    await page.close();
  });
});

/** Clicks the first enabled element matching `selector` whose text is `text` (what a person clicks). */
async function click(page: Page, selector: string, text: string): Promise<void> {
  const match = { selector, text };
  await page.waitForFunction(
    (m) =>
      [...document.querySelectorAll(m.selector)].some(
        (e) => e.textContent === m.text && !(e as HTMLButtonElement).disabled,
      ),
    { timeout: 60_000 },
    match,
  );
  await page.$$eval(
    selector,
    (els, wanted) => (els.find((e) => e.textContent === wanted) as HTMLElement | undefined)?.click(),
    text,
  );
}

/** The map lays out and moves its view after its nodes are in the page: a moment for the picture. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

/** The text of the snackbars shown, once one matches `pattern`. */
async function snackbar(page: Page, pattern: RegExp): Promise<string> {
  await page.waitForFunction(
    (source) =>
      [...document.querySelectorAll('#notistack-snackbar')].some((e) =>
        new RegExp(source).test(e.textContent ?? ''),
      ),
    { timeout: 60_000 },
    pattern.source,
  );
  return page.$$eval('#notistack-snackbar', (els) => els.map((e) => e.textContent ?? '').join('\n'));
}

describe('actions, graph and map in Chromium', { timeout: 180_000 }, () => {
  const read = async (apiVersion: string, kind: string, namespace: string, name: string) => {
    const object = await cluster().client.read({ apiVersion, kind, namespace, name });
    if (object === undefined) throw new Error(`${kind}/${namespace}/${name} is gone`);
    return object as { metadata: { annotations?: Record<string, string> }; operation?: unknown };
  };

  it('resets a stalled HelmRelease after a dialog naming it; the result is a snackbar, the patch lands on it', async () => {
    const page = await open('/strata/objects/HelmRelease/flux-system/cert-manager');
    await click(page, 'button', 'Reconcile');
    await page.waitForSelector('[data-testid="strata-action-dialog"]', { timeout: 30_000 });
    const title = await page.$eval('[role="dialog"] h2', (e) => e.textContent ?? '');
    expect(title).toBe('Reconcile HelmRelease/flux-system/cert-manager?');
    // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
    const dialog = await page.$eval('[role="dialog"]', (e) => (e as HTMLElement).innerText);
    expect(dialog).toContain('stalled (RetriesExceeded)');
    await page.click('[role="dialog"] input[value="reset"]');
    await page.screenshot({ path: join(shots, 'action-dialog.png') });
    await page.click('[role="dialog"] button[aria-label="confirm-button"]');
    const shown = await snackbar(page, /Request reconciliation of HelmRelease\/flux-system\/cert-manager/);
    expect(shown).toContain('resetting failure counts');
    const annotations = (
      await read('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'flux-system', 'cert-manager')
    ).metadata.annotations;
    expect(annotations?.['reconcile.fluxcd.io/resetAt']).toBeDefined();
    expect(annotations?.['reconcile.fluxcd.io/resetAt']).toBe(
      annotations?.['reconcile.fluxcd.io/requestedAt'],
    );
    // The header keeps its buttons on one row: the result is not text beside them.
    const tops = await page.$$eval('button', (els) =>
      els
        .filter((e) => ['Reconcile', 'Suspend', 'Resume'].includes(e.textContent ?? ''))
        .map((e) => Math.round(e.getBoundingClientRect().top)),
    );
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: join(shots, 'action-snackbar.png') });
    await page.close();
  });

  it('syncs an Application with prune as the user the API server knows', async () => {
    const whoami = await cluster().client.request<{ status: { userInfo: { username: string } } }>(
      'POST',
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } },
    );
    const page = await open('/strata/objects/Application/argocd/team-a-frontend');
    await click(page, 'button', 'Sync');
    await page.waitForSelector('[data-testid="strata-action-dialog"]', { timeout: 30_000 });
    await click(page, '[role="dialog"] label', 'prune');
    await page.click('[role="dialog"] button[aria-label="confirm-button"]');
    await snackbar(page, /Sync Application\/argocd\/team-a-frontend to its target revision, with prune/);
    const app = await read('argoproj.io/v1alpha1', 'Application', 'argocd', 'team-a-frontend');
    expect(app.operation).toMatchObject({
      initiatedBy: { username: whoami.status.userInfo.username },
      sync: { prune: true },
    });
    await page.close();
  });

  it('searches the graph, focuses on a neighbourhood, and draws dark in the dark theme', async () => {
    const page = await open('/strata/graph');
    await page.waitForSelector('[data-testid="graph-node"]', { timeout: 60_000 });
    const all = await page.$$eval('[data-testid="graph-node"]', (els) => els.length);
    await page.type('[data-testid="graph-search"]', 'helmrelease cert-manager');
    const matching = await page.$$eval('[data-testid="graph-node"][data-match="true"]', (els) =>
      els.map((e) => e.getAttribute('data-key')),
    );
    expect(matching).toEqual(['HelmRelease/flux-system/cert-manager']);
    // Labels are drawn at the opening scale (a graph of ≤ 100 nodes).
    expect(await page.$$eval('[data-testid="graph-node"] text', (els) => els.length)).toBe(all * 2);
    await page.screenshot({ path: join(shots, 'graph-search.png') });
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="graph-focus"]', { timeout: 30_000 });
    const focused = await page.$$eval('[data-testid="graph-node"]', (els) =>
      els.map((e) => e.getAttribute('data-key')),
    );
    expect(focused.length).toBeLessThan(all);
    expect(focused).toContain('HelmRelease/flux-system/trust-manager');
    await page.screenshot({ path: join(shots, 'graph-focus.png') });
    await page.close();

    const dark = await open('/strata/graph?theme=dark');
    await dark.waitForSelector('[data-testid="graph-node"]', { timeout: 60_000 });
    const background = await dark.$eval(
      '[data-testid="dependency-graph"]',
      (e) => getComputedStyle(e).backgroundColor,
    );
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r! + g! + b!).toBeLessThan(3 * 80);
    const label = await dark.$eval('[data-testid="graph-node"] text', (e) => getComputedStyle(e).fill);
    const [lr, lg, lb] = (label.match(/\d+/g) ?? []).map(Number);
    expect(lr! + lg! + lb!).toBeGreaterThan(3 * 180);
    await dark.screenshot({ path: join(shots, 'graph-dark.png') });
    await dark.close();
  });

  it("puts strata's nodes on Headlamp's map in one labelled group, joined to the workloads they manage", async () => {
    const page = await open('/map');
    // One card named for strata, beside Headlamp's namespace groups (not filed under one of them).
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.react-flow__node')].some((e) =>
          e.textContent?.includes('GitOps layers'),
        ),
      { timeout: 60_000 },
    );
    const cards = (await mapNodeTexts(page)).filter((t) => t.includes('GitOps layers'));
    expect(cards).toHaveLength(1);
    expect(cards[0]).toMatch(/strata · \d+ root causes.*GitOps layers/);
    await settle();
    // Its card lies outside every namespace group's box.
    const outside = await page.$$eval('.react-flow__node', (els) => {
      const card = els.find((e) => e.textContent?.includes('GitOps layers'))?.getBoundingClientRect();
      if (card === undefined) return false;
      const [x, y] = [card.left + card.width / 2, card.top + card.height / 2];
      const groups = els.filter(
        (e) => e.textContent?.includes('Namespace') && !e.textContent.includes('GitOps layers'),
      );
      return (
        groups.length > 0 &&
        groups
          .map((e) => e.getBoundingClientRect())
          .every((r) => x < r.left || x > r.right || y < r.top || y > r.bottom)
      );
    });
    expect(outside).toBe(true);
    await page.screenshot({ path: join(shots, 'map.png') });
    await clickMapNode(page, 'GitOps layers');
    // Opened: the group's label on top, the GitOps objects, and edges to the Deployments they manage.
    // React Flow redraws its edges while the layout settles: wait for the whole set, not the first.
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid$=":manages"]').length > 3 &&
        document.querySelector(
          '[data-testid*="HelmRelease/flux-system/cert-manager->Deployment/cert-manager/"]',
        ) !== null,
      { timeout: 60_000 },
    );
    const names = await mapNodeTexts(page);
    expect(names).toContainEqual(expect.stringContaining('GitOps layers'));
    expect(names).toContainEqual(expect.stringContaining('HelmRelease · failing · root causecert-manager'));
    expect(names).toContainEqual(expect.stringContaining('Deployment · failingcert-manager-webhook'));
    await fitMap(page);
    await settle();
    await page.screenshot({ path: join(shots, 'map-gitops-group.png') });
    // A GitOps object's details: strata's verdict beside the map.
    await clickMapNode(page, 'HelmRelease · failing · root causecert-manager');
    await page.waitForSelector('[data-testid="strata-map-details"]', { timeout: 60_000 });
    expect(await textOf(page, 'strata-map-details')).toContain(
      'strata: failing (InstallFailed) · root cause',
    );
    await settle();
    await page.screenshot({ path: join(shots, 'map-details.png') });
    // A workload's details: strata's health and who manages it.
    await clickMapNode(page, 'Deployment · failingcert-manager-webhook');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="strata-map-details"]')?.textContent?.includes('Managed by') ===
        true,
      { timeout: 60_000 },
    );
    expect(await textOf(page, 'strata-map-details')).toContain(
      'Managed by HelmRelease/flux-system/cert-manager',
    );
    await page.close();
  });

  it('with a namespace filter, gives the objects one by one with edges to Headlamp’s own workload nodes', async () => {
    const webhook = (await cluster().client.read({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'cert-manager',
      name: 'cert-manager-webhook',
    })) as { metadata: { uid: string } };
    const certManager = (await cluster().client.read({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'cert-manager',
    })) as { metadata: { uid: string } };
    // Selected by the map's own `node` parameter: its connected part opens, whatever names its card.
    const page = await open(`/map?namespace=flux-system%20cert-manager&node=${certManager.metadata.uid}`);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.react-flow__node')].some((e) =>
          e.textContent?.includes('HelmRelease · failing · root causecert-manager'),
        ),
      { timeout: 60_000 },
    );
    // Headlamp's namespace filter drops a group (it has no namespace): the objects come one by
    // one, as Headlamp's own objects, in Headlamp's card for their connected part.
    expect((await mapNodeTexts(page)).some((t) => t.includes('GitOps layers'))).toBe(false);
    // The edge ends on Headlamp's own node for the Deployment (its id is the object's uid), and
    // there is one such node, not a copy of strata's. React Flow redraws its edges while the
    // layout settles, so the check is waited for as a whole (failing on timeout), not read once.
    await page.waitForFunction(
      (uid) =>
        document.querySelector(`[data-testid$="->${uid}:manages"]`) !== null &&
        document.querySelectorAll(`.react-flow__node[data-id="${uid}"]`).length === 1,
      { timeout: 60_000 },
      webhook.metadata.uid,
    );
    await fitMap(page);
    await settle();
    await page.screenshot({ path: join(shots, 'map-namespace-filter.png') });
    await page.close();
  });
});
