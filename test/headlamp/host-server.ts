/**
 * A stand-in for headlamp-server, enough for the plugin's pages: serves the test host page
 * (Headlamp's shell from the SDK's lib), the plugin's built main.js under /plugins, `/config`
 * with one cluster, and proxies `/clusters/<name>/…` to the real API server with the admin
 * token, as headlamp-server does with its kubeconfig. Loopback only.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize } from 'node:path';

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

async function sendFile(res: ServerResponse, path: string): Promise<void> {
  try {
    const body = await readFile(path);
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

function proxy(req: IncomingMessage, res: ServerResponse, options: HostServerOptions, path: string): void {
  const target = new URL(path, options.cluster.server);
  const headers = { ...req.headers, host: target.host, authorization: `Bearer ${options.cluster.token}` };
  delete headers.cookie;
  const upstream = httpsRequest(target, { method: req.method, headers, ca: options.cluster.ca }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
  });
  req.pipe(upstream);
}

export async function startHostServer(
  options: HostServerOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const prefix = `/clusters/${options.cluster.name}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(`${prefix}/`))
      return proxy(req, res, options, path.slice(prefix.length) + url.search);
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
