/**
 * What the `live` and `watch` suites share: a seeded test API server (test/cluster), timed child
 * processes with their peak RSS, /proc readings (CPU time, RSS) of running processes, the
 * strata command to run (built or from sources), and quantiles.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Cluster, startCluster } from '../test/cluster/harness.ts';
import { KubeApiError, type KubeObject } from '../test/cluster/rest.ts';
import { ROOT } from './lib.ts';
import { type LiveCluster, type LiveClusterOptions, liveCluster } from './live-cluster.ts';
import { seedInBatches } from './seed-batch.ts';

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export const wallNow = () => performance.timeOrigin + performance.now();

export const log = (message: string) => process.stderr.write(`${message}\n`);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Arguments

export function argReader(args: readonly string[]) {
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args[i + 1];
  };
  return {
    flag,
    number: (name: string, fallback: number): number => {
      const value = flag(name);
      if (value === undefined) return fallback;
      const n = Number(value);
      if (!Number.isFinite(n)) throw new Error(`${name} needs a number, not '${value}'`);
      return n;
    },
    has: (name: string) => args.includes(name),
  };
}

export type ArgReader = ReturnType<typeof argReader>;

/**
 * The seeded cluster of the suites that start one (`live`, `watch`, `serve`, `headlamp-live`):
 * `--seed 1 --ks 5000 --hr 5000 --apps 2000 --managed 0` unless the arguments say otherwise.
 */
export function clusterArgs(arg: ArgReader) {
  return {
    seed: arg.number('--seed', 1),
    kustomizations: arg.number('--ks', 5_000),
    helmReleases: arg.number('--hr', 5_000),
    applications: arg.number('--apps', 2_000),
    managedPerObject: arg.number('--managed', 0),
  };
}

// ---------------------------------------------------------------------------------------------
// The strata command: the built bin (what users run) or the sources through tsx.

export interface StrataCommand {
  readonly mode: 'dist' | 'source';
  /** Node options before everything else (`--cpu-prof …` with `--cpu-prof`). */
  readonly profileArgs: readonly string[];
  /** Node arguments before the strata arguments (script path included). */
  readonly nodeArgs: readonly string[];
  /** What it is, for the results. */
  readonly describe: string;
}

const TUI_DIST_BIN = join(ROOT, 'packages/tui/dist/bin/strata.js');
const TUI_SRC_BIN = join(ROOT, 'packages/tui/src/bin/strata.ts');
const CORE_DIST = join(ROOT, 'packages/core/dist/index.js');

