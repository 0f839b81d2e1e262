import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import type { OutgoingHttpHeaders } from 'node:http';
import { type Agent, createServer, type RequestOptions, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFor, needsClientNode, TOKEN_FILE_TTL_MS } from './credentials.ts';
import { TransportError } from './errors.ts';
import type { KubeCluster, KubeConnection, KubeUser } from './kubeconfig-model.ts';
import { oneContextTransport } from './one-context-kubeconfig.test-support.ts';

const run = promisify(execFile);
const SecureContext = createSecureContext().constructor;

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-credentials-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const httpCluster: KubeCluster = { name: 'c', server: 'http://127.0.0.1:1', insecureSkipTlsVerify: false };
const httpsCluster: KubeCluster = { name: 'c', server: 'https://127.0.0.1:1', insecureSkipTlsVerify: false };

async function headersFor(connection: KubeConnection, now?: () => number): Promise<OutgoingHttpHeaders> {
  const options: RequestOptions = { headers: {} };
  await credentialsFor(connection, now === undefined ? {} : { now }).apply(options);
  return options.headers as OutgoingHttpHeaders;
}

async function failure(connection: KubeConnection): Promise<TransportError> {
  const error = await credentialsFor(connection)
    .apply({ headers: {} })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  if (!(error instanceof TransportError)) throw new Error(`expected a TransportError, got ${String(error)}`);
  return error;
}

const SECRETS = ['secret-token-123', 'hunter2', 'secret-key-material'];

function expectNoSecret(message: string): void {
  for (const secret of [...SECRETS, ...SECRETS.map((s) => Buffer.from(s).toString('base64'))]) {
    expect(message).not.toContain(secret);
  }
}

