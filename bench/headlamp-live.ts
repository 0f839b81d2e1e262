/**
 * Suite `headlamp`: the Headlamp plugin against a real API server (test/cluster) seeded like the
 * `live` suite (5,000 Kustomizations, 5,000 HelmReleases, 2,000 Applications and what they need)
 * plus `--pods` Pods (default 50,000), through the SDK host page in headless Chromium, as
 * Headlamp runs it: the built plugin (`dist/main.js`) loaded by the test host, every request
 * proxied to the API server by test/headlamp/host-server.ts (websocket watches included), which
 * logs each one with its bytes.
 *
 *   pnpm bench headlamp [--pods 50000] [--runs 2] [--idle 60] [--baseline 5084eae] [--no-baseline]
 *                       [--ks 5000 --hr 5000 --apps 2000] [--no-build]
 *
 * Two builds, in the same run, on the same cluster, round-robin: `live` (this tree: list+watch into
 * one persistent model, evidence on demand) and `polling`, the baseline: the plugin as it was at
 * git ref `--baseline` (the last commit whose cluster-data.ts polled every 15 s), built from that
 * ref's `packages/headlamp-plugin/src` into a temporary folder. Per build and run, in a fresh
 * browser context:
 * - root causes: navigation to `/strata/rootcauses` → the ranked roots on screen (the first
 *   `root-cause-ref`), and → the top root's evidence Pod on screen.
 * - update latency: the top root's HelmRelease or Kustomization made Ready on the API server (its
 *   status written) → gone from the page; its old status written back → on the page again.
 * - idle: requests the page makes to the API server over `--idle` seconds with nothing changing,
 *   per minute, and their bytes (watches that stay open count once, when they start).
 * - heap: the tab's JS heap after a forced GC (CDP), and the DOM size.
 *
 * Writes bench/results/headlamp-<timestamp>.json and prints a table.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setReadyNow, setStatus } from '../test/cluster/seed.ts';
import { launchChromium } from '../test/headlamp/chromium.ts';
import { type ProxiedRequest, startHostServer } from '../test/headlamp/host-server.ts';
import {
  argReader,
  clusterArgs,
  log,
  median,
  round,
  type SeededCluster,
  sleep,
  withSeededCluster,
} from './cluster-bench.ts';
import type { Browser } from './headlamp-render.ts';
import { machine, ROOT, table, writeResults } from './lib.ts';
import { seedInBatches } from './seed-batch.ts';

const PLUGIN_ROOT = join(ROOT, 'packages/headlamp-plugin');
const CONTEXT = 'bench';
const PAGE_TIMEOUT_MS = 600_000;

interface Run {
  readonly build: string;
  /** Navigation → the ranked roots on screen. */
  readonly rootsMs: number;
  /** Navigation → the top root's evidence (a Pod) on screen; with `--managed` only (else no root has Pods). */
  readonly evidenceMs?: number;
  /** Requests and bytes from navigation until the page settled. */
  readonly loadRequests: number;
  readonly loadMiB: number;
  /** Status written (PUT answered) → the root gone from the page, and back. */
  readonly readyLatencyMs: number;
  readonly failingLatencyMs: number;
  /** While idle: requests per minute and MiB per minute; LISTs among them. */
  readonly idleRequestsPerMin: number;
  readonly idleListsPerMin: number;
  readonly idleMiBPerMin: number;
  readonly heapMiB: number;
  readonly domNodes: number;
  readonly root: string;
}

function flags(args: readonly string[]) {
  const arg = argReader(args);
  return {
    pods: arg.number('--pods', 50_000),
    runs: Math.max(1, arg.number('--runs', 2)),
    idleSeconds: arg.number('--idle', 60),
    baseline: args.includes('--no-baseline') ? undefined : (arg.flag('--baseline') ?? '5084eae'),
    build: !args.includes('--no-build'),
    /** With `--managed N`, N managed objects per GitOps object (Deployment, ReplicaSet, Pod, …): roots get evidence. */
    ...clusterArgs(arg),
  };
}

const BUILD_ENV = { ...process.env, NODE_ENV: 'production' };

/** Builds the plugin of `dir` (a package folder) with the SDK's build. */
function buildPlugin(dir: string): void {
  execFileSync(join(PLUGIN_ROOT, 'node_modules/.bin/headlamp-plugin'), ['build'], {
    cwd: dir,
    stdio: 'pipe',
    env: BUILD_ENV,
  });
}

