/**
 * The cluster test harness against a real kube-apiserver: CRDs, seeding, statuses, RBAC and
 * clean shutdown. Needs kube-apiserver and etcd: built by ensure-binaries.sh on first use (about
 * 5 minutes on 2 cores, hence the long beforeAll), or taken from KUBEBUILDER_ASSETS. Without
 * them every test here fails with the reason; none is skipped.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import { GITOPS_KINDS } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { describe, expect, it } from 'vitest';
import { ensureBinaries, KUBE_VERSION } from './binaries.ts';
import { processRunning } from './harness.ts';
import { startTestKubelet } from './kubelet.ts';
import { available, condition, progressing, ready } from './objects.ts';
import type { JsonObject, KubeObject, ObjectRef } from './rest.ts';
import { remove, seed, setStatus } from './seed.ts';
import { useCluster } from './vitest-cluster.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const cluster = useCluster({
  users: [{ name: 'nobody' }, { name: 'viewer', groups: ['strata:viewers'] }],
});

function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      'kubectl',
      ['--kubeconfig', cluster().kubeconfigPath, ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
      },
    );
  });
}

const NOW = '2026-11-22T10:00:00Z';

const kustomization: KubeObject = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  metadata: { name: 'infra', namespace: 'flux-system', generation: 3, finalizers: ['finalizers.fluxcd.io'] },
  spec: {
    interval: '10m',
    path: './infra',
    prune: true,
    sourceRef: { kind: 'GitRepository', name: 'platform' },
  },
  status: {
    observedGeneration: 3,
    lastAppliedRevision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
    conditions: [ready('True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:0123456', NOW, 3)],
    inventory: { entries: [{ id: 'infra_settings__ConfigMap', v: 'v1' }] },
  },
};

const helmRelease: KubeObject = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'cert-manager', namespace: 'flux-system', generation: 3 },
  spec: {
    interval: '30m',
    chart: { spec: { chart: 'cert-manager', sourceRef: { kind: 'HelmRepository', name: 'jetstack' } } },
  },
  status: {
    // One generation behind: the controller has not seen the latest spec.
    observedGeneration: 2,
    conditions: [
      ready('False', 'InstallFailed', 'Helm install failed: context deadline exceeded', NOW, 2),
      condition('Stalled', 'True', 'RetriesExceeded', 'Failed to install after 1 attempt(s)', NOW, 2),
    ],
  },
};

const gitRepository: KubeObject = {
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'platform', namespace: 'flux-system', generation: 1 },
  spec: { interval: '1m', url: 'https://example.com/platform.git', ref: { branch: 'main' } },
  status: {
    observedGeneration: 1,
    conditions: [ready('True', 'Succeeded', "stored artifact for revision 'main@sha1:0123456'", NOW)],
    artifact: {
      revision: 'main@sha1:0123456789abcdef0123456789abcdef01234567',
      digest: 'sha256:00',
      path: 'p',
      url: 'u',
      lastUpdateTime: NOW,
    },
  },
};

const application: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'payments', namespace: 'argocd', generation: 7 },
  spec: {
    project: 'team-a',
    source: { repoURL: 'https://example.com/apps.git', path: 'payments', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'payments' },
  },
  status: {
    sync: { status: 'Synced', revision: '0123456789abcdef0123456789abcdef01234567' },
    health: { status: 'Degraded', message: 'Deployment "payments" exceeded its progress deadline' },
    reconciledAt: NOW,
  },
};

const appProject: KubeObject = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'AppProject',
  metadata: { name: 'team-a', namespace: 'argocd' },
  spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] },
};

const deploymentUid = '11111111-2222-4333-a444-555555555555';
const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'payments', namespace: 'payments', generation: 2, uid: deploymentUid },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'payments' } },
    template: {
      metadata: { labels: { app: 'payments' } },
      spec: { containers: [{ name: 'app', image: 'example.com/payments:1.2.3' }] },
    },
  },
  status: {
    observedGeneration: 2,
    replicas: 2,
    updatedReplicas: 2,
    readyReplicas: 1,
    availableReplicas: 1,
    unavailableReplicas: 1,
    conditions: [
      { ...available(false), lastUpdateTime: NOW, lastTransitionTime: NOW },
      {
        ...progressing('ProgressDeadlineExceeded', 'payments-7d9f'),
        lastUpdateTime: NOW,
        lastTransitionTime: NOW,
      },
    ],
  },
};

const replicaSet: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: {
    name: 'payments-7d9f',
    namespace: 'payments',
    labels: { app: 'payments' },
    ownerReferences: [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'payments',
        uid: deploymentUid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ],
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'payments' } },
    template: {
      metadata: { labels: { app: 'payments' } },
      spec: { containers: [{ name: 'app', image: 'example.com/payments:1.2.3' }] },
    },
  },
};

const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'infra' },
  data: { mode: 'strict' },
};

const refOf = (o: KubeObject): ObjectRef => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.metadata.namespace,
  name: o.metadata.name,
});

const read = async (o: KubeObject | ObjectRef): Promise<KubeObject> => {
  const found = await cluster().client.read('metadata' in o ? refOf(o) : o);
  if (found === undefined) throw new Error(`${'metadata' in o ? o.metadata.name : o.name} is missing`);
  return found;
};

const status = (o: KubeObject): JsonObject => o.status as JsonObject;

describe('the harness cluster', () => {
  it('is a real kube-apiserver of the pinned version, reachable through its kubeconfig', async () => {
    const version = await cluster().client.get<{ gitVersion: string }>('/version');
    expect(version.gitVersion).toBe(KUBE_VERSION);
    const run = await kubectl('version', '-o', 'json');
    // kubectl 1.32 warns (stderr) that 1.36 is beyond its supported skew; it answers all the same.
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).serverVersion.gitVersion).toBe(KUBE_VERSION);
  });

  it('serves every GitOps CRD in every version, with its short names and status subresource', async () => {
    for (const kind of GITOPS_KINDS) {
      for (const version of kind.versions) {
        const resources = await cluster().client.resources(`${kind.group}/${version}`);
        const resource = resources.find((r) => r.kind === kind.kind);
        expect(resource, `${kind.kind} in ${kind.group}/${version}`).toBeDefined();
        expect(resource?.name).toBe(kind.plural);
        expect(resource?.namespaced).toBe(true);
        expect(resource?.shortNames).toEqual([...kind.shortNames]);
        expect(resource?.subresources.has('status'), `${kind.kind} status subresource`).toBe(
          kind.hasStatusSubresource,
        );
      }
    }
    const crd = await cluster().client.get(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kustomizations.kustomize.toolkit.fluxcd.io',
    );
    const versions = (crd.spec as { versions: { name: string; storage: boolean; served: boolean }[] })
      .versions;
    expect(versions.map((v) => [v.name, v.storage, v.served])).toEqual([
      ['v1', true, true],
      ['v1beta2', false, true],
      ['v1beta1', false, true],
    ]);
  });

  it('seeds Flux, Argo CD and core objects with their statuses intact', async () => {
    const result = await seed(cluster(), [
      kustomization,
      helmRelease,
      gitRepository,
      application,
      appProject,
      replicaSet, // listed before its owner: seed creates the owner first
      deployment,
      configMap,
    ]);
    expect(result.failed).toEqual([]);
    expect(result.seeded).toHaveLength(8);

    // Kustomization: status through the subresource; observed generation follows the server's.
    const ks = await read(kustomization);
    expect(ks.metadata.generation).toBe(1);
    expect(ks.metadata.finalizers).toEqual(['finalizers.fluxcd.io']);
    expect(status(ks)).toEqual({
      ...status(kustomization),
      observedGeneration: 1,
      conditions: [ready('True', 'ReconciliationSucceeded', 'Applied revision: main@sha1:0123456', NOW)],
    });

    // HelmRelease: stale by one generation in the fixture → stale on the server (0 < 1).
    const hr = await read(helmRelease);
    expect(hr.metadata.generation).toBe(1);
    expect(status(hr).observedGeneration).toBe(0);
    expect(
      (status(hr).conditions as JsonObject[]).map((c) => [c.type, c.status, c.reason, c.observedGeneration]),
    ).toEqual([
      ['Ready', 'False', 'InstallFailed', 0],
      ['Stalled', 'True', 'RetriesExceeded', 0],
    ]);

    expect(status(await read(gitRepository))).toEqual(status(gitRepository));

    // Application: no status subresource; the status is part of the object.
    const app = await read(application);
    expect(status(app)).toEqual(status(application));
    expect(app.spec).toEqual(application.spec);
    expect((await read(appProject)).status).toBeUndefined();

    const deploy = await read(deployment);
    expect(deploy.metadata.generation).toBe(1);
    expect(status(deploy)).toEqual({ ...status(deployment), observedGeneration: 1 });

    // The owner reference now carries the Deployment's server-assigned uid.
    const rs = await read(replicaSet);
    expect(rs.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Deployment', name: 'payments', uid: deploy.metadata.uid }),
    ]);
    expect(deploy.metadata.uid).not.toBe(deploymentUid);

    expect((await read(configMap)).data).toEqual({ mode: 'strict' });

    // kubectl reads them back by short name.
    const run = await kubectl('get', 'ks,hr,gitrepo,app,appproj', '-A', '-o', 'json');
    expect(run.code, run.stderr).toBe(0);
    const names = (JSON.parse(run.stdout) as { items: KubeObject[] }).items.map(
      (i) => `${i.kind}/${i.metadata.name}`,
    );
    expect(names.sort()).toEqual([
      'AppProject/team-a',
      'Application/payments',
      'GitRepository/platform',
      'HelmRelease/cert-manager',
      'Kustomization/infra',
    ]);
  });

  it('seeding again replaces the objects instead of failing', async () => {
    const before = await read(kustomization);
    const changed = { ...kustomization, spec: { ...(kustomization.spec as JsonObject), path: './infra/v2' } };
    const result = await seed(cluster(), [changed]);
    const after = await read(kustomization);
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect((after.spec as JsonObject).path).toBe('./infra/v2');
    expect(after.metadata.generation).toBe(2);
    expect(status(after).observedGeneration).toBe(2);
    expect(result.seeded[0]?.generation).toBe(2);
  });

  it('timeShift moves the timestamps of a fixture, so ages read as when it was taken', async () => {
    const repo = { ...gitRepository, metadata: { ...gitRepository.metadata, name: 'shifted' } };
    await seed(cluster(), [repo], { timeShift: { from: NOW, to: '2026-11-22T11:30:00Z' } });
    const back = await read(repo);
    const [condition] = status(back).conditions as JsonObject[];
    expect(condition?.lastTransitionTime).toBe('2026-11-22T11:30:00Z');
    expect((status(back).artifact as JsonObject).lastUpdateTime).toBe('2026-11-22T11:30:00Z');
    expect((status(back).artifact as JsonObject).revision).toBe(
      (status(gitRepository).artifact as JsonObject).revision,
    );
  });

  it('setStatus changes a status over time, as a controller would', async () => {
    const ref = refOf(kustomization);
    const failing = ready('False', 'BuildFailed', 'kustomize build failed: missing resource', NOW, 0);
    await setStatus(cluster(), ref, (current) => ({ ...current, conditions: [failing] }), {
      syncObservedGeneration: true,
    });
    const ks = await read(ref);
    expect(status(ks).conditions).toEqual([{ ...failing, observedGeneration: ks.metadata.generation }]);
    expect(status(ks).lastAppliedRevision).toBe(status(kustomization).lastAppliedRevision);

    // A kind without a status subresource (Argo CD Application): the status is in the object.
    const appRef = refOf(application);
    await setStatus(cluster(), appRef, (current) => ({ ...current, health: { status: 'Healthy' } }));
    expect(status(await read(appRef)).health).toEqual({ status: 'Healthy' });

    // Core kinds too.
    await setStatus(cluster(), refOf(deployment), (current) => ({
      ...current,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 0,
    }));
    expect(status(await read(deployment)).availableReplicas).toBe(2);
  });

  it('refuses a user without RBAC bindings (403) and lets one with a binding read', async () => {
    const path = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
    expect((await cluster().client.raw('GET', path)).status).toBe(200);
    expect((await cluster().clientFor('nobody').raw('GET', path)).status).toBe(403);
    expect((await cluster().client.withToken('not-a-token').raw('GET', path)).status).toBe(401);

    expect((await cluster().clientFor('viewer').raw('GET', path)).status).toBe(403);
    await seed(cluster(), [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'strata-viewer' },
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'strata-viewers' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'strata-viewer' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'strata:viewers' }],
      },
    ]);
    // RBAC changes reach the authorizer through an informer: give it a moment.
    await expect.poll(async () => (await cluster().clientFor('viewer').raw('GET', path)).status).toBe(200);
    expect((await cluster().clientFor('nobody').raw('GET', path)).status).toBe(403);

    // Through kubectl, with a kubeconfig for the restricted user.
    const kubeconfig = await cluster().writeKubeconfig({
      user: 'nobody',
      path: join(cluster().dir, 'nobody.kubeconfig'),
    });
    const run = await new Promise<{ code: number; stderr: string }>((done) =>
      execFile('kubectl', ['--kubeconfig', kubeconfig, 'get', 'ks', '-A'], (error, _stdout, stderr) =>
        done({ code: error === null ? 0 : 1, stderr }),
      ),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/forbidden/i);
  });

  it('remove() deletes objects at once, finalizers or not', async () => {
    await remove(cluster(), [refOf(kustomization), refOf(configMap), refOf(configMap)]);
    expect(await cluster().client.read(refOf(kustomization))).toBeUndefined();
    expect(await cluster().client.read(refOf(configMap))).toBeUndefined();
  });

  it('seeds the two-layer platform fixture, every object accepted by the server', async () => {
    const fixture = twoLayerPlatform();
    const result = await seed(cluster(), fixture.objects, { onError: 'collect' });
    expect(result.failed).toEqual([]);
    expect(result.seeded).toHaveLength(fixture.objects.length);
  });

  it('restartApiServer() brings kube-apiserver back on the same port; objects survive, clients reconnect', {
    timeout: 120_000,
  }, async () => {
    const before = { server: cluster().server, pid: cluster().pids.apiserver, etcd: cluster().pids.etcd };
    const marker: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'survives-restart', namespace: 'infra' },
      data: { written: 'before' },
    };
    await seed(cluster(), [marker]);
    const uid = (await read(marker)).metadata.uid;

    await cluster().restartApiServer();

    expect(cluster().server).toBe(before.server);
    expect(cluster().pids.etcd).toBe(before.etcd);
    expect(cluster().pids.apiserver).not.toBe(before.pid);
    expect(processRunning(before.pid)).toBe(false);
    expect(processRunning(cluster().pids.apiserver)).toBe(true);
    // The client made before the restart (keep-alive connections to the old process) reads on.
    const after = await read(marker);
    expect(after.metadata.uid).toBe(uid);
    expect(after.data).toEqual({ written: 'before' });
    // Tokens and the serving certificate are the same: the kubeconfig written at start works.
    const run = await kubectl('get', 'configmap', 'survives-restart', '-n', 'infra', '-o', 'json');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).metadata.uid).toBe(uid);
    // CRDs and custom objects come back from etcd too.
    expect(status(await read(gitRepository))).toEqual(status(gitRepository));
  });

  it('a test kubelet serves Pod logs through the API server: tailLines, previous, follow', {
    timeout: 60_000,
  }, async () => {
    const kubelet = await startTestKubelet(cluster(), { followEveryMs: 200 });
    try {
      const pod: KubeObject = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'talker', namespace: 'infra' },
        spec: { nodeName: kubelet.nodeName, containers: [{ name: 'app', image: 'example.com/app:1' }] },
      };
      await seed(cluster(), [pod]);
      const path = '/api/v1/namespaces/infra/pods/talker/log';

      const last = await cluster().client.raw('GET', path, { query: { container: 'app', tailLines: '3' } });
      expect(last.status, last.body).toBe(200);
      expect(last.body).toBe(
        ['talker/app (current) line 038', 'talker/app (current) line 039', 'talker/app (current) line 040']
          .map((l) => `${l}\n`)
          .join(''),
      );
      const previous = await cluster().client.raw('GET', path, {
        query: { previous: 'true', tailLines: '1' },
      });
      expect(previous.body).toBe('talker/app (previous) line 040\n');
      expect(kubelet.requests.slice(-2)).toEqual([
        expect.objectContaining({
          namespace: 'infra',
          pod: 'talker',
          container: 'app',
          previous: false,
          tailLines: 3,
        }),
        expect.objectContaining({ container: 'app', previous: true, tailLines: 1, follow: false }),
      ]);

      // kubectl logs, through the same proxy.
      const run = await kubectl('logs', '-n', 'infra', 'talker', '--tail=2');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toBe('talker/app (current) line 039\ntalker/app (current) line 040\n');

      // follow=true streams a new line every followEveryMs until the client goes away.
      const followed = await followLines(`${path}?tailLines=1&follow=true`, 3);
      expect(followed).toEqual([
        'talker/app (current) line 040',
        'talker/app (current) follow 1',
        'talker/app (current) follow 2',
      ]);
      await expect.poll(() => kubelet.following(), { timeout: 10_000 }).toBe(0);
    } finally {
      await kubelet.close();
    }
    expect(
      await cluster().client.read({ apiVersion: 'v1', kind: 'Node', name: kubelet.nodeName }),
    ).toBeUndefined();
  });

  it('stop() leaves no process and no folder behind', async () => {
    const { pids, dir } = cluster();
    const started = Date.now();
    await cluster().stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(processRunning(pids.apiserver)).toBe(false);
    expect(processRunning(pids.etcd)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});

/** Reads a streamed (follow) response until `count` lines came, then drops the connection. */
function followLines(path: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, cluster().server),
      { ca: cluster().ca, headers: { Authorization: `Bearer ${cluster().adminToken}` } },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`GET ${path}: ${res.statusCode}`));
          res.resume();
          return;
        }
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          const lines = text.split('\n').slice(0, -1);
          if (lines.length >= count) {
            req.destroy();
            resolve(lines.slice(0, count));
          }
        });
        res.on('error', () => {});
      },
    );
    req.on('error', (error) => reject(error));
    req.setTimeout(20_000, () => req.destroy(new Error(`GET ${path}: fewer than ${count} lines in 20 s`)));
    req.end();
  });
}

describe('when the test process dies', () => {
  it('a SIGKILLed process leaves no server behind', async () => {
    await ensureBinaries(); // fails here, with the reason, when they cannot be had
    const child = spawn(
      process.execPath,
      ['--conditions=@strata/source', '--import', 'tsx', 'test/cluster/support/crash-child.ts'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) done(out.split('\n')[0] ?? '');
      });
      child.on('exit', (code) => fail(new Error(`the child exited (${code}) before starting its cluster`)));
    });
    const { etcd, apiserver, dir } = JSON.parse(line) as { etcd: number; apiserver: number; dir: string };
    expect(processRunning(apiserver)).toBe(true);
    child.kill('SIGKILL');
    await expect
      .poll(() => processRunning(apiserver) || processRunning(etcd), { timeout: 10_000 })
      .toBe(false);
    await expect.poll(() => existsSync(dir), { timeout: 10_000 }).toBe(false);
  });
});
