import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GITOPS_KINDS } from '@strata/core';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeApi, writeFakeKubeconfig } from './fake-transport.test-support.ts';
import { clusterReport } from './report-from-cluster.ts';
import type { KubeRequest, KubeResponse, KubeTransport, RawWatchEvent } from './transport.ts';

const dir = mkdtempSync(join(tmpdir(), 'strata-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server that serves every GitOps kind (one version each) and lists nothing but empty lists. */
function everyKindServed(): FakeApi {
  const api = new FakeApi();
  const groups = new Map<string, { version: string; kinds: (typeof GITOPS_KINDS)[number][] }>();
  for (const kind of GITOPS_KINDS) {
    const version = kind.versions[0] as string;
    const group = groups.get(kind.group) ?? { version, kinds: [] };
    group.kinds.push(kind);
    groups.set(kind.group, group);
  }
  api.discovery.set('/apis', {
    kind: 'APIGroupList',
    groups: [...groups].map(([name, { version }]) => ({
      name,
      versions: [{ groupVersion: `${name}/${version}`, version }],
    })),
  });
  for (const [name, { version, kinds }] of groups)
    api.discovery.set(`/apis/${name}/${version}`, {
      kind: 'APIResourceList',
      groupVersion: `${name}/${version}`,
      resources: kinds.map((k) => ({
        name: k.plural,
        kind: k.kind,
        namespaced: true,
        verbs: ['get', 'list', 'watch'],
      })),
    });
  return api;
}

/** Counts the list requests in flight at once; each takes a little while to answer. */
class InFlight implements KubeTransport {
  now = 0;
  most = 0;
  private readonly api: FakeApi;
  constructor(api: FakeApi) {
    this.api = api;
  }
  async request(request: KubeRequest): Promise<KubeResponse> {
    if (request.query?.limit === undefined) return this.api.request(request);
    this.now += 1;
    this.most = Math.max(this.most, this.now);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return await this.api.request(request);
    } finally {
      this.now -= 1;
    }
  }
  watch(request: KubeRequest): Promise<AsyncIterable<RawWatchEvent>> {
    return this.api.watch(request);
  }
}

describe('clusterReport', () => {
  it('sends its lists at once, not a few at a time as a live view does', async () => {
    const kubeconfig = writeFakeKubeconfig(dir);
    const transport = new InFlight(everyKindServed());
    const result = await clusterReport({
      kubeconfig,
      at: '2026-11-22T10:00:00Z',
      env: {},
      cwd: dir,
      transport,
    });
    expect(result.ok).toBe(true);
    expect(GITOPS_KINDS.length).toBeGreaterThan(12);
    expect(transport.most).toBeGreaterThan(12);
  });
});
