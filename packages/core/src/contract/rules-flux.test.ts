/** Contract §5 rules R1–R3 and R5 for Flux objects, and the order in which rules are tried. */
import { describe, expect, it } from 'vitest';
import {
  type Condition,
  chartSpec,
  cond,
  deployment,
  failingFlux,
  fluxController,
  fluxInstance,
  gitRepository,
  helmChart,
  helmRelease,
  helmRepository,
  kustomization,
  objectOf,
  ociRepository,
  readyFalse,
  readyTrue,
  readyUnknown,
  resourceSet,
  rootCauseOf,
  rootsOf,
  run,
  stalled,
  waitingOn,
} from './objects.test-support.ts';

const failingBuild = (name: string, namespace = 'flux-system') =>
  kustomization(name, {
    namespace,
    conditions: [
      readyFalse('BuildFailed', 'kustomize build failed: accumulating resources: no such file or directory'),
    ],
  });

describe('R1 Flux dependsOn', () => {
  it('walks a 3-level DependencyNotReady chain to the health-check root (K1)', () => {
    const objects = [
      failingFlux(
        kustomization,
        'keycloak-operator',
        'HealthCheckFailed',
        "health check failed after 1m9.69s: timeout waiting for: [Deployment/keycloak-operator/keycloak-operator status: 'InProgress']",
      ),
      waitingOn('keycloak', 'keycloak-operator'),
      waitingOn('kube-apiserver', 'keycloak'),
      waitingOn('garden-dashboard', 'keycloak'),
    ];
    const report = run(objects);
    for (const name of ['keycloak', 'kube-apiserver', 'garden-dashboard']) {
      expect(rootsOf(report, `Kustomization/flux-system/${name}`)).toEqual([
        'Kustomization/flux-system/keycloak-operator',
      ]);
    }
    expect(report.rootCauses.map((r) => r.ref.name)).toEqual(['keycloak-operator']);
  });

  it('a missing dependency is a root of state missing (K3)', () => {
    const ks = kustomization('sylva-units-status', {
      namespace: 'sylva-system',
      dependsOn: [{ name: 'cluster' }],
      observedGeneration: -1,
      conditions: [
        readyFalse(
          'DependencyNotReady',
          `dependency 'sylva-system/cluster' not found: Kustomization.kustomize.toolkit.fluxcd.io "cluster" not found`,
        ),
      ],
    });
    const report = run([ks]);
    expect(rootsOf(report, 'Kustomization/sylva-system/sylva-units-status')).toEqual([
      'Kustomization/sylva-system/cluster',
    ]);
    const root = rootCauseOf(report, 'Kustomization/sylva-system/cluster');
    expect(root.state).toBe('missing');
    expect(root.impacted.map((r) => r.name)).toEqual(['sylva-units-status']);
  });

  it('HelmRelease `unable to get <ns>/<name> dependency` with the dependency missing (H2)', () => {
    const hr = helmRelease('bar', {
      namespace: 'default',
      generation: 4,
      observedGeneration: 3,
      dependsOn: [{ name: 'foo' }],
      conditions: [
        cond(
          'Reconciling',
          'True',
          'ProgressingWithRetry',
          `unable to get 'default/foo' dependency: HelmRelease.helm.toolkit.fluxcd.io "foo" not found`,
        ),
        readyFalse(
          'DependencyNotReady',
          `unable to get 'default/foo' dependency: HelmRelease.helm.toolkit.fluxcd.io "foo" not found`,
        ),
      ],
    });
    const report = run([hr]);
    expect(rootsOf(report, 'HelmRelease/default/bar')).toEqual(['HelmRelease/default/foo']);
    expect(rootCauseOf(report, 'HelmRelease/default/foo').state).toBe('missing');
  });

  /** `flux-system/apps`, depending on `names` in that order, with the given Ready condition. */
  const apps = (names: readonly string[], ready: Condition) =>
    kustomization('apps', { dependsOn: names.map((name) => ({ name })), conditions: [ready] });
  const crdsNotReady = readyFalse('DependencyNotReady', "dependency 'flux-system/crds' is not ready");
  const infraNotReady = readyFalse('DependencyNotReady', "dependency 'flux-system/infra' is not ready");

  // Each case: the objects, and the roots of `apps`.
  it.each([
    [
      'every not-ready target counts, not only the first one the message names',
      [failingBuild('crds'), failingBuild('secrets'), apps(['crds', 'secrets'], crdsNotReady)],
      ['Kustomization/flux-system/crds', 'Kustomization/flux-system/secrets'],
    ],
    [
      'ready targets are skipped',
      [failingBuild('crds'), kustomization('secrets'), apps(['secrets', 'crds'], crdsNotReady)],
      ['Kustomization/flux-system/crds'],
    ],
    [
      'a Ready=True target that has not observed its generation is not a ready dependency',
      [kustomization('infra', { generation: 7, observedGeneration: 6 }), apps(['infra'], infraNotReady)],
      ['Kustomization/flux-system/infra'],
    ],
    [
      'when every target is a ready dependency, N is its own root (stale message, readyExpr, revision check)',
      [
        kustomization('infra'),
        apps(
          ['infra'],
          readyFalse(
            'DependencyNotReady',
            "dependency 'flux-system/infra' is not ready according to readyExpr eval",
          ),
        ),
      ],
      ['Kustomization/flux-system/apps'],
    ],
    [
      'applies only when the Ready reason is DependencyNotReady',
      [
        failingBuild('infra'),
        apps(
          ['infra'],
          readyFalse('ReconciliationFailed', 'Deployment/apps/web dry-run failed: field is immutable'),
        ),
      ],
      ['Kustomization/flux-system/apps'],
    ],
  ])('%s', (_title, objects, roots) => {
    expect(rootsOf(run(objects), 'Kustomization/flux-system/apps')).toEqual(roots);
  });

  describe('ResourceSet dependsOn', () => {
    const rset = (dep: Record<string, unknown>) =>
      resourceSet('tenants', {
        dependsOn: [
          {
            apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
            kind: 'Kustomization',
            name: 'infra',
            namespace: 'flux-system',
            ...dep,
          },
        ],
        conditions: [
          readyFalse(
            'DependencyNotReady',
            'dependency kustomize.toolkit.fluxcd.io/v1/Kustomization/flux-system/infra not ready',
          ),
        ],
      });

    it('ready: true is a readiness dependency: a failing target explains it', () => {
      expect(
        rootsOf(run([failingBuild('infra'), rset({ ready: true })]), 'ResourceSet/flux-system/tenants'),
      ).toEqual(['Kustomization/flux-system/infra']);
    });

    it('without ready: true it is an existence dependency: a failing but present target does not explain it', () => {
      expect(rootsOf(run([failingBuild('infra'), rset({})]), 'ResourceSet/flux-system/tenants')).toEqual([
        'ResourceSet/flux-system/tenants',
      ]);
    });

    it('an existence dependency that is absent is a missing root', () => {
      const report = run([rset({})]);
      expect(rootsOf(report, 'ResourceSet/flux-system/tenants')).toEqual(['Kustomization/flux-system/infra']);
      expect(rootCauseOf(report, 'Kustomization/flux-system/infra').state).toBe('missing');
    });
  });
});

