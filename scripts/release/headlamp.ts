/**
 * The Headlamp plugin archive: `strata/` with the built main.js and a package.json Headlamp
 * reads, gzipped; and artifacthub-pkg.yml, Headlamp's plugin catalog entry for it, with the
 * version, the archive's address and checksum. Written into the release folder only: the
 * packaging changes no tracked file.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // The plugin bundles the core's built JavaScript.
  const env = { ...process.env, NODE_ENV: 'production' };
  execFileSync('pnpm', ['--filter', '@strata/core', 'run', 'build'], { cwd: ROOT, stdio: 'ignore', env });
  execFileSync(join(PLUGIN_ROOT, 'node_modules/.bin/headlamp-plugin'), ['build'], {
    cwd: PLUGIN_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  const source = JSON.parse(readFileSync(join(PLUGIN_ROOT, 'package.json'), 'utf8')) as {
    description: string;
    license: string;
  };
  const stage = join(out, '.stage', 'headlamp');
  rmSync(stage, { recursive: true, force: true });
  const folder = join(stage, HEADLAMP_FOLDER);
  mkdirSync(folder, { recursive: true });
  cpSync(join(PLUGIN_ROOT, 'dist'), folder, { recursive: true });
  const manifest = { name: 'strata', version, description: source.description, license: source.license };
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  mkdirSync(out, { recursive: true });
  const file = `strata-headlamp-plugin-v${version}.tar.gz`;
  const archive = join(out, file);
  tarGz(archive, stage, [HEADLAMP_FOLDER]);
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
