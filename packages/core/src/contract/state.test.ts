/** Contract §2: the state of a node (readiness rows, special kinds, stale Argo status, suspension). */
import { describe, expect, it } from 'vitest';
import {
  APPSET_ERROR,
  APPSET_HEALTHY,
  application,
  applicationSet,
  appProject,
  appSetCluster,
  argoCondition,
  argoController,
  cond,
  failingFlux,
  generatedApp,
  helmRelease,
  helmRepository,
  kustomization,
  minutesBefore,
  objectOf,
  ownedBy,
  readyFalse,
  readyTrue,
  readyUnknown,
  reconciling,
  resourceSet,
  rootsOf,
  run,
  stalled,
  stateOf,
  waitingOn,
} from './objects.test-support.ts';

describe('§2 Flux readiness rows', () => {
  it('Ready=False is failing, with the Ready reason and message', () => {
    const ks = failingFlux(
      kustomization,
      'canaries',
      'BuildFailed',
      "kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'k8s'",
    );
    const report = run([ks]);
    const object = objectOf(report, 'Kustomization/flux-system/canaries');
    expect(object.state).toBe('failing');
    expect(object.reason).toBe('BuildFailed');
    expect(object.message).toContain('kustomize build failed');
  });

  it('Ready=False with a reason outside any allow-list (PendingRelease, H10) is failing', () => {
    const hr = helmRelease('kyverno', {
      namespace: 'kyverno',
      generation: 2,
      conditions: [
        stalled('RetriesExceeded', 'Failed to upgrade after 1 attempt(s)'),
        readyFalse(
          'PendingRelease',
          'Unlocked Helm release kyverno/kyverno.v2 with chart kyverno@3.4.6 in pending-upgrade state',
        ),
        cond(
          'Released',
          'False',
          'PendingRelease',
          'Unlocked Helm release kyverno/kyverno.v2 with chart kyverno@3.4.6 in pending-upgrade state',
        ),
      ],
    });
    expect(stateOf(run([hr]), 'HelmRelease/kyverno/kyverno')).toBe('failing');
  });

  it('Stalled=True is failing even when Ready is Unknown', () => {
    const hr = helmRelease('paperless', {
      namespace: 'services',
      conditions: [
        stalled('RetriesExceeded', 'Failed to upgrade after 1 attempt(s)'),
        readyUnknown('Running upgrade'),
      ],
    });
    expect(stateOf(run([hr]), 'HelmRelease/services/paperless')).toBe('failing');
  });

  it('Ready=Unknown is progressing (K13)', () => {
    const ks = kustomization('ingress-nginx', { conditions: [readyUnknown('reconciliation in progress')] });
    expect(stateOf(run([ks]), 'Kustomization/flux-system/ingress-nginx')).toBe('progressing');
  });

  it('Reconciling=True is progressing even when Ready=True', () => {
    const ks = kustomization('calico', {
      conditions: [
        reconciling(
          'Running health checks for revision main@sha1:876cf9ad with a timeout of 30s',
          'Progressing',
        ),
        readyTrue(),
      ],
    });
    expect(stateOf(run([ks]), 'Kustomization/flux-system/calico')).toBe('progressing');
  });

  it('Ready=True with observedGeneration < generation is progressing (K8)', () => {
    const ks = kustomization('calico', {
      generation: 1283,
      observedGeneration: 1282,
      conditions: [readyTrue()],
    });
    expect(stateOf(run([ks]), 'Kustomization/flux-system/calico')).toBe('progressing');
  });

  it('no Ready condition is unknown (no status at all, or other conditions only)', () => {
    const fresh = kustomization('fresh', { noStatus: true });
    const other = kustomization('other', {
      conditions: [cond('Healthy', 'True', 'Succeeded', 'all healthy')],
    });
    const report = run([fresh, other]);
    expect(stateOf(report, 'Kustomization/flux-system/fresh')).toBe('unknown');
    expect(stateOf(report, 'Kustomization/flux-system/other')).toBe('unknown');
  });

  it('Ready=True at the observed generation is ready; so is Ready=True when observedGeneration is absent', () => {
    const ks = kustomization('apps', { generation: 4, observedGeneration: 4 });
    const noObserved = kustomization('infra', { generation: 4 });
    delete (noObserved.status as Record<string, unknown>).observedGeneration;
    const report = run([ks, noObserved]);
    expect(stateOf(report, 'Kustomization/flux-system/apps')).toBe('ready');
    expect(objectOf(report, 'Kustomization/flux-system/apps').rootCauses).toEqual([]);
    expect(stateOf(report, 'Kustomization/flux-system/infra')).toBe('ready');
  });

  it('rows are tried top-down: Ready=False wins over Reconciling=True (K9)', () => {
    const ks = kustomization('podinfo', {
      generation: 3,
      observedGeneration: 2,
      conditions: [
        reconciling('Fetching manifests for revision master/67e2c98a with a timeout of 4m30s'),
        readyFalse(
          'ArtifactFailed',
          'kustomization path not found: stat /tmp/kustomization-1464362706/invalid: no such file or directory',
        ),
      ],
    });
    expect(stateOf(run([ks]), 'Kustomization/flux-system/podinfo')).toBe('failing');
  });

  it('older API versions are read the same way (v1beta2 Kustomization, v2beta1 HelmRelease)', () => {
    const ks = { ...kustomization('old'), apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2' };
    const hr = {
      ...failingFlux(
        helmRelease,
        'nginx',
        'ArtifactFailed',
        "HelmChart 'flux-system/nginx-nginx' is not ready",
        'nginx',
      ),
      apiVersion: 'helm.toolkit.fluxcd.io/v2beta1',
    };
    const report = run([ks, hr]);
    expect(stateOf(report, 'Kustomization/flux-system/old')).toBe('ready');
    expect(stateOf(report, 'HelmRelease/nginx/nginx')).toBe('failing');
  });

  it('a HelmRepository of type oci without status is ready (S4), a plain one without status is unknown', () => {
    const oci = helmRepository('podinfo', {
      spec: { type: 'oci', url: 'oci://ghcr.io/stefanprodan/charts' },
      noStatus: true,
    });
    const plain = helmRepository('bitnami', { noStatus: true });
    const report = run([oci, plain]);
    expect(stateOf(report, 'HelmRepository/flux-system/podinfo')).toBe('ready');
    expect(stateOf(report, 'HelmRepository/flux-system/bitnami')).toBe('unknown');
  });
});

describe('§2 Argo CD Application readiness rows', () => {
  const cases: readonly { name: string; app: Parameters<typeof application>[1]; state: string }[] = [
    {
      name: 'health Degraded is failing',
      app: { health: 'Degraded', healthMessage: 'Deployment "api" exceeded its progress deadline' },
      state: 'failing',
    },
    { name: 'health Missing is failing', app: { health: 'Missing', sync: 'OutOfSync' }, state: 'failing' },
    {
      name: 'a ComparisonError is failing although health says Healthy and sync Unknown (A4)',
      app: {
        health: 'Healthy',
        sync: 'Unknown',
        conditions: [
          argoCondition(
            'ComparisonError',
            'rpc error: code = Unknown desc = Manifest generation error (cached): k8s/app/overlays/prod: app path does not exist',
          ),
        ],
      },
      state: 'failing',
    },
    {
      name: 'a SyncError with operationState Failed is failing although health is Healthy (A6)',
      app: {
        health: 'Healthy',
        sync: 'OutOfSync',
        conditions: [
          argoCondition(
            'SyncError',
            'Failed sync attempt to 0.1.0: one or more objects failed to apply, reason: ServiceAccount "jen-ci_demo" is invalid (retried 5 times).',
          ),
        ],
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
          retryCount: 5,
          startedAt: minutesBefore(30),
          finishedAt: minutesBefore(25),
        },
      },
      state: 'failing',
    },
    {
      name: 'an InvalidSpecError is failing',
      app: {
        conditions: [
          argoCondition('InvalidSpecError', 'Application referencing project nope which does not exist'),
        ],
      },
      state: 'failing',
    },
    {
      name: 'an UnknownError is failing',
      app: { conditions: [argoCondition('UnknownError', 'something broke')] },
      state: 'failing',
    },
    {
      name: 'a DeletionError is failing',
      app: { conditions: [argoCondition('DeletionError', 'failed to delete resources')] },
      state: 'failing',
    },
    {
      name: 'operationState phase Failed alone is failing',
      app: {
        operationState: {
          phase: 'Failed',
          message: 'one or more objects failed to apply',
          startedAt: minutesBefore(30),
          finishedAt: minutesBefore(29),
        },
      },
      state: 'failing',
    },
    {
      name: 'operationState phase Error is failing',
      app: {
        operationState: {
          phase: 'Error',
          message: 'error',
          startedAt: minutesBefore(30),
          finishedAt: minutesBefore(29),
        },
      },
      state: 'failing',
    },
    {
      name: 'phase Running with retryCount > 0 and finishedAt set (a failed sync waiting to retry) is failing',
      app: {
        sync: 'OutOfSync',
        operationState: {
          phase: 'Running',
          message: 'Retrying attempt #2 at 9:58AM.',
          retryCount: 2,
          startedAt: minutesBefore(10),
          finishedAt: minutesBefore(3),
        },
      },
      state: 'failing',
    },
    {
      name: 'phase Running without retries is progressing',
      app: {
        sync: 'OutOfSync',
        operationState: {
          phase: 'Running',
          message: 'waiting for completion of hook batch/Job/migrate',
          startedAt: minutesBefore(1),
        },
      },
      state: 'progressing',
    },
    {
      name: 'health Progressing is progressing',
      app: { health: 'Progressing', sync: 'Synced' },
      state: 'progressing',
    },
    {
      name: 'OutOfSync with no error is progressing',
      app: { health: 'Healthy', sync: 'OutOfSync' },
      state: 'progressing',
    },
    { name: 'no status is unknown', app: { noStatus: true }, state: 'unknown' },
    { name: 'health Unknown is unknown', app: { health: 'Unknown', sync: 'Synced' }, state: 'unknown' },
    {
      name: 'sync Unknown without an error condition is unknown',
      app: { health: 'Healthy', sync: 'Unknown' },
      state: 'unknown',
    },
    { name: 'Healthy and Synced is ready', app: { health: 'Healthy', sync: 'Synced' }, state: 'ready' },
    {
      name: 'Suspended and Synced is reported suspended',
      app: { health: 'Suspended', sync: 'Synced' },
      state: 'suspended',
    },
  ];
  it.each(cases)('$name', ({ app, state }) => {
    const report = run([application('shop', app), appProject('default')]);
    expect(stateOf(report, 'Application/argocd/shop')).toBe(state);
  });

  it('operationState Succeeded does not hide a current ComparisonError (A5: operationState is history)', () => {
    const app = application('git-source', {
      health: 'Healthy',
      sync: 'Unknown',
      conditions: [
        argoCondition(
          'ComparisonError',
          'Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = Manifest generation error (cached): git-source-2: app path does not exist',
        ),
      ],
      operationState: {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: minutesBefore(600),
        finishedAt: minutesBefore(599),
      },
    });
    expect(stateOf(run([app, appProject('default')]), 'Application/argocd/git-source')).toBe('failing');
  });

  it('an Argo CD Healthy+Synced app is ready and has no root causes', () => {
    const report = run([application('shop'), appProject('default')]);
    expect(objectOf(report, 'Application/argocd/shop').rootCauses).toEqual([]);
  });
});

