import { describe, expect, it } from 'vitest';
import { ClusterSource } from './cluster-source.ts';
import { TransportError } from './errors.ts';
import { FAKE_KUBECONFIG, FakeApi, forbidden } from './fake-transport.test-support.ts';
import { DEFAULT_LIMIT_BYTES, fetchLogs, splitLogLines } from './logs.ts';
import type { KubeRequest, KubeResponse } from './transport.ts';

const POD = { kind: 'Pod', namespace: 'shop', name: 'api-7d9c-x2x4q' };
const LOG_PATH = '/api/v1/namespaces/shop/pods/api-7d9c-x2x4q/log';

function status(code: number, reason: string, message: string): KubeResponse {
  return {
    status: code,
    body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message, code },
  };
}

/** A fake API whose log endpoint answers with `answer` and records what it was asked. */
function logsApi(answer: (request: KubeRequest) => KubeResponse | Error): FakeApi {
  const api = new FakeApi();
  api.intercept = (request) => (request.path.endsWith('/log') ? answer(request) : undefined);
  return api;
}

describe('fetchLogs', () => {
  it('GETs pods/log as text with the container, previous, tailLines and a byte limit', async () => {
    const text = '{"level":"info","msg":"starting"}\nplain line\n\n{"level":"fatal","msg":"boom"}\n';
    const api = logsApi(() => ({ status: 200, body: text }));
    const result = await fetchLogs(api, POD, { container: 'api', previous: true, tailLines: 50 });
    expect(result).toEqual({
      ok: true,
      lines: ['{"level":"info","msg":"starting"}', 'plain line', '', '{"level":"fatal","msg":"boom"}'],
      container: 'api',
      previous: true,
      truncated: false,
    });
    const request = api.requests.at(-1)!;
    expect(request).toMatchObject({ method: 'GET', path: LOG_PATH, responseType: 'text' });
    expect(request.accept).toMatch(/^text\/plain/);
    expect(request.query).toEqual({
      container: 'api',
      previous: 'true',
      tailLines: '50',
      limitBytes: String(DEFAULT_LIMIT_BYTES),
    });
    expect(request.maxBytes).toBe(DEFAULT_LIMIT_BYTES);
  });

  it('asks for the last 100 lines of the current instance by default, and says when output hit the limit', async () => {
    const api = logsApi(() => ({ status: 200, body: 'x'.repeat(64) }));
    const result = await fetchLogs(api, POD, { limitBytes: 64 });
    expect(result).toMatchObject({ ok: true, container: '', previous: false, truncated: true });
    expect(api.requests.at(-1)?.query).toEqual({ tailLines: '100', limitBytes: '64' });
  });

  it('says forbidden in one line, in the server’s words without the repetition', async () => {
    const api = logsApi(() =>
      forbidden(
        'pods "api-7d9c-x2x4q" is forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "shop"',
      ),
    );
    expect(await fetchLogs(api, POD, { container: 'api' })).toEqual({
      ok: false,
      error: 'forbidden: User "dev" cannot get resource "pods/log" in API group "" in the namespace "shop"',
      container: 'api',
      previous: false,
    });
  });

  it('says there is no previous container when the kubelet has none', async () => {
    const api = logsApi(() =>
      status(400, 'BadRequest', 'previous terminated container "api" in pod "api-7d9c-x2x4q" not found'),
    );
    const result = await fetchLogs(api, POD, { container: 'api', previous: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBe(
      'no previous container: container api of Pod shop/api-7d9c-x2x4q has not restarted, there are no earlier logs (previous terminated container "api" in pod "api-7d9c-x2x4q" not found)',
    );
  });

  it('passes other refusals on as the server says them, one line', async () => {
    const waiting = logsApi(() =>
      status(
        400,
        'BadRequest',
        'container "api" in pod "api-7d9c-x2x4q" is waiting to start: trying and failing to pull image',
      ),
    );
    expect(await fetchLogs(waiting, POD)).toMatchObject({
      ok: false,
      error: 'container "api" in pod "api-7d9c-x2x4q" is waiting to start: trying and failing to pull image',
    });
    const gone = logsApi(() => status(404, 'NotFound', 'pods "api-7d9c-x2x4q" not found'));
    expect(await fetchLogs(gone, POD)).toMatchObject({
      ok: false,
      error: 'Pod shop/api-7d9c-x2x4q is gone: pods "api-7d9c-x2x4q" not found',
    });
    // No Node object for the Pod's node (no kubelet to ask): the API server says "pods" not found.
    const noNode = logsApi(() => status(404, 'NotFound', 'pods "worker-1" not found'));
    expect(await fetchLogs(noNode, POD)).toMatchObject({
      ok: false,
      error:
        'the API server cannot reach the kubelet of node worker-1 to read the logs (it answered: pods "worker-1" not found)',
    });
    const text = logsApi(() => ({
      status: 500,
      body: 'Get "https://10.0.0.7:10250/containerLogs": EOF\nmore',
    }));
    expect(await fetchLogs(text, POD)).toMatchObject({
      ok: false,
      error: 'Get "https://10.0.0.7:10250/containerLogs": EOF',
    });
    const down = logsApi(
      () => new TransportError('unreachable', 'cannot reach https://k8s:6443: connection refused'),
    );
    expect(await fetchLogs(down, POD)).toMatchObject({
      ok: false,
      error: 'cannot reach https://k8s:6443: connection refused',
    });
  });

  it('reads logs of Pods only', async () => {
    const api = logsApi(() => ({ status: 200, body: '' }));
    expect(await fetchLogs(api, { kind: 'Deployment', namespace: 'shop', name: 'api' })).toMatchObject({
      ok: false,
      error: 'logs are read from Pods; Deployment/api is not one',
    });
    expect(api.requests).toEqual([]);
  });

  it('splits lines, CRLF included, without a trailing empty one', () => {
    expect(splitLogLines('')).toEqual([]);
    expect(splitLogLines('a\r\nb\n')).toEqual(['a', 'b']);
    expect(splitLogLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
});

describe('ClusterSource.fetchLogs', () => {
  async function source(api: FakeApi): Promise<ClusterSource> {
    api.discovery.set('/apis', { kind: 'APIGroupList', groups: [] });
    return ClusterSource.connect({ kubeconfig: FAKE_KUBECONFIG, transport: api });
  }

  const crashing = {
    metadata: { name: 'api-7d9c-x2x4q', namespace: 'shop' },
    spec: { containers: [{ name: 'proxy' }, { name: 'api' }] },
    status: {
      containerStatuses: [
        { name: 'proxy', restartCount: 0, state: { running: {} } },
        {
          name: 'api',
          restartCount: 3,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { reason: 'Error', exitCode: 1 } },
        },
      ],
    },
  };

  it('picks the crashing container and its previous instance from the Pod in the model', async () => {
    const api = logsApi(() => ({ status: 200, body: 'panic: no config\n' }));
    const cluster = await source(api);
    cluster.model.upsert({ apiVersion: 'v1', kind: 'Pod', ...crashing });
    const result = await cluster.fetchLogs(POD);
    expect(result).toMatchObject({ ok: true, container: 'api', previous: true, lines: ['panic: no config'] });
    // The model had it: no GET of the Pod.
    expect(api.requests.map((r) => r.path)).toEqual(['/apis', LOG_PATH]);
  });

  it('reads the Pod once when the model does not hold it; what is asked for wins', async () => {
    const api = logsApi(() => ({ status: 200, body: 'ok\n' }));
    api.put('/api/v1/pods', crashing);
    const cluster = await source(api);
    expect(await cluster.fetchLogs(POD)).toMatchObject({ ok: true, container: 'api', previous: true });
    expect(api.requests.map((r) => r.path)).toContain('/api/v1/namespaces/shop/pods/api-7d9c-x2x4q');
    expect(await cluster.fetchLogs(POD, { container: 'proxy' })).toMatchObject({
      container: 'proxy',
      previous: false,
    });
    expect(await cluster.fetchLogs(POD, { container: 'api', previous: false })).toMatchObject({
      container: 'api',
      previous: false,
    });
  });

  it('lets the server pick when the Pod cannot be read', async () => {
    const api = new FakeApi();
    api.intercept = (request) =>
      request.path.endsWith('/log')
        ? { status: 200, body: 'only container\n' }
        : request.path.includes('/pods/')
          ? forbidden('pods "api-7d9c-x2x4q" is forbidden: User "dev" cannot get resource "pods"')
          : undefined;
    const cluster = await source(api);
    expect(await cluster.fetchLogs(POD)).toMatchObject({ ok: true, container: '', previous: false });
    expect(api.requests.at(-1)?.query).toEqual({ tailLines: '100', limitBytes: String(DEFAULT_LIMIT_BYTES) });
  });
});
