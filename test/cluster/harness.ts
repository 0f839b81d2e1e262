/**
 * A real Kubernetes API server for tests: etcd and kube-apiserver (built by ensure-binaries.sh)
 * on loopback, with token authentication, RBAC and the Flux / Argo CD CRDs. Nothing reconciles:
 * no controller-manager, scheduler or kubelet. Statuses are written by `seed.ts`, as controllers
 * would write them.
 *
 *   const cluster = await startCluster({ users: [{ name: 'viewer' }] });
 *   // cluster.kubeconfigPath, cluster.client (admin), cluster.clientFor('viewer'), …
 *   await cluster.stop();
 *
 * Start one cluster per test file (beforeAll, with a hook timeout long enough for a cold build of
 * the binaries: ~5 minutes) and stop it in afterAll. stop() kills kube-apiserver after a short
 * grace period (its graceful shutdown takes ~30 s). If the test process dies first, an exit
 * handler and a guard process (which notices the process is gone) kill both servers.
 * restartApiServer() stops kube-apiserver alone and starts it again as it was (same port,
 * certificates and tokens, same etcd and data), as an upgrade or a crash of the control plane
 * does to clients.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { type Binaries, ensureBinaries } from './binaries.ts';
import { gitopsCrds, installCrds } from './crds.ts';
import { KubeClient, type KubeObject } from './rest.ts';

export interface ClusterUser {
  readonly name: string;
  /** Bearer token; random when omitted. */
  readonly token?: string;
  /** Groups, e.g. `['system:masters']`; none when omitted (so RBAC grants nothing). */
  readonly groups?: readonly string[];
}

export interface StartClusterOptions {
  /**
   * Users besides the admin, known by token. The token file is read once at start, so all
   * users are declared here; grant them rights with RBAC objects (e.g. through `seed`).
   */
  readonly users?: readonly ClusterUser[];
  /** CRDs to install and wait for (Established): the GitOps CRDs by default; `false` for none. */
  readonly crds?: boolean | readonly KubeObject[];
  /** Where to write the kubeconfig; inside the cluster's temporary folder by default. */
  readonly kubeconfigPath?: string;
  /** Name of the kubeconfig's context (and cluster), default `strata-test`. */
  readonly context?: string;
  /** How long to wait for /readyz, default 60 s. */
  readonly startTimeoutMs?: number;
  /** How long stop() lets kube-apiserver shut down before SIGKILL, default 2 s. */
  readonly stopGraceMs?: number;
  /** Binaries to run; ensureBinaries() (which may build them) by default. */
  readonly binaries?: Binaries;
  /** More kube-apiserver flags (`--feature-gates=…`). */
  readonly apiserverArgs?: readonly string[];
  /** Keep the temporary folder (data, certificates, logs) after stop(), for debugging. */
  readonly keepTempDir?: boolean;
}

export interface Cluster {
  /** `https://127.0.0.1:<port>` */
  readonly server: string;
  /** PEM bundle the server's self-signed serving certificate chains to. */
  readonly ca: string;
  /** Kubeconfig (context `context`, the admin user) for kubectl, the TUI or Headlamp. */
  readonly kubeconfigPath: string;
  readonly context: string;
  /** Token of `strata-admin`, in group system:masters. */
  readonly adminToken: string;
  /** A client with the admin token. */
  readonly client: KubeClient;
  /** `http://127.0.0.1:<port>` */
  readonly etcdEndpoint: string;
  /** Temporary folder: etcd data, certificates, token file, `etcd.log`, `kube-apiserver.log`. */
  readonly dir: string;
  /** Process ids; `apiserver` changes with restartApiServer(). */
  readonly pids: { readonly etcd: number; readonly apiserver: number };
  /** Token of a user declared in `users` (or `strata-admin`); throws for an unknown user. */
  tokenFor(user: string): string;
  /** A client authenticating as that user. */
  clientFor(user: string): KubeClient;
  /** Writes a kubeconfig authenticating as `user` (admin by default); returns its path. */
  writeKubeconfig(options: {
    readonly user?: string;
    readonly path: string;
    readonly context?: string;
  }): Promise<string>;
  /**
   * Stops kube-apiserver (SIGTERM, SIGKILL after `graceMs`, default the cluster's stopGraceMs),
   * waits `downMs` (default 0) and starts it again with the same flags: same port, serving
   * certificate (kept in the cert folder), token file and etcd, which keeps running with its
   * data. Resolves once /readyz answers; clients reconnect on their own.
   */
  restartApiServer(options?: { readonly graceMs?: number; readonly downMs?: number }): Promise<void>;
  /** Kills kube-apiserver (SIGTERM, SIGKILL after the grace period) then etcd; removes the folder. */
  stop(): Promise<void>;
}

