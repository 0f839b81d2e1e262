/**
 * Runs an action (reconcile, suspend, resume, refresh, sync) on the cluster: reads the object as
 * the server has it now, asks the core's planAction for the merge patch (or its refusal), and
 * sends it as `application/merge-patch+json`. A 409 Conflict (the object changed in between:
 * sync's patch carries the resourceVersion it was planned from) re-reads and re-plans once. A
 * failure is reported in the server's own words. In read-only mode nothing is sent: the core
 * refuses with its reason.
 */
import {
  type ActionName,
  type ActionOptions,
  gitOpsKindNamed,
  objectPath,
  planAction,
  type Ref,
  readKubeObject,
} from '@strata/core';
import type { ServedKind } from './coverage.ts';
import { KubeApiError, TransportError } from './errors.ts';
import type { KubeTransport } from './transport.ts';

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

export type ActionResult =
  | {
      readonly ok: true;
      readonly action: ActionName;
      /** The core's one line: what the patch asks for. */
      readonly summary: string;
      /** The object as the server returned it after the patch. */
      readonly object: unknown;
    }
  /** Not sent: the core refused (read-only mode, wrong kind, an operation already running…). */
  | { readonly ok: false; readonly action: ActionName; readonly refused: true; readonly reason: string }
  /** Sent (or read) and failed: the server's message. */
  | {
      readonly ok: false;
      readonly action: ActionName;
      readonly refused: false;
      readonly error: string;
      readonly status?: number;
    };

function formatRef(ref: Ref): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}

function failure(action: ActionName, error: unknown, what: string): ActionResult {
  if (error instanceof KubeApiError) {
    return {
      ok: false,
      action,
      refused: false,
      error: `${what}: ${error.serverMessage}`,
      status: error.status,
    };
  }
  const message = error instanceof TransportError || error instanceof Error ? error.message : String(error);
  return { ok: false, action, refused: false, error: `${what}: ${message}` };
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
  const label = formatRef(ref);
  const kind = served.find((s) => s.kind === ref.kind);
  if (options.readOnly === true || kind === undefined || ref.namespace === undefined) {
    // Let the core give its reason (read-only mode, a kind it does not act on) before ours.
    const gitOps = gitOpsKindNamed(ref.kind);
    const apiVersion =
      kind !== undefined
        ? `${kind.group}/${kind.version}`
        : gitOps !== undefined
          ? `${gitOps.group}/${gitOps.versions[0]}`
          : 'v1';
    const stub = {
      apiVersion,
      kind: ref.kind,
      metadata: { name: ref.name, ...(ref.namespace === undefined ? {} : { namespace: ref.namespace }) },
    };
    const plan = planAction(name, stub, { ...planOptions, at });
    if (!plan.ok) return { ok: false, action: name, refused: true, reason: plan.reason };
    return {
      ok: false,
      action: name,
      refused: true,
      reason: kind === undefined ? `${ref.kind} is not served by this cluster` : `${label} has no namespace`,
    };
  }
  const path = objectPath(kind, ref.namespace, ref.name);
  const withSignal = signal === undefined ? {} : { signal };
  for (let attempt = 1; ; attempt++) {
    let current: unknown;
    try {
      const response = await transport.request({ method: 'GET', path, ...withSignal });
      if (response.status === 404) {
        return { ok: false, action: name, refused: false, error: `${label} was not found`, status: 404 };
      }
      if (response.status !== 200) throw new KubeApiError(response.status, response.body, `GET ${path}`);
      current = response.body;
    } catch (error) {
      return failure(name, error, `cannot read ${label}`);
    }
    const uid = readKubeObject(current)?.uid;
    if (expectUid !== undefined && uid !== expectUid) {
      return {
        ok: false,
        action: name,
        refused: true,
        reason: `${label} is another object now (deleted and created again since it was confirmed): nothing sent`,
      };
    }
    const plan = planAction(name, current, { ...planOptions, at });
    if (!plan.ok) return { ok: false, action: name, refused: true, reason: plan.reason };
    try {
      const response = await transport.request({
        method: 'PATCH',
        path,
        body: plan.patch,
        contentType: 'application/merge-patch+json',
        ...withSignal,
      });
      if (response.status === 409 && attempt === 1) continue; // changed meanwhile: read and plan again
      if (response.status < 200 || response.status > 299) {
        throw new KubeApiError(response.status, response.body, `PATCH ${path}`);
      }
      return { ok: true, action: name, summary: plan.summary, object: response.body };
    } catch (error) {
      return failure(name, error, `${name} ${label} failed`);
    }
  }
}
