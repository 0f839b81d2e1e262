/**
 * Suite `headlamp-render`: time to draw the strata plugin's dependency graph in headless Chromium.
 *
 *   pnpm bench headlamp-render [--sizes 200,1000,2000] [--runs 3] [--seed 1] [--managed 10] [--poll]
 *                       [--screenshots] [--profile] [--no-build] [--plugin-dir <folder with main.js>]
 *
 * For each size (GitOps objects; the synthetic cluster's graph has one node per GitOps object):
 * 1. In Node, on the same objects: the plugin's own `buildPicture`, `graphView` (the page's
 *    default edge types) and `computeLayout` (dagre, uncached), timed; and `layoutGraph` on an
 *    unchanged structure (the cache hit a refresh gets).
 * 2. The BUILT plugin (dist/main.js, or --plugin-dir) on the test host page (Headlamp's shell from
 *    the SDK's lib, as in test/headlamp), served by bench/headlamp-render-host.ts, which answers
 *    the plugin's LISTs from the generated objects (see there why not a real API server). Each
 *    run: a fresh browser context, navigation to /c/bench/strata/graph, and
 *    bench/headlamp-render-probe.js recording when every node is in the SVG and painted, long
 *    tasks, and the plugin's User Timing measures (strata:picture, strata:graph-view,
 *    strata:layout). Then JS heap after a GC, DOM size, and interactions, each event → painted:
 *    "Zoom in" clicks, wheel steps from the fitted view to a readable scale, drag steps.
 * 3. The floor, the baseline of the ratio: the same browser, the same host, a blank page inserting
 *    the graph's own SVG markup (captured from the drawn page, same fitted view) with innerHTML,
 *    until painted — drawing exactly these elements with no React, no layout, no diagnosis.
 * With --poll, the last run of each size also waits for the plugin's 15 s refresh and records the
 * longest task it causes (what a person feels every 15 s while the page is open). --profile saves
 * a CPU profile of the first run's page (navigation → drawn) and prints its hot functions;
 * --screenshots saves the last run's page; both under bench/results/profiles/ (git-ignored).
 *
 * Writes bench/results/headlamp-render-<timestamp>.json and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { syntheticCluster } from '../packages/core/src/fixtures/index.ts';
import { launchChromium } from '../test/headlamp/chromium.ts';
import { type BenchHost, startBenchHost } from './headlamp-render-host.ts';
import { BENCH_DIR, ensureDir, machine, RESULTS_DIR, ROOT, table, writeResults } from './lib.ts';

const PLUGIN_ROOT = join(ROOT, 'packages/headlamp-plugin');
const CLUSTER = 'bench';
const PAGE_TIMEOUT_MS = 600_000;
/** The plugin's refresh period (cluster-data.ts POLL_MS). */
const POLL_MS = 15_000;
/** Screenshots and CPU profiles (git-ignored). */
const PROFILES_DIR = join(RESULTS_DIR, 'profiles');

