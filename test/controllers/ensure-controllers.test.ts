/**
 * ensure-controllers.sh: without Go and without a cached build it fails loudly, naming the
 * cause (the controller suites then fail, never skip); a cached build comes back at once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEnsureScriptWith, runEnsureScriptWithoutGo } from '../cluster/binaries.ts';
import { ENSURE_CONTROLLERS_SCRIPT, ensureControllers } from './controllers.ts';
import { LAB_START_MS } from './support.ts';

describe('ensure-controllers.sh', () => {
  it('fails loudly, naming the cause, when Go is missing and nothing is built', async () => {
    const result = await runEnsureScriptWithoutGo(ENSURE_CONTROLLERS_SCRIPT, 'STRATA_CONTROLLERS_CACHE');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Go is not on PATH, so the controllers cannot be built/);
    expect(result.stdout).toBe('');
  });

  it(
    'returns at once when the build is cached, with the binaries, CRDs and Argo CD config',
    async () => {
      await ensureControllers(); // builds them on a cold cache
      const started = Date.now();
      const result = runEnsureScriptWith(ENSURE_CONTROLLERS_SCRIPT, process.env);
      expect(result.status, result.stderr).toBe(0);
      const dir = result.stdout.trim();
      for (const file of [
        'bin/kube-controller-manager',
        'bin/source-controller',
        'bin/kustomize-controller',
        'bin/helm-controller',
        'bin/argocd',
        'bin/kustomize',
        'bin/git-verify-wrapper.sh',
        'crds/source.toolkit.fluxcd.io_gitrepositories.yaml',
        'crds/application-crd.yaml',
        'argocd-config/argocd-cm.yaml',
      ]) {
        expect(existsSync(join(dir, file)), file).toBe(true);
      }
      expect(Date.now() - started).toBeLessThan(5_000);
    },
    LAB_START_MS,
  );
});
