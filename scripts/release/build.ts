/**
 * `scripts/dev release [all|npm|standalone|krew|headlamp]` → dist-release/:
 *
 *   strata-gitops-<v>.tgz                      the npm package (bins strata, kubectl-strata)
 *   standalone-bundle/strata.js                the one-file bundle the binaries are made of
 *   strata-<os>-<arch>                         the standalone executable of this platform
 *   strata-v<v>-<os>-<arch>.tar.gz             it and the licence, for krew and downloads
 *   krew/strata.yaml                           the krew manifest of every binary archive here
 *   strata-headlamp-plugin-v<v>.tar.gz         the Headlamp plugin, unpacking to strata/
 *   headlamp/artifacthub-pkg.yml               its plugin catalog entry
 *   SHA256SUMS, release.json                   checksums; what was built, for the tests
 *
 * `standalone --bundle FILE` makes this platform's binary of a bundle built elsewhere (the
 * release workflow's other platforms): it needs only Node 26, which runs these TypeScript files
 * itself, so the bundler (esbuild, a dependency) is imported by the steps that bundle.
 *
 * The version is the root package.json's (version.ts). STRATA_RELEASE_URL (with `{version}`)
 * says where the files will be published; STRATA_REPOSITORY_URL the project's home.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256 } from './files.ts';
import { krewManifest } from './krew.ts';
import { standalone } from './standalone.ts';
import { ROOT, releaseVersion } from './version.ts';

export const RELEASE_DIR = join(ROOT, 'dist-release');
const STEPS = ['all', 'npm', 'standalone', 'krew', 'headlamp'] as const;

const [step = 'all', ...options] = process.argv.slice(2);
const bundleOption = options[0] === '--bundle' ? options[1] : undefined;
if (
  !(STEPS as readonly string[]).includes(step) ||
  (options.length > 0 && (step !== 'standalone' || bundleOption === undefined || options.length > 2))
) {
  process.stderr.write(`usage: scripts/dev release [${STEPS.join('|')}] | standalone --bundle FILE\n`);
  process.exit(2);
}
const out = RELEASE_DIR;
const version = releaseVersion();
const log = (line: string) => process.stderr.write(`release: ${line}\n`);
const manifest: Record<string, unknown> = { version };
if (step === 'all') rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

if (step === 'all' || step === 'npm') {
  const { npmPackage } = await import('./npm-package.ts');
  const npm = await npmPackage(out, version);
  manifest.npm = { tarball: relative(out, npm.tarball), clientNodeChunk: npm.clientNodeChunk };
  log(relative(ROOT, npm.tarball));
}
if (step === 'all' || step === 'standalone') {
  const binary = await standalone(out, version, bundleOption);
  manifest.standalone = {
    platform: binary.platform,
    binary: relative(out, binary.binary),
    archive: relative(out, binary.archive),
  };
  log(`${relative(ROOT, binary.binary)} (${(statSync(binary.binary).size / 2 ** 20).toFixed(0)} MiB)`);
}
if (step === 'all' || step === 'krew') log(relative(ROOT, krewManifest(out, version)));
if (step === 'all' || step === 'headlamp') {
  const { headlampArchive } = await import('./headlamp.ts');
  const headlamp = headlampArchive(out, version);
  manifest.headlamp = {
    archive: relative(out, headlamp.archive),
    metadata: relative(out, headlamp.metadata),
  };
  log(`${relative(ROOT, headlamp.archive)}, ${relative(ROOT, headlamp.metadata)}`);
}
rmSync(join(out, '.stage'), { recursive: true, force: true });
const published = readdirSync(out).filter(
  (f) => /\.(tgz|tar\.gz)$/.test(f) || /^strata-[a-z]+-[a-z0-9]+(\.exe)?$/.test(f),
);
writeFileSync(
  join(out, 'SHA256SUMS'),
  published
    .sort()
    .map((f) => `${sha256(join(out, f))}  ${f}\n`)
    .join(''),
);
if (step === 'all') writeFileSync(join(out, 'release.json'), `${JSON.stringify(manifest, null, 2)}\n`);
log(`strata ${version} in ${relative(ROOT, out)}/`);
