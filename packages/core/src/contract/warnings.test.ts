/** Contract §5 warnings: reported, never as roots. */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../cluster-model.ts';
import {
  ARTIFACT,
  AT,
  crd,
  fmt,
  gitRepository,
  helmRelease,
  type Json,
  kustomization,
  minutesBefore,
  objectOf,
  ociRepository,
  readyFalse,
  readySucceeded,
  readyTrue,
  rootRefs,
  run,
  stateOf,
  tenantsNeedingCrd,
  warningsOf,
} from './objects.test-support.ts';

const repoRef = { kind: 'GitRepository', name: 'flux-system' };
const sourced = (name: string, o: Parameters<typeof kustomization>[1] = {}) =>
  kustomization(name, { ...o, spec: { sourceRef: repoRef, ...o.spec } });

describe('warning dependency-cycle: dependsOn cycles among ready nodes', () => {
  it('two ready Kustomizations depending on each other are a latent deadlock, not a root', () => {
    const objects = [
      gitRepository('flux-system'),
      sourced('a', { dependsOn: [{ name: 'b' }] }),
      sourced('b', { dependsOn: [{ name: 'a' }] }),
    ];
    const report = run(objects);
    const cycles = warningsOf(report, 'dependency-cycle');
    expect(cycles.length).toBeGreaterThan(0);
    expect(
      cycles
        .map((w) => fmt(w.ref))
        .every((r) => r === 'Kustomization/flux-system/a' || r === 'Kustomization/flux-system/b'),
    ).toBe(true);
    expect(report.rootCauses).toEqual([]);
    expect(stateOf(report, 'Kustomization/flux-system/a')).toBe('ready');
  });

  it('an acyclic dependsOn chain of ready nodes gives no such warning', () => {
    const objects = [
      gitRepository('flux-system'),
      sourced('a', { dependsOn: [{ name: 'b' }] }),
      sourced('b'),
    ];
    expect(warningsOf(run(objects), 'dependency-cycle')).toEqual([]);
  });

  it('a HelmRelease dependsOn cycle is caught too', () => {
    const hr = (name: string, dep: string) =>
      helmRelease(name, {
        namespace: 'apps',
        dependsOn: [{ name: dep }],
        spec: { chartRef: { kind: 'OCIRepository', name: 'charts' } },
      });
    const report = run([ociRepository('charts', { namespace: 'apps' }), hr('x', 'y'), hr('y', 'x')]);
    expect(warningsOf(report, 'dependency-cycle').length).toBeGreaterThan(0);
    expect(report.rootCauses).toEqual([]);
  });
});

describe('warning missing-reference: edges from ready nodes to missing objects', () => {
  it('a ready Kustomization whose source is gone', () => {
    const report = run([sourced('apps')]);
    const warnings = warningsOf(report, 'missing-reference');
    expect(warnings).toHaveLength(1);
    expect(['Kustomization/flux-system/apps', 'GitRepository/flux-system/flux-system']).toContain(
      fmt(warnings[0]!.ref),
    );
    expect(warnings[0]!.message).toContain('flux-system');
    expect(report.rootCauses).toEqual([]);
  });

  it('a ready Kustomization whose dependsOn target is gone', () => {
    const report = run([gitRepository('flux-system'), sourced('apps', { dependsOn: [{ name: 'deleted' }] })]);
    const warnings = warningsOf(report, 'missing-reference');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('deleted');
    expect(rootRefs(report)).toEqual([]);
  });

  it('a not-ready node’s missing target is a root, not a warning', () => {
    const report = run([
      gitRepository('flux-system'),
      sourced('apps', {
        dependsOn: [{ name: 'deleted' }],
        conditions: [readyFalse('DependencyNotReady', "dependency 'flux-system/deleted' not found")],
      }),
    ]);
    expect(rootRefs(report)).toEqual(['Kustomization/flux-system/deleted']);
    expect(warningsOf(report, 'missing-reference')).toEqual([]);
  });

  it('nothing missing → no warning', () => {
    expect(run([gitRepository('flux-system'), sourced('apps')]).warnings).toEqual([]);
  });

  it('a ready ResourceSet depending on an object of another kind warns only when that object is absent', () => {
    const rset = tenantsNeedingCrd('certificates.cert-manager.io', [
      readySucceeded('Reconciliation finished'),
    ]);
    const absent = warningsOf(run([rset]), 'missing-reference');
    expect(absent.map((w) => w.message)).toEqual([
      'dependsOn CustomResourceDefinition/certificates.cert-manager.io does not exist',
    ]);
    // The CRD exists: it is no GitOps node, yet it is there (this warned before).
    expect(warningsOf(run([rset, crd('certificates.cert-manager.io')]), 'missing-reference')).toEqual([]);
  });

  it('follows that object as it comes and goes, in the incremental model', () => {
    const rset = tenantsNeedingCrd('widgets.example.com', [readySucceeded('Reconciliation finished')]);
    const model = new ClusterModel({ at: AT });
    model.upsert(rset);
    expect(model.report().warnings.filter((w) => w.type === 'missing-reference')).toHaveLength(1);
    model.upsert(crd('widgets.example.com'));
    expect(model.report().warnings.filter((w) => w.type === 'missing-reference')).toEqual([]);
    model.remove(crd('widgets.example.com'));
    expect(model.report().warnings.filter((w) => w.type === 'missing-reference')).toHaveLength(1);
  });
});

