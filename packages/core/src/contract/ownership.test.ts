/** Contract §4: ownership of any Kubernetes object (managers, layer, conflicts). */
import { describe, expect, it } from 'vitest';
import { ClusterModel, type Ownership } from '../index.ts';
import {
  AT,
  application,
  applicationSet,
  appProject,
  argoController,
  argocdCm,
  clusterRole,
  configMap,
  deployment,
  fluxInstance,
  fmt,
  helmRelease,
  hrLabels,
  type Json,
  ksLabels,
  kustomization,
  namespaceObject,
  objectOf,
  ownedBy,
  pod,
  ref,
  replicaSet,
  resourceSet,
  role,
  run,
} from './objects.test-support.ts';

function ownershipIn(objects: readonly Json[], target: Json): Ownership {
  const m = new ClusterModel({ at: AT });
  for (const o of objects) m.upsert(o);
  m.upsert(target);
  const found = m.ownership(target);
  if (found === undefined) throw new Error('ownership() returned undefined for an object in the model');
  return found;
}

const managerRefs = (o: Ownership) =>
  o.managers.map((m) => `${m.type}:${m.ref.kind}/${m.ref.namespace ?? ''}/${m.ref.name}`).sort();

const TRACKING = 'argocd.argoproj.io/tracking-id';

/** The manager entry of the GitOps object `text` (`Kind/namespace/name`), found `via`. */
const managedBy = (text: string, via: string) => {
  const manager = ref(text);
  return { type: manager.kind, ref: manager, via };
};

describe('§4.1 Flux Kustomization: labels and inventory ids', () => {
  it('labels kustomize.toolkit.fluxcd.io/name + /namespace', () => {
    const o = ownershipIn(
      [kustomization('apps')],
      configMap('podinfo-config', 'podinfo', { labels: ksLabels('apps') }),
    );
    expect(o.managers).toEqual([managedBy('Kustomization/flux-system/apps', 'label')]);
    expect(o.layer).toBe('flux');
    expect(o.conflicts).toEqual([]);
  });

  it('inventory id <ns>_<name>_<group>_<kind>, core group empty (`__ConfigMap`)', () => {
    const ks = kustomization('apps', { inventory: ['podinfo_podinfo-config__ConfigMap'] });
    const o = ownershipIn([ks], configMap('podinfo-config', 'podinfo'));
    expect(o.managers).toEqual([managedBy('Kustomization/flux-system/apps', 'inventory')]);
  });

  it('inventory id of a cluster-scoped object has a leading `_` (L2)', () => {
    const ks = kustomization('flux-system', {
      inventory: [
        '_flux-system__Namespace',
        '_crd-controller-flux-system_rbac.authorization.k8s.io_ClusterRole',
      ],
    });
    expect(ownershipIn([ks], namespaceObject('flux-system')).layer).toBe('flux');
    expect(ownershipIn([ks], clusterRole('crd-controller-flux-system')).layer).toBe('flux');
  });

  it('inventory names may contain `_`: kind after the last `_`, group before it, name in between', () => {
    const ks = kustomization('rbac', {
      inventory: ['team-a_read_only_viewer_rbac.authorization.k8s.io_Role'],
    });
    expect(ownershipIn([ks], role('read_only_viewer', 'team-a')).layer).toBe('flux');
    expect(ownershipIn([ks], role('read', 'team-a')).layer).toBe('unmanaged');
  });

  it('`__` inside the name is read as `:`', () => {
    const ks = kustomization('rbac', {
      inventory: ['_system__aggregate-to-gitops_rbac.authorization.k8s.io_ClusterRole'],
    });
    expect(ownershipIn([ks], clusterRole('system:aggregate-to-gitops')).layer).toBe('flux');
  });

  it('an inventory id only claims the object of that group and kind', () => {
    const ks = kustomization('apps', { inventory: ['podinfo_podinfo_apps_Deployment'] });
    expect(ownershipIn([ks], configMap('podinfo', 'podinfo')).layer).toBe('unmanaged');
    expect(ownershipIn([ks], deployment('podinfo', 'podinfo')).layer).toBe('flux');
    expect(ownershipIn([ks], deployment('podinfo', 'other')).layer).toBe('unmanaged');
  });

  it('the group `core` is not the core group (a third-party misreading in L2)', () => {
    const ks = kustomization('apps', { inventory: ['default_my-config_core_ConfigMap'] });
    expect(ownershipIn([ks], configMap('my-config', 'default')).layer).toBe('unmanaged');
  });
});

