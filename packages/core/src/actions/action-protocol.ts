/**
 * The action protocol every surface runs: read the object as the server has it now, plan the
 * patch from that reading, send it; on 409 Conflict (it changed in between: sync's patch carries
 * the resourceVersion it was planned from) read again and plan again, a bounded number of times.
 * The action is bound to the object the user confirmed: its ref (the URL) and, when given, its
 * uid — an object deleted and created again under the same name gets nothing.
 *
 * The steps are pure: `beginAction` gives the first request, `nextActionStep` takes the
 * server's answer and gives the next request or the result. Each surface's transport (the Node
 * adapter, Headlamp's ApiProxy) only sends the requests and feeds back the answers.
 */
import { readKubeObject } from '../kube-object.ts';
import { asName, asString, field, type JsonRecord } from '../plain-json.ts';
import { formatRef, makeRef } from '../ref.ts';
import type { ActionName, ActionOptions, ActionTarget, PlannedAction } from './action-types.ts';
import { planAction } from './plan-action.ts';

/** How many times the patch is sent when each answer is 409: the first time and two re-plans. */
export const ACTION_ATTEMPTS = 3;

export interface ActionRequest {
  readonly method: 'GET' | 'PATCH';
  /** `/apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}` */
  readonly path: string;
  readonly body?: JsonRecord;
  /** Set on PATCH: `application/merge-patch+json`. */
  readonly contentType?: string;
}

/** What came back: the HTTP status and the parsed body (a Status object on errors). */
export interface ActionResponse {
  readonly status: number;
  readonly body: unknown;
}

export type ActionResult =
  | {
      readonly ok: true;
      readonly action: ActionName;
      /** Core's one line: what the patch asks for. */
      readonly summary: string;
      /** The object as the server returned it after the patch. */
      readonly object: unknown;
    }
  /** Not sent: refused (read-only mode, wrong kind, an operation already running, another uid…). */
  | { readonly ok: false; readonly action: ActionName; readonly refused: true; readonly reason: string }
  /** Sent (or read) and failed: the server's message. */
  | {
      readonly ok: false;
      readonly action: ActionName;
      readonly refused: false;
      readonly error: string;
      readonly status?: number;
    };

export interface ActionSpec {
  readonly action: ActionName;
  /** Where the object lives, at the version the caller talks to. */
  readonly target: ActionTarget;
  readonly options: ActionOptions;
  /** The uid of the object the user confirmed: another uid at that name now → nothing is sent. */
  readonly expectUid?: string | undefined;
  /** Patches sent at most, 409 after 409; default ACTION_ATTEMPTS. */
  readonly attempts?: number;
}

/** Where a run is: the next answer is to this request. */
export interface ActionRun {
  readonly spec: ActionSpec;
  readonly path: string;
  /** `Kind/namespace/name`, for messages. */
  readonly label: string;
  readonly phase: 'read' | 'patch';
  /** Patches sent so far. */
  readonly sent: number;
  readonly plan?: PlannedAction;
}

export type ActionStep =
  | { readonly done: false; readonly run: ActionRun; readonly request: ActionRequest }
  | { readonly done: true; readonly result: ActionResult };

/** The object's URL; every kind strata acts on lives in a named API group and is namespaced. */
export function actionPath(target: ActionTarget): string {
  const ns = target.namespace === undefined ? '' : `/namespaces/${encodeURIComponent(target.namespace)}`;
  return `/apis/${target.group}/${target.version}${ns}/${target.resource}/${encodeURIComponent(target.name)}`;
}

/** The target of an object as read (its apiVersion, kind and name), for surfaces that hold one. */
export function actionTargetOf(raw: unknown, resource: string): ActionTarget | undefined {
  const object = readKubeObject(raw);
  if (object === undefined || object.version === '') return undefined;
  return {
    group: object.group,
    version: object.version,
    kind: object.kind,
    resource,
    ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
    name: object.name,
  };
}

function refused(action: ActionName, reason: string): ActionStep {
  return { done: true, result: { ok: false, action, refused: true, reason } };
}

