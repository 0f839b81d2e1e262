/** Contract §3: edges E1–E7, observed through the rules and roots they feed. */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../index.ts';
import {
  AT,
  application,
  applicationSet,
  appProject,
  argoCondition,
  argoController,
  argocdCm,
  chartSpec,
  crd,
  failingFlux,
  fluxController,
  fluxInstance,
  gitRepository,
  helmChart,
  helmRelease,
  helmRepository,
  hrLabels,
  type Json,
  ksLabels,
  kustomization,
  LONG_AGO,
  objectOf,
  ociRepository,
  ownedBy,
  readyFalse,
  resourceSet,
  rootCauseOf,
  rootsOf,
  run,
  stateOf,
  tenantsNeedingCrd,
} from './objects.test-support.ts';

const notReadyDependency = (name: string) => [
  readyFalse('DependencyNotReady', `dependency '${name}' is not ready`),
];

describe('E1 dependsOn', () => {
  it('a dependsOn without namespace means the dependent’s own namespace', () => {
    const objects = [
      failingFlux(kustomization, 'infra', 'BuildFailed', 'kustomize build failed: no such file', 'team-a'),
      kustomization('infra', { namespace: 'flux-system' }),
      kustomization('apps', {
        namespace: 'team-a',
        dependsOn: [{ name: 'infra' }],
        conditions: notReadyDependency('team-a/infra'),
      }),
    ];
    expect(rootsOf(run(objects), 'Kustomization/team-a/apps')).toEqual(['Kustomization/team-a/infra']);
  });

  it('an explicit namespace crosses namespaces', () => {
    const objects = [
      failingFlux(kustomization, 'monitoring', 'BuildFailed', 'kustomize build failed', 'rke2-capm3-virt'),
      kustomization('sylva-units-status', {
        namespace: 'sylva-system',
        dependsOn: [{ name: 'monitoring', namespace: 'rke2-capm3-virt' }],
        conditions: notReadyDependency('rke2-capm3-virt/monitoring'),
      }),
    ];
    expect(rootsOf(run(objects), 'Kustomization/sylva-system/sylva-units-status')).toEqual([
      'Kustomization/rke2-capm3-virt/monitoring',
    ]);
  });

  it('a dependsOn names an object of the same kind (a HelmRelease depends on a HelmRelease, not a Kustomization)', () => {
    const objects = [
      failingFlux(kustomization, 'db', 'BuildFailed', 'kustomize build failed', 'shop'),
      helmRelease('api', {
        namespace: 'shop',
        dependsOn: [{ name: 'db' }],
        conditions: [
          readyFalse(
            'DependencyNotReady',
            'unable to get \'shop/db\' dependency: HelmRelease.helm.toolkit.fluxcd.io "db" not found',
          ),
        ],
      }),
    ];
    const report = run(objects);
    expect(rootsOf(report, 'HelmRelease/shop/api')).toEqual(['HelmRelease/shop/db']);
    expect(rootCauseOf(report, 'HelmRelease/shop/db').state).toBe('missing');
  });

  it('ResourceSet dependsOn names any kind by apiVersion/kind/name/namespace, and namespace is not defaulted', () => {
    const rset = tenantsNeedingCrd('certificates.cert-manager.io', [
      readyFalse(
        'DependencyNotReady',
        'dependency apiextensions.k8s.io/v1/CustomResourceDefinition//certificates.cert-manager.io not found',
      ),
    ]);
    const report = run([rset]);
    expect(rootsOf(report, 'ResourceSet/tenants/tenants')).toEqual([
      'CustomResourceDefinition/certificates.cert-manager.io',
    ]);
    const root = rootCauseOf(report, 'CustomResourceDefinition/certificates.cert-manager.io');
    expect(root.state).toBe('missing');
    expect(root.ref).toEqual({ kind: 'CustomResourceDefinition', name: 'certificates.cert-manager.io' });
    expect(run([rset, crd('certificates.cert-manager.io')]).rootCauses.map((r) => r.ref.kind)).toEqual([
      'ResourceSet',
    ]);
  });
});