describe('§4.2–3 Flux HelmRelease and flux-operator', () => {
  it('HelmRelease labels helm.toolkit.fluxcd.io/name + /namespace (S1)', () => {
    const o = ownershipIn(
      [helmRelease('postgresql', { namespace: 'default' })],
      deployment('postgresql', 'default', { labels: hrLabels('postgresql', 'default') }),
    );
    expect(managerRefs(o)).toEqual(['HelmRelease:HelmRelease/default/postgresql']);
    expect(o.layer).toBe('flux');
  });

  it('HelmRelease status.inventory.entries (helm-controller ≥ 1.5)', () => {
    const hr = helmRelease('podinfo', {
      namespace: 'podinfo',
      inventory: ['podinfo_podinfo_apps_Deployment'],
    });
    expect(managerRefs(ownershipIn([hr], deployment('podinfo', 'podinfo')))).toEqual([
      'HelmRelease:HelmRelease/podinfo/podinfo',
    ]);
  });

  it('FluxInstance labels fluxcd.controlplane.io/name + /namespace', () => {
    const o = ownershipIn(
      [fluxInstance('flux')],
      kustomization('flux-system', {
        labels: { 'fluxcd.controlplane.io/name': 'flux', 'fluxcd.controlplane.io/namespace': 'flux-system' },
      }),
    );
    expect(managerRefs(o)).toEqual(['FluxInstance:FluxInstance/flux-system/flux']);
    expect(o.layer).toBe('flux');
  });

  it('ResourceSet labels resourceset.fluxcd.controlplane.io/name + /namespace', () => {
    const labels = {
      'resourceset.fluxcd.controlplane.io/name': 'tenants',
      'resourceset.fluxcd.controlplane.io/namespace': 'flux-system',
    };
    const o = ownershipIn(
      [resourceSet('tenants')],
      kustomization('tenant-a', { namespace: 'tenant-a', labels }),
    );
    expect(managerRefs(o)).toEqual(['ResourceSet:ResourceSet/flux-system/tenants']);
  });

  it('flux-operator inventories', () => {
    const rset = resourceSet('tenants', {
      inventory: ['tenant-a_tenant-a_kustomize.toolkit.fluxcd.io_Kustomization'],
    });
    expect(managerRefs(ownershipIn([rset], kustomization('tenant-a', { namespace: 'tenant-a' })))).toEqual([
      'ResourceSet:ResourceSet/flux-system/tenants',
    ]);
  });
});

