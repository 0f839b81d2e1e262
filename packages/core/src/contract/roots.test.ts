/** Contract §5: roots (chains, diamonds, cycles), blast radius, ranking and since. */
import { describe, expect, it } from 'vitest';
import {
  application,
  appProject,
  cond,
  failingFlux,
  fluxController,
  fmt,
  helmRelease,
  type Json,
  ksLabels,
  kustomization,
  objectOf,
  readyFalse,
  rootCauseOf,
  rootRefs,
  rootsOf,
  run,
  stateOf,
} from './objects.test-support.ts';

const K = (name: string) => `Kustomization/flux-system/${name}`;

/** A Kustomization that is DependencyNotReady on the given Kustomizations (same namespace). */
function dependent(name: string, ...deps: string[]): Json {
  return kustomization(name, {
    dependsOn: deps.map((d) => ({ name: d })),
    conditions: [readyFalse('DependencyNotReady', `dependency 'flux-system/${deps[0]}' is not ready`)],
  });
}

function broken(name: string, since?: string): Json {
  return kustomization(name, {
    conditions: [readyFalse('BuildFailed', `kustomize build failed: ${name}`, since)],
  });
}

describe('roots: chains and diamonds', () => {
  it('a deep chain (5000 levels) resolves to its single root without a recursion limit', () => {
    const depth = 5000;
    const objects: Json[] = [broken('n0')];
    for (let i = 1; i < depth; i++) objects.push(dependent(`n${i}`, `n${i - 1}`));
    const report = run(objects);
    expect(rootsOf(report, K(`n${depth - 1}`))).toEqual([K('n0')]);
    expect(rootRefs(report)).toEqual([K('n0')]);
    expect(rootCauseOf(report, K('n0')).impacted).toHaveLength(depth - 1);
  }, 30_000);

  it('a diamond counts its root once per impacted node', () => {
    const report = run([
      broken('bottom'),
      dependent('left', 'bottom'),
      dependent('right', 'bottom'),
      dependent('top', 'left', 'right'),
    ]);
    expect(rootsOf(report, K('top'))).toEqual([K('bottom')]);
    expect(rootCauseOf(report, K('bottom')).impacted.map(fmt)).toEqual([K('left'), K('right'), K('top')]);
  });

  it('one node with two roots lists both (sorted), and is impacted by each', () => {
    const report = run([broken('x'), broken('y'), dependent('n', 'y', 'x')]);
    expect(rootsOf(report, K('n'))).toEqual([K('x'), K('y')]);
    expect(rootCauseOf(report, K('x')).impacted.map(fmt)).toEqual([K('n')]);
    expect(rootCauseOf(report, K('y')).impacted.map(fmt)).toEqual([K('n')]);
  });

  it('a root explains itself: its own rootCauses name itself', () => {
    const report = run([broken('solo')]);
    expect(rootsOf(report, K('solo'))).toEqual([K('solo')]);
    expect(rootCauseOf(report, K('solo')).impacted).toEqual([]);
  });

  it('a root carries its own state, reason and message', () => {
    const report = run([broken('solo')]);
    const root = rootCauseOf(report, K('solo'));
    expect(root.state).toBe('failing');
    expect(root.reason).toBe('BuildFailed');
    expect(root.message).toBe('kustomize build failed: solo');
    expect(root.members).toEqual([]);
  });
});

describe('roots: cycles', () => {
  it('two nodes that explain each other form one cycle root, named by the smallest ref', () => {
    const report = run([dependent('b', 'a'), dependent('a', 'b')]);
    expect(rootRefs(report)).toEqual([K('a')]);
    const root = rootCauseOf(report, K('a'));
    expect(root.state).toBe('cycle');
    expect(root.members.map(fmt)).toEqual([K('a'), K('b')]);
    expect(root.impacted).toEqual([]);
    expect(rootsOf(report, K('a'))).toEqual([K('a')]);
    expect(rootsOf(report, K('b'))).toEqual([K('a')]);
  });

  it('a cycle of three with a dependent outside: members sorted, the outsider impacted (members excluded)', () => {
    const report = run([
      dependent('c', 'a'),
      dependent('b', 'c'),
      dependent('a', 'b'),
      dependent('outside', 'c'),
    ]);
    expect(rootRefs(report)).toEqual([K('a')]);
    const root = rootCauseOf(report, K('a'));
    expect(root.members.map(fmt)).toEqual([K('a'), K('b'), K('c')]);
    expect(root.impacted.map(fmt)).toEqual([K('outside')]);
    expect(rootsOf(report, K('outside'))).toEqual([K('a')]);
    // The members keep their own states in `objects`.
    expect(stateOf(report, K('b'))).toBe('failing');
  });

  it('the smallest ref is by kind first: a Deployment names a cycle with a Kustomization (Flux bootstrap deadlock)', () => {
    // flux-system fails → R5 → its kustomize-controller is down → R8 → flux-system installed it.
    const objects = [
      kustomization('flux-system', {
        labels: ksLabels('flux-system'),
        conditions: [
          readyFalse(
            'ReconciliationFailed',
            'Deployment/flux-system/kustomize-controller dry-run failed: admission webhook denied the request',
          ),
        ],
      }),
      fluxController('kustomize-controller', { ready: false, labels: ksLabels('flux-system') }),
    ];
    const report = run(objects);
    expect(rootRefs(report)).toEqual(['Deployment/flux-system/kustomize-controller']);
    const root = rootCauseOf(report, 'Deployment/flux-system/kustomize-controller');
    expect(root.state).toBe('cycle');
    expect(root.members.map(fmt)).toEqual(['Deployment/flux-system/kustomize-controller', K('flux-system')]);
  });

  it('a cycle with an arrow leaving it is not a root: the node it leads to is', () => {
    const report = run([broken('c'), dependent('a', 'b'), dependent('b', 'a', 'c')]);
    expect(rootRefs(report)).toEqual([K('c')]);
    expect(rootsOf(report, K('a'))).toEqual([K('c')]);
    expect(rootsOf(report, K('b'))).toEqual([K('c')]);
    expect(rootCauseOf(report, K('c')).impacted.map(fmt)).toEqual([K('a'), K('b')]);
  });

  it('a node reaching two cycles has both as roots', () => {
    const report = run([
      dependent('a1', 'a2'),
      dependent('a2', 'a1'),
      dependent('b1', 'b2'),
      dependent('b2', 'b1'),
      dependent('top', 'a1', 'b1'),
    ]);
    expect(rootsOf(report, K('top'))).toEqual([K('a1'), K('b1')]);
  });

  it('a long cycle (3000 members) is found without a recursion limit', () => {
    const n = 3000;
    const objects: Json[] = [];
    for (let i = 0; i < n; i++)
      objects.push(dependent(`m${String(i).padStart(4, '0')}`, `m${String((i + 1) % n).padStart(4, '0')}`));
    const report = run(objects);
    expect(rootRefs(report)).toEqual([K('m0000')]);
    expect(rootCauseOf(report, K('m0000')).members).toHaveLength(n);
  }, 30_000);
});

