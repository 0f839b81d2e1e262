import { describe, expect, it } from 'vitest';
import { GITOPS_KINDS } from '../gitops-kinds.ts';
import { makeRef } from '../ref.ts';
import type { ReportObject } from '../report-types.ts';
import { countObjects, isNotReady, objectsOfTool, refNotReady, toolOf } from './not-ready.ts';
import { platformView } from './platform-view.test-support.ts';

describe('not ready', () => {
  const view = platformView();

  it('is the report’s ready flag: a suspended object that fails is not ready, a ready one is', () => {
    const base = {
      ref: makeRef('Kustomization', 'a', 'b'),
      layer: 'flux',
      rootCauses: [],
      blocks: [],
      evidence: [],
    } as const;
    const suspended = (ready: boolean): ReportObject => ({ ...base, state: 'suspended', ready });
    expect(isNotReady(suspended(false))).toBe(true);
    expect(isNotReady(suspended(true))).toBe(false);
    expect(isNotReady(undefined)).toBe(true);
  });

  it('a missing object is not ready', () => {
    expect(refNotReady(view.report, makeRef('AppProject', 'argocd', 'team-c'))).toBe(true);
    expect(refNotReady(view.report, makeRef('HelmRelease', 'flux-system', 'cert-manager'))).toBe(true);
  });

  it('counts each tool the way the report’s summary does: its objects and its controllers', () => {
    for (const tool of ['flux', 'argo'] as const) {
      const objects = objectsOfTool(view, tool);
      expect(countObjects(objects)).toEqual(view.report.summary[tool]);
      expect(objects.some((o) => view.node(o.ref)?.controller !== undefined)).toBe(true);
    }
  });

  it('names the tool of a node, of a controller and of a missing GitOps object', () => {
    expect(toolOf(view, makeRef('StatefulSet', 'argocd', 'argocd-application-controller'))).toBe('argo');
    expect(toolOf(view, makeRef('AppProject', 'argocd', 'team-c'))).toBe('argo');
    for (const kind of GITOPS_KINDS) expect(toolOf(view, makeRef(kind.kind, 'x', 'y'))).toBe(kind.tool);
    expect(toolOf(view, makeRef('ConfigMap', 'x', 'y'))).toBeUndefined();
  });
});
