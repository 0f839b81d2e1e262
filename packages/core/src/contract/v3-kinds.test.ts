/**
 * Contract v3: the image-automation, notification and ResourceSetInputProvider kinds — §1 nodes
 * and controllers, §2 states, E2 additions, E5, E9 `refers`, R1b, R2b and their warnings.
 * Messages are the controllers' own (image-reflector-controller 1.2, image-automation-controller
 * 1.2, notification-controller 1.9, flux-operator 0.58), objects renamed.
 */
import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../index.ts';
import {
  AT,
  alert,
  cond,
  deployment,
  failingFlux,
  findObject,
  fmt,
  gitRepository,
  imagePolicy,
  imageRepository,
  imageUpdateAutomation,
  type Json,
  kustomization,
  minutesBefore,
  objectOf,
  provider,
  readyFalse,
  readyUnknown,
  receiver,
  reconciling,
  ref,
  resourceSet,
  resourceSetInputProvider,
  rootCauseOf,
  rootRefs,
  rootsOf,
  run,
  stalled,
  stateOf,
  warningsOf,
} from './objects.test-support.ts';

function edgesOf(objects: readonly Json[], node: string, type: string): string[] {
  const model = new ClusterModel({ at: AT });
  for (const o of objects) model.upsert(o);
  const found = model.node(ref(node));
  if (found === undefined) throw new Error(`${node} is not a node`);
  return found.edges.filter((e) => e.type === type).map((e) => fmt(e.ref));
}

const NO_TAGS = readyFalse('DependencyNotReady', 'retrying in 30s error: no tags in database');
const REPO_GONE = readyFalse(
  'DependencyNotReady',
  'failed to get the referred ImageRepository: referenced ImageRepository does not exist: ImageRepository.image.toolkit.fluxcd.io "podinfo" not found',
);
const SCAN_FAILED = readyFalse(
  'ReadOperationFailed',
  'scan failed: GET https://registry.example.com/v2/team/podinfo/tags/list: UNAUTHORIZED: authentication required',
);

describe('(v3) §1 the new Flux kinds are nodes', () => {
  it('ImageRepository, ImagePolicy, ImageUpdateAutomation, Receiver, Alert, Provider, ResourceSetInputProvider', () => {
    const report = run([
      imageRepository('podinfo'),
      imagePolicy('podinfo', 'podinfo'),
      imageUpdateAutomation('apps', 'flux-system'),
      gitRepository('flux-system'),
      receiver('github', [{ kind: 'GitRepository', name: 'flux-system' }]),
      provider('slack'),
      alert('on-call', 'slack', [{ kind: 'Kustomization', name: '*' }]),
      resourceSetInputProvider('prs', {
        conditions: [cond('Ready', 'True', 'ReconciliationSucceeded', 'Reconciliation finished in 2s')],
      }),
    ]);
    for (const node of [
      'ImageRepository/flux-system/podinfo',
      'ImagePolicy/flux-system/podinfo',
      'ImageUpdateAutomation/flux-system/apps',
      'Receiver/flux-system/github',
      'Alert/flux-system/on-call',
      'Provider/flux-system/slack',
      'ResourceSetInputProvider/flux-system/prs',
    ]) {
      expect({ node, state: stateOf(report, node), layer: objectOf(report, node).ready }).toEqual({
        node,
        state: 'ready',
        layer: true,
      });
    }
    expect(report.summary.flux.total).toBe(8);
  });

  it('image kinds are read at v1beta2 too, where a cluster still serves it', () => {
    const repo = {
      ...imageRepository('podinfo', { conditions: [SCAN_FAILED] }),
      apiVersion: 'image.toolkit.fluxcd.io/v1beta2',
    };
    expect(stateOf(run([repo]), 'ImageRepository/flux-system/podinfo')).toBe('failing');
  });
});

