/**
 * Pods, for `:pods` and for `l`: the Pods under an object, following controller ownerReferences
 * down (Deployment → ReplicaSet → Pod) among a set of objects, and a Pod as a row of the kind
 * table (ready containers, restarts, the failing container's reason). Pure.
 */
import {
  type ClusterView,
  field,
  makeRef,
  managedBy,
  type ObjectIndex,
  objectIndex,
  podContainers,
  podsUnder,
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
 * object manages directly (core's managedBy), none for anything else.
 */
export function workloadsOf(view: ClusterView, ref: Ref): readonly Ref[] {
  if (WORKLOAD_KINDS.has(ref.kind) || ref.kind === 'Pod') return [ref];
  return managedBy(view, ref).filter((r) => MANAGED_WORKLOADS.has(r.kind));
}

/**
 * The Pods of a scope: a namespace's among the view's objects (`all`: every one), or those under
 * the workloads of an object, found in `index` (the view's own, or the Pods an adapter read).
 */
export function podsOfScope(
  scope: { readonly of: Ref } | { readonly namespace: string },
  view: ClusterView,
  index: ObjectIndex = objectIndex(view),
): unknown[] {
  if ('namespace' in scope) {
    return [...view.allObjects()].filter((raw) => {
      const object = readKubeObject(raw);
      return (
        object?.kind === 'Pod' &&
        object.group === '' &&
        (scope.namespace === 'all' || object.namespace === scope.namespace)
      );
    });
  }
  const pods = new Map<string, unknown>();
  for (const workload of workloadsOf(view, scope.of)) {
    for (const pod of podsUnder(index, workload)) {
      const raw = index.object(pod);
      if (raw !== undefined) pods.set(refKey(pod), raw);
    }
  }
  return [...pods.values()];
}
