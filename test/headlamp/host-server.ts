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

export interface HostServerOptions extends HostShell {
  readonly cluster: HostShell['cluster'] & { readonly token: string; readonly ca: string };
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

/** A body with its type and length. */
export function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function sendFile(res: ServerResponse, path: string): Promise<void> {
  try {
    send(res, 200, TYPES[extname(path)] ?? 'application/octet-stream', await readFile(path));
  } catch {
    res.writeHead(404).end();
  }
}

/** What the host page needs besides the cluster's API: where its files are, and the cluster it names. */
export interface HostShell {
  /** dist-test-host of packages/headlamp-plugin. */
  readonly hostDir: string;
  /** The plugin folder holding main.js and package.json. */
  readonly pluginDir: string;
  readonly cluster: { readonly name: string; readonly server: string };
}

/**
 * Answers a request for the host page itself, as headlamp-server does: `/config` with the one
 * cluster, `/plugins` and the plugin's files, the shell's assets, a 404 for any other cluster's
 * path, and the shell's index.html for every other path (a page of the single-page app).
 */
export function serveShell(res: ServerResponse, path: string, shell: HostShell): void {
  const { name, server } = shell.cluster;
  if (path === '/config')
    send(res, 200, 'application/json', JSON.stringify({ clusters: [{ name, server }] }));
  else if (path === '/plugins')
    send(res, 200, 'application/json', JSON.stringify([{ path: 'plugins/strata' }]));
  else if (path.startsWith('/plugins/strata/'))
    void sendFile(res, join(shell.pluginDir, normalize(path.slice('/plugins/strata/'.length))));
  else if (path.startsWith('/assets/')) void sendFile(res, join(shell.hostDir, normalize(path)));
  else if (path.startsWith('/clusters/')) res.writeHead(404).end();
  else void sendFile(res, join(shell.hostDir, 'index.html'));
}

/** Listens on a free loopback port; the server's URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return `http://127.0.0.1:${port}`;
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
    return serveShell(res, path, options);
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
  return {
    url: await listenOnLoopback(server),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