describe('(v3) §2 states of the new kinds', () => {
  it('image kinds and Receiver follow the Flux column: Ready=False failing with its reason, Stalled failing', () => {
    const report = run([
      imageRepository('podinfo', {
        conditions: [SCAN_FAILED, reconciling('scan failed', 'ProgressingWithRetry')],
      }),
      receiver('github', [], {
        conditions: [
          readyFalse(
            'TokenNotFound',
            'unable to read token from secret \'flux-system/webhook-token\' error: Secret "webhook-token" not found',
          ),
        ],
      }),
      imageUpdateAutomation('apps', 'flux-system', {
        conditions: [
          readyFalse('InvalidPolicySelector', 'failed to parse policy selector: bad'),
          stalled('InvalidPolicySelector', 'failed to parse policy selector: bad'),
        ],
      }),
      gitRepository('flux-system'),
    ]);
    expect(objectOf(report, 'ImageRepository/flux-system/podinfo')).toMatchObject({
      state: 'failing',
      reason: 'ReadOperationFailed',
    });
    expect(objectOf(report, 'Receiver/flux-system/github')).toMatchObject({
      state: 'failing',
      reason: 'TokenNotFound',
    });
    expect(stateOf(report, 'ImageUpdateAutomation/flux-system/apps')).toBe('failing');
  });

  it('spec.suspend suspends an ImageRepository', () => {
    expect(
      stateOf(run([imageRepository('podinfo', { suspend: true })]), 'ImageRepository/flux-system/podinfo'),
    ).toBe('suspended');
  });

  it('Alert and Provider are ready whatever an old status left on them', () => {
    const oldStatus = {
      status: { observedGeneration: 1, conditions: [readyFalse('Failed', 'stale v1beta2 status')] },
    };
    const report = run([
      { ...provider('slack'), ...oldStatus },
      { ...alert('on-call', 'slack', []), ...oldStatus },
    ]);
    expect(objectOf(report, 'Provider/flux-system/slack')).toMatchObject({ state: 'ready', ready: true });
    expect(objectOf(report, 'Alert/flux-system/on-call')).toMatchObject({ state: 'ready', ready: true });
  });

  it('Alert and Provider are suspended when spec.suspend', () => {
    expect(stateOf(run([provider('slack', { suspend: true })]), 'Provider/flux-system/slack')).toBe(
      'suspended',
    );
  });

  it('ResourceSetInputProvider compares the Ready condition’s observedGeneration with its generation', () => {
    const stale = {
      ...cond('Ready', 'True', 'ReconciliationSucceeded', 'Reconciliation finished in 2s'),
      observedGeneration: 1,
    };
    const provider_ = resourceSetInputProvider('prs', { generation: 2, conditions: [stale] });
    delete (provider_.status as Json).observedGeneration;
    expect(objectOf(run([provider_]), 'ResourceSetInputProvider/flux-system/prs').ready).toBe(false);
    const current = resourceSetInputProvider('prs', {
      generation: 2,
      conditions: [{ ...stale, observedGeneration: 2 }],
    });
    delete (current.status as Json).observedGeneration;
    expect(objectOf(run([current]), 'ResourceSetInputProvider/flux-system/prs').ready).toBe(true);
  });

  it('Ready=True ReconciliationDisabled is ready and suspended', () => {
    const rsip = resourceSetInputProvider('prs', {
      conditions: [
        cond('Ready', 'True', 'ReconciliationDisabled', 'Initialized with reconciliation suspended'),
      ],
    });
    expect(objectOf(run([rsip]), 'ResourceSetInputProvider/flux-system/prs')).toMatchObject({
      state: 'suspended',
      ready: true,
    });
  });
});

