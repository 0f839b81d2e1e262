/**
 * `strata report` against a real API server: the two-layer fixture seeded as controllers would
 * have written it must give the same diagnosis as `diagnose()` of the fixture itself, and every
 * way of not getting there must be one line on stderr with exit status 2.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose, type Report } from '@strata/core';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type Cluster, freePort, startCluster } from '../cluster/harness.ts';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_MS, strata } from './support.ts';

const { objects, at } = twoLayerPlatform();
const expected = diagnose(objects, { at });

let cluster: Cluster;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-adapter-report-'));
  cluster = await startCluster();
  await seed(cluster, objects);
}, CLUSTER_START_MS);

afterAll(async () => {
  await cluster?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function kubeconfig(o: { server: string; ca?: string; token: string; context?: string; namespace?: string }) {
  const context = o.context ?? 'test';
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'c',
        cluster: {
          server: o.server,
          ...(o.ca === undefined
            ? {}
            : { 'certificate-authority-data': Buffer.from(o.ca).toString('base64') }),
        },
      },
    ],
    users: [{ name: 'u', user: { token: o.token } }],
    contexts: [
      {
        name: context,
        context: { cluster: 'c', user: 'u', ...(o.namespace ? { namespace: o.namespace } : {}) },
      },
    ],
    'current-context': context,
  });
}

async function writeConfig(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text, { mode: 0o600 });
  return path;
}

describe('strata report against a cluster', () => {
  it('diagnoses the seeded two-layer platform as diagnose() does the fixture', async () => {
    const result = await strata([
      'report',
      '--output',
      'json',
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--at',
      at,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.rootCauses.map((r) => r.ref)).toEqual(expected.rootCauses.map((r) => r.ref));
    expect(report.rootCauses.map((r) => r.impacted)).toEqual(expected.rootCauses.map((r) => r.impacted));
    expect(report.rootCauses.map((r) => [r.state, r.reason])).toEqual(
      expected.rootCauses.map((r) => [r.state, r.reason]),
    );
    // §7 evidence came from ReplicaSets and Pods fetched for the failing roots.
    expect(
      report.rootCauses.map((r) => r.evidence.map((e) => [e.kind, e.namespace, e.name, e.state])),
    ).toEqual(expected.rootCauses.map((r) => r.evidence.map((e) => [e.kind, e.namespace, e.name, e.state])));
    expect(report.summary).toEqual(expected.summary);
    expect(report.objects.map((o) => [o.ref, o.state, o.layer, o.rootCauses])).toEqual(
      expected.objects.map((o) => [o.ref, o.state, o.layer, o.rootCauses]),
    );
  });

  it('prints the same root causes as text, from KUBECONFIG and its current context', async () => {
    const result = await strata(['report', '--at', at], {
      KUBECONFIG: `/nonexistent/a:${cluster.kubeconfigPath}`,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    for (const root of expected.rootCauses) {
      expect(result.stdout).toContain(`${root.ref.kind}/${root.ref.namespace}/${root.ref.name}`);
    }
  });

  it('reads one namespace with -n', async () => {
    const result = await strata([
      'report',
      '-o',
      'json',
      '-n',
      'flux-system',
      '--kubeconfig',
      cluster.kubeconfigPath,
      '--at',
      at,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('strata: note: only namespace flux-system is read (-n)\n');
    const report = JSON.parse(result.stdout) as Report;
    expect(report.objects.length).toBeGreaterThan(10);
    expect(report.objects.every((o) => o.ref.namespace === 'flux-system')).toBe(true);
    expect(report.rootCauses[0]?.ref).toEqual({
      kind: 'HelmRelease',
      namespace: 'flux-system',
      name: 'cert-manager',
    });
  });

  it('says in one line, exit 2, that a namespace given with -n does not exist', async () => {
    const result = await strata(['report', '-n', 'nosuchns', '--kubeconfig', cluster.kubeconfigPath]);
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `strata: namespace nosuchns does not exist on context ${cluster.context} (kubectl get namespaces lists them)\n`,
    });
  });

  it('chooses the context with --context', async () => {
    const path = await cluster.writeKubeconfig({ path: join(dir, 'two-contexts'), context: 'other' });
    const result = await strata([
      'report',
      '-o',
      'json',
      '--kubeconfig',
      path,
      '--context',
      'other',
      '--at',
      at,
    ]);
    expect(result.code).toBe(1);
    const missing = await strata(['report', '--kubeconfig', path, '--context', 'prod']);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: `strata: context prod is not defined in ${path} (it has other)\n`,
    });
  });

  it('says in one line that the server cannot be reached', async () => {
    const port = await freePort();
    const path = await writeConfig(
      'closed',
      kubeconfig({ server: `https://127.0.0.1:${port}`, ca: cluster.ca, token: 't' }),
    );
    const result = await strata(['report', '--kubeconfig', path]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `strata: cannot reach https://127.0.0.1:${port}: connection refused (context test)\n`,
    });
  });

  it('says in one line that the credentials were rejected, without printing them', async () => {
    const token = 'not-a-valid-token-0123456789';
    const path = await writeConfig(
      'bad-token',
      kubeconfig({ server: cluster.server, ca: cluster.ca, token }),
    );
    const result = await strata(['report', '--kubeconfig', path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `strata: ${cluster.server} rejected the credentials of user u (context test): 401 Unauthorized; they are missing, expired or invalid: log in again or refresh the kubeconfig\n`,
    );
    expect(result.stderr).not.toContain(token);
  });

  it('says in one line that the server certificate is not trusted', async () => {
    const path = await writeConfig(
      'no-ca',
      kubeconfig({ server: cluster.server, token: cluster.adminToken }),
    );
    const result = await strata(['report', '--kubeconfig', path]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^strata: TLS error talking to https:\/\/127\.0\.0\.1:\d+: the server's certificate is not signed by a trusted authority \([A-Z_]+\); check certificate-authority-data in the kubeconfig \(context test\)\n$/,
    );
    expect(result.stderr).not.toContain(cluster.adminToken);
  });

  it('gives up after --request-timeout on a server that accepts but never answers', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const path = await writeConfig(
        'silent',
        kubeconfig({ server: `https://127.0.0.1:${port}`, ca: cluster.ca, token: 't' }),
      );
      const result = await strata(['report', '--kubeconfig', path, '--request-timeout', '1s']);
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: `strata: https://127.0.0.1:${port} did not answer within 1s (see --request-timeout) (context test)\n`,
      });
    } finally {
      silent.close();
    }
  });
});

describe('strata report on clusters with one tool or none', () => {
  it.each([
    [
      'Flux only',
      'flux',
      'Argo CD is not installed (the server serves none of its kinds): showing Flux only',
    ],
    [
      'Argo CD only',
      'argo',
      'Flux is not installed (the server serves none of its kinds): showing Argo CD only',
    ],
    ['neither', 'none', 'neither Flux nor Argo CD is installed: the server serves none of their kinds'],
  ] as const)(
    'works on a cluster with %s and says so',
    async (_name, tool, note) => {
      const { crdFor } = await import('../cluster/crds.ts');
      const { GITOPS_KINDS } = await import('@strata/core');
      const crds = GITOPS_KINDS.filter((k) => k.tool === tool).map(crdFor);
      const small = await startCluster({ crds: crds.length === 0 ? false : crds });
      try {
        const kinds = new Set(GITOPS_KINDS.filter((k) => k.tool === tool).map((k) => k.kind as string));
        const subset = objects.filter((o) => {
          const kind = (o as { kind: string }).kind;
          const gitops = GITOPS_KINDS.some((k) => k.kind === kind);
          return !gitops || kinds.has(kind);
        });
        await seed(small, subset);
        const result = await strata([
          'report',
          '-o',
          'json',
          '--kubeconfig',
          small.kubeconfigPath,
          '--at',
          at,
        ]);
        expect(result.stderr).toBe(`strata: note: ${note}\n`);
        const report = JSON.parse(result.stdout) as Report;
        const alone = diagnose(subset, { at });
        expect(report.rootCauses.map((r) => r.ref)).toEqual(alone.rootCauses.map((r) => r.ref));
        expect(report.summary).toEqual(alone.summary);
        expect(result.code).toBe(alone.rootCauses.length === 0 ? 0 : 1);
      } finally {
        await small.stop();
      }
    },
    CLUSTER_START_MS,
  );
});
