import { describe, expect, it } from 'vitest';
import { planReconcile, planResume, planSuspend } from './flux-actions.ts';
import { AT, mergePlan, objectsNamed, ok, refused } from './plans.test-support.ts';

const obj = objectsNamed('app', 'flux-system');

/** A Kustomization that bob suspended. */
const SUSPENDED_BY_BOB = obj(
  'kustomize.toolkit.fluxcd.io/v1',
  'Kustomization',
  { spec: { suspend: true } },
  { 'fluxcd.controlplane.io/suspendedBy': 'bob' },
);

const reconcilable = [
  ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'kustomizations'],
  ['helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'helmreleases'],
  ['source.toolkit.fluxcd.io/v1', 'GitRepository', 'gitrepositories'],
  ['source.toolkit.fluxcd.io/v1beta2', 'OCIRepository', 'ocirepositories'],
  ['source.toolkit.fluxcd.io/v1', 'HelmRepository', 'helmrepositories'],
  ['source.toolkit.fluxcd.io/v1', 'HelmChart', 'helmcharts'],
  ['source.toolkit.fluxcd.io/v1', 'Bucket', 'buckets'],
  ['fluxcd.controlplane.io/v1', 'FluxInstance', 'fluxinstances'],
  ['fluxcd.controlplane.io/v1', 'ResourceSet', 'resourcesets'],
] as const;