describe('(v3) §1 controllers and E5 for the new kinds', () => {
  const component = (name: string, ready = true) =>
    deployment(name, 'flux-system', {
      labels: { 'app.kubernetes.io/component': name, 'app.kubernetes.io/part-of': 'flux' },
      available: ready ? 1 : 0,
    });

  it('a down image-reflector-controller explains a failing ImageRepository (R5)', () => {
    const report = run([
      component('image-reflector-controller', false),
      imageRepository('podinfo', { conditions: [SCAN_FAILED] }),
    ]);
    expect(rootsOf(report, 'ImageRepository/flux-system/podinfo')).toEqual([
      'Deployment/flux-system/image-reflector-controller',
    ]);
  });

  it('E5: ImagePolicy → image-reflector-controller, ImageUpdateAutomation → image-automation-controller, Receiver/Alert/Provider → notification-controller, ResourceSetInputProvider → flux-operator', () => {
    const objects = [
      component('image-reflector-controller'),
      component('image-automation-controller'),
      component('notification-controller'),
      component('flux-operator'),
      imageRepository('podinfo'),
      imagePolicy('podinfo', 'podinfo'),
      gitRepository('flux-system'),
      imageUpdateAutomation('apps', 'flux-system'),
      receiver('github', []),
      provider('slack'),
      alert('on-call', 'slack', []),
      resourceSetInputProvider('prs'),
    ];
    expect(edgesOf(objects, 'ImagePolicy/flux-system/podinfo', 'controller')).toEqual([
      'Deployment/flux-system/image-reflector-controller',
    ]);
    expect(edgesOf(objects, 'ImageUpdateAutomation/flux-system/apps', 'controller')).toEqual([
      'Deployment/flux-system/image-automation-controller',
    ]);
    for (const node of [
      'Receiver/flux-system/github',
      'Alert/flux-system/on-call',
      'Provider/flux-system/slack',
    ]) {
      expect(edgesOf(objects, node, 'controller')).toEqual([
        'Deployment/flux-system/notification-controller',
      ]);
    }
    expect(edgesOf(objects, 'ResourceSetInputProvider/flux-system/prs', 'controller')).toEqual([
      'Deployment/flux-system/flux-operator',
    ]);
  });
});

describe('(v3) E2 additions', () => {
  it('ImagePolicy imageRepositoryRef → ImageRepository, in the policy’s namespace unless it names one', () => {
    expect(
      edgesOf([imagePolicy('web', 'web', { namespace: 'apps' })], 'ImagePolicy/apps/web', 'source'),
    ).toEqual(['ImageRepository/apps/web']);
    expect(
      edgesOf(
        [imagePolicy('web', 'web', { namespace: 'apps', repositoryNamespace: 'images' })],
        'ImagePolicy/apps/web',
        'source',
      ),
    ).toEqual(['ImageRepository/images/web']);
  });

  it('ImageUpdateAutomation sourceRef → GitRepository, in its own namespace unless it names one', () => {
    expect(
      edgesOf([imageUpdateAutomation('apps', 'fleet')], 'ImageUpdateAutomation/flux-system/apps', 'source'),
    ).toEqual(['GitRepository/flux-system/fleet']);
  });

  it('ResourceSet inputsFrom → ResourceSetInputProviders by name, and by label selector, in its own namespace', () => {
    const objects = [
      resourceSet('previews', {
        namespace: 'apps',
        spec: {
          inputsFrom: [
            { kind: 'ResourceSetInputProvider', name: 'main' },
            { selector: { matchLabels: { team: 'web' } } },
          ],
        },
      }),
      resourceSetInputProvider('main', { namespace: 'apps' }),
      resourceSetInputProvider('prs', { namespace: 'apps', labels: { team: 'web' } }),
      resourceSetInputProvider('tags', { namespace: 'apps', labels: { team: 'api' } }),
      resourceSetInputProvider('prs', { namespace: 'other', labels: { team: 'web' } }),
    ];
    expect(edgesOf(objects, 'ResourceSet/apps/previews', 'source')).toEqual([
      'ResourceSetInputProvider/apps/main',
      'ResourceSetInputProvider/apps/prs',
    ]);
  });

  it('a selector follows labels as they change (incremental)', () => {
    const model = new ClusterModel({ at: AT });
    model.upsert(
      resourceSet('previews', { spec: { inputsFrom: [{ selector: { matchLabels: { team: 'web' } } }] } }),
    );
    model.upsert(resourceSetInputProvider('prs'));
    const edges = () =>
      model
        .node(ref('ResourceSet/flux-system/previews'))!
        .edges.filter((e) => e.type === 'source')
        .map((e) => fmt(e.ref));
    expect(edges()).toEqual([]);
    model.upsert(resourceSetInputProvider('prs', { labels: { team: 'web' } }));
    expect(edges()).toEqual(['ResourceSetInputProvider/flux-system/prs']);
    // A provider that appears later is selected too.
    model.upsert(resourceSetInputProvider('tags', { labels: { team: 'web' } }));
    expect(edges()).toEqual([
      'ResourceSetInputProvider/flux-system/prs',
      'ResourceSetInputProvider/flux-system/tags',
    ]);
  });
});