describe('missing roots', () => {
  it('a missing object is a root of state missing, appears only as a root, and is impacted-counted', () => {
    const report = run([dependent('apps', 'ghost'), dependent('web', 'apps')]);
    const root = rootCauseOf(report, K('ghost'));
    expect(root.state).toBe('missing');
    expect(root.impacted.map(fmt)).toEqual([K('apps'), K('web')]);
    expect(report.objects.map((o) => fmt(o.ref))).not.toContain(K('ghost'));
  });

  it('two dependents on one missing object share one root', () => {
    const report = run([dependent('a', 'ghost'), dependent('b', 'ghost')]);
    expect(rootRefs(report)).toEqual([K('ghost')]);
  });
});

describe('blast radius and ranking', () => {
  it('root causes are listed by blast radius, largest first, then by ref', () => {
    const objects = [
      broken('small'),
      dependent('s1', 'small'),
      broken('big'),
      dependent('b1', 'big'),
      dependent('b2', 'big'),
      dependent('b3', 'b2'),
      broken('zeta'),
      broken('alpha'),
      failingFlux(helmRelease, 'solo', 'InstallFailed', 'Helm install failed', 'apps'),
    ];
    const report = run(objects);
    expect(report.rootCauses.map((r) => [fmt(r.ref), r.impacted.length])).toEqual([
      [K('big'), 3],
      [K('small'), 1],
      ['HelmRelease/apps/solo', 0],
      [K('alpha'), 0],
      [K('zeta'), 0],
    ]);
  });

  it('ref order is plain string order of kind, namespace, name (uppercase before lowercase)', () => {
    const report = run([broken('beta'), broken('Zulu'), broken('alpha')]);
    expect(rootRefs(report)).toEqual([K('Zulu'), K('alpha'), K('beta')]);
  });

  it('a ready node is never impacted, even when its edges reach a root', () => {
    const report = run([broken('infra'), kustomization('apps', { dependsOn: [{ name: 'infra' }] })]);
    expect(rootCauseOf(report, K('infra')).impacted).toEqual([]);
  });
});

describe('since', () => {
  it('a Flux root’s since is its Ready lastTransitionTime (not Stalled’s, H9)', () => {
    const hr = helmRelease('sylva-units', {
      namespace: 'sylva-system',
      conditions: [
        cond(
          'Stalled',
          'True',
          'RetriesExceeded',
          'Failed to upgrade after 1 attempt(s)',
          '2025-05-07T13:57:41Z',
        ),
        readyFalse(
          'UpgradeFailed',
          'Helm upgrade failed for release sylva-system/sylva-units',
          '2025-05-07T13:47:07Z',
        ),
      ],
    });
    expect(rootCauseOf(run([hr]), 'HelmRelease/sylva-system/sylva-units').since).toBe('2025-05-07T13:47:07Z');
  });

  it('an Argo CD root’s since is its health lastTransitionTime', () => {
    const app = application('shop', { health: 'Degraded', healthSince: '2026-11-22T09:12:00Z' });
    expect(rootCauseOf(run([app, appProject('default')]), 'Application/argocd/shop').since).toBe(
      '2026-11-22T09:12:00Z',
    );
  });

  it('a missing root has no since', () => {
    expect(rootCauseOf(run([dependent('apps', 'ghost')]), K('ghost')).since).toBeUndefined();
  });

  it('a root whose Ready condition has no time has no since', () => {
    const ks = kustomization('x', {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed' },
      ],
    });
    expect(rootCauseOf(run([ks]), K('x')).since).toBeUndefined();
  });

  it('objects carry the state, reason and message of the node itself, not of its root', () => {
    const report = run([broken('infra'), dependent('apps', 'infra')]);
    const apps = objectOf(report, K('apps'));
    expect(apps.state).toBe('failing');
    expect(apps.reason).toBe('DependencyNotReady');
    expect(apps.message).toBe("dependency 'flux-system/infra' is not ready");
  });
});