/** The Node options the bin's `#!/usr/bin/env -S node …` line gives it: what users run. */
function binNodeOptions(): string[] {
  const first = readFileSync(TUI_SRC_BIN, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env(?: -S)? node(.*)$/.exec(first);
  return (
    match?.[1]
      ?.trim()
      .split(/\s+/)
      .filter((a) => a !== '') ?? []
  );
}

function newestMtime(dir: string): number {
  let newest = 0;
  const out = spawnSync('find', [dir, '-name', '*.ts', '-newermt', '@0', '-printf', '%T@\\n'], {
    encoding: 'utf8',
  });
  for (const line of out.stdout.split('\n')) if (line !== '') newest = Math.max(newest, Number(line) * 1000);
  return newest;
}

/**
 * The built strata (packages/tui/dist with packages/core/dist, `pnpm build`), unless `source`:
 * then packages/*\/src through tsx. Warns when a dist folder is older than its sources. With
 * `cpuProfile`, every strata process writes a CPU profile under bench/results/profiles/.
 */
export function strataCommand(
  source: boolean,
  cpuProfile = false,
  /** Replaces the bin's own Node options (`--node-options "--max-semi-space-size=16"`). */
  nodeOptions?: string,
): StrataCommand {
  const binOptions =
    nodeOptions === undefined ? binNodeOptions() : nodeOptions.split(/\s+/).filter((a) => a !== '');
  // CPU profiles of every strata process, for `node --cpu-prof`'s usual readers (DevTools…).
  const profileArgs = cpuProfile
    ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench/results/profiles')}`]
    : [];
  if (source) {
    return {
      mode: 'source',
      profileArgs,
      nodeArgs: [
        ...profileArgs,
        ...binOptions,
        '--conditions=@strata/source',
        '--import',
        'tsx',
        TUI_SRC_BIN,
      ],
      describe:
        'sources through tsx (node --conditions=@strata/source --import tsx packages/tui/src/bin/strata.ts)',
    };
  }
  for (const [bin, pkg] of [
    [TUI_DIST_BIN, 'packages/tui'],
    [CORE_DIST, 'packages/core'],
  ] as const) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run pnpm build first (or pass --source)`);
    const built = statSync(bin).mtimeMs;
    const changed = newestMtime(join(ROOT, pkg, 'src'));
    if (changed > built) {
      log(
        `warning: ${pkg}/dist is older than ${pkg}/src (built ${new Date(built).toISOString()}, src changed ${new Date(changed).toISOString()}): run pnpm build to measure the current code`,
      );
    }
  }
  return {
    mode: 'dist',
    profileArgs,
    nodeArgs: [...profileArgs, ...binOptions, TUI_DIST_BIN],
    describe: `built (node ${binOptions.join(' ')} packages/tui/dist/bin/strata.js${nodeOptions === undefined ? ', as its #! line runs it' : ''}, with packages/core/dist)`,
  };
}

/** When each dist was built, for the results. */
export function distInfo(): Record<string, string | undefined> {
  const at = (path: string) =>
    existsSync(path) ? new Date(statSync(path).mtimeMs).toISOString() : undefined;
  return { tuiDistBuilt: at(TUI_DIST_BIN), coreDistBuilt: at(CORE_DIST) };
}

// ---------------------------------------------------------------------------------------------
// The seeded cluster

export interface SeededCluster {
  readonly cluster: Cluster;
  readonly data: LiveCluster;
  readonly seeding: {
    readonly generateMs: number;
    readonly startMs: number;
    readonly seedMs: number;
    readonly objects: number;
    readonly objectsPerSecond: number;
    readonly failed: number;
  };
  /** Objects per collection strata lists, as the server lists them (kind → count). */
  readonly listed: Record<string, number>;
  /** Flux and Argo CD objects the server lists: what strata's summary must count. */
  readonly gitopsListed: number;
}

/** The collections strata lists: core's picture (packages/core/src/cluster-needs.ts). */
export interface Collection {
  /** The kind, with its field selector for a field-selected collection (`ConfigMap metadata.name=argocd-cm`). */
  readonly kind: string;
  /** A Flux or Argo CD kind (counted in strata's summary). */
  readonly gitops: boolean;
  readonly plural: string;
  readonly group: string;
  readonly version: string;
  readonly path: string;
}

/** Every collection strata's cluster adapter lists, for a server with the test CRDs. */
export async function strataCollections(cluster: Cluster): Promise<Collection[]> {
  const { GITOPS_KINDS, listPath, pictureResources, servedKind } = await import(
    '../packages/core/src/index.ts'
  );
  const served: import('../packages/core/src/index.ts').ServedKind[] = [];
  for (const kind of GITOPS_KINDS) {
    const version = kind.versions[0] ?? 'v1';
    // The CRDs serve every version; strata reads the newest one served (packages/kube/src/discovery.ts).
    const resources = await cluster.client.resources(`${kind.group}/${version}`);
    if (resources.some((r) => r.kind === kind.kind)) served.push(servedKind(kind, version));
  }
  return pictureResources(served).map((r) => ({
    kind: r.fieldSelector === undefined ? r.kind : `${r.kind} ${r.fieldSelector}`,
    gitops: r.tool !== undefined,
    plural: r.plural,
    group: r.group,
    version: r.version,
    path: listPath(r),
  }));
}

export async function seededCluster(
  options: LiveClusterOptions & { readonly concurrency?: number },
): Promise<SeededCluster> {
  let started = performance.now();
  const data = liveCluster(options);
  const generateMs = performance.now() - started;
  const kinds = Object.entries(data.kinds)
    .map(([k, n]) => `${n.toLocaleString('en')} ${k}`)
    .join(', ');
  log(
    `cluster: generated ${data.objects.length.toLocaleString('en')} objects (${kinds}) in ${Math.round(generateMs)} ms`,
  );

  started = performance.now();
  const cluster = await startCluster({ stopGraceMs: 2_000 });
  const startMs = performance.now() - started;
  log(
    `cluster: kube-apiserver ready at ${cluster.server} in ${Math.round(startMs)} ms (kubeconfig ${cluster.kubeconfigPath})`,
  );
  try {
    started = performance.now();
    let lastLog = 0;
    const to = new Date().toISOString();
    const result = await seedInBatches(cluster, data.objects, {
      // Timestamps move to now: ages read as generated, nothing looks stale.
      timeShift: { from: data.at, to },
      concurrency: options.concurrency ?? 8,
      batchSize: 100,
      onError: 'collect',
      onProgress: (done, total) => {
        const now = performance.now();
        if (now - lastLog < 5_000 && done < total) return;
        lastLog = now;
        const seconds = (now - started) / 1000;
        log(
          `cluster: seeded ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.round((done / total) * 100)} %) in ${seconds.toFixed(0)} s, ${Math.round(done / seconds)} objects/s`,
        );
      },
    });
    const seedMs = performance.now() - started;
    if (result.failed.length > 0) {
      for (const f of result.failed.slice(0, 5)) log(`cluster: seed failed: ${f.error}`);
      throw new Error(`seeding failed for ${result.failed.length} objects`);
    }
    // Also waits until every collection lists: the watch cache of a resource nobody has listed
    // yet answers 429 "storage is (re)initializing" for a moment, which no contender should meet.
    const listed: Record<string, number> = {};
    let gitopsListed = 0;
    for (const collection of await strataCollections(cluster)) {
      for (let attempt = 1; ; attempt++) {
        try {
          const list = await cluster.client.get<{ items: unknown[] }>(collection.path);
          listed[collection.kind] = list.items.length;
          if (collection.gitops) gitopsListed += list.items.length;
          break;
        } catch (error) {
          if (attempt >= 100 || !(error instanceof KubeApiError && error.status === 429)) throw error;
          await sleep(100);
        }
      }
    }
    for (const [kind, count] of Object.entries(data.kinds)) {
      if (listed[kind] !== undefined && listed[kind] !== count) {
        throw new Error(`the server lists ${listed[kind]} ${kind} objects, ${count} were seeded`);
      }
    }
    log(
      `cluster: seeded ${result.seeded.length.toLocaleString('en')} objects in ${(seedMs / 1000).toFixed(1)} s (${Math.round(result.seeded.length / (seedMs / 1000))} objects/s); the server lists them all`,
    );
    return {
      cluster,
      data,
      seeding: {
        generateMs: Math.round(generateMs),
        startMs: Math.round(startMs),
        seedMs: Math.round(seedMs),
        objects: result.seeded.length,
        objectsPerSecond: Math.round(result.seeded.length / (seedMs / 1000)),
        failed: result.failed.length,
      },
      listed,
      gitopsListed,
    };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

/** Runs `work` with a seeded cluster and stops the cluster however `work` ends. */
export async function withSeededCluster<T>(
  options: LiveClusterOptions & { readonly concurrency?: number },
  work: (seeded: SeededCluster) => Promise<T>,
): Promise<T> {
  const seeded = await seededCluster(options);
  try {
    return await work(seeded);
  } finally {
    const started = performance.now();
    await seeded.cluster.stop();
    log(`cluster: stopped in ${Math.round(performance.now() - started)} ms`);
  }
}

export type { KubeObject };

// ---------------------------------------------------------------------------------------------
// Processes

export interface ProcStat {
  /** utime + stime, in milliseconds of CPU. */
  readonly cpuMs: number;
  readonly rssMiB: number;
  /** Peak RSS so far (VmHWM). */
  readonly hwmMiB: number;
}

const CLOCK_TICKS = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** CPU time and memory of a running process, from /proc; undefined once it is gone. */
export function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid …: comm may hold spaces; fields after the last ')' start at 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string) => {
      const line = status.split('\n').find((l) => l.startsWith(`${name}:`));
      return line === undefined ? Number.NaN : Number.parseInt(line.replace(/\D+/g, ''), 10);
    };
    return {
      cpuMs: ((utime + stime) / CLOCK_TICKS) * 1000,
      rssMiB: kib('VmRSS') / 1024,
      hwmMiB: kib('VmHWM') / 1024,
    };
  } catch {
    return undefined;
  }
}

const TIME_BIN = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const TIME_MARK = 'STRATA_BENCH_TIME';

export interface TimedRun {
  readonly ms: number;
  readonly code: number | null;
  /** Peak RSS (max of the processes when several ran). */
  readonly peakRssMiB: number | undefined;
  readonly stderr: string;
}

/**
 * Runs a command to its end: wall time from spawn to exit, and its peak RSS (from
 * `/usr/bin/time -f %M`, i.e. the kernel's getrusage of the finished process; without
 * /usr/bin/time, VmHWM polled every 5 ms, which may miss a last peak). Stdout goes to a file.
 */
export function timed(
  command: string,
  args: readonly string[],
  options: { readonly stdout?: string; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const out = openSync(options.stdout ?? '/dev/null', 'w');
    let child: ChildProcess;
    const started = performance.now();
    try {
      child =
        TIME_BIN === undefined
          ? spawn(command, args, {
              stdio: ['ignore', out, 'pipe'],
              env: options.env ?? process.env,
              cwd: options.cwd ?? ROOT,
            })
          : spawn(TIME_BIN, ['-f', `${TIME_MARK} %M`, command, ...args], {
              stdio: ['ignore', out, 'pipe'],
              env: options.env ?? process.env,
              cwd: options.cwd ?? ROOT,
            });
    } finally {
      closeSync(out);
    }
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
    });
    let polled = 0;
    const poll =
      TIME_BIN === undefined && child.pid !== undefined
        ? setInterval(() => {
            const stat = procStat(child.pid ?? 0);
            if (stat !== undefined) polled = Math.max(polled, stat.hwmMiB);
          }, 5)
        : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (poll !== undefined) clearInterval(poll);
      let peak: number | undefined = polled > 0 ? polled : undefined;
      const lines = stderr.split('\n');
      const mark = lines.findLast((l) => l.startsWith(TIME_MARK));
      if (mark !== undefined) {
        peak = Number(mark.slice(TIME_MARK.length + 1)) / 1024;
        stderr = lines.filter((l) => !l.startsWith(TIME_MARK)).join('\n');
      }
      // /usr/bin/time reports a failed command with its own line; keep the command's code.
      resolve({
        ms,
        code,
        peakRssMiB: peak,
        stderr: stderr.replace(/^Command exited with non-zero status \d+\n?/m, ''),
      });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Statistics

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function summary(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    min: round(sorted[0] ?? Number.NaN),
    p50: round(quantile(sorted, 0.5)),
    p90: round(quantile(sorted, 0.9)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}
