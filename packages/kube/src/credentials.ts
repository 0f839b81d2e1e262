/**
 * The kubeconfig's TLS settings and credentials, applied to each request's options.
 *
 * Tokens, token files, client certificates, CAs and basic auth are handled here. Exec plugins,
 * auth providers (OIDC, …) and proxies are handed to @kubernetes/client-node, imported on the
 * first request of such a user only (client-node-credentials.ts): importing it costs ~85 MiB
 * and ~230 ms, which no run should pay for a bearer token.
 *
 * Files are read on the first request and kept; a token-file is read again once a minute, as
 * client-go does, so a rotated token (projected service account tokens rotate hourly) is
 * picked up. Messages name files, users and clusters, never a token, key or password.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http, { type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { createSecureContext } from 'node:tls';
import { ClientNodeCredentials } from './client-node-credentials.ts';
import { firstLine, TransportError } from './errors.ts';
import { describeFileReadError } from './file-read-error.ts';
import type { KubeConnection, KubeUser } from './kubeconfig-model.ts';

export interface RequestCredentials {
  /**
   * Sets the agent (with the TLS settings) and the auth headers on one request's options; its
   * `headers`, if set, must be a record. Rejects with a TransportError('credentials').
   */
  apply(options: https.RequestOptions): Promise<void>;
}

export interface CredentialsOptions {
  /** The clock token-file re-reads are timed by (tests move it). */
  readonly now?: () => number;
}

/** How long a token read from a token-file is used before the file is read again (client-go's). */
export const TOKEN_FILE_TTL_MS = 60_000;

/** Whether the connection needs @kubernetes/client-node: exec plugins, auth providers, proxies. */
export function needsClientNode(connection: KubeConnection): boolean {
  return (
    connection.user?.exec !== undefined ||
    connection.user?.authProvider !== undefined ||
    connection.cluster.proxyUrl !== undefined
  );
}

export function credentialsFor(
  connection: KubeConnection,
  options: CredentialsOptions = {},
): RequestCredentials {
  return needsClientNode(connection)
    ? new ClientNodeCredentials(connection)
    : new KubeconfigCredentials(connection, options);
}

/** The request's headers, as the record the transport made. */
function headersOf(options: https.RequestOptions): OutgoingHttpHeaders {
  if (Array.isArray(options.headers)) throw new TypeError('request headers must be a record');
  options.headers ??= {};
  return options.headers as OutgoingHttpHeaders;
}

function readError(error: unknown, path: string, owner: string): TransportError {
  const code = (error as { code?: unknown } | null)?.code;
  return new TransportError(
    'credentials',
    `cannot read ${path} ${owner}: ${describeFileReadError(error)}`,
    typeof code === 'string' ? code : undefined,
  );
}

/** PEM from `-data` (base64), else from the file; undefined when neither is set. */
async function pem(
  file: string | undefined,
  data: string | undefined,
  owner: string,
): Promise<Buffer | undefined> {
  // client-go prefers the data when both are set (kubectl warns about it).
  if (data !== undefined) return Buffer.from(data, 'base64');
  if (file === undefined) return undefined;
  try {
    return await readFile(file);
  } catch (error) {
    throw readError(error, file, owner);
  }
}

function unusable(what: string, error: unknown): TransportError {
  // OpenSSL's messages name the routine that failed, never the content.
  const reason = error instanceof Error ? firstLine(error.message, 160) : 'invalid';
  return new TransportError('credentials', `${what} cannot be used: ${reason}`);
}

/**
 * Checks PEM up front, so a broken one is a credentials error rather than a failed handshake.
 * A CA bundle is parsed certificate by certificate: TLS would skip what is not a certificate.
 */
function checkPem(options: { ca?: Buffer; cert?: Buffer; key?: Buffer }, what: string): void {
  if (options.ca !== undefined) {
    const blocks = options.ca
      .toString('latin1')
      .match(/-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g);
    if (blocks === null) throw unusable(what, new Error('it holds no PEM certificate'));
    for (const block of blocks) {
      try {
        new X509Certificate(block);
      } catch (error) {
        throw unusable(what, error);
      }
    }
  }
  try {
    createSecureContext(options);
  } catch (error) {
    throw unusable(what, error);
  }
}