describe('R2 Flux source', () => {
  const failingRepo = failingFlux(
    gitRepository,
    'podinfo',
    'GitOperationFailed',
    "failed to checkout and determine revision: unable to clone 'ssh://git@git.example.com/podinfo': ssh: handshake failed",
  );
  const consumer = (reason: string, message: string) =>
    kustomization('podinfo', {
      spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' } },
      conditions: [readyFalse(reason, message)],
    });

  it.each([
    ['ArtifactFailed', 'Source is not ready, artifact not found, retrying in 30s'],
    ['SourceNotReady', 'source is not ready'],
    ['HelmChartNotReady', 'chart is not ready'],
    ['SourceUnavailable', 'failed to get source'],
    ['NoSourceArtifact', 'no artifact available'],
  ])('Ready reason %s → its not-ready E2 targets', (reason, message) => {
    expect(
      rootsOf(run([failingRepo, consumer(reason, message)]), 'Kustomization/flux-system/podinfo'),
    ).toEqual(['GitRepository/flux-system/podinfo']);
  });

  it("a message naming an E2 target as '<ns>/<name>' triggers R2 whatever the reason", () => {
    const chart = failingFlux(
      helmChart,
      'flux-system-podinfo',
      'ChartPullError',
      'chart pull error: unsupported protocol scheme "oci"',
    );
    const hr = helmRelease('podinfo', {
      spec: chartSpec('podinfo', 'charts'),
      conditions: [
        readyFalse(
          'ReconciliationFailed',
          "HelmChart 'flux-system/flux-system-podinfo' is not ready: chart pull error",
        ),
      ],
    });
    expect(rootsOf(run([chart, helmRepository('charts'), hr]), 'HelmRelease/flux-system/podinfo')).toEqual([
      'HelmChart/flux-system/flux-system-podinfo',
    ]);
  });

  it('a message of the form `"<name>" not found` (namespace omitted) names a missing source', () => {
    const ks = consumer('ReconciliationFailed', 'GitRepository.source.toolkit.fluxcd.io "podinfo" not found');
    const report = run([ks]);
    expect(rootsOf(report, 'Kustomization/flux-system/podinfo')).toEqual([
      'GitRepository/flux-system/podinfo',
    ]);
    expect(rootCauseOf(report, 'GitRepository/flux-system/podinfo').state).toBe('missing');
  });

  it('ArtifactFailed with a missing source (the raw API NotFound text, F1) → the missing source', () => {
    const report = run([
      consumer('ArtifactFailed', 'GitRepository.source.toolkit.fluxcd.io "podinfo" not found'),
    ]);
    expect(rootCauseOf(report, 'GitRepository/flux-system/podinfo').state).toBe('missing');
  });

  it('ArtifactFailed while the source is ready (K9: a local path error) → N is its own root', () => {
    const ks = kustomization('podinfo', {
      generation: 3,
      observedGeneration: 2,
      spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' } },
      conditions: [
        cond(
          'Reconciling',
          'True',
          'ProgressingWithRetry',
          'Fetching manifests for revision master/67e2c98a with a timeout of 4m30s',
        ),
        readyFalse(
          'ArtifactFailed',
          'kustomization path not found: stat /tmp/kustomization-1464362706/invalid: no such file or directory',
        ),
      ],
    });
    expect(rootsOf(run([gitRepository('podinfo'), ks]), 'Kustomization/flux-system/podinfo')).toEqual([
      'Kustomization/flux-system/podinfo',
    ]);
  });

  it('does not apply when neither the reason nor the message points at a source', () => {
    const ks = consumer(
      'BuildFailed',
      "kustomize build failed: accumulating resources from 'k8s': is a directory",
    );
    expect(rootsOf(run([failingRepo, ks]), 'Kustomization/flux-system/podinfo')).toEqual([
      'Kustomization/flux-system/podinfo',
    ]);
  });

  it('a message naming an object that is not an E2 target does not trigger R2', () => {
    const other = failingFlux(gitRepository, 'shared', 'GitOperationFailed', 'failed to checkout');
    const ks = kustomization('podinfo', {
      spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' } },
      conditions: [
        readyFalse(
          'ReconciliationFailed',
          "GitRepository 'flux-system/shared' is referenced by a patch and is not ready",
        ),
      ],
    });
    expect(rootsOf(run([gitRepository('podinfo'), other, ks]), 'Kustomization/flux-system/podinfo')).toEqual([
      'Kustomization/flux-system/podinfo',
    ]);
  });

  it('HelmChart NoSourceArtifact → its not-ready HelmRepository (S3)', () => {
    const repo = helmRepository('stunner', {
      conditions: [
        stalled('Failed', 'failed to fetch Helm repository index: 404 Not Found'),
        readyFalse(
          'Failed',
          'failed to fetch Helm repository index: failed to cache index to temporary file: failed to fetch https://charts.example.com/index.yaml : 404 Not Found',
        ),
      ],
    });
    const chart = helmChart('stunner-stunner', {
      spec: { sourceRef: { kind: 'HelmRepository', name: 'stunner' } },
      conditions: [
        readyFalse('NoSourceArtifact', "no artifact available for HelmRepository source 'stunner'"),
      ],
    });
    expect(rootsOf(run([repo, chart]), 'HelmChart/flux-system/stunner-stunner')).toEqual([
      'HelmRepository/flux-system/stunner',
    ]);
  });

  it('an OCI HelmRepository without status is a ready source: the chart failing on it is its own root', () => {
    const repo = helmRepository('podinfo', {
      spec: { type: 'oci', url: 'oci://ghcr.io/stefanprodan/charts' },
      noStatus: true,
    });
    const chart = helmChart('flux-system-podinfo', {
      spec: { sourceRef: { kind: 'HelmRepository', name: 'podinfo' } },
      conditions: [
        readyFalse(
          'SourceUnavailable',
          "failed to get source: HelmRepository 'flux-system/podinfo' credentials unavailable",
        ),
      ],
    });
    expect(rootsOf(run([repo, chart]), 'HelmChart/flux-system/flux-system-podinfo')).toEqual([
      'HelmChart/flux-system/flux-system-podinfo',
    ]);
  });

  describe('GitRepository IncludeUnavailable', () => {
    const app = (reason: string, message: string) =>
      gitRepository('app', {
        spec: { include: [{ repository: { name: 'shared' }, toPath: 'shared' }] },
        conditions: [
          { type: 'IncludeUnavailable', status: 'True', reason, message },
          stalled(reason, message),
          readyFalse(reason, message),
        ],
      });

    it('an include without an artifact (IncludeUnavailable=True, NoArtifact) → that include', () => {
      const shared = failingFlux(
        gitRepository,
        'shared',
        'GitOperationFailed',
        'failed to checkout and determine revision: unable to clone',
      );
      const report = run([shared, app('NoArtifact', "no artifact available for include 'shared'")]);
      expect(rootsOf(report, 'GitRepository/flux-system/app')).toEqual(['GitRepository/flux-system/shared']);
    });

    it('a missing include (IncludeUnavailable=True, NotFound) → that missing include', () => {
      const report = run([
        app(
          'NotFound',
          `could not get resource for include 'shared': gitrepositories.source.toolkit.fluxcd.io "shared" not found`,
        ),
      ]);
      expect(rootsOf(report, 'GitRepository/flux-system/app')).toEqual(['GitRepository/flux-system/shared']);
      expect(rootCauseOf(report, 'GitRepository/flux-system/shared').state).toBe('missing');
    });

    it('Ready reason IncludeUnavailable → the not-ready include', () => {
      const shared = failingFlux(gitRepository, 'shared', 'GitOperationFailed', 'failed to checkout');
      const repo = gitRepository('app', {
        spec: { include: [{ repository: { name: 'shared' } }] },
        conditions: [readyFalse('IncludeUnavailable', "no artifact available for include 'shared'")],
      });
      expect(rootsOf(run([shared, repo]), 'GitRepository/flux-system/app')).toEqual([
        'GitRepository/flux-system/shared',
      ]);
    });
  });
});

