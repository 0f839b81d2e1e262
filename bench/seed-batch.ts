/**
 * Seeds many objects into the test API server (test/cluster) with bounded concurrency, for the
 * `live` and `watch` suites. `seed()` from test/cluster/seed.ts seeds one list sequentially and
 * rewrites ownerReferences only to owners seeded in the same call; here objects go in waves by
 * owner depth (owners first: Deployments, then ReplicaSets and generated Applications, then
 * Pods), each wave in batches seeded concurrently, and ownerReferences are rewritten to the uids
 * the server gave the owners in earlier waves.
 */
import type { Manifest } from '../packages/core/src/fixtures/index.ts';
import { type SeedOptions, type SeedResult, type SeedTarget, seed } from '../test/cluster/seed.ts';

export interface BatchSeedOptions extends SeedOptions {
  /** Objects per `seed()` call (default 200). */
  readonly batchSize?: number;
  /** `seed()` calls in flight at once (default 8). */
  readonly concurrency?: number;
  /** Called after every batch with the objects done so far. */
  readonly onProgress?: (done: number, total: number) => void;
}

const refKey = (r: { apiVersion: string; kind: string; namespace?: string | undefined; name: string }) =>
  `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

/** Owner depth of each object: 0 without (known) owners, else 1 + its deepest owner's. */
function waves(objects: readonly Manifest[]): Manifest[][] {
  const byUid = new Map<string, Manifest>();
  for (const o of objects) if (o.metadata.uid !== undefined) byUid.set(o.metadata.uid, o);
  const depth = new Map<Manifest, number>();
  const depthOf = (o: Manifest, guard: number): number => {
    const known = depth.get(o);
    if (known !== undefined) return known;
    let d = 0;
    if (guard < 16) {
      for (const owner of o.metadata.ownerReferences ?? []) {
        const found = byUid.get(owner.uid);
        if (found !== undefined) d = Math.max(d, 1 + depthOf(found, guard + 1));
      }
    }
    depth.set(o, d);
    return d;
  };
  const out: Manifest[][] = [];
  for (const o of objects) {
    const d = depthOf(o, 0);
    const wave = out[d];
    if (wave === undefined) out[d] = [o];
    else wave.push(o);
  }
  return out.filter((w) => w !== undefined);
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export async function seedInBatches(
  target: SeedTarget,
  objects: readonly unknown[],
  options: BatchSeedOptions = {},
): Promise<SeedResult> {
  const { batchSize = 200, concurrency = 8, onProgress, ...seedOptions } = options;
  const list = objects as Manifest[];
  const serverUid = new Map<string, string>(); // fixture uid → server uid
  const result: SeedResult = { seeded: [], failed: [] };
  let done = 0;
  for (const wave of waves(list)) {
    const batches: Manifest[][] = [];
    for (let i = 0; i < wave.length; i += batchSize) batches.push(wave.slice(i, i + batchSize));
    await pool(batches, concurrency, async (batch) => {
      const prepared = batch.map((o) =>
        o.metadata.ownerReferences === undefined
          ? o
          : {
              ...o,
              metadata: {
                ...o.metadata,
                ownerReferences: o.metadata.ownerReferences.map((r) => ({
                  ...r,
                  uid: serverUid.get(r.uid) ?? r.uid,
                })),
              },
            },
      );
      const seeded = await seed(target, prepared, seedOptions);
      const fixtureUids = new Map(batch.map((o) => [refKey({ ...o, ...o.metadata }), o.metadata.uid]));
      for (const s of seeded.seeded) {
        const fixtureUid = fixtureUids.get(refKey(s.ref));
        if (fixtureUid !== undefined) serverUid.set(fixtureUid, s.uid);
      }
      result.seeded.push(...seeded.seeded);
      result.failed.push(...seeded.failed);
      done += batch.length;
      onProgress?.(done, list.length);
    });
  }
  return result;
}
