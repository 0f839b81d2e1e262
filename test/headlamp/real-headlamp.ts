/// <reference lib="dom" />
/**
 * The plugin in a real Headlamp built from source (not part of CI: no registry carries Headlamp,
 * so only a person with a checkout can run this; see packages/headlamp-plugin/README.md). Starts
 * `headlamp-server` against the cluster `pnpm cluster:up` started, with the built plugin unpacked
 * into a plugins folder as `strata/`, drives it in the system Chromium, keeps a screenshot of each
 * page in test/headlamp/__screenshots__/<--out, default real>/ (git-ignored), counts the requests the plugin makes
 * (idle on its root causes page, and on Headlamp's own ConfigMaps page), and prints what it saw.
 *
 *   HEADLAMP_SRC=/path/to/headlamp node --conditions=@strata/source --import tsx \
 *     test/headlamp/real-headlamp.ts [--idle-seconds 60] [--only idle]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { kubeCacheRoot } from '../cluster/binaries.ts';
import { KubeClient } from '../cluster/rest.ts';
import { CHROMIUM } from './chromium.ts';
import type { Page as HostPage } from './host-page.ts';
import { clickMapNode, fitMap, managesEdges, mapNodeTexts } from './map-page.ts';

const here = dirname(fileURLToPath(import.meta.url));
const pluginRoot = resolve(here, '../../packages/headlamp-plugin');

/** What `pnpm cluster:up` writes about the cluster it started (test/cluster/cli.ts). */
interface UpState {
  readonly server: string;
  readonly ca: string;
  readonly adminToken: string;
  readonly kubeconfigPath: string;
  readonly context: string;
}

