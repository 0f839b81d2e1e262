/**
 * Flux's own controllers (source-, kustomize-, helm-controller, with kube-controller-manager)
 * drive every failure of flux-platform.ts to its terminal state; then `strata report` against the
 * live cluster must name the roots, blast radius and evidence the diagnosis contract
 * (docs/diagnosis.md) gives for those statuses, the TUI must show the same first root, and the
 * actions must have their effect on the controllers. Messages that carry temporary paths or
 * durations are matched by pattern.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../cluster/rest.ts';
import { FLUX_NAMESPACE } from './controllers.ts';
import { configMap, FIXED_KUSTOMIZATION, FLUX_REPO, setUpFluxPlatform } from './flux-platform.ts';
import {
  briefly,
  condition,
  connect,
  expectFailingRoot,
  formatKey,
  itShowsTheFirstRootInTheTui,
  keyOf,
  objectOf,
  readyFalse,
  readyTrue,
  record,
  report,
  rootOf,
  type Terminal,
  useConnections,
  useSettledLab,
  verdict,
} from './support.ts';

const ns = FLUX_NAMESPACE;
const refTo =
  (apiVersion: string, kind: string) =>
  (name: string): ObjectRef => ({ apiVersion, kind, namespace: ns, name });
const gitRepo = refTo('source.toolkit.fluxcd.io/v1', 'GitRepository');
const helmRepo = refTo('source.toolkit.fluxcd.io/v1', 'HelmRepository');
const helmChart = refTo('source.toolkit.fluxcd.io/v1', 'HelmChart');
const ks = refTo('kustomize.toolkit.fluxcd.io/v1', 'Kustomization');
const hr = refTo('helm.toolkit.fluxcd.io/v2', 'HelmRelease');
const key = keyOf;

/** Each scenario's terminal state: what the controller writes once it has given up or settled. */
const TERMINAL: Terminal[] = [
  [gitRepo(FLUX_REPO), readyTrue],
  [ks('infra'), readyTrue],
  [gitRepo('unreachable'), readyFalse('GitOperationFailed')],
  [ks('behind-unreachable'), readyFalse('ArtifactFailed')],
  [gitRepo('wrong-branch'), readyFalse('GitOperationFailed')],
  [ks('missing-source'), readyFalse('ArtifactFailed')],
  [ks('broken'), readyFalse('BuildFailed')],
  [ks('after-broken'), readyFalse('DependencyNotReady')],
  [ks('missing-path'), readyFalse('ArtifactFailed', /kustomization path not found/)],
  [ks('health-stalled'), readyFalse('HealthCheckFailed', /failed early due to stalled resources/)],
  [ks('health-timeout'), readyFalse('HealthCheckFailed', /timeout waiting for/)],
  [helmRepo('charts'), readyTrue],
  [helmRepo('unreachable-charts'), readyFalse('Failed')],
  [hr('behind-unreachable-repo'), (o) => condition(o, 'Ready')?.status === 'False'],
  [helmChart('flux-system-bad-version'), readyFalse('InvalidChartReference')],
  [hr('bad-version'), (o) => condition(o, 'Ready')?.status === 'False'],
  [hr('db'), (o) => condition(o, 'Stalled')?.reason === 'RetriesExceeded'],
  [hr('app'), readyFalse('DependencyNotReady')],
  [hr('good'), readyTrue],
];

const settled = useSettledLab({ argo: false }, setUpFluxPlatform, TERMINAL);

function ready(ref: ObjectRef) {
  return condition(settled.written(ref), 'Ready');
}

async function row(scenario: string, refs: readonly ObjectRef[], judged: ObjectRef): Promise<void> {
  const statuses = refs.map((ref) => {
    const object = settled.written(ref);
    const stalled = condition(object, 'Stalled');
    return `${ref.kind}/${ref.name}: ${briefly(condition(object, 'Ready'))}${
      stalled?.status === 'True' ? `; ${briefly(stalled, 5)}` : ''
    }`;
  });
  await record(`Flux: ${scenario}`, statuses.join('<br>'), verdict(settled.diagnosis, key(judged)));
}

