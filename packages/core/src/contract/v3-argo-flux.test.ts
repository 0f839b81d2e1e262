/**
 * Contract v3: Argo CD → Flux (E8, R9), claims by absent Applications (§4 rule 4), progressing
 * nodes held back by what they wait on (R10), `since` of a progressing root, and the report's
 * `ready` and `blocks` (§6).
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../index.ts';
import type { Report } from '../report-types.ts';
import {
  AT,
  application,
  appProject,
  argocdCm,
  chartSpec,
  cond,
  configMap,
  deployment,
  failingFlux,
  findObject,
  fluxInstance,
  fmt,
  gitRepository,
  helmChart,
  helmRelease,
  helmRepository,
  type Json,
  kustomization,
  minutesBefore,
  objectOf,
  readyFalse,
  readyTrue,
  readyUnknown,
  reconciling,
  ref,
  resourceSet,
  rootCauseOf,
  rootRefs,
  rootsOf,
  run,
  waitingOn,
  warningsOf,
} from './objects.test-support.ts';

const TRACKING = 'argocd.argoproj.io/tracking-id';

/** A Flux object an Argo CD Application applied (tracking id, annotation tracking). */
function trackedBy<T extends Json>(app: string, object: T): T {
  const md = object.metadata as Json;
  const [group] = String(object.apiVersion).split('/');
  const id = `${app}:${group}/${String(object.kind)}:${String(md.namespace)}/${String(md.name)}`;
  return { ...object, metadata: { ...md, annotations: { ...(md.annotations as Json), [TRACKING]: id } } };
}

const INSTALL_FAILED = readyFalse(
  'InstallFailed',
  'Helm install failed for release cache/redis with chart redis@20.1.0: context deadline exceeded',
);

describe('(v3) E8 applies and R9 Argo CD → Flux', () => {
  const platform = application('platform', { health: 'Degraded', healthMessage: 'Degraded' });

  it('E8: an Application → the Flux objects it manages (tracking id)', () => {
    const model = new ClusterModel({ at: AT });
    for (const o of [
      appProject('default'),
      platform,
      trackedBy('platform', helmRelease('redis', { namespace: 'cache' })),
    ])
      model.upsert(o);
    const edges = model.node(ref('Application/argocd/platform'))!.edges.filter((e) => e.type === 'applies');
    expect(edges.map((e) => fmt(e.ref))).toEqual(['HelmRelease/cache/redis']);
  });

  it('E8: … or listed in its status.resources', () => {
    const app = application('platform', {
      health: 'Degraded',
      resources: [
        {
          group: 'kustomize.toolkit.fluxcd.io',
          kind: 'Kustomization',
          namespace: 'flux-system',
          name: 'apps',
        },
      ],
    });
    const model = new ClusterModel({ at: AT });
    for (const o of [appProject('default'), app, kustomization('apps')]) model.upsert(o);
    const edges = model.node(ref('Application/argocd/platform'))!.edges.filter((e) => e.type === 'applies');
    expect(edges.map((e) => fmt(e.ref))).toEqual(['Kustomization/flux-system/apps']);
  });

  it('R9: a Degraded Application applying a failing HelmRelease is explained by it; the HelmRelease is the root', () => {
    const report = run([
      appProject('default'),
      platform,
      trackedBy('platform', helmRelease('redis', { namespace: 'cache', conditions: [INSTALL_FAILED] })),
    ]);
    expect(rootsOf(report, 'Application/argocd/platform')).toEqual(['HelmRelease/cache/redis']);
    expect(rootRefs(report)).toEqual(['HelmRelease/cache/redis']);
    expect(rootCauseOf(report, 'HelmRelease/cache/redis').impacted.map(fmt)).toEqual([
      'Application/argocd/platform',
    ]);
  });

  it('R9 follows the Flux object to what blocks it', () => {
    const report = run([
      appProject('default'),
      application('platform', { health: 'Progressing' }),
      trackedBy('platform', waitingOn('apps', 'infra')),
      failingFlux(kustomization, 'infra', 'BuildFailed', 'kustomize build failed: no such file'),
    ]);
    expect(rootsOf(report, 'Application/argocd/platform')).toEqual(['Kustomization/flux-system/infra']);
  });

  it('R9 does not apply to Flux objects that are ready: the Application is its own root', () => {
    const report = run([
      appProject('default'),
      platform,
      trackedBy('platform', helmRelease('redis', { namespace: 'cache' })),
    ]);
    expect(rootsOf(report, 'Application/argocd/platform')).toEqual(['Application/argocd/platform']);
  });

  it('kinds Argo CD has no health check for (FluxInstance, ResourceSet) never explain an Application', () => {
    const report = run([
      appProject('default'),
      platform,
      trackedBy('platform', failingFlux(fluxInstance, 'flux', 'ReconciliationFailed', 'failed to apply')),
      trackedBy('platform', failingFlux(resourceSet, 'tenants', 'ReconciliationFailed', 'failed to apply')),
    ]);
    expect(rootsOf(report, 'Application/argocd/platform')).toEqual(['Application/argocd/platform']);
  });

  it('the E8 edge follows a Flux object that starts being tracked later (incremental)', () => {
    const model = new ClusterModel({ at: AT });
    model.upsert(appProject('default'));
    model.upsert(platform);
    model.upsert(helmRelease('redis', { namespace: 'cache', conditions: [INSTALL_FAILED] }));
    expect(findObject(model.report(), 'Application/argocd/platform')?.rootCauses.map(fmt)).toEqual([
      'Application/argocd/platform',
    ]);
    model.upsert(
      trackedBy('platform', helmRelease('redis', { namespace: 'cache', conditions: [INSTALL_FAILED] })),
    );
    expect(model.report()).toEqual(
      run([
        appProject('default'),
        platform,
        trackedBy('platform', helmRelease('redis', { namespace: 'cache', conditions: [INSTALL_FAILED] })),
      ]),
    );
  });
});

