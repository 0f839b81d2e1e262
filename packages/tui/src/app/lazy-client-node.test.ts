import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_MODULE_HOOKS, runFresh } from '../fresh-process.test-support.ts';

describe('@kubernetes/client-node', () => {
  // Only a fresh process shows what is loaded: vitest's own module graph is shared.
  it.skipIf(!HAS_MODULE_HOOKS)(
    'is not loaded to start the UI and send a token request, and is for an exec plugin',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'strata-lazy-'));
      try {
        const ran = await runFresh(new URL('./lazy-client-node.test-support.ts', import.meta.url), [dir]);
        expect(ran.code).toBe(0);
        expect(JSON.parse(ran.stdout)).toMatchObject({
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