function failed(run: ActionRun, error: string, status?: number): ActionStep {
  return {
    done: true,
    result: {
      ok: false,
      action: run.spec.action,
      refused: false,
      error,
      ...(status === undefined ? {} : { status }),
    },
  };
}

/** What went wrong in the server's own words (a Status object's message), or the bare status. */
export function serverMessage(response: ActionResponse): string {
  const message = asString(field(response.body, 'message'));
  if (message !== undefined && message !== '') return message;
  if (typeof response.body === 'string' && response.body.trim() !== '') return response.body.trim();
  return `HTTP ${response.status}`;
}

function read(run: ActionRun): ActionStep {
  return { done: false, run: { ...run, phase: 'read' }, request: { method: 'GET', path: run.path } };
}

/**
 * The first request (a read of the object), or the refusal when nothing could be planned for
 * the kind at all (read-only mode, an action the kind has not, a malformed target): then
 * nothing is sent.
 */
export function beginAction(spec: ActionSpec): ActionStep {
  const { action, target } = spec;
  // Plan on the bare object first: refusals that depend only on the kind and the options come
  // before any request, in core's words.
  const bare = {
    apiVersion: target.group === '' ? target.version : `${target.group}/${target.version}`,
    kind: target.kind,
    metadata: {
      name: target.name,
      ...(target.namespace === undefined ? {} : { namespace: target.namespace }),
    },
  };
  const plan = planAction(action, bare, spec.options);
  if (!plan.ok) return refused(action, plan.reason);
  const label = formatRef(makeRef(target.kind, target.namespace, target.name));
  return read({ spec, path: actionPath(target), label, phase: 'read', sent: 0 });
}

/** The next request, or the result, given the server's answer to the run's last request. */
export function nextActionStep(run: ActionRun, response: ActionResponse): ActionStep {
  const { action } = run.spec;
  const { status } = response;
  if (run.phase === 'read') {
    if (status === 404) {
      const what = run.sent === 0 ? 'was not found' : 'was deleted while the action was re-planned';
      return failed(run, `${run.label} ${what}: nothing sent`, 404);
    }
    if (status < 200 || status > 299) {
      return failed(run, `cannot read ${run.label}: ${serverMessage(response)}`, status);
    }
    const current = response.body;
    const uid = asName(field(current, 'metadata', 'uid'));
    if (run.spec.expectUid !== undefined && uid !== run.spec.expectUid) {
      return refused(
        action,
        `${run.label} is another object now (deleted and created again since it was confirmed): nothing sent`,
      );
    }
    const plan = planAction(action, current, run.spec.options);
    if (!plan.ok) return refused(action, plan.reason);
    return {
      done: false,
      run: { ...run, phase: 'patch', sent: run.sent + 1, plan },
      request: {
        method: 'PATCH',
        path: run.path,
        body: plan.patch,
        contentType: 'application/merge-patch+json',
      },
    };
  }
  const summary = run.plan?.summary ?? '';
  if (status >= 200 && status <= 299) {
    return { done: true, result: { ok: true, action, summary, object: response.body } };
  }
  if (status === 409) {
    if (run.sent < (run.spec.attempts ?? ACTION_ATTEMPTS)) return read(run);
    return failed(
      run,
      `${action} ${run.label} failed: it kept changing while being planned (409 Conflict ${run.sent} times; ` +
        `last: ${serverMessage(response)}): try again`,
      409,
    );
  }
  if (status === 404) {
    return failed(run, `${action} ${run.label} failed: it was deleted before the patch arrived`, 404);
  }
  return failed(run, `${action} ${run.label} failed: ${serverMessage(response)}`, status);
}

/** The result when the transport itself failed (no answer): what was being done, and why not. */
export function actionTransportFailure(run: ActionRun, message: string): ActionResult {
  const what = run.phase === 'read' ? `cannot read ${run.label}` : `${run.spec.action} ${run.label} failed`;
  return { ok: false, action: run.spec.action, refused: false, error: `${what}: ${message}` };
}
