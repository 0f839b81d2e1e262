/**
 * Argo CD's own application controller and repo server (with Flux installing Argo CD's pieces)
 * drive every Application of argo-platform.ts to its terminal state; then `strata report`
 * against the live cluster must give the roots the diagnosis contract (docs/diagnosis.md) gives
 * for those statuses, the TUI must show the same first root, sync and refresh through strata
 * must make the controller act, and breaking Argo CD's repo server under the Flux release that
 * installed it must lead every broken app back to that release (the two-layer case).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../cluster/rest.ts';
import { argocdRelease, MISSING_NAMESPACE, setUpArgoPlatform } from './argo-platform.ts';
import { ARGOCD_NAMESPACE, FLUX_NAMESPACE } from './controllers.ts';
import {
  briefly,
  condition,
  connect,
  expectFailingRoot,
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

const app = (name: string): ObjectRef => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  namespace: ARGOCD_NAMESPACE,
  name,
});
const release: ObjectRef = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  namespace: FLUX_NAMESPACE,
  name: 'argocd',
};
const argoManaged: ObjectRef = {
  apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
  kind: 'Kustomization',
  namespace: FLUX_NAMESPACE,
  name: 'argo-managed',
};
const repoServer = { kind: 'Deployment', namespace: ARGOCD_NAMESPACE, name: 'argocd-repo-server' };
const key = keyOf;

interface AppStatus {
  health?: { status?: string; message?: string };
  sync?: { status?: string; revision?: string };
  conditions?: { type: string; message?: string }[];
  operationState?: { phase?: string; message?: string; finishedAt?: string };
  reconciledAt?: string;
}
const appStatus = (o: KubeObject | undefined) => (o?.status ?? {}) as AppStatus;
const appCondition = (o: KubeObject | undefined, type: string) =>
  appStatus(o).conditions?.find((c) => c.type === type);
const health = (o: KubeObject) => appStatus(o).health?.status;
const sync = (o: KubeObject) => appStatus(o).sync?.status;
/** Synced, with the automated sync that got it there finished (a running operation is progressing, §2). */
const synced = (o: KubeObject) => sync(o) === 'Synced' && appStatus(o).operationState?.phase === 'Succeeded';

/** An Application in a few words, for the table. */
function brieflyApp(o: KubeObject | undefined): string {
  const s = appStatus(o);
  const conditions = (s.conditions ?? []).map((c) =>
    briefly({ type: c.type, status: 'True', ...(c.message === undefined ? {} : { message: c.message }) }, 14),
  );
  return [
    `sync ${s.sync?.status ?? '-'}, health ${s.health?.status ?? '-'}`,
    ...(s.operationState?.phase === undefined ? [] : [`operation ${s.operationState.phase}`]),
    ...conditions,
  ].join('; ');
}

const TERMINAL: Terminal[] = [
  [release, readyTrue],
  [app('good'), (o) => synced(o) && health(o) === 'Healthy'],
  [app('manual'), (o) => sync(o) === 'OutOfSync'],
  [app('unreachable'), (o) => appCondition(o, 'ComparisonError') !== undefined],
  [app('missing-path'), (o) => appCondition(o, 'ComparisonError') !== undefined],
  [app('invalid-yaml'), (o) => appCondition(o, 'ComparisonError') !== undefined],
  [app('broken-kustomize'), (o) => appCondition(o, 'ComparisonError') !== undefined],
  [app('degraded'), (o) => health(o) === 'Degraded'],
  [
    app('missing-namespace'),
    (o) => appCondition(o, 'SyncError') !== undefined && appStatus(o).operationState?.phase === 'Failed',
  ],
  [app('parent'), synced],
  [app('child-ok'), (o) => synced(o) && health(o) === 'Healthy'],
  [app('child-bad'), (o) => appCondition(o, 'ComparisonError') !== undefined],
  [argoManaged, readyFalse('BuildFailed')],
  [app('flux-objects'), (o) => health(o) === 'Degraded'],
];

const settled = useSettledLab({}, setUpArgoPlatform, TERMINAL);

async function row(scenario: string, ref: ObjectRef): Promise<void> {
  await record(
    `Argo CD: ${scenario}`,
    brieflyApp(settled.written(ref)),
    verdict(settled.diagnosis, key(ref)),
  );
}

const expectOwnRoot = (ref: ObjectRef, reason: string) => expectFailingRoot(settled.diagnosis, ref, reason);

