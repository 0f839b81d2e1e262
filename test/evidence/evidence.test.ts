/**
 * Evidence (§7) against a real API server: three failing roots whose cause sits in their Pods
 * (CrashLoopBackOff and ImagePullBackOff under a HelmRelease, an unschedulable Pod behind a
 * Kustomization's health check, OOMKilled under a Degraded Application), seeded as the
 * controllers and the kubelet would have written them. `strata report` names the Pods and their
 * reasons; the terminal UI shows them under the root's chain and `l` opens the logs view, which
 * says in one line why the logs cannot be read (the test server has no kubelet); a user who may
 * not read Pods sees the rest and a note; the live source refreshes the evidence of the root on
 * screen, so a new restart shows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GITOPS_KINDS, type Report, type ReportEvidence } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainLines } from '../../packages/tui/src/app/view-models/chain.ts';
import { eventually, openReadOnly, strata } from '../adapter/support.ts';
import { seed, setStatus } from '../cluster/seed.ts';
import { CLUSTER_START_TIMEOUT_MS, useCluster } from '../cluster/vitest-cluster.ts';
import { KEYS, useStrata } from '../tui/pty-screen.ts';
import { CHECKOUT, evidenceScenario, NODE_1, PODINFO, SHOP } from './scenario.ts';

const cluster = useCluster({ users: [{ name: 'restricted' }] });
let dir: string;
const startUi = useStrata();

/** May read every GitOps kind, Deployments, StatefulSets and ConfigMaps everywhere, but no Pod… */
const GITOPS_READER = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'strata-gitops-reader' },
  rules: [
    {
      apiGroups: [...new Set(GITOPS_KINDS.map((k) => k.group))],
      resources: [...new Set(GITOPS_KINDS.map((k) => k.plural))],
      verbs: ['get', 'list', 'watch'],
    },
    { apiGroups: ['apps'], resources: ['deployments', 'statefulsets'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
  ],
};

/** … but in namespace checkout, where a Role lets it read Pods, ReplicaSets and Events. */
const CHECKOUT_POD_READER = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'pod-reader', namespace: CHECKOUT.namespace },
  rules: [
    { apiGroups: [''], resources: ['pods', 'events'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apps'], resources: ['replicasets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
  ],
};

function binding(
  kind: 'ClusterRoleBinding' | 'RoleBinding',
  roleKind: string,
  role: string,
  namespace?: string,
) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: `restricted-${role}`, ...(namespace === undefined ? {} : { namespace }) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted' }],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-evidence-'));
  // Created with the admin client, as a cluster admin would.
  await seed(cluster(), [
    ...evidenceScenario(),
    GITOPS_READER,
    binding('ClusterRoleBinding', 'ClusterRole', 'strata-gitops-reader'),
    CHECKOUT_POD_READER,
    binding('RoleBinding', 'Role', 'pod-reader', CHECKOUT.namespace),
  ]);
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function rootOf(report: Report, name: string) {
  const root = report.rootCauses.find((r) => r.ref.name === name);
  if (root === undefined)
    throw new Error(`no root ${name} in ${report.rootCauses.map((r) => r.ref.name).join(', ')}`);
  return root;
}

/** Evidence as `Kind/name state reason`, deepest first as the report lists it. */
function brief(evidence: readonly ReportEvidence[]): string[] {
  return evidence.map((e) => `${e.kind}/${e.name} ${e.state} ${e.reason ?? ''}`.trim());
}

