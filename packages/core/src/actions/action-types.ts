/**
 * The shapes every action builder shares. A builder reads the object as the API served it and
 * returns either the exact patch to send or a refusal a person can read. Builders never do I/O
 * and never read the clock: the caller passes the request time in `ActionOptions.at`.
 *
 * Every patch is a JSON merge patch (RFC 7386, `Content-Type: application/merge-patch+json`):
 * - it works on custom resources, which is all strata acts on; the API server rejects strategic
 *   merge patches for CRDs (415 Unsupported Media Type) because it has no patch-strategy
 *   metadata for their fields;
 * - it creates missing maps on the way (a JSON patch `add /metadata/annotations/x` fails when
 *   the object has no annotations yet) and merges into existing ones, so one request can set an
 *   annotation without reading or resending the others;
 * - `null` deletes a key, which the resume patches use to drop `suspendedBy`;
 * - it is what the upstream tools send: `flux` and `flux-operator` patch with controller-runtime's
 *   `client.MergeFrom`, and Argo CD's own refresh is a merge patch of the annotations.
 */
import type { JsonRecord } from '../plain-json.ts';

export type ActionName = 'reconcile' | 'suspend' | 'resume' | 'refresh' | 'sync';

export const ACTION_NAMES: readonly ActionName[] = ['reconcile', 'suspend', 'resume', 'refresh', 'sync'];

export function isActionName(value: unknown): value is ActionName {
  return typeof value === 'string' && (ACTION_NAMES as readonly string[]).includes(value);
}

/** Where the patch goes: `/apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}`. */
export interface ActionTarget {
  readonly group: string;
  /** The version the object was read at: the served version the caller already talks to. */
  readonly version: string;
  readonly kind: string;
  /** Plural resource name, from GITOPS_KINDS. */
  readonly resource: string;
  /** Always present for the kinds strata acts on today (all namespaced); builders refuse without it. */
  readonly namespace?: string;
  readonly name: string;
}

export interface PlannedAction {
  readonly ok: true;
  readonly action: ActionName;
  readonly target: ActionTarget;
  readonly patchType: 'merge';
  readonly patch: JsonRecord;
  /** One line for confirmations and logs: what the patch asks for, in words. */
  readonly summary: string;
}

export interface RefusedAction {
  readonly ok: false;
  readonly action: ActionName;
  readonly reason: string;
}

export type ActionPlan = PlannedAction | RefusedAction;

export interface ActionOptions {
  /**
   * The request time, written verbatim into request annotations. Controllers treat it as an
   * opaque token and compare it with `status.lastHandledReconcileAt`; `flux reconcile` writes
   * Go's RFC3339Nano, so `new Date().toISOString()` is a faithful choice. It must differ from
   * the value already on the object, or the controller sees no new request.
   */
  readonly at: string;
  /** Refuse everything with 'read-only mode'. */
  readonly readOnly?: boolean;
  /** Who asks: Argo CD `operation.initiatedBy.username` and flux-operator's `suspendedBy`. Default 'strata'. */
  readonly user?: string;
  /** reconcile HelmRelease / FluxInstance: one-off forced upgrade (`reconcile.fluxcd.io/forceAt`). */
  readonly force?: boolean;
  /** reconcile HelmRelease: reset the install/upgrade failure counts (`reconcile.fluxcd.io/resetAt`). */
  readonly reset?: boolean;
  /** refresh Application: hard refresh (invalidates the manifest cache). */
  readonly hard?: boolean;
  /** sync: revision to sync to; default the spec's own target revision. */
  readonly revision?: string;
  /** sync: delete resources no longer in the source. */
  readonly prune?: boolean;
  /** sync: dry run only. */
  readonly dryRun?: boolean;
  /** sync: per-sync options (e.g. 'ServerSideApply=true'); default spec.syncPolicy.syncOptions. */
  readonly syncOptions?: readonly string[];
}

/** Whether an action applies to an object right now; surfaces show disabled actions with the reason. */
export type ActionAvailability =
  | { readonly action: ActionName; readonly enabled: true }
  | { readonly action: ActionName; readonly enabled: false; readonly reason: string };

export const DEFAULT_USER = 'strata';
export const READ_ONLY_REASON = 'read-only mode';