describe('Flux controllers write the statuses; strata report diagnoses them', () => {
  it('unreachable Git: the GitRepository is the root of the Kustomization behind it', async () => {
    await row('unreachable Git', [gitRepo('unreachable'), ks('behind-unreachable')], gitRepo('unreachable'));
    expect(ready(gitRepo('unreachable'))?.message).toMatch(
      /^failed to checkout and determine revision: unable to clone 'http:\/\/127\.0\.0\.1:1\/nothing\.git': .*connection refused/,
    );
    expect(ready(ks('behind-unreachable'))?.message).toMatch(/^Source artifact not found, retrying in/);
    const root = expectFailingRoot(settled.diagnosis, gitRepo('unreachable'), 'GitOperationFailed');
    expect(root?.impacted).toEqual([key(ks('behind-unreachable'))]);
    expect(objectOf(settled.diagnosis, key(ks('behind-unreachable')))?.rootCauses).toEqual([
      key(gitRepo('unreachable')),
    ]);
  });

  it('a branch that does not exist: the GitRepository is its own root', async () => {
    await row('wrong branch', [gitRepo('wrong-branch')], gitRepo('wrong-branch'));
    expect(ready(gitRepo('wrong-branch'))?.message).toMatch(
      /couldn't find remote ref "refs\/heads\/does-not-exist"/,
    );
    expectFailingRoot(settled.diagnosis, gitRepo('wrong-branch'), 'GitOperationFailed', { impacted: [] });
  });

  it('a missing source: the absent GitRepository is a missing root', async () => {
    await row('missing source', [ks('missing-source')], gitRepo('no-such-repo'));
    expect(ready(ks('missing-source'))?.message).toMatch(
      /GitRepository\.source\.toolkit\.fluxcd\.io "no-such-repo" not found/,
    );
    const root = rootOf(settled.diagnosis, key(gitRepo('no-such-repo')));
    expect(root).toMatchObject({ state: 'missing' });
    expect(root?.impacted).toEqual([key(ks('missing-source'))]);
  });

  it('a broken kustomization.yaml is the root of the dependsOn chain behind it', async () => {
    await row('broken kustomization + dependsOn', [ks('broken'), ks('after-broken')], ks('broken'));
    // The message holds the controller's temporary folder: matched by pattern.
    expect(ready(ks('broken'))?.message).toMatch(
      /^kustomize build failed: accumulating resources: .*does-not-exist\.yaml.*no such file or directory/s,
    );
    expect(ready(ks('after-broken'))?.message).toBe("dependency 'flux-system/broken' is not ready");
    const root = expectFailingRoot(settled.diagnosis, ks('broken'), 'BuildFailed');
    expect(root?.impacted).toEqual([key(ks('after-broken'))]);
    expect(objectOf(settled.diagnosis, key(ks('after-broken')))?.rootCauses).toEqual([key(ks('broken'))]);
  });

  it('a path missing from a ready source: the Kustomization is its own root', async () => {
    await row('missing path', [ks('missing-path')], ks('missing-path'));
    expect(ready(ks('missing-path'))?.message).toMatch(
      /^kustomization path not found: stat .*\/apps\/nope: no such file or directory/,
    );
    expectFailingRoot(settled.diagnosis, ks('missing-path'), 'ArtifactFailed', { impacted: [] });
  });

  // A Kustomization whose health check fails on a Deployment of its own: its own root, with the
  // Deployment as the evidence.
  it.each([
    {
      title: 'a health check that fails early on a stalled Deployment: the Deployment is the evidence',
      scenario: 'health check, stalled',
      name: 'health-stalled',
      message:
        /^health check failed after [\d.]+m?s: failed early due to stalled resources: \[Deployment\/default\/web status: 'Failed'\]/,
      deployment: 'web',
      reason: 'ProgressDeadlineExceeded',
    },
    {
      title: 'a health check that times out on a Deployment still in progress',
      scenario: 'health check, timeout',
      name: 'health-timeout',
      message:
        /^health check failed after [\d.]+m?s: timeout waiting for: \[Deployment\/default\/web-slow status: 'InProgress'\]/,
      deployment: 'web-slow',
      // kube-controller-manager writes Available=False (MinimumReplicasUnavailable): failing (§7).
      reason: 'MinimumReplicasUnavailable',
    },
  ])('$title', async ({ scenario, name, message, deployment, reason }) => {
    await row(scenario, [ks(name)], ks(name));
    expect(ready(ks(name))?.message).toMatch(message);
    const root = expectFailingRoot(settled.diagnosis, ks(name), 'HealthCheckFailed', { impacted: [] });
    expect(root?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Deployment',
        namespace: 'default',
        name: deployment,
        state: 'failing',
        reason,
      }),
    );
  });

  it('an unreachable HelmRepository is the root of the chart and the release behind it', async () => {
    const chart = helmChart('flux-system-behind-unreachable-repo');
    await row(
      'unreachable HelmRepository',
      [helmRepo('unreachable-charts'), hr('behind-unreachable-repo')],
      helmRepo('unreachable-charts'),
    );
    expect(ready(helmRepo('unreachable-charts'))?.message).toMatch(
      /^failed to fetch Helm repository index: .*127\.0\.0\.1:1\/index\.yaml.*connection refused/,
    );
    const root = expectFailingRoot(settled.diagnosis, helmRepo('unreachable-charts'), 'Failed');
    expect(root?.impacted).toEqual([key(chart), key(hr('behind-unreachable-repo'))]);
  });

  it('a chart version that does not exist: the stalled HelmChart is the root of its release', async () => {
    const chart = helmChart('flux-system-bad-version');
    await row('bad chart version', [chart, hr('bad-version')], chart);
    expect(ready(chart)?.message).toMatch(/no 'webapp' chart with version matching '9\.9\.9' found/);
    const root = expectFailingRoot(settled.diagnosis, chart, 'InvalidChartReference');
    expect(root?.impacted).toEqual([key(hr('bad-version'))]);
  });

  it('a release whose install fails and stalls is the root of its dependent', async () => {
    await row('install fails, RetriesExceeded + dependent', [hr('db'), hr('app')], hr('db'));
    const db = settled.written(hr('db'));
    expect(condition(db, 'Stalled')).toMatchObject({ status: 'True', reason: 'RetriesExceeded' });
    expect(condition(db, 'Stalled')?.message).toMatch(/^Failed to install after 2 attempt\(s\)/);
    expect(ready(hr('app'))?.message).toBe("dependency 'flux-system/db' is not ready");
    const root = rootOf(settled.diagnosis, key(hr('db')));
    expect(root?.state).toBe('failing');
    expect(root?.impacted).toEqual([key(hr('app'))]);
  });

  it('what the controllers made ready is ready, and is no root', () => {
    for (const ref of [gitRepo(FLUX_REPO), ks('infra'), helmRepo('charts'), hr('good')]) {
      expect(objectOf(settled.diagnosis, key(ref)), formatKey(ref)).toMatchObject({
        state: 'ready',
        rootCauses: [],
      });
    }
    const roots = settled.diagnosis.rootCauses.map((r) => formatKey(r.ref));
    expect(new Set(roots)).toEqual(
      new Set([
        'GitRepository/flux-system/unreachable',
        'GitRepository/flux-system/wrong-branch',
        'GitRepository/flux-system/no-such-repo',
        'Kustomization/flux-system/broken',
        'Kustomization/flux-system/missing-path',
        'Kustomization/flux-system/health-stalled',
        'Kustomization/flux-system/health-timeout',
        'HelmRepository/flux-system/unreachable-charts',
        'HelmChart/flux-system/flux-system-bad-version',
        'HelmRelease/flux-system/db',
      ]),
    );
  });

  itShowsTheFirstRootInTheTui(settled);
});