describe('(v3) E9 refers: drawn and checked, never an explanation', () => {
  it('Alert providerRef → Provider in the Alert’s namespace; eventSources by name (namespace defaulted) and by "*" + matchLabels', () => {
    const objects = [
      provider('slack', { namespace: 'apps' }),
      alert(
        'on-call',
        'slack',
        [
          { kind: 'HelmRelease', name: 'web' },
          { kind: 'Kustomization', namespace: 'flux-system', name: 'infra' },
          { kind: 'GitRepository', name: '*', matchLabels: { tier: 'prod' } },
        ],
        { namespace: 'apps' },
      ),
      gitRepository('prod-repo', { namespace: 'apps', labels: { tier: 'prod' } }),
      gitRepository('dev-repo', { namespace: 'apps', labels: { tier: 'dev' } }),
    ];
    expect(edgesOf(objects, 'Alert/apps/on-call', 'refers')).toEqual([
      'Provider/apps/slack',
      'HelmRelease/apps/web',
      'Kustomization/flux-system/infra',
      'GitRepository/apps/prod-repo',
    ]);
  });

  it('Receiver resources → the objects named; ImageUpdateAutomation → the ImagePolicies its policySelector selects (all when unset)', () => {
    const objects = [
      receiver('github', [{ kind: 'GitRepository', name: 'fleet' }]),
      imageUpdateAutomation('all', 'fleet'),
      imageUpdateAutomation('web-only', 'fleet', {
        spec: { policySelector: { matchLabels: { app: 'web' } } },
      }),
      imagePolicy('web', 'web', { labels: { app: 'web' } }),
      imagePolicy('api', 'api'),
      imagePolicy('elsewhere', 'api', { namespace: 'other' }),
    ];
    expect(edgesOf(objects, 'Receiver/flux-system/github', 'refers')).toEqual([
      'GitRepository/flux-system/fleet',
    ]);
    expect(edgesOf(objects, 'ImageUpdateAutomation/flux-system/all', 'refers')).toEqual([
      'ImagePolicy/flux-system/api',
      'ImagePolicy/flux-system/web',
    ]);
    expect(edgesOf(objects, 'ImageUpdateAutomation/flux-system/web-only', 'refers')).toEqual([
      'ImagePolicy/flux-system/web',
    ]);
  });

  it('an absent target is a missing-reference warning on the referring object, never a root', () => {
    const report = run([
      alert('on-call', 'slack', []),
      receiver('github', [{ kind: 'Kustomization', name: 'apps' }]),
    ]);
    expect(rootRefs(report)).toEqual([]);
    expect(warningsOf(report, 'missing-reference').map((w) => [fmt(w.ref), w.message])).toEqual([
      ['Alert/flux-system/on-call', expect.stringContaining('Provider/flux-system/slack')],
      ['Receiver/flux-system/github', expect.stringContaining('Kustomization/flux-system/apps')],
    ]);
  });

  it('the warning is given whatever the referring object’s own state', () => {
    const failing = receiver('github', [{ kind: 'Kustomization', name: 'apps' }], {
      conditions: [
        readyFalse('TokenNotFound', "unable to read token from secret 'flux-system/webhook-token'"),
      ],
    });
    const report = run([failing]);
    expect(warningsOf(report, 'missing-reference').map((w) => fmt(w.ref))).toEqual([
      'Receiver/flux-system/github',
    ]);
    expect(rootRefs(report)).toEqual(['Receiver/flux-system/github']);
  });

  it('a failing event source does not explain the Alert, nor a failing Receiver target the Receiver', () => {
    const report = run([
      failingFlux(kustomization, 'apps', 'BuildFailed', 'kustomize build failed'),
      receiver('github', [{ kind: 'Kustomization', name: 'apps' }], {
        conditions: [readyUnknown('Reconciliation in progress'), reconciling('reconciling')],
      }),
    ]);
    expect(rootsOf(report, 'Receiver/flux-system/github')).toEqual(['Receiver/flux-system/github']);
  });
});

