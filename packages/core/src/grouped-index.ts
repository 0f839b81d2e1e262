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

/** The groups first changed after one snapshot and before the next, with their earlier values. */
class Era<V> {
  readonly undo = new Map<string, readonly V[]>();
  next: Era<V> | undefined;
}

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
  /** The era of the latest snapshot, recording groups as they were before their first change since. */
  #era: Era<V> | undefined;
  #snapshot: GroupedSnapshot<V> | undefined;

  /** The index as it is now, unchanged by later changes (as `VersionedMap.snapshot`). */
  snapshot(): GroupedSnapshot<V> {
    if (this.#snapshot !== undefined && this.#era?.undo.size === 0) return this.#snapshot;
    const era = new Era<V>();
    if (this.#era !== undefined) this.#era.next = era;
    this.#era = era;
    const groups = this.#groups;
    const live = (group: string): readonly V[] => {
      const found = groups.get(group);
      if (found === undefined) return NONE;
      return found instanceof Single ? [found.value] : [...found.values()];
    };
    this.#snapshot = {
      values: (group) => {
        for (let e: Era<V> | undefined = era; e !== undefined; e = e.next) {
          const recorded = e.undo.get(group);
          if (recorded !== undefined) return recorded;
        }
        return live(group);
      },
    };
    return this.#snapshot;
  }

  #record(group: string): void {
    const era = this.#era;
    if (era !== undefined && !era.undo.has(group)) era.undo.set(group, this.values(group));
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
