/**
 * The release, installed the way a user installs it (scripts/dev release builds it once here):
 * the npm package with a plain Node 22 into an empty prefix, the standalone binary on a PATH
 * with no node, both as `strata` and as `kubectl-strata`: the version, a report of saved
 * objects, the demo in a terminal, a report of the real API server with a token and with an
 * exec credential plugin (the bundled Kubernetes client, read only for that user). Then the
 * Headlamp archive unpacked into a plugins folder, loaded by the browser test host.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { twoLayerPlatform } from '@strata/core/fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../cluster/seed.ts';
import { CLUSTER_START_TIMEOUT_MS, useCluster } from '../cluster/vitest-cluster.ts';
import { launchChromium } from '../headlamp/chromium.ts';
import { type Browser, openHostPage } from '../headlamp/host-page.ts';
import { startHostServer } from '../headlamp/host-server.ts';
import { startProgram } from '../tui/pty-screen.ts';
import {
  buildRelease,
  installNpmPackage,
  plainNode22,
  type Ran,
  type Release,
  ROOT,
  runProgram,
} from './support.ts';

const run = promisify(execFile);
const cluster = useCluster();
const { objects, at } = twoLayerPlatform();
const EXAMPLE = join(ROOT, 'examples/two-layer-platform.yaml');
const FIRST_ROOT = /^1\. {2}HelmRelease\/flux-system\/cert-manager {2}failing {2}InstallFailed$/m;
const ENTER_ALT = '\u001b[?1049h';
const LEAVE_ALT = '\u001b[?1049l';

let release: Release;
let tmp: string;
let node22: string;
let npmBin: string;
let standaloneBin: string;
let execKubeconfig: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'strata-release-'));
  [release, node22] = await Promise.all([buildRelease(), plainNode22()]);
  npmBin = await installNpmPackage(release.npm.tarball, join(tmp, 'prefix'), node22);
  // The binary from its archive, as krew or a person unpacks it, and linked as kubectl-strata.
  standaloneBin = join(tmp, 'standalone');
  await mkdir(standaloneBin);
  await run('tar', ['-xzf', release.standalone.archive, '-C', standaloneBin]);
  await symlink('strata', join(standaloneBin, 'kubectl-strata'));
  await mkdir(join(tmp, 'home'));
  await seed(cluster(), objects, { timeShift: { from: at } });
  execKubeconfig = await writeExecKubeconfig();
}, CLUSTER_START_TIMEOUT_MS);

afterAll(async () => {
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
});

/** A kubeconfig whose user gets the admin token from an exec credential plugin (a shell script). */
async function writeExecKubeconfig(): Promise<string> {
  const credential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: cluster().adminToken },
  });
  const plugin = join(tmp, 'credential-plugin');
  await writeFile(plugin, `#!/bin/sh\nprintf '%s' '${credential}'\n`);
  await chmod(plugin, 0o755);
  const path = join(tmp, 'kubeconfig-exec');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'test',
        cluster: {
          server: cluster().server,
          'certificate-authority-data': Buffer.from(cluster().ca).toString('base64'),
        },
      },
    ],
    users: [
      {
        name: 'exec',
        user: {
          exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' },
        },
      },
    ],
    contexts: [{ name: 'exec', context: { cluster: 'test', user: 'exec' } }],
    'current-context': 'exec',
  };
  await writeFile(path, JSON.stringify(config));
  return path;
}

interface Install {
  readonly strata: string;
  readonly kubectlStrata: string;
  /** The whole environment: no KUBECONFIG, an empty HOME, PATH as the install needs it. */
  readonly env: Readonly<Record<string, string>>;
}

const INSTALLS: Record<string, () => Install> = {
  'the npm package installed with Node 22': () => ({
    strata: join(npmBin, 'strata'),
    kubectlStrata: join(npmBin, 'kubectl-strata'),
    env: { HOME: join(tmp, 'home'), PATH: `${npmBin}:${node22}:/usr/bin:/bin` },
  }),
  'the standalone binary on a PATH with no node': () => ({
    strata: join(standaloneBin, 'strata'),
    kubectlStrata: join(standaloneBin, 'kubectl-strata'),
    env: { HOME: join(tmp, 'home'), PATH: standaloneBin },
  }),
};

function expectReport(ran: Ran): void {
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(1);
  expect(ran.stdout).toMatch(/^11 of 47 not ready, 4 root causes:$/m);
  expect(ran.stdout).toMatch(FIRST_ROOT);
}

