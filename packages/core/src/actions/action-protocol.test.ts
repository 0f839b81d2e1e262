import { describe, expect, it } from 'vitest';
import { field } from '../plain-json.ts';
import {
  type ActionResponse,
  type ActionSpec,
  type ActionStep,
  actionPath,
  actionTargetOf,
  actionTransportFailure,
  beginAction,
  nextActionStep,
} from './action-protocol.ts';
import type { ActionTarget } from './action-types.ts';
import { GUESTBOOK, plainSyncPatch } from './plans.test-support.ts';

const AT = '2026-11-22T10:00:00Z';
const TARGET = GUESTBOOK;
const PATH = '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications/guestbook';

function app(resourceVersion: string, uid = 'uid-1', extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'guestbook', namespace: 'argocd', uid, resourceVersion },
    spec: { project: 'default', source: { repoURL: 'r', targetRevision: 'main' } },
    ...extra,
  };
}

const CONFLICT: ActionResponse = {
  status: 409,
  body: { kind: 'Status', reason: 'Conflict', message: 'the object has been modified', code: 409 },
};

/** Runs the steps against a scripted server: each request gets the next answer. */
function drive(spec: ActionSpec, answers: readonly ActionResponse[]) {
  const requests: { method: string; path: string; body?: unknown }[] = [];
  let step: ActionStep = beginAction(spec);
  let next = 0;
  while (!step.done) {
    requests.push(step.request);
    const answer = answers[next++];
    if (answer === undefined) throw new Error(`no answer scripted for request ${next}`);
    step = nextActionStep(step.run, answer);
  }
  return { requests, result: step.result, answered: next };
}

const sync = (extra: Partial<ActionSpec> = {}): ActionSpec => ({
  action: 'sync',
  target: TARGET,
  options: { at: AT, user: 'alice' },
  ...extra,
});

