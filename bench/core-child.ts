/**
 * One size of the `core` suite, in a fresh process (clean heap, own peak RSS):
 *
 * 1. floor: read the NDJSON file, JSON.parse every object and walk every value once — the
 *    physical minimum of touching the input;
 * 2. diagnose: every object into a fresh ClusterModel (`upsert`) and `report()` — what
 *    `diagnose(objects, {at})` does;
 * 3. incremental: in that model, one object changed (a leaf Pod starts crash-looping; a ready
 *    root HelmRelease fails, a cascade) → `upsert` + `report()`.
 *
 *   node --conditions=@strata/source --import tsx [--expose-gc] bench/core-child.ts <file.ndjson> <at>
 * STRATA_BENCH_CORE=dist imports the built core (packages/core/dist) instead of the sources.
 */
import { readFileSync } from 'node:fs';
import { mib, ms, peakRssMiB } from './lib.ts';

type CoreModule = typeof import('../packages/core/src/index.ts');
const core: CoreModule =
  process.env.STRATA_BENCH_CORE === 'dist'
    ? ((await import('../packages/core/dist/index.js' as string)) as CoreModule)
    : await import('../packages/core/src/index.ts');

const [file, at] = process.argv.slice(2);
if (file === undefined || at === undefined) throw new Error('usage: core-child.ts <file.ndjson> <at>');

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Visits every value once (what any consumer must at least do). */
function walk(value: unknown): number {
  if (Array.isArray(value)) {
    let n = 1;
    for (const v of value) n += walk(v);
    return n;
  }
  if (typeof value === 'object' && value !== null) {
    let n = 1;
    for (const key in value) n += walk((value as Record<string, unknown>)[key]);
    return n;
  }
  return 1;
}

function readLines(buffer: Buffer): unknown[] {
  const objects: unknown[] = [];
  let start = 0;
  for (;;) {
    const end = buffer.indexOf(10, start);
    if (end < 0) break;
    if (end > start) objects.push(JSON.parse(buffer.toString('utf8', start, end)));
    start = end + 1;
  }
  return objects;
}

const readStart = performance.now();
const buffer = readFileSync(file);
const readMs = performance.now() - readStart;

// 1. the floor: parse + walk.
gc();
const heapBefore = process.memoryUsage().heapUsed;
const floorStart = performance.now();
const objects = readLines(buffer);
const parseMs = performance.now() - floorStart;
let values = 0;
for (const o of objects) values += walk(o);
const floorMs = performance.now() - floorStart;
gc();
const inputHeap = process.memoryUsage().heapUsed - heapBefore;
const floorPeakRss = peakRssMiB();

// 2. diagnose (fresh model).
const upsertStart = performance.now();
const model = new core.ClusterModel({ at });
for (const o of objects) model.upsert(o);
const upsertMs = performance.now() - upsertStart;
const reportStart = performance.now();
const report = model.report();
const reportMs = performance.now() - reportStart;
const diagnoseMs = upsertMs + reportMs;
const diagnosePeakRss = peakRssMiB();
gc();
const modelHeap = process.memoryUsage().heapUsed - heapBefore - inputHeap;

// 3. incremental: one object changed, upsert + report.
type Obj = { kind: string; metadata: { name: string }; status?: Record<string, unknown> };
const list = objects as Obj[];
const pod = list.find((o) => o.kind === 'Pod' && o.metadata.name.includes('-l4-'));
const readyReleases = new Set(
  report.objects.filter((r) => r.ref.kind === 'HelmRelease' && r.state === 'ready').map((r) => r.ref.name),
);
// A ready HelmRelease high in the dependency graph (a platform root, or the layer below).
const root = list.find(
  (o) =>
    o.kind === 'HelmRelease' &&
    readyReleases.has(o.metadata.name) &&
    /-l[01]-|^[a-z-]+$/.test(o.metadata.name),
);
function changed(o: Obj, mutate: (status: Record<string, unknown>) => void): Obj {
  const copy = structuredClone(o);
  if (copy.status === undefined) copy.status = {};
  mutate(copy.status);
  return copy;
}
function timeUpsert(o: Obj | undefined): { ms: number; notReady: number } | undefined {
  if (o === undefined) return undefined;
  const start = performance.now();
  model.upsert(o);
  const r = model.report();
  return { ms: ms(performance.now() - start), notReady: r.summary.flux.notReady + r.summary.argo.notReady };
}
const podChange = timeUpsert(
  pod &&
    changed(pod, (s) => {
      s.containerStatuses = [];
      s.phase = 'Failed';
    }),
);
const rootChange = timeUpsert(
  root &&
    changed(root, (s) => {
      s.conditions = [
        {
          type: 'Ready',
          status: 'False',
          reason: 'UpgradeFailed',
          message: 'Helm upgrade failed: context deadline exceeded',
          lastTransitionTime: at,
          observedGeneration: 1,
        },
      ];
    }),
);
const tickStart = performance.now();
model.setAt(new Date(Date.parse(at) + 60_000).toISOString());
model.report();
const tickMs = performance.now() - tickStart;

process.stdout.write(
  `${JSON.stringify({
    objects: objects.length,
    values,
    fileMiB: mib(buffer.length),
    readMs: ms(readMs),
    parseMs: ms(parseMs),
    floorMs: ms(floorMs),
    upsertMs: ms(upsertMs),
    reportMs: ms(reportMs),
    diagnoseMs: ms(diagnoseMs),
    inputHeapMiB: mib(inputHeap),
    modelHeapMiB: mib(modelHeap),
    floorPeakRssMiB: Math.round(floorPeakRss),
    peakRssMiB: Math.round(diagnosePeakRss),
    roots: report.rootCauses.length,
    largestBlastRadius: report.rootCauses[0]?.impacted.length ?? 0,
    incremental: { podChange, rootChange, tickMs: ms(tickMs) },
  })}\n`,
);
