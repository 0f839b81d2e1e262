/**
 * Suite `watch`: the `live` suite's cluster, status changes written at a steady rate (default
 * 50/s for 60 s) while strata watches it.
 *
 * 1. Adapter: strata's live source in a process of its own (bench/watch-child.ts, the TUI's
 *    seam without Ink) lists and watches; a writer process (bench/watch-writer.ts) turns the
 *    Ready condition of `--targets` ready leaf Kustomizations and HelmReleases False, each
 *    write with its own message, round robin, through the status subresource. Latency of a
 *    write: from just before it is sent to the end of the first report that shows it (or a
 *    later write to the same object). Also the adapter's CPU (utime + stime from /proc) while
 *    idle (only the 5 s clock ticks) and during the writes, and its RSS.
 * 2. TUI: `strata` in a pseudo-terminal against the same cluster, idle, then the same writes:
 *    its CPU and RSS over each window (the API server's CPU alongside, for scale).
 *
 * The baseline of the same run: the writer's own round trip (PATCH to answer), the least a
 * watch can take to deliver a change.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  argReader,
  clusterArgs,
  distInfo,
  log,
  procStat,
  round,
  type SeededCluster,
  type StrataCommand,
  sleep,
  strataCommand,
  summary,
  withSeededCluster,
} from './cluster-bench.ts';
import { machine, ROOT, runChild, table, writeResults } from './lib.ts';
import { completeScreen } from './live.ts';
import { startTui, waitForScreen } from './pty.ts';
import type { ChildResult, Observation } from './watch-child.ts';
import type { WriterConfig, WriterResult, WriterTarget } from './watch-writer.ts';

interface Target extends WriterTarget {
  readonly key: string;
}

interface Window {
  readonly seconds: number;
  readonly cpuPercent: number;
  readonly rssMiB: { readonly min: number; readonly max: number; readonly end: number };
  readonly hwmMiB: number;
  readonly apiserverCpuPercent: number;
}

/** Ready leaves (nothing depends on them), half Kustomizations and half HelmReleases, spread out. */
async function chooseTargets(seeded: SeededCluster, count: number): Promise<Target[]> {
  const dependedOn = new Set<string>();
  for (const o of seeded.data.objects) {
    const spec = o.spec as { dependsOn?: { name: string; namespace?: string }[] } | undefined;
    for (const d of spec?.dependsOn ?? [])
      dependedOn.add(`${o.kind}/${d.namespace ?? o.metadata.namespace}/${d.name}`);
  }
  const candidates = (kind: string) =>
    seeded.data.objects.filter((o) => {
      if (o.kind !== kind) return false;
      if (dependedOn.has(`${kind}/${o.metadata.namespace}/${o.metadata.name}`)) return false;
      const conditions = (o.status?.conditions ?? []) as { type?: string; status?: string }[];
      return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
    });
  const spread = <T>(list: readonly T[], n: number): T[] =>
    Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / n)] as T);
  const picked = [
    ...spread(candidates('Kustomization'), Math.ceil(count / 2)),
    ...spread(candidates('HelmRelease'), Math.floor(count / 2)),
  ];
  const targets: Target[] = [];
  for (const o of picked) {
    const plural =
      o.kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io/v1' : 'helm.toolkit.fluxcd.io/v2';
    const resource = o.kind === 'Kustomization' ? 'kustomizations' : 'helmreleases';
    const path = `/apis/${plural}/namespaces/${o.metadata.namespace}/${resource}/${o.metadata.name}`;
    const current = await seeded.cluster.client.get(path);
    const status = (current.status ?? {}) as { conditions?: Record<string, unknown>[] };
    targets.push({
      key: `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
      path,
      reason: o.kind === 'Kustomization' ? 'ReconciliationFailed' : 'UpgradeFailed',
      conditions: status.conditions ?? [],
      generation: current.metadata.generation ?? 1,
    });
  }
  return targets;
}

function nodeArgs(strata: StrataCommand, script: string): string[] {
  // Built: node runs the child's TypeScript itself (type stripping); it imports only dist code.
  return strata.mode === 'dist'
    ? [...strata.profileArgs, '--expose-gc', join(ROOT, 'bench', script)]
    : [
        ...strata.profileArgs,
        '--expose-gc',
        '--conditions=@strata/source',
        '--import',
        'tsx',
        join(ROOT, 'bench', script),
      ];
}

/** Runs the writer to its end (in its own process, so the reader's event loop never delays a write). */
function runWriter(work: string, config: WriterConfig): Promise<WriterResult> {
  const file = join(work, `writer-${config.firstSeq}.json`);
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  return runChild<WriterResult>('watch-writer.ts', [file]);
}

/** CPU % (of one core) and RSS of `pid` over `run`, sampled every second. */
async function window(pid: number, apiserverPid: number, run: () => Promise<unknown>): Promise<Window> {
  const before = procStat(pid);
  const apiBefore = procStat(apiserverPid);
  const started = performance.now();
  const rss: number[] = [];
  const sampler = setInterval(() => {
    const s = procStat(pid);
    if (s !== undefined) rss.push(s.rssMiB);
  }, 1_000);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  const after = procStat(pid);
  const apiAfter = procStat(apiserverPid);
  if (before === undefined || after === undefined) throw new Error(`process ${pid} is gone`);
  rss.push(after.rssMiB);
  return {
    seconds: round(seconds, 1),
    cpuPercent: round(((after.cpuMs - before.cpuMs) / (seconds * 1000)) * 100),
    rssMiB: { min: round(Math.min(...rss)), max: round(Math.max(...rss)), end: round(after.rssMiB) },
    hwmMiB: round(after.hwmMiB),
    apiserverCpuPercent:
      apiBefore === undefined || apiAfter === undefined
        ? Number.NaN
        : round(((apiAfter.cpuMs - apiBefore.cpuMs) / (seconds * 1000)) * 100),
  };
}

interface Adapter {
  readonly child: ChildProcess;
  readonly ready: Promise<{ ms: number; summary: unknown; rootCauses: number }>;
  stop(): Promise<ChildResult>;
}

function startAdapter(strata: StrataCommand, kubeconfig: string, gitops: number): Adapter {
  const child = spawn(process.execPath, [...nodeArgs(strata, 'watch-child.ts'), kubeconfig, String(gitops)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, STRATA_BENCH_TUI: strata.mode },
  });
  const messages: ((message: { type: string }) => void)[] = [];
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  lines.on('line', (line) => {
    let message: { type: string };
    try {
      message = JSON.parse(line) as { type: string };
    } catch {
      log(`watch: the adapter printed a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    for (const listener of messages) listener(message);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const next = <T>(type: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the adapter sent no '${type}' in ${timeoutMs} ms`)),
        timeoutMs,
      );
      messages.push((message) => {
        if (message.type !== type) return;
        clearTimeout(timer);
        resolve(message as T);
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the adapter exited (${code}) before '${type}'`));
      });
    });
  const ready = next<{ ms: number; summary: unknown; rootCauses: number }>('ready', 180_000);
  return {
    child,
    ready,
    async stop() {
      const result = next<ChildResult>('result', 60_000);
      child.stdin?.write('stop\n');
      const value = await result;
      await exited;
      return value;
    },
  };
}

