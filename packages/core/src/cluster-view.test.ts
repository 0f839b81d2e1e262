/**
 * A ClusterView is a snapshot: whatever the model does after `view()`, the view's report, nodes,
 * objects, ownership and namespaces stay those of the moment it was taken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterModel } from './cluster-model.ts';
import type { ClusterView } from './cluster-view.ts';
import { twoLayerPlatform } from './fixtures/index.ts';
import { readKubeObject } from './kube-object.ts';
import { type KubeJson, mutate, mutationArb, randomCluster } from './random-cluster.test-support.ts';
import { makeRef } from './ref.ts';

/** Everything a view answers, as plain text, to compare it later with what it answers then. */
interface Captured {
  readonly at: string;
  readonly report: string;
  readonly nodes: readonly string[];
  readonly objects: readonly string[];
  readonly ownership: readonly string[];
  readonly namespaces: string;
}

function keyOf(raw: unknown): string {
  return readKubeObject(raw)?.key ?? JSON.stringify(raw);
}

/** Ownership of each of `raws` as the view answers it, by object key. */
function ownershipIn(view: ClusterView, raws: Iterable<unknown>): string[] {
  return [...raws].map((raw) => `${keyOf(raw)} ${JSON.stringify(view.ownership(raw))}`).sort();
}

function capture(view: ClusterView, refs: readonly string[]): Captured {
  const objects = [...view.allObjects()];
  return {
    at: view.at,
    report: JSON.stringify(view.report),
    nodes: refs.map((ref) => `${ref} ${JSON.stringify(view.node(parseRef(ref)))}`),
    objects: objects.map((o) => JSON.stringify(o)).sort(),
    ownership: ownershipIn(view, objects),
    namespaces: JSON.stringify(view.namespaces()),
  };
}

function parseRef(text: string) {
  const [kind, namespace, name] = text.split('/') as [string, string, string];
  return makeRef(kind, namespace === '' ? undefined : namespace, name);
}

function refText(raw: unknown): string | undefined {
  const object = readKubeObject(raw);
  return object === undefined ? undefined : `${object.kind}/${object.namespace ?? ''}/${object.name}`;
}

function expectSame(view: ClusterView, before: Captured, refs: readonly string[]): void {
  expect(capture(view, refs)).toEqual(before);
}