describe('§4.4 Argo CD tracking-id annotation', () => {
  const cm = argocdCm({});
  const guestbook = application('guestbook', { destinationNamespace: 'guestbook' });
  const tracked = (value: string, extra: Record<string, string> = {}) =>
    configMap('guestbook-ui', 'guestbook', { annotations: { [TRACKING]: value, ...extra } });

  it('<app>:<group>/<kind>:<namespace>/<name> matching the object counts (core group empty)', () => {
    const o = ownershipIn([cm, guestbook], tracked('guestbook:/ConfigMap:guestbook/guestbook-ui'));
    expect(o.managers).toEqual([managedBy('Application/argocd/guestbook', 'tracking-id')]);
    expect(o.layer).toBe('argo');
  });

  it.each([
    ['kind', 'guestbook:/Secret:guestbook/guestbook-ui'],
    ['group', 'guestbook:apps/ConfigMap:guestbook/guestbook-ui'],
    ['name', 'guestbook:/ConfigMap:guestbook/guestbook-api'],
    ['namespace', 'guestbook:/ConfigMap:other/guestbook-ui'],
  ])('a tracking-id whose %s does not match the object (a copied object) does not count', (_what, value) => {
    expect(ownershipIn([cm, guestbook], tracked(value)).layer).toBe('unmanaged');
  });

  it('a cluster-scoped object carries the app’s destination namespace (or none) and counts', () => {
    const withDest = clusterRole('guestbook-reader', {
      annotations: {
        [TRACKING]: 'guestbook:rbac.authorization.k8s.io/ClusterRole:guestbook/guestbook-reader',
      },
    });
    const withoutNs = clusterRole('guestbook-admin', {
      annotations: { [TRACKING]: 'guestbook:rbac.authorization.k8s.io/ClusterRole:/guestbook-admin' },
    });
    expect(managerRefs(ownershipIn([cm, guestbook], withDest))).toEqual([
      'Application:Application/argocd/guestbook',
    ]);
    expect(managerRefs(ownershipIn([cm, guestbook], withoutNs))).toEqual([
      'Application:Application/argocd/guestbook',
    ]);
  });

  it('<app> without a namespace names the Application in the control-plane namespace (argocd-cm’s)', () => {
    const gitopsCm = argocdCm({}, 'gitops');
    const app = application('guestbook', { namespace: 'gitops', destinationNamespace: 'guestbook' });
    expect(
      managerRefs(ownershipIn([gitopsCm, app], tracked('guestbook:/ConfigMap:guestbook/guestbook-ui'))),
    ).toEqual(['Application:Application/gitops/guestbook']);
  });

  it('<app-namespace>_<app> names an Application outside the control-plane namespace', () => {
    const billing = application('billing', { namespace: 'team-a', destinationNamespace: 'billing' });
    const api = deployment('api', 'billing', {
      annotations: { [TRACKING]: 'team-a_billing:apps/Deployment:billing/api' },
    });
    expect(managerRefs(ownershipIn([cm, billing], api))).toEqual(['Application:Application/team-a/billing']);
  });

  it.each([
    'myapp',
    'abc',
    '',
    ':',
    'a:b',
    ':::',
    'app:/:/',
    'app;/ConfigMap/guestbook/guestbook-ui',
    '_x:/ConfigMap:guestbook/guestbook-ui',
  ])('junk tracking-id %j is rejected without throwing', (value) => {
    const o = ownershipIn([cm, guestbook], tracked(value));
    expect(o.layer).toBe('unmanaged');
    expect(() => run([cm, guestbook, tracked(value)])).not.toThrow();
  });

  describe('installationID', () => {
    const cmWithId = argocdCm({ installationID: 'prod-east' });
    const value = 'guestbook:/ConfigMap:guestbook/guestbook-ui';

    /** The layer of the tracked ConfigMap, carrying `annotations` besides its tracking id. */
    const layerOf = (annotations?: Record<string, string>) =>
      ownershipIn([cmWithId, guestbook], tracked(value, annotations)).layer;

    it('counts when the object’s installation-id equals argocd-cm installationID', () => {
      expect(layerOf({ 'argocd.argoproj.io/installation-id': 'prod-east' })).toBe('argo');
    });

    it('does not count when it differs or is absent', () => {
      expect(layerOf({ 'argocd.argoproj.io/installation-id': 'prod-west' })).toBe('unmanaged');
      expect(layerOf()).toBe('unmanaged');
    });
  });
});

describe('§4.4 Argo CD status.resources', () => {
  it('an object listed in an Application’s status.resources is managed by it', () => {
    const app = application('jenkins', {
      destinationNamespace: 'jenkins',
      resources: [{ kind: 'ConfigMap', namespace: 'jenkins', name: 'basic-security', status: 'Synced' }],
    });
    const o = ownershipIn([argocdCm({}), app], configMap('basic-security', 'jenkins'));
    expect(o.managers).toEqual([managedBy('Application/argocd/jenkins', 'status-resources')]);
  });

  it('status.resources matches group and kind (a Deployment entry does not claim a ConfigMap)', () => {
    const app = application('jenkins', {
      resources: [
        {
          group: 'apps',
          kind: 'Deployment',
          namespace: 'jenkins',
          name: 'jenkins',
          status: 'Synced',
          health: 'Healthy',
        },
      ],
    });
    expect(ownershipIn([app], configMap('jenkins', 'jenkins')).layer).toBe('unmanaged');
  });
});

