/** Contract §6: the report's JSON shape, sorting and summary. */
import { describe, expect, it } from 'vitest';
import { compareRefs } from '../ref.ts';
import {
  AT,
  application,
  appProject,
  argoController,
  configMap,
  crdDependency,
  deployment,
  failingFlux,
  fluxController,
  gitRepository,
  helmRelease,
  type Json,
  ksLabels,
  kustomization,
  objectOf,
  pod,
  readyFalse,
  resourceSet,
  run,
} from './objects.test-support.ts';

function cluster(): Json[] {
  return [
    kustomization('zeta', { namespace: 'b' }),
    kustomization('alpha', {
      namespace: 'b',
      dependsOn: [{ name: 'zeta-missing' }],
      conditions: [readyFalse('DependencyNotReady', "dependency 'b/zeta-missing' not found")],
    }),
    failingFlux(kustomization, 'Alpha', 'BuildFailed', 'kustomize build failed', 'a'),
    helmRelease('web', { namespace: 'a', labels: ksLabels('Alpha', 'a'), suspend: true }),
    gitRepository('flux-system'),
    application('shop', { health: 'Degraded' }),
    appProject('default'),
    fluxController('kustomize-controller'),
    argoController('repo-server', { ready: false }),
    configMap('settings', 'a'),
    pod('web-abc', 'a'),
    deployment('web', 'a'),
  ];
}

/** The report of `cluster()`, which the tests below only read. */
const clusterReport = run(cluster());

describe('§6 report envelope', () => {
  it('apiVersion strata/v1, kind Report, at echoed', () => {
    const report = run(cluster(), '2026-11-22T10:00:00Z');
    expect(report.apiVersion).toBe('strata/v1');
    expect(report.kind).toBe('Report');
    expect(report.at).toBe(AT);
    expect(Object.keys(report).sort()).toEqual([
      'apiVersion',
      'at',
      'conflicts',
      'kind',
      'objects',
      'rootCauses',
      'summary',
      'warnings',
    ]);
  });

  it('is plain JSON (survives a JSON round trip unchanged)', () => {
    expect(JSON.parse(JSON.stringify(clusterReport))).toStrictEqual(clusterReport);
  });

  it('an empty input gives an empty report', () => {
    const report = run([]);
    const zero = { total: 0, ready: 0, notReady: 0, suspended: 0 };
    expect(report.summary).toEqual({ flux: zero, argo: zero });
    expect([report.rootCauses, report.objects, report.conflicts, report.warnings]).toEqual([[], [], [], []]);
  });

  it('junk input is tolerated, never fatal', () => {
    const junk: unknown[] = [
      null,
      42,
      'x',
      [],
      {},
      { kind: 'Kustomization' },
      { metadata: { name: 'x' } },
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w', namespace: 'a' },
        status: 'weird',
      },
    ];
    const weird = kustomization('weird');
    weird.status = { conditions: 'not-a-list', observedGeneration: 'x' };
    const weirder = application('weirder');
    weirder.status = { health: 7, sync: null, resources: {}, conditions: [null, 1] };
    expect(() => run([...junk, weird, weirder, ...cluster()])).not.toThrow();
    const report = run([...junk, weird, weirder]);
    expect(report.objects.map((o) => `${o.ref.kind}/${o.ref.name}`)).toEqual([
      'Application/weirder',
      'Kustomization/weird',
    ]);
  });
});

