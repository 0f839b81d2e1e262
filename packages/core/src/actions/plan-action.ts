/** One entry point for every surface: plan any action by name. */
import { refuse } from './action-target.ts';
import type { ActionName, ActionOptions, ActionPlan } from './action-types.ts';
import { planRefresh, planSync } from './argo-actions.ts';
import { planReconcile, planResume, planSuspend } from './flux-actions.ts';

/**
 * The patch for `name` on `object` (plain JSON as read from the API), or a refusal with the
 * reason. Never throws, whatever the input: unknown action names, non-GitOps objects, kinds
 * that do not support the action and malformed objects are all refused.
 */
export function planAction(name: ActionName, object: unknown, options: ActionOptions): ActionPlan {
  switch (name) {
    case 'reconcile':
      return planReconcile(object, options);
    case 'suspend':
      return planSuspend(object, options);
    case 'resume':
      return planResume(object, options);
    case 'refresh':
      return planRefresh(object, options);
    case 'sync':
      return planSync(object, options);
    default: {
      // Reached only when an untyped caller passes a string that is not an action.
      const unknownName: unknown = name;
      return refuse(name, `unknown action ${String(unknownName)}`);
    }
  }
}
