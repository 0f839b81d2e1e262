import { ClusterModel, type ClusterView, type Ref, type Report } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { describe, expect, it } from 'vitest';
import { layoutColumns } from '../table.tsx';
import { versionsSeen } from '../versions.ts';
import { chainLines } from './chain.ts';
import { dependencyLines } from './dependency-tree.ts';
import { describeLines, eventLines, redact, yamlLines } from './describe.ts';
import { compactAge, fit } from './format.ts';
import { layersView } from './layers.ts';
import { objectRows, sortRows } from './objects-table.ts';
import { ownerLines } from './owner.ts';
import { rootRows, sortRootRows } from './root-causes.ts';
import type { TreeLine } from './tree-lines.ts';

function platform(): { report: Report; model: ClusterModel; view: ClusterView } {
  const { objects, at } = twoLayerPlatform();
  const model = new ClusterModel({ at });
  for (const object of objects) model.upsert(object);
  const view = model.view();
  return { report: view.report, model, view };
}

const { report, model, view: cluster } = platform();
const certManager = { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' };

/** A line as text: its label with the words around it. */
function text(line: TreeLine): string {
  return [
    line.prefix + (line.lead === undefined ? '' : `${line.lead} `) + line.label,
    line.badge,
    line.note,
    line.detail,
  ]
    .filter((p) => p !== undefined && p !== '')
    .join('  ');
}

/** A line up to its badge: the tree glyphs, the edge and the object. */
function head(line: string): string {
  return line.replace(/(\S) {2}.*$/, '$1');
}

describe('root causes rows', () => {
  it('keep the report order: cert-manager first, with what it blocks', () => {
    const rows = rootRows(cluster, 'all');
    expect(rows.map((r) => r.label)).toEqual([
      'HelmRelease/flux-system/cert-manager',
      'AppProject/argocd/team-c',
      'Application/argocd/team-a-payments',
      'Application/argocd/team-b-previews-pr-42',
    ]);
    expect(rows[0]).toMatchObject({
      rank: 1,
      state: 'failing',
      reason: 'InstallFailed',
      since: '37m',
      blocks: 5,
      layer: 'flux',
    });
    expect(rows[1]).toMatchObject({ state: 'missing', since: '-', blocks: 1 });
  });

  it('scope to a namespace by the root, what it blocks, or its evidence', () => {
    expect(rootRows(cluster, 'flux-system').map((r) => r.name)).toEqual(['cert-manager']);
    // The payments Pod crash-loops in team-a under a root in argocd: team-a is not "all ready".
    expect(rootRows(cluster, 'team-a').map((r) => r.label)).toEqual(['Application/argocd/team-a-payments']);
    expect(rootRows(cluster, 'nothing-here')).toEqual([]);
  });

  it('sort by other columns on request', () => {
    const rows = rootRows(cluster, 'all');
    expect(sortRootRows(rows, { column: 'name', descending: false }).map((r) => r.name)[0]).toBe(
      'cert-manager',
    );
    expect(sortRootRows(rows, { column: 'state', descending: false }).at(-1)?.state).toBe('missing');
    expect(sortRootRows(rows, undefined)).toBe(rows);
  });
});

describe('kind table rows', () => {
  it('list the kind with layer, state, reason, root cause, age and message', () => {
    const rows = sortRows(objectRows(cluster, 'hr', 'all'), { column: 'state', descending: false });
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({
      namespace: 'flux-system',
      name: 'cert-manager',
      layer: 'flux',
      state: 'failing',
      reason: 'InstallFailed',
      rootCause: 'itself',
      age: '58m',
    });
    const trust = rows.find((r) => r.name === 'trust-manager');
    expect(trust?.rootCause).toBe('hr/flux-system/cert-manager');
    expect(rows.at(-1)?.state).toBe('ready');
    expect(sortRows(rows, { column: 'name', descending: true })[0]?.name).toBe('velero');
  });

  it('cover sources, Argo CD kinds, controllers and everything', () => {
    const sources = objectRows(cluster, 'sources', 'all');
    expect(new Set(sources.map((r) => r.kind))).toEqual(
      new Set(['GitRepository', 'HelmRepository', 'HelmChart']),
    );
    expect(objectRows(cluster, 'apps', 'all')).toHaveLength(8);
    expect(objectRows(cluster, 'appsets', 'all')).toHaveLength(1);
    expect(objectRows(cluster, 'projects', 'all')).toHaveLength(3);
    expect(
      objectRows(cluster, 'controllers', 'all').every(
        (r) => r.kind === 'Deployment' || r.kind === 'StatefulSet',
      ),
    ).toBe(true);
    expect(objectRows(cluster, 'all', 'all')).toHaveLength(report.objects.length);
    expect(objectRows(cluster, 'hr', 'argocd')).toEqual([]);
  });
});

describe('the chain of a root', () => {
  const lines = chainLines(cluster, certManager).map(text);

  it('starts with the root, its message and since', () => {
    expect(lines[0]).toBe(
      'HelmRelease/flux-system/cert-manager  failing  InstallFailed  root cause, blocks 5',
    );
    expect(lines[1]).toContain('context deadline exceeded');
    expect(lines[2]).toBe('  since 2026-11-22T09:22:46Z (37m)');
  });

  it('arranges what it blocks toward the root, each under what holds it back', () => {
    const start = lines.indexOf('blocks 5  each under what holds it back');
    expect(lines.slice(start + 1, start + 6).map(head)).toEqual([
      '  ├─ dependsOn HelmRelease/flux-system/kube-prometheus-stack',
      '  ├─ dependsOn HelmRelease/flux-system/trust-manager',
      '  └─ health check Kustomization/flux-system/infra-cert-manager',
      '     └─ dependsOn Kustomization/flux-system/cert-manager-issuers',
      '        └─ dependsOn Kustomization/flux-system/gateway',
    ]);
  });

  it('ends with the evidence, Deployment → ReplicaSet → Pod, and its events', () => {
    const start = lines.findIndex((l) => l.startsWith('evidence'));
    const evidence = lines.slice(start + 1);
    expect(evidence[0]).toMatch(
      /^ {2}Deployment\/cert-manager\/cert-manager-webhook {2}failing {2}ProgressDeadlineExceeded/,
    );
    expect(evidence[1]).toMatch(/^ {2}└─ ReplicaSet\/cert-manager\/cert-manager-webhook-\w+ {2}progressing/);
    expect(evidence[2]).toMatch(
      /^ {5}└─ Pod\/cert-manager\/cert-manager-webhook-\w+-\w+ {2}failing {2}CrashLoopBackOff/,
    );
  });

  it('draws two failing Pods of one ReplicaSet as siblings, each with its restarts and events', () => {
    const { objects, at } = twoLayerPlatform();
    const second = structuredClone(
      objects.find((o) => o.kind === 'Pod' && o.metadata.name.startsWith('cert-manager-webhook-'))!,
    );
    const name = `${second.metadata.name.slice(0, -5)}zzzzz`;
    second.metadata = { ...second.metadata, name, uid: 'second-pod' };
    const statuses = (second.status as { containerStatuses: Record<string, unknown>[] }).containerStatuses;
    (second.status as Record<string, unknown>).containerStatuses = statuses.map((c) => ({
      ...c,
      restartCount: 0,
      lastState: {},
      state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
    }));
    const first = objects.find(
      (o) => o.kind === 'Pod' && o.metadata.name.startsWith('cert-manager-webhook-'),
    )!;
    const backOff = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${first.metadata.name}.1`, namespace: 'cert-manager' },
      involvedObject: { kind: 'Pod', namespace: 'cert-manager', name: first.metadata.name },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      count: 15,
      lastTimestamp: '2026-11-22T09:58:00Z',
    };
    const withTwo = new ClusterModel({ at });
    for (const object of [...objects, second, backOff]) withTwo.upsert(object);
    const evidence = chainLines(withTwo.view(), certManager).map(text);
    const start = evidence.findIndex((l) => l.startsWith('evidence'));
    expect(
      evidence.slice(start + 1).map((l) => l.replace(/ {2}(failing|progressing|ready) .*$/, '')),
    ).toEqual([
      '  Deployment/cert-manager/cert-manager-webhook',
      `  └─ ReplicaSet/cert-manager/${first.metadata.ownerReferences?.[0]?.name}`,
      `     ├─ Pod/cert-manager/${first.metadata.name}`,
      '     │     ⚠ BackOff ×15 (2m ago): Back-off restarting failed container',
      `     └─ Pod/cert-manager/${name}`,
    ]);
    const pods = evidence.filter((l) => l.includes('└─ Pod') || l.includes('├─ Pod'));
    expect(pods[0]).toMatch(/CrashLoopBackOff {2}15 restarts {2}container cert-manager-webhook/);
    expect(pods[1]).toMatch(/ImagePullBackOff {2}container cert-manager-webhook/);
  });

  it('says so when the ref is no longer a root', () => {
    const gone = chainLines(cluster, {
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'cilium',
    }).map(text);
    expect(gone[1]).toBe('No longer a root cause: it is ready now.');
  });
});

describe('the dependency tree', () => {
  it('shows what an object needs and what needs it, marking hot paths', () => {
    const lines = dependencyLines(cluster, {
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'trust-manager',
    });
    const texts = lines.map(text);
    const up = texts.findIndex((l) => l.startsWith('needs'));
    const down = texts.findIndex((l) => l.startsWith('needed by'));
    const upstream = texts.slice(up + 1, down);
    expect(
      upstream.some((l) =>
        l.includes('dependsOn HelmRelease/flux-system/cert-manager  failing  InstallFailed'),
      ),
    ).toBe(true);
    const dependency = lines.find((l) => l.label === 'HelmRelease/flux-system/cert-manager');
    expect(dependency?.hot).toBe(true);
    const chart = lines.find((l) => l.label === 'HelmChart/flux-system/flux-system-trust-manager');
    expect(chart?.hot).not.toBe(true);
    expect(texts[down]).toBe('needed by  nothing');
  });

  it('marks missing objects and loops', () => {
    const reports = dependencyLines(cluster, {
      kind: 'Application',
      namespace: 'argocd',
      name: 'team-c-reports',
    });
    const missing = reports.find((l) => l.label === 'AppProject/argocd/team-c');
    expect(missing).toMatchObject({
      state: 'missing',
      lead: 'project',
      badge: 'missing: named but not found',
    });
    const flux = dependencyLines(cluster, {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'flux-system',
    });
    expect(flux.some((l) => l.badge?.includes('loops back to an object above') === true)).toBe(true);
  });

  it('a loop through an Application and the Flux object it applies is no deadlock', () => {
    const failing = [{ type: 'Ready', status: 'False', reason: 'InstallFailed', message: 'timeout' }];
    const objects = [
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: {
          name: 'redis',
          namespace: 'cache',
          annotations: {
            'argocd.argoproj.io/tracking-id': 'platform:helm.toolkit.fluxcd.io/HelmRelease:cache/redis',
          },
        },
        spec: {},
        status: { conditions: failing },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: 'platform', namespace: 'argocd' },
        spec: { project: 'default' },
        status: { health: { status: 'Degraded' }, sync: { status: 'Synced' } },
      },
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'default', namespace: 'argocd' },
      },
    ];
    const m = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    for (const o of objects) m.upsert(o);
    const lines = dependencyLines(m.view(), {
      kind: 'Application',
      namespace: 'argocd',
      name: 'platform',
    });
    const back = lines.find((l) => l.lead === 'parent' && l.label === 'Application/argocd/platform');
    expect(back?.badge).toContain('loops back to an object above');
    expect(lines.some((l) => l.state === 'cycle')).toBe(false);
  });

  it('explains an object outside the graph', () => {
    const lines = dependencyLines(cluster, {
      kind: 'ConfigMap',
      namespace: 'team-a',
      name: 'cluster-info',
    }).map(text);
    expect(lines[1]).toContain('Not part of the GitOps graph');
  });
});

describe('the owner chain', () => {
  /** The owner lines of an object that is not a GitOps object, read with its raw object (found by name). */
  const ownerTextOf = (ref: Ref) => {
    const raw = [...model.allObjects()].find(
      (o) => (o as { metadata: { name: string } }).metadata.name === ref.name,
    );
    return ownerLines(cluster, ref, raw).map(text);
  };

  it('climbs managers and sources up to Git', () => {
    const lines = ownerLines(cluster, certManager, undefined).map(text);
    expect(lines[0]).toBe('HelmRelease/flux-system/cert-manager  failing  InstallFailed  layer flux');
    expect(lines).toContain(
      '  └─ managed by Kustomization/flux-system/infra-cert-manager  failing  HealthCheckFailed  found by labels',
    );
    expect(
      lines.some(
        (l) =>
          l.includes('source GitRepository/flux-system/flux-system') &&
          l.includes('https://github.com/example-org/platform-config'),
      ),
    ).toBe(true);
    expect(lines.some((l) => l.includes('itself (self-managing)'))).toBe(true);
  });

  it('shows conflicts', () => {
    const lines = ownerTextOf({ kind: 'ConfigMap', namespace: 'team-a', name: 'cluster-info' });
    expect(lines[0]).toContain('layer both');
    expect(
      lines.some((l) => l.startsWith('  flux-and-argo') && l.includes('Kustomization/flux-system/argo-apps')),
    ).toBe(true);
    expect(lines.some((l) => l.includes('managed by Application/argocd/team-a-frontend'))).toBe(true);
  });

  it('names plain Helm', () => {
    const lines = ownerTextOf({ kind: 'Deployment', namespace: 'kube-system', name: 'metrics-server' });
    expect(
      lines.some((l) => l.includes('Helm release kube-system/metrics-server') && l.includes('plain Helm')),
    ).toBe(true);
  });
});

describe('downstream (core’s neighbours)', () => {
  it('a failing child app has the app-of-apps it holds back downstream, as the root causes say', () => {
    const payments = { kind: 'Application', namespace: 'argocd', name: 'team-a-payments' };
    const lines = dependencyLines(cluster, payments).map(text);
    const down = lines.slice(lines.findIndex((l) => l.startsWith('needed by')));
    expect(down.some((l) => l.includes('child app Application/argocd/apps-root'))).toBe(true);
    expect(rootRows(cluster, 'all').find((r) => r.name === 'team-a-payments')?.blocks).toBe(1);
  });

  it('cert-manager has the Kustomization whose health check it fails downstream', () => {
    const lines = dependencyLines(cluster, certManager).map(text);
    const down = lines.slice(lines.findIndex((l) => l.startsWith('needed by')));
    expect(down.some((l) => l.includes('health check Kustomization/flux-system/infra-cert-manager'))).toBe(
      true,
    );
  });
});

describe('the overview', () => {
  const view = layersView(cluster, 'all');

  it('puts Flux and Argo CD side by side, Applications under their parents', () => {
    expect(view.flux.some((l) => l.label === 'flux-system/cert-manager' && l.state === 'failing')).toBe(true);
    expect(view.argo.some((l) => l.label === 'argocd/team-a-payments' && l.prefix.includes('├─'))).toBe(true);
    expect(view.argo.some((l) => l.label === 'argocd/team-b-previews-pr-42' && l.prefix.includes('└─'))).toBe(
      true,
    );
    expect(view.flux.every((l) => l.label !== 'argocd/apps-root')).toBe(true);
  });

  it('shows the boundary: what installs Argo CD and what applies its apps', () => {
    const boundary = view.boundary.map(text);
    expect(
      boundary.some((l) => l.startsWith('flux → argo HelmRelease/flux-system/argocd  installs Argo CD')),
    ).toBe(true);
    expect(
      boundary.some((l) => l.startsWith('flux → argo Kustomization/flux-system/argo-apps  applies')),
    ).toBe(true);
  });

  it('each column holds every object the header counts for its tool', () => {
    for (const [tool, lines] of [
      ['flux', view.flux],
      ['argo', view.argo],
    ] as const) {
      const counts = lines
        .filter((l) => l.tone === 'heading')
        .map((l) => Number(/^\d+/.exec(l.note ?? '')?.[0]));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(report.summary[tool].total);
    }
  });

  it('groups namespaces by the tool that owns them', () => {
    const flux = view.namespaces.find((g) => g.layer === 'flux');
    expect(flux?.names).toContain('cert-manager');
    // Flux's HelmRelease installs the Argo CD that runs there: core says argocd is Flux's.
    expect(flux?.names).toContain('argocd');
    expect(view.namespaces.find((g) => g.layer === 'argo')?.names).toContain('team-b');
  });
});

describe('describe, YAML and events', () => {
  it('describe leads with what strata concluded', () => {
    const lines = describeLines(cluster, certManager, undefined, []).map(text);
    expect(lines).toContain('State:        failing  InstallFailed');
    expect(lines).toContain('Blocks:       5');
    expect(lines).toContain('Root cause:   itself');
    expect(lines.some((l) => l.startsWith('  Stalled=True  RetriesExceeded'))).toBe(true);
  });

  it('never shows Secret data', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'git', namespace: 'flux-system', managedFields: [{}] },
      data: { identity: 'c2VjcmV0' },
      stringData: { password: 'hunter2' },
    };
    const shown = yamlLines(secret).map(text).join('\n');
    expect(shown).not.toMatch(/c2VjcmV0|hunter2|managedFields/);
    expect(shown).toContain('identity: <redacted>');
    expect(redact({ kind: 'ConfigMap', data: { a: 'b' } })).toEqual({ kind: 'ConfigMap', data: { a: 'b' } });
  });

  it('lists events newest first', () => {
    const events = [
      {
        type: 'Normal',
        reason: 'Old',
        message: 'first',
        lastTimestamp: '2026-11-22T09:00:00Z',
        involvedObject: { kind: 'Pod', name: 'p' },
      },
      {
        type: 'Warning',
        reason: 'BackOff',
        message: 'again',
        count: 7,
        lastTimestamp: '2026-11-22T09:59:00Z',
        involvedObject: { kind: 'Pod', name: 'p' },
      },
    ];
    const lines = eventLines(events, '2026-11-22T10:00:00Z').map((l) => l.label);
    expect(lines[0]).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +COUNT +MESSAGE$/);
    expect(lines[1]).toMatch(/^1m +Warning +BackOff +Pod\/p +7 +again$/);
    expect(lines[2]).toMatch(/^1h +Normal +Old/);
    expect(eventLines([], '2026-11-22T10:00:00Z').map((l) => l.label)).toEqual([
      'No events about this object.',
    ]);
  });
});

describe('small helpers', () => {
  it('ages and cells', () => {
    expect([0, 42_000, 37 * 60_000, 3 * 3_600_000 + 5 * 60_000, 50 * 3_600_000].map(compactAge)).toEqual([
      '0s',
      '42s',
      '37m',
      '3h5m',
      '2d2h',
    ]);
    expect(compactAge(undefined)).toBe('-');
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4, 'right')).toBe('  ab');
  });

  it('table columns fit the width, the message taking what is left', () => {
    const columns = [
      { id: 'a', title: 'NAME', text: (r: string) => r },
      { id: 'b', title: 'MESSAGE', text: (r: string) => r, flex: true },
    ];
    expect(layoutColumns(columns, ['short', 'a-longer-name'], 40)).toEqual([13, 26]);
    const narrow = layoutColumns(columns, ['x'.repeat(60)], 30);
    expect(narrow.reduce((a, b) => a + b, 0) + 1).toBeLessThanOrEqual(30);
  });

  it('versions come from the FluxInstance and the Argo CD image', () => {
    expect(versionsSeen(twoLayerPlatform().objects)).toEqual({ flux: 'v2.9.1', argo: 'v3.2.1' });
    expect(versionsSeen([])).toEqual({});
  });
});
