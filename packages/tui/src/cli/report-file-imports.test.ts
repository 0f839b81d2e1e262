import { execFile } from 'node:child_process';
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./report-file-imports.test-support.ts', import.meta.url));

describe('strata report --file', () => {
  // Only a fresh process shows what is loaded: vitest's own module graph is shared. Reading
  // files needs none of the cluster adapter, and loading it would slow every report of a file.
  it.skipIf(!('registerHooks' in nodeModule))(
    'loads none of the cluster adapter but the file error wording',
    async () => {
      const { stdout, stderr } = await run(
        process.execPath,
        [
          '--conditions=@strata/source',
          '--import',
          'tsx',
          child,
          'report',
          '--file',
          'examples/two-layer-platform.yaml',
          '--at',
          '2026-11-22T10:00:00Z',
        ],
        { cwd: root, timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
      ).catch((error: { stdout: string; stderr: string; code: number }) => {
        // Exit status 1: something is not ready, as in the example.
        if (error.code !== 1) throw error;
        return error;
      });
      expect(stdout).toContain('root causes');
      const loaded = JSON.parse(stderr.trim().split('\n').at(-1) ?? '[]') as string[];
      expect(loaded.map((url) => url.slice(url.indexOf('/packages/kube/')))).toEqual([
        '/packages/kube/src/file-read-error.ts',
      ]);
    },
    60_000,
  );
});