describe('(v3) R1b image policy', () => {
  it('DependencyNotReady with the ImageRepository absent → that missing ImageRepository', () => {
    const report = run([imagePolicy('podinfo', 'podinfo', { conditions: [REPO_GONE], latest: false })]);
    expect(rootsOf(report, 'ImagePolicy/flux-system/podinfo')).toEqual([
      'ImageRepository/flux-system/podinfo',
    ]);
    expect(rootCauseOf(report, 'ImageRepository/flux-system/podinfo').state).toBe('missing');
  });

  it('DependencyNotReady ("no tags in database") with the ImageRepository failing → the ImageRepository', () => {
    const report = run([
      imageRepository('podinfo', { conditions: [SCAN_FAILED] }),
      imagePolicy('podinfo', 'podinfo', { conditions: [NO_TAGS], latest: false }),
    ]);
    expect(rootsOf(report, 'ImagePolicy/flux-system/podinfo')).toEqual([
      'ImageRepository/flux-system/podinfo',
    ]);
  });

  it('a ready repository (0 tags scanned) leaves the policy its own root', () => {
    const report = run([
      imageRepository('podinfo', {
        conditions: [cond('Ready', 'True', 'Succeeded', 'successful scan: found 0 tags with checksum 0')],
      }),
      imagePolicy('podinfo', 'podinfo', { conditions: [NO_TAGS], latest: false }),
    ]);
    expect(rootsOf(report, 'ImagePolicy/flux-system/podinfo')).toEqual(['ImagePolicy/flux-system/podinfo']);
  });

  it('a policy failing for its own reason (no tag matches) is its own root even when its repository fails', () => {
    const report = run([
      imageRepository('podinfo', { conditions: [SCAN_FAILED] }),
      imagePolicy('podinfo', 'podinfo', {
        conditions: [readyFalse('Failure', 'unable to determine latest version from provided list')],
      }),
    ]);
    expect(rootsOf(report, 'ImagePolicy/flux-system/podinfo')).toEqual(['ImagePolicy/flux-system/podinfo']);
  });
});

describe('(v3) R2b image automation and inputs', () => {
  const GIT_GONE = readyFalse(
    'SourceManagerFailed',
    'failed configuring source manager: referenced git repository does not exist: GitRepository.source.toolkit.fluxcd.io "fleet" not found',
  );

  it('ImageUpdateAutomation SourceManagerFailed "referenced git repository does not exist" → the missing GitRepository', () => {
    const report = run([imageUpdateAutomation('apps', 'fleet', { conditions: [GIT_GONE] })]);
    expect(rootsOf(report, 'ImageUpdateAutomation/flux-system/apps')).toEqual([
      'GitRepository/flux-system/fleet',
    ]);
    expect(rootCauseOf(report, 'GitRepository/flux-system/fleet').state).toBe('missing');
  });

  const failingFleet = failingFlux(
    gitRepository,
    'fleet',
    'GitOperationFailed',
    'failed to checkout and determine revision: unable to clone',
  );
  it.each([
    [
      'a GitRepository that is there but not ready explains nothing: the automation clones by itself',
      readyFalse(
        'GitOperationFailed',
        "failed to checkout source: unable to clone 'https://git.example.com/platform/fleet'",
      ),
    ],
    [
      'a stale "does not exist" while the GitRepository is there and failing explains nothing either',
      GIT_GONE,
    ],
  ])('%s', (_title, automationReady) => {
    const report = run([
      failingFleet,
      imageUpdateAutomation('apps', 'fleet', { conditions: [automationReady] }),
    ]);
    expect(rootsOf(report, 'ImageUpdateAutomation/flux-system/apps')).toEqual([
      'ImageUpdateAutomation/flux-system/apps',
    ]);
  });

  const PROVIDER_GONE = [
    readyFalse(
      'BuildFailed',
      'failed to compute inputs: failed to get provider flux-system/prs: ResourceSetInputProvider.fluxcd.controlplane.io "prs" not found',
    ),
    stalled('BuildFailed', 'failed to compute inputs: failed to get provider flux-system/prs'),
  ];

  it('ResourceSet BuildFailed "failed to get provider <ns>/<name>" → that missing ResourceSetInputProvider', () => {
    const report = run([
      resourceSet('previews', { spec: { inputsFrom: [{ name: 'prs' }] }, conditions: PROVIDER_GONE }),
    ]);
    expect(rootsOf(report, 'ResourceSet/flux-system/previews')).toEqual([
      'ResourceSetInputProvider/flux-system/prs',
    ]);
  });

  it('… or that not-ready ResourceSetInputProvider', () => {
    const report = run([
      resourceSet('previews', { spec: { inputsFrom: [{ name: 'prs' }] }, conditions: PROVIDER_GONE }),
      resourceSetInputProvider('prs', {
        conditions: [
          readyFalse(
            'ReconciliationFailed',
            'failed to call Git provider: failed to list branches: 401 Bad credentials',
          ),
        ],
      }),
    ]);
    expect(rootsOf(report, 'ResourceSet/flux-system/previews')).toEqual([
      'ResourceSetInputProvider/flux-system/prs',
    ]);
  });

  it('a ResourceSet failing for another reason is not explained by a failing input provider', () => {
    const report = run([
      resourceSet('previews', {
        spec: { inputsFrom: [{ name: 'prs' }] },
        conditions: [
          readyFalse('ReconciliationFailed', 'failed to apply: namespaces "preview-42" not found'),
        ],
      }),
      resourceSetInputProvider('prs', {
        conditions: [readyFalse('ReconciliationFailed', 'failed to call Git provider')],
      }),
    ]);
    expect(rootsOf(report, 'ResourceSet/flux-system/previews')).toEqual(['ResourceSet/flux-system/previews']);
  });
});

