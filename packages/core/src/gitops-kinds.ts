/**
 * The GitOps kinds strata reads (diagnosis contract §1), with the facts every surface needs:
 * API group and versions (newest first), plural and short names for discovery and CRDs, and the
 * controller that reconciles each kind (edge E5).
 */
export type Tool = 'flux' | 'argo';

export type ControllerName =
  | 'source-controller'
  | 'kustomize-controller'
  | 'helm-controller'
  | 'flux-operator'
  | 'image-reflector-controller'
  | 'image-automation-controller'
  | 'notification-controller'
  | 'application-controller'
  | 'repo-server'
  | 'applicationset-controller';

export type GitOpsKindName =
  | 'Kustomization'
  | 'HelmRelease'
  | 'GitRepository'
  | 'OCIRepository'
  | 'HelmRepository'
  | 'HelmChart'
  | 'Bucket'
  | 'ExternalArtifact'
  | 'FluxInstance'
  | 'ResourceSet'
  | 'ResourceSetInputProvider'
  | 'ImageRepository'
  | 'ImagePolicy'
  | 'ImageUpdateAutomation'
  | 'Receiver'
  | 'Alert'
  | 'Provider'
  | 'Application'
  | 'ApplicationSet'
  | 'AppProject';

export interface GitOpsKind {
  readonly kind: GitOpsKindName;
  readonly group: string;
  /** Served versions, newest first; older ones are read the same way. */
  readonly versions: readonly string[];
  readonly plural: string;
  readonly shortNames: readonly string[];
  readonly tool: Tool;
  readonly isSource: boolean;
  readonly controllers: readonly ControllerName[];
  readonly hasStatusSubresource: boolean;
}

const FLUX_SOURCE = 'source.toolkit.fluxcd.io';
const FLUX_IMAGE = 'image.toolkit.fluxcd.io';
const FLUX_NOTIFICATION = 'notification.toolkit.fluxcd.io';
/** Alert and Provider: served as v1beta3 (no status) by current notification-controllers. */
const notificationVersions = ['v1beta3', 'v1beta2', 'v1beta1'] as const;
const sourceVersions = ['v1', 'v1beta2', 'v1beta1'] as const;

