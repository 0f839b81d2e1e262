/**
 * Pods, for `:pods` and for `l`: the Pods under an object, following controller ownerReferences
 * down (Deployment → ReplicaSet → Pod) among a set of objects, and a Pod as a row of the kind
 * table (ready containers, restarts, the failing container's reason). Pure.
 */
import {
  field,
  indexObjects,
  makeRef,
  type Ownership,
  podContainers,
  podsUnder as podsUnderIndex,
  type Ref,
  readKubeObject,
  refKey,
  type StringEntries,
} from '@strata/core';
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

/** The Pods under `ref` (itself, for a Pod) among `objects`, by core's controller lookup. */
export function podsUnder(ref: Ref, objects: Iterable<unknown>): PodsUnder {
  const index = indexObjects(objects);
  const pods = podsUnderIndex(index, ref);
  return { pods, raw: new Map(pods.map((pod) => [pod.name, index.object(pod)])) };
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