describe('Argo CD writes the statuses; strata report diagnoses them', () => {
  it('an unreachable repository: a ComparisonError, its own root', async () => {
    await row('unreachable repo', app('unreachable'));
    expect(appCondition(settled.written(app('unreachable')), 'ComparisonError')?.message).toMatch(
      /^Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = .*127\.0\.0\.1:1.*connection refused/,
    );
    expectOwnRoot(app('unreachable'), 'ComparisonError');
  });

  it('a missing path', async () => {
    await row('missing path', app('missing-path'));
    expect(appCondition(settled.written(app('missing-path')), 'ComparisonError')?.message).toMatch(
      /nope: app path does not exist/,
    );
    expectOwnRoot(app('missing-path'), 'ComparisonError');
  });

  it('invalid YAML', async () => {
    await row('invalid YAML', app('invalid-yaml'));
    expect(appCondition(settled.written(app('invalid-yaml')), 'ComparisonError')?.message).toMatch(
      /Failed to unmarshal "bad\.yaml"/,
    );
    expectOwnRoot(app('invalid-yaml'), 'ComparisonError');
  });

  it('a broken kustomize overlay', async () => {
    await row('broken kustomize', app('broken-kustomize'));
    // The message holds the repo server's temporary checkout path: matched by pattern.
    expect(appCondition(settled.written(app('broken-kustomize')), 'ComparisonError')?.message).toMatch(
      /`kustomize build .*broken-kustomize` failed exit status 1: .*missing\.yaml/s,
    );
    expectOwnRoot(app('broken-kustomize'), 'ComparisonError');
  });

  it('a Deployment that never becomes ready: Degraded, with the Deployment as evidence', async () => {
    await row('Degraded app', app('degraded'));
    const root = expectOwnRoot(app('degraded'), 'Degraded');
    expect(root?.evidence).toContainEqual(
      expect.objectContaining({
        kind: 'Deployment',
        namespace: 'default',
        name: 'degraded-web',
        state: 'failing',
      }),
    );
  });

  it('a sync into a namespace that does not exist: SyncError', async () => {
    await row('sync into a missing namespace', app('missing-namespace'));
    expect(appCondition(settled.written(app('missing-namespace')), 'SyncError')?.message).toMatch(
      new RegExp(`namespaces "${MISSING_NAMESPACE}" not found`),
    );
    expectOwnRoot(app('missing-namespace'), 'SyncError');
  });

  it('an app-of-apps: the broken child is the root, the healthy child and the parent are ready', async () => {
    await row('app-of-apps, broken child', app('child-bad'));
    await row('app-of-apps, parent', app('parent'));
    expectOwnRoot(app('child-bad'), 'ComparisonError');
    expect(objectOf(settled.diagnosis, key(app('child-ok')))?.state).toBe('ready');
    // Argo CD keeps no health for child Applications: the parent is Synced and Healthy.
    expect(objectOf(settled.diagnosis, key(app('parent')))?.state).toBe('ready');
  });

  it('the ready pieces: the release, the healthy app, the controllers it installed', async () => {
    await row('healthy app', app('good'));
    await row('manual app (not yet synced)', app('manual'));
    expect(objectOf(settled.diagnosis, key(release))?.state).toBe('ready');
    expect(objectOf(settled.diagnosis, key(app('good')))?.state).toBe('ready');
    expect(objectOf(settled.diagnosis, repoServer)).toMatchObject({ state: 'ready' });
    // Never synced: Argo CD says OutOfSync and health Missing, which §2 reads as failing.
    expect(objectOf(settled.diagnosis, key(app('manual')))).toMatchObject({
      state: 'failing',
      reason: 'Missing',
    });
  });

  it("an app that applies a Flux Kustomization which fails to build: Degraded by Argo CD's health check", async () => {
    await record(
      'Argo CD → Flux: app applies a failing Kustomization',
      `Application/flux-objects: ${brieflyApp(settled.written(app('flux-objects')))}<br>Kustomization/argo-managed: ${briefly(condition(settled.written(argoManaged), 'Ready'))}`,
      `${verdict(settled.diagnosis, key(argoManaged))}; the app: ${verdict(settled.diagnosis, key(app('flux-objects')))}`,
    );
    // Argo CD's own health check for the Kustomization turned the app Degraded.
    expect(health(settled.written(app('flux-objects'))!)).toBe('Degraded');
    expect(objectOf(settled.diagnosis, key(argoManaged))?.layer).toBe('argo');
    expect(rootOf(settled.diagnosis, key(argoManaged))).toMatchObject({
      state: 'failing',
      reason: 'BuildFailed',
    });
  });

  // Contract v3's R9 (Argo CD → Flux), on the statuses the real controllers wrote: before it, the
  // Degraded app was a root of its own beside the Kustomization.
  it('R9 (v3): that app is explained by the failing Kustomization it applies', () => {
    expect(rootOf(settled.diagnosis, key(argoManaged))?.impacted).toContainEqual(key(app('flux-objects')));
    expect(objectOf(settled.diagnosis, key(app('flux-objects')))?.rootCauses).toEqual([key(argoManaged)]);
  });

  itShowsTheFirstRootInTheTui(settled);
});