describe('strata report names the Pods inside the failing roots', () => {
  it('JSON: every root with its Pods, their reasons, messages and newest Warning events', async () => {
    const result = await strata(['report', '--output', 'json', '--kubeconfig', cluster().kubeconfigPath]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.rootCauses.map((r) => `${r.ref.kind}/${r.ref.name}`)).toEqual([
      'Application/checkout',
      'HelmRelease/podinfo',
      'Kustomization/shop',
    ]);

    const podinfo = rootOf(report, 'podinfo');
    expect(brief(podinfo.evidence)).toEqual([
      `Pod/${PODINFO.pulling} failing ImagePullBackOff`,
      `Pod/${PODINFO.crashing} failing CrashLoopBackOff`,
      `ReplicaSet/${PODINFO.replicaSet} progressing ReplicasNotReady`,
      'Deployment/podinfo failing ProgressDeadlineExceeded',
    ]);
    const [pulling, crashing] = podinfo.evidence;
    expect(pulling?.message).toContain('429 Too Many Requests');
    expect(crashing?.message).toBe(
      `container podinfo: back-off 5m0s restarting failed container=podinfo pod=${PODINFO.crashing}_${PODINFO.namespace}`,
    );
    expect(crashing?.events).toEqual([
      expect.objectContaining({ reason: 'BackOff', count: 41, message: expect.stringContaining('podinfo') }),
    ]);
    // Newest first: the back-off (1 min ago) before the pull failure (3 min ago).
    expect(pulling?.events?.map((e) => [e.reason, e.count])).toEqual([
      ['BackOff', 90],
      ['Failed', 8],
    ]);

    const shop = rootOf(report, 'shop');
    expect(shop.message).toBe(SHOP.message);
    expect(brief(shop.evidence)).toEqual([
      `Pod/${SHOP.pod} failing Unschedulable`,
      `ReplicaSet/${SHOP.replicaSet} progressing ReplicasNotReady`,
      'Deployment/frontend failing MinimumReplicasUnavailable',
    ]);
    expect(shop.evidence[0]?.message).toContain('0/3 nodes are available: 3 Insufficient cpu');
    expect(shop.evidence[0]?.events?.[0]).toMatchObject({ reason: 'FailedScheduling', count: 7 });

    const checkout = rootOf(report, 'checkout');
    expect(checkout).toMatchObject({ state: 'failing', reason: 'Degraded' });
    expect(brief(checkout.evidence)).toEqual([
      `Pod/${CHECKOUT.pod} failing OOMKilled`,
      `ReplicaSet/${CHECKOUT.replicaSet} progressing ReplicasNotReady`,
      'Deployment/checkout-api failing ProgressDeadlineExceeded',
    ]);
    expect(checkout.evidence[0]?.message).toBe('container api restarted 4 times, last exit 137');
  });

  it('text: the Pods and their reasons under each root', async () => {
    const result = await strata(['report', '--kubeconfig', cluster().kubeconfigPath]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const text = result.stdout;
    expect(text).toContain('3 root causes');
    for (const line of [
      `Pod/${PODINFO.namespace}/${PODINFO.crashing}  failing  CrashLoopBackOff`,
      `Pod/${PODINFO.namespace}/${PODINFO.pulling}  failing  ImagePullBackOff`,
      `Pod/${SHOP.namespace}/${SHOP.pod}  failing  Unschedulable`,
      `Pod/${CHECKOUT.namespace}/${CHECKOUT.pod}  failing  OOMKilled`,
      'container api restarted 4 times, last exit 137',
    ]) {
      expect(text).toContain(line);
    }
    // Each Pod under its own root.
    const podinfoAt = text.indexOf('HelmRelease/flux-system/podinfo');
    const shopAt = text.indexOf('Kustomization/flux-system/shop');
    const crashAt = text.indexOf(`Pod/${PODINFO.namespace}/${PODINFO.crashing}`);
    expect(crashAt).toBeGreaterThan(podinfoAt);
    expect(crashAt).toBeLessThan(shopAt);
  });

  it('a user who may not read Pods gets the evidence it may read, and a note for the rest', async () => {
    const path = await cluster().writeKubeconfig({ user: 'restricted', path: join(dir, 'restricted') });
    const result = await strata(['report', '--output', 'json', '--kubeconfig', path]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    // The roots are the same: the GitOps kinds are readable.
    expect(report.rootCauses.map((r) => r.ref.name)).toEqual(['checkout', 'podinfo', 'shop']);
    // Deployments only, where Pods and ReplicaSets are hidden…
    expect(brief(rootOf(report, 'podinfo').evidence)).toEqual([
      'Deployment/podinfo failing ProgressDeadlineExceeded',
    ]);
    expect(brief(rootOf(report, 'shop').evidence)).toEqual([
      'Deployment/frontend failing MinimumReplicasUnavailable',
    ]);
    // … the OOMKilled Pod where a Role lets it read them.
    expect(brief(rootOf(report, 'checkout').evidence)).toEqual([
      `Pod/${CHECKOUT.pod} failing OOMKilled`,
      `ReplicaSet/${CHECKOUT.replicaSet} progressing ReplicasNotReady`,
      'Deployment/checkout-api failing ProgressDeadlineExceeded',
    ]);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'strata: note: partial picture: DaemonSet, Event, Pod, ReplicaSet are hidden in namespaces argocd, flux-system, podinfo, shop: forbidden for user restricted (RBAC)',
    ]);
    expect(result.stderr).not.toContain(cluster().tokenFor('restricted'));
  });
});

