import { gitOpsKindOf } from './gitops-kinds.ts';
import { GroupedIndex } from './grouped-index.ts';
import { type KubeObject, objectKey } from './kube-object.ts';
import type { Manager } from './ownership-types.ts';
import { asName, asNumber, asString, field } from './plain-json.ts';
import { type Ref, refKey, refKeyOf } from './ref.ts';
import type { EvidenceEvent } from './report-types.ts';

/**
 * The indexes §7 evidence walks — who each manager manages directly, owner → children, objects
 * by ref, Warning events by target — kept up to date one object at a time, so a changed Pod
 * costs a few map updates instead of a pass over the cluster.
 */
/** Hears which lookups an add or remove may have changed, as the tokens the lookups read. */
export interface EvidenceIndexListener {
  /** Whether anyone holds answers that could go stale (tokens are not built otherwise). */
  watched(): boolean;
  changed(token: string): void;
}

export interface EvidenceIndexOptions {
  readonly listener: EvidenceIndexListener;
  /** The objects held, by key (the model's map: the index does not copy it). */
  readonly objectByKey: (key: string) => KubeObject | undefined;
}

export class EvidenceIndex {
  private readonly listener: EvidenceIndexListener;
  private readonly objectByKey: (key: string) => KubeObject | undefined;
  private readonly managed = new GroupedIndex<KubeObject>();
  private readonly children = new GroupedIndex<KubeObject>();
  /** Controlled objects by their owner's kind and name whatever the uid says (ownership falls back to it). */
  private readonly controlledByName = new GroupedIndex<KubeObject>();
  /**
   * The API groups holding objects of each kind, with how many: a ref names no group, and
   * looking its few candidates up by key beats filing every object under its ref.
   */
  private readonly groupsOfKind = new Map<string, Map<string, number>>();
  private readonly warnings = new GroupedIndex<EvidenceEvent>();

  constructor(options: EvidenceIndexOptions) {
    this.listener = options.listener;
    this.objectByKey = options.objectByKey;
  }

  /** Adds an object not held yet, filed under the managers found on it directly. */
  add(object: KubeObject, directManagers: readonly Manager[]): void {
    this.file(object, true);
    this.setManagers(object, [], directManagers);
  }

  /** Refiles a held object from the managers it was filed under to those now found on it. */
  setManagers(object: KubeObject, previous: readonly Manager[], directManagers: readonly Manager[]): void {
    if (previous.length === 0 && directManagers.length === 0) return;
    // GitOps objects are nodes of their own, and events are no workloads: evidence stops at them.
    if (gitOpsKindOf(object.group, object.kind) !== undefined || isWarningEvent(object)) return;
    const watched = this.listener.watched();
    for (const manager of previous) {
      const key = refKey(manager.ref);
      this.managed.delete(key, object.key);
      if (watched) this.listener.changed(`managed:${key}`);
    }
    for (const manager of directManagers) {
      const key = refKey(manager.ref);
      this.managed.add(key, object.key, object);
      if (watched) this.listener.changed(`managed:${key}`);
    }
  }

  /** Removes a held object, filed under `managers`. */
  remove(object: KubeObject, managers: readonly Manager[]): void {
    this.setManagers(object, managers, []);
    this.file(object, false);
  }

