/**
 * `pnpm bench [core] [--sizes 1000,10000,100000] [--dist]`
 * `pnpm bench live [--runs 5] [--source] [--cpu-prof] [--ks 5000 --hr 5000 --apps 2000] [--managed 0]`
 * `pnpm bench headlamp [--pods 50000] [--runs 2] [--idle 60] [--baseline REF]` (the plugin live against a seeded API server)
 * `pnpm bench headlamp-render [--sizes 200,1000,2000] [--runs 3] [--poll] [--profile] [--screenshots]`
 * `pnpm bench files [--runs 3] [--objects 30000] [--chain 60000] [--cycle 10000]` (report --file: YAML vs JSON, a deep chain vs its parse floor)
 * `pnpm bench serve [--ks 5000 --hr 5000 --apps 2000]` (the live cluster, kept up for profiling)
 * `--node-options "…"` (live, watch): Node options for strata instead of those of the bin's #! line
 * `pnpm bench watch [--rate 50] [--seconds 60] [--targets 100] [--idle 15] [--source] [--cpu-prof] [--no-tui]`
 *
 * Suites: `core` (diagnosis time and memory per size, each size in a fresh child process, as
 * ratios to a same-run baseline); `live` (bench/live.ts: strata report and the TUI against a
 * seeded test API server, beside the raw LIST floor, kubectl and the Flux CLI); `watch`
 * (bench/watch.ts: write → diagnosis latency and the TUI's CPU under steady status writes);
 * `headlamp` (bench/headlamp-live.ts: the plugin in headless Chromium against a seeded API server,
 * live data beside the polling baseline); `headlamp-render` (bench/headlamp-render.ts: the
 * plugin's dependency graph drawn in headless Chromium).
 * Writes bench/results/<suite>-<timestamp>.json.
 */
import { machine, runChild, table, writeResults } from './lib.ts';

interface Generated {
  ndjson: string;
  list?: string;
  at: string;
  objects: number;
  counts: Record<string, number>;
  generateMs: number;
}

interface CoreResult {
  objects: number;
  values: number;
  fileMiB: number;
  readMs: number;
  parseMs: number;
  floorMs: number;
  upsertMs: number;
  reportMs: number;
  diagnoseMs: number;
  inputHeapMiB: number;
  modelHeapMiB: number;
  floorPeakRssMiB: number;
  peakRssMiB: number;
  roots: number;
  largestBlastRadius: number;
  incremental: {
    podChange?: { ms: number; notReady: number };
    rootChange?: { ms: number; notReady: number };
    tickMs: number;
  };
}

const args = process.argv.slice(2);
const suite = args.find((a) => !a.startsWith('--')) ?? 'core';
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const sizes = (flag('--sizes') ?? '1000,10000,100000').split(',').map(Number);
const seed = Number(flag('--seed') ?? 1);
const managedPerObject = Number(flag('--managed') ?? 10);
const useDist = args.includes('--dist');

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function coreSuite(): Promise<void> {
  const rows: { gitops: number; generated: Generated; result: CoreResult }[] = [];
  for (const gitops of sizes) {
    process.stderr.write(`core: generating ${gitops} GitOps objects (×${managedPerObject} managed)…\n`);
    const generated = await runChild<Generated>(
      'generate.ts',
      [String(gitops), String(seed), String(managedPerObject)],
      ['--max-old-space-size=16000'],
    );
    process.stderr.write(`core: diagnosing ${generated.objects} objects in a fresh process…\n`);
    // The child inherits the environment: STRATA_BENCH_CORE=dist makes it import packages/core/dist.
    if (useDist) process.env.STRATA_BENCH_CORE = 'dist';
    const result = await runChild<CoreResult>(
      'core-child.ts',
      [generated.ndjson, generated.at],
      ['--expose-gc', '--max-old-space-size=16000'],
    );
    rows.push({ gitops, generated, result });
  }
  const out = rows.map((row, i) => {
    const previous = i === 0 ? undefined : rows[i - 1];
    const growth = (pick: (r: CoreResult) => number) =>
      previous === undefined
        ? undefined
        : round((pick(row.result) / pick(previous.result) / (row.gitops / previous.gitops)) * 10, 1);
    return {
      gitops: row.gitops,
      ...row.result,
      generateMs: Math.round(row.generated.generateMs),
      counts: row.generated.counts,
      ratios: {
        diagnoseToFloor: round(row.result.diagnoseMs / row.result.floorMs),
        diagnoseToParse: round(row.result.diagnoseMs / row.result.parseMs),
        modelHeapToInputHeap: round(row.result.modelHeapMiB / row.result.inputHeapMiB),
        peakRssToFloorRss: round(row.result.peakRssMiB / row.result.floorPeakRssMiB),
        rootChangeToDiagnose:
          row.result.incremental.rootChange === undefined
            ? undefined
            : round(row.result.incremental.rootChange.ms / row.result.diagnoseMs, 4),
        podChangeToDiagnose:
          row.result.incremental.podChange === undefined
            ? undefined
            : round(row.result.incremental.podChange.ms / row.result.diagnoseMs, 4),
      },
      /** Per 10× more objects (normalised when sizes are not 10× apart): ~10 is linear. */
      growthPer10x: {
        diagnose: growth((r) => r.diagnoseMs),
        floor: growth((r) => r.floorMs),
        modelHeap: growth((r) => r.modelHeapMiB),
      },
    };
  });
  process.stdout.write(
    `\n${table(
      [
        'GitOps',
        'objects',
        'floor ms',
        'diagnose ms',
        '×floor',
        'growth/10×',
        'model MiB',
        'peak RSS MiB',
        '1 pod Δ ms',
        '1 root Δ ms',
        'tick ms',
      ],
      out.map((r) => [
        r.gitops,
        r.objects,
        r.floorMs,
        r.diagnoseMs,
        r.ratios.diagnoseToFloor,
        r.growthPer10x.diagnose ?? '—',
        r.modelHeapMiB,
        r.peakRssMiB,
        r.incremental.podChange?.ms ?? '—',
        r.incremental.rootChange?.ms ?? '—',
        r.incremental.tickMs,
      ]),
    )}\n`,
  );
  writeResults('core', {
    suite: 'core',
    seed,
    managedPerObject,
    core: useDist ? 'dist' : 'source (tsx)',
    machine: machine(),
    sizes: out,
  });
}

if (suite === 'core') await coreSuite();
else if (suite === 'live') await (await import('./live.ts')).liveSuite(args);
else if (suite === 'watch') await (await import('./watch.ts')).watchSuite(args);
else if (suite === 'headlamp') await (await import('./headlamp-live.ts')).headlampLiveSuite(args);
else if (suite === 'headlamp-render') await (await import('./headlamp-render.ts')).headlampSuite(args);
else if (suite === 'files') await (await import('./files.ts')).filesSuite(args);
else if (suite === 'serve') await (await import('./serve.ts')).serveSuite(args);
else {
  process.stderr.write(
    `bench: no suite '${suite}' (core, live, watch, headlamp, headlamp-render, files, serve; see bench/README.md)\n`,
  );
  process.exitCode = 2;
}
