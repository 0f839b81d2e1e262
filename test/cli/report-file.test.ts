import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { diagnose, type Report } from '@strata/core';
import { conditionFalse, fluxKustomization, gitRepository } from '@strata/core/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `strata report --file` run exactly as `pnpm strata` runs it: node resolving workspace packages to
// their TypeScript source, through tsx, from the workspace root.
const ROOT = resolve(import.meta.dirname, '../..');
const BIN = 'packages/tui/src/bin/strata.ts';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function strata(...args: string[]): Promise<Run> {
  return strataWith({}, ...args);
}

function strataWith(options: { maxBuffer?: number }, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.FORCE_COLOR;
    execFile(
      process.execPath,
      ['--conditions=@strata/source', '--import', 'tsx', BIN, ...args],
      { cwd: ROOT, env, timeout: 50_000, ...options },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ code, stdout, stderr });
      },
    );
  });
}

function ready(status: string, reason: string, message: string): string {
  return `status:
  observedGeneration: 1
  conditions:
  - type: Ready
    status: "${status}"
    reason: ${reason}
    message: "${message}"
    lastTransitionTime: "2026-11-22T09:40:00Z"
`;
}

// A source that cannot be fetched, the Kustomization built from it, and one that depends on that.
const CASCADE = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: platform, namespace: flux-system, generation: 1}
spec: {url: "ssh://git@example.com/platform", interval: 1m, ref: {branch: main}}
${ready('False', 'GitOperationFailed', "failed to checkout and determine revision: unable to clone 'ssh://git@example.com/platform': ssh: handshake failed: knownhosts: key mismatch")}---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: infrastructure, namespace: flux-system, generation: 1}
spec:
  interval: 10m
  path: ./infrastructure
  prune: true
  sourceRef: {kind: GitRepository, name: platform}
${ready('False', 'ArtifactFailed', 'Source artifact not found, retrying in 30s')}---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system, generation: 1}
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef: {kind: GitRepository, name: platform}
  dependsOn:
  - name: infrastructure
${ready('False', 'DependencyNotReady', "dependency 'flux-system/infrastructure' is not ready")}`;

// Contract v3: an Argo CD Application that applies a failing HelmRelease (E8, R9), a release
// progressing behind it (R10), a PersistentVolumeClaim of the release whose Warning event says
// why it is pending, and a tracking id naming an Application that is not in the file.
const ARGO_TO_FLUX = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: postgres
  namespace: db
  generation: 1
  annotations: {argocd.argoproj.io/tracking-id: "platform:helm.toolkit.fluxcd.io/HelmRelease:db/postgres"}
spec: {interval: 10m, chartRef: {kind: OCIRepository, name: postgres}}
${ready('False', 'InstallFailed', 'Helm install failed for release db/postgres with chart postgresql@16.1.0: context deadline exceeded')}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: api, namespace: db, generation: 1}
spec: {interval: 10m, chartRef: {kind: OCIRepository, name: postgres}, dependsOn: [{name: postgres}]}
status:
  observedGeneration: 1
  conditions:
  - {type: Ready, status: Unknown, reason: Progressing, message: Fulfilling prerequisites, lastTransitionTime: "2026-11-22T09:58:00Z"}
  - {type: Reconciling, status: "True", reason: Progressing, message: Fulfilling prerequisites, lastTransitionTime: "2026-11-22T09:58:00Z"}
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata: {name: postgres, namespace: db, generation: 1}
spec: {url: "oci://registry.example.com/charts/postgresql", interval: 5m}
${ready('True', 'Succeeded', 'stored artifact for digest sha256:1')}---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: platform, namespace: argocd}
spec: {project: default, destination: {server: "https://kubernetes.default.svc", namespace: db}}
status:
  health: {status: Degraded, lastTransitionTime: "2026-11-22T09:41:00Z"}
  sync: {status: Synced}
---
apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: default, namespace: argocd}
spec: {}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data-postgres-0
  namespace: db
  uid: pvc-1
  labels: {helm.toolkit.fluxcd.io/name: postgres, helm.toolkit.fluxcd.io/namespace: db}
spec: {storageClassName: fast-nvme}
status: {phase: Pending}
---
apiVersion: v1
kind: Event
metadata: {name: data-postgres-0.1, namespace: db}
type: Warning
reason: ProvisioningFailed
message: 'storageclass.storage.k8s.io "fast-nvme" not found'
count: 12
lastTimestamp: "2026-11-22T09:58:00Z"
involvedObject: {kind: PersistentVolumeClaim, namespace: db, name: data-postgres-0, uid: pvc-1}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: leftover
  namespace: db
  annotations: {argocd.argoproj.io/tracking-id: "retired:/ConfigMap:db/leftover"}
data: {}
`;

