import { describe, expect, it } from 'vitest';
import { readKubeObject } from './kube-object.ts';

describe('readKubeObject', () => {
  it('reads identity, owner references and metadata maps, tolerating junk', () => {
    const object = readKubeObject({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        uid: 'u1',
        generation: '3',
        labels: { app: 'web', replicas: 3, constructor: 'x' },
        annotations: 'not a map',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u0', controller: true },
          { kind: 'Broken' },
        ],
      },
    });
    expect(object).toMatchObject({
      key: 'apps/ReplicaSet/shop/web-1',
      group: 'apps',
      version: 'v1',
      namespace: 'shop',
      uid: 'u1',
      generation: 3,
      ownerReferences: [{ group: 'apps', kind: 'Deployment', name: 'web', uid: 'u0', controller: true }],
    });
    expect(object?.labels.get('app')).toBe('web');
    // Only string values count, and nothing comes from the prototype chain.
    expect(object?.labels.get('replicas')).toBeUndefined();
    expect(object?.labels.has('replicas')).toBe(false);
    expect(object?.labels.get('constructor')).toBe('x');
    expect(object?.labels.get('toString')).toBeUndefined();
    expect(object?.labels.get('__proto__')).toBeUndefined();
    expect(object?.annotations.get('a')).toBeUndefined();
  });

  it('gives a cluster-scoped object no namespace and refuses objects without kind or name', () => {
    const namespaceObject = readKubeObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    expect(namespaceObject?.namespace).toBeUndefined();
    expect(namespaceObject?.key).toBe('/Namespace//shop');
    expect(namespaceObject?.labels.get('x')).toBeUndefined();
    expect(readKubeObject({ kind: 'Pod', metadata: {} })).toBeUndefined();
    expect(readKubeObject({ metadata: { name: 'x' } })).toBeUndefined();
    expect(readKubeObject(null)).toBeUndefined();
  });
});
