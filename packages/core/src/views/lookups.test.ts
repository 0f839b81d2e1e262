import { describe, expect, it } from 'vitest';
import { makeRef } from '../ref.ts';
import { indexObjects, objectIndex, podsUnder, reportObjectOf, rootCauseOf } from './lookups.ts';
import { platformView } from './platform-view.test-support.ts';

describe('lookups', () => {
  const view = platformView();

  it('finds every report object by its ref, and nothing for an absent one', () => {
    for (const object of view.report.objects) expect(reportObjectOf(view.report, object.ref)).toBe(object);
    expect(reportObjectOf(view.report, makeRef('HelmRelease', 'flux-system', 'nope'))).toBeUndefined();
    expect(reportObjectOf(view.report, makeRef('AppProject', 'argocd', 'team-c'))).toBeUndefined();
    // Before the first and after the last in ref order.
    expect(reportObjectOf(view.report, makeRef('AAA', undefined, 'x'))).toBeUndefined();
    expect(reportObjectOf(view.report, makeRef('zzz', undefined, 'x'))).toBeUndefined();
  });

  it('finds a root cause by its ref, a missing root too', () => {
    const root = rootCauseOf(view.report, makeRef('AppProject', 'argocd', 'team-c'));
    expect(root?.state).toBe('missing');
    expect(rootCauseOf(view.report, makeRef('HelmRelease', 'flux-system', 'trust-manager'))).toBeUndefined();
  });

  it('finds held objects by ref and the objects a controller owns', () => {
    const deployment = makeRef('Deployment', 'cert-manager', 'cert-manager-webhook');
    const index = objectIndex(view);
    expect(index.object(deployment)).toMatchObject({ kind: 'Deployment' });
    const replicaSets = index.controlledBy(deployment);
    expect(replicaSets.map((r) => r.kind)).toEqual(['ReplicaSet']);
    expect(index.controlledBy(replicaSets[0]!).map((r) => r.kind)).toContain('Pod');
    expect(objectIndex(view)).toBe(index);
  });

  it('finds the Pods under a workload, three controller levels down, and a Pod itself', () => {
    const index = objectIndex(view);
    const pods = podsUnder(index, makeRef('Deployment', 'cert-manager', 'cert-manager-webhook'));
    expect(pods).toHaveLength(1);
    expect(pods[0]?.name).toMatch(/^cert-manager-webhook-/);
    expect(podsUnder(index, pods[0]!)).toEqual(pods);
    expect(podsUnder(indexObjects([]), pods[0]!)).toEqual([]);
    expect(podsUnder(index, makeRef('Deployment', 'other', 'cert-manager-webhook'))).toEqual([]);
  });
});
