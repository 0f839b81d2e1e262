import { describe, expect, it } from 'vitest';
import { HAS_MODULE_HOOKS, runFresh } from '../fresh-process.test-support.ts';

describe('strata report --file', () => {
  // Reading files needs none of the cluster adapter, and loading it would slow every report of a file.
  it.skipIf(!HAS_MODULE_HOOKS)(
    'loads none of the cluster adapter but the file error wording',
    async () => {
      const ran = await runFresh(new URL('./report-file-imports.test-support.ts', import.meta.url), [
        'report',
        '--file',
        'examples/two-layer-platform.yaml',
        '--at',
        '2026-11-22T10:00:00Z',
      ]);
      expect(ran.code).toBe(1); // something is not ready, as in the example
      expect(ran.stdout).toContain('root causes');
      const loaded = JSON.parse(ran.stderr.trim().split('\n').at(-1) ?? '[]') as string[];
      expect(loaded.map((url) => url.slice(url.indexOf('/packages/kube/')))).toEqual([
        '/packages/kube/src/file-read-error.ts',
      ]);
    },
    60_000,
  );
});