describe('ClusterView', () => {
  it('keeps the report, nodes, objects, ownership and namespaces of its moment after the model changes', () => {
    const fixture = twoLayerPlatform();
    const model = new ClusterModel({ at: fixture.at });
    for (const object of fixture.objects) model.upsert(object);
    const view = model.view();
    const refs = fixture.objects.flatMap((o) => refText(o) ?? []);
    const before = capture(view, refs);
    const root = view.report.rootCauses[0]!;
    const rootNode = view.node(root.ref);
    expect(rootNode?.state).toBe('failing');

    // The root recovers, an object goes, a new namespace appears, time moves, Applications hide.
    const rootRaw = fixture.objects.find(
      (o) => refText(o) === `${root.ref.kind}/${root.ref.namespace ?? ''}/${root.ref.name}`,
    )!;
    model.upsert(mutate(rootRaw as KubeJson, { kind: 'ready', target: 0 }));
    const gone = fixture.objects.find((o) => readKubeObject(o)?.kind === 'Kustomization')!;
    model.remove(gone);
    model.upsert({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'later', namespace: 'somewhere-new', generation: 1 },
      spec: { dependsOn: [{ name: 'absent' }] },
      status: {
        observedGeneration: 1,
        conditions: [{ type: 'Ready', status: 'False', reason: 'X', message: 'y' }],
      },
    });
    model.setAt('2026-12-01T00:00:00Z');
    model.setHiddenApplications('all');
    const after = model.view();

    expect(after.report).not.toEqual(view.report);
    expect(after.node(root.ref)?.state).not.toBe('failing');
    expect(after.namespaces()).toContain('somewhere-new');
    expect(view.node(root.ref)).toBe(rootNode);
    expect(view.node(makeRef('Kustomization', 'somewhere-new', 'later'))).toBeUndefined();
    expectSame(view, before, refs);
  });

  it('is the same view until something changes', () => {
    const fixture = twoLayerPlatform();
    const model = new ClusterModel({ at: fixture.at });
    for (const object of fixture.objects) model.upsert(object);
    const view = model.view();
    model.report();
    expect(model.view()).toBe(view);
    model.setAt(fixture.at);
    expect(model.view()).toBe(view);
    model.setAt('2026-11-22T10:00:01Z');
    expect(model.view()).not.toBe(view);
  });

  it('answers ownership of an object it does not hold as of its moment', () => {
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'apps',
        annotations: { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:apps/web' },
      },
    };
    const view = model.view();
    const unmanaged = JSON.stringify(view.ownership(deployment));
    model.upsert({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'shop', namespace: 'argocd' },
      spec: { destination: { namespace: 'apps' } },
    });
    expect(model.view().ownership(deployment)?.managers.length).toBe(1);
    expect(JSON.stringify(view.ownership(deployment))).toBe(unmanaged);
  });

  it('property: every view taken along random changes still answers for its moment', () => {
    const step = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({ op: fc.constant('mutate' as const), index: fc.nat(), mutation: mutationArb }),
      },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), index: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('readd' as const), index: fc.nat() }) },
      {
        weight: 1,
        arbitrary: fc.record({ op: fc.constant('tick' as const), minutes: fc.integer({ min: 1, max: 60 }) }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          op: fc.constant('hide' as const),
          hidden: fc.constantFrom<'all' | string[]>('all', [], ['argocd']),
        }),
      },
    );
    type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
    /** Plays the steps on a plain map of objects; `model` (when given) follows every change. */
    const play = (
      objects: readonly KubeJson[],
      steps: readonly Step[],
      model?: ClusterModel,
      after?: () => void,
    ) => {
      const current = new Map<string, KubeJson>();
      for (const o of objects) {
        model?.upsert(o);
        current.set(keyOf(o), o);
      }
      const removed: KubeJson[] = [];
      let at = Date.parse('2026-11-22T10:00:00Z');
      const seen: KubeJson[][] = [[...current.values()]];
      after?.();
      for (const s of steps) {
        const live = [...current.values()];
        if (s.op === 'readd' && removed.length > 0) {
          const [back] = removed.splice(s.index % removed.length, 1);
          model?.upsert(back!);
          current.set(keyOf(back), back!);
        } else if (s.op === 'remove' && live.length > 0) {
          const gone = live[s.index % live.length]!;
          model?.remove(gone);
          current.delete(keyOf(gone));
          removed.push(gone);
        } else if (s.op === 'mutate' && live.length > 0) {
          const next = mutate(live[s.index % live.length]!, s.mutation);
          model?.upsert(next);
          current.set(keyOf(next), next);
        } else if (s.op === 'tick') {
          at += s.minutes * 60_000;
          model?.setAt(new Date(at).toISOString());
        } else if (s.op === 'hide') {
          model?.setHiddenApplications(s.hidden);
        }
        seen.push([...current.values()]);
        after?.();
      }
      return seen;
    };
    fc.assert(
      fc.property(
        randomCluster({ maxWorkloads: 12 }),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        (objects, steps) => {
          // Every object any moment holds, and every ref: each view is asked about all of them.
          const everything = new Map<string, KubeJson>();
          for (const moment of play(objects, steps))
            for (const o of moment) everything.set(JSON.stringify(o), o);
          const refs = [...new Set([...everything.values()].flatMap((o) => refText(o) ?? []))].sort();
          const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
          const views: { view: ClusterView; captured: Captured; foreign: string[] }[] = [];
          play(objects, steps, model, () => {
            const view = model.view();
            views.push({
              view,
              captured: capture(view, refs),
              foreign: ownershipIn(view, everything.values()),
            });
          });
          for (const { view, captured, foreign } of views) {
            expectSame(view, captured, refs);
            expect(ownershipIn(view, everything.values())).toEqual(foreign);
          }
          // The last view is the model's picture now.
          expect(views.at(-1)!.view.report).toEqual(model.report());
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);
});
