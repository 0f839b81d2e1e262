import { readFileSync } from 'node:fs';

// Set by the release build (scripts/release/bundle.ts): the bundle and the standalone binary
// have no workspace package.json beside them.
declare const STRATA_RELEASE_VERSION: string | undefined;

/**
 * strata's version: the one in the workspace's root package.json (every artifact's, see
 * scripts/release/version.ts), read from four levels up (src/cli and dist/cli alike), or the
 * one built into a release bundle.
 */
export function strataVersion(): string {
  if (typeof STRATA_RELEASE_VERSION === 'string') return STRATA_RELEASE_VERSION;
  const text = readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8');
  const version: unknown = JSON.parse(text).version;
  return typeof version === 'string' ? version : '0.0.0';
}
