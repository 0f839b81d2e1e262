import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYS, ROOT, tableRows, useStrata } from './pty-screen.ts';
import { filterRootsByTeam } from './two-layer-steps.ts';

// The real `strata` binary (as `pnpm strata` runs it) in a pseudo-terminal, read through a
// terminal emulator: what a person at a 120x35 terminal sees.

const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';
const CAPTURES = join(import.meta.dirname, '__captures__');

const strata = useStrata();

/** Writes the screen as plain text, for the README. */
function capture(name: string, screen: readonly string[]): void {
  mkdirSync(CAPTURES, { recursive: true });
  writeFileSync(
    join(CAPTURES, `${name}.txt`),
    `${screen
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd()}\n`,
  );
}

/** The terminal was put back: the last alternate-screen switch is the one leaving it. */
function restored(raw: string): boolean {
  return raw.includes(ENTER_ALT) && raw.lastIndexOf(LEAVE_ALT) > raw.lastIndexOf(ENTER_ALT);
}

describe('strata --demo in a terminal', () => {
  it('shows the root causes, the chain, filters, reconciles and recovers, redraws on resize, quits cleanly', async () => {
    const ui = strata(['--demo']);

    // The root causes, cert-manager first.
    // A frame can reach the terminal in pieces: wait for the first row, not only the title.
    const first = await ui.waitFor((text) => text.includes('Root causes [4]') && /^ 1 /m.test(text), 40_000);
    expect(first).toContain('● DEMO: not a real cluster');
    expect(tableRows(first)[0]).toMatch(
      /^ 1 HelmRelease\/flux-system\/cert-manager +flux +failing +InstallFailed/,
    );
    capture('root-causes', ui.screen());

    // Enter: the chain of the top root, with its evidence.
    ui.press(KEYS.enter);
    const chain = await ui.waitFor('Chain — the root cause');
    expect(chain).toContain(
      'HelmRelease/flux-system/cert-manager  failing  InstallFailed  root cause, blocks 5',
    );
    expect(chain).toContain('└─ dependsOn Kustomization/flux-system/gateway');
    expect(chain).toMatch(/└─ Pod\/cert-manager\/cert-manager-webhook-\S+ {2}failing {2}CrashLoopBackOff/);
    capture('chain', ui.screen());

    // :hr
    ui.press(KEYS.escape);
    await ui.waitFor('Root causes [4]');
    ui.press(':hr');
    await ui.waitFor(':hr');
    ui.press(KEYS.enter);
    const hr = await ui.waitFor('HelmReleases [7]');
    expect(hr).toMatch(/NAMESPACE +NAME +LAYER +STATE↑ +REASON +ROOT CAUSE +AGE +MESSAGE/);
    capture('hr', ui.screen());

    // / filter on the root causes (each : command starts a fresh trail: back by :rc).
    ui.press(':rc');
    await ui.waitFor(':rc');
    ui.press(KEYS.enter);
    await ui.waitFor('Root causes [4]');
    await filterRootsByTeam(ui);

    // Reset the stalled root (a plain reconcile would be ignored), then watch the demo recover.
    // The cursor stayed on the row it had under the filter; g goes back to the first root.
    ui.press('g');
    ui.press('r');
    await ui.waitFor('[x] reset and retry');
    ui.press('x');
    await ui.waitFor('✓ Request reconciliation of HelmRelease/flux-system/cert-manager');
    const recovered = await ui.waitFor(
      (text) => text.includes('Root causes [3]') && !text.includes('HelmRelease/flux-system/cert-manager'),
      30_000,
    );
    expect(tableRows(recovered)[0]).toMatch(/AppProject\/argocd\/team-c +missing/);

    // Resize: the whole screen is drawn again at the new size.
    ui.resize(90, 24);
    const resized = await ui.waitFor((text) => {
      const lines = text.split('\n');
      return (
        lines.length === 24 &&
        lines[0]!.startsWith('strata') &&
        lines[3]!.trim() === 'rootcauses' &&
        lines[23]!.startsWith('enter chain')
      );
    });
    expect(resized.split('\n').every((line) => line.length <= 90)).toBe(true);
    expect(resized).toContain('Root causes [3]');

    // q: exit 0, terminal restored.
    ui.press('q');
    expect(await ui.exited()).toBe(0);
    expect(restored(ui.raw())).toBe(true);
  });
});

