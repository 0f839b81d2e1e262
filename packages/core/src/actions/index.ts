export {
  ACTION_ATTEMPTS,
  type ActionRequest,
  type ActionResponse,
  type ActionResult,
  type ActionRun,
  type ActionSpec,
  type ActionStep,
  actionPath,
  actionTargetOf,
  actionTransportFailure,
  beginAction,
  nextActionStep,
  serverMessage,
} from './action-protocol.ts';
export {
  ACTION_NAMES,
  type ActionAvailability,
  type ActionName,
  type ActionOptions,
  type ActionPlan,
  type ActionTarget,
  isActionName,
  type PlannedAction,
  type RefusedAction,
} from './action-types.ts';
export {
  type ActionSwitch,
  type ActionVariant,
  type ActionVariantId,
  actionSwitches,
  actionVariants,
  stalledReason,
  type VariantOptions,
} from './action-variants.ts';
export {
  ARGO_APPSET_REFRESH,
  ARGO_REFRESH,
  ARGO_REFRESH_TIMESTAMP,
  argoOperationBlocker,
  planRefresh,
  planSync,
} from './argo-actions.ts';
export { type AvailabilityOptions, applicableActions, availableActions } from './available-actions.ts';
export {
  FLUX_FORCE_AT,
  FLUX_OPERATOR_RECONCILE,
  FLUX_OPERATOR_SUSPENDED_BY,
  FLUX_REQUESTED_AT,
  FLUX_RESET_AT,
  planReconcile,
  planResume,
  planSuspend,
} from './flux-actions.ts';
export { planAction } from './plan-action.ts';
