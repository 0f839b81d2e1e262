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

let dir = '';
let cluster = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-report-'));
  cluster = join(dir, 'cluster.yaml');
  await writeFile(cluster, CASCADE);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('strata report --file', () => {
  it('finds the GitRepository behind both Kustomizations and exits 1', async () => {
    const result = await strata(
      'report',
      '--file',
      cluster,
      '--output',
      'json',
      '--at',
      '2026-11-22T10:00:00Z',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
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
});
