import { formatRef, type Ref } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { decideAction } from '../app/actions.ts';
import { ManualClock } from '../app/clock.ts';
import { createDemoSource, type DemoSource } from './demo-source.ts';
import { mergePatch } from './merge-patch.ts';

const CERT_MANAGER: Ref = { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' };
const TRUST_MANAGER: Ref = { kind: 'HelmRelease', namespace: 'flux-system', name: 'trust-manager' };

function demo(readOnly = false): { source: DemoSource; clock: ManualClock } {
  const clock = new ManualClock(0);
  return { source: createDemoSource({ clock, readOnly }), clock };
}

function roots(source: DemoSource): string[] {
  return source
    .snapshot()
    .report.rootCauses.map((r) => `${formatRef(r.ref)} ${r.state} ${r.impacted.length}`);
}

function webhookRestarts(source: DemoSource): number {
  const pod = source.cluster.model.report().rootCauses[0]?.evidence.find((e) => e.kind === 'Pod');
  const raw =
    pod === undefined ? undefined : source.object({ kind: 'Pod', namespace: pod.namespace!, name: pod.name });
  const statuses = (raw as { status: { containerStatuses: { restartCount: number }[] } }).status
    .containerStatuses;
  return statuses[0]!.restartCount;
}

describe('the demo source', () => {
  it('starts as the two-layer platform, on the demo clock', () => {
    const { source } = demo();
    expect(source.kind).toBe('demo');
    expect(source.describe()).toEqual({
      context: 'strata-demo',
      cluster: 'built-in demo',
      user: 'demo',
      namespace: 'all',
      readOnly: false,
    });
    const snapshot = source.snapshot();
    expect(snapshot.connection).toBe('demo');
    expect(snapshot.versions).toEqual({ flux: 'v2.9.1', argo: 'v3.2.1' });
    expect(snapshot.report.at).toBe('2026-11-22T10:00:00Z');
    expect(roots(source)[0]).toBe('HelmRelease/flux-system/cert-manager failing 5');
    expect(source.snapshot()).toBe(snapshot);
    source.close();
  });

  it('evolves: time moves, the webhook keeps crashing, dependents retry', () => {
    const { source, clock } = demo();
    let changes = 0;
    source.subscribe(() => changes++);
    const restarts = webhookRestarts(source);
    clock.advance(6000);
    expect(changes).toBeGreaterThan(0);
    expect(source.snapshot().report.at).toBe('2026-11-22T10:00:06Z');
    expect(webhookRestarts(source)).toBe(restarts + 1);
    const events = source.events({
      kind: 'Pod',
      namespace: 'cert-manager',
      name: source.snapshot().report.rootCauses[0]!.evidence.find((e) => e.kind === 'Pod')!.name,
    });
    expect(events[0]).toMatchObject({ type: 'Warning', reason: 'BackOff', count: 16 });
    // At 7s trust-manager retries: Ready=Unknown for two seconds, then DependencyNotReady again.
    clock.advance(1000);
    const retrying = source
      .snapshot()
      .report.objects.find((o) => formatRef(o.ref) === formatRef(TRUST_MANAGER));
    expect(retrying).toMatchObject({ state: 'progressing', reason: 'Progressing' });
    clock.advance(2000);
    const back = source.snapshot().report.objects.find((o) => formatRef(o.ref) === formatRef(TRUST_MANAGER));
    expect(back).toMatchObject({ state: 'failing', reason: 'DependencyNotReady' });
    source.close();
    expect(clock.pending).toBe(0);
  });

  it('keeps a snapshot as it was while the demo moves on', () => {
    const { source, clock } = demo();
    const snapshot = source.snapshot();
    const node = snapshot.view.node(TRUST_MANAGER);
    const shown = JSON.stringify([snapshot.report, node, [...snapshot.view.allObjects()]]);
    clock.advance(7000);
    const later = source.snapshot();
    expect(later).not.toBe(snapshot);
    expect(later.view.node(TRUST_MANAGER)?.state).toBe('progressing');
    expect(snapshot.view.node(TRUST_MANAGER)).toBe(node);
    expect(JSON.stringify([snapshot.report, node, [...snapshot.view.allObjects()]])).toBe(shown);
    source.close();
  });

  it('stays stalled on a plain reconcile, and recovers a few seconds after a reset', async () => {
    const { source, clock } = demo();
    // Stalled (RetriesExceeded): helm-controller ignores a plain request, as upstream does.
    expect(await source.apply('reconcile', CERT_MANAGER)).toEqual({
      ok: true,
      summary: 'Request reconciliation of HelmRelease/flux-system/cert-manager',
    });
    clock.advance(9000);
    expect(source.cluster.phase).toBe('broken');
    const result = await source.apply('reconcile', CERT_MANAGER, { reset: true });
    expect(result).toMatchObject({ ok: true, summary: expect.stringContaining('resetting') });
    const object = source.object(CERT_MANAGER) as { metadata: { annotations: Record<string, string> } };
    expect(object.metadata.annotations['reconcile.fluxcd.io/resetAt']).toBe(
      object.metadata.annotations['reconcile.fluxcd.io/requestedAt'],
    );
    expect(source.cluster.phase).toBe('broken');
    clock.advance(1000);
    expect(source.cluster.phase).toBe('recovering');
    clock.advance(8000);
    expect(source.cluster.phase).toBe('recovered');
    expect(roots(source)).toEqual([
      'AppProject/argocd/team-c missing 1',
      'Application/argocd/team-a-payments failing 1',
      'Application/argocd/team-b-previews-pr-42 failing 1',
    ]);
    const handled = source.object(CERT_MANAGER) as { status: { lastHandledReconcileAt: string } };
    expect(handled.status.lastHandledReconcileAt).toBe(
      object.metadata.annotations['reconcile.fluxcd.io/requestedAt'],
    );
    source.close();
  });

  it('recovers by itself after a while', () => {
    const clock = new ManualClock(0);
    const source = createDemoSource({ clock, timings: { autoRecoverAfterMs: 60_000 } });
    clock.advance(70_000);
    expect(source.cluster.phase).toBe('recovered');
    source.close();
  });

  it('suspends and resumes with spec.suspend', async () => {
    const { source, clock } = demo();
    const cilium = { kind: 'HelmRelease', namespace: 'flux-system', name: 'cilium' };
    expect(await source.apply('suspend', cilium)).toEqual({
      ok: true,
      summary: 'Suspend reconciliation of HelmRelease/flux-system/cilium',
    });
    expect((source.object(cilium) as { spec: { suspend: boolean } }).spec.suspend).toBe(true);
    expect(source.snapshot().report.objects.find((o) => o.ref.name === 'cilium')?.state).toBe('suspended');
    clock.advance(5);
    expect((await source.apply('resume', cilium)).ok).toBe(true);
    expect((source.object(cilium) as { spec: { suspend: boolean } }).spec.suspend).toBe(false);
    expect(source.snapshot().report.objects.find((o) => o.ref.name === 'cilium')?.state).toBe('ready');
    source.close();
  });

  it('runs an Argo CD sync and refresh the way the controller would', async () => {
    const { source, clock } = demo();
    const preview = { kind: 'Application', namespace: 'argocd', name: 'team-b-previews-pr-42' };
    expect((await source.apply('sync', preview)).ok).toBe(true);
    expect((source.object(preview) as { operation?: unknown }).operation).toBeDefined();
    clock.advance(1000);
    expect((source.object(preview) as { operation?: unknown }).operation).toBeUndefined();
    const phase = () =>
      (source.object(preview) as { status: { operationState: { phase: string } } }).status.operationState
        .phase;
    expect(phase()).toBe('Running');
    clock.advance(2000);
    expect(phase()).toBe('Failed');
    expect(source.snapshot().report.objects.find((o) => o.ref.name === preview.name)?.state).toBe('failing');
    expect(
      source
        .events(preview)
        .map((e) => (e as { reason: string }).reason)
        .slice(0, 2),
    ).toEqual(['OperationCompleted', 'OperationStarted']);
    const payments = { kind: 'Application', namespace: 'argocd', name: 'team-a-payments' };
    expect((await source.apply('refresh', payments)).ok).toBe(true);
    const annotations = () =>
      (source.object(payments) as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    expect(annotations()['argocd.argoproj.io/refresh']).toBe('normal');
    clock.advance(1000);
    expect(annotations()['argocd.argoproj.io/refresh']).toBeUndefined();
    source.close();
  });

  it('refuses what core refuses, and everything in read-only mode', async () => {
    const { source } = demo();
    const app = { kind: 'Application', namespace: 'argocd', name: 'team-a-payments' };
    const refused = await source.apply('suspend', app);
    expect(refused.ok).toBe(false);
    expect(await source.apply('reconcile', { kind: 'HelmRelease', namespace: 'x', name: 'nope' })).toEqual({
      ok: false,
      error: 'HelmRelease/nope not found',
    });
    source.close();
    const readOnly = demo(true).source;
    expect(await readOnly.apply('reconcile', CERT_MANAGER)).toEqual({ ok: false, error: 'read-only mode' });
    readOnly.close();
  });
});

describe('action decisions', () => {
  const { source } = demo();
  const at = '2026-11-22T10:00:00Z';
  const raw = (ref: Ref) => source.object(ref);

  it('ask to confirm what core would plan', () => {
    expect(decideAction('reconcile', CERT_MANAGER, raw(CERT_MANAGER), { readOnly: false, at })).toEqual({
      ok: true,
      action: 'reconcile',
      summary: 'Request reconciliation of HelmRelease/flux-system/cert-manager',
      uid: (raw(CERT_MANAGER) as { metadata: { uid: string } }).metadata.uid,
      // Flux's own choices for a stalled release: a plain reconcile, a reset, a forced upgrade.
      choices: [
        { key: 'y', label: 'reconcile', options: {} },
        {
          key: 'x',
          label: 'reset and retry',
          options: { reset: true },
          hint: 'stalled (RetriesExceeded): helm-controller ignores a plain reconcile until reset',
        },
        { key: 'f', label: 'force an upgrade', options: { force: true } },
      ],
      toggles: [],
    });
  });

  it('s resumes what is suspended', () => {
    const velero = { kind: 'HelmRelease', namespace: 'flux-system', name: 'velero' };
    expect(decideAction('toggle-suspend', velero, raw(velero), { readOnly: false, at })).toMatchObject({
      ok: true,
      action: 'resume',
    });
    expect(
      decideAction('toggle-suspend', CERT_MANAGER, raw(CERT_MANAGER), { readOnly: false, at }),
    ).toMatchObject({
      ok: true,
      action: 'suspend',
    });
  });

  it('say why an action is not possible', () => {
    expect(decideAction('reconcile', CERT_MANAGER, raw(CERT_MANAGER), { readOnly: true, at })).toEqual({
      ok: false,
      message:
        'reconcile HelmRelease/flux-system/cert-manager is disabled: read-only mode (strata was started with --readonly)',
    });
    const app = { kind: 'Application', namespace: 'argocd', name: 'team-a-payments' };
    // r on an Application is its refresh, s its sync.
    expect(decideAction('reconcile', app, raw(app), { readOnly: false, at })).toMatchObject({
      ok: true,
      action: 'refresh',
    });
    expect(decideAction('toggle-suspend', app, raw(app), { readOnly: false, at })).toMatchObject({
      ok: true,
      action: 'sync',
      toggles: [
        { key: 'p', option: 'prune' },
        { key: 'd', option: 'dryRun' },
      ],
    });
    const oci = { kind: 'HelmRepository', namespace: 'flux-system', name: 'prometheus-community' };
    expect(decideAction('reconcile', oci, raw(oci), { readOnly: false, at })).toMatchObject({ ok: false });
    expect(decideAction('sync', undefined, undefined, { readOnly: false, at })).toEqual({
      ok: false,
      message: 'select an object first',
    });
  });
});

describe('merge patch', () => {
  it('merges maps, replaces the rest, deletes on null', () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: null, e: 3 }, d: [2] })).toEqual({
      a: { c: 2, e: 3 },
      d: [2],
    });
    expect(mergePatch('x', { a: 1 })).toEqual({ a: 1 });
  });
});
