import type { Ref, Report, ReportRootCause } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { formatDuration, renderText, truncate } from './render-text.ts';

const repo: Ref = { kind: 'GitRepository', namespace: 'flux-system', name: 'platform' };
const infra: Ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'infra' };
const apps: Ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' };

function failingReport(root: Partial<ReportRootCause> = {}): Report {
  return {
    apiVersion: 'strata/v1',
    kind: 'Report',
    at: '2026-11-22T10:00:00Z',
    summary: {
      flux: { total: 3, ready: 0, notReady: 3, suspended: 0 },
      argo: { total: 0, ready: 0, notReady: 0, suspended: 0 },
    },
    rootCauses: [
      {
        ref: repo,
        state: 'failing',
        reason: 'GitOperationFailed',
        message:
          "failed to checkout and determine revision: unable to clone 'ssh://git@example.com/platform': auth failed",
        since: '2026-11-22T09:40:00Z',
        members: [],
        impacted: [apps, infra],
        evidence: [],
        ...root,
      },
    ],
    objects: [
      {
        ref: repo,
        layer: 'flux',
        state: 'failing',
        reason: 'GitOperationFailed',
        ready: false,
        rootCauses: [repo],
        blocks: [],
        evidence: [],
      },
      {
        ref: infra,
        layer: 'flux',
        state: 'failing',
        reason: 'ArtifactFailed',
        ready: false,
        rootCauses: [repo],
        blocks: [],
        evidence: [],
      },
      {
        ref: apps,
        layer: 'flux',
        state: 'failing',
        reason: 'DependencyNotReady',
        ready: false,
        rootCauses: [repo],
        blocks: [],
        evidence: [],
      },
    ],
    conflicts: [],
    warnings: [],
  };
}

const readyReport: Report = {
  apiVersion: 'strata/v1',
  kind: 'Report',
  at: '2026-11-22T10:00:00Z',
  summary: {
    flux: { total: 2, ready: 2, notReady: 0, suspended: 1 },
    argo: { total: 1, ready: 1, notReady: 0, suspended: 0 },
  },
  rootCauses: [],
  objects: [
    { ref: repo, layer: 'flux', state: 'ready', ready: true, rootCauses: [], blocks: [], evidence: [] },
    { ref: apps, layer: 'flux', state: 'suspended', ready: true, rootCauses: [], blocks: [], evidence: [] },
    {
      ref: { kind: 'Application', namespace: 'argocd', name: 'web' },
      layer: 'argo',
      state: 'ready',
      ready: true,
      rootCauses: [],
      blocks: [],
      evidence: [],
    },
  ],
  conflicts: [],
  warnings: [],
};

const plain = { color: false, width: 160 };

/** cert-manager's crash-looping Pod as an evidence item, with this message. */
const crashingPod = (message: string) => ({
  kind: 'Pod',
  namespace: 'cert-manager',
  name: 'cm-abc',
  state: 'failing' as const,
  reason: 'CrashLoopBackOff',
  message,
});

