#!/usr/bin/env node
// First: production React and the compile cache, before anything heavy loads.
import './startup.ts';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { programName } from '../cli/io.ts';
import { main } from '../cli/main.ts';

// `strata report ... | head` closes the pipe early: stop quietly instead of throwing EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: (chunk) => process.stdout.write(chunk),
    writeStdout: async (pieces) => {
      for (const piece of pieces) if (!process.stdout.write(piece)) await once(process.stdout, 'drain');
    },
    stderr: (chunk) => process.stderr.write(chunk),
    isTTY: process.stdout.isTTY === true,
    ...(process.stdout.columns === undefined ? {} : { columns: process.stdout.columns }),
    env: process.env,
    readFile: (path) => readFile(path, 'utf8'),
    readStdin: () => text(process.stdin),
    cwd: process.cwd(),
    program: programName(process.argv[1]),
  });
} catch (error) {
  // A bug, not bad input: one line, and the stack only when asked for.
  const message = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
  process.stderr.write(`strata: internal error: ${message}\n`);
  if (process.env.STRATA_DEBUG !== undefined && error instanceof Error)
    process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}