export const GITOPS_KINDS: readonly GitOpsKind[] = [
  {
    kind: 'Kustomization',
    group: 'kustomize.toolkit.fluxcd.io',
    versions: ['v1', 'v1beta2', 'v1beta1'],
    plural: 'kustomizations',
    shortNames: ['ks'],
    tool: 'flux',
    isSource: false,
    controllers: ['kustomize-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'HelmRelease',
    group: 'helm.toolkit.fluxcd.io',
    versions: ['v2', 'v2beta2', 'v2beta1'],
    plural: 'helmreleases',
    shortNames: ['hr'],
    tool: 'flux',
    isSource: false,
    controllers: ['helm-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'GitRepository',
    group: FLUX_SOURCE,
    versions: sourceVersions,
    plural: 'gitrepositories',
    shortNames: ['gitrepo'],
    tool: 'flux',
    isSource: true,
    controllers: ['source-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'OCIRepository',
    group: FLUX_SOURCE,
    versions: ['v1', 'v1beta2'],
    plural: 'ocirepositories',
    shortNames: ['ocirepo'],
    tool: 'flux',
    isSource: true,
    controllers: ['source-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'HelmRepository',
    group: FLUX_SOURCE,
    versions: sourceVersions,
    plural: 'helmrepositories',
    shortNames: ['helmrepo'],
    tool: 'flux',
    isSource: true,
    controllers: ['source-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'HelmChart',
    group: FLUX_SOURCE,
    versions: sourceVersions,
    plural: 'helmcharts',
    shortNames: ['hc'],
    tool: 'flux',
    isSource: true,
    controllers: ['source-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'Bucket',
    group: FLUX_SOURCE,
    versions: sourceVersions,
    plural: 'buckets',
    shortNames: [],
    tool: 'flux',
    isSource: true,
    controllers: ['source-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'ExternalArtifact',
    group: FLUX_SOURCE,
    versions: ['v1'],
    plural: 'externalartifacts',
    shortNames: [],
    tool: 'flux',
    isSource: true,
    controllers: ['source-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'FluxInstance',
    group: 'fluxcd.controlplane.io',
    versions: ['v1'],
    plural: 'fluxinstances',
    shortNames: [],
    tool: 'flux',
    isSource: false,
    controllers: ['flux-operator'],
    hasStatusSubresource: true,
  },
  {
    kind: 'ResourceSet',
    group: 'fluxcd.controlplane.io',
    versions: ['v1'],
    plural: 'resourcesets',
    shortNames: ['rset'],
    tool: 'flux',
    isSource: false,
    controllers: ['flux-operator'],
    hasStatusSubresource: true,
  },
  {
    kind: 'ResourceSetInputProvider',
    group: 'fluxcd.controlplane.io',
    versions: ['v1'],
    plural: 'resourcesetinputproviders',
    shortNames: ['rsip'],
    tool: 'flux',
    isSource: false,
    controllers: ['flux-operator'],
    hasStatusSubresource: true,
  },
  {
    kind: 'ImageRepository',
    group: FLUX_IMAGE,
    versions: ['v1', 'v1beta2'],
    plural: 'imagerepositories',
    shortNames: ['imagerepo'],
    tool: 'flux',
    isSource: false,
    controllers: ['image-reflector-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'ImagePolicy',
    group: FLUX_IMAGE,
    versions: ['v1', 'v1beta2'],
    plural: 'imagepolicies',
    shortNames: ['imagepol'],
    tool: 'flux',
    isSource: false,
    controllers: ['image-reflector-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'ImageUpdateAutomation',
    group: FLUX_IMAGE,
    versions: ['v1', 'v1beta2'],
    plural: 'imageupdateautomations',
    shortNames: ['imageupdate'],
    tool: 'flux',
    isSource: false,
    controllers: ['image-automation-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'Receiver',
    group: FLUX_NOTIFICATION,
    versions: ['v1', 'v1beta2'],
    plural: 'receivers',
    shortNames: [],
    tool: 'flux',
    isSource: false,
    controllers: ['notification-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'Alert',
    group: FLUX_NOTIFICATION,
    versions: notificationVersions,
    plural: 'alerts',
    shortNames: [],
    tool: 'flux',
    isSource: false,
    controllers: ['notification-controller'],
    hasStatusSubresource: false,
  },
  {
    kind: 'Provider',
    group: FLUX_NOTIFICATION,
    versions: notificationVersions,
    plural: 'providers',
    shortNames: [],
    tool: 'flux',
    isSource: false,
    controllers: ['notification-controller'],
    hasStatusSubresource: false,
  },
  {
    kind: 'Application',
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'applications',
    shortNames: ['app', 'apps'],
    tool: 'argo',
    isSource: false,
    controllers: ['application-controller', 'repo-server'],
    hasStatusSubresource: false,
  },
  {
    kind: 'ApplicationSet',
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'applicationsets',
    shortNames: ['appset', 'appsets'],
    tool: 'argo',
    isSource: false,
    controllers: ['applicationset-controller'],
    hasStatusSubresource: true,
  },
  {
    kind: 'AppProject',
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    plural: 'appprojects',
    shortNames: ['appproj', 'appprojs'],
    tool: 'argo',
    isSource: false,
    controllers: [],
    hasStatusSubresource: false,
  },
];

/** Group, then kind: looked up for every object, so without building a key string. */
const byGroupKind = new Map<string, Map<string, GitOpsKind>>();
for (const k of GITOPS_KINDS) {
  let kinds = byGroupKind.get(k.group);
  if (kinds === undefined) {
    kinds = new Map();
    byGroupKind.set(k.group, kinds);
  }
  kinds.set(k.kind, k);
}
const byKind = new Map(GITOPS_KINDS.map((k) => [k.kind as string, k]));

/** The GitOps kind of an object, matched on API group and kind (the version is not checked). */
export function gitOpsKindOf(group: string, kind: string): GitOpsKind | undefined {
  return byGroupKind.get(group)?.get(kind);
}

/** The GitOps kind named by a bare kind, as refs inside specs and messages name them. */
export function gitOpsKindNamed(kind: string): GitOpsKind | undefined {
  return byKind.get(kind);
}

export interface ControllerSpec {
  readonly name: ControllerName;
  readonly tool: Tool;
}

export const CONTROLLERS: readonly ControllerSpec[] = [
  { name: 'source-controller', tool: 'flux' },
  { name: 'kustomize-controller', tool: 'flux' },
  { name: 'helm-controller', tool: 'flux' },
  { name: 'flux-operator', tool: 'flux' },
  { name: 'image-reflector-controller', tool: 'flux' },
  { name: 'image-automation-controller', tool: 'flux' },
  { name: 'notification-controller', tool: 'flux' },
  { name: 'application-controller', tool: 'argo' },
  { name: 'repo-server', tool: 'argo' },
  { name: 'applicationset-controller', tool: 'argo' },
];