describe('the terminal UI shows the evidence and opens the logs', () => {
  it('chain → Pods with restarts and events → l: the logs view says why the logs cannot be read', {
    timeout: 180_000,
  }, async () => {
    const ui = startUi(['--kubeconfig', cluster().kubeconfigPath], 140, 40);
    await ui.waitFor('Root causes [3]', 60_000);
    // Roots by blast radius (none blocks anything), then by ref: checkout, podinfo, shop.
    ui.press('j');
    ui.press(KEYS.enter);
    await ui.waitFor('HelmRelease/flux-system/podinfo  failing  InstallFailed  root cause');
    const chain = await ui.waitFor(
      (text) =>
        text.includes(`Pod/${PODINFO.namespace}/${PODINFO.crashing}`) && text.includes(PODINFO.pulling),
      30_000,
    );
    expect(chain).toMatch(
      new RegExp(
        `Pod/podinfo/${PODINFO.crashing} {2}failing {2}CrashLoopBackOff {2}9 restarts {2}container podinfo`,
      ),
    );
    expect(chain).toMatch(new RegExp(`Pod/podinfo/${PODINFO.pulling} {2}failing {2}ImagePullBackOff`));
    expect(chain).toMatch(/⚠ BackOff ×41 \((\d+s|\d+m) ago\): Back-off restarting failed container podinfo/);
    expect(chain).toMatch(/⚠ BackOff ×90 \(\d+m ago\): Back-off pulling image/);

    // Only the crashing Pod's lines, then its Warning event (which stands for the Pod): l.
    ui.press(`/${PODINFO.crashing}`);
    ui.press(KEYS.enter);
    await ui.waitFor(`filter: ${PODINFO.crashing}`);
    ui.press('G');
    ui.press('l');
    const logs = await ui.waitFor(/Logs — container podinfo, previous instance/);
    expect(logs).toContain(`logs Pod/${PODINFO.namespace}/${PODINFO.crashing}`);
    const error = await ui.waitFor('the API server cannot reach the kubelet');
    expect(error).toContain(
      `the API server cannot reach the kubelet of node ${NODE_1} to read the logs (it answered: pods "${NODE_1}" not found)`,
    );
    // c: the sidecar, which has not restarted: its current instance.
    ui.press('c');
    await ui.waitFor('Logs — container linkerd-proxy, current instance');
    ui.press('p');
    await ui.waitFor('Logs — container linkerd-proxy, previous instance');
    ui.press(KEYS.escape);
    await ui.waitFor('Chain — the root cause');

    // On the Deployment, l opens the logs of its Pod that crashed (the other never ran).
    ui.press(KEYS.escape); // clears the filter
    await ui.waitFor((text) => !text.includes('filter:'));
    ui.press('/Deployment/podinfo');
    ui.press(KEYS.enter);
    await ui.waitFor('filter: Deployment/podinfo');
    ui.press('G');
    ui.press('l');
    const fromDeployment = await ui.waitFor(/Logs — container podinfo, previous instance/);
    expect(fromDeployment).toContain(`logs Pod/${PODINFO.namespace}/${PODINFO.crashing}`);
    ui.press('q');
    expect(await ui.exited()).toBe(0);
  });
});

