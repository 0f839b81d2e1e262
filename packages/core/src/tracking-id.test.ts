import { describe, expect, it } from 'vitest';
import { parseAppInstanceName, parseTrackingId } from './tracking-id.ts';

describe('parseTrackingId', () => {
  it('reads the core group of a namespaced object', () => {
    const frontend = { appName: 'frontend', group: '', kind: 'Service', namespace: 'shop', name: 'frontend' };
    expect(parseTrackingId('frontend:/Service:shop/frontend')).toEqual(frontend);
  });

  it.each([
    [
      'a named group, cluster-scoped',
      'my-app:rbac.authorization.k8s.io/ClusterRole:/my-cluster-role',
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', namespace: '', name: 'my-cluster-role' },
    ],
    [
      '<app-namespace>_<app>',
      'team-a_web:apps/Deployment:web/web',
      { appNamespace: 'team-a', appName: 'web' },
    ],
    [
      'names containing colons',
      'app:rbac.authorization.k8s.io/ClusterRole:/system:aggregate:x',
      { name: 'system:aggregate:x' },
    ],
  ])('reads %s', (_what, value, expected) => {
    expect(parseTrackingId(value)).toMatchObject(expected);
  });

  it('rejects junk values without throwing', () => {
    for (const value of [
      '',
      'myapp',
      'abc',
      ':/Service:ns/x',
      'app:Service:ns/x',
      'app:/Service:nsx',
      'a_:apps/D:n/x',
    ]) {
      expect(parseTrackingId(value)).toBeUndefined();
    }
  });
});

describe('parseAppInstanceName', () => {
  it('splits on the first underscore only when both halves are names', () => {
    expect(parseAppInstanceName('web')).toEqual({ appName: 'web' });
    expect(parseAppInstanceName('team_web')).toEqual({ appNamespace: 'team', appName: 'web' });
    expect(parseAppInstanceName('_web')).toBeUndefined();
  });
});
