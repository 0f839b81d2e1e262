import type { Ref } from './ref.ts';
import type { ConflictType, Layer } from './report-types.ts';

/** Who can manage an object (§4). `helm` is a plain Helm release: not GitOps. */
export type ManagerType =
  | 'Kustomization'
  | 'HelmRelease'
  | 'FluxInstance'
  | 'ResourceSet'
  | 'Application'
  | 'ApplicationSet'
  | 'helm';

/** How a manager was found. */
export type ManagerEvidence =
  | 'label'
  | 'inventory'
  | 'tracking-id'
  | 'instance-label'
  | 'status-resources'
  | 'helm-annotation'
  | 'owner';

export interface Manager {
  readonly type: ManagerType;
  /** For `helm`, `{kind: 'HelmRelease'…}` is not used: the ref is `{kind: 'Release', namespace, name}`. */
  readonly ref: Ref;
  readonly via: ManagerEvidence;
}

export interface Ownership {
  readonly managers: readonly Manager[];
  readonly layer: Layer;
  readonly conflicts: readonly ConflictType[];
}
