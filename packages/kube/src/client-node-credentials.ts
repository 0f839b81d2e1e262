/**
 * Exec credential plugins, auth providers (OIDC, Azure, GCP) and proxy-url, by
 * @kubernetes/client-node's KubeConfig. Its import costs ~85 MiB and ~230 ms, so it happens on
 * the first request of a connection that needs it, never at start-up: only type imports of it
 * may stand at the top of any module (they are erased).
 */
import type https from 'node:https';
import type { Cluster, KubeConfig, User } from '@kubernetes/client-node';
import { asRecord } from '@strata/core';
import type { RequestCredentials } from './credentials.ts';
import { firstLine, TransportError } from './errors.ts';
import type { KubeConnection, KubeUser } from './kubeconfig-model.ts';

const CONTEXT = 'strata';

/** Only the keys whose value is defined (client-node's types have exact optional properties). */
function defined<T extends object>(record: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

function toCluster(connection: KubeConnection): Cluster {
  const { cluster } = connection;
  const data = cluster.certificateAuthorityData;
  return defined<Cluster>({
    name: cluster.name,
    server: cluster.server,
    // Data wins over a file, as in credentials.ts (client-node would read the file).
    caData: data,
    caFile: data === undefined ? cluster.certificateAuthority : undefined,
    // client-node refuses plain http unless verification is off, which means nothing without TLS.
    skipTLSVerify: cluster.insecureSkipTlsVerify || cluster.server.startsWith('http:'),
    tlsServerName: cluster.tlsServerName,
    proxyUrl: cluster.proxyUrl,
  });
}

function toUser(user: KubeUser | undefined): User {
  // client-node applies no TLS settings without a user: an anonymous context gets an empty one.
  if (user === undefined) return { name: '' };
  return defined<User>({
    name: user.name,
    token: user.token,
    certData: user.clientCertificateData,
    certFile: user.clientCertificateData === undefined ? user.clientCertificate : undefined,
    keyData: user.clientKeyData,
    keyFile: user.clientKeyData === undefined ? user.clientKey : undefined,
    username: user.username,
    password: user.password,
    impersonateUser: user.impersonate,
    exec: user.exec,
    authProvider: user.authProvider,
  });
}

/** A KubeConfig of this one cluster, user and context. */
async function kubeConfigFor(connection: KubeConnection): Promise<KubeConfig> {
  let module: typeof import('@kubernetes/client-node');
  try {
    module = await import('@kubernetes/client-node');
  } catch (error) {
    const reason = error instanceof Error ? firstLine(error.message, 160) : String(error);
    throw new TransportError(
      'credentials',
      `cannot load @kubernetes/client-node, needed for the exec plugin, auth provider or proxy of this context: ${reason}`,
    );
  }
  const config = new module.KubeConfig();
  const user = toUser(connection.user);
  config.loadFromOptions({
    clusters: [toCluster(connection)],
    users: [user],
    contexts: [{ name: CONTEXT, cluster: connection.cluster.name, user: user.name }],
    currentContext: CONTEXT,
  });
  return config;
}

/**
 * The one KubeConfig is kept for the connection's life: client-node caches exec credentials
 * and refreshed OIDC tokens in it, and its agent.
 */
export class ClientNodeCredentials implements RequestCredentials {
  private readonly connection: KubeConnection;
  private config: Promise<KubeConfig> | undefined;

  constructor(connection: KubeConnection) {
    this.connection = connection;
  }

  async apply(options: https.RequestOptions): Promise<void> {
    if (this.config === undefined) {
      const config = kubeConfigFor(this.connection);
      this.config = config;
      config.catch(() => {
        if (this.config === config) this.config = undefined;
      });
    }
    const config = await this.config;
    try {
      await config.applyToHTTPSOptions(options);
    } catch (error) {
      throw credentialError(error, this.connection.user);
    }
  }
}

/** Why credentials could not be had: an exec plugin, an OIDC refresh or a key file. */
function credentialError(error: unknown, user: KubeUser | undefined): TransportError {
  const record = asRecord(error);
  const syscall = typeof record?.syscall === 'string' ? record.syscall : '';
  const path = typeof record?.path === 'string' ? record.path : undefined;
  const code = typeof record?.code === 'string' ? record.code : undefined;
  const exec = user?.exec ?? asRecord(asRecord(user?.authProvider?.config)?.exec);
  const command = typeof exec?.command === 'string' ? exec.command : undefined;
  const who = user === undefined ? '' : ` of user ${user.name}`;
  if (syscall.startsWith('spawn')) {
    return new TransportError(
      'credentials',
      `the exec credential plugin ${command ?? path ?? '?'}${who} could not be started (${code ?? 'spawn failed'}): is it installed and on PATH?`,
      code,
    );
  }
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return new TransportError(
      'credentials',
      `cannot read ${path ?? 'a file named in the kubeconfig'}${who}: ${code === 'ENOENT' ? 'no such file' : code}`,
      code,
    );
  }
  const message = error instanceof Error ? firstLine(error.message, 200) : firstLine(String(error), 200);
  if (command !== undefined) {
    return new TransportError(
      'credentials',
      `the exec credential plugin ${command}${who} failed${message === '' ? '' : `: ${message}`}`,
    );
  }
  const provider = user?.authProvider?.name;
  if (typeof provider === 'string') {
    return new TransportError('credentials', `the ${provider} auth provider${who} failed: ${message}`);
  }
  return new TransportError('credentials', `cannot get the credentials${who}: ${message}`);
}
