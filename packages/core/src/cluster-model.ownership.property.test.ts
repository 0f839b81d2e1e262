/**
 * The model keeps ownership, conflicts (§4) and the evidence index (§7) up to date one object at a
 * time. Property: after any sequence of changes to managers, inventories, owner chains and
 * events, its report equals a fresh `diagnose` of the same objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterModel, diagnose } from './index.ts';

type Json = Record<string, unknown>;

const AT = '2026-11-22T10:00:00Z';
const NS = 'apps';
const KS = ['ks-a', 'ks-b'];
const APPS = ['app-a', 'app-b'];
const UNITS = ['web', 'api', 'db', 'cache', 'queue', 'auth', 'search', 'mail'];

interface Unit {
  readonly name: string;
  /** Flux Kustomization label on the Deployment. */
  readonly label: number | undefined;
  /** Argo CD tracking id on the Deployment. */
  readonly tracked: number | undefined;
  /** Helm release annotation on the Deployment. */
  readonly helm: boolean;
  readonly podHealthy: boolean;
  /** The ReplicaSet points at its Deployment by uid (else by name only, with a stale uid). */
  readonly ownerByUid: boolean;
  readonly warning: boolean;
}

const unitArb = (name: string): fc.Arbitrary<Unit> =>
  fc.record({
    name: fc.constant(name),
    label: fc.option(fc.nat({ max: KS.length - 1 }), { nil: undefined }),
    tracked: fc.option(fc.nat({ max: APPS.length - 1 }), { nil: undefined }),
    helm: fc.boolean(),
    podHealthy: fc.boolean(),
    ownerByUid: fc.boolean(),
    warning: fc.boolean(),
  });

interface World {
  readonly units: readonly Unit[];
  /** Which units each Kustomization lists in its inventory. */
  readonly inventories: readonly (readonly boolean[])[];
  /** Which units each Application lists in status.resources. */
  readonly resources: readonly (readonly boolean[])[];
  readonly ksReady: readonly boolean[];
  readonly appHealthy: readonly boolean[];
}

const worldArb: fc.Arbitrary<World> = fc.record({
  units: fc.tuple(...UNITS.map(unitArb)),
  inventories: fc.tuple(...KS.map(() => fc.tuple(...UNITS.map(() => fc.boolean())))),
  resources: fc.tuple(...APPS.map(() => fc.tuple(...UNITS.map(() => fc.boolean())))),
  ksReady: fc.tuple(...KS.map(() => fc.boolean())),
  appHealthy: fc.tuple(...APPS.map(() => fc.boolean())),
});

function kustomization(name: string, ready: boolean, units: readonly string[]): Json {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace: 'flux-system', generation: 1 },
    spec: { interval: '10m', path: './apps', sourceRef: { kind: 'GitRepository', name: 'repo' } },
    status: {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          reason: ready ? 'ReconciliationSucceeded' : 'HealthCheckFailed',
          message: ready ? 'Applied revision: main@sha1:abc' : 'health check failed',
          lastTransitionTime: '2026-11-22T09:00:00Z',
        },
      ],
      inventory: { entries: units.map((u) => ({ id: `${NS}_${u}_apps_Deployment`, v: 'v1' })) },
    },
  };
}

function application(name: string, healthy: boolean, units: readonly string[]): Json {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: { project: 'default', destination: { namespace: NS }, source: { repoURL: 'https://x', path: '.' } },
    status: {
      sync: { status: 'Synced' },
      health: { status: healthy ? 'Healthy' : 'Degraded', lastTransitionTime: '2026-11-22T09:00:00Z' },
      reconciledAt: '2026-11-22T09:59:00Z',
      resources: units.map((u) => ({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace: NS,
        name: u,
      })),
    },
  };
}

