import { gitOpsKindOf } from './gitops-kinds.ts';
import type { KubeObject } from './kube-object.ts';
import type { Manager } from './ownership-types.ts';
import { asName, asNumber, asString, field } from './plain-json.ts';
import { makeRef, refKey } from './ref.ts';
import type { EvidenceEvent } from './report-types.ts';

/**
 * The indexes §7 evidence walks — who each manager manages directly, owner → children, objects
 * by ref, Warning events by target — kept up to date one object at a time, so a changed Pod
 * costs a few map updates instead of a pass over the cluster.
 */
export class EvidenceIndex {
  private readonly managed = new Map<string, Map<string, KubeObject>>();
  private readonly children = new Map<string, Map<string, KubeObject>>();
  /** Controlled objects by their owner's kind and name whatever the uid says (ownership falls back to it). */
  private readonly controlledByName = new Map<string, Map<string, KubeObject>>();
  private readonly refs = new Map<string, KubeObject[]>();
  private readonly warnings = new Map<string, Map<string, EvidenceEvent>>();
  /** Where each held object was filed, so removal undoes exactly what adding did. */
  private readonly filed = new Map<
    string,
    { readonly object: KubeObject; readonly warningTarget?: string; managers: readonly string[] }
  >();

  /** Adds an object (or replaces the one with its key) with the managers found on it directly. */
  add(object: KubeObject, directManagers: readonly Manager[]): void {
    this.remove(object.key);
    const warning = readWarningEvent(object);
    if (warning !== undefined) {
      let events = this.warnings.get(warning.target);
      if (events === undefined) {
        events = new Map();
        this.warnings.set(warning.target, events);
      }
      events.set(object.key, warning.event);
      this.filed.set(object.key, { object, warningTarget: warning.target, managers: [] });
      return;
    }
    const ref = refOfObject(object);
    const sameRef = this.refs.get(ref);
    if (sameRef === undefined) this.refs.set(ref, [object]);
    else sameRef.push(object);
    for (const owner of object.ownerReferences) {
      if (!owner.controller) continue;
      fileUnder(this.children, ownerId(owner.uid, owner.kind, object.namespace, owner.name), object);
      fileUnder(this.controlledByName, ownerId(undefined, owner.kind, object.namespace, owner.name), object);
    }
    this.filed.set(object.key, { object, managers: [] });
    this.setManagers(object.key, directManagers);
  }

  /** Refiles an object held here under the managers now found on it. */
  setManagers(key: string, directManagers: readonly Manager[]): void {
    const filed = this.filed.get(key);
    if (filed === undefined || filed.warningTarget !== undefined) return;
    const { object } = filed;
    for (const manager of filed.managers) unfile(this.managed, manager, key);
    // GitOps objects are nodes of their own: evidence stops at them.
    const managers =
      gitOpsKindOf(object.group, object.kind) === undefined ? directManagers.map((m) => refKey(m.ref)) : [];
    for (const manager of managers) fileUnder(this.managed, manager, object);
    filed.managers = managers;
  }

  /** Removes the object with this key, if held. */
  remove(key: string): void {
    const filed = this.filed.get(key);
    if (filed === undefined) return;
    this.filed.delete(key);
    if (filed.warningTarget !== undefined) {
      unfile(this.warnings, filed.warningTarget, key);
      return;
    }
    const { object } = filed;
    for (const manager of filed.managers) unfile(this.managed, manager, key);
    const ref = refOfObject(object);
    const sameRef = this.refs.get(ref)?.filter((o) => o.key !== key);
    if (sameRef === undefined || sameRef.length === 0) this.refs.delete(ref);
    else this.refs.set(ref, sameRef);
    for (const owner of object.ownerReferences) {
      if (!owner.controller) continue;
      unfile(this.children, ownerId(owner.uid, owner.kind, object.namespace, owner.name), key);
      unfile(this.controlledByName, ownerId(undefined, owner.kind, object.namespace, owner.name), key);
    }
  }

  /** The objects that name `managerRefKey` as a manager directly (not through owners). */
  managedBy(managerRefKey: string): Iterable<KubeObject> {
    return this.managed.get(managerRefKey)?.values() ?? [];
  }

