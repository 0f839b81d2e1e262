/**
 * The krew manifest (krew/strata.yaml, for the krew index): one platform entry for each binary
 * archive of this version in the release folder, with its address and sha256. krew links the
 * `strata` in the archive as `kubectl-strata`, so `kubectl strata …` runs it.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from './files.ts';
import { releaseUrl } from './version.ts';

const KREW_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64' };

export function krewManifest(out: string, version: string): string {
  const prefix = `strata-v${version}-`;
  const platforms = readdirSync(out)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.tar.gz'))
    .sort()
    .map((file) => {
      const [os, arch] = file.slice(prefix.length, -'.tar.gz'.length).split('-');
      if (os === undefined || arch === undefined || KREW_ARCH[arch] === undefined)
        throw new Error(`${file}: not strata-v<version>-<os>-<x64|arm64>.tar.gz`);
      return [
        `  - selector:`,
        `      matchLabels: { os: ${os}, arch: ${KREW_ARCH[arch]} }`,
        `    uri: ${releaseUrl(version, file)}`,
        `    sha256: ${sha256(join(out, file))}`,
        `    bin: ${os === 'windows' ? 'strata.exe' : 'strata'}`,
      ].join('\n');
    });
  if (platforms.length === 0) throw new Error(`no ${prefix}<platform>.tar.gz in ${out}`);
  const homepage = process.env.STRATA_REPOSITORY_URL ?? 'https://STRATA_REPOSITORY_URL-not-set.invalid';
  const manifest = `apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: strata
spec:
  version: v${version}
  homepage: ${homepage}
  shortDescription: Root causes across the Flux and Argo CD layers
  description: |
    strata shows a cluster's two GitOps layers (Flux for the platform, Argo CD for the
    applications) in a k9s-style terminal UI and follows every failure through dependsOn,
    sources, app-of-apps and the Flux to Argo CD boundary to the one object that broke.
    \`kubectl strata\` opens the UI; \`kubectl strata report\` prints the root causes.
  platforms:
${platforms.join('\n')}
`;
  mkdirSync(join(out, 'krew'), { recursive: true });
  const path = join(out, 'krew', 'strata.yaml');
  writeFileSync(path, manifest);
  return path;
}