// ---------------------------------------------------------------------------------------------

const status = (object: KubeObject) => (object.status ?? {}) as Record<string, unknown>;

describe('actions through strata, checked by what the controllers do', () => {
  const connected = useConnections(settled);

  it('reconcile on a Kustomization: the controller handles the token', { timeout: 60_000 }, async () => {
    const source = await connected();
    const token = new Date().toISOString();
    const result = await source.applyAction('reconcile', key(ks('infra')), { at: token });
    expect(result).toMatchObject({ ok: true });
    await settled.lab.waitFor(ks('infra'), (o) => status(o).lastHandledReconcileAt === token, 30_000);
  });

  it('suspend stops reconciliation; resume restarts it', { timeout: 120_000 }, async () => {
    const source = await connected();
    const applied = status(await settled.lab.waitFor(ks('infra'), readyTrue, 1_000)).lastAppliedRevision;
    expect(
      await source.applyAction('suspend', key(ks('infra')), { at: new Date().toISOString() }),
    ).toMatchObject({ ok: true });
    expect(objectOf(await report(settled.lab), key(ks('infra')))?.state).toBe('suspended');

    // A new commit reaches the source, and a reconcile is requested (strata refuses to send one
    // to a suspended object, so the test patches it): the suspended Kustomization applies nothing.
    const sha = await settled.lab.git.commit(
      FLUX_REPO,
      { 'infra/extra.yaml': configMap('infra-extra') },
      'more infra',
    );
    await settled.lab.cluster.client.request(
      'PATCH',
      `/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/${ns}/kustomizations/infra`,
      {
        body: {
          metadata: {
            annotations: { 'reconcile.fluxcd.io/requestedAt': `${new Date().toISOString()}-suspended` },
          },
        },
        contentType: 'application/merge-patch+json',
      },
    );
    await settled.lab.waitFor(
      gitRepo(FLUX_REPO),
      (o) => (status(o).artifact as { revision?: string } | undefined)?.revision?.endsWith(sha) === true,
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const suspended = await settled.lab.waitFor(ks('infra'), () => true, 1_000);
    expect(status(suspended).lastAppliedRevision).toBe(applied);
    const extra = { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'infra-extra' };
    expect(await settled.lab.cluster.client.read(extra)).toBeUndefined();

    const token = new Date().toISOString();
    expect(await source.applyAction('resume', key(ks('infra')), { at: token })).toMatchObject({ ok: true });
    await settled.lab.waitFor(
      ks('infra'),
      (o) =>
        status(o).lastHandledReconcileAt === token && String(status(o).lastAppliedRevision).endsWith(sha),
      60_000,
    );
    expect(await settled.lab.cluster.client.read(extra)).toBeDefined();
  });

  it('reset on the stalled HelmRelease makes helm-controller try the release again', {
    timeout: 150_000,
  }, async () => {
    const source = await connected();
    const latest = (o: KubeObject) => {
      const history = status(o).history as { version?: number; lastDeployed?: string }[] | undefined;
      return `${history?.[0]?.version}@${history?.[0]?.lastDeployed}`;
    };
    const before = await settled.lab.waitFor(
      hr('db'),
      (o) => condition(o, 'Stalled')?.status === 'True',
      1_000,
    );
    const token = new Date().toISOString();
    expect(await source.applyAction('reconcile', key(hr('db')), { at: token, reset: true })).toMatchObject({
      ok: true,
    });
    // The controller takes the reset (clearing its failure counts) and makes a new attempt.
    const retried = await settled.lab.waitFor(
      hr('db'),
      (o) => status(o).lastHandledResetAt === token && latest(o) !== latest(before),
      90_000,
    );
    await record(
      'Flux: reset on the stalled HelmRelease',
      `HelmRelease/db after reset: ${briefly(condition(retried, 'Ready'))}; lastAttemptedReleaseAction ${String(status(retried).lastAttemptedReleaseAction)}`,
      'a new release attempt (history entry), lastHandledResetAt = token',
    );
  });
});

describe('recovery after a fixing commit', () => {
  it('the fix reaches the cluster and strata no longer names the broken Kustomization', {
    timeout: 120_000,
  }, async () => {
    await settled.lab.git.commit(
      FLUX_REPO,
      { 'broken/kustomization.yaml': FIXED_KUSTOMIZATION },
      'fix the kustomization',
    );
    const source = await connect(settled.lab);
    try {
      // `r` on the source and on the Kustomization, as a person would after pushing a fix.
      expect(
        await source.applyAction('reconcile', key(gitRepo(FLUX_REPO)), { at: new Date().toISOString() }),
      ).toMatchObject({ ok: true });
      await settled.lab.waitFor(
        gitRepo(FLUX_REPO),
        (o) => /fix|stored artifact/.test(condition(o, 'Ready')?.message ?? '') && readyTrue(o),
        30_000,
      );
      expect(
        await source.applyAction('reconcile', key(ks('broken')), { at: new Date().toISOString() }),
      ).toMatchObject({ ok: true });
    } finally {
      await source.stop();
    }
    await settled.lab.waitFor(ks('broken'), readyTrue, 60_000);
    await settled.lab.waitFor(ks('after-broken'), readyTrue, 60_000);
    const after = await report(settled.lab);
    expect(rootOf(after, key(ks('broken')))).toBeUndefined();
    expect(objectOf(after, key(ks('broken')))).toMatchObject({ state: 'ready', rootCauses: [] });
    expect(objectOf(after, key(ks('after-broken')))).toMatchObject({ state: 'ready', rootCauses: [] });
    await record(
      'Flux: recovery after a fixing commit',
      `Kustomization/broken: ${briefly(condition(await settled.lab.waitFor(ks('broken'), () => true, 1_000), 'Ready'))}`,
      `broken and after-broken ${objectOf(after, key(ks('after-broken')))?.state}; ${after.rootCauses.length} roots left`,
    );
  });
});
