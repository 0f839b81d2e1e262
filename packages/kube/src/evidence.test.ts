import type { JsonRecord } from '@strata/core';
import { ClusterModel, diagnose } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { describe, expect, it } from 'vitest';
import { EvidenceFetcher } from './evidence.ts';
import { FakeApi, forbidden } from './fake-transport.test-support.ts';

const { objects, at } = twoLayerPlatform();
const FETCHED = new Set(['ReplicaSet', 'Pod', 'DaemonSet', 'Event']);

/** The fixture split: what a list+watch holds in the model, and what only evidence fetches bring. */
function setup(): { model: ClusterModel; api: FakeApi } {
  const model = new ClusterModel({ at });
  const api = new FakeApi();
  for (const object of objects as JsonRecord[]) {
    if (!FETCHED.has(String(object.kind))) {
      model.upsert(object);
      continue;
    }
    const plural = `${String(object.kind).toLowerCase()}s`;
    api.put(
      String(object.apiVersion).includes('/')
        ? `/apis/${String(object.apiVersion)}/${plural}`
        : `/api/v1/${plural}`,
      object,
    );
  }
  api.put('/api/v1/secrets', {
    metadata: { name: 'token', namespace: 'team-a' },
    data: { token: 'c2VjcmV0' },
  });
  return { model, api };
}

describe('EvidenceFetcher', () => {
  it('fetches the workloads of the failing roots namespaces, so the core finds the crashing Pods', async () => {
    const { model, api } = setup();
    const before = model.report();
    expect(before.rootCauses.every((r) => r.evidence.every((e) => e.kind === 'Deployment'))).toBe(true);
    const fetcher = new EvidenceFetcher(api, model);
    const result = await fetcher.fetch();
    // Where the root's workloads run first, then its target and own namespaces.
    expect(result.namespaces).toEqual(['cert-manager', 'flux-system', 'team-a', 'argocd', 'preview-42']);
    expect(result.hidden).toEqual([]);
    const expected = diagnose(objects, { at });
    expect(model.report().rootCauses.map((r) => r.evidence)).toEqual(
      expected.rootCauses.map((r) => r.evidence),
    );
    expect(api.requests.some((r) => r.path.includes('secrets'))).toBe(false);
    expect(
      api.requests
        .filter((r) => r.path.endsWith('/events'))
        .every((r) => r.query?.fieldSelector === 'type=Warning'),
    ).toBe(true);
    expect(api.requests.every((r) => r.query?.limit === '500')).toBe(true);
  });

  it('bounds the namespaces per root and in all', () => {
    const { model, api } = setup();
    const fetcher = new EvidenceFetcher(api, model);
    const roots = EvidenceFetcher.rootsOf(model.report());
    expect(fetcher.namespacesFor(roots, { namespacesPerRoot: 1 })).toEqual([
      'cert-manager',
      'team-a',
      'preview-42',
    ]);
    expect(fetcher.namespacesFor(roots, { maxNamespaces: 2 })).toEqual(['cert-manager', 'flux-system']);
  });

  it('lists what it may not read as hidden, and replaces what an earlier fetch brought', async () => {
    const { model, api } = setup();
    const fetcher = new EvidenceFetcher(api, model);
    await fetcher.fetch();
    const pods = () => [...model.allObjects()].filter((o) => (o as JsonRecord).kind === 'Pod').length;
    expect(pods()).toBe(2);
    api.delete('/api/v1/pods', 'team-a', 'payments-api-9s6g2jhvnt-rzrjq');
    api.intercept = (_request, parsed) =>
      parsed.namespace === 'cert-manager' && parsed.collection === '/api/v1/pods'
        ? forbidden(
            'pods is forbidden: User "bob" cannot list resource "pods" in the namespace "cert-manager"',
          )
        : undefined;
    const result = await fetcher.fetch();
    expect(result.hidden).toEqual([
      {
        kind: 'Pod',
        namespace: 'cert-manager',
        cause: 'forbidden',
        reason: 'pods is forbidden: User "bob" cannot list resource "pods" in the namespace "cert-manager"',
      },
    ]);
    // The team-a Pod is gone from the cluster, so from the model; the forbidden one is kept as it was.
    expect(pods()).toBe(1);
  });
});
