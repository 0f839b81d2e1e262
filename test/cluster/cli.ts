/**
 * A test cluster for developers, kept running between commands:
 *
 *   pnpm cluster:up [--scenario two-layer|minimal|none]   start it (if needed) and seed a scenario
 *   pnpm cluster:up --controllers                         the real Flux and Argo CD controllers
 *                                                         instead, on a ready-made broken platform
 *   pnpm cluster:down                                      stop it and clean up
 *   node --import tsx test/cluster/cli.ts status           is it running?
 *
 * `up` starts a small supervisor process, detached, which runs the harness (etcd and
 * kube-apiserver) until `down` sends it SIGTERM. Its state (pid, server, kubeconfig) lives in
 * <cache>/up/ (the cache of ensure-binaries.sh), its log in <cache>/up/supervisor.log.
 * With --controllers the supervisor runs test/controllers' lab instead (kube-controller-manager,
 * Flux, Argo CD, a Git server and a Helm repository) and sets up the Flux and Argo CD platforms
 * of the controller suites, which the controllers then break for real.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setUpArgoPlatform } from '../controllers/argo-platform.ts';
import { ensureControllers, type Lab, startLab } from '../controllers/controllers.ts';
import { setUpFluxPlatform } from '../controllers/flux-platform.ts';
import { ensureBinaries, KUBE_VERSION, kubeCacheRoot } from './binaries.ts';
import { type Cluster, processRunning, startCluster } from './harness.ts';
import { KubeClient } from './rest.ts';
import { SCENARIOS } from './scenarios.ts';
import { seed } from './seed.ts';

interface State {
  readonly supervisorPid: number;
  readonly server: string;
  readonly ca: string;
  readonly adminToken: string;
  readonly kubeconfigPath: string;
  readonly context: string;
  readonly pids: { readonly etcd: number; readonly apiserver: number };
  /** With --controllers: the controller processes (name → pid). */
  readonly controllers?: Readonly<Record<string, number>>;
  /** With --controllers: the lab's folder (controller logs). */
  readonly labDir?: string;
  readonly startedAt: string;
  readonly readyMs: number;
}

const stateDir = (): string => join(kubeCacheRoot(), 'up');
const statePath = (): string => join(stateDir(), 'state.json');
const logPath = (): string => join(stateDir(), 'supervisor.log');
const kubeconfigPath = (): string => join(stateDir(), 'kubeconfig');

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function readState(): Promise<State | undefined> {
  try {
    return JSON.parse(await readFile(statePath(), 'utf8')) as State;
  } catch {
    return undefined;
  }
}

async function runningState(): Promise<State | undefined> {
  const state = await readState();
  if (state === undefined) return undefined;
  if (processRunning(state.supervisorPid)) return state;
  await rm(statePath(), { force: true });
  return undefined;
}

