/**
 * What the controller suites share: the lab, started and settled once per file, with its
 * start-up timeout; reading conditions the controllers wrote, running `strata report` against
 * the lab, and finding a root or an object in the report; the TUI's first root; strata's cluster
 * adapter for the actions. With STRATA_LAB_TABLE set to a file, each scenario appends one row
 * (the statuses the controllers wrote, strata's verdict) — the table of test/cluster/README.md.
 */
import { appendFile } from 'node:fs/promises';
import type { Report, ReportObject, ReportRootCause } from '@strata/core';
import { ClusterSource, HttpsTransport } from '@strata/kube';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readKubeconfig, strata } from '../adapter/support.ts';
import type { KubeObject, ObjectRef } from '../cluster/rest.ts';
import { startStrata } from '../tui/pty-screen.ts';
import { type Lab, type StartLabOptions, startLab } from './controllers.ts';

/** A cold build of kube-apiserver and every controller (~25 min on 2 idle cores, more when busy). */
export const LAB_START_MS = 50 * 60_000;

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
}

export function condition(object: KubeObject | undefined, type: string): Condition | undefined {
  const conditions = (object?.status as { conditions?: Condition[] } | undefined)?.conditions;
  return conditions?.find((c) => c.type === type);
}

/** Ready=False with this reason (and a message matching `message`, when given). */
export function readyFalse(reason: string, message?: RegExp): (object: KubeObject) => boolean {
  return (object) => {
    const ready = condition(object, 'Ready');
    return (
      ready?.status === 'False' &&
      ready.reason === reason &&
      (message === undefined || message.test(ready.message ?? ''))
    );
  };
}

export function readyTrue(object: KubeObject): boolean {
  const status = object.status as { observedGeneration?: number } | undefined;
  return (
    condition(object, 'Ready')?.status === 'True' && status?.observedGeneration === object.metadata.generation
  );
}