describe('(v3) §4 rule 4: claims by absent Applications are no managers', () => {
  /** The ConfigMap `cache/redis-config`, claimed by the Application `app` through a tracking id. */
  const redisConfigClaimedBy = (app: string) =>
    configMap('redis-config', 'cache', {
      annotations: { [TRACKING]: `${app}:/ConfigMap:cache/redis-config` },
    });
  /** The Applications an orphaned-tracking warning names. */
  const orphanedClaims = (report: Report) => warningsOf(report, 'orphaned-tracking').map((w) => fmt(w.ref));

  it('a tracking id naming an Application that is not in the input: no manager, no conflict, one orphaned-tracking warning', () => {
    const objects = [
      kustomization('apps', { inventory: ['cache_redis-config__ConfigMap', 'cache_redis-env__ConfigMap'] }),
      redisConfigClaimedBy('argocd'),
      configMap('redis-env', 'cache', { annotations: { [TRACKING]: 'argocd:/ConfigMap:cache/redis-env' } }),
    ];
    const report = run(objects);
    expect(report.conflicts).toEqual([]);
    const warnings = warningsOf(report, 'orphaned-tracking');
    expect(warnings.map((w) => fmt(w.ref))).toEqual(['Application/argocd/argocd']);
    expect(warnings[0]!.message).toContain('2');
    expect(warnings[0]!.message).toContain('ConfigMap/cache/redis-config');
    const model = new ClusterModel({ at: AT });
    for (const o of objects) model.upsert(o);
    expect(model.ownership(objects[1])!.managers.map((m) => m.type)).toEqual(['Kustomization']);
    expect(model.ownership(objects[1])!.layer).toBe('flux');
  });

  it('Helm’s instance label under label tracking naming an absent Application is no manager either', () => {
    const objects = [
      argocdCm({ 'application.resourceTrackingMethod': 'label' }),
      helmRelease('redis', { namespace: 'cache' }),
      configMap('redis-config', 'cache', {
        labels: {
          'app.kubernetes.io/instance': 'redis',
          'helm.toolkit.fluxcd.io/name': 'redis',
          'helm.toolkit.fluxcd.io/namespace': 'cache',
        },
      }),
    ];
    const report = run(objects);
    expect(report.conflicts).toEqual([]);
    expect(orphanedClaims(report)).toEqual(['Application/argocd/redis']);
  });

  it('the claim becomes a manager once the Application appears, and the warning goes (incremental)', () => {
    const cm = redisConfigClaimedBy('cache');
    const model = new ClusterModel({ at: AT });
    model.upsert(cm);
    expect(model.ownership(cm)!.layer).toBe('unmanaged');
    model.upsert(application('cache'));
    expect(model.ownership(cm)!.layer).toBe('argo');
    expect(warningsOf(model.report(), 'orphaned-tracking')).toEqual([]);
    model.remove(application('cache'));
    expect(model.ownership(cm)!.layer).toBe('unmanaged');
    expect(orphanedClaims(model.report())).toEqual(['Application/argocd/cache']);
  });

  it('a claim by an Application in a namespace whose Applications are hidden from the reader still counts', () => {
    const cm = redisConfigClaimedBy('argocd');
    const model = new ClusterModel({ at: AT });
    model.upsert(cm);
    model.setHiddenApplications(['argocd']);
    expect(model.ownership(cm)!.layer).toBe('argo');
    expect(warningsOf(model.report(), 'orphaned-tracking')).toEqual([]);
    model.setHiddenApplications([]);
    expect(model.ownership(cm)!.layer).toBe('unmanaged');
    expect(warningsOf(model.report(), 'orphaned-tracking')).toHaveLength(1);
  });

  it('the claim of a present Application still counts (a real flux-and-argo conflict)', () => {
    const report = run([
      kustomization('apps', { inventory: ['cache_redis-config__ConfigMap'] }),
      application('argocd'),
      redisConfigClaimedBy('argocd'),
    ]);
    expect(report.conflicts.map((c) => c.type)).toEqual(['flux-and-argo']);
    expect(warningsOf(report, 'orphaned-tracking')).toEqual([]);
  });
});