describe('R3 Flux health checks', () => {
  const failedHr = (name: string, namespace: string) =>
    helmRelease(name, {
      namespace,
      conditions: [
        stalled('RetriesExceeded', 'Failed to install after 1 attempt(s)'),
        readyFalse('InstallFailed', 'Helm install failed: timed out waiting for the condition'),
      ],
    });
  const healthFailed = (message: string, o: { inventory?: readonly string[]; reason?: string } = {}) =>
    kustomization('kyverno', {
      ...(o.inventory === undefined ? {} : { inventory: o.inventory }),
      conditions: [readyFalse(o.reason ?? 'HealthCheckFailed', message)],
    });

  // Each case: the objects beside the Kustomization, its health-check message, and its root.
  it.each([
    [
      'fail-fast form `failed early due to stalled resources: [...]` (K5) → the named HelmRelease',
      [failedHr('kyverno', 'sylva-system')],
      "health check failed after 33.623904ms: failed early due to stalled resources: [HelmRelease/sylva-system/kyverno status: 'Failed']",
      'HelmRelease/sylva-system/kyverno',
    ],
    [
      'current timeout form `timeout waiting for: [...]` (K4) → the named GitOps node',
      [
        helmRelease('controllers', {
          namespace: 'misc',
          conditions: [readyUnknown('Running upgrade action for release misc/controllers')],
        }),
      ],
      "health check failed after 30.016270739s: timeout waiting for: [HelmRelease/misc/controllers status: 'InProgress']",
      'HelmRelease/misc/controllers',
    ],
    [
      '0.2x form `Health check failed after …, timeout waiting for: [...]` (K6)',
      [failedHr('httpbin', 'wpb-services')],
      "Health check failed after 2m0.013489487s, timeout waiting for: [HelmRelease/wpb-services/httpbin status: 'InProgress']",
      'HelmRelease/wpb-services/httpbin',
    ],
    [
      "≤0.13 form `Health check timed out for [Kind 'ns/name', ...]` (K6)",
      [failedHr('redis', 'cache')],
      "Health check timed out for [HelmRelease 'cache/redis', Job 'default/neo4j-bootstrap-databases']",
      'HelmRelease/cache/redis',
    ],
    [
      'only entries that are not ready count',
      [helmRelease('a', { namespace: 'x' }), failedHr('b', 'x')],
      "health check failed after 5m0s: timeout waiting for: [HelmRelease/x/a status: 'InProgress', HelmRelease/x/b status: 'Failed']",
      'HelmRelease/x/b',
    ],
  ])('%s', (_title, others, message, root) => {
    const objects = [...others, healthFailed(message)];
    expect(rootsOf(run(objects), 'Kustomization/flux-system/kyverno')).toEqual([root]);
  });

  it('entries naming non-GitOps objects are kept as the root’s evidence; N is its own root', () => {
    const web = deployment('misc-controllers-suite-controller-manager', 'misc-system', { available: 0 });
    const ks = healthFailed(
      "health check failed after 30.01s: timeout waiting for: [Deployment/misc-system/misc-controllers-suite-controller-manager status: 'InProgress']",
    );
    const report = run([web, ks]);
    expect(rootsOf(report, 'Kustomization/flux-system/kyverno')).toEqual([
      'Kustomization/flux-system/kyverno',
    ]);
    const evidence = rootCauseOf(report, 'Kustomization/flux-system/kyverno').evidence;
    expect(evidence).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'Deployment',
          namespace: 'misc-system',
          name: 'misc-controllers-suite-controller-manager',
        }),
      ]),
    );
  });

  it('failing that, the not-ready GitOps objects in its inventory', () => {
    const objects = [
      failedHr('cache', 'apps'),
      helmRelease('ok', { namespace: 'apps' }),
      healthFailed(
        "health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: 'InProgress']",
        {
          inventory: [
            'apps_web_apps_Deployment',
            'apps_cache_helm.toolkit.fluxcd.io_HelmRelease',
            'apps_ok_helm.toolkit.fluxcd.io_HelmRelease',
          ],
        },
      ),
    ];
    expect(rootsOf(run(objects), 'Kustomization/flux-system/kyverno')).toEqual(['HelmRelease/apps/cache']);
  });

  it('no not-ready GitOps object in the list or inventory → N is its own root', () => {
    const objects = [
      helmRelease('ok', { namespace: 'apps' }),
      healthFailed(
        "health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: 'InProgress']",
        {
          inventory: ['apps_web_apps_Deployment', 'apps_ok_helm.toolkit.fluxcd.io_HelmRelease'],
        },
      ),
    ];
    expect(rootsOf(run(objects), 'Kustomization/flux-system/kyverno')).toEqual([
      'Kustomization/flux-system/kyverno',
    ]);
  });

  it('a FluxInstance ReconciliationFailed with a health-check message → the named node', () => {
    const instance = failingFlux(
      fluxInstance,
      'flux',
      'ReconciliationFailed',
      "health check failed after 5m0s: timeout waiting for: [Kustomization/flux-system/flux-system status: 'Failed']",
    );
    expect(rootsOf(run([instance, failingBuild('flux-system')]), 'FluxInstance/flux-system/flux')).toEqual([
      'Kustomization/flux-system/flux-system',
    ]);
  });

  it('HealthCheckCanceled is not a failure', () => {
    // kustomize-controller: Ready=False, reason HealthCheckCanceled, when a new revision cancels the wait.
    const ks = healthFailed('New reconciliation triggered by GitRepository/flux-system/flux-system', {
      reason: 'HealthCheckCanceled',
    });
    expect(objectOf(run([ks]), 'Kustomization/flux-system/kyverno').state).toBe('progressing');
  });

  it('a progressing Kustomization waiting on a suspended failing HelmRelease is explained by it (K8)', () => {
    const hr = helmRelease('calico', {
      namespace: 'sylva-system',
      suspend: true,
      conditions: [readyFalse('UpgradeFailed', 'upgrade retries exhausted')],
    });
    const ks = failingFlux(
      kustomization,
      'calico',
      'HealthCheckFailed',
      "health check failed after 5m0s: timeout waiting for: [HelmRelease/sylva-system/calico status: 'InProgress']",
      'sylva-system',
    );
    const report = run([hr, ks]);
    expect(rootsOf(report, 'Kustomization/sylva-system/calico')).toEqual(['HelmRelease/sylva-system/calico']);
    expect(rootCauseOf(report, 'HelmRelease/sylva-system/calico').state).toBe('suspended');
  });
});

