import { describe, expect, it } from 'vitest';
import { parseInventoryId } from './inventory-id.ts';

describe('parseInventoryId', () => {
  it('reads a namespaced object of a named group', () => {
    expect(parseInventoryId('flux-system_helm-controller_apps_Deployment')).toEqual({
      namespace: 'flux-system',
      name: 'helm-controller',
      group: 'apps',
      kind: 'Deployment',
    });
  });

  it('reads the core group as empty and a cluster-scoped object without namespace', () => {
    expect(parseInventoryId('flux-system_source-controller__Service')).toEqual({
      namespace: 'flux-system',
      name: 'source-controller',
      group: '',
      kind: 'Service',
    });
    expect(parseInventoryId('_flux-system__Namespace')).toEqual({
      name: 'flux-system',
      group: '',
      kind: 'Namespace',
    });
    expect(
      parseInventoryId(
        '_alerts.notification.toolkit.fluxcd.io_apiextensions.k8s.io_CustomResourceDefinition',
      ),
    ).toEqual({
      name: 'alerts.notification.toolkit.fluxcd.io',
      group: 'apiextensions.k8s.io',
      kind: 'CustomResourceDefinition',
    });
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
