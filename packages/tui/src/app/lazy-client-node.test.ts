import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./lazy-client-node.test-support.ts', import.meta.url));

describe('@kubernetes/client-node', () => {
  // Only a fresh process shows what is loaded: vitest's own module graph is shared.
  it.skipIf(!('registerHooks' in nodeModule))(
    'is not loaded to start the UI and send a token request, and is for an exec plugin',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'strata-lazy-'));
      try {
        const { stdout } = await run(
          process.execPath,
          ['--conditions=@strata/source', '--import', 'tsx', child, dir],
          { cwd: root, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
        );
        expect(JSON.parse(stdout)).toMatchObject({
          token: { status: 200, clientNode: false },
          exec: { status: 200, clientNode: true },
        });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