let dir = '';
let cluster = '';
let argoToFlux = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-report-'));
  cluster = join(dir, 'cluster.yaml');
  await writeFile(cluster, CASCADE);
  argoToFlux = join(dir, 'argo-to-flux.yaml');
  await writeFile(argoToFlux, ARGO_TO_FLUX);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `strata report --file FILE --output json` at the fixtures' time: roots found (exit 1), nothing on stderr. */
async function jsonReportOf(file: string): Promise<Report> {
  const result = await strata('report', '--file', file, '--output', 'json', '--at', '2026-11-22T10:00:00Z');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(1);
  return JSON.parse(result.stdout) as Report;
}

describe('strata report --file', () => {
  it('finds the GitRepository behind both Kustomizations and exits 1', async () => {
    const report = await jsonReportOf(cluster);
    expect(report.at).toBe('2026-11-22T10:00:00Z');
    const [first] = report.rootCauses;
    expect(first?.ref).toEqual({ kind: 'GitRepository', namespace: 'flux-system', name: 'platform' });
    expect(first?.impacted).toEqual(
      expect.arrayContaining([
        { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
        { kind: 'Kustomization', namespace: 'flux-system', name: 'infrastructure' },
      ]),
    );
  });

  it('names the GitRepository in the text report', async () => {
    const result = await strata('report', '-f', cluster, '--at', '2026-11-22T10:00:00Z');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('GitRepository/flux-system/platform');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('writes a large JSON report through the pipe byte for byte as JSON.stringify(report, null, 2)', async () => {
    // A chain of 3,000 Kustomizations behind one failure: a report of a few MB, many times the
    // pipe's buffer, so the writer waits for it to drain.
    const at = '2026-11-22T10:00:00Z';
    const since = '2026-11-22T09:50:00Z';
    const items = [
      gitRepository({ name: 'flux-system', url: 'https://example.com/p.git', ready: { since } }),
    ];
    for (let i = 0; i < 3000; i++) {
      const before = `chain-${i - 1}`;
      const ready =
        i === 0
          ? conditionFalse('HealthCheckFailed', 'health check failed after 5m0s', since)
          : conditionFalse('DependencyNotReady', `dependency 'flux-system/${before}' is not ready`, since);
      items.push(
        fluxKustomization({ name: `chain-${i}`, path: `./${i}`, dependsOn: i === 0 ? [] : [before], ready }),
      );
    }
    const file = join(dir, 'chain.json');
    await writeFile(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    const result = await strataWith(
      { maxBuffer: 512 * 2 ** 20 },
      'report',
      '-f',
      file,
      '-o',
      'json',
      '--at',
      at,
    );
    expect(result.stderr).toBe('');
    const expected = `${JSON.stringify(diagnose(items, { at }), null, 2)}\n`;
    expect(expected.length).toBeGreaterThan(1_000_000);
    expect(result.stdout.length).toBe(expected.length);
    expect(result.stdout === expected).toBe(true);
  });

  it('exits 2 with one line on stderr for a missing file', async () => {
    const result = await strata('report', '--file', 'no-such-cluster.yaml');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('strata: no-such-cluster.yaml: no such file\n');
  });

  it('(v3) explains an Application by the failing HelmRelease it applies, and a release progressing behind it', async () => {
    const report = await jsonReportOf(argoToFlux);
    expect(report.apiVersion).toBe('strata/v1');
    expect(report.rootCauses.map((r) => `${r.ref.kind}/${r.ref.namespace}/${r.ref.name}`)).toEqual([
      'HelmRelease/db/postgres',
    ]);
    expect(report.rootCauses[0]?.impacted.map((r) => r.name)).toEqual(['platform', 'api']);
    const postgres = report.objects.find((o) => o.ref.name === 'postgres' && o.ref.kind === 'HelmRelease');
    expect(postgres).toMatchObject({ ready: false, layer: 'argo' });
    expect(postgres?.blocks.map((r) => `${r.kind}/${r.name}`)).toEqual([
      'Application/platform',
      'HelmRelease/api',
    ]);
    expect(report.warnings.map((w) => `${w.type} ${w.ref.kind}/${w.ref.namespace}/${w.ref.name}`)).toEqual([
      'orphaned-tracking Application/argocd/retired',
    ]);
    expect(report.conflicts).toEqual([]);
  });

  it('(v3) prints the newest Warning event of an evidence item in the text report', async () => {
    const result = await strata('report', '--file', argoToFlux, '--at', '2026-11-22T10:00:00Z');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('PersistentVolumeClaim/db/data-postgres-0');
    expect(result.stdout).toContain(
      '⚠ ProvisioningFailed ×12 (2m ago): storageclass.storage.k8s.io "fast-nvme" not found',
    );
  });
});