// puppeteer-core is the plugin package's dev dependency (it drives the system Chromium); only the
// few calls used here and in headlamp-live.ts are typed.
export interface CdpSession {
  send(method: string, params?: Record<string, unknown>): Promise<unknown>;
  detach(): Promise<void>;
}
export interface Page {
  on(event: 'pageerror', listener: (error: unknown) => void): void;
  on(event: 'request', listener: (request: { url(): string; continue(): void; abort(): void }) => void): void;
  setRequestInterception(on: boolean): Promise<void>;
  evaluateOnNewDocument(source: string): Promise<unknown>;
  goto(url: string, options: { waitUntil: 'domcontentloaded' | 'load'; timeout: number }): Promise<unknown>;
  waitForFunction(source: string, options: { timeout: number; polling: number }): Promise<unknown>;
  evaluate<T>(source: string): Promise<T>;
  metrics(): Promise<Record<string, number>>;
  createCDPSession(): Promise<CdpSession>;
  screenshot(options: { path: string }): Promise<unknown>;
}
export interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
export interface Browser {
  createBrowserContext(): Promise<BrowserContext>;
  version(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The plugin's own graph code, run in Node on the same objects. Imported by a computed path: the
 * plugin package is not an ES module package for this tsconfig (nodenext would check its sources
 * as CommonJS), so only the calls used are typed here.
 */
interface PluginGraph {
  buildPicture(objects: readonly unknown[], at: string): unknown;
  graphView(
    picture: unknown,
    include: ReadonlySet<string>,
  ): { nodes: readonly unknown[]; edges: readonly unknown[] };
  layoutGraph(view: unknown): { width: number; height: number };
  computeLayout(view: unknown): { width: number; height: number };
  GRAPH_EDGE_TYPES: readonly string[];
}
async function pluginGraph(): Promise<PluginGraph> {
  const src = join(PLUGIN_ROOT, 'src');
  const [picture, layout] = (await Promise.all([
    import(pathToFileURL(join(src, 'picture.ts')).href),
    import(pathToFileURL(join(src, 'layout.ts')).href),
  ])) as [
    Omit<PluginGraph, 'layoutGraph' | 'computeLayout'>,
    Pick<PluginGraph, 'layoutGraph' | 'computeLayout'>,
  ];
  return { ...picture, layoutGraph: layout.layoutGraph, computeLayout: layout.computeLayout };
}

const PROBE = readFileSync(join(BENCH_DIR, 'headlamp-render-probe.js'), 'utf8');

interface Probe {
  committedAt?: number;
  lastChangeAt?: number;
  paintedAt?: number;
  changes: { at: number; paintedAt?: number }[];
  longTasks: { start: number; duration: number }[];
  measures: { name: string; start: number; duration: number }[];
}

interface PageRun {
  /** Navigation start → first LIST request (host shell and plugin loaded, graph page mounted). */
  shellMs: number;
  /** Navigation start → the last LIST answer received (all data in the page). */
  dataMs: number;
  /** Navigation start → every node in the SVG (the render committed). */
  committedMs: number;
  /** Navigation start → the last change of the graph painted (fit-to-view included). */
  drawnMs: number;
  /** Data arrival → drawn: what the plugin does with the data (diagnosis, view, layout, React, paint). */
  graphMs: number;
  /** The plugin's User Timing measures, in the page. */
  pictureMs?: number;
  graphViewMs?: number;
  layoutMs?: number;
  /** Longest main-thread task after navigation, and the sum of (task − 50 ms) after data arrival. */
  longestTaskMs: number;
  /** The longest task after the data arrived: the freeze the graph itself causes. */
  graphTaskMs: number;
  blockingMs: number;
  nodes: number;
  edges: number;
  domNodes: number;
  heapMiB: number;
  /** "Zoom in" clicks, click → painted, ms each. */
  zoomMs: number[];
  /**
   * Scrolling in from the fitted view to a readable scale (≥ 0.6) at the SVG's centre, wheel
   * step by wheel step (×1.1 each), then dragging 10 × 60 px there: each event → painted, ms.
   */
  wheelMs: number[];
  panMs: number[];
  floorMs: number;
  poll?: { longestTaskMs: number; changes: number };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length === 0
    ? Number.NaN
    : sorted.length % 2 === 1
      ? sorted[mid]!
      : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const min = (values: readonly number[]) => Math.min(...values);
/** `{ [key]: value }` rounded, or `{}` when undefined (exactOptionalPropertyTypes). */
const optional = <K extends string>(key: K, value: number | undefined) =>
  (value === undefined ? {} : { [key]: round(value) }) as { [P in K]?: number };

function flags(args: readonly string[]) {
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  return {
    sizes: (flag('--sizes') ?? '200,1000,2000').split(',').map(Number),
    runs: Math.max(1, Number(flag('--runs') ?? 3)),
    seed: Number(flag('--seed') ?? 1),
    managedPerObject: Number(flag('--managed') ?? 10),
    poll: args.includes('--poll'),
    build: !args.includes('--no-build'),
    screenshots: args.includes('--screenshots'),
    /** A CPU profile of the page (navigation → drawn) in the first run of each size. */
    profile: args.includes('--profile'),
    /** Another build of the plugin (a folder holding main.js), e.g. to measure before and after a change. */
    pluginDir: flag('--plugin-dir') ?? join(PLUGIN_ROOT, 'dist'),
  };
}

/** The plugin as Headlamp loads it (core bundled in) and the host page, as the browser test builds them. */
function build(): { pluginMs: number; hostMs: number } {
  // NODE_ENV=test or development would make the JSX transform use React's dev runtime.
  const options = {
    cwd: PLUGIN_ROOT,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  } as const;
  let start = performance.now();
  execFileSync(join(PLUGIN_ROOT, 'node_modules/.bin/headlamp-plugin'), ['build'], options);
  const pluginMs = performance.now() - start;
  start = performance.now();
  execFileSync(process.execPath, ['scripts/build-test-host.mjs', '--if-stale'], options);
  return { pluginMs, hostMs: performance.now() - start };
}

/** The same computation the page does, in Node, on the same objects. */
function nodeSide(plugin: PluginGraph, objects: readonly unknown[], at: string, runs: number) {
  const { buildPicture, graphView, layoutGraph, computeLayout, GRAPH_EDGE_TYPES } = plugin;
  const pictureTimes: number[] = [];
  const viewTimes: number[] = [];
  const layoutTimes: number[] = [];
  const cachedTimes: number[] = [];
  let nodes = 0;
  let edges = 0;
  let size = { width: 0, height: 0 };
  const include = new Set<string>(GRAPH_EDGE_TYPES.filter((t) => t !== 'controller'));
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    const picture = buildPicture(objects, at);
    pictureTimes.push(performance.now() - start);
    start = performance.now();
    const view = graphView(picture, include);
    viewTimes.push(performance.now() - start);
    start = performance.now();
    const layout = computeLayout(view);
    layoutTimes.push(performance.now() - start);
    // What a refresh with the same structure costs: the cache lookup (its key is built each time).
    layoutGraph(view);
    start = performance.now();
    layoutGraph(view);
    cachedTimes.push(performance.now() - start);
    nodes = view.nodes.length;
    edges = view.edges.length;
    size = { width: Math.round(layout.width), height: Math.round(layout.height) };
    // A slow layout (tens of seconds before the fix) is measured once.
    if (layoutTimes[0]! > 10_000) break;
  }
  return {
    nodes,
    edges,
    layoutSize: size,
    pictureMs: round(median(pictureTimes)),
    graphViewMs: round(median(viewTimes)),
    layoutMs: round(median(layoutTimes)),
    layoutMinMs: round(min(layoutTimes)),
    layoutCachedMs: round(median(cachedTimes), 2),
  };
}

async function openPage(browser: Browser, host: BenchHost, path: string) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // Loopback only: Headlamp's sidebar would fetch unbundled icons from the internet.
  await page.setRequestInterception(true);
  page.on('request', (r) => (r.url().startsWith(host.url) ? r.continue() : r.abort()));
  return { context, page, errors, url: `${host.url}${path}` };
}

/**
 * The plugin's requests (discovery, then one LIST per kind), not the shell's (version, access
 * review, CRDs): the data the graph waits for.
 */
const PLUGIN_REQUEST = `/^\\/clusters\\/${CLUSTER}\\/(apis|api\\/v1\\/[a-z]+|apis\\/(?!apiextensions|authorization)[^/]+\\/[^/]+\\/[a-z]+)$/`;

const AFTER_PAINT = `new Promise((resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = resolve;
  channel.port2.postMessage(0);
}))`;

async function graphRun(
  browser: Browser,
  host: BenchHost,
  expected: number,
  options: { floorSvg: boolean; poll: boolean; screenshot?: string; profile?: string },
): Promise<{ run: Omit<PageRun, 'floorMs'>; svg?: string; hotspots?: Hotspot[] }> {
  const { context, page, errors, url } = await openPage(browser, host, `/c/${CLUSTER}/strata/graph`);
  try {
    await page.evaluateOnNewDocument(`${PROBE}\nstrataBenchProbe(${expected});`);
    let profiler: CdpSession | undefined;
    if (options.profile !== undefined) {
      profiler = await page.createCDPSession();
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.setSamplingInterval', { interval: 500 });
      await profiler.send('Profiler.start');
    }
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS });
    // Drawn: every node in the SVG, its last change painted, then a quiet second.
    await page.waitForFunction(
      `(() => {
        const p = window.strataBench;
        if (window.strataHost?.error !== undefined) return true;
        return p !== undefined && p.paintedAt !== undefined && p.paintedAt >= p.lastChangeAt
          && performance.now() - p.lastChangeAt > 1000;
      })()`,
      { timeout: PAGE_TIMEOUT_MS, polling: 100 },
    );
    let hotspots: Hotspot[] | undefined;
    if (profiler !== undefined && options.profile !== undefined) {
      const { profile } = (await profiler.send('Profiler.stop')) as { profile: CpuProfile };
      await profiler.detach();
      writeFileSync(options.profile, JSON.stringify(profile));
      hotspots = summariseProfile(profile);
    }
    const hostError = await page.evaluate<string | undefined>('window.strataHost?.error');
    if (hostError !== undefined) throw new Error(`host page failed: ${hostError}; ${errors.join('; ')}`);
    const state = await page.evaluate<{
      probe: Probe;
      requests: { path: string; start: number; end: number }[];
      nodes: number;
      edges: number;
    }>(`(() => {
      const svg = document.querySelector('svg[data-testid="dependency-graph"]');
      return {
        probe: window.strataBench,
        requests: performance.getEntriesByType('resource')
          .map((r) => ({ path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd }))
          .filter((r) => ${PLUGIN_REQUEST}.test(r.path)),
        nodes: svg.querySelectorAll('[data-testid="graph-node"]').length,
        edges: svg.querySelectorAll('path[data-edge-type]').length,
      };
    })()`);
    const probe = state.probe;
    // The first load: every plugin request before the second refresh's discovery (a refresh
    // starts with /apis; at 2,000 nodes before the fix, one began as soon as the first drawing
    // ended). What the page drew before that refresh's data arrived is the first drawing.
    const discoveries = state.requests.filter((r) => r.path.endsWith('/apis')).map((r) => r.start);
    const secondRefresh = discoveries.sort((a, b) => a - b)[1] ?? Number.POSITIVE_INFINITY;
    const first = state.requests.filter((r) => r.start < secondRefresh);
    const secondDataAt = Math.max(
      secondRefresh,
      ...state.requests.filter((r) => r.start >= secondRefresh).map((r) => r.end),
    );
    const shellMs = min(first.map((l) => l.start));
    const dataMs = Math.max(...first.map((l) => l.end));
    const drawnMs = Math.max(
      ...probe.changes.filter((c) => c.at < secondDataAt).map((c) => c.paintedAt ?? Number.NaN),
    );
    const firstMeasure = (name: string) =>
      probe.measures.filter((m) => m.name === name).sort((a, b) => a.start - b.start)[0]?.duration;
    const firstLoad = probe.longTasks.filter((t) => t.start < drawnMs);
    const longest = firstLoad.reduce((m, t) => Math.max(m, t.duration), 0);
    const graphTasks = firstLoad.filter((t) => t.start + t.duration > dataMs);
    const graphTask = graphTasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const blocking = firstLoad
      .filter((t) => t.start + t.duration > dataMs)
      .reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0);
    const svg = options.floorSvg
      ? await page.evaluate<string>(`document.querySelector('svg[data-testid="dependency-graph"]').outerHTML`)
      : undefined;
    if (options.screenshot !== undefined) await page.screenshot({ path: options.screenshot });

    // Heap after a full GC, and the DOM size.
    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const metrics = await page.metrics();

    // "Zoom in", five times, click → painted.
    const zoomMs = await page.evaluate<number[]>(`(async () => {
      const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Zoom in');
      const times = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        button.click();
        await ${AFTER_PAINT};
        times.push(performance.now() - start);
      }
      return times;
    })()`);

    const [wheelMs, panMs] = await page.evaluate<[number[], number[]]>(`(async () => {
      const svg = document.querySelector('svg[data-testid="dependency-graph"]');
      const scale = () => Number(/scale\\(([^)]+)\\)/.exec(svg.querySelector(':scope > g').getAttribute('transform'))[1]);
      const box = svg.getBoundingClientRect();
      const at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true };
      const timed = async (fire) => {
        const start = performance.now();
        fire();
        await ${AFTER_PAINT};
        return performance.now() - start;
      };
      const wheel = [];
      while (scale() < 0.6 && wheel.length < 80) {
        wheel.push(await timed(() => svg.dispatchEvent(new WheelEvent('wheel', { ...at, deltaY: -100, cancelable: true }))));
      }
      const pan = [];
      svg.dispatchEvent(new MouseEvent('mousedown', at));
      for (let i = 1; i <= 10; i++) {
        pan.push(await timed(() => svg.dispatchEvent(new MouseEvent('mousemove', { ...at, clientX: at.clientX - 60 * i }))));
      }
      svg.dispatchEvent(new MouseEvent('mouseup', at));
      return [wheel, pan];
    })()`);

    let poll: PageRun['poll'];
    if (options.poll) {
      // The plugin refreshes POLL_MS after its last load ended; wait for that refresh's LISTs and
      // the render after them, then take the longest task since the refresh began.
      const [since, changesBefore] = await page.evaluate<[number, number]>(
        '[performance.now(), window.strataBench.changes.length]',
      );
      await page.waitForFunction(
        `(() => {
          const lists = performance.getEntriesByType('resource')
            .filter((r) => ${PLUGIN_REQUEST}.test(new URL(r.name).pathname) && r.startTime > ${since});
          if (lists.length === 0) return false;
          const p = window.strataBench;
          const end = Math.max(...lists.map((r) => r.responseEnd));
          return end > 0 && performance.now() - Math.max(end, p.lastChangeAt) > 2000;
        })()`,
        { timeout: POLL_MS * 4 + PAGE_TIMEOUT_MS, polling: 200 },
      );
      const after = await page.evaluate<Probe>('window.strataBench');
      poll = {
        longestTaskMs: round(
          after.longTasks.filter((t) => t.start > since).reduce((m, t) => Math.max(m, t.duration), 0),
        ),
        changes: after.changes.length - changesBefore,
      };
    }
    return {
      run: {
        shellMs: round(shellMs),
        dataMs: round(dataMs),
        committedMs: round(probe.committedAt!),
        drawnMs: round(drawnMs),
        graphMs: round(drawnMs - dataMs),
        ...optional('pictureMs', firstMeasure('strata:picture')),
        ...optional('graphViewMs', firstMeasure('strata:graph-view')),
        ...optional('layoutMs', firstMeasure('strata:layout')),
        longestTaskMs: round(longest),
        graphTaskMs: round(graphTask),
        blockingMs: round(blocking),
        nodes: state.nodes,
        edges: state.edges,
        domNodes: metrics.Nodes ?? 0,
        heapMiB: round((metrics.JSHeapUsedSize ?? 0) / 2 ** 20),
        zoomMs: zoomMs.map((z) => round(z)),
        wheelMs: wheelMs.map((z) => round(z)),
        panMs: panMs.map((z) => round(z)),
        ...(poll === undefined ? {} : { poll }),
      },
      ...(svg === undefined ? {} : { svg }),
      ...(hotspots === undefined ? {} : { hotspots }),
    };
  } finally {
    await context.close();
  }
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}
interface Hotspot {
  readonly function: string;
  readonly selfMs: number;
  readonly totalMs: number;
}

