/**
 * The objects a ClusterModel holds, indexed by key and by uid: the store half of the model (as
 * client-go's indexer is to an informer). Snapshots of it are O(1) and never change (see
 * versioned-map.ts), so a ClusterView reads the objects of its own moment.
 */
import type { KubeObject } from './kube-object.ts';
import { type MapSnapshot, VersionedMap } from './versioned-map.ts';

/** The store as it was at one moment. */
export interface ObjectsAt {
  byKey(key: string): KubeObject | undefined;
  byUid(uid: string): KubeObject | undefined;
  values(): IterableIterator<KubeObject>;
}

/** What the store and its snapshots read from: the live maps or their snapshots. */
interface Lookup<V> {
  get(key: string): V | undefined;
}

/** The object a uid names: uid → key → object. */
function objectOfUid(
  byKey: Lookup<KubeObject>,
  keyOfUid: Lookup<string>,
  uid: string,
): KubeObject | undefined {
  const key = keyOfUid.get(uid);
  return key === undefined ? undefined : byKey.get(key);
}

export class ObjectStore {
  readonly #byKey = new VersionedMap<string, KubeObject>();
  /** uid → key: a uid names one object at a time (the last one filed under it). */
  readonly #keyOfUid = new VersionedMap<string, string>();

  get size(): number {
    return this.#byKey.size;
  }

  byKey(key: string): KubeObject | undefined {
    return this.#byKey.get(key);
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  byUid(uid: string): KubeObject | undefined {
    return objectOfUid(this.#byKey, this.#keyOfUid, uid);
  }

  keys(): IterableIterator<string> {
    return this.#byKey.keys();
  }

  values(): IterableIterator<KubeObject> {
    return this.#byKey.values();
  }

  add(object: KubeObject): void {
    this.#byKey.set(object.key, object);
    if (object.uid !== undefined) this.#keyOfUid.set(object.uid, object.key);
  }

  /**
   * `replacing`: a new version is added next; the key keeps its place (snapshots taken before
   * list their objects in the same order as the store after).
   */
  delete(object: KubeObject, replacing = false): void {
    if (!replacing) this.#byKey.delete(object.key);
    if (object.uid !== undefined && this.#keyOfUid.get(object.uid) === object.key) {
      this.#keyOfUid.delete(object.uid);
    }
  }

  snapshot(): ObjectsAt {
    return new StoreSnapshot(this.#byKey.snapshot(), this.#keyOfUid.snapshot());
  }
}

class StoreSnapshot implements ObjectsAt {
  readonly #byKey: MapSnapshot<string, KubeObject>;
  readonly #keyOfUid: MapSnapshot<string, string>;

  constructor(byKey: MapSnapshot<string, KubeObject>, keyOfUid: MapSnapshot<string, string>) {
    this.#byKey = byKey;
    this.#keyOfUid = keyOfUid;
  }

  byKey(key: string): KubeObject | undefined {
    return this.#byKey.get(key);
  }

  byUid(uid: string): KubeObject | undefined {
    return objectOfUid(this.#byKey, this.#keyOfUid, uid);
  }

  values(): IterableIterator<KubeObject> {
    return this.#byKey.values();
  }
}