/**
 * The plugin as it was at git ref `ref`: that ref's src/ in a temporary package folder (this
 * package.json, tsconfig and node_modules, so it bundles this tree's core), built. Returns the
 * folder holding main.js.
 */
function buildBaseline(ref: string): { dist: string; dir: string; commit: string } {
  const commit = execFileSync('git', ['rev-parse', ref], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'strata-headlamp-baseline-'));
  const archive = execFileSync('git', ['archive', '--format=tar', commit, 'packages/headlamp-plugin/src'], {
    cwd: ROOT,
    maxBuffer: 64 * 2 ** 20,
  });
  execFileSync('tar', ['-x', '-C', dir, '--strip-components=2'], { input: archive });
  cpSync(join(PLUGIN_ROOT, 'package.json'), join(dir, 'package.json'));
  // The package's tsconfig, its `extends` made absolute (the folder is outside the workspace).
  const tsconfig = JSON.parse(readFileSync(join(PLUGIN_ROOT, 'tsconfig.json'), 'utf8')) as {
    extends?: string;
  };
  if (tsconfig.extends !== undefined) tsconfig.extends = join(PLUGIN_ROOT, tsconfig.extends);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  symlinkSync(join(PLUGIN_ROOT, 'node_modules'), join(dir, 'node_modules'));
  buildPlugin(dir);
  return { dist: join(dir, 'dist'), dir, commit };
}

/** `--pods` plain Pods over 50 namespaces of their own: what a cluster-wide Pod LIST must carry. */
function fillerPods(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `filler-${i}`,
      namespace: `bench-pods-${i % 50}`,
      labels: { app: `filler-${i % 500}`, 'pod-template-hash': 'f00d' },
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: `registry.example.com/team/app-${i % 500}:1.${i % 7}.0`,
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: '10m', memory: '32Mi' } },
        },
      ],
    },
  }));
}

const API_VERSIONS: Record<string, string> = {
  HelmRelease: 'helm.toolkit.fluxcd.io/v2',
  Kustomization: 'kustomize.toolkit.fluxcd.io/v1',
};

const byPlugin = (r: ProxiedRequest) => !r.path.includes('selfsubject') && !r.path.startsWith('/version');
const isList = (r: ProxiedRequest) => r.method === 'GET';