describe('the action protocol', () => {
  it('reads, plans from what it read and sends the merge patch', () => {
    const { requests, result } = drive(sync({ expectUid: 'uid-1' }), [
      { status: 200, body: app('7') },
      { status: 200, body: { patched: true } },
    ]);
    expect(requests).toEqual([
      { method: 'GET', path: PATH },
      {
        method: 'PATCH',
        path: PATH,
        contentType: 'application/merge-patch+json',
        body: plainSyncPatch('7', 'alice'),
      },
    ]);
    expect(result).toEqual({
      ok: true,
      action: 'sync',
      summary: 'Sync Application/argocd/guestbook to its target revision',
      object: { patched: true },
    });
  });

  it('on 409 reads again and plans from the new reading, then succeeds', () => {
    const { requests, result } = drive(sync(), [
      { status: 200, body: app('7') },
      CONFLICT,
      { status: 200, body: app('8') },
      { status: 200, body: { patched: true } },
    ]);
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET', 'PATCH']);
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => field(r.body, 'metadata'))).toEqual([
      { resourceVersion: '7' },
      { resourceVersion: '8' },
    ]);
    expect(result.ok).toBe(true);
  });

  it('re-plans into a refusal when the new reading no longer allows the action', () => {
    const running = app('8', 'uid-1', { status: { operationState: { phase: 'Running' } } });
    const { requests, result } = drive(sync(), [
      { status: 200, body: app('7') },
      CONFLICT,
      { status: 200, body: running },
    ]);
    expect(requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
    expect(result).toEqual({
      ok: false,
      action: 'sync',
      refused: true,
      reason: 'an operation is already running (status.operationState.phase: Running)',
    });
  });

  it('gives up after repeated conflicts with a message saying so', () => {
    const answers: ActionResponse[] = [];
    for (let i = 0; i < 3; i++) answers.push({ status: 200, body: app(String(10 + i)) }, CONFLICT);
    const { requests, result } = drive(sync(), answers);
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(3);
    expect(result).toEqual({
      ok: false,
      action: 'sync',
      refused: false,
      status: 409,
      error:
        'sync Application/argocd/guestbook failed: it kept changing while being planned ' +
        '(409 Conflict 3 times; last: the object has been modified): try again',
    });
    // A caller can allow fewer attempts.
    expect(drive(sync({ attempts: 1 }), answers).requests).toHaveLength(2);
  });

  it('sends nothing when the object at that name has another uid (deleted and created again)', () => {
    const { requests, result } = drive(sync({ expectUid: 'uid-1' }), [
      { status: 200, body: app('9', 'uid-2') },
    ]);
    expect(requests).toEqual([{ method: 'GET', path: PATH }]);
    expect(result).toEqual({
      ok: false,
      action: 'sync',
      refused: true,
      reason:
        'Application/argocd/guestbook is another object now (deleted and created again since it was confirmed): nothing sent',
    });
  });

  it('checks the uid again on the re-read after a conflict', () => {
    const { requests, result } = drive(sync({ expectUid: 'uid-1' }), [
      { status: 200, body: app('7') },
      CONFLICT,
      { status: 200, body: app('9', 'uid-2') },
    ]);
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
    expect(result).toMatchObject({
      ok: false,
      refused: true,
      reason: expect.stringMatching(/another object/),
    });
  });

  it("reports 403 and 404 in the server's words, for the read and for the patch", () => {
    const forbidden = (verb: string): ActionResponse => ({
      status: 403,
      body: { kind: 'Status', reason: 'Forbidden', code: 403, message: `User "bob" cannot ${verb}` },
    });
    expect(drive(sync(), [forbidden('get')]).result).toEqual({
      ok: false,
      action: 'sync',
      refused: false,
      status: 403,
      error: 'cannot read Application/argocd/guestbook: User "bob" cannot get',
    });
    expect(drive(sync(), [{ status: 200, body: app('7') }, forbidden('patch')]).result).toEqual({
      ok: false,
      action: 'sync',
      refused: false,
      status: 403,
      error: 'sync Application/argocd/guestbook failed: User "bob" cannot patch',
    });
    expect(drive(sync(), [{ status: 404, body: { message: 'not found' } }]).result).toEqual({
      ok: false,
      action: 'sync',
      refused: false,
      status: 404,
      error: 'Application/argocd/guestbook was not found: nothing sent',
    });
    expect(
      drive(sync(), [
        { status: 200, body: app('7') },
        { status: 404, body: {} },
      ]).result,
    ).toMatchObject({
      status: 404,
      error: 'sync Application/argocd/guestbook failed: it was deleted before the patch arrived',
    });
    expect(drive(sync(), [{ status: 500, body: '' }]).result).toMatchObject({
      error: 'cannot read Application/argocd/guestbook: HTTP 500',
    });
  });

  it('refuses before any request what the kind or the options rule out', () => {
    expect(beginAction(sync({ options: { at: AT, readOnly: true } }))).toEqual({
      done: true,
      result: { ok: false, action: 'sync', refused: true, reason: 'read-only mode' },
    });
    const suspend = beginAction({ ...sync(), action: 'suspend' });
    expect(suspend.done && !suspend.result.ok && suspend.result.refused).toBe(true);
    const hr: ActionTarget = {
      ...TARGET,
      group: 'helm.toolkit.fluxcd.io',
      version: 'v2',
      kind: 'HelmRelease',
    };
    const resetKs = beginAction({
      action: 'reconcile',
      target: { ...hr, kind: 'Kustomization', group: 'kustomize.toolkit.fluxcd.io', version: 'v1' },
      options: { at: AT, reset: true },
    });
    expect(resetKs).toMatchObject({
      done: true,
      result: { reason: 'reset applies to HelmRelease only, not Kustomization' },
    });
    expect(beginAction({ action: 'reconcile', target: hr, options: { at: AT, reset: true } }).done).toBe(
      false,
    );
  });

  it('words a transport failure by the step it happened in', () => {
    const first = beginAction(sync());
    if (first.done) throw new Error('expected a request');
    expect(actionTransportFailure(first.run, 'socket hang up')).toEqual({
      ok: false,
      action: 'sync',
      refused: false,
      error: 'cannot read Application/argocd/guestbook: socket hang up',
    });
    const patch = nextActionStep(first.run, { status: 200, body: app('7') });
    if (patch.done) throw new Error('expected a patch');
    expect(actionTransportFailure(patch.run, 'timeout')).toMatchObject({
      error: 'sync Application/argocd/guestbook failed: timeout',
    });
  });

  it('forms the path and the target of an object as read', () => {
    expect(actionPath(TARGET)).toBe(PATH);
    expect(actionTargetOf(app('1'), 'applications')).toEqual(TARGET);
    expect(actionTargetOf({ kind: 'x' }, 'xs')).toBeUndefined();
  });
});
