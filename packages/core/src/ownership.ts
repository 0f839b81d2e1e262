import type { ArgoCdSettings } from './argocd-settings.ts';
import type { KubeObject } from './kube-object.ts';
import { objectKey } from './kube-object.ts';
import type { Manager, ManagerType, Ownership } from './ownership-types.ts';
import { makeRef, type Ref, refKey } from './ref.ts';
import type { ConflictType, Layer } from './report-types.ts';
import { parseAppInstanceName, parseTrackingId } from './tracking-id.ts';

export type { Manager, ManagerType, Ownership } from './ownership-types.ts';

/** What ownership resolution needs from the model around the object. */
export interface OwnershipContext {
  readonly settings: ArgoCdSettings;
  /** Argo CD's control-plane namespace, where apps named without `<ns>_` live. */
  readonly controlPlaneNamespace: string;
  /** Major version of the visible Argo CD, when known (decides the default tracking method). */
  readonly argoMajor: number | undefined;
  /**
   * Whether an Application a tracking id or instance label names can be a manager: it is in the
   * input, or Applications of its namespace are hidden from the reader (§4 rule 4, v3).
   */
  applicationPresent(ref: Ref): boolean;
  /** Managers claiming an object by key from their inventories or `status.resources`. */
  claimsOn(objectKey: string): readonly Manager[];
  objectByKey(key: string): KubeObject | undefined;
  objectByUid(uid: string): KubeObject | undefined;
  /** `directManagers` of an object, from a cache the caller keeps current; computed when absent. */
  readonly directManagersOf?: (object: KubeObject) => readonly Manager[] | undefined;
}

const LABEL_MANAGERS: readonly { name: string; namespace: string; type: ManagerType }[] = (
  [
    ['kustomize.toolkit.fluxcd.io', 'Kustomization'],
    ['helm.toolkit.fluxcd.io', 'HelmRelease'],
    ['fluxcd.controlplane.io', 'FluxInstance'],
    ['resourceset.fluxcd.controlplane.io', 'ResourceSet'],
  ] as const
).map(([prefix, type]) => ({ name: `${prefix}/name`, namespace: `${prefix}/namespace`, type }));

const FLUX_TYPES: ReadonlySet<ManagerType> = new Set([
  'Kustomization',
  'HelmRelease',
  'FluxInstance',
  'ResourceSet',
]);

export function isFluxManager(manager: Manager): boolean {
  return FLUX_TYPES.has(manager.type);
}

function labelManagers(object: KubeObject): Manager[] {
  const out: Manager[] = [];
  for (const { name: nameKey, namespace: namespaceKey, type } of LABEL_MANAGERS) {
    const name = object.labels.get(nameKey);
    const namespace = object.labels.get(namespaceKey);
    if (name) out.push({ type, ref: makeRef(type, namespace, name), via: 'label' });
  }
  return out;
}

function appRef(appNamespace: string | undefined, appName: string, ctx: OwnershipContext) {
  return makeRef('Application', appNamespace ?? ctx.controlPlaneNamespace, appName);
}

function trackingManager(object: KubeObject, ctx: OwnershipContext): Manager | undefined {
  const value = object.annotations.get('argocd.argoproj.io/tracking-id');
  if (value === undefined) return undefined;
  const id = parseTrackingId(value);
  if (id === undefined) return undefined;
  if (id.group !== object.group || id.kind !== object.kind || id.name !== object.name) return undefined;
  // A cluster-scoped object carries the app's destination namespace instead of its own.
  if (object.namespace !== undefined && id.namespace !== object.namespace) return undefined;
  const installationId = ctx.settings.installationId;
  if (
    installationId !== undefined &&
    object.annotations.get('argocd.argoproj.io/installation-id') !== installationId
  ) {
    return undefined;
  }
  return { type: 'Application', ref: appRef(id.appNamespace, id.appName, ctx), via: 'tracking-id' };
}

/** The instance label counts only where label tracking is in force (§4). */
function instanceLabelManager(object: KubeObject, ctx: OwnershipContext): Manager | undefined {
  const method = ctx.settings.trackingMethod;
  const labelTracking =
    method === 'label' || (method === undefined && ctx.argoMajor !== undefined && ctx.argoMajor < 3);
  if (!labelTracking) return undefined;
  const value = object.labels.get(ctx.settings.instanceLabelKey);
  if (value === undefined) return undefined;
  const app = parseAppInstanceName(value);
  if (app === undefined) return undefined;
  return { type: 'Application', ref: appRef(app.appNamespace, app.appName, ctx), via: 'instance-label' };
}

function helmManager(object: KubeObject): Manager | undefined {
  const release = object.annotations.get('meta.helm.sh/release-name');
  if (!release) return undefined;
  const namespace = object.annotations.get('meta.helm.sh/release-namespace') ?? object.namespace;
  return { type: 'helm', ref: makeRef('Release', namespace, release), via: 'helm-annotation' };
}

