/** Small file chores of the release build: checksums, tar archives. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * A gzipped tar of `entries` (relative to `cwd`), the same bytes for the same files: sorted,
 * owned by root, dated by SOURCE_DATE_EPOCH (the release workflow sets the commit's time).
 */
export function tarGz(archive: string, cwd: string, entries: readonly string[]): void {
  const mtime = `@${process.env.SOURCE_DATE_EPOCH ?? '0'}`;
  const tar = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=${mtime}`];
  execFileSync('sh', ['-c', 'tar -c "$@" | gzip -n -9 > "$0"', archive, ...tar, '-C', cwd, ...entries], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