describe('the live source keeps the evidence on screen fresh', () => {
  it('a new restart and a repeated Warning event show while the chain is open; logs come back as one line', {
    timeout: 60_000,
  }, async () => {
    const source = await openReadOnly(cluster().kubeconfigPath, {
      cwd: dir,
      tickMs: 100,
      evidenceEveryMs: 60_000,
      focusEvidenceEveryMs: 300,
    });
    const root = PODINFO.release;
    const podLine = () => {
      return chainLines(source.snapshot().view, root).find(
        (l) => l.ref?.name === PODINFO.crashing && l.badge !== undefined,
      );
    };
    const eventLine = () => {
      return chainLines(source.snapshot().view, root).find(
        (l) => l.ref?.name === PODINFO.crashing && l.label.startsWith('⚠ BackOff'),
      );
    };
    try {
      await eventually('9 restarts', () => podLine()?.note === '9 restarts', 20_000);
      source.focus?.([root]);
      await setStatus(
        cluster(),
        { apiVersion: 'v1', kind: 'Pod', namespace: PODINFO.namespace, name: PODINFO.crashing },
        (s) => {
          const statuses = (s?.containerStatuses ?? []) as Record<string, unknown>[];
          return {
            ...s,
            containerStatuses: statuses.map((c) => (c.name === 'podinfo' ? { ...c, restartCount: 10 } : c)),
          };
        },
      );
      const events = await cluster().client.request<{
        items: { metadata: { name: string }; reason: string; involvedObject: { name: string } }[];
      }>('GET', `/api/v1/namespaces/${PODINFO.namespace}/events`);
      const backOff = events.items.find(
        (e) => e.reason === 'BackOff' && e.involvedObject.name === PODINFO.crashing,
      );
      if (backOff === undefined) throw new Error('no BackOff event');
      const path = `/api/v1/namespaces/${PODINFO.namespace}/events/${backOff.metadata.name}`;
      const current = await cluster().client.request<Record<string, unknown>>('GET', path);
      await cluster().client.request('PUT', path, {
        body: { ...current, count: 42, lastTimestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') },
      });
      await eventually('10 restarts', () => podLine()?.note === '10 restarts', 10_000);
      await eventually(
        'BackOff ×42',
        () => eventLine()?.label.startsWith('⚠ BackOff ×42 (') === true,
        10_000,
      );

      // Logs through the adapter, against a server with no kubelet: one line, the container picked.
      const logs = await source.logs({ kind: 'Pod', namespace: PODINFO.namespace, name: PODINFO.crashing });
      expect(logs).toEqual({
        ok: false,
        error: `the API server cannot reach the kubelet of node ${NODE_1} to read the logs (it answered: pods "${NODE_1}" not found)`,
        container: 'podinfo',
        previous: true,
      });
      const unscheduled = await source.logs({ kind: 'Pod', namespace: SHOP.namespace, name: SHOP.pod });
      expect(unscheduled).toMatchObject({ ok: true, lines: [], container: 'frontend', previous: false });
    } finally {
      source.close();
    }
  });

  it('a user who may not read logs is told so, in one line', async () => {
    const path = await cluster().writeKubeconfig({ user: 'restricted', path: join(dir, 'restricted-logs') });
    const source = await openReadOnly(path, { cwd: dir });
    try {
      expect(
        await source.logs({ kind: 'Pod', namespace: PODINFO.namespace, name: PODINFO.crashing }),
      ).toEqual({
        ok: false,
        error: `forbidden: User "restricted" cannot get resource "pods/log" in API group "" in the namespace "${PODINFO.namespace}"`,
        previous: false,
      });
    } finally {
      source.close();
    }
  });
});