describe('planReconcile', () => {
  it.each(reconcilable)('annotates %s %s with requestedAt', (apiVersion, kind, resource) => {
    const plan = ok(planReconcile(obj(apiVersion, kind), { at: AT }));
    const [group = '', version = ''] = apiVersion.split('/');
    expect(plan).toEqual(
      mergePlan(
        'reconcile',
        { group, version, kind, resource, namespace: 'flux-system', name: 'app' },
        { metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': AT } } },
        `Request reconciliation of ${kind}/flux-system/app`,
      ),
    );
  });

  it('forces a HelmRelease upgrade with forceAt equal to requestedAt', () => {
    const plan = ok(planReconcile(obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease'), { at: AT, force: true }));
    expect(plan.patch).toEqual({
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': AT, 'reconcile.fluxcd.io/forceAt': AT } },
    });
    expect(plan.summary).toContain('forcing a one-off upgrade');
  });

  it('resets HelmRelease failure counts with resetAt, alone or with force', () => {
    const hr = obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease');
    expect(ok(planReconcile(hr, { at: AT, reset: true })).patch).toEqual({
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': AT, 'reconcile.fluxcd.io/resetAt': AT } },
    });
    expect(ok(planReconcile(hr, { at: AT, reset: true, force: true })).patch).toEqual({
      metadata: {
        annotations: {
          'reconcile.fluxcd.io/requestedAt': AT,
          'reconcile.fluxcd.io/forceAt': AT,
          'reconcile.fluxcd.io/resetAt': AT,
        },
      },
    });
  });

  it('forces a FluxInstance, as flux-operator reconcile instance --force does', () => {
    const plan = ok(planReconcile(obj('fluxcd.controlplane.io/v1', 'FluxInstance'), { at: AT, force: true }));
    expect(plan.patch).toEqual({
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': AT, 'reconcile.fluxcd.io/forceAt': AT } },
    });
  });

  it('refuses force and reset where the controller ignores them', () => {
    expect(
      refused(planReconcile(obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization'), { at: AT, force: true }))
        .reason,
    ).toBe('force applies to HelmRelease and FluxInstance only, not Kustomization');
    expect(
      refused(planReconcile(obj('fluxcd.controlplane.io/v1', 'ResourceSet'), { at: AT, force: true })).reason,
    ).toMatch(/not ResourceSet/);
    expect(
      refused(planReconcile(obj('fluxcd.controlplane.io/v1', 'FluxInstance'), { at: AT, reset: true }))
        .reason,
    ).toBe('reset applies to HelmRelease only, not FluxInstance');
  });

  it('refuses a suspended object, as flux reconcile does', () => {
    const ks = obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', { spec: { suspend: true } });
    expect(refused(planReconcile(ks, { at: AT }))).toEqual({
      ok: false,
      action: 'reconcile',
      reason: 'suspended: resume it first',
    });
  });

  it('refuses a flux-operator object whose reconcile annotation is disabled (any case)', () => {
    const rset = obj(
      'fluxcd.controlplane.io/v1',
      'ResourceSet',
      {},
      { 'fluxcd.controlplane.io/reconcile': 'Disabled' },
    );
    expect(refused(planReconcile(rset, { at: AT })).reason).toBe(
      'suspended (fluxcd.controlplane.io/reconcile: disabled): resume it first',
    );
    const enabled = obj(
      'fluxcd.controlplane.io/v1',
      'FluxInstance',
      {},
      { 'fluxcd.controlplane.io/reconcile': 'enabled' },
    );
    expect(planReconcile(enabled, { at: AT }).ok).toBe(true);
  });

  it('refuses an OCI HelmRepository, which is static', () => {
    const repo = obj('source.toolkit.fluxcd.io/v1', 'HelmRepository', {
      spec: { type: 'oci', url: 'oci://x' },
    });
    expect(refused(planReconcile(repo, { at: AT })).reason).toMatch(/static/);
  });

  it('refuses a request time equal to the one already on the object', () => {
    const ks = obj(
      'kustomize.toolkit.fluxcd.io/v1',
      'Kustomization',
      {},
      { 'reconcile.fluxcd.io/requestedAt': AT },
    );
    expect(refused(planReconcile(ks, { at: AT })).reason).toMatch(/already/);
    expect(planReconcile(ks, { at: '2026-08-07T13:50:16.000Z' }).ok).toBe(true);
  });

  it('refuses in read-only mode and without a time', () => {
    const ks = obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization');
    expect(refused(planReconcile(ks, { at: AT, readOnly: true })).reason).toBe('read-only mode');
    expect(refused(planReconcile(ks, { at: '' })).reason).toMatch(/no request time/);
    expect(refused(planReconcile(ks, { at: '  ' })).reason).toMatch(/no request time/);
  });

  it('points Argo CD kinds at the actions that apply', () => {
    expect(refused(planReconcile(obj('argoproj.io/v1alpha1', 'Application'), { at: AT })).reason).toMatch(
      /refresh.*sync/,
    );
    expect(refused(planReconcile(obj('argoproj.io/v1alpha1', 'ApplicationSet'), { at: AT })).reason).toMatch(
      /refresh/,
    );
    expect(refused(planReconcile(obj('argoproj.io/v1alpha1', 'AppProject'), { at: AT })).reason).toMatch(
      /nothing/,
    );
  });

  it('refuses ExternalArtifact, which no controller reconciles on request', () => {
    expect(
      refused(planReconcile(obj('source.toolkit.fluxcd.io/v1', 'ExternalArtifact'), { at: AT })).reason,
    ).toMatch(/ExternalArtifact/);
  });
});

describe('planSuspend', () => {
  it('sets spec.suspend and records who suspended', () => {
    const plan = ok(planSuspend(obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization'), { at: AT }));
    expect(plan.patch).toEqual({
      metadata: { annotations: { 'fluxcd.controlplane.io/suspendedBy': 'strata' } },
      spec: { suspend: true },
    });
    expect(plan.summary).toBe('Suspend reconciliation of Kustomization/flux-system/app');
  });

  it.each(reconcilable.filter(([apiVersion]) => !apiVersion.startsWith('fluxcd.controlplane.io')))(
    'suspends %s %s through spec.suspend',
    (apiVersion, kind) => {
      const plan = ok(planSuspend(obj(apiVersion, kind), { at: AT, user: 'alice' }));
      expect(plan.patch).toEqual({
        metadata: { annotations: { 'fluxcd.controlplane.io/suspendedBy': 'alice' } },
        spec: { suspend: true },
      });
    },
  );

  it('suspends again without error and keeps the original suspendedBy', () => {
    expect(ok(planSuspend(SUSPENDED_BY_BOB, { at: AT })).patch).toEqual({ spec: { suspend: true } });
  });

  it.each(['FluxInstance', 'ResourceSet'])('suspends a %s through the reconcile annotation', (kind) => {
    const plan = ok(planSuspend(obj('fluxcd.controlplane.io/v1', kind), { at: AT }));
    expect(plan.patch).toEqual({
      metadata: {
        annotations: {
          'fluxcd.controlplane.io/suspendedBy': 'strata',
          'fluxcd.controlplane.io/reconcile': 'disabled',
        },
      },
    });
    expect(plan.target.resource).toBe(kind === 'FluxInstance' ? 'fluxinstances' : 'resourcesets');
  });

  it('refuses Argo CD Applications, which have no suspend', () => {
    const reason = refused(planSuspend(obj('argoproj.io/v1alpha1', 'Application'), { at: AT })).reason;
    expect(reason).toMatch(/cannot be suspended/);
    expect(reason).toMatch(/syncPolicy\.automated/);
    expect(refused(planResume(obj('argoproj.io/v1alpha1', 'Application'), { at: AT })).reason).toMatch(
      /cannot be resumed/,
    );
    expect(refused(planSuspend(obj('argoproj.io/v1alpha1', 'ApplicationSet'), { at: AT })).reason).toMatch(
      /ApplicationSets cannot be suspended/,
    );
  });

  it('refuses in read-only mode', () => {
    expect(
      refused(planSuspend(obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease'), { at: AT, readOnly: true }))
        .reason,
    ).toBe('read-only mode');
  });
});

describe('planResume', () => {
  it('clears spec.suspend and requests a reconcile', () => {
    const hr = obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', { spec: { suspend: true } });
    const plan = ok(planResume(hr, { at: AT }));
    expect(plan.patch).toEqual({
      metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': AT } },
      spec: { suspend: false },
    });
    expect(plan.summary).toBe('Resume HelmRelease/flux-system/app and request its reconciliation');
  });

  it('drops suspendedBy when present', () => {
    expect(ok(planResume(SUSPENDED_BY_BOB, { at: AT })).patch).toEqual({
      metadata: {
        annotations: { 'reconcile.fluxcd.io/requestedAt': AT, 'fluxcd.controlplane.io/suspendedBy': null },
      },
      spec: { suspend: false },
    });
  });

  it.each(['FluxInstance', 'ResourceSet'])('enables a %s and requests a reconcile', (kind) => {
    const o = obj('fluxcd.controlplane.io/v1', kind, {}, { 'fluxcd.controlplane.io/reconcile': 'disabled' });
    expect(ok(planResume(o, { at: AT })).patch).toEqual({
      metadata: {
        annotations: { 'reconcile.fluxcd.io/requestedAt': AT, 'fluxcd.controlplane.io/reconcile': 'enabled' },
      },
    });
  });

  it('resumes an object that is not suspended (idempotent, like flux resume)', () => {
    expect(planResume(obj('source.toolkit.fluxcd.io/v1', 'GitRepository'), { at: AT }).ok).toBe(true);
  });

  it('refuses a stale request time', () => {
    const ks = obj(
      'kustomize.toolkit.fluxcd.io/v1',
      'Kustomization',
      { spec: { suspend: true } },
      { 'reconcile.fluxcd.io/requestedAt': AT },
    );
    expect(refused(planResume(ks, { at: AT })).reason).toMatch(/already/);
  });
});