describe('§2 ApplicationSet and AppProject', () => {
  it('ErrorOccurred=True is failing even when every generated app is ready (A11)', () => {
    const set = applicationSet('clusters', { conditions: APPSET_ERROR });
    const report = run(appSetCluster(set, { 'clusters-east': 'Healthy' }));
    expect(stateOf(report, 'ApplicationSet/argocd/clusters')).toBe('failing');
  });

  it('ResourcesUpToDate=False alone is failing', () => {
    const set = applicationSet('clusters', {
      conditions: [
        cond(
          'ErrorOccurred',
          'False',
          'ApplicationSetUpToDate',
          'All applications have been generated successfully',
        ),
        cond('ResourcesUpToDate', 'False', 'ApplicationValidationError', 'application spec is invalid'),
      ],
    });
    expect(stateOf(run([set]), 'ApplicationSet/argocd/clusters')).toBe('failing');
  });

  it('ErrorOccurred=False with every generated app ready is ready (A10 polarity)', () => {
    const set = applicationSet('clusters', { conditions: APPSET_HEALTHY });
    const report = run(appSetCluster(set, { 'clusters-east': 'Healthy', 'clusters-west': 'Healthy' }));
    expect(stateOf(report, 'ApplicationSet/argocd/clusters')).toBe('ready');
  });

  it('otherwise it takes the worst readiness of its generated apps: failing, then progressing, then unknown', () => {
    const set = applicationSet('clusters');
    const failing = run(appSetCluster(set, { a: 'Degraded', b: 'Progressing', c: 'Unknown' }));
    expect(stateOf(failing, 'ApplicationSet/argocd/clusters')).toBe('failing');
    const progressing = run(appSetCluster(set, { b: 'Progressing', c: 'Unknown', d: 'Healthy' }));
    expect(stateOf(progressing, 'ApplicationSet/argocd/clusters')).toBe('progressing');
    const unknown = run(appSetCluster(set, { c: 'Unknown', d: 'Healthy' }));
    expect(stateOf(unknown, 'ApplicationSet/argocd/clusters')).toBe('unknown');
  });

  it('only Applications owned by it count as generated', () => {
    const set = applicationSet('clusters');
    const other = applicationSet('other');
    const report = run([
      set,
      other,
      generatedApp(set, 'mine'),
      application('theirs', { health: 'Degraded', ownerReferences: [ownedBy(other)] }),
      application('loose', { health: 'Degraded' }),
      appProject('default'),
    ]);
    expect(stateOf(report, 'ApplicationSet/argocd/clusters')).toBe('ready');
    expect(stateOf(report, 'ApplicationSet/argocd/other')).toBe('failing');
  });

  it('an AppProject is always ready, status or not', () => {
    const report = run([appProject('team-a'), { ...appProject('team-b'), status: { jwtTokensByRole: {} } }]);
    expect(stateOf(report, 'AppProject/argocd/team-a')).toBe('ready');
    expect(stateOf(report, 'AppProject/argocd/team-b')).toBe('ready');
  });
});