function unitObjects(unit: Unit): Json[] {
  const labels: Record<string, string> = {};
  const annotations: Record<string, string> = {};
  if (unit.label !== undefined) {
    labels['kustomize.toolkit.fluxcd.io/name'] = KS[unit.label]!;
    labels['kustomize.toolkit.fluxcd.io/namespace'] = 'flux-system';
  }
  if (unit.tracked !== undefined) {
    annotations['argocd.argoproj.io/tracking-id'] =
      `${APPS[unit.tracked]}:apps/Deployment:${NS}/${unit.name}`;
  }
  if (unit.helm) {
    annotations['meta.helm.sh/release-name'] = unit.name;
    annotations['meta.helm.sh/release-namespace'] = NS;
  }
  const deployUid = `uid-deploy-${unit.name}`;
  const rsUid = `uid-rs-${unit.name}`;
  const objects: Json[] = [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: unit.name, namespace: NS, uid: deployUid, labels, annotations },
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: unit.podHealthy ? 1 : 0 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${unit.name}-1`,
        namespace: NS,
        uid: rsUid,
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: unit.name,
            uid: unit.ownerByUid ? deployUid : 'uid-gone',
            controller: true,
          },
        ],
      },
      spec: { replicas: 1 },
      status: { replicas: 1, readyReplicas: unit.podHealthy ? 1 : 0 },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${unit.name}-1-x`,
        namespace: NS,
        uid: `uid-pod-${unit.name}`,
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${unit.name}-1`, uid: rsUid, controller: true },
        ],
      },
      status: unit.podHealthy
        ? { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }
        : {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'main',
                ready: false,
                restartCount: 7,
                state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting' } },
              },
            ],
          },
    },
  ];
  if (unit.warning) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${unit.name}-1-x.1`, namespace: NS },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      involvedObject: { kind: 'Pod', namespace: NS, name: `${unit.name}-1-x` },
      lastTimestamp: '2026-11-22T09:58:00Z',
    });
  }
  return objects;
}

function worldObjects(world: World): Json[] {
  const pick = (flags: readonly boolean[]) => UNITS.filter((_, i) => flags[i]);
  return [
    ...KS.map((name, i) => kustomization(name, world.ksReady[i]!, pick(world.inventories[i]!))),
    ...APPS.map((name, i) => application(name, world.appHealthy[i]!, pick(world.resources[i]!))),
    ...world.units.flatMap(unitObjects),
  ];
}

const keyOf = (o: Json) => {
  const metadata = o['metadata'] as Json;
  return `${String(o['apiVersion'])}/${String(o['kind'])}/${String(metadata['namespace'] ?? '')}/${String(metadata['name'])}`;
};