async function pageRun(
  browser: Browser,
  hostUrl: string,
  requests: ProxiedRequest[],
  seeded: SeededCluster,
  build: string,
  idleSeconds: number,
  withEvidence: boolean,
): Promise<Run> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setRequestInterception(true);
    page.on('request', (r) => (r.url().startsWith(hostUrl) ? r.continue() : r.abort()));
    const start = Date.now();
    const firstRequest = requests.length;
    await page.goto(`${hostUrl}/c/${CONTEXT}/strata/rootcauses`, {
      waitUntil: 'domcontentloaded',
      timeout: PAGE_TIMEOUT_MS,
    });
    await page.waitForFunction('document.querySelector(\'[data-testid="root-cause-ref"]\') !== null', {
      timeout: PAGE_TIMEOUT_MS,
      polling: 50,
    });
    const rootsMs = Date.now() - start;
    const roots = await page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid="root-cause-ref"]')].map((e) => e.textContent)`,
    );
    let evidenceMs: number | undefined;
    if (withEvidence) {
      await page.waitForFunction(
        `[...document.querySelectorAll('[data-testid="evidence"]')].some((e) => e.textContent.startsWith('Pod/'))`,
        { timeout: PAGE_TIMEOUT_MS, polling: 50 },
      );
      evidenceMs = Date.now() - start;
    }
    // Settled: evidence read, first render done.
    await sleep(3_000);
    const load = requests.slice(firstRequest).filter(byPlugin);

    // Update latency: the highest-ranked root that is a Flux object on the server made Ready, then back.
    let original: Record<string, unknown> | undefined;
    let picked:
      | { root: string; ref: { apiVersion: string; kind: string; namespace: string; name: string } }
      | undefined;
    for (const candidate of roots) {
      const [kind, namespace, name] = candidate.split('/') as [string, string, string];
      const apiVersion = API_VERSIONS[kind];
      if (apiVersion === undefined) continue;
      const ref = { apiVersion, kind, namespace, name };
      try {
        original = await setReadyNow(seeded.cluster, ref, {
          reason: 'ReconciliationSucceeded',
          message: 'bench',
        });
      } catch {
        continue; // a root that does not exist (missing): the next one
      }
      picked = { root: candidate, ref };
      break;
    }
    if (picked === undefined) throw new Error(`no root to write among ${roots.slice(0, 5).join(', ')}`);
    const { root, ref } = picked;
    const shown = `[...document.querySelectorAll('[data-testid="root-cause-ref"]')].some((e) => e.textContent === ${JSON.stringify(root)})`;
    let written = Date.now();
    await page.waitForFunction(`!${shown}`, { timeout: PAGE_TIMEOUT_MS, polling: 20 });
    const readyLatencyMs = Date.now() - written;
    await setStatus(seeded.cluster, ref, () => original);
    written = Date.now();
    await page.waitForFunction(shown, { timeout: PAGE_TIMEOUT_MS, polling: 20 });
    const failingLatencyMs = Date.now() - written;
    await sleep(3_000);

    // Idle: nothing changes on the server.
    const idleFrom = requests.length;
    const idleStart = Date.now();
    await sleep(idleSeconds * 1000);
    const idle = requests.slice(idleFrom).filter(byPlugin);
    const minutes = (Date.now() - idleStart) / 60_000;

    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const metrics = await page.metrics();
    if (errors.length > 0) log(`headlamp:   page errors: ${errors.slice(0, 3).join('; ')}`);
    return {
      build,
      root,
      rootsMs,
      ...(evidenceMs === undefined ? {} : { evidenceMs }),
      loadRequests: load.length,
      loadMiB: round(load.reduce((s, r) => s + r.bytes, 0) / 2 ** 20),
      readyLatencyMs,
      failingLatencyMs,
      idleRequestsPerMin: round(idle.length / minutes),
      idleListsPerMin: round(idle.filter(isList).length / minutes),
      idleMiBPerMin: round(idle.reduce((s, r) => s + r.bytes, 0) / 2 ** 20 / minutes),
      heapMiB: round((metrics.JSHeapUsedSize ?? 0) / 2 ** 20),
      domNodes: metrics.Nodes ?? 0,
    };
  } finally {
    await context.close();
  }
}

