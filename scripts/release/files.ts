/** Small file chores of the release build: checksums, tar archives. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** What goes into an archive: `path`, a file or a folder, under the name `name`. */
export interface ArchiveEntry {
  readonly name: string;
  readonly path: string;
}

/**
 * A gzipped tar (ustar) of `entries` (folders with all they hold), written in JavaScript so
 * that Linux, macOS and Windows release jobs make the same kind of archive with no tar of their
 * own. The same files give the same bytes: sorted, owned by root, dated SOURCE_DATE_EPOCH (the
 * release workflow sets the commit's time; 0 otherwise).
 */
export function tarGz(archive: string, entries: readonly ArchiveEntry[]): void {
  const mtime = Number(process.env.SOURCE_DATE_EPOCH ?? '0');
  const blocks: Buffer[] = [];
  const add = ({ name, path }: ArchiveEntry): void => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      blocks.push(header(`${name}/`, 0o755, 0, mtime, '5'));
      for (const child of readdirSync(path).sort())
        add({ name: `${name}/${child}`, path: join(path, child) });
      return;
    }
    const data = readFileSync(path);
    const executable = (stat.mode & 0o100) !== 0 || name.endsWith('.exe');
    blocks.push(header(name, executable ? 0o755 : 0o644, data.length, mtime, '0'), data);
    const padding = (512 - (data.length % 512)) % 512;
    if (padding > 0) blocks.push(Buffer.alloc(padding));
  };
  for (const entry of entries) add(entry);
  blocks.push(Buffer.alloc(1024));
  writeFileSync(archive, gzipSync(Buffer.concat(blocks), { level: 9 }));
}

function header(name: string, mode: number, size: number, mtime: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`${name}: longer than a tar name (100 bytes)`);
  const block = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => block.write(value, offset, length, 'utf8');
  const octal = (offset: number, length: number, value: number) =>
    field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, mtime);
  field(148, 8, ' '.repeat(8)); // the checksum counts its own field as spaces
  field(156, 1, type);
  field(257, 8, 'ustar\u000000');
  field(265, 32, 'root');
  field(297, 32, 'root');
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}