describe('(v3) R10 progressing behind a failure', () => {
  const FULFILLING = [
    readyUnknown('Fulfilling prerequisites', 'Progressing'),
    reconciling('Fulfilling prerequisites', 'Progressing'),
  ];

  it('a progressing HelmRelease behind a failing dependency is explained by it: the root list does not flap', () => {
    const report = run([
      helmRelease('cert-manager', { conditions: [INSTALL_FAILED] }),
      helmRelease('trust-manager', { dependsOn: [{ name: 'cert-manager' }], conditions: FULFILLING }),
    ]);
    expect(rootsOf(report, 'HelmRelease/flux-system/trust-manager')).toEqual([
      'HelmRelease/flux-system/cert-manager',
    ]);
    expect(rootRefs(report)).toEqual(['HelmRelease/flux-system/cert-manager']);
  });

  it('… behind a missing dependency', () => {
    const report = run([
      helmRelease('trust-manager', { dependsOn: [{ name: 'cert-manager' }], conditions: FULFILLING }),
    ]);
    expect(rootsOf(report, 'HelmRelease/flux-system/trust-manager')).toEqual([
      'HelmRelease/flux-system/cert-manager',
    ]);
  });

  it('… behind a failing source (E2)', () => {
    const report = run([
      failingFlux(helmRepository, 'charts', 'Failed', 'failed to fetch Helm repository index: 404 Not Found'),
      helmChart('flux-system-web', {
        spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
        conditions: FULFILLING,
      }),
    ]);
    expect(rootsOf(report, 'HelmChart/flux-system/flux-system-web')).toEqual([
      'HelmRepository/flux-system/charts',
    ]);
  });

  it('a progressing node whose dependencies and sources are ready is its own root', () => {
    const report = run([
      gitRepository('flux-system'),
      kustomization('apps', {
        spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
        conditions: FULFILLING,
      }),
    ]);
    expect(rootsOf(report, 'Kustomization/flux-system/apps')).toEqual(['Kustomization/flux-system/apps']);
  });

  it('a failing node is not R10’s: a failing HelmRelease with a failing source but its own reason stays its own root', () => {
    const report = run([
      failingFlux(helmRepository, 'charts', 'Failed', 'index 404'),
      helmRelease('web', { spec: chartSpec('web', 'charts'), conditions: [INSTALL_FAILED] }),
      helmChart('flux-system-web', {
        spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts' } },
      }),
    ]);
    expect(rootsOf(report, 'HelmRelease/flux-system/web')).toEqual(['HelmRelease/flux-system/web']);
  });

  it('an ImageUpdateAutomation’s not-ready GitRepository does not hold it back (only its absence does)', () => {
    const report = run([
      failingFlux(gitRepository, 'fleet', 'GitOperationFailed', 'unable to clone'),
      {
        apiVersion: 'image.toolkit.fluxcd.io/v1',
        kind: 'ImageUpdateAutomation',
        metadata: { name: 'apps', namespace: 'flux-system', generation: 1 },
        spec: { sourceRef: { kind: 'GitRepository', name: 'fleet' } },
        status: { conditions: FULFILLING },
      },
    ]);
    expect(rootsOf(report, 'ImageUpdateAutomation/flux-system/apps')).toEqual([
      'ImageUpdateAutomation/flux-system/apps',
    ]);
  });
});

