import { findCondition, readConditions } from './conditions.ts';
import type { KubeObject } from './kube-object.ts';
import { asArray, asName, asNumber, asString, field } from './plain-json.ts';
import { FAILING_WAIT_REASONS } from './pod-status.ts';
import type { ContainerTermination, State } from './report-types.ts';

/** Health of an ordinary Kubernetes object (§7). `undefined`: strata has no rule for it. */
export interface WorkloadHealth {
  readonly state: State;
  readonly reason?: string;
  readonly message?: string;
  /** A failed container's last termination, when the Pod fails because of it. */
  readonly terminated?: ContainerTermination;
}

const healthy: WorkloadHealth = { state: 'ready' };

function health(state: State, reason: string | undefined, message: string | undefined): WorkloadHealth {
  return {
    state,
    ...(reason === undefined ? {} : { reason }),
    ...(message === undefined ? {} : { message }),
  };
}

function generationObserved(object: KubeObject): boolean {
  const observed = asNumber(field(object.raw, 'status', 'observedGeneration'));
  return object.generation === undefined || observed === undefined || observed >= object.generation;
}

function deploymentHealth(object: KubeObject): WorkloadHealth {
  const status = field(object.raw, 'status');
  const conditions = readConditions(status);
  const progressing = findCondition(conditions, 'Progressing');
  if (progressing?.status === 'False') return health('failing', progressing.reason, progressing.message);
  const available = findCondition(conditions, 'Available');
  if (available?.status === 'False') return health('failing', available.reason, available.message);
  const desired = asNumber(field(object.raw, 'spec', 'replicas')) ?? 1;
  const updated = asNumber(field(status, 'updatedReplicas')) ?? 0;
  const ready = asNumber(field(status, 'availableReplicas')) ?? 0;
  if (!generationObserved(object)) return health('progressing', 'GenerationNotObserved', undefined);
  return replicaCountHealth('available', desired, ready, updated);
}

function replicaHealth(object: KubeObject): WorkloadHealth {
  const status = field(object.raw, 'status');
  let desired: number;
  let ready: number;
  let updated: number;
  if (object.kind === 'DaemonSet') {
    desired = asNumber(field(status, 'desiredNumberScheduled')) ?? 0;
    ready = asNumber(field(status, 'numberReady')) ?? 0;
    updated = asNumber(field(status, 'updatedNumberScheduled')) ?? desired;
  } else {
    desired = asNumber(field(object.raw, 'spec', 'replicas')) ?? 1;
    ready = asNumber(field(status, 'readyReplicas')) ?? 0;
    // ReplicaSets have no updated count; StatefulSets report updatedReplicas.
    updated =
      object.kind === 'StatefulSet' ? (asNumber(field(status, 'updatedReplicas')) ?? desired) : desired;
  }
  return replicaCountHealth('ready', desired, ready, updated);
}

/** Healthy once `ready` and `updated` reach `desired`; `counted` says what `ready` counts. */
function replicaCountHealth(
  counted: 'available' | 'ready',
  desired: number,
  ready: number,
  updated: number,
): WorkloadHealth {
  if (ready < desired || updated < desired) {
    return health(
      'progressing',
      'ReplicasNotReady',
      `${ready}/${desired} ${counted}, ${updated}/${desired} updated`,
    );
  }
  return healthy;
}

/** The container's last termination when it failed (a non-zero exit, or a reason other than Completed). */
function failedTermination(container: unknown, name: string): ContainerTermination | undefined {
  const terminated = field(container, 'lastState', 'terminated');
  if (terminated === undefined || terminated === null) return undefined;
  const reason = asName(field(terminated, 'reason'));
  const exitCode = asNumber(field(terminated, 'exitCode'));
  if (reason === 'Completed' || (reason === undefined && (exitCode === undefined || exitCode === 0)))
    return undefined;
  const message = asString(field(terminated, 'message'))?.trim();
  return {
    container: name,
    ...(reason === undefined ? {} : { reason }),
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(message ? { message } : {}),
  };
}

