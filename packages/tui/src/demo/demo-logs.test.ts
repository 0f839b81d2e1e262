import type { Ref } from '@strata/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../app/clock.ts';
import { createDemoSource, type DemoSource } from './demo-source.ts';

const open: DemoSource[] = [];
afterEach(() => {
  for (const source of open.splice(0)) source.close();
});

function demo(): { source: DemoSource; clock: ManualClock } {
  const clock = new ManualClock(0);
  const source = createDemoSource({ clock });
  open.push(source);
  return { source, clock };
}

/** The demo Pod named as evidence in the namespace. */
function podIn(source: DemoSource, namespace: string): Ref {
  for (const root of source.snapshot().report.rootCauses) {
    const pod = root.evidence.find((e) => e.kind === 'Pod' && e.namespace === namespace);
    if (pod !== undefined) return { kind: 'Pod', namespace, name: pod.name };
  }
  throw new Error(`no evidence Pod in ${namespace}`);
}

describe('demo logs', () => {
  it("open on the webhook's crashed instance: it cannot bind the kubelet's port", async () => {
    const { source } = demo();
    const result = await source.logs(podIn(source, 'cert-manager'));
    expect(result).toMatchObject({ ok: true, container: 'cert-manager-webhook', previous: true });
    if (!result.ok) throw new Error(result.error);
    expect(result.lines.at(-1)).toMatch(
      /^E\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +1 main\.go:43\] "error executing command" err="error running server: listen tcp :10250: bind: address already in use"/,
    );
    expect(result.lines.join('\n')).toContain('secrets \\"cert-manager-webhook-ca\\" not found');
    // Timed from the container's last run (ended 2.6 minutes before the demo's start).
    expect(result.lines[0]).toMatch(/^I1122 09:57:2\d\./);
  });

  it("show payments-api's JSON lines, failing to log in to its database", async () => {
    const { source } = demo();
    const result = await source.logs(podIn(source, 'team-a'), { tailLines: 2 });
    if (!result.ok) throw new Error(result.error);
    expect(result.lines).toHaveLength(2);
    const last = JSON.parse(result.lines[1]!) as { level: string; msg: string; error: string };
    expect(last).toMatchObject({ level: 'fatal', msg: 'cannot start without a database' });
    expect(last.error).toContain('password authentication failed for user "payments"');
  });

  it('answer as a server would: no other container, a gone Pod, not a Pod', async () => {
    const { source } = demo();
    const pod = podIn(source, 'cert-manager');
    expect(await source.logs(pod, { container: 'sidecar' })).toEqual({
      ok: false,
      error: `container sidecar is not valid for pod ${pod.name}`,
      container: 'sidecar',
    });
    expect(await source.logs({ ...pod, name: 'gone-123' })).toEqual({
      ok: false,
      error: 'Pod cert-manager/gone-123 is gone: pods "gone-123" not found',
    });
    expect(await source.logs({ kind: 'Deployment', namespace: 'cert-manager', name: 'x' })).toMatchObject({
      ok: false,
    });
  });

  it('after the recovery: a clean start now, the crash in the previous instance', async () => {
    const { source, clock } = demo();
    const pod = podIn(source, 'cert-manager');
    await source.apply(
      'reconcile',
      { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' },
      { reset: true },
    );
    clock.advance(20_000);
    expect(source.cluster.phase).toBe('recovered');
    const current = await source.logs(pod, { previous: false });
    if (!current.ok) throw new Error(current.error);
    expect(current.lines.at(-1)).toContain('Updated cert-manager TLS certificate');
    expect(current.lines.join('\n')).not.toContain('bind: address already in use');
    const previous = await source.logs(pod);
    expect(previous).toMatchObject({ ok: true, previous: true });
    expect(previous.ok && previous.lines.join('\n')).toContain('bind: address already in use');
  });
});