describe.each(Object.keys(INSTALLS))('%s', { timeout: 120_000 }, (name) => {
  const install = () => INSTALLS[name]!();

  it('runs on the Node it was installed with, or with none at all', async () => {
    const { env } = install();
    const node = await runProgram('/bin/sh', ['-c', 'command -v node || echo none'], env);
    if (env.PATH === standaloneBin) expect(node.stdout.trim()).toBe('none');
    else expect(node.stdout.trim()).toBe(join(node22, 'node'));
  });

  it('says its version, as strata and as kubectl-strata', async () => {
    const { strata, kubectlStrata, env } = install();
    const rootVersion = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;
    expect(release.version).toBe(rootVersion);
    for (const program of [strata, kubectlStrata])
      expect(await runProgram(program, ['--version'], env)).toEqual({
        code: 0,
        stdout: `strata ${rootVersion}\n`,
        stderr: '',
      });
  });

  it('reports saved objects: cert-manager first, exit 1', async () => {
    const { strata, kubectlStrata, env } = install();
    expectReport(await runProgram(strata, ['report', '--file', EXAMPLE], env));
    expectReport(await runProgram(kubectlStrata, ['report', '--file', EXAMPLE], env));
    // As a kubectl plugin its help names it as the user calls it.
    expect((await runProgram(kubectlStrata, ['--help'], env)).stdout).toMatch(/^kubectl strata: /);
    expect((await runProgram(strata, ['--help'], env)).stdout).toMatch(/^strata: /);
  });

  it('shows the demo in a terminal and quits cleanly on q', async () => {
    const { strata, env } = install();
    const ui = startProgram(strata, ['--demo'], { env });
    try {
      // The title is drawn a frame before the rows: wait for the first row itself.
      const firstRow = /^ 1 HelmRelease\/flux-system\/cert-manager +flux +failing +InstallFailed/m;
      const screen = await ui.waitFor(firstRow, 60_000);
      expect(screen).toContain('Root causes [4]');
      expect(screen).toContain('● DEMO: not a real cluster');
      ui.press('q');
      expect(await ui.exited(20_000)).toBe(0);
      // The terminal was put back: the last alternate-screen switch is the one leaving it.
      expect(ui.raw().lastIndexOf(LEAVE_ALT)).toBeGreaterThan(ui.raw().lastIndexOf(ENTER_ALT));
    } finally {
      ui.kill();
    }
  });

  it('reports the API server of a kubeconfig, with a token and with an exec credential plugin', async () => {
    const { strata, env } = install();
    expectReport(await runProgram(strata, ['report', '--kubeconfig', cluster().kubeconfigPath], env));
    expectReport(await runProgram(strata, ['report', '--kubeconfig', execKubeconfig], env));
  });
});

describe('the npm package', { timeout: 120_000 }, () => {
  it('has no dependencies, needs Node 22, and carries its licences', async () => {
    const root = join(npmBin, '../lib/node_modules/strata-gitops');
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'strata-gitops',
      version: release.version,
      engines: { node: '>=22' },
    });
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
    expect(await readFile(join(root, 'LICENSE'), 'utf8')).toContain('Apache License');
    const thirdParty = await readFile(join(root, 'THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const bundled of ['ink@', 'react@', 'yaml@', '@kubernetes/client-node@'])
      expect(thirdParty).toContain(bundled);
  });

  it("bundles React's production build only", async () => {
    const dist = join(npmBin, '../lib/node_modules/strata-gitops/dist');
    const files = await readdir(dist, { recursive: true });
    const code = await Promise.all(
      files.filter((f) => f.endsWith('.js')).map((f) => readFile(join(dist, f), 'utf8')),
    );
    expect(code.join('\n')).toContain('ink');
    // A warning only React's development build (react-reconciler's, under Ink) has.
    for (const text of code) expect(text).not.toContain('unique "key" prop');
  });

  it('runs with npx from the tarball alone, in a folder that is not the repository', async () => {
    const elsewhere = await mkdtemp(join(tmp, 'npx-'));
    const env = {
      HOME: join(tmp, 'home'),
      PATH: `${node22}:/usr/bin:/bin`,
      npm_config_cache: join(elsewhere, '.npm'),
    };
    // `npx strata-gitops …` runs the package's bin of that name (it has three).
    const args = ['exec', '--yes', '--offline', `--package=${release.npm.tarball}`, '--', 'strata-gitops'];
    expectReport(await runProgram('npm', [...args, 'report', '--file', EXAMPLE], env, { cwd: elsewhere }));
  });

  it('reads the Kubernetes client only for a user that needs it (an exec plugin), not for a token', async () => {
    const root = join(npmBin, '../lib/node_modules/strata-gitops');
    const hook = join(tmp, 'resolve-log.mjs');
    await writeFile(
      hook,
      `import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    appendFileSync(process.env.RESOLVE_LOG, result.url + '\\n');
    return result;
  },
});
`,
    );
    const chunk = basename(release.npm.clientNodeChunk);
    expect(existsSync(join(root, release.npm.clientNodeChunk))).toBe(true);
    const resolvedFor = async (option: '--kubeconfig' | '--file', path: string): Promise<string> => {
      const log = join(tmp, `resolved-${option.slice(2)}-${basename(path)}`);
      const env = { HOME: join(tmp, 'home'), PATH: `${node22}:/usr/bin:/bin`, RESOLVE_LOG: log };
      const args = ['--import', pathToFileURL(hook).href, join(root, 'dist/strata.js'), 'report', option];
      expectReport(await runProgram(join(node22, 'node'), [...args, path], env));
      return readFile(log, 'utf8');
    };
    const chunks = (log: string) => new Set(log.split('\n').filter((url) => url.includes('/dist/chunks/')));
    const file = chunks(await resolvedFor('--file', EXAMPLE));
    const token = await resolvedFor('--kubeconfig', cluster().kubeconfigPath);
    // The hook sees the lazily read chunks: the cluster adapter's, which a report of a file does not read.
    expect([...chunks(token)].filter((url) => !file.has(url))).not.toEqual([]);
    expect(token).not.toContain(chunk);
    expect(await resolvedFor('--kubeconfig', execKubeconfig)).toContain(chunk);
  });
});

