import { describe, expect, it } from 'vitest';
import { defaultLogTarget, podContainers, podRestarts } from './pod-containers.ts';

function pod(spec: Record<string, unknown>, status: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' }, spec, status };
}

const crashLooping = {
  name: 'app',
  restartCount: 7,
  state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } },
  lastState: { terminated: { reason: 'Error', exitCode: 1 } },
};
const running = { name: 'proxy', restartCount: 0, state: { running: { startedAt: '2026-11-22T09:00:00Z' } } };

describe('podContainers', () => {
  it('lists regular containers, then init containers, in spec order, with restarts and problems', () => {
    const p = pod(
      {
        initContainers: [{ name: 'migrate' }],
        containers: [{ name: 'proxy' }, { name: 'app' }],
      },
      {
        initContainerStatuses: [{ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0 } } }],
        containerStatuses: [crashLooping, running],
      },
    );
    expect(podContainers(p)).toEqual([
      { name: 'proxy', init: false, restarts: 0, hasPrevious: false, running: true },
      {
        name: 'app',
        init: false,
        restarts: 7,
        problem: 'CrashLoopBackOff',
        hasPrevious: true,
        running: false,
      },
      { name: 'migrate', init: true, restarts: 0, hasPrevious: false, running: false },
    ]);
    expect(podRestarts(p)).toBe(7);
  });

  it('reads the names from the statuses when the spec is gone (a trimmed Pod), and knows none of nothing', () => {
    expect(podContainers(pod({}, { containerStatuses: [running] })).map((c) => c.name)).toEqual(['proxy']);
    expect(podContainers(undefined)).toEqual([]);
    expect(podContainers({ kind: 'Pod', spec: { containers: 'nonsense' } })).toEqual([]);
  });

  it('sees OOMKilled and image pull failures', () => {
    const p = pod(
      { containers: [{ name: 'api' }, { name: 'sidecar' }] },
      {
        containerStatuses: [
          {
            name: 'api',
            restartCount: 4,
            state: { running: {} },
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
          },
          { name: 'sidecar', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } },
        ],
      },
    );
    expect(podContainers(p).map((c) => c.problem)).toEqual(['OOMKilled', 'ImagePullBackOff']);
  });
});

describe('defaultLogTarget', () => {
  it('opens the failing container, on its previous instance when it has restarted (k9s p)', () => {
    const p = pod(
      { containers: [{ name: 'proxy' }, { name: 'app' }] },
      { containerStatuses: [running, crashLooping] },
    );
    expect(defaultLogTarget(p)).toEqual({ container: 'app', previous: true });
  });

  it('prefers a failing init container: it holds the others back', () => {
    const p = pod(
      { initContainers: [{ name: 'migrate' }], containers: [{ name: 'app' }] },
      {
        initContainerStatuses: [
          { name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 2, reason: 'Error' } } },
        ],
        containerStatuses: [
          { name: 'app', restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } },
        ],
      },
    );
    expect(defaultLogTarget(p)).toEqual({ container: 'migrate', previous: false });
  });

  it('opens the first container of a healthy Pod, current instance; a named one with its own restarts', () => {
    const p = pod(
      { containers: [{ name: 'proxy' }, { name: 'app' }] },
      { containerStatuses: [running, crashLooping] },
    );
    expect(
      defaultLogTarget(pod({ containers: [{ name: 'proxy' }] }, { containerStatuses: [running] })),
    ).toEqual({ container: 'proxy', previous: false });
    expect(defaultLogTarget(p, 'proxy')).toEqual({ container: 'proxy', previous: false });
    expect(defaultLogTarget(p, 'app')).toEqual({ container: 'app', previous: true });
  });

  it('leaves the choice to the server when the Pod is not known', () => {
    expect(defaultLogTarget(undefined)).toEqual({ previous: false });
    expect(defaultLogTarget(undefined, 'x')).toEqual({ container: 'x', previous: false });
  });
});
