import { ClusterModel } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemoSource, type DemoSource } from '../demo/demo-source.ts';
import { App, REDRAW_MS, splitKeys } from './app.tsx';
import { ManualClock } from './clock.ts';
import type { DataSource } from './data-source.ts';

const SIZE = { columns: 120, rows: 35 };

/** Lets React and Ink render what the last input or timer changed. */
const settle = () => new Promise((done) => setTimeout(done, 0));

interface Harness {
  readonly frame: () => string;
  readonly type: (...keys: string[]) => Promise<void>;
  readonly escape: () => Promise<void>;
  /** Lets a source's promise (logs) land and the UI redraw. */
  readonly settle: () => Promise<void>;
  /** Moves the demo clock, letting each step render. */
  readonly advance: (ms: number) => Promise<void>;
  readonly source: DataSource;
  readonly unmount: () => void;
}

const open: Harness[] = [];

afterEach(() => {
  for (const harness of open.splice(0)) harness.unmount();
});

function start(
  options: { readonly readOnly?: boolean; readonly source?: DataSource; readonly notice?: string } = {},
): Harness {
  const clock = new ManualClock(0);
  const source: DataSource =
    options.source ?? createDemoSource({ clock, readOnly: options.readOnly === true });
  const app = render(
    createElement(App, {
      source,
      clock,
      size: SIZE,
      ...(options.notice === undefined ? {} : { notice: options.notice }),
    }),
  );
  const harness: Harness = {
    frame: () => app.lastFrame() ?? '',
    type: async (...keys) => {
      for (const key of keys) {
        app.stdin.write(key);
        await settle();
      }
    },
    // A lone ESC waits for Ink's escape-sequence timeout before it counts as the Esc key.
    escape: async () => {
      app.stdin.write('\u001b');
      await new Promise((done) => setTimeout(done, 100));
      await settle();
    },
    settle: async () => {
      for (let i = 0; i < 3; i++) await settle();
    },
    advance: async (ms) => {
      for (let t = 0; t < ms; t += REDRAW_MS) {
        clock.advance(REDRAW_MS);
        await settle();
      }
    },
    source,
    unmount: () => {
      app.unmount();
      source.close();
    },
  };
  open.push(harness);
  return harness;
}

