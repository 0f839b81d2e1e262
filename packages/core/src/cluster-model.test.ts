import { describe, expect, it } from 'vitest';
import { ClusterModel } from './cluster-model.ts';
import { diagnose } from './diagnose.ts';

const AT = '2026-11-22T10:00:00Z';

function helmRelease(
  name: string,
  ready: { status: string; reason: string; message: string },
  dependsOn: string[] = [],
) {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace: 'flux-system', generation: 1 },
    spec: { dependsOn: dependsOn.map((d) => ({ name: d })) },
    status: { observedGeneration: 1, conditions: [{ type: 'Ready', ...ready }] },
  };
}

const failing = (message: string) => ({ status: 'False', reason: 'InstallFailed', message });
const blocked = {
  status: 'False',
  reason: 'DependencyNotReady',
  message: "dependency 'flux-system/cert-manager' is not ready",
};

describe('ClusterModel reports kept across changes', () => {
  it('shows a root’s new message though its roots and blast radius stay the same', () => {
    const model = new ClusterModel({ at: AT });
    model.upsert(helmRelease('cert-manager', failing('timeout waiting for webhook')));
    model.upsert(helmRelease('ingress', blocked, ['cert-manager']));
    expect(model.report().rootCauses.map((r) => r.message)).toEqual(['timeout waiting for webhook']);
    model.upsert(helmRelease('cert-manager', failing('chart not found')));
    const report = model.report();
    expect(report.rootCauses.map((r) => [r.message, r.impacted.length])).toEqual([['chart not found', 1]]);
    expect(report).toEqual(diagnose([...model.allObjects()], { at: AT }));
  });

  it('grows and shrinks a blast radius as dependents come and go', () => {
    const model = new ClusterModel({ at: AT });
    model.upsert(helmRelease('cert-manager', failing('timeout')));
    expect(model.report().rootCauses[0]?.impacted).toEqual([]);
    model.upsert(helmRelease('ingress', blocked, ['cert-manager']));
    model.upsert(helmRelease('dns', blocked, ['cert-manager']));
    expect(model.report().rootCauses[0]?.impacted.map((r) => r.name)).toEqual(['dns', 'ingress']);
    model.remove(helmRelease('dns', blocked));
    const report = model.report();
    expect(report.rootCauses[0]?.impacted.map((r) => r.name)).toEqual(['ingress']);
    expect(report).toEqual(diagnose([...model.allObjects()], { at: AT }));
  });

  it('drops a root cause once its node is ready', () => {
    const model = new ClusterModel({ at: AT });
    model.upsert(helmRelease('cert-manager', failing('timeout')));
    expect(model.report().rootCauses).toHaveLength(1);
    model.upsert(helmRelease('cert-manager', { status: 'True', reason: 'InstallSucceeded', message: 'ok' }));
    expect(model.report().rootCauses).toEqual([]);
  });

  it('takes a new resourceVersion as a change, and compares objects of the same version in full', () => {
    const model = new ClusterModel({ at: AT });
    const withVersion = (version: string, ready: Parameters<typeof helmRelease>[1]) => {
      const release = helmRelease('cert-manager', ready);
      return { ...release, metadata: { ...release.metadata, resourceVersion: version } };
    };
    model.upsert(withVersion('1', failing('timeout')));
    model.upsert(withVersion('2', { status: 'True', reason: 'InstallSucceeded', message: 'ok' }));
    expect(model.report().rootCauses).toEqual([]);
    // A file may hold an edited copy under the same version: it is compared, and it wins.
    model.upsert(withVersion('2', failing('edited by hand')));
    expect(model.report().rootCauses.map((r) => r.message)).toEqual(['edited by hand']);
  });
});
