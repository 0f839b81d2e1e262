/**
 * Reads kubeconfig the way kubectl does:
 * - `--kubeconfig PATH`: only that file, which must exist;
 * - else `KUBECONFIG`, a list of files (`:`-separated; `;` on Windows): files that do not exist
 *   are skipped, the others are merged: the first file to define a cluster, user or context by
 *   a name wins, and the first `current-context` set wins;
 * - else `~/.kube/config`; else, inside a Pod, the service account.
 * Then `--context` (or current-context) picks the context, and the namespace is `-n`, else the
 * context's, else `default`. Relative file paths inside a kubeconfig are relative to that file.
 *
 * Credentials (token, client certificate, exec plugins, OIDC) are applied per request by
 * @kubernetes/client-node's KubeConfig; nothing here prints them.
 */
import { readFileSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { type Cluster, type Context, KubeConfig, type User } from '@kubernetes/client-node';
import { asRecord } from '@strata/core';
import { parse } from 'yaml';
import { describeFileReadError } from '../file-read-error.ts';
import { firstLine } from './errors.ts';

export interface KubeconfigOptions {
  /** `--kubeconfig`. */
  readonly kubeconfig?: string;
  /** `--context`. */
  readonly context?: string;
  /** `-n`: overrides the context's namespace. */
  readonly namespace?: string;
  /** KUBECONFIG, HOME, KUBERNETES_SERVICE_HOST/PORT are read from here. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths (`--kubeconfig`, KUBECONFIG entries) start. */
  readonly cwd: string;
  /** Service account folder, for the in-cluster fallback (tests change it). */
  readonly serviceAccountDir?: string;
}

export interface ResolvedKubeconfig {
  /** With the chosen context made current: hand it to HttpsTransport. */
  readonly kubeConfig: KubeConfig;
  readonly context: string;
  readonly cluster: string;
  readonly user: string | undefined;
  /** The server URL, as written (no trailing slash). */
  readonly server: string;
  /** `-n`, else the context's namespace, else `default`. */
  readonly namespace: string;
  /** Whether the namespace came from `-n`. */
  readonly namespaceExplicit: boolean;
  /** The files read, in order (for messages). */
  readonly files: readonly string[];
}

export type KubeconfigResult =
  | { readonly ok: true; readonly config: ResolvedKubeconfig }
  | { readonly ok: false; readonly error: string };

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function isMissing(error: unknown): boolean {
  const code = asRecord(error)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

class KubeconfigError extends Error {}

interface LoadedFile {
  readonly path: string;
  readonly config: KubeConfig;
}

/** One kubeconfig file, parsed; relative paths in it made absolute. */
function loadFile(path: string, text: string): LoadedFile {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const message = error instanceof Error ? firstLine(error.message, 160) : 'invalid YAML';
    throw new KubeconfigError(`${path}: not a valid kubeconfig: ${message}`);
  }
  const config = new KubeConfig();
  if (document === null || document === undefined) return { path, config };
  const record = asRecord(document);
  if (record === undefined) throw new KubeconfigError(`${path}: not a valid kubeconfig: not a YAML map`);
  const base = dirname(path);
  // Paths in a kubeconfig are relative to the file, token-file included (client-node reads it
  // while loading, relative to the working directory).
  const users = Array.isArray(record.users)
    ? record.users.map((entry: unknown) => {
        const user = asRecord(asRecord(entry)?.user);
        const tokenFile = user?.['token-file'];
        if (typeof tokenFile !== 'string' || isAbsolute(tokenFile)) return entry;
        return { ...asRecord(entry), user: { ...user, 'token-file': join(base, tokenFile) } };
      })
    : record.users;
  try {
    config.loadFromString(JSON.stringify({ ...record, users }));
  } catch (error) {
    const message = isMissing(error)
      ? `a token-file it names: ${describeFileReadError(error)}`
      : error instanceof Error
        ? firstLine(error.message, 160)
        : 'unreadable';
    throw new KubeconfigError(`${path}: not a valid kubeconfig: ${message}`);
  }
  config.makePathsAbsolute(base);
  return { path, config };
}

/** kubectl's merge: first definition of a name wins, first current-context wins. */
function merge(files: readonly LoadedFile[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext: string | undefined;
  for (const { config } of files) {
    for (const cluster of config.clusters)
      if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.users) {
      // A token read from token-file keeps its trailing newline, which no header may carry.
      if (!users.has(user.name))
        users.set(user.name, typeof user.token === 'string' ? { ...user, token: user.token.trim() } : user);
    }
    for (const context of config.contexts)
      if (!contexts.has(context.name)) contexts.set(context.name, context);
    const current = config.getCurrentContext();
    if (currentContext === undefined && typeof current === 'string' && current !== '')
      currentContext = current;
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}

function readKubeconfigFile(path: string, label: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new KubeconfigError(`${label}: ${describeFileReadError(error)}`);
  }
  return loadFile(path, text);
}

function inCluster(options: KubeconfigOptions): KubeConfig | undefined {
  const host = options.env.KUBERNETES_SERVICE_HOST;
  const port = options.env.KUBERNETES_SERVICE_PORT;
  const dir = options.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  if (host === undefined || host === '' || port === undefined || port === '') return undefined;
  let token: string;
  try {
    token = readFileSync(join(dir, 'token'), 'utf8').trim();
  } catch {
    return undefined;
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile: join(dir, 'ca.crt'), skipTLSVerify: false }],
    users: [{ name: 'service-account', token }],
    contexts: [
      {
        name: 'in-cluster',
        cluster: 'in-cluster',
        user: 'service-account',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'in-cluster',
  });
  return config;
}

