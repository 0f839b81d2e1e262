import { GroupedIndex } from './grouped-index.ts';
import { forEachComponent } from './strongly-connected.ts';

/** One shared empty list, so callers can tell an unchanged answer by identity. */
const NO_ROOTS: readonly string[] = [];

/**
 * Roots of the explanation graph (§5), maintained incrementally.
 *
 * Arrows run from each not-ready node to the nodes in its explanation. Strongly connected
 * components are condensed; a component with no arrow leaving it is a root (a node explaining
 * itself, a missing object — a key with no explanation of its own — or a cycle of two or more
 * nodes). The roots of a node are the root components it reaches.
 *
 * After a change, only nodes that can reach a changed node (in the old or the new graph) can have
 * different roots; everything else keeps its cached answer. Traversals are iterative, so chains
 * of any depth are fine, and each affected node is visited once.
 */
export class RootIndex {
  private readonly out = new Map<string, readonly string[]>();
  /** Target → the nodes whose explanation names it (most have one: held bare, not in a Set). */
  private readonly incoming = new GroupedIndex<string>();
  private readonly rootsOf = new Map<string, readonly string[]>();
  private readonly cycleMembers = new Map<string, readonly string[]>();
  private readonly impactedBy = new Map<string, Set<string>>();
  private readonly references = new Map<string, number>();
  private readonly pending = new Map<string, readonly string[] | null>();
  /** Nodes whose roots were recomputed since the last `takeRootsChanged`. */
  private rootsChanged = new Set<string>();
  /** Per root id: bumped whenever its impacted set or members may have changed. */
  private readonly stamps = new Map<string, number>();
  /** Per node: bumped whenever the nodes it blocks may have changed. */
  private readonly blocksStamps = new Map<string, number>();
  private stampCounter = 0;

  private readonly compareKeys: (a: string, b: string) => number;

  constructor(compareKeys: (a: string, b: string) => number) {
    this.compareKeys = compareKeys;
  }

  /** A node's explanation (possibly empty: it explains itself), or null once it is ready or gone. */
  setExplanation(key: string, targets: readonly string[] | null): void {
    this.pending.set(key, targets);
  }

  /** Applies pending explanations and recomputes the roots of the nodes that may have changed. */
  flush(): void {
    const changed = [...this.pending]
      .filter(([key, targets]) => !sameTargets(this.out.get(key) ?? null, targets))
      .map(([key]) => key);
    if (changed.length === 0) {
      this.pending.clear();
      return;
    }
    const affected = this.reverseReach(changed);
    for (const key of changed) this.apply(key, this.pending.get(key) ?? null);
    this.pending.clear();
    for (const key of this.reverseReach(changed)) affected.add(key);
    this.recompute(affected);
  }

  /** Root ids of a not-ready node: the key of a single root, or `cycle:<smallest member>`. */
  roots(key: string): readonly string[] {
    return this.rootsOf.get(key) ?? NO_ROOTS;
  }

  /** Every current root id. */
  rootIds(): IterableIterator<string> {
    return this.references.keys();
  }

  members(rootId: string): readonly string[] {
    return this.cycleMembers.get(rootId) ?? [];
  }

  impacted(rootId: string): ReadonlySet<string> {
    return this.impactedBy.get(rootId) ?? EMPTY;
  }

  /** The nodes whose roots were recomputed (maybe to the same) since the last call. */
  takeRootsChanged(): ReadonlySet<string> {
    const changed = this.rootsChanged;
    this.rootsChanged = new Set();
    return changed;
  }

  /** Changes whenever the root's impacted set or members may have changed (0: not a root). */
  stampOf(rootId: string): number {
    return this.stamps.get(rootId) ?? 0;
  }

  /** Changes whenever `blockedBy(key)` may have changed. */
  blocksStampOf(key: string): number {
    return this.blocksStamps.get(key) ?? 0;
  }

  private touchRoot(rootId: string): void {
    this.stamps.set(rootId, ++this.stampCounter);
  }

  isExplained(key: string): boolean {
    return this.out.has(key);
  }