/** The rows of a table body: the lines between the column header and the hints. */
function tableRows(frame: string): string[] {
  const lines = frame.split('\n');
  const header = lines.findIndex((l) => /^\s*(#|NAMESPACE)\s/.test(l));
  return lines
    .slice(header + 1)
    .filter((l) => l.trim() !== '' && !l.startsWith('enter') && !/^ \S+ {2}/.test(l) && !l.includes('│ '));
}

describe('the strata UI on the demo', () => {
  it('opens on the root causes, cert-manager first, with the header', async () => {
    const ui = start({ notice: 'DEMO: no kubeconfig found' });
    await settle();
    const frame = ui.frame();
    expect(frame).toContain('Root causes [4] — ranked by blast radius — all namespaces');
    expect(frame).toContain('ctx strata-demo  cluster built-in demo  user demo  ns all');
    expect(frame).toContain('● DEMO: no kubeconfig found');
    expect(frame).toContain(
      'Flux v2.9.1 26 ready 6 not ready 1 suspended │ Argo CD v3.2.1 10 ready 5 not ready 1 suspended │ 4 root causes',
    );
    const rows = tableRows(frame);
    expect(rows[0]).toMatch(
      /^ 1 HelmRelease\/flux-system\/cert-manager +flux +failing +InstallFailed +37m blocks 5 Helm install failed/,
    );
    expect(rows[1]).toMatch(/^ 2 AppProject\/argocd\/team-c +missing/);
    expect(frame.split('\n')[3]?.trim()).toBe('rootcauses');
  });

  it('Enter opens the chain of the selected root: what it blocks and the evidence', async () => {
    const ui = start();
    await ui.type('\r');
    const frame = ui.frame();
    expect(frame).toContain('Chain — the root cause, what it blocks, and the evidence inside it');
    expect(frame).toContain(
      'HelmRelease/flux-system/cert-manager  failing  InstallFailed  root cause, blocks 5',
    );
    expect(frame).toContain('├─ dependsOn HelmRelease/flux-system/trust-manager');
    expect(frame).toContain('└─ health check Kustomization/flux-system/infra-cert-manager');
    expect(frame).toContain(
      'Deployment/cert-manager/cert-manager-webhook  failing  ProgressDeadlineExceeded',
    );
    expect(frame).toMatch(/└─ Pod\/cert-manager\/cert-manager-webhook-\S+ {2}failing {2}CrashLoopBackOff/);
    expect(frame).toContain('rootcauses  ›  chain HelmRelease/flux-system/cert-manager');
    await ui.escape();
    expect(ui.frame()).toContain('Root causes [4]');
  });

  it('follows the demo as it evolves', async () => {
    const ui = start();
    await ui.type('\r');
    expect(ui.frame()).toContain('⚠ BackOff ×15');
    await ui.advance(6000);
    expect(ui.frame()).toContain('⚠ BackOff ×16');
    expect(ui.frame()).toContain('at 10:00:06Z');
  });

  it('/ filters the rows as it is typed; Esc clears it', async () => {
    const ui = start();
    await ui.type('/', 't', 'e', 'a', 'm');
    expect(ui.frame()).toContain('Root causes [3/4]');
    expect(ui.frame()).toContain('/team');
    await ui.type('\r');
    const rows = tableRows(ui.frame());
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.includes('team'))).toBe(true);
    expect(ui.frame()).toContain('filter: team');
    await ui.escape();
    expect(ui.frame()).toContain('Root causes [4]');
    await ui.type('/', '-', 'l', ' ', 'n', 'o', '=', 'x', '\r');
    expect(ui.frame()).toContain('No root cause matches the filter');
  });

  it(':hr switches to the HelmRelease table; keys sort it', async () => {
    const ui = start();
    await ui.type(':', 'h', 'r');
    expect(ui.frame()).toContain(':hr');
    await ui.type('\r');
    const frame = ui.frame();
    expect(frame).toContain('HelmReleases [7] — all namespaces');
    expect(frame).toMatch(/NAMESPACE +NAME +LAYER +STATE↑ +REASON +ROOT CAUSE +AGE +MESSAGE/);
    expect(tableRows(frame)[0]).toMatch(
      /^flux-system +cert-manager +flux +failing +InstallFailed +itself +58m/,
    );
    await ui.type('N');
    expect(ui.frame()).toMatch(/NAME↑/);
    expect(tableRows(ui.frame())[0]).toMatch(/^flux-system +argocd /);
    await ui.type('N');
    expect(tableRows(ui.frame())[0]).toMatch(/^flux-system +velero /);
  });

  it('takes keys that arrive in one chunk one by one', async () => {
    const ui = start();
    await ui.type(':apps\r');
    expect(ui.frame()).toContain('Applications [8]');
    expect(splitKeys('j', {})).toEqual([['j', {}]]);
    expect(splitKeys('\n', {})).toEqual([['', { return: true }]]);
    expect(splitKeys('\r', { return: true })).toEqual([['\r', { return: true }]]);
    expect(splitKeys('jG\r', {})).toEqual([
      ['j', {}],
      ['G', { shift: true }],
      ['', { return: true }],
    ]);
  });

  it('? lists every key', async () => {
    const ui = start();
    await ui.type('?');
    const frame = ui.frame();
    expect(frame).toContain('Help — every key and command');
    expect(frame).toContain('Flux: reconcile; a HelmRelease also reset+retry (x) or force (f)');
    expect(frame).toContain('dependency tree: what it needs, what needs it');
  });

  it('r asks first, then reconciles; the demo recovers', async () => {
    const ui = start();
    await ui.type('r');
    expect(ui.frame()).toContain('reconcile? Request reconciliation of HelmRelease/flux-system/cert-manager');
    expect(ui.frame()).toContain(
      '[y] reconcile  [w] with source  [x] reset and retry  [f] force an upgrade  [n/esc] cancel',
    );
    // The release is stalled: the dialog says which choice helps.
    expect(ui.frame()).toContain(
      '⚠ stalled (RetriesExceeded): helm-controller ignores a plain reconcile until reset',
    );
    await ui.type('n');
    expect(ui.frame()).not.toContain('[n/esc] cancel');
    // Enter alone is not a yes: the dialog stays and asks for a key.
    await ui.type('r', '\r');
    expect(ui.frame()).toContain('[n/esc] cancel');
    expect(ui.frame()).toContain(
      'choose: y reconcile, w with source, x reset and retry, f force an upgrade; n or esc cancels',
    );
    // A plain reconcile of a stalled release: taken, but nothing moves.
    await ui.type('y');
    await settle();
    expect(ui.frame()).toContain('✓ Request reconciliation of HelmRelease/flux-system/cert-manager');
    await ui.advance(9000);
    expect(ui.frame()).toContain('Root causes [4]');
    // Reset and retry: the release installs and the cascade recovers.
    await ui.type('r', 'x');
    await settle();
    expect(ui.frame()).toMatch(
      /✓ Request reconciliation of HelmRelease\/flux-system\/cert-manager.*resetting/,
    );
    await ui.advance(9000);
    const frame = ui.frame();
    expect(frame).toContain('Root causes [3]');
    expect(frame).not.toContain('HelmRelease/flux-system/cert-manager');
    expect(frame).toContain('Flux v2.9.1 32 ready 0 not ready');
  });

  it('w reconciles the source first, then the object (flux reconcile --with-source)', async () => {
    const ui = start();
    await ui.type(':ks\r', '/gateway\r');
    await ui.type('r');
    expect(ui.frame()).toContain('[w] with source');
    await ui.type('w');
    await ui.settle();
    expect(ui.frame()).toContain('✓ Request reconciliation of Kustomization/flux-system/gateway');
    const requested = (ref: { kind: string; namespace: string; name: string }) =>
      (ui.source.object(ref) as { metadata: { annotations?: Record<string, string> } }).metadata
        .annotations?.['reconcile.fluxcd.io/requestedAt'];
    const gateway = { kind: 'Kustomization', namespace: 'flux-system', name: 'gateway' };
    const node = (ui.source.snapshot().view.node(gateway)?.edges ?? []).find((e) => e.type === 'source');
    expect(node).toBeDefined();
    expect(requested(gateway)).toBeDefined();
    expect(requested(node!.ref as { kind: string; namespace: string; name: string })).toBeDefined();
  });

  it('refuses actions in read-only mode, and says why an action does not apply', async () => {
    const ui = start({ readOnly: true });
    expect(ui.frame()).toContain('[read-only]');
    await ui.type('r');
    expect(ui.frame()).not.toContain('[n/esc] cancel');
    expect(ui.frame()).toContain(
      'reconcile HelmRelease/flux-system/cert-manager is disabled: read-only mode (strata was started with --readonly)',
    );
    const writable = start();
    // On an Argo CD Application, r refreshes and s syncs (with prune and dry-run toggles).
    await writable.type('j', 'j', 'r');
    expect(writable.frame()).toContain('refresh? Refresh Application/argocd/team-a-payments');
    expect(writable.frame()).toContain('[y] refresh  [h] hard refresh  [n/esc] cancel');
    await writable.escape();
    await writable.type('s');
    expect(writable.frame()).toContain('sync? Sync Application/argocd/team-a-payments');
    expect(writable.frame()).toContain('[y] sync  [p] prune: off  [d] dry run: off  [n/esc] cancel');
    await writable.type('p');
    expect(writable.frame()).toContain('[p] prune: on');
  });

  it('an action stays on the object chosen: the cursor follows it through a filter, a re-sort and live changes', async () => {
    const ui = start();
    await ui.type(':hr\r', 'j', 'j');
    await ui.type('/cert-manager');
    await ui.type('\r');
    expect(ui.frame()).toMatch(/^ *flux-system +cert-manager .*$/m);
    await ui.type('s');
    expect(ui.frame()).toContain('suspend? Suspend reconciliation of HelmRelease/flux-system/cert-manager');
    await ui.type('y');
    await ui.settle();
    await ui.advance(1000);
    // Suspending re-sorts the list (and the demo moves on): the next dialog still names cert-manager.
    await ui.escape();
    await ui.advance(2000);
    await ui.type('s');
    expect(ui.frame()).toContain(
      'resume? Resume HelmRelease/flux-system/cert-manager and request its reconciliation',
    );
    await ui.escape();
  });

  it('sends nothing when the object of the dialog was deleted and created again meanwhile', async () => {
    const demo = createDemoSource({ clock: new ManualClock(0) });
    let recreated = false;
    const applied: unknown[] = [];
    // The same name, another object: what a delete and create in between looks like to the UI.
    const source: DataSource = {
      ...demo,
      object: (ref) => {
        const raw = demo.object(ref) as { metadata: Record<string, unknown> } | undefined;
        return recreated && raw !== undefined
          ? { ...raw, metadata: { ...raw.metadata, uid: 'new-uid' } }
          : raw;
      },
      apply: (...args) => {
        applied.push(args);
        return demo.apply(...args);
      },
    };
    const ui = start({ source });
    await ui.type('s');
    expect(ui.frame()).toContain('suspend? Suspend reconciliation of HelmRelease/flux-system/cert-manager');
    recreated = true;
    await ui.type('y');
    await ui.settle();
    expect(ui.frame()).toContain(
      'suspend: HelmRelease/flux-system/cert-manager was deleted and created again since the dialog opened: nothing sent',
    );
    expect(applied).toEqual([]);
  });

  it('o on an Application an ApplicationSet generated names the ApplicationSet as its manager', async () => {
    const ui = start();
    await ui.type(':apps\r', '/team-b-previews-pr-42\r', 'o');
    const frame = ui.frame();
    expect(frame).toContain('Owner — who manages it, up to the Git source');
    expect(frame).toContain('managed by ApplicationSet/argocd/team-b-previews');
    expect(frame).not.toContain('managed by nothing');
  });

  it('t o d y e show the selected object', async () => {
    const ui = start();
    await ui.type('t');
    expect(ui.frame()).toContain('Dependency tree — what it needs, what needs it');
    expect(ui.frame()).toContain('needed by  downstream: what waits on it');
    await ui.type('o');
    expect(ui.frame()).toContain('managed by Kustomization/flux-system/infra-cert-manager');
    await ui.type('d');
    expect(ui.frame()).toContain('Root cause:   itself');
    await ui.type('y');
    expect(ui.frame()).toContain('kind: HelmRelease');
    await ui.type('e');
    expect(ui.frame()).toMatch(/Warning +InstallFailed +HelmRelease\/cert-manager +4 /);
  });

  it('l opens the logs of the Pod in the evidence; p, w, c change them; esc goes back', async () => {
    const ui = start();
    await ui.type('\r');
    // On the root, l opens the logs of the Pod inside it that broke.
    await ui.type('l');
    await ui.settle();
    expect(ui.frame()).toMatch(/logs Pod\/cert-manager\/cert-manager-webhook-/);
    await ui.escape();
    // The last line of the chain is the Pod's Warning event: it stands for the Pod.
    await ui.type('G', 'l');
    await ui.settle();
    let frame = ui.frame();
    expect(frame).toContain(
      'Logs — container cert-manager-webhook, previous instance — last 7 lines (at most 100)',
    );
    expect(frame).toMatch(
      /chain HelmRelease\/flux-system\/cert-manager {2}› {2}logs Pod\/cert-manager\/cert-manager-webhook-/,
    );
    expect(frame).toContain('"error executing command" err="error running server: listen tcp :10250: bind:');
    await ui.advance(6_100); // the flash of the first l fades; the hints show
    expect(ui.frame()).toContain('p previous/current  c container  w wrap  l reload');
    await ui.type('p');
    await ui.settle();
    expect(ui.frame()).toContain('Logs — container cert-manager-webhook, current instance');
    await ui.type('w');
    await ui.settle();
    frame = ui.frame();
    expect(frame).toContain('— wrapped —');
    expect(frame).toMatch(/^already in use" logger="cert-manager.webhook" address=":10250"$/m);
    await ui.type('c');
    expect(ui.frame()).toMatch(/has one container only: cert-manager-webhook/);
    await ui.escape();
    expect(ui.frame()).toContain('Chain — the root cause');
    // From the Deployment of the evidence, l opens its failing Pod.
    await ui.type('G', 'k', 'k', 'k', 'l');
    await ui.settle();
    expect(ui.frame()).toContain('Logs — container cert-manager-webhook');
    await ui.escape();
    await ui.escape();
    await ui.type('p');
    expect(ui.frame()).toContain('p applies in the logs view: select a Pod and press l');
  });

  it(':pods lists the Pods of the selected object, or of a namespace; l and enter open their logs', async () => {
    const ui = start();
    await ui.type(':pods\r');
    let frame = ui.frame();
    expect(frame).toContain('Pods [1] of HelmRelease/flux-system/cert-manager');
    expect(frame).toMatch(/cert-manager +cert-manager-webhook-\S+ +failing +CrashLoopBackOff/);
    expect(frame).toContain('0/1 ready, 15 restarts, container cert-');
    await ui.type('l');
    await ui.settle();
    expect(ui.frame()).toContain('Logs — container cert-manager-webhook');
    await ui.type(':pods team-a\r');
    frame = ui.frame();
    expect(frame).toMatch(/Pods \[\d+\] — namespace team-a/);
    expect(frame).toMatch(/team-a +payments-api-\S+ .*failing/);
    await ui.type('\r');
    await ui.settle();
    expect(ui.frame()).toMatch(/logs Pod\/team-a\/payments-api-/);
  });

  it('0–9 switch the namespace scope', async () => {
    const ui = start();
    expect(ui.frame()).toContain('<0> all  <1> argocd  <2> flux-system');
    await ui.type('2');
    expect(ui.frame()).toContain('Root causes [1] — ranked by blast radius — namespace flux-system');
    await ui.type(':', 'n', 's', ' ', 'a', 'l', 'l', '\r');
    expect(ui.frame()).toContain('Root causes [4]');
    // :ns to a namespace without GitOps objects: the numbers keep their namespaces.
    await ui.type(':ns team-a\r');
    expect(ui.frame()).toContain('Root causes [1] — ranked by blast radius — namespace team-a');
    expect(ui.frame()).toContain('<0> all  <1> argocd  <2> flux-system');
    await ui.type('2');
    expect(ui.frame()).toContain('namespace flux-system');
    await ui.type(':ns nosuchns\r');
    expect(ui.frame()).toContain('namespace nosuchns does not exist on this cluster');
    expect(ui.frame()).toContain('namespace flux-system');
  });

  it('keeps ? help and q quit in the footer at 120 columns', async () => {
    const ui = start();
    const footer = ui.frame().trimEnd().split('\n').at(-1) ?? '';
    expect(footer).toMatch(/\? help {2}q quit$/);
    expect(footer.length).toBeLessThanOrEqual(120);
  });

  it(':layers shows both layers, the boundary and the namespaces', async () => {
    const ui = start();
    await ui.type(':layers\r');
    const frame = ui.frame();
    expect(frame).toContain('FLUX — platform');
    expect(frame).toContain('ARGO CD — applications');
    expect(frame).toContain('flux → argo HelmRelease/flux-system/argocd  installs Argo CD');
    expect(frame).toContain('NAMESPACES — by the tool that owns what is in them');
    await ui.type('\t', '\t');
    await ui.type('o');
    expect(ui.frame()).toContain('Owner — who manages it, up to the Git source');
    expect(ui.frame()).toContain('HelmRelease/flux-system/argocd  ready');
  });

  it('opens on the overview when nothing is failing', async () => {
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    model.upsert({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'platform', namespace: 'flux-system', generation: 1 },
      status: {
        observedGeneration: 1,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Succeeded',
            message: 'ok',
            lastTransitionTime: '2026-11-22T09:00:00Z',
          },
        ],
      },
    });
    const view = model.view();
    const snapshot = {
      report: view.report,
      view,
      connection: 'reconnecting' as const,
      hidden: [{ what: 'Applications', why: 'forbidden: cannot list argoproj.io applications' }],
      versions: { flux: 'v2.8.0' },
    };
    const source: DataSource = {
      kind: 'live',
      describe: () => ({
        context: 'kind-dev',
        cluster: 'dev',
        user: 'admin',
        namespace: 'all',
        readOnly: false,
      }),
      subscribe: () => () => {},
      snapshot: () => snapshot,
      object: () => undefined,
      events: () => [],
      apply: async () => ({ ok: false, error: 'not here' }),
      logs: async () => ({ ok: false, error: 'not here' }),
      close: () => {},
    };
    const ui = start({ source });
    expect(ui.frame()).toContain('Overview — Flux platform │ Argo CD applications');
    expect(ui.frame()).toContain('● reconnecting…');
    expect(ui.frame()).toContain('Flux v2.8.0 1 ready 0 not ready');
    expect(ui.frame()).toContain('no root causes');
    expect(ui.frame()).toContain('⚠ hidden: Applications (:hidden)');
    await ui.type(':hidden\r');
    expect(ui.frame()).toContain('Applications  forbidden: cannot list argoproj.io applications');
  });
});

