/** Contract §1 (controller nodes), §2 (controller workload readiness) and R8 (installation). */
import { describe, expect, it } from 'vitest';
import type { Report } from '../report-types.ts';
import {
  application,
  appProject,
  argoCondition,
  argoController,
  configMap,
  daemonSet,
  deployment,
  findObject,
  fluxController,
  helmRelease,
  hrLabels,
  type Json,
  kustomization,
  objectOf,
  readyFalse,
  readyTrue,
  rootsOf,
  run,
  service,
  statefulSet,
  stateOf,
} from './objects.test-support.ts';

const isNode = (objects: readonly Json[], ref: string) => findObject(run(objects), ref) !== undefined;
/** Each of `refs` is a node of the report. */
const expectNodes = (report: Report, refs: readonly string[]) => {
  for (const ref of refs) expect(findObject(report, ref), ref).toBeDefined();
};

describe('§1 controller detection', () => {
  it('Argo CD components by label app.kubernetes.io/component=<name>, whatever their names', () => {
    const objects = [
      statefulSet('gitops-core', 'argocd', {
        labels: { 'app.kubernetes.io/component': 'application-controller' },
      }),
      deployment('renderer', 'argocd', { labels: { 'app.kubernetes.io/component': 'repo-server' } }),
      deployment('generator', 'argocd', {
        labels: { 'app.kubernetes.io/component': 'applicationset-controller' },
      }),
    ];
    const report = run(objects);
    expect(objectOf(report, 'StatefulSet/argocd/gitops-core').ref).toEqual({
      kind: 'StatefulSet',
      namespace: 'argocd',
      name: 'gitops-core',
    });
    expectNodes(report, ['Deployment/argocd/renderer', 'Deployment/argocd/generator']);
    expect(report.summary.argo.total).toBe(3);
    expect(report.summary.flux.total).toBe(0);
  });

  it('Flux controllers by label app=<name>', () => {
    const report = run([deployment('kc', 'flux-system', { labels: { app: 'kustomize-controller' } })]);
    expect(findObject(report, 'Deployment/flux-system/kc')).toBeDefined();
    expect(report.summary.flux.total).toBe(1);
  });

  it('Flux controllers by label app.kubernetes.io/name=<name>', () => {
    const report = run([
      deployment('hc', 'flux-system', { labels: { 'app.kubernetes.io/name': 'helm-controller' } }),
    ]);
    expect(findObject(report, 'Deployment/flux-system/hc')).toBeDefined();
    expect(report.summary.flux.total).toBe(1);
  });

  it('flux-operator by label app.kubernetes.io/name=flux-operator', () => {
    const report = run([
      deployment('operator', 'flux-operator', { labels: { 'app.kubernetes.io/name': 'flux-operator' } }),
    ]);
    expect(findObject(report, 'Deployment/flux-operator/operator')).toBeDefined();
    expect(report.summary.flux.total).toBe(1);
  });

  it('name fallback: a Deployment named exactly <name>', () => {
    expect(
      isNode([deployment('source-controller', 'flux-system')], 'Deployment/flux-system/source-controller'),
    ).toBe(true);
  });

  it('name fallback: a Deployment/StatefulSet named …-<name>', () => {
    const report = run([
      deployment('argocd-repo-server', 'argocd'),
      statefulSet('argocd-application-controller', 'argocd'),
    ]);
    expectNodes(report, [
      'Deployment/argocd/argocd-repo-server',
      'StatefulSet/argocd/argocd-application-controller',
    ]);
    expect(report.summary.argo.total).toBe(2);
  });

  it('a controller node keeps its workload kind: Deployment vs StatefulSet', () => {
    const objects = [
      statefulSet('argocd-application-controller', 'argocd'),
      deployment('argocd-application-controller', 'argocd-ha'),
    ];
    expectNodes(run(objects), [
      'StatefulSet/argocd/argocd-application-controller',
      'Deployment/argocd-ha/argocd-application-controller',
    ]);
  });

  it('not a controller: other workloads, other kinds, names that merely contain a controller name', () => {
    const objects = [
      deployment('podinfo', 'apps', { labels: { app: 'podinfo' } }),
      deployment('source-controller-proxy', 'flux-system'),
      deployment('mysource-controller', 'flux-system'),
      daemonSet('kustomize-controller', 'flux-system', { labels: { app: 'kustomize-controller' } }),
      service('argocd-repo-server', 'argocd', { labels: { 'app.kubernetes.io/component': 'repo-server' } }),
      configMap('helm-controller', 'flux-system', { labels: { app: 'helm-controller' } }),
    ];
    const report = run(objects);
    expect(report.objects).toEqual([]);
    expect(report.summary.flux.total + report.summary.argo.total).toBe(0);
  });

  it('(v3) Flux controllers by label app.kubernetes.io/component=<name>, as Flux 2.9 labels them', () => {
    // Flux 2.9 manifests: `app.kubernetes.io/component` on the Deployment, `app` only on its pods.
    const report = run([
      deployment('kc', 'flux-system', { labels: { 'app.kubernetes.io/component': 'kustomize-controller' } }),
      deployment('irc', 'flux-system', {
        labels: { 'app.kubernetes.io/component': 'image-reflector-controller' },
      }),
      deployment('iac', 'flux-system', {
        labels: { 'app.kubernetes.io/component': 'image-automation-controller' },
      }),
      deployment('nc', 'flux-system', {
        labels: { 'app.kubernetes.io/component': 'notification-controller' },
      }),
    ]);
    for (const name of ['kc', 'irc', 'iac', 'nc']) {
      expect(findObject(report, `Deployment/flux-system/${name}`)).toBeDefined();
    }
    expect(report.summary.flux.total).toBe(4);
  });

  it('the older Flux labels (app=, app.kubernetes.io/name=) are not Argo CD conventions', () => {
    expect(
      isNode([deployment('ac', 'argocd', { labels: { app: 'repo-server' } })], 'Deployment/argocd/ac'),
    ).toBe(false);
  });

  it('argocd-applicationset-controller is the applicationset-controller, not the application-controller', () => {
    // Had it been taken for the application-controller, R5 would blame it for the app's ComparisonError.
    const objects = [
      deployment('argocd-applicationset-controller', 'argocd', { available: 0 }),
      argoController('application-controller'),
      argoController('repo-server'),
      application('shop', {
        sync: 'Unknown',
        conditions: [
          argoCondition('ComparisonError', 'failed to generate manifest: app path does not exist'),
        ],
      }),
      appProject('default'),
    ];
    expect(rootsOf(run(objects), 'Application/argocd/shop')).toEqual(['Application/argocd/shop']);
  });
});