describe('§2 stale Argo CD status (StaleStatus)', () => {
  const downController = argoController('application-controller', { ready: false });
  const upController = argoController('application-controller');

  it('reconciledAt more than 10 minutes before `at` while the application-controller is not ready → unknown/StaleStatus', () => {
    const app = application('shop', { reconciledAt: minutesBefore(30) });
    const report = run([app, appProject('default'), downController]);
    const object = objectOf(report, 'Application/argocd/shop');
    expect(object.state).toBe('unknown');
    expect(object.reason).toBe('StaleStatus');
  });

  it('is stale whatever the app last said (a Degraded app is unknown too)', () => {
    const app = application('shop', { health: 'Degraded', reconciledAt: minutesBefore(45) });
    const object = objectOf(run([app, appProject('default'), downController]), 'Application/argocd/shop');
    expect(object.state).toBe('unknown');
    expect(object.reason).toBe('StaleStatus');
  });

  it('the application-controller is looked up in status.controllerNamespace', () => {
    const app = application('shop', {
      namespace: 'team-a',
      controllerNamespace: 'argocd',
      reconciledAt: minutesBefore(30),
    });
    const object = objectOf(run([app, appProject('default'), downController]), 'Application/team-a/shop');
    expect(object.reason).toBe('StaleStatus');
    const elsewhere = application('shop', { namespace: 'team-a', reconciledAt: minutesBefore(30) });
    expect(stateOf(run([elsewhere, appProject('default'), downController]), 'Application/team-a/shop')).toBe(
      'ready',
    );
  });

  it('is not stale when the controller is ready', () => {
    const app = application('shop', { reconciledAt: minutesBefore(30) });
    expect(stateOf(run([app, appProject('default'), upController]), 'Application/argocd/shop')).toBe('ready');
  });

  it('is not stale when reconciledAt is recent (exactly 10 minutes is not "more than")', () => {
    const recent = application('recent', { reconciledAt: minutesBefore(2) });
    const boundary = application('boundary', { reconciledAt: minutesBefore(10) });
    const report = run([recent, boundary, appProject('default'), downController]);
    expect(stateOf(report, 'Application/argocd/recent')).toBe('ready');
    expect(stateOf(report, 'Application/argocd/boundary')).toBe('ready');
  });

  it('is not stale when no application-controller is visible', () => {
    const app = application('shop', { reconciledAt: minutesBefore(30) });
    expect(stateOf(run([app, appProject('default')]), 'Application/argocd/shop')).toBe('ready');
  });

  it('is judged against `at`, not the wall clock', () => {
    const app = application('shop', { reconciledAt: '2020-01-01T00:00:00Z' });
    const report = run([app, appProject('default'), downController], '2020-01-01T00:05:00Z');
    expect(stateOf(report, 'Application/argocd/shop')).toBe('ready');
  });
});