interface Latencies {
  readonly writes: number;
  readonly failed: number;
  readonly unseen: number;
  readonly ms: ReturnType<typeof summary>;
  readonly ackMs: ReturnType<typeof summary>;
  readonly lagMs: ReturnType<typeof summary>;
}

function latencies(
  writer: WriterResult,
  targets: readonly Target[],
  observations: readonly Observation[],
): Latencies {
  const byObject = new Map<string, Observation[]>();
  for (const o of observations) {
    const list = byObject.get(o.object) ?? [];
    list.push(o);
    byObject.set(o.object, list);
  }
  const values: number[] = [];
  let unseen = 0;
  let failed = 0;
  for (const write of writer.writes) {
    if (write.ackMs === undefined) {
      failed += 1;
      continue;
    }
    const key = targets[write.target]?.key ?? '';
    // Observations of one object come in report order, with rising seq.
    const seen = (byObject.get(key) ?? []).find((o) => o.seq >= write.seq);
    if (seen === undefined) unseen += 1;
    else values.push(seen.at - write.stamp);
  }
  const ok = writer.writes.filter((w) => w.ackMs !== undefined);
  return {
    writes: writer.writes.length,
    failed,
    unseen,
    ms: summary(values),
    ackMs: summary(ok.map((w) => w.ackMs ?? 0)),
    lagMs: summary(writer.writes.map((w) => w.lagMs)),
  };
}

