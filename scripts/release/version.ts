/**
 * The one version of every release artifact (npm package, binary, krew manifest, Headlamp
 * archive): the `version` field of the workspace's root package.json. Nothing else carries one.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function releaseVersion(): string {
  const version: unknown = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Error(`package.json: "version" must be a semantic version, not ${JSON.stringify(version)}`);
  return version;
}

/**
 * Where the release's files are published, from STRATA_RELEASE_URL (`{version}` is replaced):
 * the krew manifest and artifacthub-pkg.yml point there. The release workflow sets it; a local
 * build gets an address that says it was not set rather than one that looks real.
 */
export function releaseUrl(version: string, file: string): string {
  const template = process.env.STRATA_RELEASE_URL ?? 'https://STRATA_RELEASE_URL-not-set.invalid/v{version}';
  return `${template.replaceAll('{version}', version).replace(/\/+$/, '')}/${file}`;
}
