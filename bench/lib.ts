/** Shared helpers for the benchmarks: machine info, peak memory, child processes, tables. */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(BENCH_DIR, 'data');
export const RESULTS_DIR = join(BENCH_DIR, 'results');
export const ROOT = join(BENCH_DIR, '..');

export function ensureDir(path: string): string {
  if (!existsSync(path)) mkdirSync(path, { recursive: true });
  return path;
}

export function machine() {
  const list = cpus();
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** Peak resident set size of this process so far (VmHWM), in MiB; falls back to current RSS. */
export function peakRssMiB(): number {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    const kib = line === undefined ? Number.NaN : Number.parseInt(line.replace(/\D+/g, ''), 10);
    if (Number.isFinite(kib)) return kib / 1024;
  } catch {}
  return process.memoryUsage().rss / 2 ** 20;
}

export function mib(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

export function ms(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Runs a bench script in a fresh Node process; resolves with the JSON it prints last. */
export function runChild<T>(
  script: string,
  args: readonly string[],
  nodeArgs: readonly string[] = [],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@strata/source', '--import', 'tsx', ...nodeArgs, join(BENCH_DIR, script), ...args],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code ?? signal}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

/** A plain-text table, columns padded. */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r, n) =>
      [
        r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '),
        n === 0 ? `\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : '',
      ].join(''),
    )
    .join('\n');
}

export function timestamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Writes a suite's results as `bench/results/<suite>-<timestamp>.json` and says where. */
export function writeResults(suite: string, results: unknown): string {
  const path = join(ensureDir(RESULTS_DIR), `${suite}-${timestamp()}.json`);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\nwrote ${path}\n`);
  return path;
}