describe('credentialsFor', () => {
  it('hands exec plugins, auth providers and proxies to client-node, nothing else', () => {
    expect(needsClientNode({ cluster: httpsCluster, user: { name: 'u', token: 't' } })).toBe(false);
    expect(needsClientNode({ cluster: httpsCluster })).toBe(false);
    expect(needsClientNode({ cluster: httpsCluster, user: { name: 'u', exec: { command: 'x' } } })).toBe(
      true,
    );
    expect(
      needsClientNode({ cluster: httpsCluster, user: { name: 'u', authProvider: { name: 'oidc' } } }),
    ).toBe(true);
    expect(needsClientNode({ cluster: { ...httpsCluster, proxyUrl: 'http://proxy:3128' } })).toBe(true);
  });

  it('sends a bearer token, else basic auth, and the user to impersonate', async () => {
    expect(await headersFor({ cluster: httpCluster, user: { name: 'u', token: 't' } })).toEqual({
      Authorization: 'Bearer t',
    });
    const basic = { name: 'u', username: 'admin', password: 'hunter2', impersonate: 'jane' };
    expect(await headersFor({ cluster: httpCluster, user: basic })).toEqual({
      Authorization: `Basic ${Buffer.from('admin:hunter2').toString('base64')}`,
      'Impersonate-User': 'jane',
    });
    expect(await headersFor({ cluster: httpCluster, user: { ...basic, token: 't' } })).toMatchObject({
      Authorization: 'Bearer t',
    });
    expect(await headersFor({ cluster: httpCluster })).toEqual({});
  });

  it('reads the token-file again once a minute, keeping the last token while it cannot be read', async () => {
    const tokenFile = join(dir, 'rotating-token');
    await writeFile(tokenFile, 'one\n');
    let now = 1_000_000;
    const credentials = credentialsFor(
      { cluster: httpCluster, user: { name: 'u', token: 'from-load', tokenFile } },
      { now: () => now },
    );
    const bearer = async (): Promise<unknown> => {
      const options: RequestOptions = { headers: {} };
      await credentials.apply(options);
      return (options.headers as OutgoingHttpHeaders).Authorization;
    };
    expect(await bearer()).toBe('Bearer one');
    await writeFile(tokenFile, 'two\n');
    now += TOKEN_FILE_TTL_MS - 1;
    expect(await bearer()).toBe('Bearer one');
    now += 1;
    expect(await bearer()).toBe('Bearer two');
    await unlink(tokenFile);
    now += TOKEN_FILE_TTL_MS;
    expect(await bearer()).toBe('Bearer two');
    await writeFile(tokenFile, '');
    expect(await bearer()).toBe('Bearer two');
    await writeFile(tokenFile, 'three');
    expect(await bearer()).toBe('Bearer three');
  });

  it('says which token-file, certificate, key or CA file cannot be read, and whose', async () => {
    const missing = join(dir, 'missing');
    const user: KubeUser = { name: 'me', password: 'hunter2', username: 'admin' };
    for (const [connection, message] of [
      [{ cluster: httpCluster, user: { ...user, tokenFile: missing } }, `cannot read ${missing} of user me`],
      [
        { cluster: httpsCluster, user: { ...user, clientCertificate: missing, clientKeyData: 'eA==' } },
        `cannot read ${missing} of user me`,
      ],
      [
        { cluster: httpsCluster, user: { ...user, clientCertificateData: 'eA==', clientKey: missing } },
        `cannot read ${missing} of user me`,
      ],
      [
        { cluster: { ...httpsCluster, certificateAuthority: missing } },
        `cannot read ${missing} of cluster c`,
      ],
    ] as const) {
      const error = await failure(connection);
      expect(error).toMatchObject({
        failure: 'credentials',
        code: 'ENOENT',
        message: `${message}: no such file`,
      });
      expectNoSecret(error.message);
    }
    const folder = await failure({
      cluster: httpsCluster,
      user: { ...user, clientCertificate: dir, clientKeyData: 'eA==' },
    });
    expect(folder.message).toBe(`cannot read ${dir} of user me: is a directory`);
  });

  it('says a certificate or key cannot be used, without its content or any other secret', async () => {
    const key = Buffer.from('secret-key-material').toString('base64');
    const user: KubeUser = {
      name: 'me',
      token: 'secret-token-123',
      clientCertificateData: key,
      clientKeyData: key,
    };
    const broken = await failure({ cluster: httpsCluster, user });
    expect(broken.failure).toBe('credentials');
    expect(broken.message).toMatch(/^the client certificate and key of user me cannot be used: \S/);
    expectNoSecret(broken.message);
    const ca = await failure({ cluster: { ...httpsCluster, certificateAuthorityData: key } });
    expect(ca.message).toMatch(/^the certificate authority of cluster c cannot be used: \S/);
    expectNoSecret(ca.message);
    const keyless = await failure({
      cluster: httpsCluster,
      user: { name: 'me', clientCertificateData: key },
    });
    expect(keyless.message).toBe('user me has a client certificate but no key');
  });
});

