/**
 * What an action key does to the selected object: core's availableActions decides whether the
 * action applies and can run now (read-only mode included), planAction words the confirmation.
 * The UI never plans a patch itself.
 */
import { type ActionName, availableActions, planAction, type Ref } from '@strata/core';
import type { ActionKey } from './keymap.ts';
import { refLabel } from './view-models/format.ts';

export type ActionDecision =
  | { readonly ok: true; readonly action: ActionName; readonly summary: string }
  | { readonly ok: false; readonly message: string };

/** `s` suspends a running object and resumes a suspended one. */
function concreteAction(key: ActionKey, raw: unknown): ActionName {
  if (key !== 'toggle-suspend') return key;
  const suspend = availableActions(raw).find((a) => a.action === 'suspend');
  return suspend !== undefined && !suspend.enabled && suspend.reason === 'already suspended'
    ? 'resume'
    : 'suspend';
}

export function decideAction(
  key: ActionKey,
  ref: Ref | undefined,
  raw: unknown,
  options: { readonly readOnly: boolean; readonly at: string },
): ActionDecision {
  if (ref === undefined) return { ok: false, message: 'select an object first' };
  const label = refLabel(ref);
  if (raw === undefined) return { ok: false, message: `${label} is not in the picture: nothing to act on` };
  const action = concreteAction(key, raw);
  const availability = availableActions(raw, { readOnly: options.readOnly }).find((a) => a.action === action);
  if (availability === undefined) {
    const plan = planAction(action, raw, { at: options.at });
    const reason = plan.ok ? `${action} does not apply to ${ref.kind}` : plan.reason;
    return { ok: false, message: `${action}: ${reason}` };
  }
  if (!availability.enabled) {
    const reason =
      availability.reason === 'read-only mode'
        ? 'read-only mode (strata was started with --readonly)'
        : availability.reason;
    return { ok: false, message: `${action} ${label} is disabled: ${reason}` };
  }
  const plan = planAction(action, raw, { at: options.at });
  if (!plan.ok) return { ok: false, message: `${action} ${label}: ${plan.reason}` };
  return { ok: true, action, summary: plan.summary };
}
