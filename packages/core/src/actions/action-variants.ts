/**
 * The ways one action can be run, as `flux` and `argocd` offer them: reconcile plain, with its
 * source first (`flux reconcile … --with-source`, on a Kustomization or HelmRelease), with a
 * reset (`--reset`, what a stalled HelmRelease needs) or forced (`--force`); refresh normal or
 * hard; sync with prune and dry-run switches. Every surface offers the same list, in its own
 * widgets; a variant is listed only when core would plan it for this object.
 */

import { readKubeObject } from '../kube-object.ts';
import { asName, field } from '../plain-json.ts';
import type { Ref } from '../ref.ts';
import type { ActionName, ActionOptions } from './action-types.ts';
import { planAction } from './plan-action.ts';

export type ActionVariantId = 'plain' | 'with-source' | 'reset' | 'force' | 'hard';

/** The options a variant adds to the plan (everything but the time and the user). */
export type VariantOptions = Pick<ActionOptions, 'force' | 'reset' | 'hard'>;

export interface ActionVariant {
  readonly id: ActionVariantId;
  readonly label: string;
  readonly options: VariantOptions;
  /** Why this one is the one to pick now (a stalled release needs a reset). */
  readonly hint?: string;
  /** Reconcile this source first, then the object (`--with-source`). */
  readonly source?: Ref;
}

/** An option switched on and off before running (sync's prune and dry run). */
export interface ActionSwitch {
  readonly option: 'prune' | 'dryRun';
  readonly label: string;
}

/** Stalled=True (RetriesExceeded and the like): helm-controller ignores a plain reconcile, not a reset. */
export function stalledReason(raw: unknown): string | undefined {
  const conditions = field(raw, 'status', 'conditions');
  if (!Array.isArray(conditions)) return undefined;
  for (const condition of conditions) {
    if (field(condition, 'type') === 'Stalled' && field(condition, 'status') === 'True') {
      return asName(field(condition, 'reason')) ?? 'Stalled';
    }
  }
  return undefined;
}

/**
 * The variants of `action` for the object as read, plain first. `source` is the object's
 * source (its `source` edge in the graph), offered for reconcile with source.
 */
export function actionVariants(
  action: ActionName,
  raw: unknown,
  options: { readonly at: string; readonly source?: Ref | undefined },
): ActionVariant[] {
  const kind = readKubeObject(raw)?.kind;
  const plans = (extra: VariantOptions) => planAction(action, raw, { at: options.at, ...extra }).ok;
  switch (action) {
    case 'reconcile': {
      const variants: ActionVariant[] = [{ id: 'plain', label: 'reconcile', options: {} }];
      if (options.source !== undefined && (kind === 'Kustomization' || kind === 'HelmRelease')) {
        variants.push({ id: 'with-source', label: 'with source', options: {}, source: options.source });
      }
      if (kind === 'HelmRelease' && plans({ reset: true })) {
        const stalled = stalledReason(raw);
        variants.push({
          id: 'reset',
          label: 'reset and retry',
          options: { reset: true },
          ...(stalled === undefined
            ? {}
            : { hint: `stalled (${stalled}): helm-controller ignores a plain reconcile until reset` }),
        });
      }
      if (plans({ force: true })) {
        variants.push({
          id: 'force',
          label: kind === 'HelmRelease' ? 'force an upgrade' : 'force',
          options: { force: true },
        });
      }
      return variants;
    }
    case 'refresh':
      return plans({ hard: true })
        ? [
            { id: 'plain', label: 'refresh', options: {} },
            { id: 'hard', label: 'hard refresh', options: { hard: true } },
          ]
        : [{ id: 'plain', label: 'refresh', options: {} }];
    default:
      return [{ id: 'plain', label: action, options: {} }];
  }
}

const SYNC_SWITCHES: readonly ActionSwitch[] = [
  { option: 'prune', label: 'prune' },
  { option: 'dryRun', label: 'dry run' },
];

/** The switches of an action: prune and dry run for sync, none otherwise. */
export function actionSwitches(action: ActionName): readonly ActionSwitch[] {
  return action === 'sync' ? SYNC_SWITCHES : [];
}
