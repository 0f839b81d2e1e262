#!/usr/bin/env node
// `pnpm package`: builds the plugin (core bundled in), packs the tarball Headlamp installs into
// dist-package/<name>-<version>.tar.gz, and writes artifacthub-pkg.yml with its checksum.
// PLUGIN_ARCHIVE_URL sets where the tarball will be published (required for a catalog release).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const bin = join(root, 'node_modules/.bin/headlamp-plugin');
const env = { ...process.env, NODE_ENV: 'production' };
const out = join(root, 'dist-package');
const tarball = `${pkg.name.replace(/@/g, '').replace(/\//g, '-')}-${pkg.version}.tar.gz`;

execFileSync(bin, ['build'], { cwd: root, stdio: 'inherit', env });
rmSync(join(out, tarball), { force: true });
execFileSync(bin, ['package', '.', out], { cwd: root, stdio: 'inherit', env });
const sha256 = createHash('sha256')
  .update(readFileSync(join(out, tarball)))
  .digest('hex');
const url = process.env.PLUGIN_ARCHIVE_URL ?? `https://PLUGIN_ARCHIVE_URL-not-set.invalid/${tarball}`;

writeFileSync(
  join(root, 'artifacthub-pkg.yml'),
  `# Written by \`pnpm package\` (scripts/package.mjs): Artifact Hub's metadata for Headlamp's plugin catalog.
version: ${pkg.version}
name: strata
displayName: "strata: GitOps layers (Flux + Argo CD)"
createdAt: "${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"
description: ${JSON.stringify(pkg.description)}
license: ${pkg.license}
keywords:
  - flux
  - argocd
  - gitops
  - root cause
  - headlamp
category: monitoring-logging
annotations:
  headlamp/plugin/archive-url: "${url}"
  headlamp/plugin/archive-checksum: "sha256:${sha256}"
  headlamp/plugin/version-compat: ">=0.26"
  headlamp/plugin/distro-compat: "web,app,in-cluster,desktop"
`,
);
console.log(`${join(out, tarball)}\nsha256:${sha256}\nwrote artifacthub-pkg.yml`);
