/**
 * Lookups every surface needs over one ClusterView: a report object or root cause by ref, any
 * held object by ref, and the objects an owner controls. Built once per view (a view is a
 * settled snapshot), so no surface scans every object for them.
 */
import type { ClusterView } from '../cluster-view.ts';
import { readKubeObject } from '../kube-object.ts';
import { compareRefs, makeRef, type Ref, refKey, refKeyOf } from '../ref.ts';
import type { Report, ReportObject, ReportRootCause } from '../report-types.ts';

/** The report's object for a ref: a binary search, as the report lists objects in ref order. */
export function reportObjectOf(report: Report, ref: Ref): ReportObject | undefined {
  const objects = report.objects;
  let low = 0;
  let high = objects.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const object = objects[middle]!;
    const order = compareRefs(object.ref, ref);
    if (order === 0) return object;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

const rootsByReport = new WeakMap<Report, ReadonlyMap<string, ReportRootCause>>();

/** The root cause a ref stands for: the root itself or a member of a cycle root. */
export function rootCauseOf(report: Report, ref: Ref): ReportRootCause | undefined {
  let byKey = rootsByReport.get(report);
  if (byKey === undefined) {
    const map = new Map<string, ReportRootCause>();
    for (const root of report.rootCauses) {
      for (const r of [root.ref, ...root.members]) if (!map.has(refKey(r))) map.set(refKey(r), root);
    }
    rootsByReport.set(report, map);
    byKey = map;
  }
  return byKey.get(refKey(ref));
}

/** Objects of a view by ref and by controlling owner. */
export interface ObjectIndex {
  /** The held object (raw) a ref names; undefined when the view does not hold it. */
  object(ref: Ref): unknown;
  /** The objects whose controller ownerReference names this one (same namespace), sorted. */
  controlledBy(owner: Ref): readonly Ref[];
}

const NO_REFS: readonly Ref[] = [];
const indexes = new WeakMap<ClusterView, ObjectIndex>();

/** The view's object index, built on first use by one pass over its objects. */
export function objectIndex(view: ClusterView): ObjectIndex {
  const cached = indexes.get(view);
  if (cached !== undefined) return cached;
  const index = indexObjects(view.allObjects());
  indexes.set(view, index);
  return index;
}

/** An index of any objects (a view's, or Pods an adapter read on demand), by one pass over them. */
export function indexObjects(objects: Iterable<unknown>): ObjectIndex {
  const byKey = new Map<string, unknown>();
  const children = new Map<string, Ref[]>();
  for (const raw of objects) {
    const object = readKubeObject(raw);
    if (object === undefined || object.kind === 'Event') continue;
    const key = refKeyOf(object.kind, object.namespace, object.name);
    // Objects of one kind name in two API groups: the first held keeps the ref.
    if (!byKey.has(key)) byKey.set(key, raw);
    const controller = object.ownerReferences.find((o) => o.controller);
    if (controller === undefined) continue;
    const ownerKey = refKeyOf(controller.kind, object.namespace, controller.name);
    const list = children.get(ownerKey) ?? [];
    list.push(makeRef(object.kind, object.namespace, object.name));
    children.set(ownerKey, list);
  }
  for (const list of children.values()) list.sort(compareRefs);
  return {
    object: (ref) => byKey.get(refKey(ref)),
    controlledBy: (owner) => children.get(refKey(owner)) ?? NO_REFS,
  };
}

/**
 * The Pods under an object (itself, for a Pod), following controller ownerReferences down
 * (Deployment → ReplicaSet → Pod, CronJob → Job → Pod), three levels deep.
 */
export function podsUnder(index: ObjectIndex, ref: Ref): Ref[] {
  if (ref.kind === 'Pod') return index.object(ref) === undefined ? [] : [ref];
  const pods: Ref[] = [];
  const seen = new Set<string>([refKey(ref)]);
  let frontier: readonly Ref[] = [ref];
  for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
    const next: Ref[] = [];
    for (const owner of frontier) {
      for (const child of index.controlledBy(owner)) {
        if (seen.has(refKey(child))) continue;
        seen.add(refKey(child));
        if (child.kind === 'Pod') pods.push(child);
        else next.push(child);
      }
    }
    frontier = next;
  }
  return pods;
}