describe('§6 objects', () => {
  it('lists every GitOps node and every visible controller, nothing else, sorted by ref', () => {
    const refs = clusterReport.objects.map((o) => o.ref);
    expect(refs).toEqual([...refs].sort(compareRefs));
    expect(refs.map((r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`)).toEqual([
      'AppProject/argocd/default',
      'Application/argocd/shop',
      'Deployment/argocd/argocd-repo-server',
      'Deployment/flux-system/kustomize-controller',
      'GitRepository/flux-system/flux-system',
      'HelmRelease/a/web',
      'Kustomization/a/Alpha',
      'Kustomization/b/alpha',
      'Kustomization/b/zeta',
    ]);
  });

  it('a missing object appears only as a root', () => {
    expect(clusterReport.objects.some((o) => o.ref.name === 'zeta-missing')).toBe(false);
    expect(clusterReport.rootCauses.find((r) => r.ref.name === 'zeta-missing')?.state).toBe('missing');
  });

  it('rootCauses of a ready node is empty; of a not-ready node its roots’ refs', () => {
    expect(objectOf(clusterReport, 'Kustomization/b/zeta').rootCauses).toEqual([]);
    expect(objectOf(clusterReport, 'Kustomization/b/alpha').rootCauses).toEqual([
      { kind: 'Kustomization', namespace: 'b', name: 'zeta-missing' },
    ]);
  });

  it('each object carries its layer', () => {
    expect(objectOf(clusterReport, 'HelmRelease/a/web').layer).toBe('flux');
    expect(objectOf(clusterReport, 'Kustomization/a/Alpha').layer).toBe('unmanaged');
  });

  it('refs of cluster-scoped objects omit namespace', () => {
    const rset = resourceSet('crds', {
      dependsOn: [crdDependency('widgets.example.com')],
      conditions: [
        readyFalse(
          'DependencyNotReady',
          'dependency apiextensions.k8s.io/v1/CustomResourceDefinition/widgets.example.com not found',
        ),
      ],
    });
    const root = run([rset]).rootCauses.find((r) => r.ref.kind === 'CustomResourceDefinition');
    expect(root?.ref).toStrictEqual({ kind: 'CustomResourceDefinition', name: 'widgets.example.com' });
  });
});

describe('§6 summary', () => {
  it('counts nodes per tool; controllers count in their tool; notReady = readiness not ready; suspended counted apart', () => {
    // flux: zeta, alpha, Alpha, web (suspended, ready), flux-system repo, kustomize-controller
    expect(clusterReport.summary.flux).toEqual({ total: 6, ready: 4, notReady: 2, suspended: 1 });
    // argo: shop (Degraded), default project, repo-server (down)
    expect(clusterReport.summary.argo).toEqual({ total: 3, ready: 1, notReady: 2, suspended: 0 });
  });
});

describe('§6 root causes and sorting', () => {
  it('impacted and members are sorted by ref', () => {
    const dep = (name: string, ns: string) =>
      kustomization(name, {
        namespace: ns,
        dependsOn: [{ name: 'root', namespace: 'm' }],
        conditions: [readyFalse('DependencyNotReady', "dependency 'm/root' is not ready")],
      });
    const report = run([
      failingFlux(kustomization, 'root', 'BuildFailed', 'x', 'm'),
      dep('b', 'z'),
      dep('a', 'z'),
      dep('c', 'a'),
      dep('B', 'z'),
    ]);
    const impacted = report.rootCauses[0]!.impacted;
    expect(impacted).toEqual([...impacted].sort(compareRefs));
    expect(impacted.map((r) => `${r.namespace}/${r.name}`)).toEqual(['a/c', 'z/B', 'z/a', 'z/b']);
  });

  it('every root cause has members, impacted and evidence arrays', () => {
    for (const root of clusterReport.rootCauses) {
      expect(Array.isArray(root.members)).toBe(true);
      expect(Array.isArray(root.impacted)).toBe(true);
      expect(Array.isArray(root.evidence)).toBe(true);
    }
  });

  it('every not-ready object has at least one root, and each of its roots lists it as impacted (unless it is the root)', () => {
    for (const object of clusterReport.objects) {
      const notReady =
        object.state !== 'ready' && !(object.state === 'suspended' && object.rootCauses.length === 0);
      if (!notReady) continue;
      expect(object.rootCauses.length).toBeGreaterThan(0);
      for (const rootRef of object.rootCauses) {
        const root = clusterReport.rootCauses.find((r) => compareRefs(r.ref, rootRef) === 0);
        expect(root).toBeDefined();
        const self =
          compareRefs(rootRef, object.ref) === 0 ||
          root!.members.some((m) => compareRefs(m, object.ref) === 0);
        if (!self) expect(root!.impacted).toContainEqual(object.ref);
      }
    }
  });
});