describe('renderText', () => {
  it('shows the layers, then each root with what it blocks', () => {
    expect(renderText(failingReport(), plain)).toBe(
      [
        'strata report  snapshot 2026-11-22T10:00:00Z',
        '',
        '           total    ready  not ready  suspended',
        'Flux           3        0          3          0',
        'Argo CD        0        0          0          0',
        '',
        '3 of 3 not ready, 1 root cause:',
        '',
        '1.  GitRepository/flux-system/platform  failing  GitOperationFailed',
        "    failed to checkout and determine revision: unable to clone 'ssh://git@example.com/platform': auth failed",
        '    since 2026-11-22T09:40:00Z (20m)',
        '    blocks 2:',
        '      Kustomization/flux-system/apps',
        '      Kustomization/flux-system/infra',
        '',
      ].join('\n'),
    );
  });

  it('says plainly when everything is ready', () => {
    const text = renderText(readyReport, plain);
    expect(text).toContain('Everything is ready (3 objects).');
    expect(text).not.toContain('root cause');
  });

  it('says when there is nothing to diagnose', () => {
    const empty: Report = { ...readyReport, objects: [] };
    expect(renderText(empty, plain)).toContain('No Flux or Argo CD objects in the input.');
  });

  it('colours only when asked', () => {
    expect(renderText(failingReport(), plain)).not.toContain('\u001b[');
    const coloured = renderText(failingReport(), { color: true, width: 160 });
    expect(coloured).toContain('\u001b[31mfailing\u001b[39m');
    expect(coloured).toContain('\u001b[1mGitRepository/flux-system/platform\u001b[22m');
    expect(renderText(readyReport, { color: true, width: 160 })).toContain('\u001b[32mEverything is ready');
  });

  it('puts a long or multi-line message on one line cut to the width', () => {
    const message = `Helm upgrade failed:\n\tpost-upgrade hooks failed: ${'x'.repeat(300)}`;
    const lines = renderText(failingReport({ message }), { color: false, width: 80 }).split('\n');
    const line = lines.find((l) => l.includes('Helm upgrade failed'));
    expect(line).toBe(
      `    ${truncate(`Helm upgrade failed: post-upgrade hooks failed: ${'x'.repeat(300)}`, 76)}`,
    );
    expect(line).toHaveLength(80);
    expect(line?.endsWith('…')).toBe(true);
  });

  it('never prints control characters from the cluster', () => {
    const text = renderText(failingReport({ message: 'evil\u001b]0;title\u0007 message' }), plain);
    expect(text).toContain('evil ]0;title message');
    expect(text).not.toContain('\u001b');
  });

  it('lists at most ten impacted refs, then how many more', () => {
    const impacted = Array.from({ length: 25 }, (_, i) => ({
      kind: 'HelmRelease',
      namespace: 'apps',
      name: `r${String(i).padStart(2, '0')}`,
    }));
    const text = renderText(failingReport({ impacted }), plain);
    expect(text).toContain('    blocks 25:\n      HelmRelease/apps/r00\n');
    expect(text).toContain('      HelmRelease/apps/r09\n      … and 15 more\n');
    expect(text).not.toContain('r10');
  });

  it('lists an eleventh ref rather than "… and 1 more"', () => {
    const impacted = Array.from({ length: 11 }, (_, i) => ({
      kind: 'HelmRelease',
      name: `r${String(i).padStart(2, '0')}`,
    }));
    const text = renderText(failingReport({ impacted }), plain);
    expect(text).toContain('HelmRelease/r10');
    expect(text).not.toContain('more');
  });

  it('lists the members of a cycle, and a root that blocks nothing else', () => {
    const root: Partial<ReportRootCause> = {
      ref: apps,
      state: 'cycle',
      members: [apps, infra],
      impacted: [],
    };
    const { message: _m, reason: _r, since: _s, ...rest } = failingReport().rootCauses[0]!;
    const report = failingReport();
    const text = renderText({ ...report, rootCauses: [{ ...rest, ...root }] }, plain);
    expect(text).toContain(
      '1.  Kustomization/flux-system/apps  cycle\n    cycle of 2:\n      Kustomization/flux-system/apps\n      Kustomization/flux-system/infra\n    blocks nothing else\n',
    );
  });

  it('shows the evidence inside a root', () => {
    const evidence = [
      crashingPod('back-off 5m0s'),
      { kind: 'Deployment', namespace: 'cert-manager', name: 'cm', state: 'progressing' as const },
    ];
    const text = renderText(failingReport({ evidence }), plain);
    expect(text).toContain(
      '    evidence:\n      Pod/cert-manager/cm-abc  failing  CrashLoopBackOff\n        back-off 5m0s\n      Deployment/cert-manager/cm  progressing\n',
    );
  });

  it('shows an evidence item’s newest Warning event and a failed container’s last termination', () => {
    const evidence = [
      {
        ...crashingPod('container webhook: back-off 5m0s restarting failed container'),
        terminated: { container: 'webhook', reason: 'Error', exitCode: 1, message: 'panic: no CA bundle' },
        events: [
          {
            reason: 'BackOff',
            message: 'Back-off restarting failed container',
            count: 15,
            lastSeen: '2026-11-22T09:58:00Z',
          },
          { reason: 'Failed', message: 'older', count: 1, lastSeen: '2026-11-22T09:00:00Z' },
        ],
      },
      {
        kind: 'PersistentVolumeClaim',
        namespace: 'db',
        name: 'data',
        state: 'progressing' as const,
        reason: 'Pending',
        message: 'claim is not bound yet',
        events: [
          { reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "fast-nvme" not found' },
        ],
      },
    ];
    const text = renderText(failingReport({ evidence }), plain);
    expect(text).toContain(
      [
        '      Pod/cert-manager/cm-abc  failing  CrashLoopBackOff',
        '        container webhook: back-off 5m0s restarting failed container',
        '        container webhook exited 1 (Error): panic: no CA bundle',
        '        ⚠ BackOff ×15 (2m ago): Back-off restarting failed container',
        '      PersistentVolumeClaim/db/data  progressing  Pending',
        '        claim is not bound yet',
        '        ⚠ ProvisioningFailed: storageclass.storage.k8s.io "fast-nvme" not found',
        '',
      ].join('\n'),
    );
    expect(text).not.toContain('older');
  });

  it('hints that a DependencyNotReady message is stale when the dependency it names is ready', () => {
    const report = failingReport({
      ref: apps,
      reason: 'DependencyNotReady',
      message: "dependency 'flux-system/platform' is not ready",
      impacted: [],
    });
    const ready = {
      ...report,
      objects: [
        {
          ...report.objects[0]!,
          ref: { kind: 'Kustomization', namespace: 'flux-system', name: 'platform' },
          ready: true,
          state: 'ready' as const,
        },
        ...report.objects.slice(1),
      ],
    };
    expect(renderText(ready, plain)).toContain(
      "    message names 'flux-system/platform', which is ready: Flux gates on readyExpr or a revision check\n",
    );
    // Not when the named dependency is not ready, or is of another kind.
    expect(renderText(report, plain)).not.toContain('message names');
  });

  it('shows conflicts and warnings when there are any', () => {
    const report: Report = {
      ...readyReport,
      conflicts: [
        {
          resource: { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' },
          type: 'flux-and-argo',
          managers: [apps, { kind: 'Application', namespace: 'argocd', name: 'web' }],
        },
      ],
      warnings: [{ type: 'stale-source', ref: repo, message: 'consumers run revision abc123' }],
    };
    const text = renderText(report, plain);
    expect(text).toContain(
      '\nConflicts (1)\n  Deployment/web/web (apps)  flux-and-argo\n    managed by Kustomization/flux-system/apps, Application/argocd/web\n',
    );
    expect(text).toContain(
      '\nWarnings (1)\n  GitRepository/flux-system/platform  stale-source\n    consumers run revision abc123\n',
    );
    expect(renderText(readyReport, plain)).not.toMatch(/Conflicts|Warnings/);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('ab…');
  });

  it('never splits a surrogate pair', () => {
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('formatDuration', () => {
  it('reads like a person would say it', () => {
    expect(formatDuration(42_000)).toBe('42s');
    expect(formatDuration(20 * 60_000)).toBe('20m');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h 5m');
    expect(formatDuration(2 * 3_600_000)).toBe('2h');
    expect(formatDuration(50 * 3_600_000)).toBe('2d 2h');
  });
});
