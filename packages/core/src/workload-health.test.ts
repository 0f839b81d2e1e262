import { describe, expect, it } from 'vitest';
import { readKubeObject } from './kube-object.ts';
import { workloadHealth } from './workload-health.ts';

function health(apiVersion: string, kind: string, body: Record<string, unknown>) {
  const object = readKubeObject({
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'ns', generation: 2 },
    ...body,
  });
  return workloadHealth(object!);
}

const pod = (status: Record<string, unknown>) => health('v1', 'Pod', { status });

describe('Deployment (§7)', () => {
  it('fails on Progressing=False ProgressDeadlineExceeded or Available=False', () => {
    expect(
      health('apps/v1', 'Deployment', {
        status: {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'timed out',
            },
          ],
        },
      }),
    ).toEqual({ state: 'failing', reason: 'ProgressDeadlineExceeded', message: 'timed out' });
    expect(
      health('apps/v1', 'Deployment', {
        status: {
          conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' }],
        },
      })?.state,
    ).toBe('failing');
  });

  it('progresses while replicas are short or the generation is unobserved, else is ready', () => {
    const short = {
      spec: { replicas: 3 },
      status: { observedGeneration: 2, updatedReplicas: 3, availableReplicas: 1 },
    };
    expect(health('apps/v1', 'Deployment', short)?.state).toBe('progressing');
    const unobserved = {
      spec: { replicas: 1 },
      status: { observedGeneration: 1, updatedReplicas: 1, availableReplicas: 1 },
    };
    expect(health('apps/v1', 'Deployment', unobserved)?.reason).toBe('GenerationNotObserved');
    const fine = {
      spec: { replicas: 1 },
      status: { observedGeneration: 2, updatedReplicas: 1, availableReplicas: 1 },
    };
    expect(health('apps/v1', 'Deployment', fine)?.state).toBe('ready');
  });
});

describe('StatefulSet, DaemonSet, ReplicaSet (§7)', () => {
  it('progress while fewer replicas are ready than desired', () => {
    expect(
      health('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { readyReplicas: 1 } })?.state,
    ).toBe('progressing');
    expect(
      health('apps/v1', 'DaemonSet', {
        status: { desiredNumberScheduled: 3, numberReady: 3, updatedNumberScheduled: 2 },
      })?.state,
    ).toBe('progressing');
    expect(
      health('apps/v1', 'ReplicaSet', { spec: { replicas: 1 }, status: { readyReplicas: 0 } })?.state,
    ).toBe('progressing');
  });

  it('an old ReplicaSet scaled to zero is fine', () => {
    expect(health('apps/v1', 'ReplicaSet', { spec: { replicas: 0 }, status: { replicas: 0 } })?.state).toBe(
      'ready',
    );
  });
});

describe('Pod (§7)', () => {
  it.each([
    'CrashLoopBackOff',
    'ImagePullBackOff',
    'ErrImagePull',
    'CreateContainerConfigError',
    'CreateContainerError',
    'InvalidImageName',
    'RunContainerError',
  ])('fails when a container waits with %s', (reason) => {
    const status = { containerStatuses: [{ name: 'app', state: { waiting: { reason, message: 'why' } } }] };
    expect(pod(status)).toEqual({ state: 'failing', reason, message: 'container app: why' });
  });

  it('fails on a last termination by OOMKilled or Error with restarts, including init containers', () => {
    const oom = {
      name: 'app',
      restartCount: 4,
      lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
    };
    expect(pod({ containerStatuses: [oom] })?.reason).toBe('OOMKilled');
    const init = {
      name: 'migrate',
      restartCount: 1,
      lastState: { terminated: { reason: 'Error', exitCode: 1 } },
    };
    expect(pod({ initContainerStatuses: [init] })?.reason).toBe('Error');
    expect(pod({ containerStatuses: [{ ...oom, restartCount: 0 }] })?.state).toBe('ready');
  });

  it('keeps a crash-looping container’s last termination: its exit code, reason and message', () => {
    const crashing = {
      name: 'webhook',
      restartCount: 15,
      state: {
        waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' },
      },
      lastState: { terminated: { reason: 'Error', exitCode: 1, message: 'panic: no CA bundle\n' } },
    };
    expect(pod({ containerStatuses: [crashing] })).toEqual({
      state: 'failing',
      reason: 'CrashLoopBackOff',
      message: 'container webhook: back-off 5m0s restarting failed container',
      terminated: { container: 'webhook', reason: 'Error', exitCode: 1, message: 'panic: no CA bundle' },
    });
    // A clean exit is no failure to show.
    const completed = { ...crashing, lastState: { terminated: { reason: 'Completed', exitCode: 0 } } };
    expect(pod({ containerStatuses: [completed] })?.terminated).toBeUndefined();
  });

  it('fails when its phase is Failed or it cannot be scheduled', () => {
    expect(pod({ phase: 'Failed', reason: 'Evicted', message: 'low on memory' })).toEqual({
      state: 'failing',
      reason: 'Evicted',
      message: 'low on memory',
    });
    const unschedulable = {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes' }],
    };
    expect(pod(unschedulable)?.reason).toBe('Unschedulable');
  });

  it('a waiting container for an ordinary reason is not a failure', () => {
    expect(
      pod({ containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }] })
        ?.state,
    ).toBe('ready');
  });
});

describe('Job, PersistentVolumeClaim and kstatus conditions (§7)', () => {
  it('judges each by its rule', () => {
    expect(
      health('batch/v1', 'Job', {
        status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] },
      })?.state,
    ).toBe('failing');
    expect(health('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } })?.state).toBe(
      'progressing',
    );
    expect(health('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } })?.state).toBe('ready');
    const issuer = { status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ErrInit' }] } };
    expect(health('cert-manager.io/v1', 'ClusterIssuer', issuer)?.state).toBe('failing');
    const stalled = { status: { conditions: [{ type: 'Stalled', status: 'True', reason: 'Oops' }] } };
    expect(health('example.io/v1', 'Thing', stalled)?.reason).toBe('Oops');
  });

  it('has no opinion on objects without a rule, nor on Secrets', () => {
    expect(health('v1', 'ConfigMap', { data: { a: 'b' } })).toBeUndefined();
    expect(health('v1', 'Secret', { data: { a: 'Yg==' } })).toBeUndefined();
  });
});
