/**
 * Where the kube-apiserver and etcd binaries are: runs ensure-binaries.sh (which uses
 * KUBEBUILDER_ASSETS when set, else builds them once into a cache outside the repository).
 * Throws, with the script's own explanation, when they cannot be had: a cluster test fails
 * loudly rather than skipping.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const ENSURE_BINARIES_SCRIPT = join(here, 'ensure-binaries.sh');

/** The Kubernetes and etcd versions the harness runs. */
export const KUBE_VERSION = 'v1.36.3';
export const ETCD_VERSION = 'v3.6.8';

/** The cache root shared with ensure-binaries.sh (also holds `cluster:up`'s state). */
export function kubeCacheRoot(): string {
  const env = process.env;
  if (env.STRATA_KUBE_CACHE) return env.STRATA_KUBE_CACHE;
  const xdg = env.XDG_CACHE_HOME || join(env.HOME ?? '/tmp', '.cache');
  return join(xdg, 'strata-kube');
}

export interface Binaries {
  readonly dir: string;
  readonly kubeApiserver: string;
  readonly etcd: string;
}

let pending: Promise<Binaries> | undefined;

/**
 * Ensures the binaries exist (a cold build takes ~5 minutes; give the calling hook that long),
 * returning their paths. The build's progress goes to this process's stderr.
 */
export function ensureBinaries(): Promise<Binaries> {
  pending ??= run().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function run(): Promise<Binaries> {
  const dir = await runEnsureScript(
    ENSURE_BINARIES_SCRIPT,
    `kube-apiserver ${KUBE_VERSION} and etcd ${ETCD_VERSION} are not available, so the cluster tests cannot run`,
  );
  return { dir, kubeApiserver: join(dir, 'kube-apiserver'), etcd: join(dir, 'etcd') };
}

/**
 * Runs an ensure-*.sh script (which builds or finds binaries and prints their folder on its last
 * line of stdout, progress on stderr) and resolves with that folder; rejects with `failure` and
 * the script's own explanation.
 */
export function runEnsureScript(script: string, failure: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on('error', (error) => reject(new Error(`cannot run ${script}: ${error.message}`)));
    child.on('close', (code) => {
      const dir = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || dir === '') {
        reject(new Error(`${failure} (${script} exited with ${code}):\n${stderr.trim()}`));
        return;
      }
      resolve(dir);
    });
  });
}

/** Runs an ensure-*.sh script with `env` as its whole environment (30 s at most), for its tests. */
export function runEnsureScriptWith(script: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync('bash', [script], { env, encoding: 'utf8', timeout: 30_000 });
}

/**
 * Runs an ensure-*.sh script as on a machine without Go where nothing is built yet: the system's
 * PATH, and HOME and its cache (`cacheVariable`) an empty folder, removed afterwards.
 */
export async function runEnsureScriptWithoutGo(
  script: string,
  cacheVariable: string,
): Promise<SpawnSyncReturns<string>> {
  const cache = await mkdtemp(join(tmpdir(), 'strata-empty-cache-'));
  try {
    return runEnsureScriptWith(script, { PATH: '/usr/bin:/bin', HOME: cache, [cacheVariable]: cache });
  } finally {
    await rm(cache, { recursive: true, force: true });
  }
}
