/**
 * `pnpm bench profile [--sizes 100000]`-like entry, run directly:
 *   node --conditions=@strata/source --import tsx bench/profile.ts <gitops> [seed]
 *
 * Runs the `core` child once under `node --cpu-prof` against the BUILT core
 * (`pnpm -C packages/core run build` first; it imports packages/core/dist) and prints the
 * functions with the most self time. The .cpuprofile is kept under bench/results/profiles/
 * (git-ignored) for Chrome DevTools or speedscope.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BENCH_DIR, ensureDir, RESULTS_DIR, ROOT, runChild, table } from './lib.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const gitops = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
if (!existsSync(join(ROOT, 'packages/core/dist/index.js'))) {
  throw new Error('build the core first: pnpm -C packages/core run build');
}
const generated = await runChild<{ ndjson: string; at: string }>(
  'generate.ts',
  [String(gitops), String(seed), '10'],
  ['--max-old-space-size=16000'],
);
const dir = ensureDir(join(RESULTS_DIR, 'profiles'));
const before = new Set(readdirSync(dir));
const run = spawnSync(
  process.execPath,
  [
    '--conditions=@strata/source',
    '--import',
    'tsx',
    '--max-old-space-size=16000',
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    join(BENCH_DIR, 'core-child.ts'),
    generated.ndjson,
    generated.at,
  ],
  {
    cwd: ROOT,
    env: { ...process.env, STRATA_BENCH_CORE: 'dist' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
if (run.status !== 0) throw new Error(`profiled run failed (${run.status})`);
const file = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
  .map((f) => join(dir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (file === undefined) throw new Error('no .cpuprofile written');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

// Self time per node from samples × time deltas; then grouped by function + location.
const selfUs = new Map<number, number>();
const samples = profile.samples ?? [];
const deltas = profile.timeDeltas ?? [];
for (let i = 0; i < samples.length; i++) {
  const id = samples[i] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (us === 0) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : `${relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`;
  const key = `${functionName || '(anonymous)'}  ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
process.stdout.write(
  `${table(
    ['function  location', 'self ms', 'self %'],
    top.map(([k, us]) => [k, Math.round(us / 1000), `${((us / total) * 100).toFixed(1)}%`]),
  )}\n\ntotal sampled ${Math.round(total / 1000)} ms; profile: ${relative(ROOT, file)}\nchild result: ${run.stdout.trim().split('\n').at(-1)}\n`,
);