describe('warning stale-source: a failing source still serving an older artifact to ready consumers', () => {
  const staleRepo = (artifact: boolean) =>
    gitRepository('flux-system', {
      conditions: [
        readyFalse(
          'GitOperationFailed',
          "failed to checkout and determine revision: unable to list remote for 'ssh://git@git.example.com/gitops/k8s-configs': ssh: handshake failed: ssh: unable to authenticate",
        ),
      ],
      status: artifact ? { artifact: ARTIFACT } : {},
    });

  it('is warned; the consumer stays ready and is not impacted (S5)', () => {
    const report = run([staleRepo(true), sourced('apps')]);
    const warnings = warningsOf(report, 'stale-source');
    expect(warnings).toHaveLength(1);
    expect(['GitRepository/flux-system/flux-system', 'Kustomization/flux-system/apps']).toContain(
      fmt(warnings[0]!.ref),
    );
    expect(stateOf(report, 'Kustomization/flux-system/apps')).toBe('ready');
    expect(objectOf(report, 'Kustomization/flux-system/apps').rootCauses).toEqual([]);
    // The failing source itself is a root with nothing impacted.
    expect(report.rootCauses.map((r) => [fmt(r.ref), r.impacted.length])).toEqual([
      ['GitRepository/flux-system/flux-system', 0],
    ]);
  });

  it('not when the failing source has no artifact', () => {
    expect(warningsOf(run([staleRepo(false), sourced('apps')]), 'stale-source')).toEqual([]);
  });

  it('not when the consumers are not ready (then the source is their root)', () => {
    const consumer = sourced('apps', {
      conditions: [readyFalse('ArtifactFailed', 'Source is not ready, artifact not found, retrying in 30s')],
    });
    const report = run([staleRepo(true), consumer]);
    expect(warningsOf(report, 'stale-source')).toEqual([]);
    expect(objectOf(report, 'Kustomization/flux-system/apps').rootCauses.map(fmt)).toEqual([
      'GitRepository/flux-system/flux-system',
    ]);
  });

  it('not when the source is ready', () => {
    expect(warningsOf(run([gitRepository('flux-system'), sourced('apps')]), 'stale-source')).toEqual([]);
  });
});

describe('warning stale-generation: observedGeneration < generation for more than 10 minutes', () => {
  const lagging = (o: { kind: 'ks' | 'hr'; readyAgo: number; ready?: 'True' | 'False' }): Json => {
    const condition =
      o.ready === 'False'
        ? readyFalse('ArtifactFailed', 'kustomization path not found', minutesBefore(o.readyAgo))
        : { ...readyTrue(), lastTransitionTime: minutesBefore(o.readyAgo) };
    const options = { generation: 3, observedGeneration: 2, conditions: [condition] };
    return o.kind === 'ks'
      ? sourced('apps', options)
      : helmRelease('apps', { ...options, spec: { chartRef: { kind: 'OCIRepository', name: 'charts' } } });
  };
  const base = [gitRepository('flux-system'), ociRepository('charts')];

  it('a HelmRelease whose Ready last changed 30 minutes ago', () => {
    const warnings = warningsOf(run([...base, lagging({ kind: 'hr', readyAgo: 30 })]), 'stale-generation');
    expect(warnings.map((w) => fmt(w.ref))).toEqual(['HelmRelease/flux-system/apps']);
  });

  it('a Kustomization that is not failing', () => {
    const warnings = warningsOf(run([...base, lagging({ kind: 'ks', readyAgo: 30 })]), 'stale-generation');
    expect(warnings.map((w) => fmt(w.ref))).toEqual(['Kustomization/flux-system/apps']);
  });

  it('not within 10 minutes', () => {
    expect(warningsOf(run([...base, lagging({ kind: 'hr', readyAgo: 5 })]), 'stale-generation')).toEqual([]);
  });

  it('not for a failing Kustomization (kustomize-controller advances observedGeneration only on success, K9)', () => {
    expect(
      warningsOf(run([...base, lagging({ kind: 'ks', readyAgo: 30, ready: 'False' })]), 'stale-generation'),
    ).toEqual([]);
  });

  it('(v3) nor for a failing object of any Flux kind (observedGeneration moves only on success or stall)', () => {
    const hr = helmRelease('apps', {
      generation: 3,
      observedGeneration: 2,
      spec: { chartRef: { kind: 'OCIRepository', name: 'charts' } },
      conditions: [readyFalse('UpgradeFailed', 'upgrade retries exhausted', minutesBefore(30))],
    });
    // source-controller leaves observedGeneration -1 on an unreachable GitRepository.
    const repo = gitRepository('unreachable', {
      generation: 2,
      observedGeneration: -1,
      conditions: [
        readyFalse('GitOperationFailed', 'failed to checkout and determine revision', minutesBefore(30)),
      ],
    });
    const report = run([...base, hr, repo]);
    expect(warningsOf(report, 'stale-generation')).toEqual([]);
  });

  it('is a warning only: it does not add roots or impacted nodes', () => {
    const report = run([
      ...base,
      lagging({ kind: 'hr', readyAgo: 30 }),
      helmRelease('web', {
        dependsOn: [{ name: 'apps' }],
        spec: { chartRef: { kind: 'OCIRepository', name: 'charts' } },
      }),
    ]);
    expect(objectOf(report, 'HelmRelease/flux-system/web').rootCauses).toEqual([]);
  });
});
