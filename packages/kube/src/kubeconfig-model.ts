/**
 * One kubeconfig file as data: its clusters, users and contexts, checked the way
 * @kubernetes/client-node checks them (same messages for missing names and servers), with
 * relative file paths made absolute against the file's folder, as kubectl does.
 *
 * Nothing is read here but the YAML text itself: token-file, certificates and keys are read by
 * the loader (kubeconfig.ts) and the credentials (credentials.ts).
 */
import { isAbsolute, join } from 'node:path';
import { asRecord } from '@strata/core';

export interface KubeCluster {
  readonly name: string;
  /** The server URL without a trailing slash. */
  readonly server: string;
  /** `certificate-authority`: an absolute path. */
  readonly certificateAuthority?: string;
  /** `certificate-authority-data`: base64 PEM. */
  readonly certificateAuthorityData?: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName?: string;
  readonly proxyUrl?: string;
}

export interface KubeUser {
  readonly name: string;
  /** The token as written, or (after loading) the token-file's content at load. */
  readonly token?: string;
  /** `token-file`: an absolute path, re-read while running (rotated tokens). */
  readonly tokenFile?: string;
  readonly clientCertificate?: string;
  readonly clientCertificateData?: string;
  readonly clientKey?: string;
  readonly clientKeyData?: string;
  readonly username?: string;
  readonly password?: string;
  /** `as`: the user to impersonate. */
  readonly impersonate?: string;
  /** Exec credential plugin, kept as written for @kubernetes/client-node. */
  readonly exec?: Readonly<Record<string, unknown>>;
  /** `auth-provider` (oidc, azure, gcp, …), kept as written for @kubernetes/client-node. */
  readonly authProvider?: Readonly<Record<string, unknown>>;
}

export interface KubeContext {
  readonly name: string;
  readonly cluster: string;
  readonly user?: string;
  readonly namespace?: string;
}

export interface KubeconfigFile {
  readonly clusters: readonly KubeCluster[];
  readonly users: readonly KubeUser[];
  readonly contexts: readonly KubeContext[];
  readonly currentContext?: string;
}

/** A kubeconfig that does not have the shape it must have; the message names the field. */
export class KubeconfigShapeError extends Error {}

/** A scalar as text: YAML reads `name: 2024` as a number, which is still meant as a name. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A non-empty scalar as text. */
function nonEmpty(value: unknown): string | undefined {
  const result = text(value);
  return result === undefined || result === '' ? undefined : result;
}

function absolute(base: string, path: string | undefined): string | undefined {
  return path === undefined || isAbsolute(path) ? path : join(base, path);
}

/** T with its optional properties also accepting undefined. */
type Loose<T> = { [K in keyof T]-?: object extends Pick<T, K> ? T[K] | undefined : T[K] };

/** Drops the keys whose value is undefined (exactOptionalPropertyTypes). */
function defined<T extends object>(record: Loose<T>): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

/** The value, or a shape error saying where it is missing. */
function present<T>(value: T | undefined, where: string): T {
  if (value === undefined) throw new KubeconfigShapeError(`${where} is missing`);
  return value;
}

function entries(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function parseCluster(entry: unknown, index: number, base: string): KubeCluster {
  const record = asRecord(entry);
  const name = present(nonEmpty(record?.name), `clusters[${index}].name`);
  const cluster = present(asRecord(record?.cluster), `clusters[${index}].cluster`);
  const server = present(nonEmpty(cluster.server), `clusters[${index}].cluster.server`);
  return defined<KubeCluster>({
    name,
    server: server.replace(/\/$/, ''),
    certificateAuthority: absolute(base, nonEmpty(cluster['certificate-authority'])),
    certificateAuthorityData: nonEmpty(cluster['certificate-authority-data']),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    tlsServerName: nonEmpty(cluster['tls-server-name']),
    proxyUrl: nonEmpty(cluster['proxy-url']),
  });
}

function parseUser(entry: unknown, index: number, base: string): KubeUser {
  const record = asRecord(entry);
  const name = present(nonEmpty(record?.name), `users[${index}].name`);
  // A user without a `user` map is anonymous, as client-node and kubectl take it.
  const user = asRecord(record?.user) ?? {};
  return defined<KubeUser>({
    name,
    token: nonEmpty(user.token),
    tokenFile: absolute(base, nonEmpty(user['token-file'])),
    clientCertificate: absolute(base, nonEmpty(user['client-certificate'])),
    clientCertificateData: nonEmpty(user['client-certificate-data']),
    clientKey: absolute(base, nonEmpty(user['client-key'])),
    clientKeyData: nonEmpty(user['client-key-data']),
    username: nonEmpty(user.username),
    password: text(user.password),
    impersonate: nonEmpty(user.as),
    exec: asRecord(user.exec),
    authProvider: asRecord(user['auth-provider']),
  });
}

function parseContext(entry: unknown, index: number): KubeContext {
  const record = asRecord(entry);
  const name = present(nonEmpty(record?.name), `contexts[${index}].name`);
  const context = present(asRecord(record?.context), `contexts[${index}].context`);
  const cluster = present(nonEmpty(context.cluster), `contexts[${index}].context.cluster`);
  return defined<KubeContext>({
    name,
    cluster,
    user: nonEmpty(context.user),
    namespace: nonEmpty(context.namespace),
  });
}

/**
 * A parsed kubeconfig document (a YAML map) as data; `base` is the folder of its file. Throws a
 * KubeconfigShapeError naming the first entry that lacks a name, a cluster or a server.
 */
export function parseKubeconfigDocument(
  document: Readonly<Record<string, unknown>>,
  base: string,
): KubeconfigFile {
  return defined<KubeconfigFile>({
    clusters: entries(document.clusters).map((entry, i) => parseCluster(entry, i, base)),
    users: entries(document.users).map((entry, i) => parseUser(entry, i, base)),
    contexts: entries(document.contexts).map((entry, i) => parseContext(entry, i)),
    currentContext: nonEmpty(document['current-context']),
  });
}

/** What a request needs from the kubeconfig: the chosen context's cluster and user. */
export interface KubeConnection {
  readonly cluster: KubeCluster;
  /** Absent for a context without a user (anonymous, or a `kubectl proxy`). */
  readonly user?: KubeUser;
}