/** Everything but exec plugins, auth providers and proxies. */
class KubeconfigCredentials implements RequestCredentials {
  private readonly connection: KubeConnection;
  private readonly now: () => number;
  /** The agent, made on the first request; forgotten when making it failed, to try again. */
  private agent: Promise<http.Agent> | undefined;
  private fileToken: { readonly value: string; readonly readAt: number } | undefined;

  constructor(connection: KubeConnection, options: CredentialsOptions) {
    this.connection = connection;
    this.now = options.now ?? Date.now;
  }

  async apply(options: https.RequestOptions): Promise<void> {
    if (this.agent === undefined) {
      const agent = this.makeAgent();
      this.agent = agent;
      agent.catch(() => {
        if (this.agent === agent) this.agent = undefined;
      });
    }
    options.agent = await this.agent;
    const user = this.connection.user;
    if (user === undefined) return;
    const headers = headersOf(options);
    const token = await this.token(user);
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    else if (user.username !== undefined) {
      const basic = Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64');
      headers.Authorization = `Basic ${basic}`;
    }
    if (user.impersonate !== undefined) headers['Impersonate-User'] = user.impersonate;
  }

  private async makeAgent(): Promise<http.Agent> {
    const { cluster, user } = this.connection;
    // Plain http (`kubectl proxy`, a local test server) has nothing to verify.
    if (new URL(cluster.server).protocol === 'http:') return new http.Agent();
    // Only certificates and keys, which only a user has, are read on the user's behalf.
    const owner = `of user ${user?.name ?? ''}`;
    const [ca, cert, key] = await Promise.all([
      pem(cluster.certificateAuthority, cluster.certificateAuthorityData, `of cluster ${cluster.name}`),
      pem(user?.clientCertificate, user?.clientCertificateData, owner),
      pem(user?.clientKey, user?.clientKeyData, owner),
    ]);
    if ((cert === undefined) !== (key === undefined)) {
      throw new TransportError(
        'credentials',
        `user ${user?.name ?? ''} has a client ${cert === undefined ? 'key but no certificate' : 'certificate but no key'}`,
      );
    }
    if (ca !== undefined) checkPem({ ca }, `the certificate authority of cluster ${cluster.name}`);
    if (cert !== undefined && key !== undefined) {
      checkPem({ cert, key }, `the client certificate and key ${owner}`);
    }
    // No keep-alive, like client-node's agent: a connection per request, so none is sent on a
    // connection the server is just closing.
    // One TLS context for every connection: given only ca, cert and key, Node builds a new one
    // (parsing them again) for each connection, and a live view opens one per list and watch.
    return new https.Agent({
      secureContext: createSecureContext({
        ...(ca === undefined ? {} : { ca }),
        ...(cert === undefined ? {} : { cert }),
        ...(key === undefined ? {} : { key }),
      }),
      ...(cluster.tlsServerName === undefined ? {} : { servername: cluster.tlsServerName }),
      rejectUnauthorized: !cluster.insecureSkipTlsVerify,
    });
  }

  /**
   * The bearer token: the token-file's content when there is one (read at most once a minute;
   * while it cannot be read or is empty, the last token read), else the token as written.
   */
  private async token(user: KubeUser): Promise<string | undefined> {
    if (user.tokenFile === undefined) return user.token;
    const now = this.now();
    if (this.fileToken !== undefined && now - this.fileToken.readAt < TOKEN_FILE_TTL_MS) {
      return this.fileToken.value;
    }
    let value: string;
    try {
      value = (await readFile(user.tokenFile, 'utf8')).trim();
    } catch (error) {
      const last = this.fileToken?.value ?? user.token;
      if (last === undefined) throw readError(error, user.tokenFile, `of user ${user.name}`);
      return last;
    }
    // A file being rewritten may be empty for a moment.
    if (value === '') return this.fileToken?.value ?? user.token;
    this.fileToken = { value, readAt: now };
    return value;
  }
}
