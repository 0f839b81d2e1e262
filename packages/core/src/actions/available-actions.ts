/**
 * Which actions a surface should offer for an object, and whether each can run now. The verdict
 * comes from the same builders that make the patches, so a button is enabled exactly when
 * pressing it would produce a patch; on top of that, actions that would change nothing (suspend
 * a suspended object, resume a running one, refresh an ApplicationSet already waiting for one)
 * are shown disabled, although the builders accept them as harmless repeats.
 */
import { gitOpsKindOf } from '../gitops-kinds.ts';
import { readKubeObject } from '../kube-object.ts';
import { isRefusal, resolveTarget } from './action-target.ts';
import { type ActionAvailability, type ActionName, READ_ONLY_REASON } from './action-types.ts';
import { ARGO_APPSET_REFRESH } from './argo-actions.ts';
import { isFluxSuspended } from './flux-actions.ts';
import { planAction } from './plan-action.ts';

export interface AvailabilityOptions {
  /** Show every applicable action disabled with 'read-only mode'. */
  readonly readOnly?: boolean;
}

const FLUX_ACTIONS: readonly ActionName[] = ['reconcile', 'suspend', 'resume'];
const APPLICATION_ACTIONS: readonly ActionName[] = ['refresh', 'sync'];
const APPLICATION_SET_ACTIONS: readonly ActionName[] = ['refresh'];
const NONE: readonly ActionName[] = [];

/** The actions that apply to the object's kind, in display order. None for non-GitOps objects. */
export function applicableActions(object: unknown): readonly ActionName[] {
  const kubeObject = readKubeObject(object);
  const kind = kubeObject === undefined ? undefined : gitOpsKindOf(kubeObject.group, kubeObject.kind);
  if (kind === undefined) return NONE;
  switch (kind.kind) {
    case 'AppProject':
    case 'ExternalArtifact':
      return NONE;
    case 'Application':
      return APPLICATION_ACTIONS;
    case 'ApplicationSet':
      return APPLICATION_SET_ACTIONS;
    default:
      return kind.tool === 'flux' ? FLUX_ACTIONS : NONE;
  }
}

/**
 * The builders only write the time into patches, so any non-empty placeholder gives the same
 * verdict as the real time; it cannot collide with a stored request time.
 */
const PLACEHOLDER_TIME = '\u0000availability-check';

function noOpReason(action: ActionName, object: unknown): string | undefined {
  const resolved = resolveTarget(action, object);
  if (isRefusal(resolved)) return undefined;
  if (resolved.kind.tool === 'flux') {
    const suspended = isFluxSuspended(resolved);
    if (action === 'suspend' && suspended) return 'already suspended';
    if (action === 'resume' && !suspended) return 'not suspended';
  }
  if (
    action === 'refresh' &&
    resolved.kind.kind === 'ApplicationSet' &&
    resolved.object.annotations.has(ARGO_APPSET_REFRESH)
  ) {
    return 'a refresh is already pending';
  }
  return undefined;
}

export function availableActions(
  object: unknown,
  options: AvailabilityOptions = {},
): readonly ActionAvailability[] {
  return applicableActions(object).map((action): ActionAvailability => {
    if (options.readOnly === true) return { action, enabled: false, reason: READ_ONLY_REASON };
    const plan = planAction(action, object, { at: PLACEHOLDER_TIME });
    if (!plan.ok) return { action, enabled: false, reason: plan.reason };
    const noOp = noOpReason(action, object);
    return noOp === undefined ? { action, enabled: true } : { action, enabled: false, reason: noOp };
  });
}