describe('the standalone archive', () => {
  it("holds the binary, strata's licence, the bundled packages' and Node's", async () => {
    expect((await readdir(standaloneBin)).sort()).toEqual([
      'LICENSE',
      'LICENSE.node',
      'THIRD-PARTY-LICENSES.txt',
      'kubectl-strata', // linked by the test
      'strata',
    ]);
    expect(await readFile(join(standaloneBin, 'LICENSE.node'), 'utf8')).toContain('Node.js');
    expect(await readFile(join(standaloneBin, 'THIRD-PARTY-LICENSES.txt'), 'utf8')).toContain(
      '@kubernetes/client-node@',
    );
  });
});

describe('the Headlamp plugin archive', { timeout: 180_000 }, () => {
  const CONTEXT = 'strata-release';
  const pluginRoot = join(ROOT, 'packages/headlamp-plugin');
  let plugins: string;
  let browser: Browser | undefined;
  let profile: string | undefined;
  let host: Awaited<ReturnType<typeof startHostServer>> | undefined;

  beforeAll(async () => {
    plugins = join(tmp, 'headlamp-plugins');
    await mkdir(plugins);
    await run('tar', ['-xzf', release.headlamp.archive, '-C', plugins]);
    // The Headlamp shell the browser test uses, from the SDK's lib (kept when up to date).
    await run(process.execPath, ['scripts/build-test-host.mjs', '--if-stale'], {
      cwd: pluginRoot,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    host = await startHostServer({
      hostDir: join(pluginRoot, 'dist-test-host'),
      pluginDir: join(plugins, 'strata'),
      cluster: { name: CONTEXT, server: cluster().server, token: cluster().adminToken, ca: cluster().ca },
    });
    ({ browser, profile } = await launchChromium<Browser>({ pluginRoot, profilePrefix: 'strata-release-' }));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  });

  it('unpacks to one folder named strata, and its catalog entry has the version and checksum', async () => {
    expect(await readdir(plugins)).toEqual(['strata']);
    expect((await readdir(join(plugins, 'strata'))).sort()).toEqual(['main.js', 'package.json']);
    const manifest = JSON.parse(await readFile(join(plugins, 'strata/package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: 'strata', version: release.version });
    // A real Headlamp loads only a plugin naming an SDK version ≥ 0.8 (the SDK-built host does not check).
    const [major, minor] = (manifest.devDependencies?.['@kinvolk/headlamp-plugin'] ?? '')
      .replace(/^\D*/, '')
      .split('.')
      .map(Number);
    expect(major! > 0 || minor! >= 8).toBe(true);
    const entry = await readFile(release.headlamp.metadata, 'utf8');
    const sha256 = createHash('sha256')
      .update(await readFile(release.headlamp.archive))
      .digest('hex');
    expect(entry).toMatch(new RegExp(`^version: ${release.version.replaceAll('.', '\\.')}$`, 'm'));
    expect(entry).toContain(`headlamp/plugin/archive-checksum: "sha256:${sha256}"`);
    expect(entry).toContain(`/strata-headlamp-plugin-v${release.version}.tar.gz"`);
  });

  it('loads in Headlamp and lists the root causes, cert-manager first', async () => {
    const page = await openHostPage(browser!, host!.url, CONTEXT, '/strata/rootcauses');
    try {
      await page.waitForSelector('[data-testid="root-cause-ref"]', { timeout: 60_000 });
      const refs = await page.$$eval('[data-testid="root-cause-ref"]', (els) =>
        els.map((e) => e.textContent),
      );
      expect(refs[0]).toBe('HelmRelease/flux-system/cert-manager');
    } finally {
      await page.close();
    }
  });
});
