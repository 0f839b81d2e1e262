/**
 * ensure-binaries.sh: cached binaries come back at once; missing ones fail loudly, naming why.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENSURE_BINARIES_SCRIPT,
  ensureBinaries,
  runEnsureScriptWith,
  runEnsureScriptWithoutGo,
} from './binaries.ts';
import { CLUSTER_START_TIMEOUT_MS } from './vitest-cluster.ts';

describe('ensure-binaries.sh', () => {
  const run = (env: NodeJS.ProcessEnv) => runEnsureScriptWith(ENSURE_BINARIES_SCRIPT, env);

  it('fails loudly, naming the cause, when Go is missing and nothing is built', async () => {
    const result = await runEnsureScriptWithoutGo(ENSURE_BINARIES_SCRIPT, 'STRATA_KUBE_CACHE');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go is not on PATH.*cannot be built/);
    expect(result.stderr).toMatch(/KUBEBUILDER_ASSETS/);
    expect(result.stdout).toBe('');
  });

  it('fails loudly when KUBEBUILDER_ASSETS lacks the binaries', async () => {
    const assets = await mkdtemp(join(tmpdir(), 'strata-kube-assets-'));
    try {
      const result = run({ PATH: '/usr/bin:/bin', KUBEBUILDER_ASSETS: assets });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/has no executable 'kube-apiserver'/);
    } finally {
      await rm(assets, { recursive: true, force: true });
    }
  });

  it(
    'returns at once when the binaries are cached',
    async () => {
      await ensureBinaries(); // builds them on a cold cache
      const started = Date.now();
      const result = run(process.env);
      expect(result.status, result.stderr).toBe(0);
      expect(existsSync(join(result.stdout.trim(), 'kube-apiserver'))).toBe(true);
      expect(Date.now() - started).toBeLessThan(5_000);
    },
    CLUSTER_START_TIMEOUT_MS,
  );
});