async function logTail(lines = 40): Promise<string> {
  const text = await readFile(logPath(), 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------------------------

async function up(scenarioName: string, controllers: boolean): Promise<number> {
  const scenario = SCENARIOS[scenarioName];
  if (scenario === undefined && !controllers) {
    process.stderr.write(`unknown scenario ${scenarioName}; one of: ${Object.keys(SCENARIOS).join(', ')}\n`);
    return 2;
  }
  let state = await runningState();
  if (state !== undefined && controllers) {
    say(
      `the test cluster is already running (supervisor pid ${state.supervisorPid}): pnpm cluster:down first.`,
    );
    return 1;
  }
  if (state !== undefined) {
    say(`the test cluster is already running (supervisor pid ${state.supervisorPid}); seeding again.`);
  } else {
    await ensureBinaries();
    if (controllers) await ensureControllers();
    await mkdir(stateDir(), { recursive: true });
    const log = openSync(logPath(), 'w');
    const supervisor = spawn(
      process.execPath,
      [
        '--conditions=@strata/source',
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        'supervise',
        ...(controllers ? ['--controllers'] : []),
      ],
      { detached: true, stdio: ['ignore', log, log], env: process.env },
    );
    closeSync(log);
    supervisor.unref();
    // With the controllers the supervisor also sets up the platform before it reports ready.
    const deadline = Date.now() + (controllers ? 300_000 : 120_000);
    for (;;) {
      state = await readState();
      if (state !== undefined && state.supervisorPid === supervisor.pid) break;
      if (supervisor.exitCode !== null || supervisor.signalCode !== null || Date.now() > deadline) {
        process.stderr.write(
          `the test cluster did not start; the end of ${logPath()}:\n${await logTail()}\n`,
        );
        if (supervisor.pid !== undefined && processRunning(supervisor.pid))
          process.kill(supervisor.pid, 'SIGTERM');
        return 1;
      }
      await sleep(200);
    }
    say(
      `started kube-apiserver ${KUBE_VERSION} at ${state.server} (ready in ${(state.readyMs / 1000).toFixed(1)} s)`,
    );
  }

  if (controllers || scenario === undefined) {
    say(`with ${Object.keys(state.controllers ?? {}).join(', ')}; their logs are in ${state.labDir}/logs`);
    say('the Flux and Argo CD platforms are applied: the controllers take about a minute to break them');
    say('');
    say(`kubeconfig: ${state.kubeconfigPath} (context ${state.context})`);
    say(`  export KUBECONFIG=${state.kubeconfigPath}`);
    say('  kubectl get gitrepo,helmrepo,helmchart,ks,hr,app -A');
    say('  pnpm strata');
    say('stop it with: pnpm cluster:down');
    return 0;
  }

  const client = new KubeClient({ server: state.server, ca: state.ca, token: state.adminToken });
  try {
    const objects = scenario.objects();
    const result = await seed({ client }, objects, {
      onError: 'collect',
      ...(scenario.at === undefined ? {} : { timeShift: { from: scenario.at } }),
    });
    say(`seeded scenario ${scenarioName} (${scenario.description}): ${result.seeded.length} objects`);
    if (result.failed.length > 0) {
      process.stderr.write(`${result.failed.length} objects were refused by the server:\n`);
      for (const failure of result.failed) process.stderr.write(`  ${failure.error}\n`);
    }
  } finally {
    client.close();
  }
  say('');
  say(`kubeconfig: ${state.kubeconfigPath} (context ${state.context})`);
  say(`  export KUBECONFIG=${state.kubeconfigPath}`);
  say('  kubectl get ks,hr,gitrepo,app -A');
  say('stop it with: pnpm cluster:down');
  return 0;
}

async function supervise(controllers: boolean): Promise<number> {
  const started = Date.now();
  let lab: Lab | undefined;
  let cluster: Cluster;
  if (controllers) {
    lab = await startLab({ kubeconfigPath: kubeconfigPath() });
    cluster = lab.cluster;
    await setUpFluxPlatform(lab);
    await setUpArgoPlatform(lab);
  } else {
    cluster = await startCluster({ kubeconfigPath: kubeconfigPath() });
  }
  const state: State = {
    supervisorPid: process.pid,
    server: cluster.server,
    ca: cluster.ca,
    adminToken: cluster.adminToken,
    kubeconfigPath: cluster.kubeconfigPath,
    context: cluster.context,
    pids: cluster.pids,
    ...(lab === undefined
      ? {}
      : {
          controllers: Object.fromEntries([...lab.processes].map(([name, child]) => [name, child.pid ?? 0])),
          labDir: lab.dir,
        }),
    startedAt: new Date(started).toISOString(),
    readyMs: Date.now() - started,
  };
  await writeFile(statePath(), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`supervisor ${process.pid}: cluster ready at ${cluster.server} (${cluster.dir})\n`);
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, () => resolve());
  });
  process.stdout.write(`supervisor ${process.pid}: stopping\n`);
  await (lab ?? cluster).stop();
  await rm(statePath(), { force: true });
  return 0;
}

async function down(): Promise<number> {
  const state = await readState();
  if (state === undefined) {
    say('no test cluster is running');
    await rm(kubeconfigPath(), { force: true });
    return 0;
  }
  const { supervisorPid, pids } = state;
  const all = [pids.apiserver, pids.etcd, ...Object.values(state.controllers ?? {})];
  if (processRunning(supervisorPid)) {
    process.kill(supervisorPid, 'SIGTERM');
    const deadline = Date.now() + 60_000;
    while (processRunning(supervisorPid) && Date.now() < deadline) await sleep(100);
    // A supervisor that did not stop: kill it; its guard then kills the servers.
    if (processRunning(supervisorPid)) process.kill(supervisorPid, 'SIGKILL');
  }
  const deadline = Date.now() + 5_000;
  while (all.some(processRunning) && Date.now() < deadline) await sleep(100);
  for (const pid of all) {
    if (processRunning(pid)) {
      process.stderr.write(`process ${pid} is still running after the supervisor stopped\n`);
      return 1;
    }
  }
  await rm(statePath(), { force: true });
  await rm(kubeconfigPath(), { force: true });
  say('stopped the test cluster');
  return 0;
}

async function status(): Promise<number> {
  const state = await runningState();
  if (state === undefined) {
    say('no test cluster is running (start one with pnpm cluster:up)');
    return 1;
  }
  const client = new KubeClient({
    server: state.server,
    ca: state.ca,
    token: state.adminToken,
    timeoutMs: 5_000,
  });
  try {
    const ready = await client.raw('GET', '/readyz').catch(() => ({ status: 0 }));
    say(
      `test cluster at ${state.server}: ${ready.status === 200 ? 'ready' : 'not ready'} since ${state.startedAt}`,
    );
    say(`  export KUBECONFIG=${state.kubeconfigPath}`);
    return ready.status === 200 ? 0 : 1;
  } finally {
    client.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scenario: { type: 'string', default: 'two-layer' },
      controllers: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    say('usage: cli.ts up [--scenario two-layer|minimal|none | --controllers] | down | status');
    return command === undefined && !values.help ? 2 : 0;
  }
  switch (command) {
    case 'up':
      return up(values.scenario, values.controllers);
    case 'down':
      return down();
    case 'status':
      return status();
    case 'supervise':
      return supervise(values.controllers);
    default:
      process.stderr.write(`unknown command ${command}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