describe('E2 source', () => {
  it('Kustomization sourceRef without namespace means its own namespace', () => {
    const objects = [
      failingFlux(
        gitRepository,
        'podinfo',
        'GitOperationFailed',
        "failed to checkout and determine revision: unable to clone 'https://git.example.com/podinfo': couldn't find remote ref \"refs/heads/invalid\"",
        'apps',
      ),
      gitRepository('podinfo', { namespace: 'flux-system' }),
      kustomization('podinfo', {
        namespace: 'apps',
        spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' } },
        conditions: [readyFalse('ArtifactFailed', 'Source artifact not found, retrying in 30s')],
      }),
    ];
    expect(rootsOf(run(objects), 'Kustomization/apps/podinfo')).toEqual(['GitRepository/apps/podinfo']);
  });

  it('HelmRelease chartRef → OCIRepository', () => {
    const objects = [
      failingFlux(
        ociRepository,
        'podinfo-chart',
        'OCIOperationFailed',
        "failed to pull artifact from 'oci://ghcr.io/example/podinfo': couldn't find tag \"0.0.1\"",
        'apps',
      ),
      helmRelease('podinfo', {
        namespace: 'apps',
        spec: { chartRef: { kind: 'OCIRepository', name: 'podinfo-chart' } },
        conditions: [
          readyFalse('SourceNotReady', "OCIRepository 'apps/podinfo-chart' is not ready: couldn't find tag"),
        ],
      }),
    ];
    expect(rootsOf(run(objects), 'HelmRelease/apps/podinfo')).toEqual(['OCIRepository/apps/podinfo-chart']);
  });

  it('HelmRelease spec.chart → the generated HelmChart <hr-ns>-<hr-name> in the sourceRef namespace (H4)', () => {
    const objects = [
      helmRepository('hmcts', { namespace: 'flux-system' }),
      helmChart('pact-broker-pact-broker', {
        namespace: 'flux-system',
        spec: { sourceRef: { kind: 'HelmRepository', name: 'hmcts' } },
        conditions: [
          readyFalse(
            'ChartPullError',
            "chart pull error: failed to download chart for remote reference: failed to get 'oci://hmctspublic.azurecr.io/helm/pact-broker:0.16.0': not found",
          ),
        ],
      }),
      helmRelease('pact-broker', {
        namespace: 'pact-broker',
        spec: chartSpec('pact-broker', 'hmcts', 'flux-system'),
        conditions: [
          readyFalse(
            'SourceNotReady',
            "HelmChart 'flux-system/pact-broker-pact-broker' is not ready: chart pull error: failed to download chart",
          ),
        ],
      }),
    ];
    expect(rootsOf(run(objects), 'HelmRelease/pact-broker/pact-broker')).toEqual([
      'HelmChart/flux-system/pact-broker-pact-broker',
    ]);
  });

  it('spec.chart without a sourceRef namespace → the HelmChart in the HelmRelease’s own namespace', () => {
    const objects = [
      helmRepository('bitnami', { namespace: 'db' }),
      helmChart('db-postgresql', {
        namespace: 'db',
        spec: { sourceRef: { kind: 'HelmRepository', name: 'bitnami' } },
        conditions: [readyFalse('ChartPullError', 'chart pull error')],
      }),
      helmRelease('postgresql', {
        namespace: 'db',
        spec: chartSpec('postgresql', 'bitnami'),
        conditions: [
          readyFalse('SourceNotReady', "HelmChart 'db/db-postgresql' is not ready: chart pull error"),
        ],
      }),
    ];
    expect(rootsOf(run(objects), 'HelmRelease/db/postgresql')).toEqual(['HelmChart/db/db-postgresql']);
  });

  it('status.helmChart <ns>/<name> overrides the generated name (H3)', () => {
    const objects = [
      failingFlux(helmChart, 'custom-chart', 'ChartPullError', 'chart pull error', 'charts'),
      helmRepository('charts', { namespace: 'charts' }),
      helmRelease('test', {
        namespace: 'default',
        spec: chartSpec('test', 'charts', 'charts'),
        status: { helmChart: 'charts/custom-chart' },
        conditions: [
          readyFalse(
            'SourceNotReady',
            "HelmChart 'charts/custom-chart' is not ready: latest generation of object has not been reconciled",
          ),
        ],
      }),
    ];
    expect(rootsOf(run(objects), 'HelmRelease/default/test')).toEqual(['HelmChart/charts/custom-chart']);
  });

  it('HelmChart → HelmRepository in the chart’s own namespace (a chain HR → chart → repo)', () => {
    const objects = [
      failingFlux(
        helmRepository,
        'stunner',
        'Failed',
        'failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch https://charts.example.com/index.yaml : 404 Not Found',
        'flux-system',
      ),
      helmRepository('stunner', { namespace: 'other' }),
      helmChart('stunner-stunner', {
        namespace: 'flux-system',
        spec: { sourceRef: { kind: 'HelmRepository', name: 'stunner' } },
        conditions: [
          readyFalse('NoSourceArtifact', "no artifact available for HelmRepository source 'stunner'"),
        ],
      }),
      helmRelease('stunner', {
        namespace: 'stunner',
        spec: chartSpec('stunner', 'stunner', 'flux-system'),
        conditions: [
          readyFalse(
            'SourceNotReady',
            "HelmChart 'flux-system/stunner-stunner' is not ready: no artifact available for HelmRepository source 'stunner'",
          ),
        ],
      }),
    ];
    const report = run(objects);
    expect(rootsOf(report, 'HelmChart/flux-system/stunner-stunner')).toEqual([
      'HelmRepository/flux-system/stunner',
    ]);
    expect(rootsOf(report, 'HelmRelease/stunner/stunner')).toEqual(['HelmRepository/flux-system/stunner']);
  });

  it('a HelmRelease with spec.chart reaches its HelmRepository only through its HelmChart', () => {
    // The chart has not been generated yet: the missing chart is the root, not the failing repository.
    const objects = [
      failingFlux(
        helmRepository,
        'bitnami',
        'Failed',
        'failed to construct Helm client: scheme "invalid" not supported',
        'flux-system',
      ),
      helmRelease('redis', {
        namespace: 'redis',
        spec: chartSpec('redis', 'bitnami', 'flux-system'),
        conditions: [readyFalse('SourceNotReady', "HelmChart 'flux-system/redis-redis' is not ready")],
      }),
    ];
    const report = run(objects);
    expect(rootsOf(report, 'HelmRelease/redis/redis')).toEqual(['HelmChart/flux-system/redis-redis']);
    expect(rootCauseOf(report, 'HelmChart/flux-system/redis-redis').state).toBe('missing');
  });

  it('GitRepository spec.include[].repository → a GitRepository in the same namespace', () => {
    const objects = [
      failingFlux(
        gitRepository,
        'shared',
        'GitOperationFailed',
        'failed to checkout and determine revision: unable to clone',
        'apps',
      ),
      gitRepository('shared', { namespace: 'flux-system' }),
      gitRepository('app', {
        namespace: 'apps',
        spec: { include: [{ repository: { name: 'shared' }, fromPath: 'deploy', toPath: 'shared' }] },
        conditions: [
          {
            type: 'IncludeUnavailable',
            status: 'True',
            reason: 'NoArtifact',
            message: "no artifact available for include 'shared'",
          },
          readyFalse('NoArtifact', "no artifact available for include 'shared'"),
        ],
      }),
    ];
    expect(rootsOf(run(objects), 'GitRepository/apps/app')).toEqual(['GitRepository/apps/shared']);
  });
});

