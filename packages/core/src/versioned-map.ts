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

/** The keys first written after one snapshot and before the next, with their earlier values. */
class Era<K, V> {
  readonly undo = new Map<K, Recorded<V>>();
  next: Era<K, V> | undefined;
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
  /** The era writes are recorded in: that of the latest snapshot (none taken: nothing recorded). */
  #era: Era<K, V> | undefined;
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
    if (this.#era !== undefined) this.#record(this.#era, key);
    this.#live.set(key, value);
  }

  delete(key: K): boolean {
    if (!this.#live.has(key)) return false;
    if (this.#era !== undefined) this.#record(this.#era, key);
    return this.#live.delete(key);
  }

  /** The map as it is now, unchanged by later writes; the same snapshot until the map is written. */
  snapshot(): MapSnapshot<K, V> {
    if (this.#snapshot !== undefined && this.#era?.undo.size === 0) return this.#snapshot;
    const era = new Era<K, V>();
    if (this.#era !== undefined) this.#era.next = era;
    this.#era = era;
    this.#snapshot = new Snapshot(this.#live, era);
    return this.#snapshot;
  }

  #record(era: Era<K, V>, key: K): void {
    if (era.undo.has(key)) return;
    era.undo.set(key, this.#live.has(key) ? (this.#live.get(key) as V) : ABSENT);
  }
}

class Snapshot<K, V> implements MapSnapshot<K, V> {
  readonly #live: ReadonlyMap<K, V>;
  readonly #era: Era<K, V>;

  constructor(live: ReadonlyMap<K, V>, era: Era<K, V>) {
    this.#live = live;
    this.#era = era;
  }

  get(key: K): V | undefined {
    for (let era: Era<K, V> | undefined = this.#era; era !== undefined; era = era.next) {
      const recorded = era.undo.get(key);
      if (recorded !== undefined || era.undo.has(key)) return recorded === ABSENT ? undefined : recorded;
    }
    return this.#live.get(key);
  }

  has(key: K): boolean {
    for (let era: Era<K, V> | undefined = this.#era; era !== undefined; era = era.next) {
      if (era.undo.has(key)) return era.undo.get(key) !== ABSENT;
    }
    return this.#live.has(key);
  }

  /** The earliest recorded value of every key written since this snapshot. */
  #changed(): Map<K, Recorded<V>> | undefined {
    let changed: Map<K, Recorded<V>> | undefined;
    for (let era: Era<K, V> | undefined = this.#era; era !== undefined; era = era.next) {
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
