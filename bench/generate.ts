/**
 * Writes a synthetic cluster under bench/data/ (git-ignored):
 * - `synthetic-<gitops>-s<seed>.ndjson`: one object per line, for the benchmarks (any size);
 * - `synthetic-<gitops>-s<seed>.json`: a `List`, for `strata report --file` (up to 20k GitOps
 *   objects: bigger ones do not fit in one JS string).
 *
 *   node --conditions=@strata/source --import tsx bench/generate.ts <gitops> [seed] [managedPerObject]
 */
import { createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticCluster } from '../packages/core/src/fixtures/index.ts';
import { DATA_DIR, ensureDir } from './lib.ts';

export interface GeneratedFiles {
  readonly ndjson: string;
  readonly list: string | undefined;
  readonly at: string;
  readonly objects: number;
  readonly counts: Record<string, number>;
  readonly generateMs: number;
}

export function dataFile(gitops: number, seed: number, managedPerObject: number, ext: string): string {
  return join(DATA_DIR, `synthetic-${gitops}-m${managedPerObject}-s${seed}.${ext}`);
}

async function main(): Promise<void> {
  const gitops = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  const managedPerObject = Number(process.argv[4] ?? 10);
  ensureDir(DATA_DIR);
  const ndjson = dataFile(gitops, seed, managedPerObject, 'ndjson');
  const meta = dataFile(gitops, seed, managedPerObject, 'meta.json');
  if (existsSync(ndjson) && existsSync(meta)) {
    process.stdout.write(`${readMeta(meta)}\n`);
    return;
  }
  const start = performance.now();
  const cluster = syntheticCluster({ seed, gitops, managedPerObject });
  const generateMs = performance.now() - start;
  const stream = createWriteStream(ndjson);
  for (const object of cluster.objects) {
    if (!stream.write(`${JSON.stringify(object)}\n`)) await new Promise((r) => stream.once('drain', r));
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  let list: string | undefined;
  if (gitops <= 20_000) {
    list = dataFile(gitops, seed, managedPerObject, 'json');
    writeFileSync(list, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: cluster.objects }));
  }
  const result: GeneratedFiles = {
    ndjson,
    list,
    at: cluster.at,
    objects: cluster.objects.length,
    counts: { ...cluster.counts },
    generateMs,
  };
  writeFileSync(meta, JSON.stringify(result));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function readMeta(path: string): string {
  return JSON.stringify(JSON.parse(readFileSync(path, 'utf8')));
}

await main();
