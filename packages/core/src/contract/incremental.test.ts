/** The incremental model: after any upsert / remove / setAt, `report()` equals a fresh `diagnose`. */
import { describe, expect, it } from 'vitest';
import { ClusterModel, diagnose } from '../index.ts';
import {
  AT,
  application,
  applicationSet,
  appProject,
  argoCondition,
  argoController,
  argocdCm,
  chartSpec,
  configMap,
  deployment,
  fluxController,
  gitRepository,
  helmChart,
  helmRelease,
  helmRepository,
  hrLabels,
  type Json,
  ksLabels,
  kustomization,
  minutesBefore,
  ownedBy,
  readyFalse,
  stalled,
} from './objects.test-support.ts';

/** Keeps the model and the list of current objects side by side. */
class Mirror {
  readonly model: ClusterModel;
  private readonly current = new Map<string, Json>();
  at: string;

  constructor(at: string = AT) {
    this.at = at;
    this.model = new ClusterModel({ at });
  }

  private static key(o: Json): string {
    const md = o.metadata as Json;
    return `${o.apiVersion}/${o.kind}/${md.namespace ?? ''}/${md.name}`;
  }

  upsert(...objects: Json[]): this {
    for (const o of objects) {
      this.current.set(Mirror.key(o), o);
      this.model.upsert(o);
    }
    return this;
  }

  remove(...objects: Json[]): this {
    for (const o of objects) {
      this.current.delete(Mirror.key(o));
      this.model.remove(o);
    }
    return this;
  }

  setAt(at: string): this {
    this.at = at;
    this.model.setAt(at);
    return this;
  }

  objects(): Json[] {
    return [...this.current.values()];
  }

  check(): void {
    expect(this.model.report()).toEqual(diagnose(this.objects(), { at: this.at }));
  }
}

