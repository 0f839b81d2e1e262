/**
 * The objects a GitOps object applies — a Flux inventory, an Argo CD Application's
 * `status.resources` — as a tree: each with strata's health (a GitOps object's state, §7 for
 * workloads) and the objects it controls below it (Deployment → ReplicaSet → Pod), the way
 * Argo CD's resource tree shows them. Argo CD 3 keeps resource health out of the Application
 * (`resourceHealthSource: appTree`), so the health a page shows for them is strata's.
 */
import type { ClusterView } from './cluster-view.ts';
import { gitOpsKindOf } from './gitops-kinds.ts';
import { type KubeObject, objectKey, readKubeObject } from './kube-object.ts';
import { compareRefs, makeRef, type Ref, refKey } from './ref.ts';
import type { ReportObject, State } from './report-types.ts';
import { workloadHealth } from './workload-health.ts';

/** One object a GitOps object names: an inventory id or an Application's resource entry. */
export interface ResourceEntry {
  /** API group; `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ResourceTreeNode {
  readonly ref: Ref;
  readonly group: string;
  /**
   * The snapshot holds the object. When not, strata did not read its kind or it does not exist:
   * its health is unknown, never "missing".
   */
  readonly held: boolean;
  /** strata's health of it; absent when it is not held or strata has no rule for its kind. */
  readonly state?: State;
  readonly reason?: string;
  readonly message?: string;
  /** The held objects it controls (ownerReferences with `controller: true`), in report order. */
  readonly children: readonly ResourceTreeNode[];
}

export interface ResourceTree {
  /** The tree of `entries`, in the order given. */
  tree(entries: readonly ResourceEntry[]): ResourceTreeNode[];
}

/** Bounds that keep the tree small under a huge release (a DaemonSet of 5,000 Pods). */
const MAX_DEPTH = 4;
const MAX_CHILDREN = 50;

/**
 * The trees of one snapshot. The objects are indexed on the first call (one pass over the
 * snapshot); keep the result while the snapshot is current.
 */
export function resourceTreeOf(view: ClusterView): ResourceTree {
  let index: Index | undefined;
  return {
    tree(entries) {
      index ??= indexOf(view);
      const built = index;
      return entries.map((entry) => nodeOf(built, entry.group, entry.kind, entry.namespace, entry.name, 0));
    },
  };
}

interface Index {
  readonly byKey: ReadonlyMap<string, KubeObject>;
  /** Controlled objects by their controller's uid, or `group/Kind/namespace/name` without one. */
  readonly children: ReadonlyMap<string, KubeObject[]>;
  readonly reportByRef: ReadonlyMap<string, ReportObject>;
}

function indexOf(view: ClusterView): Index {
  const byKey = new Map<string, KubeObject>();
  const children = new Map<string, KubeObject[]>();
  for (const raw of view.allObjects()) {
    const object = readKubeObject(raw);
    if (object === undefined) continue;
    byKey.set(object.key, object);
    const owner = object.ownerReferences.find((o) => o.controller);
    if (owner === undefined) continue;
    const key = owner.uid ?? objectKey(owner.group, owner.kind, object.namespace, owner.name);
    const list = children.get(key);
    if (list === undefined) children.set(key, [object]);
    else list.push(object);
  }
  const refOf = (o: KubeObject) => makeRef(o.kind, o.namespace, o.name);
  for (const list of children.values()) list.sort((a, b) => compareRefs(refOf(a), refOf(b)));
  return { byKey, children, reportByRef: new Map(view.report.objects.map((o) => [refKey(o.ref), o])) };
}

function nodeOf(
  index: Index,
  group: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  depth: number,
): ResourceTreeNode {
  const ref = makeRef(kind, namespace, name);
  const object = index.byKey.get(objectKey(group, kind, namespace, name));
  if (object === undefined) return { ref, group, held: false, children: [] };
  const health = healthOf(index, object, ref);
  const controlled =
    depth >= MAX_DEPTH
      ? []
      : [
          ...(object.uid === undefined ? [] : (index.children.get(object.uid) ?? [])),
          ...(index.children.get(object.key) ?? []),
        ].slice(0, MAX_CHILDREN);
  return {
    ref,
    group,
    held: true,
    ...health,
    children: controlled.map((c) => nodeOf(index, c.group, c.kind, c.namespace, c.name, depth + 1)),
  };
}

function healthOf(
  index: Index,
  object: KubeObject,
  ref: Ref,
): { state?: State; reason?: string; message?: string } {
  const judged =
    gitOpsKindOf(object.group, object.kind) === undefined
      ? workloadHealth(object)
      : index.reportByRef.get(refKey(ref));
  if (judged === undefined) return {};
  return {
    state: judged.state,
    ...(judged.reason === undefined ? {} : { reason: judged.reason }),
    ...(judged.message === undefined ? {} : { message: judged.message }),
  };
}
