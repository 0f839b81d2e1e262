/** Contract §5 rules R4–R7 for Argo CD objects. */
import { describe, expect, it } from 'vitest';
import {
  APPSET_ERROR,
  type AppOptions,
  application,
  applicationSet,
  appProject,
  appSetCluster,
  argoCondition,
  argoController,
  cond,
  type Json,
  LONG_AGO,
  minutesBefore,
  rootCauseOf,
  rootsOf,
  run,
  stateOf,
} from './objects.test-support.ts';

const APP = 'Application/argocd/shop';

describe('R4 project', () => {
  const invalid = (message: string) =>
    application('shop', {
      project: 'payments',
      health: 'Unknown',
      sync: 'Unknown',
      conditions: [argoCondition('InvalidSpecError', message)],
    });

  it('InvalidSpecError naming a project that does not exist → that missing AppProject', () => {
    const report = run([
      invalid('Application referencing project payments which does not exist'),
      appProject('default'),
    ]);
    expect(rootsOf(report, APP)).toEqual(['AppProject/argocd/payments']);
    const root = rootCauseOf(report, 'AppProject/argocd/payments');
    expect(root.state).toBe('missing');
    expect(root.impacted.map((r) => r.name)).toEqual(['shop']);
  });

  it('not when the project exists', () => {
    const report = run([
      invalid('Application referencing project payments which does not exist'),
      appProject('payments'),
    ]);
    expect(rootsOf(report, APP)).toEqual([APP]);
  });

  it('not for another InvalidSpecError (repository not accessible)', () => {
    const message =
      'repository not accessible: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 172.20.86.254:8081: i/o timeout"';
    const report = run([invalid(message), appProject('payments')]);
    expect(rootsOf(report, APP)).toEqual([APP]);
  });

  it('R4 before R5: a missing project wins over a down repo-server', () => {
    const report = run([
      invalid('Application referencing project payments which does not exist'),
      argoController('repo-server', { ready: false }),
    ]);
    expect(rootsOf(report, APP)).toEqual(['AppProject/argocd/payments']);
  });
});

describe('R5 controllers, for Argo CD Applications', () => {
  const objects = (app: AppOptions, controllers: { repo?: boolean; controller?: boolean } = {}): Json[] => [
    application('shop', app),
    appProject('default'),
    argoController('repo-server', { ready: controllers.repo ?? true }),
    argoController('application-controller', { ready: controllers.controller ?? true }),
  ];
  const comparisonError = argoCondition(
    'ComparisonError',
    'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial tcp 10.11.169.93:8081: connect: connection refused"',
  );

  it('an app with a ComparisonError is explained by a down repo-server (A3)', () => {
    const report = run(
      objects({ health: 'Healthy', sync: 'Unknown', conditions: [comparisonError] }, { repo: false }),
    );
    expect(rootsOf(report, APP)).toEqual(['Deployment/argocd/argocd-repo-server']);
  });

  it('an app whose health or sync is Unknown is explained by its not-ready controllers', () => {
    const report = run(objects({ health: 'Unknown', sync: 'Synced' }, { repo: false }));
    expect(rootsOf(report, APP)).toEqual(['Deployment/argocd/argocd-repo-server']);
    const sync = run(objects({ health: 'Healthy', sync: 'Unknown' }, { repo: false }));
    expect(rootsOf(sync, APP)).toEqual(['Deployment/argocd/argocd-repo-server']);
  });

  it('a StaleStatus app is explained by its down application-controller', () => {
    const report = run(objects({ reconciledAt: LONG_AGO }, { controller: false }));
    expect(stateOf(report, APP)).toBe('unknown');
    expect(rootsOf(report, APP)).toEqual(['StatefulSet/argocd/argocd-application-controller']);
  });

  it('both controllers down → both are roots of the app', () => {
    const report = run(
      objects(
        { health: 'Healthy', sync: 'Unknown', conditions: [comparisonError], reconciledAt: minutesBefore(1) },
        { repo: false, controller: false },
      ),
    );
    expect(rootsOf(report, APP)).toEqual([
      'Deployment/argocd/argocd-repo-server',
      'StatefulSet/argocd/argocd-application-controller',
    ]);
  });

  it('a Degraded app is explained by its own resources, not its controllers', () => {
    const report = run(
      objects(
        { health: 'Degraded', sync: 'Synced', reconciledAt: minutesBefore(1) },
        { repo: false, controller: false },
      ),
    );
    expect(stateOf(report, APP)).toBe('failing');
    expect(rootsOf(report, APP)).toEqual([APP]);
  });

  it('a SyncError app (no ComparisonError, health and sync known) is not blamed on a down repo-server', () => {
    const app: AppOptions = {
      health: 'Healthy',
      sync: 'OutOfSync',
      conditions: [
        argoCondition(
          'SyncError',
          'Failed last sync attempt to [5e2f094b]: one or more objects failed to apply, reason: namespaces "ansible" not found (retried 5 times).',
        ),
      ],
      operationState: {
        phase: 'Failed',
        message: 'one or more objects failed to apply',
        retryCount: 5,
        finishedAt: minutesBefore(5),
      },
    };
    expect(rootsOf(run(objects(app, { repo: false })), APP)).toEqual([APP]);
  });

  it('not when the controllers are ready', () => {
    expect(
      rootsOf(run(objects({ health: 'Healthy', sync: 'Unknown', conditions: [comparisonError] })), APP),
    ).toEqual([APP]);
  });
});

