/**
 * The `watch` suite's writer, in its own process so that the reader's event loop never delays a
 * write: status changes at a steady rate, as controllers write them (a merge patch of
 * `status.conditions` through the status subresource), each stamped with the wall-clock time
 * just before it is sent. Target `i % targets` gets write `seq`; its Ready condition turns False
 * with the message `strata-bench write <seq> at <stamp>`, so a reader sees which write its
 * picture reflects.
 *
 *   node --import tsx bench/watch-writer.ts <config.json>
 *
 * Prints one JSON line at the end: every write (seq, target, stamp, time to the server's answer).
 */
import { readFileSync } from 'node:fs';
import { KubeClient } from '../test/cluster/rest.ts';

export interface WriterTarget {
  /** The object's URL path (the status subresource is `${path}/status`). */
  readonly path: string;
  /** Ready's `reason` when failing: `UpgradeFailed` for a HelmRelease, … */
  readonly reason: string;
  /** The object's conditions as the server has them; Ready is replaced in each write. */
  readonly conditions: readonly Record<string, unknown>[];
  readonly generation: number;
}

export interface WriterConfig {
  readonly server: string;
  readonly ca: string;
  readonly token: string;
  readonly targets: readonly WriterTarget[];
  readonly rate: number;
  readonly seconds: number;
  /** First sequence number (a second run continues after the first). */
  readonly firstSeq: number;
}

export interface Write {
  readonly seq: number;
  readonly target: number;
  /** Wall-clock ms (performance.timeOrigin + performance.now()) just before sending. */
  readonly stamp: number;
  /** How late the write left against its schedule, ms. */
  readonly lagMs: number;
  /** Time to the server's answer, ms; undefined when it failed. */
  readonly ackMs: number | undefined;
  readonly error?: string;
}

export interface WriterResult {
  readonly writes: Write[];
  readonly wallMs: number;
  readonly maxInFlight: number;
}

export const MESSAGE = /^strata-bench write (\d+) at /;

const wallNow = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  const config = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as WriterConfig;
  const client = new KubeClient({
    server: config.server,
    ca: config.ca,
    token: config.token,
    timeoutMs: 10_000,
  });
  const total = Math.round(config.rate * config.seconds);
  const interval = 1000 / config.rate;
  const writes: Write[] = [];
  const pending = new Set<Promise<void>>();
  let maxInFlight = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const seq = config.firstSeq + i;
    const targetIndex = i % config.targets.length;
    const target = config.targets[targetIndex];
    if (target === undefined) continue;
    const lagMs = performance.now() - due;
    const stamp = wallNow();
    const at = new Date(stamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const conditions = [
      {
        type: 'Ready',
        status: 'False',
        reason: target.reason,
        message: `strata-bench write ${seq} at ${stamp.toFixed(3)}`,
        lastTransitionTime: at,
        observedGeneration: target.generation,
      },
      ...target.conditions.filter((c) => c.type !== 'Ready'),
    ];
    const sent = performance.now();
    const request = client
      .request('PATCH', `${target.path}/status`, {
        body: { status: { conditions } },
        contentType: 'application/merge-patch+json',
      })
      .then(
        () => {
          writes.push({ seq, target: targetIndex, stamp, lagMs, ackMs: performance.now() - sent });
        },
        (error: unknown) => {
          writes.push({
            seq,
            target: targetIndex,
            stamp,
            lagMs,
            ackMs: undefined,
            error: error instanceof Error ? error.message : String(error),
          });
        },
      );
    const tracked = request.finally(() => pending.delete(tracked));
    pending.add(tracked);
    maxInFlight = Math.max(maxInFlight, pending.size);
  }
  await Promise.all([...pending]);
  client.close();
  const result: WriterResult = {
    writes: writes.sort((a, b) => a.seq - b.seq),
    wallMs: performance.now() - start,
    maxInFlight,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1]?.endsWith('watch-writer.ts')) await main();
