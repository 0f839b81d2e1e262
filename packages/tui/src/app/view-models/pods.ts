/**
 * Pods, for `:pods` and for `l`: the Pods under an object, following controller ownerReferences
 * down (Deployment → ReplicaSet → Pod) among a set of objects, and a Pod as a row of the kind
 * table (ready containers, restarts, the failing container's reason). Pure.
 */
import {
  field,
  makeRef,
  type Ownership,
  type Ref,
  readKubeObject,
  refKey,
  type StringEntries,
} from '@strata/core';
import { podContainers } from '@strata/kube';
import { compactAge, elapsed } from './format.ts';
import { creationTime, type ObjectRow } from './objects-table.ts';

/** Kinds whose Pods are found by walking ownerReferences down from them. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
]);

export interface PodsUnder {
  readonly pods: readonly Ref[];
  /** The Pods' objects, by name (all in the namespace of the start). */
  readonly raw: ReadonlyMap<string, unknown>;
}

/** The Pods under `ref` (itself, for a Pod) among `objects`, by controller ownerReferences, three levels deep. */
export function podsUnder(ref: Ref, objects: Iterable<unknown>): PodsUnder {
  const children = new Map<string, { ref: Ref; uid?: string }[]>();
  const raw = new Map<string, unknown>();
  let start: string | undefined;
  for (const item of objects) {
    const object = readKubeObject(item);
    if (object === undefined || object.namespace !== ref.namespace) continue;
    if (object.kind === 'Pod' && object.group === '') raw.set(object.name, item);
    const self: { ref: Ref; uid?: string } = {
      ref: makeRef(object.kind, object.namespace, object.name),
      ...(object.uid === undefined ? {} : { uid: object.uid }),
    };
    if (object.kind === ref.kind && object.name === ref.name)
      start = object.uid ?? `${object.kind}/${object.name}`;
    for (const owner of object.ownerReferences) {
      if (!owner.controller) continue;
      const key = owner.uid ?? `${owner.kind}/${owner.name}`;
      const list = children.get(key) ?? [];
      list.push(self);
      children.set(key, list);
    }
  }
  if (ref.kind === 'Pod') return { pods: raw.has(ref.name) ? [ref] : [], raw };
  if (start === undefined) return { pods: [], raw };
  const pods: Ref[] = [];
  const seen = new Set<string>([start]);
  let frontier = [start];
  for (let depth = 0; depth < 3 && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const key of frontier) {
      for (const child of children.get(key) ?? []) {
        const childKey = child.uid ?? `${child.ref.kind}/${child.ref.name}`;
        if (seen.has(childKey)) continue;
        seen.add(childKey);
        if (child.ref.kind === 'Pod') pods.push(child.ref);
        else next.push(childKey);
      }
    }
    frontier = next;
  }
  return { pods, raw };
}

const NO_LABELS: StringEntries = new Map();

/** A Pod as a row: failing when a container is (CrashLoopBackOff, OOMKilled…), progressing until all are ready. */
export function podRow(raw: unknown, at: string): ObjectRow | undefined {
  const object = readKubeObject(raw);
  if (object === undefined || object.kind !== 'Pod') return undefined;
  const containers = podContainers(raw).filter((c) => !c.init);
  const ready = containers.filter((c) => c.running && c.problem === undefined).length;
  const restarts = containers.reduce((sum, c) => sum + c.restarts, 0);
  const problem = podContainers(raw).find((c) => c.problem !== undefined);
  const phase = phaseOf(raw);
  const state =
    problem !== undefined || phase === 'Failed'
      ? 'failing'
      : phase === 'Succeeded' || (containers.length > 0 && ready === containers.length)
        ? 'ready'
        : 'progressing';
  const ref = makeRef('Pod', object.namespace, object.name);
  const ageMs = elapsed(creationTime(raw), at);
  return {
    key: `Pod/${object.namespace ?? ''}/${object.name}`,
    ref,
    kind: 'Pod',
    namespace: object.namespace ?? '',
    name: object.name,
    layer: 'unmanaged',
    state,
    reason: problem?.problem ?? phase ?? '',
    rootCause: '',
    roots: [],
    age: compactAge(ageMs),
    ageMs,
    message: `${ready}/${containers.length} ready, ${restarts} restart${restarts === 1 ? '' : 's'}${
      problem === undefined ? '' : `, container ${problem.name}`
    }`,
    labels: object.labels ?? NO_LABELS,
  };
}

function phaseOf(raw: unknown): string | undefined {
  const phase = field(raw, 'status', 'phase');
  return typeof phase === 'string' ? phase : undefined;
}

/** Workload kinds a GitOps object manages that hold Pods (the model keeps Deployments and StatefulSets). */
const MANAGED_WORKLOADS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The workloads whose Pods stand for `ref`: itself for a workload, the workloads a Flux or Argo CD
 * object manages directly (`ownership` says who manages each object), none for anything else.
 */
export function workloadsOf(
  ref: Ref,
  objects: Iterable<unknown>,
  ownership: (raw: unknown) => Ownership | undefined,
): Ref[] {
  if (WORKLOAD_KINDS.has(ref.kind) || ref.kind === 'Pod') return [ref];
  const found: Ref[] = [];
  for (const raw of objects) {
    const object = readKubeObject(raw);
    if (object === undefined || !MANAGED_WORKLOADS.has(object.kind)) continue;
    const managers = ownership(raw)?.managers ?? [];
    if (managers.some((m) => refKey(m.ref) === refKey(ref))) {
      found.push(makeRef(object.kind, object.namespace, object.name));
    }
  }
  return found;
}

/** The Pods of a scope among `objects`: a namespace's (`all`: every one), or those under the workloads of an object. */
export function podsOfScope(
  scope: { readonly of: Ref } | { readonly namespace: string },
  objects: readonly unknown[],
  ownership: (raw: unknown) => Ownership | undefined,
): unknown[] {
  if ('namespace' in scope) {
    return objects.filter((raw) => {
      const object = readKubeObject(raw);
      return (
        object?.kind === 'Pod' &&
        object.group === '' &&
        (scope.namespace === 'all' || object.namespace === scope.namespace)
      );
    });
  }
  const pods = new Map<string, unknown>();
  for (const workload of workloadsOf(scope.of, objects, ownership)) {
    const under = podsUnder(workload, objects);
    for (const pod of under.pods) {
      const raw = under.raw.get(pod.name);
      if (raw !== undefined) pods.set(refKey(pod), raw);
    }
  }
  return [...pods.values()];
}
