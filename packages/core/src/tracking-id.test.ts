import { describe, expect, it } from 'vitest';
import { parseAppInstanceName, parseTrackingId } from './tracking-id.ts';

describe('parseTrackingId', () => {
  it('reads the core group, a named group and a cluster-scoped object', () => {
    expect(parseTrackingId('frontend:/Service:shop/frontend')).toEqual({
      appName: 'frontend',
      group: '',
      kind: 'Service',
      namespace: 'shop',
      name: 'frontend',
    });
    expect(parseTrackingId('my-app:rbac.authorization.k8s.io/ClusterRole:/my-cluster-role')).toMatchObject({
      group: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      namespace: '',
      name: 'my-cluster-role',
    });
  });

  it('reads <app-namespace>_<app> and names containing colons', () => {
    expect(parseTrackingId('team-a_web:apps/Deployment:web/web')).toMatchObject({
      appNamespace: 'team-a',
      appName: 'web',
    });
    expect(parseTrackingId('app:rbac.authorization.k8s.io/ClusterRole:/system:aggregate:x')?.name).toBe(
      'system:aggregate:x',
    );
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