export async function watchSuite(args: readonly string[]): Promise<void> {
  const loadAverageAtStart = machine().loadAverage;
  const arg = argReader(args);
  const rate = arg.number('--rate', 50);
  const seconds = arg.number('--seconds', 60);
  const idle = arg.number('--idle', 15);
  const targetCount = arg.number('--targets', 100);
  const options = clusterArgs(arg);
  const skipTui = arg.has('--no-tui');
  const strata = strataCommand(arg.has('--source'), arg.has('--cpu-prof'), arg.flag('--node-options'));
  log(`watch: strata is ${strata.describe}`);
  const work = mkdtempSync(join(tmpdir(), 'strata-bench-watch-'));
  try {
    const result = await withSeededCluster(options, async (seeded) => {
      const { cluster } = seeded;
      const gitops = seeded.gitopsListed;
      const targets = await chooseTargets(seeded, targetCount);
      log(
        `watch: ${targets.length} targets (ready leaves: ${targets.filter((t) => t.key.startsWith('Kustomization')).length} Kustomizations, the rest HelmReleases)`,
      );
      const writerConfig = (firstSeq: number): WriterConfig => ({
        server: cluster.server,
        ca: cluster.ca,
        token: cluster.adminToken,
        targets,
        rate,
        seconds,
        firstSeq,
      });

      // 1. The adapter.
      log('watch: adapter: listing and watching…');
      const adapter = startAdapter(strata, cluster.kubeconfigPath, gitops);
      let adapterResult: ChildResult | undefined;
      let writer: WriterResult | undefined;
      let adapterIdle: Window | undefined;
      let adapterWrites: Window | undefined;
      let ready: { ms: number; summary: unknown; rootCauses: number };
      try {
        ready = await adapter.ready;
        const pid = adapter.child.pid ?? 0;
        log(
          `watch: adapter live in ${Math.round(ready.ms)} ms with ${ready.rootCauses} root causes; idle for ${idle} s`,
        );
        adapterIdle = await window(pid, cluster.pids.apiserver, () => sleep(idle * 1000));
        log(`watch: adapter: writing ${rate}/s for ${seconds} s`);
        adapterWrites = await window(pid, cluster.pids.apiserver, async () => {
          writer = await runWriter(work, writerConfig(0));
          // Drain: the last writes still travel.
          await sleep(2_000);
        });
        adapterResult = await adapter.stop();
      } finally {
        if (adapter.child.exitCode === null) adapter.child.kill('SIGKILL');
      }
      if (writer === undefined || adapterResult === undefined) throw new Error('no adapter result');
      const adapterLatency = latencies(writer, targets, adapterResult.observations);
      const fresh = adapterResult.snapshots.filter((s) => s.fresh);
      const duringWrites = fresh.filter((s) => s.at >= (writer?.writes[0]?.stamp ?? 0));
      log(
        `watch: adapter: write → diagnosis p50 ${adapterLatency.ms.p50} ms, p99 ${adapterLatency.ms.p99} ms (${adapterLatency.unseen} unseen), ${duringWrites.length} reports, ${round(summary(duringWrites.map((s) => s.ms)).p50)} ms each (p50)`,
      );

      // 2. The TUI, after the adapter's picture: every target failing now.
      let tui: { live: number; idle: Window; writes: Window; writer: WriterResult } | undefined;
      if (!skipTui) {
        log('watch: TUI: starting in a pty…');
        const expected = {
          ...(adapterResult.summary as {
            flux: { total: number; ready: number; notReady: number };
            argo: { total: number; ready: number; notReady: number };
          }),
          rootCauses: adapterResult.rootCauses,
          objects: gitops,
        };
        const started = performance.now();
        const pty = startTui(process.execPath, [...strata.nodeArgs, '--kubeconfig', cluster.kubeconfigPath]);
        try {
          await waitForScreen(pty, completeScreen(expected), 180_000);
          const live = performance.now() - started;
          log(`watch: TUI: complete screen in ${Math.round(live)} ms; idle for ${idle} s`);
          const tuiIdle = await window(pty.pid, cluster.pids.apiserver, () => sleep(idle * 1000));
          log(`watch: TUI: writing ${rate}/s for ${seconds} s`);
          let tuiWriter: WriterResult | undefined;
          const tuiWrites = await window(pty.pid, cluster.pids.apiserver, async () => {
            tuiWriter = await runWriter(work, writerConfig(writer?.writes.length ?? 0));
            await sleep(2_000);
          });
          if (tuiWriter === undefined) throw new Error('no writer result');
          tui = { live, idle: tuiIdle, writes: tuiWrites, writer: tuiWriter };
        } finally {
          pty.press('q');
          await pty.exited(10_000).catch(() => pty.kill());
        }
      }
      return {
        seeded,
        targets,
        ready,
        adapterResult,
        adapterLatency,
        adapterIdle,
        adapterWrites,
        writer,
        snapshotsDuringWrites: summary(duringWrites.map((s) => s.ms)),
        reportsDuringWrites: duringWrites.length,
        changesPerReport: summary(duringWrites.map((s) => s.changes)),
        tui,
      };
    });

    const { adapterLatency: l, adapterIdle, adapterWrites, tui } = result;
    const achieved = round(result.writer.writes.length / (result.writer.wallMs / 1000), 1);
    process.stdout.write(
      `\n${result.seeded.data.objects.length.toLocaleString('en')} objects (${Object.entries(
        result.seeded.data.kinds,
      )
        .map(([k, n]) => `${n.toLocaleString('en')} ${k}`)
        .join(
          ', ',
        )}); ${result.targets.length} targets; ${l.writes} writes at ${achieved}/s (asked ${rate}/s for ${seconds} s)\n\n`,
    );
    process.stdout.write(
      `${table(
        ['write → …', 'n', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', '×baseline p50', '×baseline p99'],
        [
          [
            'server answers the PATCH (baseline)',
            l.ackMs.n,
            l.ackMs.p50,
            l.ackMs.p90,
            l.ackMs.p99,
            l.ackMs.max,
            '1.00',
            '1.00',
          ],
          [
            'adapter report shows it',
            l.ms.n,
            l.ms.p50,
            l.ms.p90,
            l.ms.p99,
            l.ms.max,
            (l.ms.p50 / l.ackMs.p50).toFixed(2),
            (l.ms.p99 / l.ackMs.p99).toFixed(2),
          ],
        ],
      )}\n`,
    );
    process.stdout.write(
      `\nunseen writes: ${l.unseen}; failed writes: ${l.failed}; reports during the writes: ${result.reportsDuringWrites}, ` +
        `snapshot() p50 ${result.snapshotsDuringWrites.p50} ms, p99 ${result.snapshotsDuringWrites.p99} ms, ` +
        `${result.changesPerReport.p50} changes per report (p50)\n\n`,
    );
    const rows: (string | number)[][] = [];
    const windowRow = (name: string, w: Window) => [
      name,
      w.seconds,
      w.cpuPercent,
      w.rssMiB.min,
      w.rssMiB.max,
      w.hwmMiB,
      w.apiserverCpuPercent,
    ];
    if (adapterIdle !== undefined) rows.push(windowRow('adapter, idle (5 s ticks)', adapterIdle));
    if (adapterWrites !== undefined) rows.push(windowRow(`adapter, ${rate} writes/s`, adapterWrites));
    if (tui !== undefined) {
      rows.push(windowRow('TUI, idle (5 s ticks)', tui.idle));
      rows.push(windowRow(`TUI, ${rate} writes/s`, tui.writes));
    }
    process.stdout.write(
      `${table(['process', 'seconds', 'CPU % (1 core)', 'RSS min MiB', 'RSS max MiB', 'peak RSS MiB', 'apiserver CPU %'], rows)}\n`,
    );
    const targets = {
      p99Under100ms: l.ms.p99 < 100,
      tuiRssUnder300MiB: tui === undefined ? undefined : tui.writes.hwmMiB < 300,
    };
    process.stdout.write(
      `\ntargets: watch p99 < 100 ms at ${rate}/s: ${targets.p99Under100ms ? 'met' : 'MISSED'} (${l.ms.p99} ms); ` +
        `TUI peak RSS < 300 MiB: ${targets.tuiRssUnder300MiB === undefined ? 'n/a' : targets.tuiRssUnder300MiB ? 'met' : 'MISSED'} (${tui?.writes.hwmMiB} MiB)\n`,
    );
    writeResults('watch', {
      suite: 'watch',
      options: { ...options, rate, seconds, idle, targets: targetCount },
      strata: strata.describe,
      dist: strata.mode === 'dist' ? distInfo() : undefined,
      machine: { ...machine(), loadAverageAtStart },
      cluster: {
        kinds: result.seeded.data.kinds,
        objects: result.seeded.data.objects.length,
        seeding: result.seeded.seeding,
      },
      baseline: 'the writer’s PATCH round trip (server answers)',
      adapter: {
        liveMs: round(result.ready.ms),
        rootCausesAtStart: result.ready.rootCauses,
        latencyMs: l,
        ratios: {
          p50ToBaseline: round(l.ms.p50 / l.ackMs.p50, 2),
          p99ToBaseline: round(l.ms.p99 / l.ackMs.p99, 2),
        },
        reportsDuringWrites: result.reportsDuringWrites,
        snapshotMsDuringWrites: result.snapshotsDuringWrites,
        changesPerReport: result.changesPerReport,
        heapUsedMiBAtEnd: round(result.adapterResult.heapUsedMiB),
        idle: adapterIdle,
        writes: adapterWrites,
        achievedRate: achieved,
        writerMaxInFlight: result.writer.maxInFlight,
      },
      tui:
        tui === undefined
          ? undefined
          : {
              completeScreenMs: round(tui.live),
              idle: tui.idle,
              writes: tui.writes,
              writerAck: summary(tui.writer.writes.flatMap((w) => (w.ackMs === undefined ? [] : [w.ackMs]))),
            },
      targets,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