/** Whether openssl can make the test certificates (Node cannot sign X.509 by itself). */
function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!hasOpenssl())('HttpsTransport over TLS', () => {
  let pki = '';
  let server: Server;
  let url = '';
  const pem: Record<'ca' | 'clientCert' | 'clientKey', string> = { ca: '', clientCert: '', clientKey: '' };

  /** A P-256 key and a certificate signed by the test CA (or self-signed, for the CA). */
  async function issue(name: string, subject: string, extensions: string, serial: number): Promise<void> {
    const key = [
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      `${name}.key`,
    ];
    if (name === 'ca') {
      await run(
        'openssl',
        ['req', '-x509', ...key, '-out', 'ca.crt', '-subj', subject, '-days', '2']
          .concat(['-addext', 'basicConstraints=critical,CA:TRUE'])
          .concat(['-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
        { cwd: pki },
      );
      return;
    }
    await writeFile(join(pki, `${name}.ext`), extensions);
    await run('openssl', ['req', ...key, '-out', `${name}.csr`, '-subj', subject], { cwd: pki });
    await run(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-set_serial',
        String(serial),
      ].concat(['-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`]),
      { cwd: pki },
    );
  }

  beforeAll(async () => {
    pki = await mkdtemp(join(tmpdir(), 'strata-pki-'));
    await issue('ca', '/CN=strata-test-ca', '', 1);
    await issue(
      'server',
      '/CN=kube-apiserver',
      'subjectAltName=IP:127.0.0.1,DNS:kube.internal\nextendedKeyUsage=serverAuth\n',
      2,
    );
    await issue('client', '/CN=me', 'extendedKeyUsage=clientAuth\n', 3);
    const read = (name: string) => readFile(join(pki, name), 'utf8');
    pem.ca = await read('ca.crt');
    pem.clientCert = await read('client.crt');
    pem.clientKey = await read('client.key');
    server = createServer(
      {
        key: await read('server.key'),
        cert: await read('server.crt'),
        ca: pem.ca,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const socket = req.socket as TLSSocket;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            cn: socket.getPeerCertificate().subject?.CN,
            sni: socket.servername || null,
            authorization: req.headers.authorization ?? null,
          }),
        );
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 60_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await rm(pki, { recursive: true, force: true });
  });

  const base64 = (text: string) => Buffer.from(text).toString('base64');

  /** A transport from a kubeconfig written next to the certificates (relative paths work). */
  async function transportFor(cluster: Record<string, unknown>, user: Record<string, unknown>) {
    return oneContextTransport(pki, url, cluster, user, 10_000);
  }

  const clientData = () => ({
    'client-certificate-data': base64(pem.clientCert),
    'client-key-data': base64(pem.clientKey),
  });

  it('trusts the server by certificate-authority-data and presents client certificate data', async () => {
    const transport = await transportFor(
      { 'certificate-authority-data': base64(pem.ca) },
      { ...clientData(), token: 't' },
    );
    expect(await transport.request({ method: 'GET', path: '/api' })).toEqual({
      status: 200,
      body: { cn: 'me', sni: null, authorization: 'Bearer t' },
    });
  });

  it('builds one TLS context for all its connections', async () => {
    const credentials = credentialsFor({
      cluster: { ...httpsCluster, certificateAuthorityData: base64(pem.ca) },
      user: {
        name: 'me',
        clientCertificateData: base64(pem.clientCert),
        clientKeyData: base64(pem.clientKey),
      },
    });
    const contexts = [];
    for (let i = 0; i < 2; i++) {
      const options: RequestOptions = { headers: {} };
      await credentials.apply(options);
      contexts.push((options.agent as Agent).options.secureContext);
    }
    expect(contexts[0]).toBeInstanceOf(SecureContext);
    expect(contexts[1]).toBe(contexts[0]);
  });

  it('reads the CA, client certificate and key from files next to the kubeconfig', async () => {
    const transport = await transportFor(
      { 'certificate-authority': 'ca.crt' },
      { 'client-certificate': 'client.crt', 'client-key': 'client.key' },
    );
    expect(await transport.request({ method: 'GET', path: '/api' })).toMatchObject({
      status: 200,
      body: { cn: 'me', authorization: null },
    });
  });

  it('refuses a server no configured CA vouches for, unless insecure-skip-tls-verify', async () => {
    const untrusted = await transportFor({}, clientData());
    await expect(untrusted.request({ method: 'GET', path: '/api' })).rejects.toMatchObject({
      name: 'TransportError',
      failure: 'tls',
    });
    const insecure = await transportFor({ 'insecure-skip-tls-verify': true }, clientData());
    expect(await insecure.request({ method: 'GET', path: '/api' })).toMatchObject({
      status: 200,
      body: { cn: 'me' },
    });
  });

  it('sends tls-server-name and checks the server certificate against it', async () => {
    const ca = { 'certificate-authority-data': base64(pem.ca) };
    const named = await transportFor({ ...ca, 'tls-server-name': 'kube.internal' }, clientData());
    expect(await named.request({ method: 'GET', path: '/api' })).toMatchObject({
      status: 200,
      body: { sni: 'kube.internal' },
    });
    const wrong = await transportFor({ ...ca, 'tls-server-name': 'other.example' }, clientData());
    await expect(wrong.request({ method: 'GET', path: '/api' })).rejects.toMatchObject({
      name: 'TransportError',
      failure: 'tls',
    });
  });

  it('is refused by a server that requires a client certificate when it has none', async () => {
    const transport = await transportFor({ 'certificate-authority-data': base64(pem.ca) }, { token: 't' });
    await expect(transport.request({ method: 'GET', path: '/api' })).rejects.toBeInstanceOf(TransportError);
  });
});