describe('§2 controller workload readiness', () => {
  it('ready when available replicas equal the desired replicas at the observed generation', () => {
    const report = run([
      deployment('kustomize-controller', 'flux-system', {
        replicas: 2,
        available: 2,
        generation: 5,
        observedGeneration: 5,
      }),
    ]);
    expect(stateOf(report, 'Deployment/flux-system/kustomize-controller')).toBe('ready');
  });

  it('failing when desired replicas are above zero and none is available', () => {
    const report = run([deployment('kustomize-controller', 'flux-system', { replicas: 1, available: 0 })]);
    expect(stateOf(report, 'Deployment/flux-system/kustomize-controller')).toBe('failing');
  });

  it('progressing when some but not all replicas are available', () => {
    const report = run([deployment('kustomize-controller', 'flux-system', { replicas: 3, available: 1 })]);
    expect(stateOf(report, 'Deployment/flux-system/kustomize-controller')).toBe('progressing');
  });

  it('progressing when every replica is available but the generation is not yet observed', () => {
    const report = run([
      deployment('kustomize-controller', 'flux-system', { generation: 4, observedGeneration: 3 }),
    ]);
    expect(stateOf(report, 'Deployment/flux-system/kustomize-controller')).toBe('progressing');
  });

  it('scaled to zero replicas is not failing', () => {
    const report = run([deployment('kustomize-controller', 'flux-system', { replicas: 0, available: 0 })]);
    expect(stateOf(report, 'Deployment/flux-system/kustomize-controller')).not.toBe('failing');
  });

  it('a Deployment counts available replicas, not ready ones', () => {
    const d = deployment('argocd-repo-server', 'argocd', { available: 0, extraStatus: { readyReplicas: 1 } });
    expect(stateOf(run([d]), 'Deployment/argocd/argocd-repo-server')).toBe('failing');
  });

  it('a StatefulSet counts ready replicas', () => {
    const ready = statefulSet('argocd-application-controller', 'argocd', { replicas: 1, available: 1 });
    delete (ready.status as Json).availableReplicas;
    const down = statefulSet('argocd-application-controller', 'argocd-ha', {
      replicas: 1,
      available: 0,
      extraStatus: { availableReplicas: 1 },
    });
    const report = run([ready, down]);
    expect(stateOf(report, 'StatefulSet/argocd/argocd-application-controller')).toBe('ready');
    expect(stateOf(report, 'StatefulSet/argocd-ha/argocd-application-controller')).toBe('failing');
  });

  it('controller workloads are counted in their tool', () => {
    const report = run([
      fluxController('source-controller', { ready: false }),
      argoController('repo-server'),
    ]);
    expect(report.summary.flux).toEqual({ total: 1, ready: 0, notReady: 1, suspended: 0 });
    expect(report.summary.argo).toEqual({ total: 1, ready: 1, notReady: 0, suspended: 0 });
  });
});

