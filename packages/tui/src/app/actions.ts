/**
 * What an action key offers for the selected object: core's availableActions decides whether an
 * action applies and can run now (read-only mode included), planAction words each choice. The UI
 * never plans a patch itself.
 *
 * `r` reconciles a Flux object (with Flux's own variants where they apply: its source first for a
 * Kustomization or HelmRelease, as `--with-source`; reset and force for a HelmRelease, as
 * `flux reconcile hr --reset/--force`; force for a FluxInstance) and refreshes an
 * Argo CD Application (normal or hard); `s` suspends or resumes a Flux object and syncs an
 * Application (with prune and dry-run as toggles). Shift-letters are left to sorting, as in k9s.
 */
import {
  type ActionName,
  type ActionOptions,
  type ActionVariantId,
  actionSwitches,
  actionVariants,
  availableActions,
  planAction,
  type Ref,
  readKubeObject,
} from '@strata/core';
import type { ActionKey } from './keymap.ts';
import { refLabel } from './view-models/format.ts';

/** The options a choice adds to the plan (everything but the time and the user). */
export type ChoiceOptions = Pick<ActionOptions, 'force' | 'reset' | 'hard' | 'prune' | 'dryRun'>;

/** One way to run the action, picked in the dialog by its key. */
export interface ActionChoice {
  readonly key: string;
  readonly label: string;
  readonly options: ChoiceOptions;
  /** Why this one is the one to pick now (a stalled release needs a reset). */
  readonly hint?: string;
  /** Reconcile this source first (`flux reconcile ks NAME --with-source`). */
  readonly source?: Ref;
}

/** An option switched on and off in the dialog before choosing (sync's prune and dry-run). */
export interface ActionToggle {
  readonly key: string;
  readonly label: string;
  readonly option: 'prune' | 'dryRun';
}

export type ActionDecision =
  | {
      readonly ok: true;
      readonly action: ActionName;
      readonly summary: string;
      /** The object's uid as the user saw it: the action is bound to it. */
      readonly uid: string | undefined;
      readonly choices: readonly ActionChoice[];
      readonly toggles: readonly ActionToggle[];
    }
  | { readonly ok: false; readonly message: string };

const ARGO_APP = 'Application';

/** `r` reconciles (Flux) or refreshes (an Argo CD Application); `s` suspends/resumes or syncs. */
function concreteAction(key: ActionKey, raw: unknown): ActionName {
  const kind = readKubeObject(raw)?.kind;
  if (key === 'reconcile' && kind === ARGO_APP) return 'refresh';
  if (key === 'toggle-suspend' && kind === ARGO_APP) return 'sync';
  if (key !== 'toggle-suspend') return key;
  const suspend = availableActions(raw).find((a) => a.action === 'suspend');
  return suspend !== undefined && !suspend.enabled && suspend.reason === 'already suspended'
    ? 'resume'
    : 'suspend';
}

/** The TUI's key for each of core's variants. */
const VARIANT_KEY: Record<ActionVariantId, string> = {
  plain: 'y',
  'with-source': 'w',
  reset: 'x',
  force: 'f',
  hard: 'h',
};
const SWITCH_KEY: Record<ActionToggle['option'], string> = { prune: 'p', dryRun: 'd' };

function choicesFor(action: ActionName, raw: unknown, at: string, source: Ref | undefined): ActionChoice[] {
  return actionVariants(action, raw, { at, source }).map((v) => ({
    key: VARIANT_KEY[v.id],
    label: v.label,
    options: v.options,
    ...(v.hint === undefined ? {} : { hint: v.hint }),
    ...(v.source === undefined ? {} : { source: v.source }),
  }));
}

function togglesFor(action: ActionName): ActionToggle[] {
  return actionSwitches(action).map((s) => ({ key: SWITCH_KEY[s.option], label: s.label, option: s.option }));
}

export function decideAction(
  key: ActionKey,
  ref: Ref | undefined,
  raw: unknown,
  options: {
    readonly readOnly: boolean;
    readonly at: string;
    /** The object's source (its `source` edge), offered for reconcile --with-source. */
    readonly source?: Ref | undefined;
  },
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
  return {
    ok: true,
    action,
    summary: plan.summary,
    uid: readKubeObject(raw)?.uid,
    choices: choicesFor(action, raw, options.at, options.source),
    toggles: togglesFor(action),
  };
}
