import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_RUN_NOTICE, openDemoOrCluster } from './launch.ts';

/** The demo opens only when asked or on a first run; a kubeconfig that fails is an error. */
describe('openDemoOrCluster', () => {
  const saved = { ...process.env };
  let home: string;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'strata-home-'));
    process.env.HOME = home;
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_PORT;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  const options = { demo: false, readOnly: false } as const;

  it('opens the demo on a first run (no kubeconfig anywhere), and names it so', async () => {
    const opened = await openDemoOrCluster(options);
    expect('source' in opened && opened.source.kind).toBe('demo');
    expect('source' in opened && opened.notice).toBe(FIRST_RUN_NOTICE);
    if ('source' in opened) opened.source.close();
  });

  it('opens the demo when asked, whatever kubeconfig there is', async () => {
    const opened = await openDemoOrCluster({ ...options, demo: true, kubeconfig: '/nonexistent' });
    expect('source' in opened && opened.source.kind).toBe('demo');
    if ('source' in opened) opened.source.close();
  });

  it('is an error, never the demo, for a --kubeconfig that does not exist', async () => {
    expect(await openDemoOrCluster({ ...options, kubeconfig: '/nonexistent/kubeconfig' })).toEqual({
      error: '/nonexistent/kubeconfig: no such file',
    });
  });

  it('is an error for a --context the kubeconfig does not define', async () => {
    const path = join(home, 'config');
    writeFileSync(
      path,
      'apiVersion: v1\nkind: Config\ncurrent-context: a\nclusters: [{name: a, cluster: {server: "https://127.0.0.1:1"}}]\ncontexts: [{name: a, context: {cluster: a}}]\n',
    );
    const opened = await openDemoOrCluster({ ...options, kubeconfig: path, context: 'prdo' });
    expect(opened).toEqual({ error: `context prdo is not defined in ${path} (it has a)` });
  });

  it('is an error when KUBECONFIG names only files that do not exist', async () => {
    process.env.KUBECONFIG = join(home, 'missing');
    const opened = await openDemoOrCluster(options);
    expect('error' in opened && opened.error).toMatch(
      /^no kubeconfig: none of the files in KUBECONFIG exists/,
    );
  });
});