describe('strata in a terminal', () => {
  it('never opens the demo for a kubeconfig or context that fails: one line, exit 2', async () => {
    const missing = strata(['--kubeconfig', '/nonexistent/strata-test-kubeconfig']);
    expect(await missing.exited(40_000)).toBe(2);
    expect(missing.raw()).toContain('strata: /nonexistent/strata-test-kubeconfig: no such file');
    expect(missing.raw()).not.toContain('Root causes');
    const dir = mkdtempSync(join(tmpdir(), 'strata-context-'));
    try {
      const kubeconfig = join(dir, 'config');
      writeFileSync(
        kubeconfig,
        'apiVersion: v1\nkind: Config\ncurrent-context: prod\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: prod, context: {cluster: c}}]\n',
      );
      const typo = strata(['--kubeconfig', kubeconfig, '--context', 'prdo']);
      expect(await typo.exited(40_000)).toBe(2);
      expect(typo.raw()).toContain(`strata: context prdo is not defined in ${kubeconfig} (it has prod)`);
      expect(typo.raw()).not.toContain('Root causes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens the demo on a first run (no kubeconfig anywhere), named as a demo, and quits on ctrl-c', async () => {
    const home = mkdtempSync(join(tmpdir(), 'strata-first-run-'));
    try {
      const ui = strata([], 120, 35, {
        env: { HOME: home, KUBECONFIG: undefined, KUBERNETES_SERVICE_HOST: undefined },
      });
      const screen = await ui.waitFor('Root causes', 40_000);
      expect(screen).toContain('● DEMO: no kubeconfig found');
      expect(screen).toContain('cluster built-in demo');
      ui.press(KEYS.ctrlC);
      expect(await ui.exited()).toBe(0);
      expect(restored(ui.raw())).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('puts the terminal back when it is terminated', async () => {
    const ui = strata(['--demo', '--readonly']);
    const screen = await ui.waitFor('Root causes', 40_000);
    expect(screen).toContain('[read-only]');
    ui.press('r');
    await ui.waitFor('disabled: read-only mode');
    ui.signal('SIGTERM');
    expect(await ui.exited()).toBe(143);
    expect(restored(ui.raw())).toBe(true);
  });
});

describe('strata with a cluster that cannot be reached', () => {
  it('opens at once, then ends with one line and exit 2, never the demo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-unreachable-'));
    const kubeconfig = join(dir, 'config');
    // Port 1 on loopback: nothing listens, the connection is refused.
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: t}}]',
        'contexts: [{name: nowhere, context: {cluster: c, user: u}}]',
        'current-context: nowhere',
      ].join('\n'),
    );
    try {
      const ui = strata(['--kubeconfig', kubeconfig]);
      expect(await ui.exited(40_000)).toBe(2);
      expect(ui.raw()).toMatch(/strata: .*127\.0\.0\.1:1.*(refused|reach)/);
      expect(ui.raw()).not.toContain('Root causes [4]');
      expect(restored(ui.raw())).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('strata without a terminal', () => {
  it('refuses to start the UI, in one line pointing at strata report', async () => {
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(
        process.execPath,
        ['--conditions=@strata/source', '--import', 'tsx', 'packages/tui/src/bin/strata.ts', '--demo'],
        { cwd: ROOT, timeout: 50_000 },
        (error, stdout, stderr) => {
          done({
            code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
            stdout,
            stderr,
          });
        },
      );
    });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'strata: the terminal UI needs a terminal (stdout is not one); for text output use strata report --file PATH\n',
    });
  });
});
