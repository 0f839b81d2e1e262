/**
 * A stand-in for headlamp-server, enough for the plugin's pages: serves the test host page
 * (Headlamp's shell from the SDK's lib), the plugin's built main.js under /plugins, `/config`
 * with one cluster, and proxies `/clusters/<name>/…` to the real API server with the admin
 * token, as headlamp-server does with its kubeconfig: requests, and websocket upgrades (watches
 * over `ApiProxy.stream`). It logs every proxied request, so tests can count what the page asks.
 * Loopback only.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize } from 'node:path';
import type { Duplex } from 'node:stream';

export interface HostServerOptions {
  /** dist-test-host of packages/headlamp-plugin. */
  readonly hostDir: string;
  /** The plugin folder holding main.js and package.json. */
  readonly pluginDir: string;
  readonly cluster: {
    readonly name: string;
    readonly server: string;
    readonly token: string;
    readonly ca: string;
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** One request proxied to the API server: `WATCH` for a websocket upgrade. */
export interface ProxiedRequest {
  readonly at: number;
  readonly method: string;
  /** The API path with its query. */
  readonly path: string;
  /** Bytes of the answer so far (a watch's grow while it is open). */
  bytes: number;
}

async function sendFile(res: ServerResponse, path: string): Promise<void> {
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

function proxy(
  req: IncomingMessage,
  res: ServerResponse,
  options: HostServerOptions,
  path: string,
  logged: ProxiedRequest,
): void {
  const target = new URL(path, options.cluster.server);
  const headers = { ...req.headers, host: target.host, authorization: `Bearer ${options.cluster.token}` };
  delete headers.cookie;
  const upstream = httpsRequest(target, { method: req.method, headers, ca: options.cluster.ca }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.on('data', (chunk: Buffer) => {
      logged.bytes += chunk.length;
    });
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  });
  req.pipe(upstream);
}

/**
 * A websocket upgrade passed on to the API server (its watch speaks websocket too), bytes piped
 * both ways once it answers 101. Only the first subprotocol is offered, as the API server's
 * websocket handshake accepts one; Headlamp's own authorization subprotocol is headlamp-server's.
 */
function proxyUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  options: HostServerOptions,
  path: string,
  logged: ProxiedRequest,
): void {
  const target = new URL(path, options.cluster.server);
  const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const headers: Record<string, string | string[] | undefined> = {
    ...req.headers,
    host: target.host,
    authorization: `Bearer ${options.cluster.token}`,
  };
  delete headers.cookie;
  if (protocols.length > 0) headers['sec-websocket-protocol'] = protocols[0];
  const upstream = httpsRequest(target, { method: 'GET', headers, ca: options.cluster.ca });
  upstream.on('upgrade', (answer, upstreamSocket, upstreamHead) => {
    const lines = [`HTTP/1.1 ${answer.statusCode ?? 101} ${answer.statusMessage ?? 'Switching Protocols'}`];
    for (let i = 0; i < answer.rawHeaders.length; i += 2)
      lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (upstreamHead.length > 0) socket.write(upstreamHead);
    if (head.length > 0) upstreamSocket.write(head);
    upstreamSocket.on('data', (chunk: Buffer) => {
      logged.bytes += chunk.length;
    });
    upstreamSocket.pipe(socket).pipe(upstreamSocket);
    const close = () => {
      upstreamSocket.destroy();
      socket.destroy();
    };
    upstreamSocket.on('error', close);
    socket.on('error', close);
    upstreamSocket.on('close', close);
    socket.on('close', close);
  });
  upstream.on('response', (answer) => {
    // Refused before the upgrade (403, 404…): the status goes back and the socket closes.
    socket.end(
      `HTTP/1.1 ${answer.statusCode ?? 502} ${answer.statusMessage ?? ''}\r\nconnection: close\r\n\r\n`,
    );
    answer.resume();
  });
  upstream.on('error', () => socket.destroy());
  upstream.end();
}

export async function startHostServer(
  options: HostServerOptions,
): Promise<{ url: string; requests: ProxiedRequest[]; close(): Promise<void> }> {
  const prefix = `/clusters/${options.cluster.name}`;
  const requests: ProxiedRequest[] = [];
  /** Upgraded sockets: closeAllConnections does not end them. */
  const upgraded = new Set<Duplex>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(`${prefix}/`)) {
      const apiPath = path.slice(prefix.length) + url.search;
      const logged: ProxiedRequest = { at: Date.now(), method: req.method ?? 'GET', path: apiPath, bytes: 0 };
      requests.push(logged);
      return proxy(req, res, options, apiPath, logged);
    }
    if (path === '/config') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(
        JSON.stringify({ clusters: [{ name: options.cluster.name, server: options.cluster.server }] }),
      );
    }
    if (path === '/plugins') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify([{ path: 'plugins/strata' }]));
    }
    if (path.startsWith('/plugins/strata/')) {
      return void sendFile(res, join(options.pluginDir, normalize(path.slice('/plugins/strata/'.length))));
    }
    if (path.startsWith('/assets/')) return void sendFile(res, join(options.hostDir, normalize(path)));
    if (path.startsWith('/clusters/')) return void res.writeHead(404).end();
    // Every other path is a page of the single-page app.
    return void sendFile(res, join(options.hostDir, 'index.html'));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(`${prefix}/`)) return void socket.destroy();
    const apiPath = url.pathname.slice(prefix.length) + url.search;
    const logged: ProxiedRequest = { at: Date.now(), method: 'WATCH', path: apiPath, bytes: 0 };
    requests.push(logged);
    upgraded.add(socket);
    socket.on('close', () => upgraded.delete(socket));
    proxyUpgrade(req, socket, head, options, apiPath, logged);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