function containerHealth(statuses: readonly unknown[]): WorkloadHealth | undefined {
  for (const container of statuses) {
    const name = asName(field(container, 'name')) ?? '?';
    const waiting = field(container, 'state', 'waiting');
    const waitingReason = asName(field(waiting, 'reason'));
    if (waitingReason !== undefined && FAILING_WAIT_REASONS.has(waitingReason)) {
      const message = asString(field(waiting, 'message'));
      // A crash loop's own words are "back-off restarting": why it crashed is in the last termination.
      const terminated = failedTermination(container, name);
      return {
        ...health('failing', waitingReason, `container ${name}${message ? `: ${message}` : ' is waiting'}`),
        ...(terminated === undefined ? {} : { terminated }),
      };
    }
    const terminated = field(container, 'lastState', 'terminated');
    const terminatedReason = asName(field(terminated, 'reason'));
    const restarts = asNumber(field(container, 'restartCount')) ?? 0;
    if ((terminatedReason === 'OOMKilled' || terminatedReason === 'Error') && restarts > 0) {
      const exitCode = asNumber(field(terminated, 'exitCode'));
      const detail = asString(field(terminated, 'message'));
      const failed = failedTermination(container, name);
      return {
        ...health(
          'failing',
          terminatedReason,
          `container ${name} restarted ${restarts} times, last exit ${exitCode ?? '?'}${detail ? `: ${detail}` : ''}`,
        ),
        ...(failed === undefined ? {} : { terminated: failed }),
      };
    }
  }
  return undefined;
}

function podHealth(object: KubeObject): WorkloadHealth {
  const status = field(object.raw, 'status');
  const containers = containerHealth([
    ...asArray(field(status, 'initContainerStatuses')),
    ...asArray(field(status, 'containerStatuses')),
  ]);
  if (containers !== undefined) return containers;
  if (asName(field(status, 'phase')) === 'Failed') {
    return health('failing', asName(field(status, 'reason')) ?? 'Failed', asString(field(status, 'message')));
  }
  const scheduled = findCondition(readConditions(status), 'PodScheduled');
  if (scheduled?.status === 'False')
    return health('failing', scheduled.reason ?? 'Unschedulable', scheduled.message);
  return healthy;
}

function kstatusHealth(object: KubeObject): WorkloadHealth | undefined {
  const conditions = readConditions(field(object.raw, 'status'));
  const stalled = findCondition(conditions, 'Stalled');
  if (stalled?.status === 'True') return health('failing', stalled.reason, stalled.message);
  const ready = findCondition(conditions, 'Ready');
  if (ready?.status === 'False') return health('failing', ready.reason, ready.message);
  return ready === undefined && stalled === undefined ? undefined : healthy;
}

/** §7, per kind; any other object with kstatus-style conditions is judged by them. */
export function workloadHealth(object: KubeObject): WorkloadHealth | undefined {
  const core = object.group === '';
  const apps = object.group === 'apps';
  if (apps && object.kind === 'Deployment') return deploymentHealth(object);
  if (
    apps &&
    (object.kind === 'StatefulSet' || object.kind === 'DaemonSet' || object.kind === 'ReplicaSet')
  ) {
    return replicaHealth(object);
  }
  if (core && object.kind === 'Pod') return podHealth(object);
  if (object.group === 'batch' && object.kind === 'Job') {
    const failed = findCondition(readConditions(field(object.raw, 'status')), 'Failed');
    return failed?.status === 'True' ? health('failing', failed.reason ?? 'Failed', failed.message) : healthy;
  }
  if (core && object.kind === 'PersistentVolumeClaim') {
    return asName(field(object.raw, 'status', 'phase')) === 'Pending'
      ? health('progressing', 'Pending', 'claim is not bound yet')
      : healthy;
  }
  if (core && object.kind === 'Secret') return undefined;
  return kstatusHealth(object);
}
