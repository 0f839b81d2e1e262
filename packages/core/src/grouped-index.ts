import { NOT_RECORDED, recordedSince, UndoLog } from './versioned-map.ts';

/** One value filed alone under its group. */
class Single<V> {
  readonly id: string;
  value: V;

  constructor(id: string, value: V) {
    this.id = id;
    this.value = value;
  }
}

const NONE: readonly never[] = [];

/** What a snapshot of a GroupedIndex answers: each group's values as they were. */
export interface GroupedSnapshot<V> {
  values(group: string): readonly V[];
}

/**
 * Values filed under a group key, each by an id, in insertion order (a Map's: refiling an id
 * keeps its place). A group of one is held bare, not in a Map of its own: at 100k objects most
 * groups (an owner's children, the claims on an object) have one member, and 100k small Maps
 * were a fifth of the model's memory and much of its garbage collection.
 */
export class GroupedIndex<V> {
  readonly #groups = new Map<string, Single<V> | Map<string, V>>();
  /** Groups as they were before their first change since the latest snapshot. */
  readonly #log = new UndoLog<string, readonly V[]>();
  #snapshot: GroupedSnapshot<V> | undefined;

  /** The index as it is now, unchanged by later changes (as `VersionedMap.snapshot`). */
  snapshot(): GroupedSnapshot<V> {
    if (this.#snapshot !== undefined && this.#log.quiet) return this.#snapshot;
    const era = this.#log.begin();
    this.#snapshot = {
      values: (group) => {
        const recorded = recordedSince(era, group);
        return recorded === NOT_RECORDED ? this.values(group) : recorded;
      },
    };
    return this.#snapshot;
  }

  #record(group: string): void {
    if (this.#log.wants(group)) this.#log.keep(group, this.values(group));
  }

  add(group: string, id: string, value: V): void {
    this.#record(group);
    const found = this.#groups.get(group);
    if (found === undefined) {
      this.#groups.set(group, new Single(id, value));
    } else if (found instanceof Single) {
      if (found.id === id) found.value = value;
      else
        this.#groups.set(
          group,
          new Map([
            [found.id, found.value],
            [id, value],
          ]),
        );
    } else {
      found.set(id, value);
    }
  }

  delete(group: string, id: string): void {
    const found = this.#groups.get(group);
    if (found === undefined) return;
    this.#record(group);
    if (found instanceof Single) {
      if (found.id === id) this.#groups.delete(group);
    } else if (found.delete(id) && found.size === 0) {
      this.#groups.delete(group);
    }
  }

  /** The group's values, oldest first (a fresh array: callers may keep it). */
  values(group: string): V[] {
    const found = this.#groups.get(group);
    if (found === undefined) return [];
    return found instanceof Single ? [found.value] : [...found.values()];
  }

  /** The group's values without copying, oldest first; do not keep it across changes. */
  view(group: string): Iterable<V> {
    const found = this.#groups.get(group);
    if (found === undefined) return NONE;
    return found instanceof Single ? [found.value] : found.values();
  }

  /** The value filed last in the group. */
  last(group: string): V | undefined {
    const found = this.#groups.get(group);
    if (found === undefined) return undefined;
    if (found instanceof Single) return found.value;
    let last: V | undefined;
    for (const value of found.values()) last = value;
    return last;
  }

  /** The group's size. */
  count(group: string): number {
    const found = this.#groups.get(group);
    return found === undefined ? 0 : found instanceof Single ? 1 : found.size;
  }
}