function load(options: KubeconfigOptions): { config: KubeConfig; files: string[] } {
  if (options.kubeconfig !== undefined) {
    const path = resolve(options.cwd, options.kubeconfig);
    return { config: merge([readKubeconfigFile(path, options.kubeconfig)]), files: [path] };
  }
  const list = options.env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    const paths = list
      .split(delimiter)
      .filter((p) => p !== '')
      .map((p) => resolve(options.cwd, p));
    const loaded: LoadedFile[] = [];
    for (const path of [...new Set(paths)]) {
      try {
        loaded.push(readKubeconfigFile(path, path));
      } catch (error) {
        // kubectl skips files of KUBECONFIG that do not exist; anything else is an error.
        if (error instanceof KubeconfigError && error.message === `${path}: no such file`) continue;
        throw error;
      }
    }
    if (loaded.length === 0) {
      throw new KubeconfigError(
        `no kubeconfig: none of the files in KUBECONFIG exists (${paths.join(delimiter)})`,
      );
    }
    return { config: merge(loaded), files: loaded.map((f) => f.path) };
  }
  const home = options.env.HOME ?? options.env.USERPROFILE;
  if (home !== undefined && home !== '') {
    const path = join(home, '.kube', 'config');
    try {
      return { config: merge([readKubeconfigFile(path, path)]), files: [path] };
    } catch (error) {
      if (!(error instanceof KubeconfigError && error.message === `${path}: no such file`)) throw error;
    }
  }
  const pod = inCluster(options);
  if (pod !== undefined) return { config: pod, files: [] };
  throw new KubeconfigError(
    'no kubeconfig: pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config (or pass --file to read a snapshot)',
  );
}

function list(names: readonly string[]): string {
  if (names.length === 0) return 'it has none';
  const shown = names.slice(0, 8).join(', ');
  return `it has ${shown}${names.length > 8 ? `, … (${names.length} in all)` : ''}`;
}

/** Loads the kubeconfig and resolves the context; every failure is one line. */
export function loadKubeconfig(options: KubeconfigOptions): KubeconfigResult {
  let loaded: { config: KubeConfig; files: string[] };
  try {
    loaded = load(options);
  } catch (error) {
    if (error instanceof KubeconfigError) return { ok: false, error: error.message };
    throw error;
  }
  const { config, files } = loaded;
  const names = config.contexts.map((c) => c.name);
  const where = files.length === 1 ? ` in ${files[0]}` : files.length > 1 ? ' in the merged kubeconfig' : '';
  let contextName = options.context;
  if (contextName === undefined) {
    const current = config.getCurrentContext();
    if (typeof current !== 'string' || current === '') {
      return {
        ok: false,
        error: `no current-context is set${where}: pass --context NAME (${list(names)})`,
      };
    }
    contextName = current;
  }
  const context = config.getContextObject(contextName);
  if (context === null) {
    const flag = options.context === undefined ? 'current-context' : 'context';
    return { ok: false, error: `${flag} ${contextName} is not defined${where} (${list(names)})` };
  }
  const cluster = config.getCluster(context.cluster);
  if (cluster === null) {
    return {
      ok: false,
      error: `context ${contextName} names cluster ${context.cluster}, which is not defined${where}`,
    };
  }
  if (context.user !== undefined && config.getUser(context.user) === null) {
    return {
      ok: false,
      error: `context ${contextName} names user ${context.user}, which is not defined${where}`,
    };
  }
  try {
    new URL(cluster.server);
  } catch {
    return { ok: false, error: `cluster ${cluster.name} has an invalid server URL${where}` };
  }
  let kubeConfig = config;
  if (context.user === undefined || cluster.server.startsWith('http:')) {
    // client-node applies no TLS settings without a user, and refuses plain http unless TLS
    // verification is off (meaningless without TLS): give it an empty user / that flag.
    kubeConfig = new KubeConfig();
    const user: User = { name: '' };
    kubeConfig.loadFromOptions({
      clusters: config.clusters.map((c) =>
        c.name === cluster.name && c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c,
      ),
      users: context.user === undefined ? [...config.users, user] : config.users,
      contexts: config.contexts.map((c) =>
        c.name === context.name && c.user === undefined ? { ...c, user: '' } : c,
      ),
      currentContext: contextName,
    });
  }
  kubeConfig.setCurrentContext(contextName);
  const namespace = options.namespace ?? context.namespace ?? 'default';
  return {
    ok: true,
    config: {
      kubeConfig,
      context: contextName,
      cluster: cluster.name,
      user: context.user,
      server: cluster.server,
      namespace,
      namespaceExplicit: options.namespace !== undefined,
      files,
    },
  };
}