describe('(v3) §5 since of a progressing root', () => {
  it('Ready=True with Reconciling=True (a new generation): the Reconciling condition’s time, never the last Ready=True time', () => {
    const ks = kustomization('apps', {
      generation: 2,
      observedGeneration: 1,
      conditions: [
        cond(
          'Ready',
          'True',
          'ReconciliationSucceeded',
          'Applied revision: main@sha1:1',
          minutesBefore(60 * 24 * 6),
        ),
        cond(
          'Reconciling',
          'True',
          'Progressing',
          'Running health checks with a timeout of 5m',
          minutesBefore(3),
        ),
      ],
    });
    const root = rootCauseOf(run([ks]), 'Kustomization/flux-system/apps');
    expect(root.state).toBe('progressing');
    expect(root.since).toBe(minutesBefore(3));
  });

  it('absent when unknown: a lagging generation with Ready=True and no Reconciling condition', () => {
    const ks = kustomization('apps', {
      generation: 2,
      observedGeneration: 1,
      conditions: [
        cond('Ready', 'True', 'ReconciliationSucceeded', 'Applied revision', minutesBefore(60 * 24 * 6)),
      ],
    });
    expect(rootCauseOf(run([ks]), 'Kustomization/flux-system/apps').since).toBeUndefined();
  });
});

describe('(v3) §6 ready and blocks in every report entry', () => {
  const chain = [
    failingFlux(kustomization, 'infra', 'BuildFailed', 'kustomize build failed'),
    waitingOn('apps', 'infra'),
    waitingOn('tenants', 'apps'),
    waitingOn('monitoring', 'infra'),
  ];

  it('blocks lists the direct dependents in the explanation graph, sorted', () => {
    const report = run(chain);
    expect(objectOf(report, 'Kustomization/flux-system/infra').blocks.map(fmt)).toEqual([
      'Kustomization/flux-system/apps',
      'Kustomization/flux-system/monitoring',
    ]);
    expect(objectOf(report, 'Kustomization/flux-system/apps').blocks.map(fmt)).toEqual([
      'Kustomization/flux-system/tenants',
    ]);
    expect(objectOf(report, 'Kustomization/flux-system/tenants').blocks).toEqual([]);
  });

  it('blocks agree with impacted: following blocks from a root reaches exactly its impacted nodes', () => {
    const report = run(chain);
    const reached = new Set<string>();
    const stack = ['Kustomization/flux-system/infra'];
    while (stack.length > 0) {
      for (const next of objectOf(report, stack.pop()!).blocks.map(fmt)) {
        if (!reached.has(next)) stack.push(next);
        reached.add(next);
      }
    }
    expect([...reached].sort()).toEqual(
      rootCauseOf(report, 'Kustomization/flux-system/infra').impacted.map(fmt),
    );
  });

  it('blocks follow a recovery (incremental)', () => {
    const model = new ClusterModel({ at: AT });
    for (const o of chain) model.upsert(o);
    expect(findObject(model.report(), 'Kustomization/flux-system/infra')?.blocks).toHaveLength(2);
    model.upsert(kustomization('monitoring', { dependsOn: [{ name: 'infra' }], conditions: [readyTrue()] }));
    expect(findObject(model.report(), 'Kustomization/flux-system/infra')?.blocks.map(fmt)).toEqual([
      'Kustomization/flux-system/apps',
    ]);
  });

  it('ready: a suspended object that is failing is not ready, one still Ready=True is; summary.notReady counts ready: false', () => {
    const report = run([
      kustomization('paused-broken', {
        suspend: true,
        conditions: [readyFalse('BuildFailed', 'kustomize build failed')],
      }),
      kustomization('paused-fine', { suspend: true }),
      deployment('kustomize-controller', 'flux-system', {
        labels: { 'app.kubernetes.io/component': 'kustomize-controller' },
      }),
    ]);
    expect(objectOf(report, 'Kustomization/flux-system/paused-broken')).toMatchObject({
      state: 'suspended',
      ready: false,
    });
    expect(objectOf(report, 'Kustomization/flux-system/paused-fine')).toMatchObject({
      state: 'suspended',
      ready: true,
    });
    expect(report.summary.flux.notReady).toBe(report.objects.filter((o) => !o.ready).length);
    expect(report.apiVersion).toBe('strata/v1');
  });
});
