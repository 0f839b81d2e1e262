/**
 * The lab itself: every controller process serves, the Git server and Helm repository answer on
 * loopback, and stop() leaves no process and no folder behind.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processRunning } from '../cluster/harness.ts';
import { FLUX_NAMESPACE, startLab } from './controllers.ts';
import { gitRepository, webappChart } from './flux-platform.ts';
import { LAB_START_MS } from './support.ts';

describe('the controller lab', () => {
  it(
    'starts every controller on loopback and stops them all',
    async () => {
      const lab = await startLab();
      let stopped = false;
      try {
        const pids = [...lab.processes].map(([name, child]) => [name, child.pid ?? 0] as const);
        expect(pids.map(([name]) => name).sort()).toEqual([
          'argocd-application-controller',
          'argocd-repo-server',
          'helm-controller',
          'kube-controller-manager',
          'kustomize-controller',
          'redis',
          'source-controller',
        ]);
        for (const [name, pid] of pids) expect(processRunning(pid), name).toBe(true);

        const sha = await lab.git.commit('probe', { 'a.yaml': 'a: 1\n' }, 'probe');
        const refs = await fetch(`${lab.git.url('probe')}/info/refs?service=git-upload-pack`);
        expect(refs.status).toBe(200);
        expect(await refs.text()).toContain(sha);
        await lab.helm.publish(webappChart());
        expect(await (await fetch(`${lab.helm.url}/index.yaml`)).text()).toMatch(/webapp-0\.1\.0\.tgz/);
        expect(lab.git.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(lab.helm.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

        // An object that never settles: the timeout says what the controllers logged about it
        // (its source included) and which controller died.
        await lab.apply([gitRepository('probe-source', lab.git.url('probe'))]);
        await lab.kill('redis');
        const never = await lab
          .waitFor(
            {
              apiVersion: 'source.toolkit.fluxcd.io/v1',
              kind: 'GitRepository',
              namespace: FLUX_NAMESPACE,
              name: 'probe',
            },
            () => false,
            8_000,
          )
          .then(
            () => '',
            (error: Error) => error.message,
          );
        expect(never).toMatch(
          /^GitRepository\/flux-system\/probe did not reach the expected state in 8000 ms/,
        );
        expect(never).toContain('redis: exited');
        expect(never).toMatch(/source-controller:\n.*"probe-source"/);

        await lab.stop();
        stopped = true;
        for (const [name, pid] of pids) expect(processRunning(pid), `${name} after stop()`).toBe(false);
        expect(processRunning(lab.cluster.pids.apiserver)).toBe(false);
        expect(processRunning(lab.cluster.pids.etcd)).toBe(false);
        expect(existsSync(lab.dir)).toBe(false);
        await expect(fetch(`${lab.helm.url}/index.yaml`)).rejects.toThrow();
      } finally {
        if (!stopped) await lab.stop();
      }
    },
    LAB_START_MS,
  );
});