/** The few puppeteer calls used here (puppeteer-core is the plugin package's dev dependency). */
interface CdpSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  on(event: string, listener: (event: Record<string, unknown>) => void): void;
}
/** Host-page's puppeteer calls and the two more used here. */
interface Page extends HostPage {
  evaluateOnNewDocument(fn: (theme: string) => void, theme: string): Promise<unknown>;
  createCDPSession(): Promise<CdpSession>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

const { values: args } = parseArgs({
  options: {
    'idle-seconds': { type: 'string', default: '60' },
    port: { type: 'string', default: '4466' },
    only: { type: 'string' },
    /** The folder under test/headlamp/__screenshots__/ for this run's pictures and results. */
    out: { type: 'string', default: 'real' },
  },
});
const shots = join(here, '__screenshots__', args.out);
const idleSeconds = Number(args['idle-seconds']);
const port = Number(args.port);
const base = `http://127.0.0.1:${port}`;

const results: string[] = [];
const say = (line: string) => {
  results.push(line);
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<number> {
  const source = process.env.HEADLAMP_SRC;
  if (source === undefined || !existsSync(join(source, 'backend/headlamp-server'))) {
    process.stderr.write(
      'set HEADLAMP_SRC to a Headlamp checkout with backend/headlamp-server and frontend/build built\n',
    );
    return 2;
  }
  const statePath = join(kubeCacheRoot(), 'up', 'state.json');
  if (!existsSync(statePath)) {
    process.stderr.write(`no cluster: run pnpm cluster:up first (${statePath} is missing)\n`);
    return 2;
  }
  const state = JSON.parse(await readFile(statePath, 'utf8')) as UpState;
  // STRATA_PLUGIN_MAIN: another build of the plugin (e.g. from another worktree) to compare.
  const main = process.env.STRATA_PLUGIN_MAIN ?? join(pluginRoot, 'dist', 'main.js');
  if (!existsSync(main)) {
    process.stderr.write(`no ${main}: build the plugin first (see test/headlamp/README.md)\n`);
    return 2;
  }

  const sdkVersion = (
    JSON.parse(await readFile(join(pluginRoot, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies['@kinvolk/headlamp-plugin'];
  // The plugin as its release archive unpacks: <plugins-dir>/strata/{main.js,package.json}.
  const work = await mkdtemp(join(tmpdir(), 'strata-real-headlamp-'));
  const plugins = join(work, 'plugins');
  await mkdir(join(plugins, 'strata'), { recursive: true });
  await mkdir(join(work, 'user-plugins'));
  await copyFile(main, join(plugins, 'strata', 'main.js'));
  await writeFile(
    join(plugins, 'strata', 'package.json'),
    `${JSON.stringify({
      name: 'strata',
      version: '0.0.0-real-headlamp',
      // Headlamp disables a plugin whose package.json names no compatible SDK version.
      devDependencies: { '@kinvolk/headlamp-plugin': sdkVersion },
    })}\n`,
  );
  await mkdir(shots, { recursive: true });

  const env = { ...process.env };
  delete env.HEADLAMP_BACKEND_TOKEN; // else the browser gets 403 from the backend
  const server = spawn(
    join(source, 'backend/headlamp-server'),
    [
      '-kubeconfig',
      state.kubeconfigPath,
      '-html-static-dir',
      join(source, 'frontend/build'),
      '-plugins-dir',
      plugins,
      '-user-plugins-dir',
      join(work, 'user-plugins'),
      '-listen-addr',
      '127.0.0.1',
      '-port',
      String(port),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const serverLog: string[] = [];
  server.stdout?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  server.stderr?.on('data', (d: Buffer) => serverLog.push(d.toString()));
  const client = new KubeClient({ server: state.server, ca: state.ca, token: state.adminToken });
  let browser: Browser | undefined;
  let profile: string | undefined;
  try {
    await waitForServer(server);
    const plugins = await (await fetch(`${base}/plugins`)).json();
    say(`headlamp-server at ${base}; GET /plugins: ${JSON.stringify(plugins)}`);
    ({ browser, profile } = await launch());
    const ctx = state.context;
    const run = (name: string) => args.only === undefined || args.only.split(',').includes(name);
    if (run('pages')) await pages(browser, ctx);
    if (run('map')) await map(browser, ctx, client);
    if (run('action')) await action(browser, ctx, client);
    if (run('idle')) await idle(browser, ctx);
    if (run('configmaps')) await configMaps(browser, ctx);
    await writeFile(join(shots, 'results.txt'), `${results.join('\n')}\n`);
    return 0;
  } finally {
    client.close();
    await browser?.close();
    server.kill('SIGTERM');
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
    await writeFile(join(shots, 'headlamp-server.log'), serverLog.join(''));
  }
}

async function waitForServer(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`headlamp-server exited (${server.exitCode})`);
    const ok = await fetch(`${base}/config`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('headlamp-server did not answer /config in 30 s');
    await sleep(300);
  }
}

async function launch(): Promise<{ browser: Browser; profile: string }> {
  const { default: puppeteer } = createRequire(join(pluginRoot, 'package.json'))('puppeteer-core') as {
    default: { launch(options: Record<string, unknown>): Promise<Browser> };
  };
  const profile = await mkdtemp(join(tmpdir(), 'strata-real-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`],
    defaultViewport: { width: 1440, height: 1000 },
    protocolTimeout: 240_000,
  });
  return { browser, profile };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every HTTP request and WebSocket message the page sends to Headlamp's backend. */
interface Traffic {
  readonly http: { url: string; at: number }[];
  readonly ws: { payload: string; at: number }[];
  readonly sockets: { url: string; at: number }[];
}

/** Opens `path` in a new tab (theme as Headlamp's settings store it), recording its traffic. */
async function open(
  browser: Browser,
  ctx: string,
  path: string,
  theme: 'light' | 'dark' = 'light',
): Promise<{ page: Page; traffic: Traffic; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.evaluateOnNewDocument((t) => {
    localStorage.setItem('headlampThemePreference', t === 'dark' ? 'Dark' : 'Light');
  }, theme);
  // Loopback only: the machine is offline, and Headlamp fetches unbundled icons online.
  await page.setRequestInterception(true);
  page.on('request', (r) => (r.url().startsWith(base) ? r.continue() : r.abort()));
  const traffic: Traffic = { http: [], ws: [], sockets: [] };
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    const url = (e.request as { url: string }).url;
    traffic.http.push({ url, at: Date.now() });
  });
  cdp.on('Network.webSocketCreated', (e) => traffic.sockets.push({ url: String(e.url), at: Date.now() }));
  cdp.on('Network.webSocketFrameSent', (e) =>
    traffic.ws.push({ payload: String((e.response as { payloadData: string }).payloadData), at: Date.now() }),
  );
  await page.goto(`${base}/c/${ctx}${path}`, { waitUntil: 'domcontentloaded' });
  return { page, traffic, errors };
}

/** `/clusters/<ctx>/apis/g/v/ns/x/kind?…` → `kind` (a LIST) or `kind/name` (a GET). */
function resourceOf(url: string): string | undefined {
  const u = new URL(url, base);
  const m = u.pathname.match(/^\/clusters\/[^/]+\/(?:api\/v1|apis\/[^/]+\/[^/]+)(\/.*)?$/);
  if (m === null) return undefined;
  const parts = (m[1] ?? '').split('/').filter(Boolean);
  if (parts[0] === 'namespaces' && parts.length >= 3) parts.splice(0, 2);
  const watch = u.searchParams.get('watch') === '1' || u.searchParams.get('watch') === 'true';
  return `${parts.join('/') || '(discovery)'}${watch ? ' (watch)' : ''}`;
}

function summarize(urls: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const url of urls) {
    const r = resourceOf(url);
    if (r === undefined) continue;
    counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([r, n]) => `${r}×${n}`)
    .join(', ');
}

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

async function text(page: Page, selector: string): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, rendered text only
  return page.$eval(selector, (e) => (e as HTMLElement).innerText ?? '').catch(() => '(absent)');
}

/** Waits for `selector`, screenshots, and reports; a page that does not show it is reported, not thrown. */
async function visit(
  browser: Browser,
  ctx: string,
  name: string,
  path: string,
  selector: string,
  options: { theme?: 'light' | 'dark'; report?: (page: Page) => Promise<string> } = {},
): Promise<void> {
  const { page, errors } = await open(browser, ctx, path, options.theme);
  try {
    await page.waitForSelector(selector, { timeout: 90_000 });
    await sleep(1500);
    const extra = options.report === undefined ? '' : ` ${await options.report(page)}`;
    await shot(page, name);
    say(
      `${name}: ${path} shows ${selector}.${extra}${errors.length ? ` page errors: ${errors.join('; ')}` : ''}`,
    );
  } catch (error) {
    await shot(page, name).catch(() => undefined);
    say(
      `${name}: ${path} FAILED (${String(error).split('\n')[0]})${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`,
    );
  } finally {
    await page.close();
  }
}

async function pages(browser: Browser, ctx: string): Promise<void> {
  const count = (selector: string) => (page: Page) =>
    page.$$eval(selector, (els) => els.length).then((n) => `${n} × ${selector}.`);
  await visit(browser, ctx, 'root-causes', '/strata/rootcauses', '[data-testid="root-cause-ref"]', {
    report: async (page) =>
      `first: ${await text(page, '[data-testid="root-cause-ref"]')}; ${await count('[data-testid="root-cause-ref"]')(page)}`,
  });
  await visit(browser, ctx, 'overview', '/strata/overview', '[data-testid="root-cause-count"]');
  for (const theme of ['light', 'dark'] as const) {
    await visit(browser, ctx, `graph-${theme}`, '/strata/graph', '[data-testid="graph-node"]', {
      theme,
      report: async (page) =>
        `${await count('[data-testid="graph-node"]')(page)} canvas background ${await page.$eval(
          '[data-testid="dependency-graph"]',
          (e) => getComputedStyle(e).backgroundColor,
        )}.`,
    });
  }
  await visit(browser, ctx, 'flux-list', '/strata/flux', '[data-testid="list-count"]', {
    report: async (page) => `count: ${await text(page, '[data-testid="list-count"]')}.`,
  });
  await visit(browser, ctx, 'argo-list', '/strata/argo', '[data-testid="list-count"]', {
    report: async (page) => `count: ${await text(page, '[data-testid="list-count"]')}.`,
  });
  await visit(
    browser,
    ctx,
    'helmrelease-cert-manager',
    '/strata/objects/HelmRelease/flux-system/cert-manager',
    '[data-testid="helm-history"] td',
    {
      report: async (page) =>
        `root causes: ${(await text(page, '[data-testid="object-root-causes"]')).slice(0, 80)}; managed by: ${(await text(page, '[data-testid="managed-by"]')).slice(0, 80)}.`,
    },
  );
  await visit(
    browser,
    ctx,
    'kustomization-argo-apps',
    '/strata/objects/Kustomization/flux-system/argo-apps',
    '[data-testid="inventory"] [data-testid="tree-object"]',
  );
  await visit(
    browser,
    ctx,
    'application-team-a-payments',
    '/strata/objects/Application/argocd/team-a-payments',
    '[data-testid="app-resources"] [data-testid="tree-object"]',
    {
      report: async (page) =>
        `sidebar selected: ${await page.$$eval('.Mui-selected', (els) => els.map((e) => e.textContent).join(' | '))}.`,
    },
  );
  await visit(
    browser,
    ctx,
    'headlamp-helmrelease-page',
    '/customresources/helmreleases.helm.toolkit.fluxcd.io/flux-system/cert-manager',
    '[data-testid="gitops-details-link"]',
  );
  await visit(
    browser,
    ctx,
    'pods',
    '/pods',
    `a[href="/c/${ctx}/strata/objects/HelmRelease/flux-system/cert-manager"]`,
  );
}

/**
 * Headlamp's map: strata's labelled group beside Headlamp's namespace groups, opened (the GitOps
 * objects, the workloads they manage, the edges between), a workload's details, and the objects
 * one by one under a namespace filter with edges to Headlamp's own workload nodes.
 */
async function map(browser: Browser, ctx: string, client: KubeClient): Promise<void> {
  const { page, errors } = await open(browser, ctx, '/map');
  try {
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.react-flow__node')].some((e) =>
          e.textContent?.includes('GitOps layers'),
        ),
      { timeout: 90_000 },
    );
    await sleep(3000);
    await shot(page, 'map');
    const cards = (await mapNodeTexts(page)).filter((t) => t.includes('GitOps layers'));
    await clickMapNode(page, 'GitOps layers');
    await page.waitForSelector('[data-testid$=":manages"]', { timeout: 60_000 });
    await fitMap(page);
    await sleep(3000);
    await shot(page, 'map-group');
    const manages = await managesEdges(page);
    const opened = (await mapNodeTexts(page)).length;
    await clickMapNode(page, 'cert-manager-webhook');
    await page.waitForSelector('[data-testid="strata-map-details"]', { timeout: 60_000 });
    await sleep(1500);
    const details = await page.$eval('[data-testid="strata-map-details"]', (e) => e.textContent ?? '');
    await shot(page, 'map-workload-details');
    say(
      `map: strata's card ${JSON.stringify(cards)}; opened: ${opened} nodes, ${manages.length} manages edges (e.g. ${manages[0] ?? 'none'}); a workload's details: ${details}.${errors.length ? ` page errors: ${errors.join('; ')}` : ''}`,
    );
  } catch (error) {
    await shot(page, 'map').catch(() => undefined);
    say(
      `map: FAILED (${String(error).split('\n')[0]})${errors.length ? `; page errors: ${errors.join('; ')}` : ''}`,
    );
  } finally {
    await page.close();
  }
  // Selected by the map's own `node` parameter: cert-manager's connected part opens.
  const certManager = (await client.read({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    namespace: 'flux-system',
    name: 'cert-manager',
  })) as { metadata: { uid: string } } | undefined;
  const filtered = await open(
    browser,
    ctx,
    `/map?namespace=flux-system%20cert-manager&node=${certManager?.metadata.uid ?? ''}`,
  );
  try {
    await filtered.page.waitForSelector('[data-testid$=":manages"]', { timeout: 60_000 });
    await fitMap(filtered.page);
    await sleep(3000);
    await shot(filtered.page, 'map-namespace-filter');
    const manages = await managesEdges(filtered.page);
    const ends = await filtered.page.$$eval('.react-flow__node', (els) =>
      els.map((e) => `${e.getAttribute('data-id')}=${e.textContent ?? ''}`),
    );
    const target = manages[0]?.match(/->(.*):manages$/)?.[1];
    say(
      `map with a namespace filter: ${manages.length} manages edges; the first ends on ${ends.find((e) => target !== undefined && e.startsWith(`${target}=`)) ?? 'no node'}.${filtered.errors.length ? ` page errors: ${filtered.errors.join('; ')}` : ''}`,
    );
  } catch (error) {
    await shot(filtered.page, 'map-namespace-filter').catch(() => undefined);
    say(`map with a namespace filter: FAILED (${String(error).split('\n')[0]})`);
  } finally {
    await filtered.page.close();
  }
}

async function configMaps(browser: Browser, ctx: string): Promise<void> {
  const { page, traffic, errors } = await open(browser, ctx, '/configmaps');
  try {
    await page.waitForFunction(
      (h) => [...document.querySelectorAll('th')].some((e) => e.textContent?.includes(h) === true),
      { timeout: 90_000 },
      'Managed by',
    );
    const started = traffic.http[0]?.at ?? Date.now();
    await sleep(30_000);
    await shot(page, 'configmaps');
    const notHeadlamps = (url: string) => {
      const r = resourceOf(url);
      return r !== undefined && !r.startsWith('configmaps') && r !== '(discovery)';
    };
    const other = traffic.http.filter((t) => notHeadlamps(t.url)).map((t) => t.url);
    const wsOther = traffic.ws.filter((w) => !w.payload.includes('configmaps'));
    say(
      `configmaps: 'Managed by' column present. In the first ${Math.round((Date.now() - started) / 1000)} s: ${traffic.http.length} HTTP requests, ${other.length} for kinds other than ConfigMaps (${summarize(other)}); ${traffic.sockets.length} WebSockets, ${traffic.ws.length} frames sent (${wsOther.length} not about ConfigMaps).${errors.length ? ` page errors: ${errors.join('; ')}` : ''}`,
    );
  } catch (error) {
    await shot(page, 'configmaps').catch(() => undefined);
    say(`configmaps: FAILED (${String(error).split('\n')[0]})`);
  } finally {
    await page.close();
  }
}

async function idle(browser: Browser, ctx: string): Promise<void> {
  const { page, traffic } = await open(browser, ctx, '/strata/rootcauses');
  try {
    await page.waitForSelector('[data-testid="root-cause-ref"]', { timeout: 90_000 });
    await sleep(5000); // let the first loads finish
    const from = Date.now();
    await sleep(idleSeconds * 1000);
    const http = traffic.http.filter((t) => t.at >= from && resourceOf(t.url) !== undefined);
    const ws = traffic.ws.filter((w) => w.at >= from);
    const before = traffic.http.filter((t) => t.at < from && resourceOf(t.url) !== undefined);
    say(
      `idle: root causes page, loading: ${before.length} API requests (${summarize(before.map((t) => t.url))}); ${traffic.sockets.length} WebSockets opened.`,
    );
    say(
      `idle: then ${idleSeconds} s idle: ${http.length} API requests (${summarize(http.map((t) => t.url))}), ${ws.length} WebSocket frames sent.`,
    );
    await shot(page, 'root-causes-after-idle');
  } finally {
    await page.close();
  }
}

/** Reconcile with reset on cert-manager: the dialog, the snackbar, and the patch on the API server. */
async function action(browser: Browser, ctx: string, client: KubeClient): Promise<void> {
  const ref = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    namespace: 'flux-system',
    name: 'cert-manager',
  };
  const annotations = async () =>
    ((await client.read(ref))?.metadata as { annotations?: Record<string, string> } | undefined)
      ?.annotations ?? {};
  const before = await annotations();
  const { page, errors } = await open(browser, ctx, '/strata/objects/HelmRelease/flux-system/cert-manager');
  try {
    await page.waitForFunction(
      (t) =>
        [...document.querySelectorAll('button')].some(
          (b) => b.textContent === t && !(b as HTMLButtonElement).disabled,
        ),
      { timeout: 90_000 },
      'Reconcile',
    );
    await page.$$eval(
      'button',
      (els, t) => (els.find((e) => e.textContent === t) as HTMLElement | undefined)?.click(),
      'Reconcile',
    );
    await page.waitForSelector('[data-testid="strata-action-dialog"]', { timeout: 30_000 });
    await page.click('[role="dialog"] input[value="reset"]');
    await sleep(600); // MUI's radio dot shrinks over 150 ms: a picture at once shows two
    await shot(page, 'action-dialog', false);
    const checked = await page.$$eval('[role="dialog"] input[type="radio"]:checked', (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    const dialog = `${await text(page, '[role="dialog"]')} [checked: ${checked.join(', ')}]`;
    // Headlamp 0.45's ConfirmDialog has no aria-label on its confirm button (the SDK's has).
    await page.$$eval(
      '[role="dialog"] button',
      (els, t) => (els.findLast((e) => e.textContent === t) as HTMLElement | undefined)?.click(),
      'Reconcile',
    );
    await page.waitForFunction(
      (s) =>
        [...document.querySelectorAll('#notistack-snackbar')].some((e) =>
          new RegExp(s).test(e.textContent ?? ''),
        ),
      { timeout: 60_000 },
      'Request reconciliation of HelmRelease/flux-system/cert-manager',
    );
    const snack = await page.$$eval('#notistack-snackbar', (els) =>
      els.map((e) => e.textContent).join(' | '),
    );
    await shot(page, 'action-snackbar', false);
    const after = await annotations();
    say(
      `action: dialog "${dialog.replace(/\s+/g, ' ')}"; snackbar "${snack}"; on the API server requestedAt ${before['reconcile.fluxcd.io/requestedAt'] ?? '(none)'} → ${after['reconcile.fluxcd.io/requestedAt'] ?? '(none)'}, resetAt ${after['reconcile.fluxcd.io/resetAt'] ?? '(none)'}.${errors.length ? ` page errors: ${errors.join('; ')}` : ''}`,
    );
  } catch (error) {
    await shot(page, 'action-failed', false).catch(() => undefined);
    say(`action: FAILED (${String(error).split('\n')[0]})`);
  } finally {
    await page.close();
  }
}

process.exitCode = await main();
