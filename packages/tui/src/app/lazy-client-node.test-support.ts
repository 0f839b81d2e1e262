/**
 * Run in a fresh process by lazy-client-node.test.ts: imports what a live `strata` run
 * imports (the UI launcher, the cluster adapter), makes a request as a token user and then as
 * an exec plugin user, and prints whether @kubernetes/client-node had been loaded after each.
 * Usage: node --conditions=@strata/source --import tsx <this file> <folder for kubeconfigs>
 */
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { registerHooks } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

// Every module resolved from here on, CommonJS or ESM: registered before the imports below,
// which are dynamic for that reason (static imports would be resolved before this runs).
const resolved: string[] = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.push(result.url);
    return result;
  },
});
const clientNodeLoaded = (): boolean => resolved.some((url) => url.includes('/@kubernetes/client-node/'));

await import('./launch.ts');
const { HttpsTransport, loadKubeconfig } = await import('@strata/kube');

const dir = process.argv[2] ?? '.';
const server = createServer((req, res) => {
  const ok = req.headers.authorization === 'Bearer good-token';
  res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
  res.end('{}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function requestAs(name: string, user: Record<string, unknown>): Promise<number> {
  const path = join(dir, `kubeconfig-${name}`);
  await writeFile(
    path,
    JSON.stringify({
      clusters: [{ name: 'c', cluster: { server: url } }],
      users: [{ name, user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: name } }],
      'current-context': 'ctx',
    }),
  );
  const loaded = loadKubeconfig({ kubeconfig: path, env: {}, cwd: dir });
  if (!loaded.ok) throw new Error(loaded.error);
  const response = await new HttpsTransport(loaded.config.connection).request({
    method: 'GET',
    path: '/api',
  });
  return response.status;
}

const token = { status: await requestAs('token', { token: 'good-token' }), clientNode: clientNodeLoaded() };
const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
const credential = JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1',
  kind: 'ExecCredential',
  status: { token: 'good-token' },
});
const exec = {
  status: await requestAs('exec', {
    exec: {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: ['-e', `process.stdout.write(${JSON.stringify(credential)})`],
    },
  }),
  clientNode: clientNodeLoaded(),
};
server.close();
process.stdout.write(`${JSON.stringify({ token, exec, rssMiB })}\n`);
