/**
 * The floor of `strata report --file` on a JSON file: read it, `JSON.parse` it and walk every
 * value once, in a process of its own (run by plain Node, no tsx: the same start-up as the built
 * bin). Prints the values it touched.
 *
 *   node bench/files-floor.ts FILE
 */
import { readFileSync } from 'node:fs';

function walk(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 1;
  let count = 1;
  for (const child of Array.isArray(value) ? value : Object.values(value)) count += walk(child);
  return count;
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node bench/files-floor.ts FILE');
process.stdout.write(`${walk(JSON.parse(readFileSync(file, 'utf8')))}\n`);