// A small cluster touching every rule, with variants of each object to switch between.
const repo = gitRepository('flux-system');
const repoFailing = gitRepository('flux-system', {
  conditions: [
    readyFalse(
      'GitOperationFailed',
      "failed to checkout and determine revision: unable to clone 'ssh://git@git.example.com/fleet'",
    ),
  ],
  status: { artifact: { revision: 'main@sha1:1' } },
});
const infra = kustomization('infra', {
  labels: ksLabels('flux-system'),
  spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
});
const infraFailing = kustomization('infra', {
  labels: ksLabels('flux-system'),
  spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  conditions: [
    readyFalse(
      'HealthCheckFailed',
      "health check failed after 5m0s: failed early due to stalled resources: [HelmRelease/argocd/argocd status: 'Failed']",
    ),
  ],
});
const apps = kustomization('apps', {
  dependsOn: [{ name: 'infra' }],
  spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  conditions: [readyFalse('DependencyNotReady', "dependency 'flux-system/infra' is not ready")],
});
const appsReady = kustomization('apps', {
  dependsOn: [{ name: 'infra' }],
  spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
});
const charts = helmRepository('argo', {
  spec: { type: 'oci', url: 'oci://ghcr.io/argoproj/argo-helm' },
  noStatus: true,
});
const chart = helmChart('argocd-argocd', { spec: { sourceRef: { kind: 'HelmRepository', name: 'argo' } } });
const argoHr = helmRelease('argocd', {
  namespace: 'argocd',
  labels: ksLabels('infra'),
  spec: chartSpec('argo-cd', 'argo', 'flux-system'),
});
const argoHrFailing = helmRelease('argocd', {
  namespace: 'argocd',
  labels: ksLabels('infra'),
  spec: chartSpec('argo-cd', 'argo', 'flux-system'),
  conditions: [
    stalled('RetriesExceeded', 'Failed to upgrade after 1 attempt(s)'),
    readyFalse(
      'UpgradeFailed',
      'Helm upgrade failed for release argocd/argocd with chart argo-cd@7.8.2: context deadline exceeded',
    ),
  ],
});
const controller = argoController('application-controller', { labels: hrLabels('argocd', 'argocd') });
const controllerDown = argoController('application-controller', {
  ready: false,
  labels: hrLabels('argocd', 'argocd'),
});
const repoServer = argoController('repo-server', {
  labels: hrLabels('argocd', 'argocd'),
  image: 'quay.io/argoproj/argocd:v2.14.2',
});
const kc = fluxController('kustomize-controller', { labels: ksLabels('flux-system') });
const kcDown = fluxController('kustomize-controller', { ready: false, labels: ksLabels('flux-system') });
const fluxSystem = kustomization('flux-system', {
  labels: ksLabels('flux-system'),
  spec: { sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
});
const project = appProject('default');
const root = application('root', {
  health: 'Degraded',
  resources: [
    { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'shop' },
    { kind: 'ConfigMap', namespace: 'argocd', name: 'root-settings' },
  ],
  reconciledAt: minutesBefore(20),
});
const shop = application('shop', { health: 'Degraded', reconciledAt: minutesBefore(20) });
const shopOk = application('shop', { reconciledAt: minutesBefore(20) });
const shopCompare = application('shop', {
  sync: 'Unknown',
  conditions: [argoCondition('ComparisonError', 'rpc error: code = Unavailable desc = connection error')],
  reconciledAt: minutesBefore(20),
});
const set = applicationSet('clusters');
const east = application('clusters-east', { health: 'Progressing', ownerReferences: [ownedBy(set)] });
const eastOk = application('clusters-east', { ownerReferences: [ownedBy(set)] });
const shared = configMap('root-settings', 'argocd', { labels: ksLabels('apps') });
const labelled = deployment('guestbook', 'guestbook', { labels: { 'app.kubernetes.io/instance': 'shop' } });
const cm = argocdCm({});
const cmLabel = argocdCm({ 'application.resourceTrackingMethod': 'label' });

/** A change to the mirrored cluster: objects upserted or removed, or a new snapshot time. */
type Step = readonly ['upsert' | 'remove', ...Json[]] | readonly ['at', string];

const everything = [
  repo,
  infra,
  apps,
  charts,
  chart,
  argoHr,
  controller,
  repoServer,
  kc,
  fluxSystem,
  project,
  root,
  shop,
  set,
  east,
  shared,
  labelled,
  cm,
];

describe('incremental model equals diagnose', () => {
  it('after upserting everything (in two different orders)', () => {
    new Mirror().upsert(...everything).check();
    new Mirror().upsert(...[...everything].reverse()).check();
  });

  // Each case: steps from the whole cluster, the model checked against diagnose after each.
  it.each<[string, readonly Step[]]>([
    [
      'after an upserted status change of a root (infra fails, then recovers)',
      [
        ['upsert', infraFailing],
        ['upsert', argoHrFailing],
        ['upsert', appsReady],
        ['upsert', infra, argoHr],
      ],
    ],
    [
      'after removing a dependency (it becomes a missing root) and putting it back',
      [
        ['remove', infra],
        ['remove', repo],
        ['upsert', repo, infraFailing],
      ],
    ],
    [
      'after a controller goes down and time passes (StaleStatus), and back',
      [
        ['upsert', controllerDown],
        ['at', minutesBefore(-30)],
        ['upsert', shopCompare],
        ['upsert', controller],
        ['remove', controller],
      ],
    ],
    [
      'after app-of-apps and ApplicationSet children change',
      [
        ['upsert', shopOk],
        ['upsert', eastOk],
        ['remove', eastOk],
        ['upsert', east],
        ['remove', set],
      ],
    ],
    [
      'after ownership inputs change (argocd-cm tracking method, a manager leaving)',
      [
        ['upsert', cmLabel],
        ['remove', cmLabel],
        ['upsert', cmLabel],
        ['remove', fluxSystem],
        ['remove', argoHr],
        ['upsert', kcDown],
      ],
    ],
  ])('%s', (_title, steps) => {
    const m = new Mirror().upsert(...everything);
    for (const step of steps) {
      if (step[0] === 'at') m.setAt(step[1]);
      else {
        const [op, ...objects] = step;
        m[op](...objects);
      }
      m.check();
    }
  });

  it('ownership() follows the change', () => {
    const m = new Mirror().upsert(...everything);
    expect(m.model.ownership(labelled)?.layer).toBe('unmanaged');
    m.upsert(cmLabel);
    expect(m.model.ownership(labelled)?.layer).toBe('argo');
    const cmInventory = kustomization('infra', {
      labels: ksLabels('flux-system'),
      inventory: ['guestbook_guestbook_apps_Deployment'],
    });
    m.upsert(cmInventory);
    expect(m.model.ownership(labelled)?.conflicts).toEqual(['flux-and-argo']);
    m.remove(cmInventory);
    expect(m.model.ownership(labelled)?.conflicts).toEqual([]);
  });

  it('upserting the same object twice changes nothing; removing an absent object is harmless', () => {
    const m = new Mirror().upsert(...everything);
    const before = m.model.report();
    m.upsert(infra, infra);
    expect(m.model.report()).toEqual(before);
    m.remove(configMap('never-there', 'default'));
    expect(m.model.report()).toEqual(before);
    m.check();
  });

  it('after a long random sequence of upserts and removes', () => {
    const pool: Json[][] = [
      [repo, repoFailing],
      [infra, infraFailing],
      [apps, appsReady],
      [charts],
      [chart],
      [argoHr, argoHrFailing],
      [controller, controllerDown],
      [repoServer],
      [kc, kcDown],
      [fluxSystem],
      [project],
      [root],
      [shop, shopOk, shopCompare],
      [set],
      [east, eastOk],
      [shared],
      [labelled],
      [cm, cmLabel],
    ];
    let seed = 20261122;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const m = new Mirror();
    for (let step = 0; step < 300; step++) {
      const variants = pool[random(pool.length)]!;
      const object = variants[random(variants.length)]!;
      if (random(4) === 0) m.remove(object);
      else m.upsert(object);
      if (random(10) === 0) m.setAt(minutesBefore(-random(60)));
      m.check();
    }
  });
});
