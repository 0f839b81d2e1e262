import { describe, expect, it } from 'vitest';
import { readKubeObject } from './kube-object.ts';
import { FAILING_WAIT_REASONS, podContainers } from './pod-status.ts';
import { workloadHealth } from './workload-health.ts';

const pod = (reason: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'ns' },
  spec: { containers: [{ name: 'app' }] },
  status: { containerStatuses: [{ name: 'app', restartCount: 0, state: { waiting: { reason } } }] },
});

describe('Pod containers', () => {
  it('the evidence rule and the log target read the same failing reasons', () => {
    for (const reason of FAILING_WAIT_REASONS) {
      expect(podContainers(pod(reason))[0]?.problem).toBe(reason);
      expect(workloadHealth(readKubeObject(pod(reason))!)?.state).toBe('failing');
    }
    expect(podContainers(pod('ContainerCreating'))[0]?.problem).toBeUndefined();
    expect(workloadHealth(readKubeObject(pod('ContainerCreating'))!)?.state).not.toBe('failing');
  });
});
