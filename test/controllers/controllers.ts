/**
 * The real controllers around the test API server, as plain processes on 127.0.0.1 (no kubelet,
 * no containers): kube-controller-manager (Deployments, ReplicaSets, namespaces, garbage
 * collection), Flux's source-, kustomize- and helm-controller, and Argo CD's application
 * controller and repo server with a Debian redis; plus a Git server and a Helm repository the
 * test writes to. The CRDs installed are the controllers' own (from their modules), not the
 * permissive ones of test/cluster/crds.ts.
 *
 *   const lab = await startLab();
 *   await lab.git.commit('platform', { 'apps/web.yaml': yaml }, 'add web');
 *   await lab.apply([gitRepository, kustomization]);
 *   await lab.waitFor(ref, (o) => readyCondition(o)?.reason === 'BuildFailed', 60_000);
 *   await lab.stop();
 *
 * Pods never run (no scheduler, no kubelet), so a Deployment with replicas > 0 never becomes
 * available: with a short progressDeadlineSeconds it fails (ProgressDeadlineExceeded), which is
 * how the suites make health checks and Helm installs fail. Deployments with `replicas: 0` are
 * ready. Start-up takes ~10 s once the binaries are built (ensure-controllers.sh, cached).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ensureBinaries, runEnsureScript } from '../cluster/binaries.ts';
import {
  type Cluster,
  freePort,
  processRunning,
  type Spawned,
  spawnGuard,
  spawnLogged,
  startCluster,
  tail,
  terminate,
} from '../cluster/harness.ts';
import type { KubeObject, ObjectRef } from '../cluster/rest.ts';
import { seed } from '../cluster/seed.ts';
import { type GitServer, startGitServer } from './git-server.ts';
import { type HelmRepo, startHelmRepo } from './helm-repo.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const ENSURE_CONTROLLERS_SCRIPT = join(here, 'ensure-controllers.sh');

export const FLUX_NAMESPACE = 'flux-system';
export const ARGOCD_NAMESPACE = 'argocd';

/** The folder ensure-controllers.sh filled: bin/, crds/, argocd-config/. */
export interface ControllerBinaries {
  readonly dir: string;
  readonly bin: string;
}

let pending: Promise<ControllerBinaries> | undefined;

/** Builds the controllers once (a cold build takes ~20 minutes on 2 cores), then returns at once. */
export function ensureControllers(): Promise<ControllerBinaries> {
  pending ??= runEnsureScript(
    ENSURE_CONTROLLERS_SCRIPT,
    'the Flux and Argo CD controllers are not available, so the controller suites cannot run',
  ).then(
    (dir) => ({ dir, bin: join(dir, 'bin') }),
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

async function yamlFiles(dir: string): Promise<KubeObject[]> {
  const out: KubeObject[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), 'utf8'))) {
      const object = doc.toJS() as KubeObject | null;
      if (object !== null) out.push(object);
    }
  }
  return out;
}

export interface StartLabOptions {
  /** Start Flux's controllers (default true). */
  readonly flux?: boolean;
  /** Start Argo CD's application controller, repo server and redis (default true). */
  readonly argo?: boolean;
  /** Where to write the admin kubeconfig (inside the lab's folder by default). */
  readonly kubeconfigPath?: string;
  /** Keep the folder (logs, git repositories, data) after stop(), for debugging (or STRATA_LAB_KEEP=1). */
  readonly keepTempDir?: boolean;
  /** Seconds between Argo CD's periodic comparisons (default 30). */
  readonly argoResyncSeconds?: number;
}