/**
 * The Applications an object's tracking id or instance label names, whether or not they exist:
 * those that do not are orphaned claims (§4 rule 4, v3).
 */
export function trackingClaims(object: KubeObject, ctx: OwnershipContext): Manager[] {
  const out: Manager[] = [];
  const tracked = trackingManager(object, ctx);
  if (tracked !== undefined) out.push(tracked);
  const instance = instanceLabelManager(object, ctx);
  if (instance !== undefined) out.push(instance);
  return out;
}

/** Managers found on the object itself and in others' inventories, without following owners. */
export function directManagers(
  object: KubeObject,
  ctx: OwnershipContext,
  tracked: readonly Manager[] = trackingClaims(object, ctx),
): Manager[] {
  const found = labelManagers(object);
  for (const claim of ctx.claimsOn(object.key)) found.push(claim);
  // A claim by an Application that is not there is no manager (an orphaned-tracking warning).
  for (const claim of tracked) if (ctx.applicationPresent(claim.ref)) found.push(claim);
  if (!found.some(isFluxManager)) {
    const helm = helmManager(object);
    if (helm !== undefined) found.push(helm);
  }
  return found;
}

/** The object an object's controller ownerReference points at, when the context holds it. */
export function controllerOwner(object: KubeObject, ctx: OwnershipContext): KubeObject | undefined {
  const owner = object.ownerReferences.find((o) => o.controller);
  if (owner === undefined) return undefined;
  // An Application generated by an ApplicationSet is linked by E4, not managed by it.
  if (object.group === 'argoproj.io' && object.kind === 'Application' && owner.kind === 'ApplicationSet') {
    return undefined;
  }
  const byUid = owner.uid === undefined ? undefined : ctx.objectByUid(owner.uid);
  return byUid ?? ctx.objectByKey(objectKey(owner.group, owner.kind, object.namespace, owner.name));
}

/**
 * §4: every manager that applies, in contract order, deduplicated by ref (first evidence wins),
 * including those inherited through controller ownerReferences (Pod → ReplicaSet → Deployment).
 * `visit` is told each object whose data was read, so callers can track what to recompute.
 */
export function resolveManagers(
  object: KubeObject,
  ctx: OwnershipContext,
  visit?: (o: KubeObject) => void,
): Manager[] {
  const out: Manager[] = [];
  const seenRefs = new Set<string>();
  const seenObjects = new Set<string>();
  let current: KubeObject | undefined = object;
  let inherited = false;
  while (current !== undefined && !seenObjects.has(current.key)) {
    seenObjects.add(current.key);
    visit?.(current);
    const direct = ctx.directManagersOf?.(current) ?? directManagers(current, ctx);
    for (const manager of direct) {
      const key = `${manager.type}|${refKey(manager.ref)}`;
      if (seenRefs.has(key)) continue;
      seenRefs.add(key);
      out.push(inherited ? { ...manager, via: 'owner' } : manager);
    }
    const generator = generatingAppSet(current);
    if (generator !== undefined) {
      // §4 rule 6: an ApplicationSet manages what it generates, not its own managers.
      const key = `ApplicationSet|${refKey(generator)}`;
      if (!seenRefs.has(key)) out.push({ type: 'ApplicationSet', ref: generator, via: 'owner' });
      break;
    }
    current = controllerOwner(current, ctx);
    inherited = true;
  }
  return out;
}

/** The ApplicationSet that generated an Application (its controller ownerReference). */
function generatingAppSet(object: KubeObject): Ref | undefined {
  if (object.group !== 'argoproj.io' || object.kind !== 'Application') return undefined;
  // As E4 reads it (node facts): any ownerReference to an ApplicationSet.
  const owner = object.ownerReferences.find((o) => o.kind === 'ApplicationSet' && o.group === 'argoproj.io');
  return owner === undefined ? undefined : makeRef('ApplicationSet', object.namespace, owner.name);
}

export function layerOf(managers: readonly Manager[]): Layer {
  const flux = managers.some(isFluxManager);
  const argo = managers.some((m) => m.type === 'Application' || m.type === 'ApplicationSet');
  if (flux && argo) return 'both';
  if (flux) return 'flux';
  if (argo) return 'argo';
  if (managers.some((m) => m.type === 'helm')) return 'helm';
  return 'unmanaged';
}

export function conflictsOf(managers: readonly Manager[]): ConflictType[] {
  const flux = new Set(managers.filter(isFluxManager).map((m) => refKey(m.ref)));
  const argo = new Set(managers.filter((m) => m.type === 'Application').map((m) => refKey(m.ref)));
  const out: ConflictType[] = [];
  if (flux.size > 0 && argo.size > 0) out.push('flux-and-argo');
  if (argo.size > 1) out.push('multiple-argo');
  if (flux.size > 1) out.push('multiple-flux');
  return out;
}

export function ownershipOf(managers: readonly Manager[]): Ownership {
  return { managers, layer: layerOf(managers), conflicts: conflictsOf(managers) };
}