describe('ClusterModel: ownership, conflicts and evidence stay right one object at a time', () => {
  // 150 runs of up to 10 steps: about 4 s idle, over Vitest's 5 s default on a busy 2-core machine.
  it('equals a fresh diagnose after any sequence of world changes, removals and re-adds', {
    timeout: 60_000,
  }, () => {
    // Each step changes one part of the world (a unit, an inventory, an app's resources, a
    // status) and may drop objects, so the model works incrementally rather than reloading.
    const step = fc.record({ world: worldArb, part: fc.nat(), drop: fc.array(fc.nat(), { maxLength: 2 }) });
    const change = (world: World, next: World, part: number): World => {
      const i = part % UNITS.length;
      switch (part % 4) {
        case 0:
          return { ...world, units: world.units.map((u, j) => (j === i ? next.units[j]! : u)) };
        case 1:
          return {
            ...world,
            inventories: world.inventories.map((r, j) => (j === i % KS.length ? next.inventories[j]! : r)),
          };
        case 2:
          return {
            ...world,
            resources: world.resources.map((r, j) => (j === i % APPS.length ? next.resources[j]! : r)),
          };
        default:
          return { ...world, ksReady: next.ksReady, appHealthy: next.appHealthy };
      }
    };
    fc.assert(
      fc.property(worldArb, fc.array(step, { minLength: 1, maxLength: 10 }), (first, steps) => {
        const model = new ClusterModel({ at: AT });
        let current = new Map<string, Json>();
        const apply = (objects: readonly Json[], drop: readonly number[]) => {
          const next = new Map(objects.map((o) => [keyOf(o), o]));
          const keys = [...next.keys()];
          for (const d of drop) next.delete(keys[d % keys.length]!);
          for (const [key, object] of current) if (!next.has(key)) model.remove(object);
          for (const object of next.values()) model.upsert(object);
          current = next;
        };
        apply(worldObjects(first), []);
        expect(model.report()).toEqual(diagnose(current.values(), { at: AT }));
        let world = first;
        for (const { world: next, part, drop } of steps) {
          world = change(world, next, part);
          apply(worldObjects(world), drop);
          expect(model.report()).toEqual(diagnose(current.values(), { at: AT }));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('reports a Flux / Argo CD conflict inherited by the Pod and drops it when the label goes', () => {
    const unit: Unit = {
      name: 'web',
      label: 0,
      tracked: 0,
      helm: false,
      podHealthy: true,
      ownerByUid: true,
      warning: false,
    };
    const model = new ClusterModel({ at: AT });
    for (const o of [kustomization('ks-a', true, []), application('app-a', true, []), ...unitObjects(unit)]) {
      model.upsert(o);
    }
    const conflicted = model.report().conflicts.map((c) => `${c.resource.kind}/${c.resource.name} ${c.type}`);
    expect(conflicted).toEqual([
      'Deployment/web flux-and-argo',
      'Pod/web-1-x flux-and-argo',
      'ReplicaSet/web-1 flux-and-argo',
    ]);
    for (const o of unitObjects({ ...unit, label: undefined })) model.upsert(o);
    expect(model.report().conflicts).toEqual([]);
  });

  it("updates a ready node's layer when another object's inventory starts listing it", () => {
    const release = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'apps', generation: 1 },
      spec: {
        interval: '5m',
        chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'x' } } },
      },
      status: {
        observedGeneration: 1,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'InstallSucceeded',
            message: 'ok',
            lastTransitionTime: '2026-11-22T09:00:00Z',
          },
        ],
      },
    };
    const layerOfRelease = (model: ClusterModel) =>
      model.report().objects.find((o) => o.ref.kind === 'HelmRelease')?.layer;
    const model = new ClusterModel({ at: AT });
    model.upsert(release);
    model.upsert(kustomization('ks-a', true, []));
    expect(layerOfRelease(model)).toBe('unmanaged');
    const withInventory = kustomization('ks-a', true, []);
    (withInventory['status'] as Json)['inventory'] = {
      entries: [{ id: 'apps_podinfo_helm.toolkit.fluxcd.io_HelmRelease', v: 'v2' }],
    };
    model.upsert(withInventory);
    expect(layerOfRelease(model)).toBe('flux');
    expect(model.report()).toEqual(diagnose([release, withInventory], { at: AT }));
  });

  it('keeps no fact of an earlier version when an object changes (an app loses its ApplicationSet)', () => {
    const appSet = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'previews', namespace: 'argocd', uid: 'uid-appset' },
      spec: { generators: [] },
      status: { conditions: [{ type: 'ErrorOccurred', status: 'False' }] },
    };
    const generated = application('pr-1', false, []);
    (generated['metadata'] as Json)['ownerReferences'] = [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        name: 'previews',
        uid: 'uid-appset',
        controller: true,
      },
    ];
    const model = new ClusterModel({ at: AT });
    model.upsert(appSet);
    model.upsert(generated);
    expect(model.report()).toEqual(diagnose([appSet, generated], { at: AT }));
    const adopted = application('pr-1', false, []);
    model.upsert(adopted);
    expect(model.report()).toEqual(diagnose([appSet, adopted], { at: AT }));
    expect(
      model.node({ kind: 'Application', namespace: 'argocd', name: 'pr-1' })?.generatedBy,
    ).toBeUndefined();
  });
});
