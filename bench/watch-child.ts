/**
 * The `watch` suite's reader: strata's live adapter in a process of its own, through the seam
 * the TUI reads (app/live-source.ts: `openLiveSource`, `subscribe`, `snapshot()`), without Ink.
 * Once live, whenever the source says the picture changed, the next turn of the event loop
 * takes a snapshot (the UI does the same, at most every 100 ms: REDRAW_MS), so the time
 * measured is the adapter's and the diagnosis's, not the UI's redraw throttle. Each new report is searched for
 * the writer's messages; the first report showing write `seq` of a target is an observation
 * (wall-clock time, comparable with the writer's stamps).
 *
 *   STRATA_BENCH_TUI=dist|source node [--conditions=@strata/source --import tsx] bench/watch-child.ts <kubeconfig> <gitops objects>
 *
 * stdout, one JSON line each: `{"type":"ready",…}` once live with every object listed; on
 * `stop` (a line on stdin) `{"type":"result",…}`, then it exits.
 */
import { createInterface } from 'node:readline';

type LiveSourceModule = typeof import('../packages/tui/src/app/live-source.ts');

const MESSAGE = /^strata-bench write (\d+) at /;
const wallNow = () => performance.timeOrigin + performance.now();
/** One JSON line on stdout; resolves once it is handed to the pipe (a big one takes a while). */
const print = (value: unknown) =>
  new Promise<void>((resolve) => process.stdout.write(`${JSON.stringify(value)}\n`, () => resolve()));

export interface Observation {
  /** `Kind/namespace/name` of the written object. */
  readonly object: string;
  readonly seq: number;
  /** Wall-clock ms when the report showing it was complete. */
  readonly at: number;
}

export interface SnapshotTiming {
  /** Wall-clock ms when the snapshot was asked for. */
  readonly at: number;
  /** How long `snapshot()` took (the report, when the picture changed). */
  readonly ms: number;
  /** Source notifications since the previous snapshot. */
  readonly changes: number;
  readonly fresh: boolean;
}

export interface ChildResult {
  readonly type: 'result';
  readonly observations: Observation[];
  readonly snapshots: SnapshotTiming[];
  readonly summary: unknown;
  readonly rootCauses: number;
  readonly heapUsedMiB: number;
}

async function main(): Promise<void> {
  const [kubeconfig, expectedArg] = process.argv.slice(2);
  if (kubeconfig === undefined) throw new Error('usage: watch-child.ts <kubeconfig> <gitops objects>');
  const expected = Number(expectedArg);
  const mode = process.env.STRATA_BENCH_TUI === 'source' ? 'source' : 'dist';
  const modulePath =
    mode === 'dist' ? '../packages/tui/dist/app/live-source.js' : '../packages/tui/src/app/live-source.ts';
  const started = performance.now();
  const { openLiveSource } = (await import(modulePath)) as LiveSourceModule;
  const opened = await openLiveSource({
    demo: false,
    readOnly: true,
    kubeconfig,
    env: process.env,
    cwd: process.cwd(),
    connectTimeoutMs: 30_000,
  });
  if (!opened.ok) throw new Error(opened.error);
  const source = opened.source;

  const observations: Observation[] = [];
  const snapshots: SnapshotTiming[] = [];
  const lastSeq = new Map<string, number>();
  let changes = 0;
  let scheduled = false;
  let lastReport: unknown;
  let ready = false;

  const consume = () => {
    scheduled = false;
    const at = wallNow();
    const before = performance.now();
    const snapshot = source.snapshot();
    const ms = performance.now() - before;
    const done = wallNow();
    const fresh = snapshot.report !== lastReport;
    snapshots.push({ at, ms, changes, fresh });
    changes = 0;
    if (!fresh) return;
    lastReport = snapshot.report;
    for (const object of snapshot.report.objects) {
      const message = object.message;
      if (message === undefined || !message.startsWith('strata-bench ')) continue;
      const match = MESSAGE.exec(message);
      if (match === null) continue;
      const seq = Number(match[1]);
      const key = `${object.ref.kind}/${object.ref.namespace ?? ''}/${object.ref.name}`;
      if (seq > (lastSeq.get(key) ?? -1)) {
        lastSeq.set(key, seq);
        observations.push({ object: key, seq, at: done });
      }
    }
    if (!ready && snapshot.connection === 'live') {
      const { flux, argo } = snapshot.report.summary;
      if (flux.total + argo.total >= expected) {
        ready = true;
        void print({
          type: 'ready',
          ms: performance.now() - started,
          summary: snapshot.report.summary,
          rootCauses: snapshot.report.rootCauses.length,
        });
      }
    }
  };
  source.subscribe(() => {
    changes += 1;
    if (scheduled) return;
    scheduled = true;
    // While the first lists arrive, at most every 100 ms as the UI does (REDRAW_MS), so the
    // reader does not slow its own listing; once live, at once.
    if (ready) setImmediate(consume);
    else setTimeout(consume, 100);
  });
  consume();

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() !== 'stop') continue;
    consume();
    const snapshot = source.snapshot();
    globalThis.gc?.();
    const result: ChildResult = {
      type: 'result',
      observations,
      snapshots,
      summary: snapshot.report.summary,
      rootCauses: snapshot.report.rootCauses.length,
      heapUsedMiB: process.memoryUsage().heapUsed / 2 ** 20,
    };
    source.close();
    await print(result);
    break;
  }
  process.exit(0);
}

await main();