export interface Key {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** The `{kind, namespace, name}` of an object ref, as the report and the actions name it. */
export function keyOf(ref: ObjectRef): Key {
  return ref.namespace === undefined
    ? { kind: ref.kind, name: ref.name }
    : { kind: ref.kind, namespace: ref.namespace, name: ref.name };
}

const same = (a: Key, b: Key) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;

export function rootOf(report: Report, ref: Key): ReportRootCause | undefined {
  return report.rootCauses.find((root) => same(root.ref, ref));
}

/** The root `report` names for `ref`, checked to be failing with `reason` (and `more`, e.g. `impacted: []`). */
export function expectFailingRoot(
  report: Report,
  ref: ObjectRef,
  reason: string,
  more: Partial<ReportRootCause> = {},
): ReportRootCause | undefined {
  const root = rootOf(report, keyOf(ref));
  expect(root, `${formatKey(ref)} is a root`).toMatchObject({ state: 'failing', reason, ...more });
  return root;
}

export function objectOf(report: Report, ref: Key): ReportObject | undefined {
  return report.objects.find((object) => same(object.ref, ref));
}

export const formatKey = (ref: { kind: string; namespace?: string | undefined; name: string }) =>
  ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;

/** `strata report -o json` against the lab, as a person runs it. */
export async function report(lab: Lab, extra: readonly string[] = []): Promise<Report> {
  const run = await strata([
    'report',
    '--output',
    'json',
    '--kubeconfig',
    lab.cluster.kubeconfigPath,
    ...extra,
  ]);
  if (run.code !== 0 && run.code !== 1)
    throw new Error(`strata report exited with ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

/** A condition in a few words: `Ready=False GitOperationFailed "failed to checkout and…"`. */
export function briefly(c: Condition | undefined, words = 9): string {
  if (c === undefined) return '(none)';
  const message = (c.message ?? '').split(/\s+/).slice(0, words).join(' ');
  return `${c.type}=${c.status} ${c.reason ?? ''} "${message}${(c.message ?? '').split(/\s+/).length > words ? '…' : ''}"`;
}

/** Appends one row to the STRATA_LAB_TABLE file, when set. */
export async function record(scenario: string, written: string, verdict: string): Promise<void> {
  const file = process.env.STRATA_LAB_TABLE;
  if (file === undefined || file === '') return;
  const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  await appendFile(file, `| ${cell(scenario)} | ${cell(written)} | ${cell(verdict)} |\n`);
}

/** strata's verdict on one ref, in a line: its state and its roots (or its blast radius). */
export function verdict(report: Report, ref: Key): string {
  const root = rootOf(report, ref);
  if (root !== undefined) {
    return `root: ${root.state} ${root.reason ?? ''}, blast radius ${root.impacted.length}${
      root.impacted.length > 0 ? ` (${root.impacted.map(formatKey).join(', ')})` : ''
    }${root.evidence.length > 0 ? `; evidence ${root.evidence.map((e) => `${e.kind}/${e.name} ${e.state} ${e.reason ?? ''}`).join(', ')}` : ''}`;
  }
  const object = objectOf(report, ref);
  if (object === undefined) return 'not in the report';
  return `${object.state}${object.rootCauses.length > 0 ? `, root ${object.rootCauses.map(formatKey).join(', ')}` : ''}`;
}

/** strata's live cluster adapter on the lab, as the TUI connects (its actions go through it). */
export async function connect(lab: Lab): Promise<ClusterSource> {
  const kubeconfig = readKubeconfig(lab.cluster.kubeconfigPath);
  return ClusterSource.connect({
    kubeconfig,
    transport: new HttpsTransport(kubeconfig.connection),
  });
}

/** The first row of the TUI's root-cause list once it is live, in a pseudo-terminal. */
export async function firstRootRow(lab: Lab): Promise<string | undefined> {
  const ui = startStrata(['--kubeconfig', lab.cluster.kubeconfigPath], 160, 40);
  try {
    const screen = await ui.waitFor(
      (text) => text.includes('● live') && /Root causes \[\d+\]/.test(text),
      60_000,
    );
    return screen.split('\n').find((line) => /^\s*1 \S+\/\S+/.test(line));
  } finally {
    ui.kill();
  }
}

/** A scenario's terminal state: the object, and the check its controller's last word passes. */
export type Terminal = readonly [ObjectRef, (object: KubeObject) => boolean];

/**
 * Waits until every object has reached its terminal state (each within `timeoutMs`), and returns
 * them as the controllers left them, by `Kind/namespace/name`.
 */
export async function settle(
  lab: Lab,
  terminal: readonly Terminal[],
  timeoutMs = 180_000,
): Promise<Map<string, KubeObject>> {
  const settled = await Promise.all(
    terminal.map(async ([ref, check]) => [formatKey(ref), await lab.waitFor(ref, check, timeoutMs)] as const),
  );
  return new Map(settled);
}

/** A suite's lab once every object has settled, and strata's report on it. */
export interface SettledLab {
  readonly lab: Lab;
  /** `strata report` on the settled lab. */
  readonly diagnosis: Report;
  /** An object as the controllers left it (when it settled). */
  written(ref: ObjectRef): KubeObject | undefined;
}

/**
 * One lab per test file: started with `options` and `setUp` in beforeAll, each object of
 * `terminal` waited for, and reported on; stopped in afterAll.
 */
export function useSettledLab(
  options: StartLabOptions,
  setUp: (lab: Lab) => Promise<void>,
  terminal: readonly Terminal[],
): SettledLab {
  let lab: Lab | undefined;
  let written = new Map<string, KubeObject>();
  let diagnosis: Report | undefined;
  beforeAll(async () => {
    lab = await startLab(options);
    await setUp(lab);
    written = await settle(lab, terminal);
    diagnosis = await report(lab);
  }, LAB_START_MS);
  afterAll(async () => {
    await lab?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the lab has not settled (use it inside a test)');
    return value;
  };
  return {
    get lab() {
      return started(lab);
    },
    get diagnosis() {
      return started(diagnosis);
    },
    written: (ref) => written.get(formatKey(ref)),
  };
}

/** The test that the TUI, in a terminal, shows the report's first root first. */
export function itShowsTheFirstRootInTheTui(settled: SettledLab): void {
  it('the TUI in a terminal shows the same first root as the report', { timeout: 120_000 }, async () => {
    const first = settled.diagnosis.rootCauses[0];
    expect(first).toBeDefined();
    expect(await firstRootRow(settled.lab)).toContain(formatKey(first!.ref));
  });
}

/** connect() for the tests of a describe block: every adapter it connects is stopped after them. */
export function useConnections(settled: SettledLab): () => Promise<ClusterSource> {
  const sources: ClusterSource[] = [];
  afterAll(async () => {
    await Promise.all(sources.map((s) => s.stop()));
  });
  return async () => {
    const source = await connect(settled.lab);
    sources.push(source);
    return source;
  };
}