export interface Lab {
  readonly cluster: Cluster;
  readonly git: GitServer;
  readonly helm: HelmRepo;
  /** Logs (`logs/<process>.log`), git repositories, charts. */
  readonly dir: string;
  /** The running controller processes by name (`source-controller`, `argocd-repo-server`, …). */
  readonly processes: ReadonlyMap<string, ChildProcess>;
  /** Creates or replaces objects (namespaces created as needed). */
  apply(objects: readonly KubeObject[]): Promise<void>;
  /** Polls an object until `check` passes; throws with its last status after `timeoutMs`. */
  waitFor(ref: ObjectRef, check: (object: KubeObject) => boolean, timeoutMs: number): Promise<KubeObject>;
  /** SIGKILLs one controller process (to break it) — stop() ignores it from then on. */
  kill(name: string): Promise<void>;
  /** Starts a killed controller again with the same flags. */
  restart(name: string): Promise<void>;
  /** Stops every process and server, then the cluster; removes the folder unless kept. */
  stop(): Promise<void>;
}

interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** A loopback port that accepts connections once the process serves. */
  readonly port?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const running = new Set<ChildProcess>();
/** How many of each controller's last log lines about an object a timeout shows. */
const LOG_LINES_ABOUT = 12;
let exitHandler = false;

