/**
 * The Headlamp plugin archive: `strata/` with the built main.js and a package.json Headlamp
 * reads, gzipped; and artifacthub-pkg.yml, Headlamp's plugin catalog entry for it, with the
 * version, the archive's address and checksum. Written into the release folder only: the
 * packaging changes no tracked file.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { sha256, tarGz } from './files.ts';
import { ROOT, releaseUrl } from './version.ts';

const PLUGIN_ROOT = join(ROOT, 'packages/headlamp-plugin');
/** The folder the archive unpacks to, in Headlamp's plugins folder. */
export const HEADLAMP_FOLDER = 'strata';

export interface HeadlampArchive {
  readonly archive: string;
  readonly metadata: string;
}

export function headlampArchive(out: string, version: string): HeadlampArchive {
  const source = JSON.parse(readFileSync(join(PLUGIN_ROOT, 'package.json'), 'utf8')) as {
    description: string;
    license: string;
    devDependencies: Record<string, string>;
  };
  // Headlamp disables ("Incompatible plugins disabled") a plugin whose package.json names no
  // @kinvolk/headlamp-plugin version it supports (≥ 0.8 in Headlamp 0.45): name the SDK built with.
  const manifest = {
    name: 'strata',
    version,
    description: source.description,
    license: source.license,
    devDependencies: { '@kinvolk/headlamp-plugin': source.devDependencies['@kinvolk/headlamp-plugin'] },
  };
  const env = { ...process.env, NODE_ENV: 'production' };
  buildCoreIfStale(env);
  // Built in a folder of its own (the plugin's sources and dependencies linked in), so the
  // plugin's dist/, which the browser test serves meanwhile, is left alone, and the SDK names the
  // plugin after the package.json Headlamp will read.
  const build = join(out, '.stage', 'headlamp-build');
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  for (const linked of ['src', 'node_modules']) symlinkSync(join(PLUGIN_ROOT, linked), join(build, linked));
  copyFileSync(join(PLUGIN_ROOT, 'tsconfig.json'), join(build, 'tsconfig.json'));
  writeFileSync(join(build, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  execFileSync(join(PLUGIN_ROOT, 'node_modules/.bin/headlamp-plugin'), ['build', build], {
    cwd: build,
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const stage = join(out, '.stage', 'headlamp');
  rmSync(stage, { recursive: true, force: true });
  const folder = join(stage, HEADLAMP_FOLDER);
  mkdirSync(folder, { recursive: true });
  cpSync(join(build, 'dist'), folder, { recursive: true });
  copyFileSync(join(build, 'package.json'), join(folder, 'package.json'));

  mkdirSync(out, { recursive: true });
  const file = `strata-headlamp-plugin-v${version}.tar.gz`;
  const archive = join(out, file);
  tarGz(archive, [{ name: HEADLAMP_FOLDER, path: folder }]);
  const created = new Date(Number(process.env.SOURCE_DATE_EPOCH ?? Date.now() / 1000) * 1000);
  const metadata = join(out, 'headlamp', 'artifacthub-pkg.yml');
  mkdirSync(join(out, 'headlamp'), { recursive: true });
  writeFileSync(
    metadata,
    `# Artifact Hub's entry for Headlamp's plugin catalog, written by scripts/release/headlamp.ts.
version: ${version}
name: strata
displayName: "strata: GitOps layers (Flux + Argo CD)"
createdAt: "${created.toISOString().replace(/\.\d+Z$/, 'Z')}"
description: ${JSON.stringify(source.description)}
license: ${source.license}
keywords:
  - flux
  - argocd
  - gitops
  - root cause
  - headlamp
category: monitoring-logging
annotations:
  headlamp/plugin/archive-url: "${releaseUrl(version, file)}"
  headlamp/plugin/archive-checksum: "sha256:${sha256(archive)}"
  headlamp/plugin/version-compat: ">=0.26"
  headlamp/plugin/distro-compat: "web,app,in-cluster,desktop"
`,
  );
  return { archive, metadata };
}

/**
 * The plugin bundles the core's built JavaScript: built when older than its sources, and only
 * then (`pnpm run build` has made it in CI; rebuilding removes it while other tests read it).
 */
function buildCoreIfStale(env: NodeJS.ProcessEnv): void {
  const core = join(ROOT, 'packages/core');
  const built = join(core, 'dist/index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newest(join(core, 'src'))) return;
  execFileSync('pnpm', ['--filter', '@strata/core', 'run', 'build'], { cwd: ROOT, stdio: 'ignore', env });
}

function newest(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { recursive: true, encoding: 'utf8' }).map(
      (f) => statSync(join(folder, f)).mtimeMs,
    ),
  );
}
