import { ClusterModel } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { describe, expect, it } from 'vitest';
import {
  type LogsEntry,
  logsLines,
  logsTarget,
  logsTitle,
  nextContainer,
  podsOf,
  printableLogLine,
  wrapLine,
} from './logs.ts';

const fixture = twoLayerPlatform();
const built = new ClusterModel({ at: fixture.at });
for (const object of fixture.objects) built.upsert(object);
const model = built.view();
const report = model.report;

const webhookPod = fixture.objects.find(
  (o) => o.kind === 'Pod' && o.metadata.name.startsWith('cert-manager-webhook-'),
)!;
const WEBHOOK_POD = { kind: 'Pod', namespace: 'cert-manager', name: webhookPod.metadata.name };

describe('logsTarget (what l opens)', () => {
  it('opens the selected Pod', () => {
    expect(logsTarget(WEBHOOK_POD, model, report)).toEqual({ ok: true, pod: WEBHOOK_POD });
  });

  it("opens a Deployment's or a ReplicaSet's failing Pod", () => {
    const deployment = { kind: 'Deployment', namespace: 'cert-manager', name: 'cert-manager-webhook' };
    expect(logsTarget(deployment, model, report)).toEqual({ ok: true, pod: WEBHOOK_POD });
    const replicaSet = fixture.objects.find(
      (o) => o.kind === 'ReplicaSet' && o.metadata.name.startsWith('cert-manager-webhook-'),
    )!;
    expect(
      logsTarget(
        { kind: 'ReplicaSet', namespace: 'cert-manager', name: replicaSet.metadata.name },
        model,
        report,
      ),
    ).toEqual({ ok: true, pod: WEBHOOK_POD });
    expect(podsOf(deployment, model, report)).toEqual([WEBHOOK_POD]);
  });

  it('says why not on a workload without known Pods, a GitOps object, or nothing', () => {
    const cainjector = { kind: 'Deployment', namespace: 'cert-manager', name: 'cert-manager-cainjector' };
    expect(logsTarget(cainjector, model, report)).toEqual({
      ok: false,
      message:
        'logs: no Pod of Deployment/cert-manager/cert-manager-cainjector is known here (strata reads Pods inside failing roots only)',
    });
    // A root opens the logs of the Pod inside it that broke, straight away.
    expect(
      logsTarget({ kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' }, model, report),
    ).toEqual({ ok: true, pod: { kind: 'Pod', namespace: 'cert-manager', name: webhookPod.metadata.name } });
    expect(
      logsTarget({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' }, model, report),
    ).toMatchObject({ ok: false, message: expect.stringContaining('not a Pod or a workload with Pods') });
    expect(logsTarget(undefined, model, report)).toEqual({ ok: false, message: 'logs: select a Pod first' });
  });
});

describe('nextContainer (c)', () => {
  const pod = {
    kind: 'Pod',
    spec: { containers: [{ name: 'app' }, { name: 'proxy' }], initContainers: [{ name: 'migrate' }] },
  };
  it('cycles through the containers, init containers last', () => {
    expect(nextContainer(pod, WEBHOOK_POD, 'app')).toEqual({ ok: true, container: 'proxy' });
    expect(nextContainer(pod, WEBHOOK_POD, 'proxy')).toEqual({ ok: true, container: 'migrate' });
    expect(nextContainer(pod, WEBHOOK_POD, 'migrate')).toEqual({ ok: true, container: 'app' });
    expect(nextContainer(pod, WEBHOOK_POD, undefined)).toEqual({ ok: true, container: 'app' });
  });

  it('says when there is no other', () => {
    expect(nextContainer(webhookPod, WEBHOOK_POD, 'cert-manager-webhook')).toEqual({
      ok: false,
      message: `Pod/cert-manager/${webhookPod.metadata.name} has one container only: cert-manager-webhook`,
    });
    expect(nextContainer(undefined, WEBHOOK_POD, undefined)).toMatchObject({
      ok: false,
      message: expect.stringContaining('are not known'),
    });
  });
});

describe('log lines on screen', () => {
  it('removes escape sequences, expands tabs and blanks control characters', () => {
    expect(printableLogLine('\u001b[31mERROR\u001b[0m\tboom\r')).toBe('ERROR   boom');
    expect(printableLogLine('a\u001b]0;title\u0007b\u0000c\u009bd')).toBe('ab c d');
    expect(printableLogLine('\u001b[2J\u001b[Hcleared')).toBe('cleared');
  });

  it('wraps to the width', () => {
    expect(wrapLine('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(wrapLine('abc', 3)).toEqual(['abc']);
    expect(wrapLine('', 3)).toEqual(['']);
  });

  const done = (lines: string[], truncated = false): LogsEntry => ({
    state: 'done',
    result: { ok: true, lines, container: 'app', previous: true, truncated },
  });

  it('shows the lines, cut or wrapped, and a note when output was cut', () => {
    const entry = done(['short', 'a line longer than ten'], true);
    expect(logsLines(entry, { wrap: false, width: 10 }).map((l) => l.label)).toEqual([
      'short',
      'a line longer than ten',
      '… cut at the size limit: the newest lines are missing',
    ]);
    expect(logsLines(entry, { wrap: true, width: 10 }).map((l) => l.label)).toEqual([
      'short',
      'a line lon',
      'ger than t',
      'en',
      '… cut at the size limit: the newest lines are missing',
    ]);
  });

  it('shows loading, an error in one line with what to try, and empty output', () => {
    expect(logsLines({ state: 'loading' }, { wrap: false, width: 80 })).toMatchObject([
      { label: 'reading the logs…', tone: 'dim' },
    ]);
    const error = logsLines(
      {
        state: 'done',
        result: { ok: false, error: 'forbidden: User "dev" cannot get\nresource', previous: false },
      },
      { wrap: false, width: 80 },
    );
    expect(error.map((l) => [l.label, l.tone])).toEqual([
      ['forbidden: User "dev" cannot get resource', 'error'],
      [
        'p reads the previous or current container, c the next container, l reads again, esc goes back',
        'dim',
      ],
    ]);
    expect(logsLines(done([]), { wrap: false, width: 80 })[0]?.label).toMatch(/^\(no output/);
  });

  it('titles the view with the container, the instance, the count and the Pod', () => {
    expect(logsTitle(WEBHOOK_POD, done(['a', 'b']), { wrap: true }, 100)).toBe(
      `Logs — container app, previous instance — last 2 lines (at most 100) — wrapped — Pod/cert-manager/${webhookPod.metadata.name}`,
    );
    expect(
      logsTitle(WEBHOOK_POD, { state: 'loading' }, { container: 'x', previous: false, wrap: false }, 100),
    ).toBe(`Logs — container x, current instance — Pod/cert-manager/${webhookPod.metadata.name}`);
    expect(
      logsTitle(
        WEBHOOK_POD,
        { state: 'done', result: { ok: true, lines: [], container: '', previous: false } },
        { wrap: false },
        100,
      ),
    ).toMatch(/^Logs — the Pod's only container, current instance — last 0 lines/);
  });
});
