/**
 * The derivation half of a ClusterModel: which derived facts (a node's status, its explanation)
 * read which inputs, and which are due to be derived again. As in TanStack Query, every
 * derivation is filed under the keys it read; a change to an input invalidates exactly the
 * derivations filed under its key, and settling re-derives them until nothing moves.
 */
import type { ControllerName } from './gitops-kinds.ts';
import { GroupedIndex } from './grouped-index.ts';

declare const dependency: unique symbol;
/** An input a derivation read; made only by `dependsOn`, so two spellings of one input cannot differ. */
export type DependencyKey = string & { readonly [dependency]: true };

/** The inputs derivations read, one key each. */
export const dependsOn = {
  /** A node: its facts (its object's current version) and its status. */
  node: (nodeKey: string) => nodeKey as DependencyKey,
  /** Any held object by key, node or not (owners, objects named in messages). */
  object: (objectKey: string) => `object:${objectKey}` as DependencyKey,
  /** The inventory and `status.resources` claims on an object. */
  claims: (objectKey: string) => `claims:${objectKey}` as DependencyKey,
  /** Which controller workloads of a name are held. */
  controllers: (name: ControllerName) => `controllers:${name}` as DependencyKey,
  /** The Applications an ApplicationSet generated. */
  generated: (appSetKey: string) => `generated:${appSetKey}` as DependencyKey,
  /** The GitOps nodes of a kind in a namespace, with their labels (label selections). */
  selection: (kindNamespace: string) => `nodes:${kindNamespace}` as DependencyKey,
  /** The Flux nodes an Application manages (E8). */
  applied: (appKey: string) => `applied:${appKey}` as DependencyKey,
  /** The snapshot time. */
  time: 'time' as DependencyKey,
} as const;

/** Tracks which keys a computation read, so a change to any of them recomputes it. */
export class Dependents<K extends string = DependencyKey> {
  /** Key → the readers that read it (most keys have one: held bare, not in a Set). */
  private readonly readers = new GroupedIndex<string>();
  /** Reader → the keys it read; readers that read nothing are not kept. */
  private readonly reads = new Map<string, readonly K[]>();

  set(reader: string, keys: ReadonlySet<K> | readonly K[]): void {
    this.clear(reader);
    // A Set holds no repeats, nor does a list of one key or none (most statuses).
    const repeats = Array.isArray(keys) && (keys as readonly K[]).length > 1;
    const list = repeats ? [...new Set(keys)] : [...keys];
    if (list.length === 0) return;
    this.reads.set(reader, list);
    for (const key of list) this.readers.add(key, reader, reader);
  }

  clear(reader: string): void {
    const keys = this.reads.get(reader);
    if (keys === undefined) return;
    for (const key of keys) this.readers.delete(key, reader);
    this.reads.delete(reader);
  }

  of(key: K): Iterable<string> {
    return this.readers.view(key);
  }

  /** No reader read anything. */
  get empty(): boolean {
    return this.reads.size === 0;
  }
}

/** The two derivations of every node, by node key: its status, then its explanation. */
export class Derivations {
  private readonly statusReads = new Dependents();
  private readonly explanationReads = new Dependents();
  private readonly statusDue = new Set<string>();
  private readonly explanationDue = new Set<string>();

  /** Nothing has read anything yet (a first load): invalidating is moot. */
  private get nothingRead(): boolean {
    return this.statusReads.empty && this.explanationReads.empty;
  }

  /** An input changed: every derivation that read it is due. */
  changed(key: DependencyKey): void {
    if (this.nothingRead) return;
    for (const reader of this.statusReads.of(key)) this.statusDue.add(reader);
    for (const reader of this.explanationReads.of(key)) this.explanationDue.add(reader);
  }

  /** `changed(make(key))`, without building the key while nothing has been read. */
  changedOf(make: (key: string) => DependencyKey, key: string): void {
    if (!this.nothingRead) this.changed(make(key));
  }

  /** Both of a node's derivations are due (it appeared or its object changed). */
  due(node: string): void {
    this.statusDue.add(node);
    this.explanationDue.add(node);
  }

  explanationIsDue(node: string): void {
    this.explanationDue.add(node);
  }

  /** Every explanation is due (settings every rule reads changed). */
  allExplanationsDue(nodes: Iterable<string>): void {
    for (const node of nodes) this.explanationDue.add(node);
  }

  /** A node went: nothing of it is due or filed. */
  forget(node: string): void {
    this.statusReads.clear(node);
    this.explanationReads.clear(node);
    this.statusDue.delete(node);
    this.explanationDue.delete(node);
  }

  statusRead(node: string, keys: readonly DependencyKey[]): void {
    this.statusReads.set(node, keys);
  }

  explanationRead(node: string, keys: ReadonlySet<DependencyKey>): void {
    this.explanationReads.set(node, keys);
  }

  /**
   * Derives what is due: statuses first, then explanations; each batch may make more due (a
   * node's status is read by others' statuses, its managers by Applications' E8 edges), so
   * until nothing moves.
   */
  settle(status: (node: string) => void, explanation: (node: string) => void): void {
    while (this.statusDue.size > 0) {
      const batch = [...this.statusDue];
      this.statusDue.clear();
      for (const key of batch) status(key);
    }
    while (this.explanationDue.size > 0) {
      const batch = [...this.explanationDue];
      this.explanationDue.clear();
      for (const key of batch) explanation(key);
    }
  }
}