export const ADMIN_USER = 'strata-admin';
const DEFAULT_CONTEXT = 'strata-test';
const SERVICE_CIDR = '10.96.0.0/16';

// ---------------------------------------------------------------------------------------------
// Processes still running, killed when this process exits however it exits.

interface Live {
  readonly children: ChildProcess[];
  guard: ChildProcess | undefined;
  readonly dir: string;
  readonly keepDir: boolean;
}

const live = new Set<Live>();
let handlersInstalled = false;

function killAllSync(): void {
  for (const entry of live) {
    for (const child of [entry.guard, ...entry.children]) {
      if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    if (!entry.keepDir) rmSync(entry.dir, { recursive: true, force: true });
  }
  live.clear();
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAllSync();
      process.off(signal, onSignal);
      // Keep the default behaviour (exit) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * A process that SIGKILLs `pids` once its stdin closes, i.e. when this process is gone, even
 * after a SIGKILL that runs no exit handler, then removes `dir`. Detached and deaf to ^C, so it
 * outlives us.
 */
const GUARD_SCRIPT = `trap "" INT TERM HUP
read -r _
dir=$1 keep=$2; shift 2
kill -KILL "$@" 2>/dev/null
for _ in 1 2 3 4 5 6 7 8 9 10; do
  alive=0
  for pid in "$@"; do
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) && [ "$state" != Z ] && alive=1
  done
  [ $alive = 0 ] && break
  sleep 0.2
done
[ "$keep" = keep ] || rm -rf -- "$dir"`;

export function spawnGuard(pids: readonly number[], dir: string, keepDir: boolean): ChildProcess {
  const args = [dir, keepDir ? 'keep' : 'remove', ...pids.map(String)];
  const guard = spawn('bash', ['-c', GUARD_SCRIPT, 'strata-cluster-guard', ...args], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  guard.unref();
  (guard.stdin as Socket | null)?.unref();
  guard.on('error', () => {});
  return guard;
}

// ---------------------------------------------------------------------------------------------

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([done, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await done;
  }
}

export async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function csvField(value: string): string {
  if (/[",\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

function validateUser(user: ClusterUser): void {
  if (!/^[A-Za-z0-9:._@-]+$/.test(user.name))
    throw new Error(`invalid user name ${JSON.stringify(user.name)}`);
  if (user.token !== undefined && !/^[A-Za-z0-9._~+/=-]+$/.test(user.token)) {
    throw new Error(`the token of user ${user.name} has characters a bearer token cannot carry`);
  }
  for (const group of user.groups ?? []) {
    if (group.includes('"') || group.includes(',')) throw new Error(`invalid group ${JSON.stringify(group)}`);
  }
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly log: string;
}

/** Starts `command` with stdout and stderr appended to `log` (and `env`, this process's by default). */
export async function spawnLogged(
  command: string,
  args: readonly string[],
  log: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Spawned> {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], env });
    child.on('error', () => {});
    return { child, log };
  } finally {
    closeSync(fd);
  }
}

/** Waits until `check` resolves true, or the process dies, or time runs out. */
async function waitFor(
  what: string,
  spawned: Spawned,
  deadline: number,
  check: () => Promise<boolean>,
): Promise<void> {
  for (;;) {
    const { child } = spawned;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new StartError(
        `${what} exited (${child.exitCode ?? child.signalCode}) before it was ready; the end of ${spawned.log}:\n${await tail(spawned.log)}`,
        await readFile(spawned.log, 'utf8').catch(() => ''),
      );
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new StartError(
        `${what} was not ready in time; the end of ${spawned.log}:\n${await tail(spawned.log)}`,
        '',
      );
    }
    await sleep(100);
  }
}

class StartError extends Error {
  readonly log: string;
  constructor(message: string, log: string) {
    super(message);
    this.log = log;
  }
}

async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  await res.arrayBuffer();
  return res.ok;
}

/** Starts etcd and kube-apiserver; resolves once /readyz answers and the CRDs are Established. */
export async function startCluster(options: StartClusterOptions = {}): Promise<Cluster> {
  const binaries = options.binaries ?? (await ensureBinaries());
  for (const user of options.users ?? []) validateUser(user);
  const names = new Set([ADMIN_USER]);
  for (const user of options.users ?? []) {
    if (names.has(user.name)) throw new Error(`user ${user.name} is declared twice`);
    names.add(user.name);
  }
  // A port taken between freePort() and the server's bind is retried with new ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(binaries, options);
    } catch (error) {
      if (attempt < 3 && error instanceof StartError && /address already in use/i.test(error.log)) continue;
      throw error;
    }
  }
}