describe('the demo source in the UI', () => {
  it('is the demo of createDemoSource', () => {
    const clock = new ManualClock(0);
    const source: DemoSource = createDemoSource({ clock });
    expect(source.snapshot().report.rootCauses).toHaveLength(4);
    source.close();
  });
});

describe('the opening view on a source that is still listing', () => {
  /** A source whose first picture is empty, as a live cluster's is until its lists arrive. */
  function listingSource(): DataSource & { readonly load: (objects: readonly unknown[]) => void } {
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const listeners = new Set<() => void>();
    const first = model.view();
    let snapshot = {
      report: first.report,
      view: first,
      connection: 'live' as const,
      hidden: [],
      versions: {},
    };
    return {
      kind: 'live',
      describe: () => ({ context: 'test', cluster: 'test', user: 'test', namespace: 'all', readOnly: false }),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      snapshot: () => snapshot,
      object: () => undefined,
      events: () => [],
      apply: async () => ({ ok: false, error: 'not in this test' }),
      logs: async () => ({ ok: false, error: 'not in this test' }),
      close: () => undefined,
      load: (objects) => {
        for (const object of objects) model.upsert(object);
        const view = model.view();
        snapshot = { ...snapshot, report: view.report, view };
        for (const listener of listeners) listener();
      },
    };
  }

  it('moves to the root causes when the first failures arrive, until a key is pressed', async () => {
    const source = listingSource();
    const ui = start({ source });
    expect(ui.frame()).toContain('Overview');
    const { objects } = twoLayerPlatform();
    source.load(objects);
    await ui.advance(REDRAW_MS * 2);
    await settle();
    expect(ui.frame()).toContain('Root causes [4]');
  });

  it('leaves the view alone once the person has moved', async () => {
    const source = listingSource();
    const ui = start({ source });
    await ui.type(':hr', '\r');
    const { objects } = twoLayerPlatform();
    source.load(objects);
    await ui.advance(REDRAW_MS * 2);
    expect(ui.frame()).toContain('HelmReleases [7]');
  });
});
