import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeApiError, TransportError } from './errors.ts';
import { oneContextTransport } from './one-context-kubeconfig.test-support.ts';
import { type RawWatchEvent, requestOk } from './transport.ts';

let dir = '';
let server: Server;
let base = '';
const seen: {
  url: string;
  authorization: string | undefined;
  impersonate: string | string[] | undefined;
  contentType: string | undefined;
  body: string;
}[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  let body = '';
  req.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  req.on('end', () => {
    seen.push({
      url: req.url ?? '',
      authorization: req.headers.authorization,
      impersonate: req.headers['impersonate-user'],
      contentType: req.headers['content-type'],
      body,
    });
    const url = new URL(req.url ?? '/', 'http://x');
    if (
      req.headers.authorization !== 'Bearer good-token' &&
      req.headers.authorization !== 'Bearer from-plugin'
    ) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        }),
      );
      return;
    }
    if (url.pathname === '/prefix/apis') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ kind: 'APIGroupList', groups: [] }));
      return;
    }
    if (url.pathname.endsWith('/gone') && url.searchParams.get('watch') === 'true') {
      res.writeHead(410, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ kind: 'Status', reason: 'Expired', message: 'too old resource version', code: 410 }),
      );
      return;
    }
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
      const lines = [
        { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '5' } } },
        { type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n');
      // Split mid-line, to check lines are joined across chunks.
      res.write(lines.slice(0, 17));
      setTimeout(() => {
        res.write(lines.slice(17));
        res.end('\n');
      }, 20);
      return;
    }
    if (url.pathname.endsWith('/hang')) return; // never answers
    if (url.pathname.endsWith('/log') && url.searchParams.get('follow') === 'true') {
      // A container writing a line every 20 ms, the last one split across two chunks.
      res.writeHead(200, { 'content-type': 'text/plain', 'transfer-encoding': 'chunked' });
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        if (n <= 3) res.write(`line ${n}\r\n`);
        else if (n === 4) res.write('li');
        else {
          clearInterval(timer);
          res.end('ne 4\n');
        }
      }, 20);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (url.pathname.endsWith('/log')) {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-accept': req.headers.accept ?? '' });
      res.end('{"level":"info","msg":"a JSON line"}\n'.repeat(Number(url.searchParams.get('n') ?? 1)));
      return;
    }
    if (url.pathname.endsWith('/text')) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('upstream connect error\nmore');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, echo: body === '' ? null : JSON.parse(body) }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-transport-'));
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prefix`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function transportFor(
  user: Record<string, unknown>,
  serverUrl = base,
  timeoutMs?: number,
  cluster: Record<string, unknown> = {},
) {
  return oneContextTransport(dir, serverUrl, cluster, user, timeoutMs);
}

async function collect(stream: AsyncIterable<RawWatchEvent>): Promise<RawWatchEvent[]> {
  const events: RawWatchEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('HttpsTransport', () => {
  it('sends the token, keeps the server path prefix, and parses JSON', async () => {
    const transport = await transportFor({ token: 'good-token' });
    expect(await requestOk(transport, { method: 'GET', path: '/apis' })).toEqual({
      kind: 'APIGroupList',
      groups: [],
    });
    expect(seen.at(-1)).toMatchObject({ url: '/prefix/apis', authorization: 'Bearer good-token' });
  });

  it('sends merge patches with their content type', async () => {
    const transport = await transportFor({ token: 'good-token' });
    const response = await transport.request({
      method: 'PATCH',
      path: '/apis/g/v1/namespaces/n/things/x',
      body: { metadata: { annotations: { a: 'b' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(response).toEqual({
      status: 200,
      body: { method: 'PATCH', echo: { metadata: { annotations: { a: 'b' } } } },
    });
    expect(seen.at(-1)?.contentType).toBe('application/merge-patch+json');
  });

  // Starts a Node process as the plugin, which takes seconds on a busy machine.
  it('gets a token from an exec credential plugin', { timeout: 60_000 }, async () => {
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'from-plugin' },
    });
    const transport = await transportFor({
      exec: {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: process.execPath,
        args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
      },
    });
    expect((await transport.request({ method: 'GET', path: '/apis' })).status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe('Bearer from-plugin');
  });

  it('sends basic auth and the user to impersonate', async () => {
    const transport = await transportFor({ username: 'admin', password: 'hunter2', as: 'jane' });
    expect((await transport.request({ method: 'GET', path: '/apis' })).status).toBe(401);
    expect(seen.at(-1)).toMatchObject({
      authorization: `Basic ${Buffer.from('admin:hunter2').toString('base64')}`,
      impersonate: 'jane',
    });
  });

  it('goes through proxy-url, by client-node', async () => {
    // client-node's proxy agents tunnel with CONNECT, for http servers too.
    const tunnels: string[] = [];
    const proxy = createServer();
    proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      tunnels.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const transport = await transportFor({ token: 'good-token' }, base, undefined, {
        'proxy-url': proxyUrl,
      });
      expect(await requestOk(transport, { method: 'GET', path: '/apis' })).toEqual({
        kind: 'APIGroupList',
        groups: [],
      });
      expect(tunnels).toEqual([new URL(base).host]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('says in one line when an exec plugin fails or is not installed', async () => {
    const failing = await transportFor({
      exec: {
        command: process.execPath,
        args: ['-e', 'process.stderr.write("login required: run sso login\\n"); process.exit(1)'],
      },
    });
    await expect(failing.request({ method: 'GET', path: '/apis' })).rejects.toMatchObject({
      name: 'TransportError',
      failure: 'credentials',
      message: `the exec credential plugin ${process.execPath} of user me failed: login required: run sso login`,
    });
    const missing = await transportFor({ exec: { command: 'strata-no-such-credential-plugin' } });
    await expect(missing.request({ method: 'GET', path: '/apis' })).rejects.toMatchObject({
      failure: 'credentials',
      message:
        'the exec credential plugin strata-no-such-credential-plugin of user me could not be started (ENOENT): is it installed and on PATH?',
    });
  });

  it('returns error statuses with the server message; requestOk throws them', async () => {
    const transport = await transportFor({ token: 'expired' });
    expect(await transport.request({ method: 'GET', path: '/apis' })).toMatchObject({ status: 401 });
    const error = await requestOk(transport, { method: 'GET', path: '/apis' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect(error).toMatchObject({ status: 401, reason: 'Unauthorized', serverMessage: 'Unauthorized' });
    const good = await transportFor({ token: 'good-token' });
    const text = await requestOk(good, { method: 'GET', path: '/text' }).catch((e: unknown) => e);
    expect(text).toMatchObject({ status: 500, serverMessage: 'upstream connect error' });
  });

  it('returns a text answer as it is (log lines that look like JSON stay text), cut at maxBytes', async () => {
    const transport = await transportFor({ token: 'good-token' });
    const line = '{"level":"info","msg":"a JSON line"}\n';
    const one = await transport.request({
      method: 'GET',
      path: '/api/v1/namespaces/n/pods/p/log',
      accept: 'text/plain, */*',
      responseType: 'text',
    });
    expect(one).toEqual({ status: 200, body: line });
    const cut = await transport.request({
      method: 'GET',
      path: '/api/v1/namespaces/n/pods/p/log',
      query: { n: '5000' },
      responseType: 'text',
      maxBytes: 100,
    });
    expect(cut.body).toBe(line.repeat(5000).slice(0, 100));
    // JSON is still parsed when text is not asked for.
    const parsed = await transport.request({ method: 'GET', path: '/api/v1/namespaces/n/pods/p/log' });
    expect(parsed.body).toEqual({ level: 'info', msg: 'a JSON line' });
  });

  it('streams text lines as they are written (logs with follow=true), joined across chunks', async () => {
    const transport = await transportFor({ token: 'good-token' });
    const stream = await transport.lines({
      method: 'GET',
      path: '/api/v1/namespaces/n/pods/p/log',
      query: { follow: 'true' },
    });
    const lines: string[] = [];
    for await (const line of stream) lines.push(line);
    expect(lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
    const refused = transport.lines({ method: 'GET', path: '/apis/g/v1/text' });
    await expect(refused).rejects.toMatchObject({ status: 500 });
  });

  it('streams watch events split across chunks, with watch=true', async () => {
    const transport = await transportFor({ token: 'good-token' });
    const stream = await transport.watch({
      method: 'GET',
      path: '/apis/g/v1/things',
      query: { resourceVersion: '4', allowWatchBookmarks: 'true' },
    });
    expect(await collect(stream)).toEqual([
      { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '5' } } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '6' } } },
    ]);
    const url = new URL(seen.at(-1)?.url ?? '', 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      resourceVersion: '4',
      allowWatchBookmarks: 'true',
      watch: 'true',
    });
  });

  it('rejects a watch the server refuses with its status', async () => {
    const transport = await transportFor({ token: 'good-token' });
    await expect(transport.watch({ method: 'GET', path: '/apis/g/v1/gone' })).rejects.toMatchObject({
      status: 410,
      reason: 'Expired',
    });
  });

  it('says the server cannot be reached, and gives up after the timeout', async () => {
    const closed = createTcpServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await transportFor({ token: 'good-token' }, `https://127.0.0.1:${port}`);
    const error = await refused.request({ method: 'GET', path: '/apis' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({
      failure: 'unreachable',
      message: `cannot reach https://127.0.0.1:${port}: connection refused`,
    });

    const slow = await transportFor({ token: 'good-token' }, base, 200);
    await expect(slow.request({ method: 'GET', path: '/hang' })).rejects.toMatchObject({
      failure: 'timeout',
      message: `${base} did not answer within 200ms (see --request-timeout)`,
    });
  });

  it('stops a request when its signal is aborted', async () => {
    const transport = await transportFor({ token: 'good-token' });
    const controller = new AbortController();
    const pending = transport.request({ method: 'GET', path: '/hang', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
