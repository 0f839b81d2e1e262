/**
 * The real `strata` binary in a pseudo-terminal against the real API server harness, seeded with
 * the two-layer platform: a person finds the root of the cascade in a few keystrokes, follows
 * its chain, filters, reconciles it (and the annotation lands on the server), resizes and quits.
 */
import { twoLayerPlatform } from '@strata/core/fixtures';
import { beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_TIMEOUT_MS, useCluster } from '../cluster/vitest-cluster.ts';
import { KEYS, tableRows, useStrata } from './pty-screen.ts';
import { filterRootsByTeam } from './two-layer-steps.ts';

const cluster = useCluster();
const { objects, at } = twoLayerPlatform();
const startUi = useStrata();

beforeAll(async () => {
  // Timestamps move to now, so ages read as they did in the fixture and nothing looks stale.
  await seed(cluster(), objects, { timeShift: { from: at } });
}, CLUSTER_START_TIMEOUT_MS);

interface HelmReleaseJson {
  metadata?: { annotations?: Record<string, string> };
}

describe('strata against a live cluster, in a terminal', () => {
  it('finds the root, follows its chain, filters, reconciles it on the server, resizes and quits', {
    timeout: 180_000,
  }, async () => {
    const ui = startUi(['--kubeconfig', cluster().kubeconfigPath], 120, 35);

    // The roots show while the first lists are still arriving; the header says live once they all did.
    const first = await ui.waitFor(
      (text) => text.includes('Root causes [4]') && text.includes('● live'),
      60_000,
    );
    expect(first).toContain(cluster().context);
    expect(tableRows(first)[0]).toMatch(
      /^ 1 HelmRelease\/flux-system\/cert-manager +flux +failing +InstallFailed/,
    );

    ui.press(KEYS.enter);
    const chain = await ui.waitFor('Chain — the root cause');
    expect(chain).toContain(
      'HelmRelease/flux-system/cert-manager  failing  InstallFailed  root cause, blocks 5',
    );
    // Evidence fetched from the server: the crash-looping webhook Pod under the release.
    await ui.waitFor(/Pod\/cert-manager\/cert-manager-webhook-\S+ {2}failing {2}CrashLoopBackOff/, 30_000);

    ui.press(KEYS.escape);
    await ui.waitFor('Root causes [4]');
    await filterRootsByTeam(ui);

    // The cursor stayed on the row it had under the filter; g goes back to the first root.
    ui.press('g');
    ui.press('r');
    await ui.waitFor('[n/esc] cancel');
    ui.press('y');
    await ui.waitFor('✓ Request reconciliation of HelmRelease/flux-system/cert-manager', 30_000);
    const release = await cluster().client.request<HelmReleaseJson>(
      'GET',
      '/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/cert-manager',
    );
    const requestedAt = release.metadata?.annotations?.['reconcile.fluxcd.io/requestedAt'];
    expect(requestedAt).toBeDefined();
    expect(Number.isNaN(Date.parse(requestedAt!))).toBe(false);

    ui.resize(100, 28);
    const resized = await ui.waitFor(
      (text) => text.split('\n').length === 28 && text.includes('Root causes [4]'),
    );
    expect(resized.split('\n').every((line) => line.length <= 100)).toBe(true);

    ui.press('q');
    expect(await ui.exited()).toBe(0);
    const raw = ui.raw();
    expect(raw.lastIndexOf('\u001b[?1049l')).toBeGreaterThan(raw.lastIndexOf('\u001b[?1049h'));
  });
});