  /** Objects whose controller ownerReference points at `object`, by uid or by kind and name. */
  childrenOf(object: KubeObject): KubeObject[] {
    const byUid = object.uid === undefined ? undefined : this.children.get(object.uid);
    const byName = this.children.get(ownerId(undefined, object.kind, object.namespace, object.name));
    if (byUid === undefined && byName === undefined) return [];
    return [...(byUid?.values() ?? []), ...(byName?.values() ?? [])];
  }

  /**
   * Every object whose controller ownerReference could resolve to `object` — by uid, or by kind
   * and name when the uid is stale — so a change of its managers reaches them.
   */
  controlledBy(object: KubeObject): KubeObject[] {
    const byUid = object.uid === undefined ? undefined : this.children.get(object.uid);
    const byName = this.controlledByName.get(ownerId(undefined, object.kind, object.namespace, object.name));
    if (byUid === undefined && byName === undefined) return [];
    return [...(byUid?.values() ?? []), ...(byName?.values() ?? [])];
  }

  /** The object a ref names (the last added when several API groups share a kind name). */
  byRef(ref: string): KubeObject | undefined {
    return this.refs.get(ref)?.at(-1);
  }

  /** Warning events about the object a ref names, newest first. */
  warningsOn(ref: string): EvidenceEvent[] {
    const events = this.warnings.get(ref);
    if (events === undefined) return [];
    return [...events.values()].sort((a, b) => ((a.lastSeen ?? '') < (b.lastSeen ?? '') ? 1 : -1));
  }
}

/** The index of a fixed set of objects, for callers without a model. */
export function buildEvidenceIndex(
  objects: Iterable<KubeObject>,
  directManagersOf: (object: KubeObject) => readonly Manager[],
): EvidenceIndex {
  const index = new EvidenceIndex();
  for (const object of objects) index.add(object, directManagersOf(object));
  return index;
}

export function refOfObject(object: KubeObject): string {
  return refKey(makeRef(object.kind, object.namespace, object.name));
}

function ownerId(uid: string | undefined, kind: string, namespace: string | undefined, name: string): string {
  return uid ?? `${kind}/${namespace ?? ''}/${name}`;
}

function fileUnder(map: Map<string, Map<string, KubeObject>>, key: string, object: KubeObject): void {
  let entries = map.get(key);
  if (entries === undefined) {
    entries = new Map();
    map.set(key, entries);
  }
  entries.set(object.key, object);
}

function unfile<V>(map: Map<string, Map<string, V>>, key: string, objectKey: string): void {
  const entries = map.get(key);
  if (entries === undefined) return;
  entries.delete(objectKey);
  if (entries.size === 0) map.delete(key);
}

function readWarningEvent(event: KubeObject): { target: string; event: EvidenceEvent } | undefined {
  if (event.kind !== 'Event' || asName(field(event.raw, 'type')) !== 'Warning') return undefined;
  const involved = field(event.raw, 'involvedObject') ?? field(event.raw, 'regarding');
  const kind = asName(field(involved, 'kind'));
  const name = asName(field(involved, 'name'));
  if (kind === undefined || name === undefined) return undefined;
  const namespace = asName(field(involved, 'namespace')) ?? event.namespace;
  const reason = asName(field(event.raw, 'reason'));
  const message = asString(field(event.raw, 'message')) ?? asString(field(event.raw, 'note'));
  const lastSeen =
    asName(field(event.raw, 'lastTimestamp')) ??
    asName(field(event.raw, 'series', 'lastObservedTime')) ??
    asName(field(event.raw, 'eventTime')) ??
    asName(field(event.raw, 'metadata', 'creationTimestamp'));
  const count = asNumber(field(event.raw, 'count')) ?? asNumber(field(event.raw, 'series', 'count'));
  return {
    target: refKey(makeRef(kind, namespace, name)),
    event: {
      ...(reason === undefined ? {} : { reason }),
      ...(message === undefined ? {} : { message }),
      ...(lastSeen === undefined ? {} : { lastSeen }),
      ...(count === undefined ? {} : { count }),
    },
  };
}