describe('(v3) warnings of the new kinds', () => {
  it('stale-inputs: a ready ResourceSet whose input provider is failing', () => {
    const report = run([
      resourceSet('previews', { spec: { inputsFrom: [{ name: 'prs' }] } }),
      resourceSetInputProvider('prs', {
        conditions: [readyFalse('ReconciliationFailed', 'failed to call Git provider')],
      }),
    ]);
    expect(warningsOf(report, 'stale-inputs').map((w) => [fmt(w.ref), w.message])).toEqual([
      [
        'ResourceSet/flux-system/previews',
        expect.stringContaining('ResourceSetInputProvider/flux-system/prs'),
      ],
    ]);
    // A warning, never a root of the ResourceSet.
    expect(objectOf(report, 'ResourceSet/flux-system/previews').ready).toBe(true);
  });

  it('no stale-inputs while the provider is ready, or the ResourceSet itself is not', () => {
    expect(
      warningsOf(
        run([
          resourceSet('previews', { spec: { inputsFrom: [{ name: 'prs' }] } }),
          resourceSetInputProvider('prs'),
        ]),
        'stale-inputs',
      ),
    ).toEqual([]);
  });

  it('policy-without-latest: an ImagePolicy an automation selects that has no status.latestRef', () => {
    const report = run([
      gitRepository('fleet'),
      imageUpdateAutomation('apps', 'fleet'),
      imageRepository('web'),
      imagePolicy('web', 'web', {
        latest: false,
        conditions: [readyFalse('Failure', 'unable to determine latest version from provided list')],
      }),
      imagePolicy('api', 'web'),
    ]);
    expect(warningsOf(report, 'policy-without-latest').map((w) => fmt(w.ref))).toEqual([
      'ImagePolicy/flux-system/web',
    ]);
  });

  it('no policy-without-latest for a policy no automation selects', () => {
    const report = run([imageRepository('web'), imagePolicy('web', 'web', { latest: false })]);
    expect(warningsOf(report, 'policy-without-latest')).toEqual([]);
  });

  it('no stale-generation for a failing ImageRepository whose observedGeneration lags (it moves only on success)', () => {
    const repo = imageRepository('web', {
      generation: 3,
      observedGeneration: 2,
      conditions: [readyFalse('ReadOperationFailed', 'scan failed: timeout', minutesBefore(60))],
    });
    expect(warningsOf(run([repo]), 'stale-generation')).toEqual([]);
    expect(findObject(run([repo]), 'ImageRepository/flux-system/web')?.state).toBe('failing');
  });
});
