import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKubeconfig } from './kubeconfig.ts';
import { HttpsTransport } from './transport.ts';

/**
 * An HTTPS transport through a kubeconfig of one context (cluster `c` at `server`, user `me`),
 * written as a new file in `dir` and loaded as strata loads one (relative paths resolve from `dir`).
 */
export async function oneContextTransport(
  dir: string,
  server: string,
  cluster: Record<string, unknown>,
  user: Record<string, unknown>,
  timeoutMs?: number,
): Promise<HttpsTransport> {
  const path = join(dir, `config-${Math.random()}`);
  await writeFile(
    path,
    stringify({
      clusters: [{ name: 'c', cluster: { server, ...cluster } }],
      users: [{ name: 'me', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'me' } }],
      'current-context': 'ctx',
    }),
  );
  const loaded = loadKubeconfig({ kubeconfig: path, env: {}, cwd: dir });
  if (!loaded.ok) throw new Error(loaded.error);
  return new HttpsTransport(loaded.config.connection, timeoutMs === undefined ? {} : { timeoutMs });
}