async function startOnce(binaries: Binaries, options: StartClusterOptions): Promise<Cluster> {
  installExitHandlers();
  const started = Date.now();
  const deadline = started + (options.startTimeoutMs ?? 60_000);
  const dir = await mkdtemp(join(tmpdir(), 'strata-cluster-'));
  const entry: Live = { children: [], guard: undefined, dir, keepDir: options.keepTempDir === true };
  live.add(entry);
  const clients: KubeClient[] = [];

  const stopProcesses = async (graceMs: number): Promise<void> => {
    const [etcd, apiserver] = entry.children;
    if (entry.guard !== undefined) entry.guard.kill('SIGKILL');
    if (apiserver !== undefined) await terminate(apiserver, graceMs);
    if (etcd !== undefined) await terminate(etcd, graceMs);
    for (const client of clients) client.close();
    live.delete(entry);
    if (!entry.keepDir) await rm(dir, { recursive: true, force: true });
  };

  try {
    // -- credentials --------------------------------------------------------------------------
    const tokens = new Map<string, string>();
    const rows: string[] = [];
    const adminToken = randomBytes(24).toString('hex');
    tokens.set(ADMIN_USER, adminToken);
    rows.push(`${adminToken},${ADMIN_USER},${ADMIN_USER},"system:masters"`);
    for (const user of options.users ?? []) {
      const token = user.token ?? randomBytes(24).toString('hex');
      tokens.set(user.name, token);
      const groups = user.groups ?? [];
      rows.push(
        [
          token,
          csvField(user.name),
          csvField(user.name),
          ...(groups.length > 0 ? [`"${groups.join(',')}"`] : []),
        ].join(','),
      );
    }
    const tokenFile = join(dir, 'tokens.csv');
    await writeFile(tokenFile, `${rows.join('\n')}\n`, { mode: 0o600 });

    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'prime256v1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const saKey = join(dir, 'sa.key');
    const saPub = join(dir, 'sa.pub');
    await writeFile(saKey, privateKey, { mode: 0o600 });
    await writeFile(saPub, publicKey);
    const certDir = join(dir, 'certs');
    await mkdir(certDir);

    // -- etcd ---------------------------------------------------------------------------------
    const [clientPort, peerPort, securePort] = [await freePort(), await freePort(), await freePort()];
    const etcdEndpoint = `http://127.0.0.1:${clientPort}`;
    const peerUrl = `http://127.0.0.1:${peerPort}`;
    const etcd = await spawnLogged(
      binaries.etcd,
      [
        '--name=strata',
        `--data-dir=${join(dir, 'etcd-data')}`,
        `--listen-client-urls=${etcdEndpoint}`,
        `--advertise-client-urls=${etcdEndpoint}`,
        `--listen-peer-urls=${peerUrl}`,
        `--initial-advertise-peer-urls=${peerUrl}`,
        `--initial-cluster=strata=${peerUrl}`,
        '--initial-cluster-state=new',
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      join(dir, 'etcd.log'),
    );
    entry.children.push(etcd.child);
    await waitFor('etcd', etcd, deadline, () => httpOk(`${etcdEndpoint}/health`));

    // -- kube-apiserver -----------------------------------------------------------------------
    const apiserverArgs = [
      `--etcd-servers=${etcdEndpoint}`,
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${securePort}`,
      `--cert-dir=${certDir}`,
      `--token-auth-file=${tokenFile}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${saPub}`,
      `--service-account-signing-key-file=${saKey}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${SERVICE_CIDR}`,
      '--disable-admission-plugins=ServiceAccount',
      // The `kubernetes` Service's endpoints would point at loopback, which Endpoints forbid.
      '--endpoint-reconciler-type=none',
      '--allow-privileged=true',
      '--profiling=false',
      ...(options.apiserverArgs ?? []),
    ];
    const server = `https://127.0.0.1:${securePort}`;
    const certFile = join(certDir, 'apiserver.crt');
    let ca = '';
    /** Spawns kube-apiserver (in entry.children[1]), guards both servers, waits for /readyz. */
    const startApiserver = async (readyBy: number): Promise<ChildProcess> => {
      const apiserver = await spawnLogged(
        binaries.kubeApiserver,
        apiserverArgs,
        join(dir, 'kube-apiserver.log'),
      );
      entry.children[1] = apiserver.child;
      entry.guard?.kill('SIGKILL');
      entry.guard = spawnGuard(
        [etcd.child.pid ?? 0, apiserver.child.pid ?? 0].filter((pid) => pid > 0),
        dir,
        entry.keepDir,
      );
      await waitFor('kube-apiserver', apiserver, readyBy, async () => {
        if (ca === '') ca = await readFile(certFile, 'utf8').catch(() => '');
        if (ca === '') return false;
        const probe = new KubeClient({ server, ca, token: adminToken, timeoutMs: 2_000 });
        try {
          const res = await probe.raw('GET', '/readyz');
          return res.status === 200;
        } finally {
          probe.close();
        }
      });
      return apiserver.child;
    };
    let apiserver = await startApiserver(deadline);

    const client = new KubeClient({ server, ca, token: adminToken });
    clients.push(client);

    // -- kubeconfig ---------------------------------------------------------------------------
    const context = options.context ?? DEFAULT_CONTEXT;
    const tokenFor = (user: string): string => {
      const token = tokens.get(user);
      if (token === undefined)
        throw new Error(`no user ${user} in this cluster (declare it in startCluster's users)`);
      return token;
    };
    const writeKubeconfig = async (opts: {
      user?: string;
      path: string;
      context?: string;
    }): Promise<string> => {
      const user = opts.user ?? ADMIN_USER;
      const name = opts.context ?? (user === ADMIN_USER ? context : `${context}-${user}`);
      await mkdir(dirname(opts.path), { recursive: true });
      await writeFile(opts.path, kubeconfigYaml({ server, ca, context: name, user, token: tokenFor(user) }), {
        mode: 0o600,
      });
      return opts.path;
    };
    const kubeconfigPath = await writeKubeconfig({
      path: options.kubeconfigPath ?? join(dir, 'kubeconfig'),
      context,
    });

    // -- CRDs ---------------------------------------------------------------------------------
    const crds = options.crds ?? true;
    if (crds !== false) {
      await installCrds(client, crds === true ? gitopsCrds() : crds, {
        timeoutMs: Math.max(10_000, deadline - Date.now()),
      });
    }

    let stopping: Promise<void> | undefined;
    let restarting: Promise<void> | undefined;
    const restartApiServer = async (restart: { graceMs?: number; downMs?: number }): Promise<void> => {
      if (stopping !== undefined) throw new Error('the cluster is stopped');
      await terminate(apiserver, restart.graceMs ?? options.stopGraceMs ?? 2_000);
      if ((restart.downMs ?? 0) > 0) await sleep(restart.downMs ?? 0);
      const readyBy = Date.now() + (options.startTimeoutMs ?? 60_000);
      // The old process's port can take a moment to be free again: retry on "address in use".
      for (let attempt = 1; ; attempt++) {
        try {
          apiserver = await startApiserver(readyBy);
          return;
        } catch (error) {
          if (attempt < 5 && error instanceof StartError && /address already in use/i.test(error.log)) {
            await sleep(500);
            continue;
          }
          throw error;
        }
      }
    };
    return {
      server,
      ca,
      kubeconfigPath,
      context,
      adminToken,
      client,
      etcdEndpoint,
      dir,
      get pids() {
        return { etcd: etcd.child.pid ?? 0, apiserver: apiserver.pid ?? 0 };
      },
      tokenFor,
      clientFor(user) {
        const c = client.withToken(tokenFor(user));
        clients.push(c);
        return c;
      },
      writeKubeconfig,
      restartApiServer(restart = {}) {
        const run = (restarting ?? Promise.resolve()).then(() => restartApiServer(restart));
        restarting = run.catch(() => {});
        return run;
      },
      stop() {
        stopping ??= stopProcesses(options.stopGraceMs ?? 2_000);
        return stopping;
      },
    };
  } catch (error) {
    await stopProcesses(0);
    throw error;
  }
}

function kubeconfigYaml(o: {
  server: string;
  ca: string;
  context: string;
  user: string;
  token: string;
}): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: o.context,
        cluster: { server: o.server, 'certificate-authority-data': Buffer.from(o.ca).toString('base64') },
      },
    ],
    users: [{ name: o.user, user: { token: o.token } }],
    contexts: [{ name: o.context, context: { cluster: o.context, user: o.user } }],
    'current-context': o.context,
    preferences: {},
  });
}

/** True while a process with this pid runs (a zombie, dead but not yet reaped, does not count). */
export function processRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state …: comm may hold spaces and parentheses, the state follows the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