describe('§4.4 Argo CD instance label', () => {
  const guestbook = application('guestbook');
  const labelled = (key = 'app.kubernetes.io/instance') =>
    deployment('guestbook-ui', 'guestbook', { labels: { [key]: 'guestbook' } });

  it('alone (no argocd-cm, no known version) it never makes an object Argo-managed', () => {
    expect(ownershipIn([guestbook], labelled()).layer).toBe('unmanaged');
  });

  it('counts when argocd-cm application.resourceTrackingMethod is label', () => {
    const o = ownershipIn(
      [argocdCm({ 'application.resourceTrackingMethod': 'label' }), guestbook],
      labelled(),
    );
    expect(o.managers).toEqual([managedBy('Application/argocd/guestbook', 'instance-label')]);
  });

  it('does not count with annotation or annotation+label tracking', () => {
    expect(
      ownershipIn([argocdCm({ 'application.resourceTrackingMethod': 'annotation' }), guestbook], labelled())
        .layer,
    ).toBe('unmanaged');
    expect(
      ownershipIn(
        [argocdCm({ 'application.resourceTrackingMethod': 'annotation+label' }), guestbook],
        labelled(),
      ).layer,
    ).toBe('unmanaged');
  });

  it('uses application.instanceLabelKey when set', () => {
    const cm = argocdCm({
      'application.resourceTrackingMethod': 'label',
      'application.instanceLabelKey': 'argocd.argoproj.io/instance',
    });
    expect(ownershipIn([cm, guestbook], labelled('argocd.argoproj.io/instance')).layer).toBe('argo');
    expect(ownershipIn([cm, guestbook], labelled()).layer).toBe('unmanaged');
  });

  it('counts when the method is unset on an Argo CD older than 3.0 (controller image quay.io/argoproj/argocd:v2.14.2)', () => {
    const controller = argoController('application-controller', { image: 'quay.io/argoproj/argocd:v2.14.2' });
    expect(ownershipIn([argocdCm({}), controller, guestbook], labelled()).layer).toBe('argo');
  });

  it('does not count when the method is unset on Argo CD 3.x', () => {
    const controller = argoController('application-controller', { image: 'quay.io/argoproj/argocd:v3.0.0' });
    expect(ownershipIn([argocdCm({}), controller, guestbook], labelled()).layer).toBe('unmanaged');
  });

  it('an explicit annotation method wins over an old version', () => {
    const controller = argoController('application-controller', { image: 'quay.io/argoproj/argocd:v2.14.2' });
    const cm = argocdCm({ 'application.resourceTrackingMethod': 'annotation' });
    expect(ownershipIn([cm, controller, guestbook], labelled()).layer).toBe('unmanaged');
  });
});

describe('§4.5 plain Helm', () => {
  const helmAnnotations = { 'meta.helm.sh/release-name': 'redis', 'meta.helm.sh/release-namespace': 'cache' };

  it('annotation meta.helm.sh/release-name with no Flux label → helm, not GitOps', () => {
    const sts = deployment('redis', 'cache', {
      annotations: helmAnnotations,
      labels: { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'redis' },
    });
    const o = ownershipIn([], sts);
    expect(o.layer).toBe('helm');
    expect(o.managers).toEqual([
      { type: 'helm', ref: { kind: 'Release', namespace: 'cache', name: 'redis' }, via: 'helm-annotation' },
    ]);
    expect(o.conflicts).toEqual([]);
  });

  it('with a Flux HelmRelease label it is the HelmRelease’s, not plain Helm', () => {
    const sts = deployment('redis', 'cache', {
      annotations: helmAnnotations,
      labels: hrLabels('redis', 'cache'),
    });
    const o = ownershipIn([helmRelease('redis', { namespace: 'cache' })], sts);
    expect(o.layer).toBe('flux');
    expect(o.managers.map((m) => m.type)).toEqual(['HelmRelease']);
  });
});

describe('§4.6 ownerReferences with controller: true', () => {
  it('a Pod of a ReplicaSet of a Deployment is managed by whoever manages the Deployment', () => {
    const ks = kustomization('apps');
    const d = deployment('podinfo', 'podinfo', { labels: ksLabels('apps') });
    const rs = replicaSet('podinfo-5d8f9c7b6', 'podinfo', { ownerReferences: [ownedBy(d)] });
    const p = pod('podinfo-5d8f9c7b6-x2x9q', 'podinfo', { ownerReferences: [ownedBy(rs)] });
    const o = ownershipIn([ks, d, rs], p);
    expect(managerRefs(o)).toEqual(['Kustomization:Kustomization/flux-system/apps']);
    expect(o.managers[0]?.via).toBe('owner');
    expect(o.layer).toBe('flux');
  });

  it('a non-controller ownerReference is not followed', () => {
    const d = deployment('podinfo', 'podinfo', { labels: ksLabels('apps') });
    const cmap = configMap('podinfo-extra', 'podinfo', { ownerReferences: [ownedBy(d, false)] });
    expect(ownershipIn([kustomization('apps'), d], cmap).layer).toBe('unmanaged');
  });

  it('(v3) an Application owned by an ApplicationSet is managed by it, not by the ApplicationSet’s managers', () => {
    const set = applicationSet('clusters', { labels: ksLabels('argo-config') });
    const app = application('clusters-east', { ownerReferences: [ownedBy(set)] });
    const o = ownershipIn([kustomization('argo-config'), set, appProject('default')], app);
    expect(o.managers.map((m) => `${m.type} ${fmt(m.ref)}`)).toEqual([
      'ApplicationSet ApplicationSet/argocd/clusters',
    ]);
    expect(o.layer).toBe('argo');
    expect(o.conflicts).toEqual([]);
  });

  it('(v3) a generated Application is reported in layer argo, and linked to its ApplicationSet by E4 only', () => {
    const set = applicationSet('clusters');
    const app = application('clusters-east', { ownerReferences: [ownedBy(set)] });
    const report = run([set, app, appProject('default')]);
    expect(objectOf(report, 'Application/argocd/clusters-east').layer).toBe('argo');
  });
});

