/**
 * A Map that can hand out read-only snapshots of itself in O(1), each answering for the moment
 * it was taken however the map changes afterwards.
 *
 * The live map is written in place. After a snapshot is taken, the first write of each key
 * records that key's previous value in the snapshot's era (an undo entry); a snapshot answers a
 * key from the first era, its own or a later one, that recorded it, and from the live map
 * otherwise. Writes cost nothing extra while no snapshot was taken since the last era began,
 * and an era holds at most one entry per key, so an old snapshot costs memory in proportion to
 * what changed since, never a copy of the map.
 */

const ABSENT: unique symbol = Symbol('absent');
type Recorded<V> = V | typeof ABSENT;

/** The keys first written after one snapshot and before the next, with what they held before. */
export class Era<K, R> {
  readonly undo = new Map<K, R>();
  next: Era<K, R> | undefined;
}

/** What no era recorded: the key is answered from the live structure. */
export const NOT_RECORDED: unique symbol = Symbol('not recorded');

/** What `key` held when the snapshot of `era` was taken, if it was written since. */
export function recordedSince<K, R>(era: Era<K, R>, key: K): R | typeof NOT_RECORDED {
  for (let e: Era<K, R> | undefined = era; e !== undefined; e = e.next) {
    const recorded = e.undo.get(key);
    if (recorded !== undefined || e.undo.has(key)) return recorded as R;
  }
  return NOT_RECORDED;
}

/**
 * The undo record behind a structure's snapshots: after `begin()` (a snapshot), the first write
 * of each key keeps what the key held. Shared by VersionedMap and GroupedIndex.
 */
export class UndoLog<K, R> {
  #era: Era<K, R> | undefined;

  /** Nothing was written since the last snapshot: it still answers for now. */
  get quiet(): boolean {
    return this.#era !== undefined && this.#era.undo.size === 0;
  }

  /** Whether a write of `key` must first `keep` what it holds (once per key per era). */
  wants(key: K): boolean {
    return this.#era !== undefined && !this.#era.undo.has(key);
  }

  keep(key: K, held: R): void {
    this.#era?.undo.set(key, held);
  }

  /** A snapshot is taken: writes from now on are recorded in a new era. */
  begin(): Era<K, R> {
    const era = new Era<K, R>();
    if (this.#era !== undefined) this.#era.next = era;
    this.#era = era;
    return era;
  }
}

/** What a snapshot of a map answers. */
export interface MapSnapshot<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  /** Every entry as it was (the live map's order, entries gone since at the end). */
  entries(): IterableIterator<[K, V]>;
  values(): IterableIterator<V>;
}

export class VersionedMap<K, V> implements ReadonlyMap<K, V> {
  readonly #live = new Map<K, V>();
  /** What written keys held, for the snapshots taken (none taken: nothing recorded). */
  readonly #log = new UndoLog<K, Recorded<V>>();
  #snapshot: MapSnapshot<K, V> | undefined;

  get size(): number {
    return this.#live.size;
  }

  get(key: K): V | undefined {
    return this.#live.get(key);
  }

  has(key: K): boolean {
    return this.#live.has(key);
  }

  keys(): MapIterator<K> {
    return this.#live.keys();
  }

  values(): MapIterator<V> {
    return this.#live.values();
  }

  entries(): MapIterator<[K, V]> {
    return this.#live.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void): void {
    for (const [key, value] of this.#live) callback(value, key, this);
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#live.entries();
  }

  set(key: K, value: V): void {
    this.#record(key);
    this.#live.set(key, value);
  }

  delete(key: K): boolean {
    if (!this.#live.has(key)) return false;
    this.#record(key);
    return this.#live.delete(key);
  }

  /** The map as it is now, unchanged by later writes; the same snapshot until the map is written. */
  snapshot(): MapSnapshot<K, V> {
    if (this.#snapshot !== undefined && this.#log.quiet) return this.#snapshot;
    this.#snapshot = new Snapshot(this.#live, this.#log.begin());
    return this.#snapshot;
  }

  #record(key: K): void {
    if (this.#log.wants(key)) this.#log.keep(key, this.#live.has(key) ? (this.#live.get(key) as V) : ABSENT);
  }
}

class Snapshot<K, V> implements MapSnapshot<K, V> {
  readonly #live: ReadonlyMap<K, V>;
  readonly #era: Era<K, Recorded<V>>;

  constructor(live: ReadonlyMap<K, V>, era: Era<K, Recorded<V>>) {
    this.#live = live;
    this.#era = era;
  }

  get(key: K): V | undefined {
    const recorded = recordedSince(this.#era, key);
    if (recorded === NOT_RECORDED) return this.#live.get(key);
    return recorded === ABSENT ? undefined : recorded;
  }

  has(key: K): boolean {
    const recorded = recordedSince(this.#era, key);
    return recorded === NOT_RECORDED ? this.#live.has(key) : recorded !== ABSENT;
  }

  /** The earliest recorded value of every key written since this snapshot. */
  #changed(): Map<K, Recorded<V>> | undefined {
    let changed: Map<K, Recorded<V>> | undefined;
    for (let era: Era<K, Recorded<V>> | undefined = this.#era; era !== undefined; era = era.next) {
      if (era.undo.size === 0) continue;
      changed ??= new Map();
      for (const [key, value] of era.undo) if (!changed.has(key)) changed.set(key, value);
    }
    return changed;
  }

  *entries(): IterableIterator<[K, V]> {
    const changed = this.#changed();
    if (changed === undefined) {
      yield* this.#live.entries();
      return;
    }
    for (const entry of this.#live) {
      const recorded = changed.get(entry[0]);
      if (recorded === undefined && !changed.has(entry[0])) yield entry;
      else if (recorded !== ABSENT) yield [entry[0], recorded as V];
    }
    for (const [key, recorded] of changed) {
      if (recorded !== ABSENT && !this.#live.has(key)) yield [key, recorded];
    }
  }

  *values(): IterableIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }
}
