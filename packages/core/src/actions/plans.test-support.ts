/** What the action planners' tests share: a fixed time, unwrapping a plan or a refusal, objects. */

import type { JsonRecord } from '../plain-json.ts';
import type { ActionName, ActionPlan, ActionTarget, PlannedAction, RefusedAction } from './action-types.ts';

export const AT = '2026-08-07T13:50:15.123Z';

/** The Application `argocd/guestbook` as an action's target. */
export const GUESTBOOK: ActionTarget = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  kind: 'Application',
  resource: 'applications',
  namespace: 'argocd',
  name: 'guestbook',
};

/** The merge-patch plan of `action` on `target`, as the builders return it. */
export function mergePlan(
  action: ActionName,
  target: ActionTarget,
  patch: JsonRecord,
  summary: string,
): PlannedAction {
  return { ok: true, action, target, patchType: 'merge', patch, summary };
}

/** The patch of a plain sync (no options but the user), guarded by the resource version read. */
export function plainSyncPatch(resourceVersion: string, username: string): JsonRecord {
  return {
    metadata: { resourceVersion },
    operation: { initiatedBy: { username }, sync: { syncStrategy: { hook: {} } } },
  };
}

export function ok(plan: ActionPlan): PlannedAction {
  if (!plan.ok) throw new Error(`expected a plan, got refusal: ${plan.reason}`);
  return plan;
}

export function refused(plan: ActionPlan): RefusedAction {
  if (plan.ok) throw new Error(`expected a refusal, got ${JSON.stringify(plan.patch)}`);
  return plan;
}

/** A maker of objects named `name` in `namespace`: apiVersion, kind, other fields and annotations. */
export function objectsNamed(name: string, namespace: string) {
  return (
    apiVersion: string,
    kind: string,
    extra: Record<string, unknown> = {},
    annotations?: Record<string, string>,
  ) => ({
    apiVersion,
    kind,
    metadata: { name, namespace, ...(annotations === undefined ? {} : { annotations }) },
    ...extra,
  });
}