describe('E3 parent (from §4 managers)', () => {
  const cm = (o: Json[]) => {
    const m = new ClusterModel({ at: AT });
    for (const x of o) m.upsert(x);
    return m;
  };

  it('a HelmRelease labelled by a Kustomization has that Kustomization as manager and layer flux', () => {
    const apps = kustomization('apps');
    const hr = helmRelease('podinfo', { namespace: 'podinfo', labels: ksLabels('apps') });
    const m = cm([apps, hr]);
    expect(m.ownership(hr)?.managers.map((x) => [x.type, x.ref, x.via])).toEqual([
      ['Kustomization', { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' }, 'label'],
    ]);
    expect(objectOf(m.report(), 'HelmRelease/podinfo/podinfo').layer).toBe('flux');
  });

  it('a HelmRelease in a Kustomization inventory has it as manager', () => {
    const apps = kustomization('apps', { inventory: ['podinfo_podinfo_helm.toolkit.fluxcd.io_HelmRelease'] });
    const hr = helmRelease('podinfo', { namespace: 'podinfo' });
    const m = cm([apps, hr]);
    expect(m.ownership(hr)?.managers.map((x) => [x.type, x.via])).toEqual([['Kustomization', 'inventory']]);
    expect(objectOf(m.report(), 'HelmRelease/podinfo/podinfo').layer).toBe('flux');
  });

  it('E3 parent edges only point at managers present in the input: no missing-reference warning for an absent one', () => {
    const hr = helmRelease('podinfo', {
      namespace: 'podinfo',
      labels: ksLabels('gone'),
      spec: { chartRef: { kind: 'OCIRepository', name: 'podinfo' } },
    });
    const report = run([hr, ociRepository('podinfo', { namespace: 'podinfo' })]);
    expect(stateOf(report, 'HelmRelease/podinfo/podinfo')).toBe('ready');
    expect(report.warnings).toEqual([]);
    expect(report.rootCauses).toEqual([]);
  });

  it('the bootstrap flux-system Kustomization listing itself is layer flux and not its own parent (no cycle, no conflict)', () => {
    const fluxSystem = kustomization('flux-system', {
      labels: ksLabels('flux-system'),
      inventory: [
        'flux-system_flux-system_kustomize.toolkit.fluxcd.io_Kustomization',
        'flux-system_flux-system_source.toolkit.fluxcd.io_GitRepository',
      ],
      spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
    });
    const repo = gitRepository('flux-system', { labels: ksLabels('flux-system') });
    const report = run([fluxSystem, repo]);
    expect(objectOf(report, 'Kustomization/flux-system/flux-system').layer).toBe('flux');
    expect(report.conflicts).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.rootCauses).toEqual([]);
  });

  it('an app-of-apps child Application has its parent Application as manager (status.resources)', () => {
    const child = application('billing', { destinationNamespace: 'billing' });
    const parent = application('root', {
      resources: [
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          kind: 'Application',
          namespace: 'argocd',
          name: 'billing',
        },
      ],
    });
    const m = cm([parent, child, appProject('default')]);
    expect(m.ownership(child)?.managers.map((x) => [x.type, x.ref])).toEqual([
      ['Application', { kind: 'Application', namespace: 'argocd', name: 'root' }],
    ]);
    expect(objectOf(m.report(), 'Application/argocd/billing').layer).toBe('argo');
  });
});