describe('R6 Argo CD app-of-apps', () => {
  const childEntry = (name: string) => ({
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Application',
    namespace: 'argocd',
    name,
    status: 'Synced',
  });
  const parent = (extra: AppOptions['resources'] = [], o: AppOptions = {}) =>
    application('root', {
      health: 'Degraded',
      sync: 'Synced',
      resources: [
        childEntry('billing'),
        childEntry('catalog'),
        { kind: 'ConfigMap', namespace: 'argocd', name: 'root-settings' },
        ...extra,
      ],
      ...o,
    });

  it('a not-ready parent whose other resources are fine → its not-ready child Applications (read from the children)', () => {
    const report = run([
      parent(),
      application('billing', { health: 'Degraded' }),
      application('catalog'),
      appProject('default'),
    ]);
    expect(rootsOf(report, 'Application/argocd/root')).toEqual(['Application/argocd/billing']);
    expect(rootsOf(report, 'Application/argocd/billing')).toEqual(['Application/argocd/billing']);
  });

  /** The Deployment `argocd/web` as a Synced entry of the parent, with `health`. */
  const web = (health: string) => ({
    group: 'apps',
    kind: 'Deployment',
    namespace: 'argocd',
    name: 'web',
    status: 'Synced',
    health,
  });
  const deployer = {
    kind: 'ServiceAccount',
    namespace: 'argocd',
    name: 'deployer',
    status: 'OutOfSync',
    health: 'Missing',
  };

  // Each case: the parent, billing's health, and the parent's root.
  it.each([
    [
      'Healthy + Synced resources with a health key do not block',
      parent([web('Healthy')]),
      'Progressing',
      'Application/argocd/billing',
    ],
    [
      'blocked when the parent has another resource that is OutOfSync',
      parent([deployer], { sync: 'OutOfSync' }),
      'Degraded',
      'Application/argocd/root',
    ],
    [
      'blocked when the parent has another resource whose health is not Healthy',
      parent([web('Degraded')]),
      'Degraded',
      'Application/argocd/root',
    ],
  ])('%s', (_title, root, billingHealth, expected) => {
    const report = run([
      root,
      application('billing', { health: billingHealth }),
      application('catalog'),
      appProject('default'),
    ]);
    expect(rootsOf(report, 'Application/argocd/root')).toEqual([expected]);
  });

  it('the children’s own objects decide, not the entries (entries carry no health, A5)', () => {
    const entries = [
      {
        group: 'argoproj.io',
        kind: 'Application',
        namespace: 'argocd',
        name: 'billing',
        status: 'Synced',
        health: 'Healthy',
      },
    ];
    const p = application('root', { health: 'Progressing', sync: 'Synced', resources: entries });
    const report = run([p, application('billing', { health: 'Degraded' }), appProject('default')]);
    expect(rootsOf(report, 'Application/argocd/root')).toEqual(['Application/argocd/billing']);
  });

  it('every child ready → no R6: the parent is its own root', () => {
    const report = run([parent(), application('billing'), application('catalog'), appProject('default')]);
    expect(rootsOf(report, 'Application/argocd/root')).toEqual(['Application/argocd/root']);
  });

  it('a deep app-of-apps chain reaches the leaf', () => {
    const report = run([
      application('root', { health: 'Degraded', resources: [childEntry('mid')] }),
      application('mid', { health: 'Degraded', resources: [childEntry('leaf')] }),
      application('leaf', { health: 'Degraded' }),
      appProject('default'),
    ]);
    expect(rootsOf(report, 'Application/argocd/root')).toEqual(['Application/argocd/leaf']);
    expect(rootCauseOf(report, 'Application/argocd/leaf').impacted.map((r) => r.name)).toEqual([
      'mid',
      'root',
    ]);
  });
});

describe('R7 ApplicationSet', () => {
  it('→ its not-ready generated Applications', () => {
    const set = applicationSet('clusters');
    const report = run(appSetCluster(set, { east: 'Degraded', west: 'Progressing', north: 'Healthy' }));
    expect(rootsOf(report, 'ApplicationSet/argocd/clusters')).toEqual([
      'Application/argocd/east',
      'Application/argocd/west',
    ]);
  });

  it('unless ErrorOccurred is True: then the ApplicationSet is its own root', () => {
    const set = applicationSet('clusters', { conditions: APPSET_ERROR });
    const report = run(appSetCluster(set, { east: 'Degraded' }));
    expect(rootsOf(report, 'ApplicationSet/argocd/clusters')).toEqual(['ApplicationSet/argocd/clusters']);
  });

  it('ResourcesUpToDate=False with ErrorOccurred False still follows the generated apps', () => {
    const set = applicationSet('clusters', {
      conditions: [
        cond('ErrorOccurred', 'False', 'ApplicationSetUpToDate', 'ok'),
        cond('ResourcesUpToDate', 'False', 'ApplicationValidationError', 'invalid'),
      ],
    });
    const report = run(appSetCluster(set, { east: 'Degraded' }));
    expect(rootsOf(report, 'ApplicationSet/argocd/clusters')).toEqual(['Application/argocd/east']);
  });
});
