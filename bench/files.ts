/**
 * Suite `files`: `strata report --file` (the built bin) on the inputs users have, each beside a
 * baseline measured in the same run, in fresh processes, round-robin:
 * - a `kubectl get -A -o yaml` List of ~30k objects, and the same objects as a multi-document
 *   `---` stream, beside the same objects as a JSON List (`kubectl get -A -o json`);
 * - a 60k-Kustomization `dependsOn` chain + a 10k cycle (JSON), beside its floor: `JSON.parse` of
 *   the same file and one walk of every value (bench/files-floor.ts).
 * Wall time from spawn to exit, peak RSS from /usr/bin/time; every report goes to a file (the
 * JSON output, `-o json`).
 *
 *   pnpm bench files [--runs 3] [--objects 30000] [--chain 60000] [--cycle 10000] [--seed 1]
 *   pnpm bench files --bin /some/old/dist/bin/strata.js     # another build (before/after)
 *   pnpm bench files --managed-fields --skip chain          # objects with managedFields (~55 MiB of YAML), no chain
 */
import { join } from 'node:path';
import {
  argReader,
  distInfo,
  log,
  median,
  round,
  strataCommand,
  type TimedRun,
  timed,
} from './cluster-bench.ts';
import type { FilesData } from './files-data.ts';
import { BENCH_DIR, DATA_DIR, ensureDir, machine, runChild, table, writeResults } from './lib.ts';

interface Contender {
  readonly name: string;
  readonly file: string;
  readonly sizeMiB: number | undefined;
  readonly command: readonly string[];
  readonly baseline?: string;
}

export async function filesSuite(args: readonly string[]): Promise<void> {
  const arg = argReader(args);
  const runs = arg.number('--runs', 3);
  const objects = arg.number('--objects', 30_000);
  const chain = arg.number('--chain', 60_000);
  const cycle = arg.number('--cycle', 10_000);
  const seed = arg.number('--seed', 1);
  const managedFields = arg.has('--managed-fields');
  const skip = new Set((arg.flag('--skip') ?? '').split(',').filter((s) => s !== ''));
  log(`files: writing the inputs under bench/data (cached) …`);
  const data = await runChild<FilesData & { chainAt: string }>(
    'files-data.ts',
    [String(objects), String(seed), String(chain), String(cycle), managedFields ? '1' : '0'],
    ['--max-old-space-size=8000'],
  );
  const bin = arg.flag('--bin');
  const strata =
    bin === undefined ? strataCommand(false) : { nodeArgs: [bin], describe: `node ${bin} (--bin)` };
  const out = ensureDir(join(DATA_DIR, 'out'));
  const report = (file: string, at: string) => [
    ...strata.nodeArgs,
    'report',
    '--file',
    file,
    '-o',
    'json',
    '--at',
    at,
  ];
  const all: Contender[] = [
    {
      name: 'JSON List',
      file: data.listJson,
      sizeMiB: data.sizesMiB.listJson,
      command: report(data.listJson, data.at),
    },
    {
      name: 'YAML List',
      file: data.listYaml,
      sizeMiB: data.sizesMiB.listYaml,
      command: report(data.listYaml, data.at),
      baseline: 'JSON List',
    },
    {
      name: 'YAML documents',
      file: data.docsYaml,
      sizeMiB: data.sizesMiB.docsYaml,
      command: report(data.docsYaml, data.at),
      baseline: 'JSON List',
    },
    {
      name: 'chain floor',
      file: data.chainJson,
      sizeMiB: data.sizesMiB.chainJson,
      command: [join(BENCH_DIR, 'files-floor.ts'), data.chainJson],
    },
    {
      name: 'chain report',
      file: data.chainJson,
      sizeMiB: data.sizesMiB.chainJson,
      command: report(data.chainJson, data.chainAt),
      baseline: 'chain floor',
    },
  ];
  const contenders = all.filter((c) => !(skip.has('chain') && c.name.startsWith('chain')));
  const samples = new Map<string, TimedRun[]>(contenders.map((c) => [c.name, []]));
  for (let pass = 0; pass <= runs; pass++) {
    for (const [index, contender] of contenders.entries()) {
      const run = await timed(process.execPath, contender.command, {
        stdout: join(out, `files-${index}.out`),
      });
      // strata exits 1 when something is not ready (every input here has failures); 2 is an error.
      if (run.code !== 0 && run.code !== 1)
        throw new Error(`${contender.name}: exit ${run.code}: ${run.stderr}`);
      if (pass === 0) continue; // warm-up: page cache, compile cache
      samples.get(contender.name)?.push(run);
      log(
        `files: round ${pass}/${runs} ${contender.name}: ${Math.round(run.ms)} ms, ${round(run.peakRssMiB ?? Number.NaN)} MiB`,
      );
    }
  }
  const rows = contenders.map((c) => {
    const runsOf = samples.get(c.name) ?? [];
    const ms = runsOf.map((r) => r.ms);
    const rss = runsOf.map((r) => r.peakRssMiB ?? Number.NaN);
    return {
      name: c.name,
      file: c.file,
      sizeMiB: c.sizeMiB,
      medianMs: round(median(ms), 0),
      minMs: round(Math.min(...ms), 0),
      medianPeakRssMiB: round(median(rss), 0),
      samples: runsOf.map((r) => ({ ms: round(r.ms, 0), peakRssMiB: round(r.peakRssMiB ?? Number.NaN, 0) })),
      baseline: c.baseline,
    };
  });
  const byName = new Map(rows.map((r) => [r.name, r]));
  const withRatios = rows.map((r) => {
    const base = r.baseline === undefined ? undefined : byName.get(r.baseline);
    return {
      ...r,
      ratios:
        base === undefined
          ? undefined
          : {
              time: round(r.medianMs / base.medianMs, 2),
              timeMin: round(r.minMs / base.minMs, 2),
              peakRss: round(r.medianPeakRssMiB / base.medianPeakRssMiB, 2),
            },
    };
  });
  process.stdout.write(
    `\n${table(
      ['input', 'MiB', 'median ms', 'min ms', 'peak RSS MiB', 'baseline', '× time', '× time (min)', '× RSS'],
      withRatios.map((r) => [
        r.name,
        r.sizeMiB ?? '—',
        r.medianMs,
        r.minMs,
        r.medianPeakRssMiB,
        r.baseline ?? '—',
        r.ratios?.time ?? '—',
        r.ratios?.timeMin ?? '—',
        r.ratios?.peakRss ?? '—',
      ]),
    )}\n`,
  );
  writeResults('files', {
    suite: 'files',
    runs,
    strata: strata.describe,
    ...distInfo(),
    machine: machine(),
    inputs: {
      objects: data.objects,
      managedFields,
      chainObjects: data.chainObjects,
      sizesMiB: data.sizesMiB,
    },
    contenders: withRatios,
  });
}