describe('§2 suspension', () => {
  it('Flux spec.suspend: true is reported suspended, whatever the readiness', () => {
    const ready = kustomization('paused', { suspend: true });
    const failing = helmRelease('calico', {
      suspend: true,
      conditions: [readyFalse('UpgradeFailed', 'upgrade retries exhausted')],
    });
    const report = run([ready, failing]);
    expect(stateOf(report, 'Kustomization/flux-system/paused')).toBe('suspended');
    expect(stateOf(report, 'HelmRelease/flux-system/calico')).toBe('suspended');
  });

  it('a suspended Flux object still Ready=True is ready: it is not counted not-ready and has no roots', () => {
    const report = run([kustomization('paused', { suspend: true })]);
    expect(report.summary.flux).toEqual({ total: 1, ready: 1, notReady: 0, suspended: 1 });
    expect(objectOf(report, 'Kustomization/flux-system/paused').rootCauses).toEqual([]);
    expect(report.rootCauses).toEqual([]);
  });

  it('a suspended Flux object that is not Ready is not ready (and a root of state suspended)', () => {
    const report = run([
      helmRelease('calico', {
        suspend: true,
        conditions: [readyFalse('UpgradeFailed', 'upgrade retries exhausted')],
      }),
    ]);
    expect(report.summary.flux).toEqual({ total: 1, ready: 0, notReady: 1, suspended: 1 });
    expect(rootsOf(report, 'HelmRelease/flux-system/calico')).toEqual(['HelmRelease/flux-system/calico']);
    expect(report.rootCauses[0]?.state).toBe('suspended');
  });

  it('a suspended Flux object still Ready=True counts as a ready dependency (Flux ignores suspension)', () => {
    const dep = kustomization('infra', { suspend: true });
    const dependent = waitingOn('apps', 'infra');
    const report = run([dep, dependent]);
    expect(rootsOf(report, 'Kustomization/flux-system/apps')).toEqual(['Kustomization/flux-system/apps']);
  });

  it('flux-operator kinds annotated fluxcd.controlplane.io/reconcile: disabled are suspended', () => {
    const rset = resourceSet('tenants', { annotations: { 'fluxcd.controlplane.io/reconcile': 'disabled' } });
    expect(stateOf(run([rset]), 'ResourceSet/flux-system/tenants')).toBe('suspended');
  });

  it('the flux-operator annotation does not suspend a toolkit Kustomization, nor does value "enabled"', () => {
    const ks = kustomization('apps', { annotations: { 'fluxcd.controlplane.io/reconcile': 'disabled' } });
    const rset = resourceSet('tenants', { annotations: { 'fluxcd.controlplane.io/reconcile': 'enabled' } });
    const report = run([ks, rset]);
    expect(stateOf(report, 'Kustomization/flux-system/apps')).toBe('ready');
    expect(stateOf(report, 'ResourceSet/flux-system/tenants')).toBe('ready');
  });

  it('Argo CD health Suspended is suspended and counts as ready', () => {
    const report = run([
      application('batch', { health: 'Suspended', sync: 'Synced' }),
      appProject('default'),
    ]);
    expect(stateOf(report, 'Application/argocd/batch')).toBe('suspended');
    expect(report.summary.argo).toEqual({ total: 2, ready: 2, notReady: 0, suspended: 1 });
  });
});