/** The functions with the most self time, with their total (inclusive) time. */
function summariseProfile(profile: CpuProfile, top = 25): Hotspot[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split('/').at(-1) ?? '';
    return `${frame.functionName || '(anonymous)'}${file === '' ? '' : ` ${file}:${frame.lineNumber + 1}`}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  profile.samples.forEach((sample, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(name(sample), (self.get(name(sample)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const key = name(id);
      if (seen.has(key)) continue;
      seen.add(key);
      total.set(key, (total.get(key) ?? 0) + ms);
    }
  });
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, ms]) => ({ function: fn, selfMs: round(ms), totalMs: round(total.get(fn) ?? 0) }));
}

/** The floor: the graph's own SVG markup inserted into a blank page of the same host, until painted. */
async function floorRun(browser: Browser, host: BenchHost): Promise<number> {
  const { context, page, url } = await openPage(browser, host, '/bench/floor');
  try {
    await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    await page.waitForFunction('window.strataFloor !== undefined', { timeout: PAGE_TIMEOUT_MS, polling: 50 });
    return round(await page.evaluate<number>('window.strataFloor.ms'));
  } finally {
    await context.close();
  }
}

export async function headlampSuite(args: readonly string[]): Promise<void> {
  const options = flags(args);
  let builds: ReturnType<typeof build> | undefined;
  if (options.build) {
    process.stderr.write('headlamp: building the plugin and the test host…\n');
    builds = build();
  }
  const { browser, profile } = await launchChromium<Browser>({
    pluginRoot: PLUGIN_ROOT,
    profilePrefix: 'strata-bench-chromium-',
    launch: { protocolTimeout: PAGE_TIMEOUT_MS },
  });
  const chromium = await browser.version();
  const plugin = await pluginGraph();
  // The page diagnoses at its own clock: the cluster is generated "now" so ages read as meant.
  const at = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
  const sizes: Record<string, unknown>[] = [];
  const rows: (string | number)[][] = [];
  const profiles: { gitops: number; hotspots: Hotspot[] }[] = [];
  try {
    let previous: { nodes: number; drawnMs: number; graphMs: number } | undefined;
    for (const gitops of options.sizes) {
      process.stderr.write(`headlamp: ${gitops} GitOps objects (×${options.managedPerObject} managed)…\n`);
      const cluster = syntheticCluster({
        seed: options.seed,
        gitops,
        managedPerObject: options.managedPerObject,
        at,
      });
      const objects = cluster.objects as unknown as Record<string, unknown>[];
      const node = nodeSide(plugin, objects, at, Math.min(options.runs, 3));
      process.stderr.write(
        `headlamp:   graph ${node.nodes} nodes, ${node.edges} edges; Node layout ${node.layoutMs} ms\n`,
      );
      const host = await startBenchHost({
        hostDir: join(PLUGIN_ROOT, 'dist-test-host'),
        pluginDir: options.pluginDir,
        cluster: CLUSTER,
        objects,
      });
      const runs: PageRun[] = [];
      try {
        for (let r = 0; r < options.runs; r++) {
          const last = r === options.runs - 1;
          const { run, svg, hotspots } = await graphRun(browser, host, node.nodes, {
            floorSvg: true,
            poll: options.poll && last,
            ...(options.profile && r === 0
              ? { profile: join(ensureDir(PROFILES_DIR), `headlamp-page-${gitops}.cpuprofile`) }
              : {}),
            ...(options.screenshots && last
              ? { screenshot: join(ensureDir(PROFILES_DIR), `headlamp-graph-${gitops}.png`) }
              : {}),
          });
          host.setFloorSvg(svg!);
          if (hotspots !== undefined) {
            profiles.push({ gitops, hotspots });
            process.stderr.write(
              `${table(
                ['function (page, navigation → drawn)', 'self ms', 'total ms'],
                hotspots.map((h) => [h.function, h.selfMs, h.totalMs]),
              )}\n`,
            );
          }
          const floorMs = await floorRun(browser, host);
          runs.push({ ...run, floorMs });
          process.stderr.write(
            `headlamp:   run ${r + 1}: drawn ${run.drawnMs} ms (data ${run.dataMs}, layout ${run.layoutMs ?? '?'}), floor ${floorMs} ms\n`,
          );
        }
      } finally {
        await host.close();
      }
      const pick = (f: (r: PageRun) => number | undefined) => {
        const values = runs.map(f).filter((v): v is number => v !== undefined);
        return { median: round(median(values)), min: round(min(values)) };
      };
      const summary = {
        shellMs: pick((r) => r.shellMs),
        dataMs: pick((r) => r.dataMs),
        committedMs: pick((r) => r.committedMs),
        drawnMs: pick((r) => r.drawnMs),
        graphMs: pick((r) => r.graphMs),
        pictureMs: pick((r) => r.pictureMs),
        graphViewMs: pick((r) => r.graphViewMs),
        layoutMs: pick((r) => r.layoutMs),
        longestTaskMs: pick((r) => r.longestTaskMs),
        graphTaskMs: pick((r) => r.graphTaskMs),
        blockingMs: pick((r) => r.blockingMs),
        heapMiB: pick((r) => r.heapMiB),
        zoomMs: pick((r) => median(r.zoomMs)),
        wheelMs: pick((r) => median(r.wheelMs)),
        wheelMaxMs: pick((r) => Math.max(...r.wheelMs)),
        panMs: pick((r) => median(r.panMs)),
        panMaxMs: pick((r) => Math.max(...r.panMs)),
        floorMs: pick((r) => r.floorMs),
      };
      const growth = (now: number, before: number, beforeNodes: number) =>
        round((now / before / (node.nodes / beforeNodes)) * 10, 1);
      const ratios = {
        graphToFloor: round(summary.graphMs.median / summary.floorMs.median, 2),
        drawnToFloor: round(summary.drawnMs.median / summary.floorMs.median, 2),
        layoutShareOfGraph: round((summary.layoutMs.median || 0) / summary.graphMs.median, 2),
      };
      const growthPer10x =
        previous === undefined
          ? undefined
          : {
              drawn: growth(summary.drawnMs.median, previous.drawnMs, previous.nodes),
              graph: growth(summary.graphMs.median, previous.graphMs, previous.nodes),
            };
      previous = { nodes: node.nodes, drawnMs: summary.drawnMs.median, graphMs: summary.graphMs.median };
      const pollRun = runs.find((r) => r.poll !== undefined)?.poll;
      sizes.push({
        gitops,
        objects: objects.length,
        counts: cluster.counts,
        node,
        page: summary,
        ratios,
        growthPer10x,
        poll: pollRun,
        listBytes: [...host.served.values()].reduce((a, b) => a + b, 0),
        unanswered: [...host.missing],
        runs,
      });
      rows.push([
        gitops,
        node.nodes,
        node.edges,
        objects.length,
        node.layoutMs,
        summary.dataMs.median,
        `${summary.drawnMs.median} (${summary.drawnMs.min})`,
        summary.graphMs.median,
        summary.pictureMs.median,
        summary.layoutMs.median,
        summary.graphTaskMs.median,
        summary.floorMs.median,
        ratios.graphToFloor,
        growthPer10x?.graph ?? '—',
        summary.heapMiB.median,
        runs[0]?.domNodes ?? 0,
        summary.zoomMs.median,
        `${summary.wheelMs.median} / ${summary.wheelMaxMs.median}`,
        `${summary.panMs.median} / ${summary.panMaxMs.median}`,
        pollRun?.longestTaskMs ?? '—',
      ]);
    }
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${table(
      [
        'GitOps',
        'nodes',
        'edges',
        'objects',
        'Node layout ms',
        'data ms',
        'drawn ms (min)',
        'graph ms',
        'picture ms',
        'layout ms',
        'graph task ms',
        'floor ms',
        '×floor',
        'growth/10×',
        'heap MiB',
        'DOM nodes',
        'zoom ms',
        'wheel ms med/max',
        'pan ms med/max',
        'poll task ms',
      ],
      rows,
    )}\n`,
  );
  writeResults('headlamp-render', {
    suite: 'headlamp-render',
    seed: options.seed,
    managedPerObject: options.managedPerObject,
    runs: options.runs,
    at,
    chromium,
    plugin: `${options.pluginDir}/main.js`,
    builds,
    machine: machine(),
    sizes,
    ...(profiles.length === 0 ? {} : { profiles }),
  });
}
