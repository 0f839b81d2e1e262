import { describe, expect, it } from 'vitest';
import { parseInventoryId } from './inventory-id.ts';

describe('parseInventoryId', () => {
  it.each([
    [
      'a namespaced object of a named group',
      'flux-system_helm-controller_apps_Deployment',
      { namespace: 'flux-system', name: 'helm-controller', group: 'apps', kind: 'Deployment' },
    ],
    [
      'the core group as empty',
      'flux-system_source-controller__Service',
      { namespace: 'flux-system', name: 'source-controller', group: '', kind: 'Service' },
    ],
    [
      'a cluster-scoped object without namespace',
      '_flux-system__Namespace',
      { name: 'flux-system', group: '', kind: 'Namespace' },
    ],
    [
      'a cluster-scoped object of a named group without namespace',
      '_alerts.notification.toolkit.fluxcd.io_apiextensions.k8s.io_CustomResourceDefinition',
      {
        name: 'alerts.notification.toolkit.fluxcd.io',
        group: 'apiextensions.k8s.io',
        kind: 'CustomResourceDefinition',
      },
    ],
  ])('reads %s', (_what, id, expected) => {
    expect(parseInventoryId(id)).toEqual(expected);
  });

  it('keeps underscores inside names and reads __ as a colon', () => {
    expect(parseInventoryId('ns_my_odd_name_rbac.authorization.k8s.io_Role')?.name).toBe('my_odd_name');
    expect(parseInventoryId('_system__controller__foo_rbac.authorization.k8s.io_ClusterRole')?.name).toBe(
      'system:controller:foo',
    );
  });

  it('rejects ids that cannot be read', () => {
    for (const id of ['', 'abc', 'a_b', 'ns__Kind', 'ns_name_group_'])
      expect(parseInventoryId(id)).toBeUndefined();
  });
});