describe('R8 installation: a controller that is not ready → its not-ready installers (E6)', () => {
  const argoInstall = (ready: boolean) =>
    helmRelease('argocd', {
      conditions: [
        ready
          ? readyTrue()
          : readyFalse(
              'UpgradeFailed',
              'Helm upgrade failed for release argocd/argocd with chart argo-cd@7.8.2: context deadline exceeded',
            ),
      ],
    });

  const downController = (labels?: Record<string, string>) =>
    argoController('application-controller', { ready: false, ...(labels === undefined ? {} : { labels }) });

  // Each case: the objects, and the root of the down application-controller.
  it.each([
    [
      'a down application-controller installed by a failing Flux HelmRelease is explained by that HelmRelease',
      [argoInstall(false), downController(hrLabels('argocd'))],
      'HelmRelease/flux-system/argocd',
    ],
    [
      'a down controller whose installer is ready is its own root',
      [argoInstall(true), downController(hrLabels('argocd'))],
      'StatefulSet/argocd/argocd-application-controller',
    ],
    [
      'a down controller with no GitOps manager is its own root',
      [downController()],
      'StatefulSet/argocd/argocd-application-controller',
    ],
  ])('%s', (_title, objects, root) => {
    expect(rootsOf(run(objects), 'StatefulSet/argocd/argocd-application-controller')).toEqual([root]);
  });

  it('a ready controller has no explanation even when its installer fails', () => {
    const report = run([argoInstall(false), argoController('repo-server', { labels: hrLabels('argocd') })]);
    expect(stateOf(report, 'Deployment/argocd/argocd-repo-server')).toBe('ready');
    expect(rootsOf(report, 'Deployment/argocd/argocd-repo-server')).toEqual([]);
  });

  it('installer found through a Kustomization inventory works too', () => {
    const installer = kustomization('flux-operator', {
      inventory: ['flux-operator_flux-operator_apps_Deployment'],
      conditions: [
        readyFalse(
          'ReconciliationFailed',
          'Deployment/flux-operator/flux-operator dry-run failed (Invalid): Deployment.apps "flux-operator" is invalid: spec.template.spec.containers[0].image: Required value',
        ),
      ],
    });
    const operator = deployment('flux-operator', 'flux-operator', {
      available: 0,
      labels: { 'app.kubernetes.io/name': 'flux-operator' },
    });
    const report = run([installer, operator]);
    expect(rootsOf(report, 'Deployment/flux-operator/flux-operator')).toEqual([
      'Kustomization/flux-system/flux-operator',
    ]);
  });
});
