/**
 * What a root blocks, as a tree: breadth-first from the root (and a cycle's members) along the
 * report's `blocks` (the not-ready nodes whose explanation names a node), each blocked node once,
 * under the nearest node that explains it. Its distinct nodes are exactly the root's `impacted`,
 * so "blocks N" and the tree always agree.
 */
import type { ClusterView } from '../cluster-view.ts';
import { compareRefs, type Ref, refKey } from '../ref.ts';
import type { ReportObject, ReportRootCause } from '../report-types.ts';
import { reportObjectOf } from './lookups.ts';
import { LINK_WORDS, type LinkType, linkBetween } from './neighbours.ts';

export interface BlockedNode {
  readonly ref: Ref;
  readonly key: string;
  /** The report's entry (state, reason, message). */
  readonly object: ReportObject | undefined;
  /** How it waits on the node above it; undefined for an impacted node no chain reached. */
  readonly link: LinkType | undefined;
  readonly words: string;
  /** How many other nodes of the tree it also waits on. */
  readonly alsoBlockedBy: number;
  readonly children: readonly BlockedNode[];
}

const explainers = new WeakMap<ClusterView, ReadonlyMap<string, readonly Ref[]>>();

/** Key of a node (or a missing object) → the not-ready nodes whose explanation names it, sorted. */
function explainedByIndex(view: ClusterView): ReadonlyMap<string, readonly Ref[]> {
  const cached = explainers.get(view);
  if (cached !== undefined) return cached;
  const out = new Map<string, Ref[]>();
  for (const object of view.report.objects) {
    if (object.ready) continue;
    for (const key of view.node(object.ref)?.explanation ?? []) {
      const list = out.get(key) ?? [];
      list.push(object.ref);
      out.set(key, list);
    }
  }
  for (const list of out.values()) list.sort(compareRefs);
  explainers.set(view, out);
  return out;
}

/** The nodes a node blocks directly: its report `blocks`, or for a missing object, the same relation. */
export function directlyBlocked(view: ClusterView, ref: Ref): readonly Ref[] {
  return reportObjectOf(view.report, ref)?.blocks ?? explainedByIndex(view).get(refKey(ref)) ?? [];
}

interface Mutable {
  ref: Ref;
  key: string;
  object: ReportObject | undefined;
  link: LinkType | undefined;
  words: string;
  alsoBlockedBy: number;
  children: Mutable[];
}

/** The tree of what `root` blocks (the root itself is not in it). */
export function blockedTree(view: ClusterView, root: ReportRootCause): readonly BlockedNode[] {
  const impacted = new Set(root.impacted.map(refKey));
  const rootKeys = [...new Set([refKey(root.ref), ...root.members.map(refKey)])];
  const placed = new Map<string, Mutable>();
  const forest: Mutable[] = [];
  const queue: { key: string; ref: Ref; into: Mutable[] }[] = [
    ...new Map([root.ref, ...root.members].map((r) => [refKey(r), r])).entries(),
  ].map(([key, ref]) => ({ key, ref, into: forest }));
  const rootSet = new Set(rootKeys);
  for (let head = 0; head < queue.length; head++) {
    const parent = queue[head]!;
    for (const ref of directlyBlocked(view, parent.ref)) {
      const key = refKey(ref);
      if (!impacted.has(key) || rootSet.has(key)) continue;
      const already = placed.get(key);
      if (already !== undefined) {
        already.alsoBlockedBy++;
        continue;
      }
      const node = view.node(ref);
      const link = node === undefined ? 'explanation' : linkBetween(view, node, parent.key);
      const entry: Mutable = {
        ref,
        key,
        object: reportObjectOf(view.report, ref),
        link,
        words: LINK_WORDS[link],
        alsoBlockedBy: 0,
        children: [],
      };
      placed.set(key, entry);
      parent.into.push(entry);
      queue.push({ key, ref, into: entry.children });
    }
  }
  // Impacted nodes no chain reached (not expected): listed flat, so none is hidden.
  for (const ref of root.impacted) {
    const key = refKey(ref);
    if (placed.has(key) || rootSet.has(key)) continue;
    const entry: Mutable = {
      ref,
      key,
      object: reportObjectOf(view.report, ref),
      link: undefined,
      words: 'blocked',
      alsoBlockedBy: 0,
      children: [],
    };
    placed.set(key, entry);
    forest.push(entry);
  }
  return forest;
}

/** Every node of a blocked tree, depth-first. */
export function blockedNodes(tree: readonly BlockedNode[]): BlockedNode[] {
  const out: BlockedNode[] = [];
  const stack = [...tree].reverse();
  while (stack.length > 0) {
    const next = stack.pop()!;
    out.push(next);
    for (let i = next.children.length - 1; i >= 0; i--) stack.push(next.children[i]!);
  }
  return out;
}
