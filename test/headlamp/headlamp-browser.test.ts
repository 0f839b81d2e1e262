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
import { seed, setStatus } from '../cluster/seed.ts';
import { CLUSTER_START_TIMEOUT_MS, useCluster } from '../cluster/vitest-cluster.ts';
import { launchChromium } from './chromium.ts';
import { type Browser, openHostPage, type Page } from './host-page.ts';
import { startHostServer } from './host-server.ts';

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
    const text = async (id: string) => page.$eval(`[data-testid="${id}"]`, (e) => e.textContent ?? '');
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
    const roots = await page.$eval('[data-testid="object-root-causes"]', (e) => e.textContent ?? '');
    expect(roots).toContain('HelmRelease/flux-system/cert-manager');
    expect(await page.$eval('[data-testid="object-upstream"]', (e) => e.textContent ?? '')).toContain(
      'HelmRelease/flux-system/cert-manager',
    );
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
    expect(await page.$eval('[data-testid="missing-root"]', (e) => e.textContent ?? '')).toContain(
      'AppProject/argocd/team-c does not exist in the cluster',
    );
    // The seed moves the fixture's times to now: cert-manager failed minutes to hours ago.
    const since = await page.$eval('[data-testid="root-since"]', (e) => e.textContent ?? '');
    expect(since).toMatch(/^not ready for \d+[smhd]$/);
    await page.close();
  });

  it("links the Managed-by column of Headlamp's Pod list to the manager's page", async () => {
    const page = await open('/pods');
    const manager =
      'a[href$="/customresources/helmreleases.helm.toolkit.fluxcd.io/flux-system/cert-manager"]';
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
    const now = new Date().toISOString();
    let original: unknown;
    const written = Date.now();
    await setStatus(
      cluster(),
      ref,
      (current) => {
        original = current;
        return {
          ...current,
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'UpgradeSucceeded',
              message: 'ok',
              lastTransitionTime: now,
            },
          ],
        };
      },
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
    await setStatus(cluster(), ref, () => original as Record<string, unknown>);
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
    const text = await page.$eval('[data-testid="managed-by"]', (e) => e.textContent ?? '');
    expect(text).toContain('HelmRelease/flux-system/cert-manager');
    await page.screenshot({ path: join(shots, 'pod-managed-by.png'), fullPage: true });
    await page.close();
  });
});