const DOWN_KUSTOMIZE_CONTROLLER = fluxController('kustomize-controller', { ready: false });

describe('R5 controllers, for Flux objects', () => {
  it.each([
    [
      'a Flux object whose controller is not ready is explained by the controller',
      [DOWN_KUSTOMIZE_CONTROLLER, failingBuild('apps')],
      'Deployment/flux-system/kustomize-controller',
    ],
    [
      'also when it is merely progressing',
      [DOWN_KUSTOMIZE_CONTROLLER, kustomization('apps', { conditions: [readyUnknown()] })],
      'Deployment/flux-system/kustomize-controller',
    ],
    [
      'not when the controller is ready',
      [fluxController('kustomize-controller'), failingBuild('apps')],
      'Kustomization/flux-system/apps',
    ],
  ])('%s', (_title, objects, root) => {
    expect(rootsOf(run(objects), 'Kustomization/flux-system/apps')).toEqual([root]);
  });
});

describe('rule order: the first rule with a non-empty explanation wins', () => {
  // Each case: the objects, the node, and its one root.
  it.each([
    [
      'R1 before R2: a DependencyNotReady node is not blamed on its failing source',
      [
        failingBuild('infra'),
        gitRepository('apps-repo', {
          conditions: [readyFalse('GitOperationFailed', 'failed to checkout')],
          status: { artifact: { revision: 'main@sha1:1' } },
        }),
        kustomization('apps', {
          dependsOn: [{ name: 'infra' }],
          spec: { sourceRef: { kind: 'GitRepository', name: 'apps-repo' } },
          conditions: [readyFalse('DependencyNotReady', "dependency 'flux-system/infra' is not ready")],
        }),
      ],
      'Kustomization/flux-system/apps',
      'Kustomization/flux-system/infra',
    ],
    [
      'R1 before R5: a missing dependency wins over a down kustomize-controller',
      [
        DOWN_KUSTOMIZE_CONTROLLER,
        kustomization('apps', {
          dependsOn: [{ name: 'infra' }],
          conditions: [readyFalse('DependencyNotReady', "dependency 'flux-system/infra' not found")],
        }),
      ],
      'Kustomization/flux-system/apps',
      'Kustomization/flux-system/infra',
    ],
    [
      'R2 before R5: a failing source wins over a down kustomize-controller',
      [
        DOWN_KUSTOMIZE_CONTROLLER,
        failingFlux(gitRepository, 'podinfo', 'GitOperationFailed', 'failed to checkout'),
        kustomization('podinfo', {
          spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' } },
          conditions: [readyFalse('ArtifactFailed', 'Source artifact not found, retrying in 30s')],
        }),
      ],
      'Kustomization/flux-system/podinfo',
      'GitRepository/flux-system/podinfo',
    ],
    [
      'R3 before R5: the stalled HelmRelease wins over a down kustomize-controller',
      [
        DOWN_KUSTOMIZE_CONTROLLER,
        failingFlux(helmRelease, 'kyverno', 'InstallFailed', 'Helm install failed', 'kyverno'),
        failingFlux(
          kustomization,
          'kyverno',
          'HealthCheckFailed',
          "health check failed after 40ms: failed early due to stalled resources: [HelmRelease/kyverno/kyverno status: 'Failed']",
        ),
      ],
      'Kustomization/flux-system/kyverno',
      'HelmRelease/kyverno/kyverno',
    ],
    [
      'an empty rule falls through: ArtifactFailed with a ready source and a down controller → the controller',
      [
        DOWN_KUSTOMIZE_CONTROLLER,
        gitRepository('podinfo'),
        kustomization('podinfo', {
          spec: { sourceRef: { kind: 'GitRepository', name: 'podinfo' } },
          conditions: [readyFalse('ArtifactFailed', 'kustomization path not found')],
        }),
      ],
      'Kustomization/flux-system/podinfo',
      'Deployment/flux-system/kustomize-controller',
    ],
  ])('%s', (_title, objects, node, root) => {
    expect(rootsOf(run(objects), node)).toEqual([root]);
  });

  it('a ready node has no explanation at all, whatever its edges point at', () => {
    const objects = [
      DOWN_KUSTOMIZE_CONTROLLER,
      failingBuild('infra'),
      ociRepository('o', { conditions: [readyTrue()] }),
      kustomization('apps', { dependsOn: [{ name: 'infra' }] }),
    ];
    expect(rootsOf(run(objects), 'Kustomization/flux-system/apps')).toEqual([]);
  });
});
