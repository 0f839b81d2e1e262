import { describe, expect, it } from 'vitest';
import { applicableActions, availableActions } from './available-actions.ts';
import { objectsNamed } from './plans.test-support.ts';

const obj = objectsNamed('x', 'ns');

describe('availableActions', () => {
  it('offers reconcile and suspend on a running Flux object', () => {
    expect(availableActions(obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization'))).toEqual([
      { action: 'reconcile', enabled: true },
      { action: 'suspend', enabled: true },
      { action: 'resume', enabled: false, reason: 'not suspended' },
    ]);
  });

  it('offers only resume on a suspended Flux object', () => {
    expect(
      availableActions(obj('helm.toolkit.fluxcd.io/v2', 'HelmRelease', { spec: { suspend: true } })),
    ).toEqual([
      { action: 'reconcile', enabled: false, reason: 'suspended: resume it first' },
      { action: 'suspend', enabled: false, reason: 'already suspended' },
      { action: 'resume', enabled: true },
    ]);
  });

  it('reads flux-operator suspension from the reconcile annotation', () => {
    const disabled = obj(
      'fluxcd.controlplane.io/v1',
      'FluxInstance',
      {},
      { 'fluxcd.controlplane.io/reconcile': 'disabled' },
    );
    expect(availableActions(disabled).map((a) => [a.action, a.enabled])).toEqual([
      ['reconcile', false],
      ['suspend', false],
      ['resume', true],
    ]);
    expect(availableActions(obj('fluxcd.controlplane.io/v1', 'ResourceSet')).map((a) => a.enabled)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('disables reconcile on an OCI HelmRepository', () => {
    const [reconcile] = availableActions(
      obj('source.toolkit.fluxcd.io/v1', 'HelmRepository', { spec: { type: 'oci' } }),
    );
    expect(reconcile).toMatchObject({ action: 'reconcile', enabled: false });
  });

  it('offers refresh and sync on an Application, sync disabled while an operation runs', () => {
    expect(availableActions(obj('argoproj.io/v1alpha1', 'Application'))).toEqual([
      { action: 'refresh', enabled: true },
      { action: 'sync', enabled: true },
    ]);
    const running = obj('argoproj.io/v1alpha1', 'Application', {
      status: { operationState: { phase: 'Running' } },
    });
    expect(availableActions(running)).toEqual([
      { action: 'refresh', enabled: true },
      {
        action: 'sync',
        enabled: false,
        reason: 'an operation is already running (status.operationState.phase: Running)',
      },
    ]);
  });

  it('offers refresh on an ApplicationSet unless one is pending', () => {
    expect(availableActions(obj('argoproj.io/v1alpha1', 'ApplicationSet'))).toEqual([
      { action: 'refresh', enabled: true },
    ]);
    const pending = obj(
      'argoproj.io/v1alpha1',
      'ApplicationSet',
      {},
      { 'argocd.argoproj.io/application-set-refresh': 'true' },
    );
    expect(availableActions(pending)).toEqual([
      { action: 'refresh', enabled: false, reason: 'a refresh is already pending' },
    ]);
  });

  it('offers nothing for AppProject, ExternalArtifact, other kinds and malformed input', () => {
    for (const input of [
      obj('argoproj.io/v1alpha1', 'AppProject'),
      obj('source.toolkit.fluxcd.io/v1', 'ExternalArtifact'),
      obj('apps/v1', 'Deployment'),
      obj('example.com/v1', 'Kustomization'),
      null,
      'Kustomization',
      { kind: 'Kustomization' },
    ]) {
      expect(availableActions(input)).toEqual([]);
    }
  });

  it('disables everything in read-only mode', () => {
    expect(availableActions(obj('argoproj.io/v1alpha1', 'Application'), { readOnly: true })).toEqual([
      { action: 'refresh', enabled: false, reason: 'read-only mode' },
      { action: 'sync', enabled: false, reason: 'read-only mode' },
    ]);
    expect(
      availableActions(obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization'), { readOnly: true }).every(
        (a) => !a.enabled && a.reason === 'read-only mode',
      ),
    ).toBe(true);
  });

  it('disables actions on an object without a namespace', () => {
    const noNamespace = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a' } };
    expect(applicableActions(noNamespace)).toEqual(['refresh', 'sync']);
    expect(availableActions(noNamespace).every((a) => !a.enabled)).toBe(true);
  });
});
