/**
 * Kubernetes objects as their controllers and the kubelet leave them, for tests that write them
 * to the test API server with seed(): conditions (Ready, a Deployment's Available and
 * Progressing), Deployments, ReplicaSets and Pods owned in a chain, container statuses, and
 * Warning Events. Times are given (`ago(now, minutes)`); uids are the fixture's own, rewritten by
 * seed() to the server's. test/evidence/scenario.ts and test/tui/soak.test.ts write their
 * scenarios with them.
 */

export type Json = Record<string, unknown>;

export function ago(now: number, minutes: number): string {
  return new Date(now - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** What a condition says, and when: observed at generation 1 unless told. */
type ConditionArgs = [
  status: 'True' | 'False',
  reason: string,
  message: string,
  since: string,
  observedGeneration?: number,
];

/** A condition as its controller writes it. */
export function condition(
  type: string,
  ...[status, reason, message, since, observedGeneration = 1]: ConditionArgs
): Json {
  return { type, status, reason, message, lastTransitionTime: since, observedGeneration };
}

export const ready = (...args: ConditionArgs): Json => condition('Ready', ...args);

/** The deployment controller's Available condition (without its times). */
export function available(yes: boolean): Json {
  return yes
    ? {
        type: 'Available',
        status: 'True',
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      }
    : {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      };
}

/** The deployment controller's Progressing condition for its ReplicaSet, by reason (without its times). */
const PROGRESSING = {
  ReplicaSetUpdated: ['True', 'is progressing.'],
  NewReplicaSetAvailable: ['True', 'has successfully progressed.'],
  ProgressDeadlineExceeded: ['False', 'has timed out progressing.'],
} as const;

export function progressing(reason: keyof typeof PROGRESSING, replicaSet: string): Json {
  const [status, says] = PROGRESSING[reason];
  return { type: 'Progressing', status, reason, message: `ReplicaSet "${replicaSet}" ${says}` };
}

function owner(kind: string, name: string, uid: string): Json[] {
  return [{ apiVersion: 'apps/v1', kind, name, uid, controller: true, blockOwnerDeletion: true }];
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
}

export function deployment(options: {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly labels?: Json;
  readonly annotations?: Json;
  readonly replicas: number;
  readonly containers: readonly ContainerSpec[];
  readonly conditions: readonly Json[];
  readonly since: string;
}): Json {
  const selector = { app: options.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      uid: options.uid,
      generation: 1,
      labels: { app: options.name, ...options.labels },
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
    },
    spec: {
      replicas: options.replicas,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: options.containers } },
    },
    status: {
      observedGeneration: 1,
      replicas: options.replicas,
      updatedReplicas: options.replicas,
      unavailableReplicas: options.replicas,
      conditions: options.conditions.map((c) => ({
        lastUpdateTime: options.since,
        lastTransitionTime: options.since,
        ...c,
      })),
    },
  };
}

export function replicaSet(options: {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly deployment: string;
  readonly deploymentUid: string;
  readonly replicas: number;
  readonly containers: readonly ContainerSpec[];
}): Json {
  const hash = options.name.slice(options.deployment.length + 1);
  const labels = { app: options.deployment, 'pod-template-hash': hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      uid: options.uid,
      generation: 1,
      labels,
      ownerReferences: owner('Deployment', options.deployment, options.deploymentUid),
    },
    spec: {
      replicas: options.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: options.containers } },
    },
    status: { observedGeneration: 1, replicas: options.replicas, fullyLabeledReplicas: options.replicas },
  };
}

export function pod(options: {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly replicaSet: string;
  readonly replicaSetUid: string;
  readonly deployment: string;
  readonly node?: string;
  readonly containers: readonly ContainerSpec[];
  readonly status: Json;
}): Json {
  const hash = options.replicaSet.slice(options.deployment.length + 1);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name,
      namespace: options.namespace,
      uid: options.uid,
      labels: { app: options.deployment, 'pod-template-hash': hash },
      ownerReferences: owner('ReplicaSet', options.replicaSet, options.replicaSetUid),
    },
    spec: {
      containers: options.containers,
      ...(options.node === undefined ? {} : { nodeName: options.node }),
      restartPolicy: 'Always',
    },
    status: options.status,
  };
}

/** A container status as the kubelet writes it. */
export function containerStatus(name: string, image: string, fields: Json): Json {
  return { name, image, imageID: '', ready: false, started: false, restartCount: 0, ...fields };
}

let eventCount = 0;

/** A kubelet (or scheduler) Warning Event about an object. */
export function warning(
  involved: {
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
  },
  reason: string,
  message: string,
  options: {
    readonly count: number;
    readonly first: string;
    readonly last: string;
    readonly component?: string;
  },
): Json {
  eventCount += 1;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      name: `${involved.name}.${(0x17a3f0 + eventCount).toString(16)}`,
      namespace: involved.namespace,
    },
    involvedObject: {
      apiVersion: involved.kind === 'Pod' ? 'v1' : 'apps/v1',
      kind: involved.kind,
      namespace: involved.namespace,
      name: involved.name,
      uid: involved.uid,
    },
    type: 'Warning',
    reason,
    message,
    count: options.count,
    firstTimestamp: options.first,
    lastTimestamp: options.last,
    source: { component: options.component ?? 'kubelet' },
  };
}

/**
 * A Deployment with its one ReplicaSet and a Pod per replica, owned in a chain: the fixture uids
 * `fixture-<id>-deploy` and `fixture-<id>-rs` (seed() rewrites them to the server's), each Pod
 * its own.
 */
export function workload(options: {
  readonly namespace: string;
  readonly deployment: string;
  readonly replicaSet: string;
  readonly id: string;
  readonly labels?: Json;
  readonly annotations?: Json;
  readonly containers: readonly ContainerSpec[];
  readonly conditions: readonly Json[];
  readonly since: string;
  readonly pods: readonly {
    readonly name: string;
    readonly uid: string;
    readonly node?: string;
    readonly status: Json;
  }[];
}): Json[] {
  const { namespace, containers, pods } = options;
  const deploymentUid = `fixture-${options.id}-deploy`;
  const replicaSetUid = `fixture-${options.id}-rs`;
  return [
    deployment({
      namespace,
      name: options.deployment,
      uid: deploymentUid,
      ...(options.labels === undefined ? {} : { labels: options.labels }),
      ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
      replicas: pods.length,
      containers,
      since: options.since,
      conditions: options.conditions,
    }),
    replicaSet({
      namespace,
      name: options.replicaSet,
      uid: replicaSetUid,
      deployment: options.deployment,
      deploymentUid,
      replicas: pods.length,
      containers,
    }),
    ...pods.map((p) =>
      pod({
        namespace,
        name: p.name,
        uid: p.uid,
        replicaSet: options.replicaSet,
        replicaSetUid,
        deployment: options.deployment,
        ...(p.node === undefined ? {} : { node: p.node }),
        containers,
        status: p.status,
      }),
    ),
  ];
}