  private file(object: KubeObject, add: boolean): void {
    const watched = this.listener.watched();
    if (watched) this.listener.changed(`object:${object.key}`);
    const warning = readWarningEvent(object);
    if (warning !== undefined) {
      if (add) this.warnings.add(warning.target, object.key, warning.event);
      else this.warnings.delete(warning.target, object.key);
      if (watched) this.listener.changed(`warnings:${warning.target}`);
      return;
    }
    let groups = this.groupsOfKind.get(object.kind);
    if (groups === undefined) {
      groups = new Map();
      this.groupsOfKind.set(object.kind, groups);
    }
    const count = (groups.get(object.group) ?? 0) + (add ? 1 : -1);
    if (count > 0) groups.set(object.group, count);
    else groups.delete(object.group);
    if (watched) this.listener.changed(`ref:${refOfObject(object)}`);
    for (const owner of object.ownerReferences) {
      if (!owner.controller) continue;
      const id = ownerId(owner.uid, owner.kind, object.namespace, owner.name);
      const byName = ownerId(undefined, owner.kind, object.namespace, owner.name);
      if (add) {
        this.children.add(id, object.key, object);
        this.controlledByName.add(byName, object.key, object);
      } else {
        this.children.delete(id, object.key);
        this.controlledByName.delete(byName, object.key);
      }
      if (watched) this.listener.changed(`children:${id}`);
    }
  }

  /** The objects that name `managerRefKey` as a manager directly (not through owners). */
  managedBy(managerRefKey: string, reads?: Set<string>): Iterable<KubeObject> {
    reads?.add(`managed:${managerRefKey}`);
    return this.managed.view(managerRefKey);
  }

  /** Objects whose controller ownerReference points at `object`, by uid or by kind and name. */
  childrenOf(object: KubeObject, reads?: Set<string>): KubeObject[] {
    const nameId = ownerId(undefined, object.kind, object.namespace, object.name);
    if (reads !== undefined) {
      if (object.uid !== undefined) reads.add(`children:${object.uid}`);
      reads.add(`children:${nameId}`);
    }
    return filedUnder(this.children, object.uid, this.children, nameId);
  }

  /**
   * Every object whose controller ownerReference could resolve to `object` — by uid, or by kind
   * and name when the uid is stale — so a change of its managers reaches them.
   */
  controlledBy(object: KubeObject): KubeObject[] {
    const nameId = ownerId(undefined, object.kind, object.namespace, object.name);
    return filedUnder(this.children, object.uid, this.controlledByName, nameId);
  }

  /** The object a ref names (of the first API group in code-unit order when several share the kind). */
  byRef(ref: Ref, reads?: Set<string>): KubeObject | undefined {
    reads?.add(`ref:${refKey(ref)}`);
    const groups = this.groupsOfKind.get(ref.kind);
    if (groups === undefined) return undefined;
    let found: KubeObject | undefined;
    for (const group of groups.keys()) {
      if (found !== undefined && found.group < group) continue;
      found = this.objectByKey(objectKey(group, ref.kind, ref.namespace, ref.name)) ?? found;
    }
    return found;
  }

  /** Warning events about the object a ref names, newest first. */
  warningsOn(ref: string, reads?: Set<string>): EvidenceEvent[] {
    reads?.add(`warnings:${ref}`);
    return this.warnings.values(ref).sort((a, b) => ((a.lastSeen ?? '') < (b.lastSeen ?? '') ? 1 : -1));
  }
}

function refOfObject(object: KubeObject): string {
  return refKeyOf(object.kind, object.namespace, object.name);
}

function ownerId(uid: string | undefined, kind: string, namespace: string | undefined, name: string): string {
  return uid ?? `${kind}/${namespace ?? ''}/${name}`;
}

/** The objects filed under a uid in one index and under a name id in another. */
function filedUnder(
  byUid: GroupedIndex<KubeObject>,
  uid: string | undefined,
  byName: GroupedIndex<KubeObject>,
  nameId: string,
): KubeObject[] {
  const a = uid === undefined ? [] : byUid.values(uid);
  if (byName.count(nameId) === 0) return a;
  a.push(...byName.view(nameId));
  return a;
}

function isWarningEvent(object: KubeObject): boolean {
  return object.kind === 'Event' && asName(field(object.raw, 'type')) === 'Warning';
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
    target: refKeyOf(kind, namespace, name),
    event: {
      ...(reason === undefined ? {} : { reason }),
      ...(message === undefined ? {} : { message }),
      ...(lastSeen === undefined ? {} : { lastSeen }),
      ...(count === undefined ? {} : { count }),
    },
  };
}