  /** The nodes whose explanation names this one (§6 `blocks`), unsorted. */
  blockedBy(key: string): readonly string[] {
    return this.incoming.count(key) === 0 ? NO_ROOTS : this.incoming.values(key);
  }

  private apply(key: string, targets: readonly string[] | null): void {
    for (const target of this.out.get(key) ?? []) {
      this.incoming.delete(target, key);
      // Its `blocks` changed: its report entry is due again.
      this.rootsChanged.add(target);
      this.blocksStamps.set(target, ++this.stampCounter);
    }
    if (targets === null) {
      this.out.delete(key);
      return;
    }
    this.out.set(key, targets);
    for (const target of targets) {
      this.rootsChanged.add(target);
      this.blocksStamps.set(target, ++this.stampCounter);
      this.incoming.add(target, key, key);
    }
  }

  private reverseReach(start: readonly string[]): Set<string> {
    const seen = new Set<string>(start);
    const stack = [...start];
    while (stack.length > 0) {
      const key = stack.pop()!;
      for (const from of this.incoming.view(key)) {
        if (!seen.has(from)) {
          seen.add(from);
          stack.push(from);
        }
      }
    }
    return seen;
  }

  private forget(key: string): void {
    const old = this.rootsOf.get(key);
    if (old === undefined) return;
    this.rootsOf.delete(key);
    this.rootsChanged.add(key);
    for (const rootId of old) {
      this.impactedBy.get(rootId)?.delete(key);
      const count = (this.references.get(rootId) ?? 1) - 1;
      if (count > 0) {
        this.references.set(rootId, count);
        this.touchRoot(rootId);
      } else {
        this.references.delete(rootId);
        this.impactedBy.delete(rootId);
        this.cycleMembers.delete(rootId);
        this.stamps.delete(rootId);
      }
    }
  }

  /** `ownRoot`: the node is (a member of) the root it records, so it does not count as impacted. */
  private record(key: string, roots: readonly string[], ownRoot: boolean): void {
    this.rootsOf.set(key, roots);
    this.rootsChanged.add(key);
    for (const rootId of roots) {
      this.references.set(rootId, (this.references.get(rootId) ?? 0) + 1);
      this.touchRoot(rootId);
      if (ownRoot) continue;
      let set = this.impactedBy.get(rootId);
      if (set === undefined) {
        set = new Set();
        this.impactedBy.set(rootId, set);
      }
      set.add(key);
    }
  }

  /** Settles the affected nodes' components, successors first. */
  private recompute(affected: Set<string>): void {
    for (const key of affected) this.forget(key);
    const inGraph = [...affected].filter((k) => this.out.has(k));
    const successors = (key: string) =>
      this.out.get(key)!.filter((target) => affected.has(target) && this.out.has(target));
    forEachComponent(inGraph, successors, (component) => this.settle(component));
  }

  /** Decides the roots of one finished component; its successors are settled already. */
  private settle(component: string[]): void {
    const inside = component.length > 1 ? new Set(component) : undefined;
    const self = component[0]!;
    const leaving: string[] = [];
    for (const key of component) {
      for (const target of this.out.get(key)!) {
        if (inside === undefined ? target !== self : !inside.has(target)) leaving.push(target);
      }
    }
    let roots: readonly string[];
    if (leaving.length === 0) {
      if (component.length === 1) {
        roots = [self];
      } else {
        const members = component.sort(this.compareKeys);
        const rootId = `cycle:${members[0]}`;
        this.cycleMembers.set(rootId, members);
        this.touchRoot(rootId);
        roots = [rootId];
      }
    } else {
      roots = this.union(leaving);
    }
    for (const key of component) this.record(key, roots, leaving.length === 0);
  }

  private rootsOfTarget(target: string): readonly string[] {
    // A target with no explanation of its own is a missing object: its own root.
    return this.out.has(target) ? (this.rootsOf.get(target) ?? []) : [target];
  }

  private union(targets: readonly string[]): readonly string[] {
    const first = this.rootsOfTarget(targets[0]!);
    if (targets.every((t) => this.rootsOfTarget(t) === first)) return first;
    const all = new Set<string>();
    for (const target of targets) for (const rootId of this.rootsOfTarget(target)) all.add(rootId);
    return [...all];
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function sameTargets(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