export async function startLab(options: StartLabOptions = {}): Promise<Lab> {
  const withFlux = options.flux ?? true;
  const withArgo = options.argo ?? true;
  const kube = await ensureBinaries();
  const controllers = await ensureControllers();
  const dir = await mkdtemp(join(tmpdir(), 'strata-lab-'));
  const keep = options.keepTempDir ?? process.env.STRATA_LAB_KEEP === '1';
  const logs = join(dir, 'logs');
  await mkdir(logs);
  if (!exitHandler) {
    exitHandler = true;
    process.on('exit', () => {
      for (const child of running) child.kill('SIGKILL');
    });
  }

  const crds = (await yamlFiles(join(controllers.dir, 'crds'))).filter((crd) => {
    const group = (crd.spec as { group?: string } | undefined)?.group ?? '';
    return (withFlux && group.endsWith('.fluxcd.io')) || (withArgo && group === 'argoproj.io');
  });
  const cluster = await startCluster({
    binaries: kube,
    crds,
    startTimeoutMs: 120_000,
    ...(options.kubeconfigPath === undefined ? {} : { kubeconfigPath: options.kubeconfigPath }),
  });

  const processes = new Map<string, Spawned>();
  const specs = new Map<string, ProcessSpec>();
  const guards: ChildProcess[] = [];
  let git: GitServer | undefined;
  let helm: HelmRepo | undefined;

  const launch = async (spec: ProcessSpec): Promise<void> => {
    specs.set(spec.name, spec);
    const spawned = await spawnLogged(spec.command, spec.args, join(logs, `${spec.name}.log`), spec.env);
    processes.set(spec.name, spawned);
    running.add(spawned.child);
    spawned.child.once('exit', () => running.delete(spawned.child));
    if (spawned.child.pid !== undefined) guards.push(spawnGuard([spawned.child.pid], dir, true));
  };

  const ready = async (spec: ProcessSpec, deadline: number): Promise<void> => {
    const spawned = processes.get(spec.name);
    if (spawned === undefined) return;
    for (;;) {
      const { child } = spawned;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${spec.name} exited (${child.exitCode ?? child.signalCode}) at start; the end of ${spawned.log}:\n${await tail(spawned.log)}`,
        );
      }
      if (spec.port === undefined || (await portOpen(spec.port))) return;
      if (Date.now() > deadline)
        throw new Error(
          `${spec.name} did not serve in time; the end of ${spawned.log}:\n${await tail(spawned.log)}`,
        );
      await sleep(100);
    }
  };

  const stopAll = async (): Promise<void> => {
    for (const name of [...processes.keys()].reverse()) {
      const spawned = processes.get(name);
      if (spawned !== undefined) await terminate(spawned.child, 5_000);
    }
    for (const guard of guards) guard.kill('SIGKILL');
    await git?.stop();
    await helm?.stop();
    await cluster.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  };

  try {
    git = await startGitServer(join(dir, 'git'));
    helm = await startHelmRepo(join(dir, 'helm'));
    const kubeconfig = cluster.kubeconfigPath;
    const baseEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: join(dir, 'home'),
      KUBECONFIG: kubeconfig,
    };
    await mkdir(join(dir, 'home'));
    const namespaces = [...(withFlux ? [FLUX_NAMESPACE] : []), ...(withArgo ? [ARGOCD_NAMESPACE] : [])];
    await seed(
      cluster,
      namespaces.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    );

    const all: ProcessSpec[] = [];
    const kcmPort = await freePort();
    all.push({
      name: 'kube-controller-manager',
      command: join(controllers.bin, 'kube-controller-manager'),
      args: [
        `--kubeconfig=${kubeconfig}`,
        '--controllers=deployment-controller,replicaset-controller,namespace-controller,garbage-collector-controller',
        '--leader-elect=false',
        '--use-service-account-credentials=false',
        '--bind-address=127.0.0.1',
        `--secure-port=${kcmPort}`,
        `--cert-dir=${join(dir, 'kcm-certs')}`,
        '--concurrent-deployment-syncs=5',
      ],
      env: baseEnv,
      port: kcmPort,
    });

    if (withFlux) {
      const flux = async (name: string, extra: readonly string[] = []): Promise<ProcessSpec> => {
        const health = await freePort();
        return {
          name,
          command: join(controllers.bin, name),
          args: [
            `--metrics-addr=127.0.0.1:${await freePort()}`,
            `--health-addr=127.0.0.1:${health}`,
            '--enable-leader-election=false',
            '--events-addr=',
            '--requeue-dependency=5s',
            '--log-level=info',
            ...extra,
          ],
          env: { ...baseEnv, RUNTIME_NAMESPACE: FLUX_NAMESPACE },
          port: health,
        };
      };
      const storage = join(dir, 'source-storage');
      await mkdir(storage);
      const storagePort = await freePort();
      all.push(
        await flux('source-controller', [
          `--storage-path=${storage}`,
          `--storage-addr=127.0.0.1:${storagePort}`,
          `--storage-adv-addr=127.0.0.1:${storagePort}`,
          // A fetch that fails is retried with a doubling delay (15 min at most by default): a
          // git server slow for a minute on a busy machine would leave a source without its
          // artifact past every wait. Capped, it recovers within half a minute.
          '--max-retry-delay=30s',
        ]),
        await flux('kustomize-controller'),
        await flux('helm-controller', ['--graceful-shutdown-timeout=5s']),
      );
    }

    if (withArgo) {
      await seed(cluster, [
        ...(await yamlFiles(join(controllers.dir, 'argocd-config'))).map((object) => ({
          ...object,
          metadata: { ...object.metadata, namespace: ARGOCD_NAMESPACE },
        })),
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'AppProject',
          metadata: { name: 'default', namespace: ARGOCD_NAMESPACE },
          spec: {
            sourceRepos: ['*'],
            destinations: [{ server: '*', namespace: '*' }],
            clusterResourceWhitelist: [{ group: '*', kind: '*' }],
          },
        },
      ]);
      const redisPort = await freePort();
      const repoPort = await freePort();
      const repoMetrics = await freePort();
      const controllerMetrics = await freePort();
      const argoTmp = join(dir, 'argocd-tmp');
      await mkdir(argoTmp);
      const argocd = join(controllers.bin, 'argocd');
      all.push(
        {
          name: 'redis',
          command: 'redis-server',
          args: ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
          env: baseEnv,
          port: redisPort,
        },
        {
          name: 'argocd-repo-server',
          command: argocd,
          args: [
            '--address=127.0.0.1',
            `--port=${repoPort}`,
            '--metrics-address=127.0.0.1',
            `--metrics-port=${repoMetrics}`,
            `--redis=127.0.0.1:${redisPort}`,
            '--disable-tls',
            '--client-ca-path=',
          ],
          env: {
            ...baseEnv,
            // kustomize and the wrapper scripts the repo server runs come first on its PATH.
            PATH: `${controllers.bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
            ARGOCD_BINARY_NAME: 'argocd-repo-server',
            ARGOCD_GPG_ENABLED: 'false',
            TMPDIR: argoTmp,
          },
          port: repoPort,
        },
        {
          name: 'argocd-application-controller',
          command: argocd,
          args: [
            `--namespace=${ARGOCD_NAMESPACE}`,
            `--repo-server=127.0.0.1:${repoPort}`,
            '--repo-server-plaintext',
            `--redis=127.0.0.1:${redisPort}`,
            `--metrics-port=${controllerMetrics}`,
            `--app-resync=${options.argoResyncSeconds ?? 30}`,
            '--app-resync-jitter=0',
            '--status-processors=4',
            '--operation-processors=2',
          ],
          env: {
            ...baseEnv,
            ARGOCD_BINARY_NAME: 'argocd-application-controller',
            // https://kubernetes.default.svc (the in-cluster destination) means $KUBECONFIG.
            ARGOCD_FAKE_IN_CLUSTER: 'true',
          },
          port: controllerMetrics,
        },
      );
    }

    const deadline = Date.now() + 60_000;
    for (const spec of all) {
      await launch(spec);
      // redis must serve before Argo CD starts; the others start side by side.
      if (spec.name === 'redis' || spec.name === 'argocd-repo-server') await ready(spec, deadline);
    }
    for (const spec of all) await ready(spec, deadline);
  } catch (error) {
    await stopAll();
    throw error;
  }

  const gitServer = git;
  const helmRepo = helm;
  // A controller's own words on an object that never settles, and any controller that died:
  // the cause CI can only show here. `"name` also matches the objects named after it (its source).
  const linesAbout = async (name: string): Promise<string> => {
    const found: string[] = [];
    for (const [controller, spawned] of processes) {
      if (spawned.child.exitCode !== null || spawned.child.signalCode !== null)
        found.push(`${controller}: exited (${spawned.child.exitCode ?? spawned.child.signalCode})`);
      const lines = (await readFile(spawned.log, 'utf8').catch(() => ''))
        .split('\n')
        .filter((line) => line.includes(`"${name}`));
      if (lines.length > 0)
        found.push(`${controller}:`, ...lines.slice(-LOG_LINES_ABOUT).map((line) => line.slice(0, 600)));
    }
    return found.length === 0 ? '(nothing)' : found.join('\n');
  };

  let stopping: Promise<void> | undefined;
  return {
    cluster,
    git: gitServer,
    helm: helmRepo,
    dir,
    get processes() {
      return new Map([...processes].map(([name, spawned]) => [name, spawned.child]));
    },
    async apply(objects) {
      await seed(cluster, objects);
    },
    async waitFor(ref, check, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      let last: KubeObject | undefined;
      for (;;) {
        last = await cluster.client.read(ref);
        if (last !== undefined && check(last)) return last;
        if (Date.now() > deadline) {
          throw new Error(
            `${ref.kind}/${ref.namespace ?? ''}/${ref.name} did not reach the expected state in ${timeoutMs} ms; last status:\n${JSON.stringify(last?.status ?? '(absent)', null, 2)}\nwhat the controllers logged about ${ref.name}:\n${await linesAbout(ref.name)}`,
          );
        }
        await sleep(500);
      }
    },
    async kill(name) {
      const spawned = processes.get(name);
      if (spawned === undefined) throw new Error(`no process ${name}`);
      await terminate(spawned.child, 0);
    },
    async restart(name) {
      const spec = specs.get(name);
      const spawned = processes.get(name);
      if (spec === undefined || spawned === undefined) throw new Error(`no process ${name}`);
      if (spawned.child.pid !== undefined && processRunning(spawned.child.pid))
        throw new Error(`${name} is still running`);
      await launch(spec);
      await ready(spec, Date.now() + 30_000);
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