describe('E4 generator: ApplicationSet → the Applications it generated (ownerReferences)', () => {
  it('the ApplicationSet’s readiness and roots come from the Applications it owns', () => {
    const set = applicationSet('clusters');
    const east = application('clusters-east', { health: 'Degraded', ownerReferences: [ownedBy(set)] });
    const report = run([set, east, appProject('default')]);
    expect(stateOf(report, 'ApplicationSet/argocd/clusters')).toBe('failing');
    expect(rootsOf(report, 'ApplicationSet/argocd/clusters')).toEqual(['Application/argocd/clusters-east']);
  });

  it('an Application without an ownerReference to it is not generated by it, even with a matching name', () => {
    const set = applicationSet('clusters');
    const report = run([set, application('clusters-east', { health: 'Degraded' }), appProject('default')]);
    expect(stateOf(report, 'ApplicationSet/argocd/clusters')).toBe('ready');
  });
});

describe('E5 controller', () => {
  it('Kustomization → kustomize-controller (in flux-system, whatever the Kustomization’s namespace)', () => {
    const objects = [
      fluxController('kustomize-controller', { ready: false }),
      failingFlux(kustomization, 'apps', 'ReconciliationFailed', 'context deadline exceeded', 'team-a'),
    ];
    expect(rootsOf(run(objects), 'Kustomization/team-a/apps')).toEqual([
      'Deployment/flux-system/kustomize-controller',
    ]);
  });

  it('HelmRelease → helm-controller, not kustomize-controller', () => {
    const hr = failingFlux(helmRelease, 'redis', 'UpgradeFailed', 'upgrade retries exhausted', 'redis');
    const withWrong = run([fluxController('kustomize-controller', { ready: false }), hr]);
    expect(rootsOf(withWrong, 'HelmRelease/redis/redis')).toEqual(['HelmRelease/redis/redis']);
    const withRight = run([fluxController('helm-controller', { ready: false }), hr]);
    expect(rootsOf(withRight, 'HelmRelease/redis/redis')).toEqual(['Deployment/flux-system/helm-controller']);
  });

  it('sources → source-controller', () => {
    const repo = failingFlux(
      gitRepository,
      'infra',
      'GitOperationFailed',
      'failed to checkout and determine revision',
    );
    expect(
      rootsOf(
        run([fluxController('source-controller', { ready: false }), repo]),
        'GitRepository/flux-system/infra',
      ),
    ).toEqual(['Deployment/flux-system/source-controller']);
  });

  it('FluxInstance / ResourceSet → flux-operator', () => {
    const operator = fluxController('flux-operator', { ready: false, namespace: 'flux-operator' });
    const instance = failingFlux(fluxInstance, 'flux', 'ReconciliationFailed', 'build failed');
    const rset = failingFlux(resourceSet, 'tenants', 'ReconciliationFailed', 'build failed');
    const report = run([operator, instance, rset]);
    expect(rootsOf(report, 'FluxInstance/flux-system/flux')).toEqual([
      'Deployment/flux-operator/flux-operator',
    ]);
    expect(rootsOf(report, 'ResourceSet/flux-system/tenants')).toEqual([
      'Deployment/flux-operator/flux-operator',
    ]);
  });

  it('Application → application-controller and repo-server in status.controllerNamespace', () => {
    const app = application('billing', {
      namespace: 'team-a',
      controllerNamespace: 'argocd',
      sync: 'Unknown',
      conditions: [
        argoCondition(
          'ComparisonError',
          'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 10.11.169.93:8081: connect: connection refused"',
        ),
      ],
    });
    const report = run([
      app,
      appProject('default'),
      argoController('application-controller'),
      argoController('repo-server', { ready: false }),
    ]);
    expect(rootsOf(report, 'Application/team-a/billing')).toEqual(['Deployment/argocd/argocd-repo-server']);
  });

  it('Application without status.controllerNamespace → controllers in its own namespace only', () => {
    const app = application('billing', {
      namespace: 'team-a',
      sync: 'Unknown',
      conditions: [argoCondition('ComparisonError', 'rpc error: code = Unavailable desc = connection error')],
    });
    const report = run([app, appProject('default'), argoController('repo-server', { ready: false })]);
    expect(rootsOf(report, 'Application/team-a/billing')).toEqual(['Application/team-a/billing']);
    const local = run([
      app,
      appProject('default'),
      argoController('repo-server', { ready: false, namespace: 'team-a' }),
    ]);
    expect(rootsOf(local, 'Application/team-a/billing')).toEqual(['Deployment/team-a/argocd-repo-server']);
  });
});

