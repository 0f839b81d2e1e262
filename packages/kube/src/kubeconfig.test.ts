import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type KubeconfigOptions, loadKubeconfig } from './kubeconfig.ts';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-kubeconfig-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Entry {
  readonly name: string;
  readonly server?: string;
  readonly namespace?: string;
  readonly user?: Record<string, unknown>;
  readonly cluster?: Record<string, unknown>;
}

function config(entries: readonly Entry[], current?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: entries.map((e) => ({
      name: e.name,
      cluster: { server: e.server ?? `https://${e.name}.example:6443`, ...e.cluster },
    })),
    users: entries.map((e) => ({ name: e.name, user: e.user ?? { token: `token-of-${e.name}` } })),
    contexts: entries.map((e) => ({
      name: e.name,
      context: {
        cluster: e.name,
        user: e.name,
        ...(e.namespace === undefined ? {} : { namespace: e.namespace }),
      },
    })),
    ...(current === undefined ? {} : { 'current-context': current }),
  });
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

function load(options: Partial<KubeconfigOptions>) {
  return loadKubeconfig({ env: {}, cwd: dir, ...options });
}

function ok(result: ReturnType<typeof loadKubeconfig>) {
  if (!result.ok) throw new Error(result.error);
  return result.config;
}

describe('loadKubeconfig', () => {
  it('reads --kubeconfig, its current context, and the namespace of the context', async () => {
    const path = await file('one', config([{ name: 'prod', namespace: 'apps' }], 'prod'));
    const resolved = ok(load({ kubeconfig: path }));
    expect(resolved).toMatchObject({
      context: 'prod',
      cluster: 'prod',
      user: 'prod',
      server: 'https://prod.example:6443',
      namespace: 'apps',
      namespaceExplicit: false,
      files: [path],
    });
    expect(resolved.connection).toEqual({
      cluster: { name: 'prod', server: 'https://prod.example:6443', insecureSkipTlsVerify: false },
      user: { name: 'prod', token: 'token-of-prod' },
    });
    expect(ok(load({ kubeconfig: path, namespace: 'other' }))).toMatchObject({
      namespace: 'other',
      namespaceExplicit: true,
    });
  });

  it('defaults the namespace to default and resolves --kubeconfig against the working directory', async () => {
    await file('rel/config', config([{ name: 'a' }], 'a'));
    expect(ok(load({ kubeconfig: 'rel/config' })).namespace).toBe('default');
  });

  it('fails in one line on a missing --kubeconfig, a directory, and invalid YAML', async () => {
    expect(load({ kubeconfig: 'nope.yaml' })).toEqual({ ok: false, error: 'nope.yaml: no such file' });
    expect(load({ kubeconfig: '.' })).toEqual({ ok: false, error: '.: is a directory' });
    const broken = await file('broken', 'clusters: [\n  - name: a\n bad');
    const result = load({ kubeconfig: broken });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(new RegExp(`^${broken}: not a valid kubeconfig: `));
    expect(!result.ok && result.error.includes('\n')).toBe(false);
    const list = await file('list', '- a\n- b\n');
    expect(load({ kubeconfig: list })).toEqual({
      ok: false,
      error: `${list}: not a valid kubeconfig: not a YAML map`,
    });
    const serverless = await file('serverless', stringify({ clusters: [{ name: 'x', cluster: {} }] }));
    expect(load({ kubeconfig: serverless })).toEqual({
      ok: false,
      error: `${serverless}: not a valid kubeconfig: clusters[0].cluster.server is missing`,
    });
  });

  it('names the contexts there are when --context names none of them', async () => {
    const path = await file('two', config([{ name: 'dev' }, { name: 'prod' }], 'dev'));
    expect(load({ kubeconfig: path, context: 'staging' })).toEqual({
      ok: false,
      error: `context staging is not defined in ${path} (it has dev, prod)`,
    });
    expect(ok(load({ kubeconfig: path, context: 'prod' })).server).toBe('https://prod.example:6443');
  });

  it('asks for --context when there is no current-context, or it names nothing', async () => {
    const none = await file('no-current', config([{ name: 'dev' }]));
    expect(load({ kubeconfig: none })).toEqual({
      ok: false,
      error: `no current-context is set in ${none}: pass --context NAME (it has dev)`,
    });
    const dangling = await file('dangling', config([{ name: 'dev' }], 'gone'));
    expect(load({ kubeconfig: dangling })).toEqual({
      ok: false,
      error: `current-context gone is not defined in ${dangling} (it has dev)`,
    });
  });

  it('says when a context names a cluster or user that is not defined', async () => {
    const path = await file(
      'broken-refs',
      stringify({
        clusters: [{ name: 'c', cluster: { server: 'https://c:6443' } }],
        users: [],
        contexts: [
          { name: 'no-cluster', context: { cluster: 'x', user: 'u' } },
          { name: 'no-user', context: { cluster: 'c', user: 'u' } },
        ],
      }),
    );
    expect(load({ kubeconfig: path, context: 'no-cluster' })).toEqual({
      ok: false,
      error: `context no-cluster names cluster x, which is not defined in ${path}`,
    });
    expect(load({ kubeconfig: path, context: 'no-user' })).toEqual({
      ok: false,
      error: `context no-user names user u, which is not defined in ${path}`,
    });
  });

  it('merges KUBECONFIG as kubectl does: missing files skipped, first definition and current-context win', async () => {
    const first = await file(
      'merge/first',
      config([{ name: 'shared', server: 'https://first:6443' }], 'shared'),
    );
    const second = await file(
      'merge/second',
      config([{ name: 'shared', server: 'https://second:6443' }, { name: 'only-second' }], 'only-second'),
    );
    const env = { KUBECONFIG: [join(dir, 'merge/missing'), first, second].join(delimiter) };
    const merged = ok(load({ env }));
    expect(merged).toMatchObject({ context: 'shared', server: 'https://first:6443', files: [first, second] });
    expect(ok(load({ env, context: 'only-second' })).server).toBe('https://only-second.example:6443');
    const reversed = ok(load({ env: { KUBECONFIG: [second, first].join(delimiter) } }));
    expect(reversed).toMatchObject({ context: 'only-second' });
    expect(ok(load({ env: { KUBECONFIG: [second, first].join(delimiter) }, context: 'shared' })).server).toBe(
      'https://second:6443',
    );
  });

  it('fails when no file of KUBECONFIG exists, and when there is no kubeconfig at all', async () => {
    const missing = join(dir, 'missing-a');
    expect(load({ env: { KUBECONFIG: missing } })).toEqual({
      ok: false,
      error: `no kubeconfig: none of the files in KUBECONFIG exists (${missing})`,
    });
    expect(load({ env: { HOME: join(dir, 'empty-home') } })).toEqual({
      ok: false,
      error:
        'no kubeconfig: pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config (or pass --file to read a snapshot)',
      // Only this case is a first run (the UI may open the demo); a KUBECONFIG that names nothing is not.
      none: true,
    });
  });

  it('reads ~/.kube/config when KUBECONFIG is not set', async () => {
    await file('home/.kube/config', config([{ name: 'home' }], 'home'));
    expect(ok(load({ env: { HOME: join(dir, 'home') } })).context).toBe('home');
  });

  it('makes relative file paths relative to the kubeconfig, token-file included, trimmed', async () => {
    await file('paths/token', 'secret-token\n');
    const path = await file(
      'paths/config',
      config(
        [
          {
            name: 'p',
            cluster: { 'certificate-authority': 'ca.crt' },
            user: { 'token-file': 'token', 'client-key': 'k.pem' },
          },
        ],
        'p',
      ),
    );
    const resolved = ok(load({ kubeconfig: path }));
    expect(resolved.connection.cluster.certificateAuthority).toBe(join(dir, 'paths/ca.crt'));
    expect(resolved.connection.user).toEqual({
      name: 'p',
      token: 'secret-token',
      tokenFile: join(dir, 'paths/token'),
      clientKey: join(dir, 'paths/k.pem'),
    });
  });

  it('keeps every setting of the cluster and user, exec and auth-provider as written', async () => {
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: 'aws',
      args: ['eks', 'get-token'],
      env: [{ name: 'AWS_PROFILE', value: 'prod' }],
    };
    const authProvider = { name: 'oidc', config: { 'idp-issuer-url': 'https://issuer.example' } };
    const path = await file(
      'full/config',
      config(
        [
          {
            name: 'full',
            server: 'https://full.example:6443/',
            cluster: {
              'certificate-authority-data': 'Q0E=',
              'certificate-authority': '/etc/ca.crt',
              'insecure-skip-tls-verify': true,
              'tls-server-name': 'api.internal',
              'proxy-url': 'socks5://proxy:1080',
            },
            user: {
              'client-certificate': 'certs/me.crt',
              'client-certificate-data': 'Q0VSVA==',
              'client-key-data': 'S0VZ',
              username: 'admin',
              password: 1234,
              as: 'jane',
              exec,
              'auth-provider': authProvider,
            },
          },
        ],
        'full',
      ),
    );
    expect(ok(load({ kubeconfig: path })).connection).toEqual({
      cluster: {
        name: 'full',
        server: 'https://full.example:6443',
        certificateAuthority: '/etc/ca.crt',
        certificateAuthorityData: 'Q0E=',
        insecureSkipTlsVerify: true,
        tlsServerName: 'api.internal',
        proxyUrl: 'socks5://proxy:1080',
      },
      user: {
        name: 'full',
        clientCertificate: join(dir, 'full/certs/me.crt'),
        clientCertificateData: 'Q0VSVA==',
        clientKeyData: 'S0VZ',
        username: 'admin',
        password: '1234',
        impersonate: 'jane',
        exec,
        authProvider,
      },
    });
  });

  it('names the entry that lacks a name, a cluster or a server, as client-node did', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ clusters: [{ cluster: { server: 'https://a' } }] }, 'clusters[0].name is missing'],
      [{ clusters: [{ name: 'a' }] }, 'clusters[0].cluster is missing'],
      [{ users: [{ name: 'u' }, { user: {} }] }, 'users[1].name is missing'],
      [{ contexts: [{ context: { cluster: 'a' } }] }, 'contexts[0].name is missing'],
      [{ contexts: [{ name: 'x' }] }, 'contexts[0].context is missing'],
      [{ contexts: [{ name: 'x', context: { user: 'u' } }] }, 'contexts[0].context.cluster is missing'],
    ];
    for (const [document, message] of cases) {
      const path = await file(`shape-${message}`, stringify(document));
      expect(load({ kubeconfig: path })).toEqual({
        ok: false,
        error: `${path}: not a valid kubeconfig: ${message}`,
      });
    }
  });

  it('uses a token written in the kubeconfig without reading its token-file', async () => {
    const path = await file(
      'both-tokens/config',
      config([{ name: 'p', user: { token: 'written', 'token-file': 'absent' } }], 'p'),
    );
    expect(ok(load({ kubeconfig: path })).connection.user).toEqual({
      name: 'p',
      token: 'written',
      tokenFile: join(dir, 'both-tokens/absent'),
    });
  });

  it('says which token-file cannot be read, without its content', async () => {
    const path = await file(
      'no-token/config',
      config([{ name: 'p', user: { 'token-file': 'absent' } }], 'p'),
    );
    expect(load({ kubeconfig: path })).toEqual({
      ok: false,
      error: `${path}: not a valid kubeconfig: a token-file it names: no such file`,
    });
  });

  it('falls back to the service account inside a Pod', async () => {
    const sa = join(dir, 'sa');
    await file('sa/token', 'sa-token\n');
    await file('sa/namespace', 'tenant\n');
    const resolved = ok(
      load({
        env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
        serviceAccountDir: sa,
      }),
    );
    expect(resolved).toMatchObject({
      context: 'in-cluster',
      server: 'https://10.96.0.1:443',
      namespace: 'tenant',
    });
    expect(resolved.connection).toEqual({
      cluster: {
        name: 'in-cluster',
        server: 'https://10.96.0.1:443',
        certificateAuthority: join(sa, 'ca.crt'),
        insecureSkipTlsVerify: false,
      },
      user: { name: 'service-account', token: 'sa-token', tokenFile: join(sa, 'token') },
    });
  });

  it('accepts a context without a user (anonymous) and plain http servers', async () => {
    const path = await file(
      'anon',
      stringify({
        clusters: [{ name: 'local', cluster: { server: 'http://127.0.0.1:8001' } }],
        contexts: [{ name: 'proxy', context: { cluster: 'local' } }],
        'current-context': 'proxy',
      }),
    );
    const resolved = ok(load({ kubeconfig: path }));
    expect(resolved).toMatchObject({ server: 'http://127.0.0.1:8001', user: undefined });
    expect(resolved.connection).toEqual({
      cluster: { name: 'local', server: 'http://127.0.0.1:8001', insecureSkipTlsVerify: false },
    });
  });
});