// ---------------------------------------------------------------------------------------------

describe('Argo CD actions through strata, checked by what the controller does', () => {
  const connected = useConnections(settled);

  it('sync runs an operation the controller completes', { timeout: 90_000 }, async () => {
    const source = await connected();
    expect(await source.applyAction('sync', key(app('manual')), { user: 'alice' })).toMatchObject({
      ok: true,
    });
    const completed = await settled.lab.waitFor(
      app('manual'),
      (o) => appStatus(o).operationState?.phase === 'Succeeded' && sync(o) === 'Synced',
      60_000,
    );
    expect(health(completed)).toBe('Healthy');
    expect(
      await settled.lab.cluster.client.read({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'default',
        name: 'manual-settings',
      }),
    ).toBeDefined();
  });

  it('refresh makes the controller compare again', { timeout: 60_000 }, async () => {
    const source = await connected();
    const before = appStatus(await settled.lab.waitFor(app('good'), () => true, 1_000)).reconciledAt;
    expect(before).toBeDefined();
    // reconciledAt has a one-second resolution.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(await source.applyAction('refresh', key(app('good')), {})).toMatchObject({ ok: true });
    await settled.lab.waitFor(
      app('good'),
      (o) =>
        appStatus(o).reconciledAt !== before &&
        (o.metadata.annotations as Record<string, string> | undefined)?.['argocd.argoproj.io/refresh'] ===
          undefined,
      30_000,
    );
  });
});

describe('two layers: Flux installs Argo CD, and breaking it breaks the apps behind it', () => {
  it('a broken repo server leads the apps back to the Flux release that installed it', {
    timeout: 240_000,
  }, async () => {
    // The release asks for a repo server replica that never becomes available, and the real
    // repo server process goes away: the apps cannot compare any more.
    await settled.lab.apply([
      argocdRelease({ repoServer: { replicas: 1 }, applicationController: { replicas: 0 } }),
    ]);
    await settled.lab.kill('argocd-repo-server');
    const failed = await settled.lab.waitFor(
      release,
      (o) =>
        condition(o, 'Ready')?.status === 'False' &&
        /failed|stalled/i.test(condition(o, 'Ready')?.message ?? ''),
      120_000,
    );
    const source = await connect(settled.lab);
    try {
      expect(await source.applyAction('refresh', key(app('good')), { hard: true })).toMatchObject({
        ok: true,
      });
    } finally {
      await source.stop();
    }
    const broken = await settled.lab.waitFor(
      app('good'),
      (o) => appCondition(o, 'ComparisonError') !== undefined,
      90_000,
    );
    const after = await report(settled.lab);
    await record(
      'Two layers: repo server broken under its Flux release',
      `HelmRelease/argocd: ${briefly(condition(failed, 'Ready'))}<br>Application/good: ${brieflyApp(broken)}`,
      verdict(after, key(release)),
    );
    const root = rootOf(after, key(release));
    expect(root, 'the HelmRelease is a root').toBeDefined();
    expect(root?.state).toBe('failing');
    expect(root?.impacted).toContainEqual(repoServer);
    expect(root?.impacted).toContainEqual(key(app('good')));
    expect(objectOf(after, key(app('good')))?.rootCauses).toEqual([key(release)]);
    expect(root?.evidence).toContainEqual(
      expect.objectContaining({ kind: 'Deployment', name: 'argocd-repo-server' }),
    );
  });

  it('repairing the release and the repo server brings the apps back', { timeout: 180_000 }, async () => {
    await settled.lab.restart('argocd-repo-server');
    await settled.lab.apply([argocdRelease()]);
    const source = await connect(settled.lab);
    try {
      expect(
        await source.applyAction('reconcile', key(release), { at: new Date().toISOString(), reset: true }),
      ).toMatchObject({ ok: true });
      await settled.lab.waitFor(release, readyTrue, 90_000);
      expect(await source.applyAction('refresh', key(app('good')), { hard: true })).toMatchObject({
        ok: true,
      });
    } finally {
      await source.stop();
    }
    await settled.lab.waitFor(
      app('good'),
      (o) =>
        appCondition(o, 'ComparisonError') === undefined && sync(o) === 'Synced' && health(o) === 'Healthy',
      60_000,
    );
    const after = await report(settled.lab);
    expect(rootOf(after, key(release))).toBeUndefined();
    expect(objectOf(after, key(app('good')))?.state).toBe('ready');
  });
});
