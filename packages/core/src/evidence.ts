import { gitOpsKindOf } from './gitops-kinds.ts';
import type { GraphNode } from './graph-types.ts';
import type { KubeObject } from './kube-object.ts';
import type { Manager } from './ownership-types.ts';
import { asName, asNumber, asString, field } from './plain-json.ts';
import { compareRefs, makeRef, refKey } from './ref.ts';
import type { EvidenceEvent, ReportEvidence } from './report-types.ts';
import { workloadHealth } from './workload-health.ts';

/** Bounds that keep evidence small on huge releases. */
const MAX_VISITED = 500;
const MAX_LISTED = 25;
const MAX_EVENTS = 3;

/** Indexes over every object, built once per report, that evidence walks. */
export interface EvidenceIndex {
  readonly managed: ReadonlyMap<string, readonly KubeObject[]>;
  readonly children: ReadonlyMap<string, readonly KubeObject[]>;
  readonly byRef: ReadonlyMap<string, KubeObject>;
  readonly warnings: ReadonlyMap<string, readonly EvidenceEvent[]>;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
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

/** One pass over the objects: who each manager manages directly, owner → children, Warning events. */
export function buildEvidenceIndex(
  objects: Iterable<KubeObject>,
  directManagersOf: (object: KubeObject) => readonly Manager[],
): EvidenceIndex {
  const managed = new Map<string, KubeObject[]>();
  const children = new Map<string, KubeObject[]>();
  const byRef = new Map<string, KubeObject>();
  const warnings = new Map<string, EvidenceEvent[]>();
  for (const object of objects) {
    const warning = readWarningEvent(object);
    if (warning !== undefined) {
      push(warnings, warning.target, warning.event);
      continue;
    }
    byRef.set(refKey(makeRef(object.kind, object.namespace, object.name)), object);
    for (const owner of object.ownerReferences) {
      if (!owner.controller) continue;
      push(children, owner.uid ?? `${owner.kind}/${object.namespace ?? ''}/${owner.name}`, object);
    }
    if (gitOpsKindOf(object.group, object.kind) !== undefined) continue;
    for (const manager of directManagersOf(object)) push(managed, refKey(manager.ref), object);
  }
  for (const list of warnings.values())
    list.sort((a, b) => ((a.lastSeen ?? '') < (b.lastSeen ?? '') ? 1 : -1));
  return { managed, children, byRef, warnings };
}

function childrenOf(object: KubeObject, index: EvidenceIndex): readonly KubeObject[] {
  return [
    ...(object.uid === undefined ? [] : (index.children.get(object.uid) ?? [])),
    ...(index.children.get(`${object.kind}/${object.namespace ?? ''}/${object.name}`) ?? []),
  ];
}

/**
 * §7: the objects a not-ready node manages (and those its message names), followed through
 * controller ownerReferences down to Pods; the unhealthy ones, deepest first.
 */
export function evidenceOf(
  node: GraphNode,
  named: readonly ReportEvidence[],
  index: EvidenceIndex,
): readonly ReportEvidence[] {
  const start: KubeObject[] = [...(index.managed.get(node.key) ?? [])];
  const fromMessage = new Map<string, ReportEvidence>();
  for (const entry of named) {
    const key = refKey(makeRef(entry.kind, entry.namespace, entry.name));
    const object = index.byRef.get(key);
    if (object === undefined) fromMessage.set(key, entry);
    else start.push(object);
  }
  const found: { evidence: ReportEvidence; depth: number }[] = [];
  const seen = new Set<string>();
  let frontier = start.map((object) => ({ object, depth: 0 }));
  while (frontier.length > 0 && seen.size < MAX_VISITED) {
    const next: { object: KubeObject; depth: number }[] = [];
    for (const { object, depth } of frontier) {
      if (seen.has(object.key) || seen.size >= MAX_VISITED) continue;
      seen.add(object.key);
      if (gitOpsKindOf(object.group, object.kind) !== undefined) continue;
      const health = workloadHealth(object);
      if (health !== undefined && health.state !== 'ready') {
        const key = refKey(makeRef(object.kind, object.namespace, object.name));
        const events = (index.warnings.get(key) ?? []).slice(0, MAX_EVENTS);
        found.push({
          depth,
          evidence: {
            kind: object.kind,
            ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
            name: object.name,
            state: health.state,
            ...(health.reason === undefined ? {} : { reason: health.reason }),
            ...(health.message === undefined ? {} : { message: health.message }),
            ...(events.length === 0 ? {} : { events }),
          },
        });
      }
      for (const child of childrenOf(object, index)) next.push({ object: child, depth: depth + 1 });
    }
    frontier = next;
  }
  found.sort((a, b) => b.depth - a.depth || compareRefs(a.evidence, b.evidence));
  const listed = found.map((f) => f.evidence);
  const absent = [...fromMessage.values()].sort(compareRefs);
  return [...listed, ...absent].slice(0, MAX_LISTED);
}