export async function headlampLiveSuite(args: readonly string[]): Promise<void> {
  const options = flags(args);
  if (options.build) {
    log('headlamp: building the plugin and the test host…');
    buildPlugin(PLUGIN_ROOT);
    execFileSync(process.execPath, ['scripts/build-test-host.mjs', '--if-stale'], {
      cwd: PLUGIN_ROOT,
      stdio: 'pipe',
      env: BUILD_ENV,
    });
  }
  // The live build is copied aside: building the baseline must not touch it.
  const liveDist = mkdtempSync(join(tmpdir(), 'strata-headlamp-live-'));
  cpSync(join(PLUGIN_ROOT, 'dist'), liveDist, { recursive: true });
  const baseline = options.baseline === undefined ? undefined : buildBaseline(options.baseline);
  if (baseline !== undefined) log(`headlamp: baseline built from ${baseline.commit}`);
  const builds = [
    { name: 'live', dist: liveDist },
    ...(baseline === undefined ? [] : [{ name: 'polling', dist: baseline.dist }]),
  ];
  const runs: Run[] = [];
  let chromium = '';
  const result = await withSeededCluster(options, async (seeded) => {
    if (options.pods > 0) {
      const started = performance.now();
      let lastLog = 0;
      const seededPods = await seedInBatches(seeded.cluster, fillerPods(options.pods), {
        concurrency: 8,
        batchSize: 200,
        onError: 'collect',
        onProgress: (done, total) => {
          if (performance.now() - lastLog < 10_000 && done < total) return;
          lastLog = performance.now();
          log(`headlamp: pods ${done.toLocaleString('en')}/${total.toLocaleString('en')}`);
        },
      });
      if (seededPods.failed.length > 0) throw new Error(`seeding ${seededPods.failed.length} Pods failed`);
      log(
        `headlamp: ${options.pods.toLocaleString('en')} Pods seeded in ${round((performance.now() - started) / 1000)} s`,
      );
    }
    const hosts = await Promise.all(
      builds.map(async (b) => ({
        build: b.name,
        host: await startHostServer({
          hostDir: join(PLUGIN_ROOT, 'dist-test-host'),
          pluginDir: b.dist,
          cluster: {
            name: CONTEXT,
            server: seeded.cluster.server,
            token: seeded.cluster.adminToken,
            ca: seeded.cluster.ca,
          },
        }),
      })),
    );
    const { browser, profile } = await launchChromium<Browser>({
      pluginRoot: PLUGIN_ROOT,
      profilePrefix: 'strata-bench-chromium-',
      launch: { protocolTimeout: PAGE_TIMEOUT_MS },
    });
    try {
      chromium = await browser.version();
      for (let r = 0; r < options.runs; r++) {
        for (const { build, host } of hosts) {
          log(`headlamp: run ${r + 1}, ${build}…`);
          const run = await pageRun(
            browser,
            host.url,
            host.requests,
            seeded,
            build,
            options.idleSeconds,
            options.managedPerObject > 0,
          );
          runs.push(run);
          log(
            `headlamp:   roots ${run.rootsMs} ms, evidence ${run.evidenceMs} ms, update ${run.readyLatencyMs}/${run.failingLatencyMs} ms, idle ${run.idleRequestsPerMin} req/min (${run.idleMiBPerMin} MiB/min), heap ${run.heapMiB} MiB`,
          );
        }
      }
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
      for (const { host } of hosts) await host.close();
    }
    return { seeding: seeded.seeding, kinds: seeded.data.kinds, listed: seeded.listed };
  });
  rmSync(liveDist, { recursive: true, force: true });
  if (baseline !== undefined) rmSync(baseline.dir, { recursive: true, force: true });

  const summary = builds.map(({ name }) => {
    const mine = runs.filter((r) => r.build === name);
    const m = (f: (r: Run) => number | undefined) => {
      const values = mine.map(f).filter((v): v is number => v !== undefined);
      return values.length === 0 ? Number.NaN : round(median(values));
    };
    return {
      build: name,
      rootsMs: m((r) => r.rootsMs),
      evidenceMs: m((r) => r.evidenceMs),
      loadRequests: m((r) => r.loadRequests),
      loadMiB: m((r) => r.loadMiB),
      readyLatencyMs: m((r) => r.readyLatencyMs),
      failingLatencyMs: m((r) => r.failingLatencyMs),
      idleRequestsPerMin: m((r) => r.idleRequestsPerMin),
      idleListsPerMin: m((r) => r.idleListsPerMin),
      idleMiBPerMin: m((r) => r.idleMiBPerMin),
      heapMiB: m((r) => r.heapMiB),
      domNodes: m((r) => r.domNodes),
    };
  });
  const live = summary.find((s) => s.build === 'live');
  const polling = summary.find((s) => s.build === 'polling');
  const ratios =
    live === undefined || polling === undefined
      ? undefined
      : {
          rootsMs: round(live.rootsMs / polling.rootsMs, 2),
          readyLatencyMs: round(live.readyLatencyMs / polling.readyLatencyMs, 3),
          idleMiBPerMin:
            polling.idleMiBPerMin === 0 ? undefined : round(live.idleMiBPerMin / polling.idleMiBPerMin, 4),
          heapMiB: round(live.heapMiB / polling.heapMiB, 2),
        };
  process.stdout.write(
    `\n${table(
      [
        'build',
        'roots ms',
        'evidence ms',
        'load requests',
        'load MiB',
        'update ms (ready / failing)',
        'idle req/min',
        'idle LISTs/min',
        'idle MiB/min',
        'heap MiB',
        'DOM nodes',
      ],
      summary.map((s) => [
        s.build,
        s.rootsMs,
        s.evidenceMs,
        s.loadRequests,
        s.loadMiB,
        `${s.readyLatencyMs} / ${s.failingLatencyMs}`,
        s.idleRequestsPerMin,
        s.idleListsPerMin,
        s.idleMiBPerMin,
        s.heapMiB,
        s.domNodes,
      ]),
    )}\n${ratios === undefined ? '' : `live ÷ polling: ${JSON.stringify(ratios)}\n`}`,
  );
  writeResults('headlamp', {
    suite: 'headlamp',
    options,
    chromium,
    baseline: baseline?.commit,
    machine: machine(),
    cluster: result,
    pods: options.pods,
    summary,
    ratios,
    runs,
  });
}
