/**
 * A stand-in kubelet for Pod logs through the real kube-apiserver: the harness has no kubelet,
 * so `GET /api/v1/namespaces/NS/pods/NAME/log` fails until a Node names one. This starts a small
 * HTTPS server on 127.0.0.1 and a Node whose status points at it (an InternalIP of 127.0.0.1 and
 * `status.daemonEndpoints.kubeletEndpoint.Port`); the API server then proxies log requests of
 * Pods with that `spec.nodeName` to it, as it does to a real kubelet.
 *
 *   const kubelet = await startTestKubelet(cluster);
 *   // Pods with spec.nodeName = kubelet.nodeName have logs:
 *   // GET /containerLogs/{namespace}/{pod}/{container}?tailLines=&previous=&follow=&timestamps=
 *   await kubelet.close();
 *
 * The server answers with `logs(request)` (a default of numbered lines naming the Pod, container
 * and instance), honouring `tailLines`, `previous`, `timestamps` and `follow=true` (then a new
 * line every `followEveryMs` until the client goes away). `sinceSeconds`, `sinceTime` and
 * `limitBytes` are not honoured.
 *
 * TLS: the server presents the API server's own self-signed serving certificate (from the
 * cluster's cert folder). kube-apiserver verifies a kubelet's serving certificate only when
 * `--kubelet-certificate-authority` is set, which the harness does not set; it does not present
 * a client certificate either (no `--kubelet-client-certificate`), and this server asks none.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { Cluster } from './harness.ts';
import { remove, seed } from './seed.ts';

export interface LogRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
}

export interface LogRequestSeen extends LogRequest {
  readonly tailLines: number | undefined;
  readonly follow: boolean;
  readonly timestamps: boolean;
}

export interface TestKubeletOptions {
  /** Name of the Node, default `strata-kubelet`. */
  readonly nodeName?: string;
  /**
   * The lines a container's log holds (oldest first), or undefined when the kubelet knows no
   * such container (answered 404 as the kubelet does). Default: `defaultLogLines`.
   */
  readonly logs?: (request: LogRequest) => readonly string[] | undefined;
  /** With `follow=true`, a new line this often (default 1000 ms) until the client goes away. */
  readonly followEveryMs?: number;
}

export interface TestKubelet {
  readonly nodeName: string;
  /** The HTTPS port on 127.0.0.1 the Node's kubelet endpoint names. */
  readonly port: number;
  /** Every log request the API server forwarded, oldest first. */
  readonly requests: readonly LogRequestSeen[];
  /** Follow streams still open. */
  readonly following: () => number;
  /** Deletes the Node and stops the server (closing follow streams). */
  close(): Promise<void>;
}

/** 40 lines: `<pod>/<container> (current|previous) line NNN`. */
export function defaultLogLines(request: LogRequest): readonly string[] {
  const instance = request.previous ? 'previous' : 'current';
  return Array.from(
    { length: 40 },
    (_, i) => `${request.pod}/${request.container} (${instance}) line ${String(i + 1).padStart(3, '0')}`,
  );
}

/** The line a follow stream adds as its `n`-th (from 1) new line. */
export function followLine(request: LogRequest, n: number): string {
  return `${request.pod}/${request.container} (${request.previous ? 'previous' : 'current'}) follow ${n}`;
}

const CONTAINER_LOGS = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/;

const rfc3339 = (date: Date) => date.toISOString().replace(/Z$/, '000000Z');

export async function startTestKubelet(
  cluster: Cluster,
  options: TestKubeletOptions = {},
): Promise<TestKubelet> {
  const nodeName = options.nodeName ?? 'strata-kubelet';
  const logsOf = options.logs ?? defaultLogLines;
  const followEveryMs = options.followEveryMs ?? 1_000;
  const requests: LogRequestSeen[] = [];
  const streams = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const certDir = join(cluster.dir, 'certs');
  const server: Server = createServer(
    {
      cert: await readFile(join(certDir, 'apiserver.crt')),
      key: await readFile(join(certDir, 'apiserver.key')),
    },
    (req, res) => answer(req, res),
  );
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const match = CONTAINER_LOGS.exec(url.pathname);
    if (req.method !== 'GET' || match === null) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`404 page not found: ${url.pathname}\n`);
      return;
    }
    const [, namespace = '', pod = '', container = ''] = match.map(decodeURIComponent);
    const request: LogRequest = {
      namespace,
      pod,
      container,
      previous: url.searchParams.get('previous') === 'true',
    };
    const tail = url.searchParams.get('tailLines');
    const seen: LogRequestSeen = {
      ...request,
      tailLines: tail === null ? undefined : Number(tail),
      follow: url.searchParams.get('follow') === 'true',
      timestamps: url.searchParams.get('timestamps') === 'true',
    };
    requests.push(seen);
    const lines = logsOf(request);
    if (lines === undefined) {
      res
        .writeHead(404, { 'Content-Type': 'text/plain' })
        .end(`container "${container}" in pod "${pod}" is not available\n`);
      return;
    }
    const shown =
      seen.tailLines === undefined || Number.isNaN(seen.tailLines) || seen.tailLines < 0
        ? lines
        : lines.slice(Math.max(0, lines.length - seen.tailLines));
    const format = (line: string) => `${seen.timestamps ? `${rfc3339(new Date())} ` : ''}${line}\n`;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write(shown.map(format).join(''));
    if (!seen.follow) {
      res.end();
      return;
    }
    streams.add(res);
    let n = 0;
    const timer = setInterval(() => {
      n += 1;
      res.write(format(followLine(request, n)));
    }, followEveryMs);
    const stop = () => {
      clearInterval(timer);
      streams.delete(res);
    };
    res.on('close', stop);
    req.on('close', stop);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('the test kubelet has no port');
  const port = address.port;

  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: nodeName, labels: { 'kubernetes.io/hostname': nodeName } },
    spec: {},
    status: {
      addresses: [{ type: 'InternalIP', address: '127.0.0.1' }],
      daemonEndpoints: { kubeletEndpoint: { Port: port } },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
          lastTransitionTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        },
      ],
    },
  };
  try {
    await seed(cluster, [node]);
  } catch (error) {
    server.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    nodeName,
    port,
    requests,
    following: () => streams.size,
    close() {
      closing ??= (async () => {
        for (const res of streams) res.destroy();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          for (const socket of sockets) socket.destroy();
        });
        await remove(cluster, [{ apiVersion: 'v1', kind: 'Node', name: nodeName }]).catch(() => {});
      })();
      return closing;
    },
  };
}