describe('E6 installation: across the Flux → Argo CD boundary', () => {
  it('Application → application-controller → the Flux HelmRelease that installed Argo CD', () => {
    const install = failingFlux(
      helmRelease,
      'argocd',
      'UpgradeFailed',
      'Helm upgrade failed for release argocd/argocd with chart argo-cd@7.8.2: context deadline exceeded',
      'flux-system',
    );
    const controller = argoController('application-controller', { ready: false, labels: hrLabels('argocd') });
    const app = application('shop', { health: 'Unknown', sync: 'Unknown', reconciledAt: LONG_AGO });
    const report = run([install, controller, app, appProject('default')]);
    expect(rootsOf(report, 'Application/argocd/shop')).toEqual(['HelmRelease/flux-system/argocd']);
    expect(objectOf(report, 'StatefulSet/argocd/argocd-application-controller').layer).toBe('flux');
    const root = rootCauseOf(report, 'HelmRelease/flux-system/argocd');
    expect(root.impacted.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'Application/shop',
      'StatefulSet/argocd-application-controller',
    ]);
  });
});

describe('E7 project: Application spec.project → AppProject in the control-plane namespace', () => {
  const invalid = (project: string) =>
    application('billing', {
      project,
      health: 'Unknown',
      sync: 'Unknown',
      conditions: [
        argoCondition('InvalidSpecError', `Application referencing project ${project} which does not exist`),
      ],
    });

  it('a missing project is a missing AppProject root', () => {
    const report = run([invalid('payments')]);
    expect(rootsOf(report, 'Application/argocd/billing')).toEqual(['AppProject/argocd/payments']);
    expect(rootCauseOf(report, 'AppProject/argocd/payments').state).toBe('missing');
  });

  it('the control-plane namespace is argocd-cm’s namespace', () => {
    const app = application('billing', {
      namespace: 'team-a',
      project: 'payments',
      health: 'Unknown',
      sync: 'Unknown',
      conditions: [
        argoCondition('InvalidSpecError', 'Application referencing project payments which does not exist'),
      ],
    });
    const report = run([argocdCm({}, 'gitops'), app, appProject('payments', 'team-a')]);
    expect(rootsOf(report, 'Application/team-a/billing')).toEqual(['AppProject/gitops/payments']);
  });

  it('an Application with status.controllerNamespace finds its project there', () => {
    const app = application('billing', {
      namespace: 'team-a',
      controllerNamespace: 'argocd',
      project: 'payments',
      health: 'Unknown',
      sync: 'Unknown',
      conditions: [
        argoCondition('InvalidSpecError', 'Application referencing project payments which does not exist'),
      ],
    });
    expect(rootsOf(run([app, appProject('payments')]), 'Application/team-a/billing')).toEqual([
      'Application/team-a/billing',
    ]);
    expect(rootsOf(run([app]), 'Application/team-a/billing')).toEqual(['AppProject/argocd/payments']);
  });

  it('an AppProject of that name in another namespace does not count', () => {
    const report = run([invalid('payments'), appProject('payments', 'team-a')]);
    expect(rootsOf(report, 'Application/argocd/billing')).toEqual(['AppProject/argocd/payments']);
  });
});