describe('§4 layers and conflicts', () => {
  const cm = argocdCm({});
  const guestbook = application('guestbook', { destinationNamespace: 'guestbook' });

  it('unmanaged when nothing is found', () => {
    const o = ownershipIn([], configMap('loose', 'default'));
    expect(o).toEqual({ managers: [], layer: 'unmanaged', conflicts: [] });
  });

  it('flux-and-argo: claimed by a Flux manager and an Argo Application → layer both', () => {
    const shared = configMap('guestbook-ui', 'guestbook', {
      labels: ksLabels('apps'),
      annotations: { [TRACKING]: 'guestbook:/ConfigMap:guestbook/guestbook-ui' },
    });
    const objects = [cm, guestbook, kustomization('apps'), shared];
    const o = ownershipIn(objects, shared);
    expect(o.layer).toBe('both');
    expect(o.conflicts).toEqual(['flux-and-argo']);
    const report = run([...objects, appProject('default')]);
    expect(report.conflicts).toEqual([
      {
        resource: { group: '', kind: 'ConfigMap', namespace: 'guestbook', name: 'guestbook-ui' },
        type: 'flux-and-argo',
        managers: expect.arrayContaining([
          { kind: 'Application', namespace: 'argocd', name: 'guestbook' },
          { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
        ]),
      },
    ]);
    expect(report.conflicts[0]?.managers).toHaveLength(2);
  });

  it('multiple-argo: one object in two Applications (SharedResourceError, A7)', () => {
    const a = application('application', {
      resources: [{ kind: 'ConfigMap', namespace: 'demo', name: 'game-demo' }],
    });
    const b = application('argocdin', {
      resources: [{ kind: 'ConfigMap', namespace: 'demo', name: 'game-demo' }],
    });
    const o = ownershipIn([cm, a, b], configMap('game-demo', 'demo'));
    expect(o.layer).toBe('argo');
    expect(o.conflicts).toEqual(['multiple-argo']);
    const report = run([cm, a, b, configMap('game-demo', 'demo'), appProject('default')]);
    expect(report.conflicts.map((c) => [c.resource.name, c.type, c.managers.length])).toEqual([
      ['game-demo', 'multiple-argo', 2],
    ]);
  });

  it('multiple-flux: labelled by one Kustomization and in another’s inventory', () => {
    const a = kustomization('apps');
    const b = kustomization('infra', { inventory: ['podinfo_podinfo-config__ConfigMap'] });
    const o = ownershipIn([a, b], configMap('podinfo-config', 'podinfo', { labels: ksLabels('apps') }));
    expect(o.layer).toBe('flux');
    expect(o.conflicts).toEqual(['multiple-flux']);
  });

  it('one manager found two ways (label and inventory) is not a conflict', () => {
    const a = kustomization('apps', { inventory: ['podinfo_podinfo-config__ConfigMap'] });
    const o = ownershipIn([a], configMap('podinfo-config', 'podinfo', { labels: ksLabels('apps') }));
    expect(o.managers).toHaveLength(1);
    expect(o.conflicts).toEqual([]);
  });

  it('an Application applied by Flux is the flux → argo boundary, not a conflict', () => {
    const app = application('guestbook', {
      labels: ksLabels('argo-apps'),
      destinationNamespace: 'guestbook',
    });
    const report = run([cm, kustomization('argo-apps'), app, appProject('default')]);
    expect(objectOf(report, 'Application/argocd/guestbook').layer).toBe('flux');
    expect(report.conflicts).toEqual([]);
  });

  it('a Flux object applied by an Application is the argo → flux boundary, not a conflict', () => {
    const platform = application('platform', { destinationNamespace: 'flux-system' });
    const ks = kustomization('tenants', {
      annotations: { [TRACKING]: 'platform:kustomize.toolkit.fluxcd.io/Kustomization:flux-system/tenants' },
    });
    const report = run([cm, platform, ks, appProject('default')]);
    expect(objectOf(report, 'Kustomization/flux-system/tenants').layer).toBe('argo');
    expect(report.conflicts).toEqual([]);
  });

  it('a GitOps object with no manager is unmanaged in the report', () => {
    expect(objectOf(run([kustomization('loose')]), 'Kustomization/flux-system/loose').layer).toBe(
      'unmanaged',
    );
  });
});
