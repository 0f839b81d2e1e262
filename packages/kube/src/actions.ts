/**
 * Runs an action (reconcile, suspend, resume, refresh, sync) on the cluster through core's action
 * protocol (read the object as the server has it now, plan the merge patch from it, send it; on
 * 409 read and plan again, a bounded number of times; bound to the confirmed object's uid). This
 * file only carries the protocol's requests over the transport. In read-only mode nothing is
 * sent: the core refuses with its reason.
 */
import {
  type ActionName,
  type ActionOptions,
  type ActionResult,
  type ActionTarget,
  actionTransportFailure,
  beginAction,
  gitOpsKindNamed,
  nextActionStep,
  type Ref,
} from '@strata/core';
import type { ServedKind } from './coverage.ts';
import type { KubeTransport } from './transport.ts';

export type { ActionResult } from '@strata/core';

export interface ApplyActionOptions extends Omit<ActionOptions, 'at'> {
  /** The request time written into annotations; now by default. */
  readonly at?: string;
  readonly signal?: AbortSignal;
  /**
   * The uid of the object the user confirmed: when the object by that name has another uid now
   * (deleted and created again), nothing is sent.
   */
  readonly expectUid?: string;
}

export async function applyAction(
  transport: KubeTransport,
  served: readonly ServedKind[],
  name: ActionName,
  ref: Ref,
  options: ApplyActionOptions = {},
): Promise<ActionResult> {
  const { signal, at: givenAt, expectUid, ...planOptions } = options;
  const at = givenAt ?? new Date().toISOString();
  const kind = served.find((s) => s.kind === ref.kind);
  // A kind the cluster does not serve still goes to the core first, for its reason (read-only
  // mode, a kind it does not act on) before ours.
  const gitOps = gitOpsKindNamed(ref.kind);
  const target: ActionTarget = {
    group: kind?.group ?? gitOps?.group ?? '',
    version: kind?.version ?? gitOps?.versions[0] ?? 'v1',
    kind: ref.kind,
    resource: kind?.plural ?? gitOps?.plural ?? '',
    ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }),
    name: ref.name,
  };
  let step = beginAction({ action: name, target, options: { ...planOptions, at }, expectUid });
  if (!step.done && kind === undefined) {
    return { ok: false, action: name, refused: true, reason: `${ref.kind} is not served by this cluster` };
  }
  const withSignal = signal === undefined ? {} : { signal };
  while (!step.done) {
    const { request } = step;
    let response: { status: number; body: unknown };
    try {
      response = await transport.request({
        method: request.method,
        path: request.path,
        ...(request.body === undefined ? {} : { body: request.body }),
        ...(request.contentType === undefined ? {} : { contentType: request.contentType }),
        ...withSignal,
      });
    } catch (error) {
      return actionTransportFailure(step.run, error instanceof Error ? error.message : String(error));
    }
    step = nextActionStep(step.run, response);
  }
  return step.result;
}
