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
 * The files are parsed here (kubeconfig-model.ts), not by @kubernetes/client-node, whose import
 * alone costs every run ~85 MiB and ~230 ms. A token-file is read while loading, so a missing
 * one is a load error; certificates and keys are read on the first request (credentials.ts).
 * Nothing here prints a credential.
 */
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { asRecord } from '@strata/core';
import { parse } from 'yaml';
import { firstLine } from './errors.ts';
import { describeFileReadError } from './file-read-error.ts';
import {
  type KubeCluster,
  type KubeConnection,
  type KubeContext,
  type KubeconfigFile,
  KubeconfigShapeError,
  type KubeUser,
  parseKubeconfigDocument,
} from './kubeconfig-model.ts';

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
  /** The chosen context's cluster and user: hand it to HttpsTransport. */
  readonly connection: KubeConnection;
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
  | {
      readonly ok: false;
      readonly error: string;
      /** No kubeconfig exists at all (nothing given, none at the default places): a first run. */
      readonly none?: true;
    };

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

class KubeconfigError extends Error {
  /** Set when no kubeconfig exists at all, as opposed to one that is given but fails. */
  readonly none: boolean;
  constructor(message: string, none = false) {
    super(message);
    this.none = none;
  }
}

interface LoadedFile {
  readonly path: string;
  readonly config: KubeconfigFile;
}

const EMPTY: KubeconfigFile = { clusters: [], users: [], contexts: [] };

/**
 * A user with its token-file read: a token that cannot be had is a load error, as it was with
 * client-node and is with kubectl. The content is trimmed: a file's trailing newline cannot go
 * in a header. A token written in the kubeconfig wins, so its token-file is not read here.
 */
function withFileToken(user: KubeUser, path: string): KubeUser {
  if (user.tokenFile === undefined || user.token !== undefined) return user;
  let token: string;
  try {
    token = readFileSync(user.tokenFile, 'utf8').trim();
  } catch (error) {
    throw new KubeconfigError(
      `${path}: not a valid kubeconfig: a token-file it names: ${describeFileReadError(error)}`,
    );
  }
  return token === '' ? user : { ...user, token };
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
  if (document === null || document === undefined) return { path, config: EMPTY };
  const record = asRecord(document);
  if (record === undefined) throw new KubeconfigError(`${path}: not a valid kubeconfig: not a YAML map`);
  let config: KubeconfigFile;
  try {
    config = parseKubeconfigDocument(record, dirname(path));
  } catch (error) {
    if (error instanceof KubeconfigShapeError)
      throw new KubeconfigError(`${path}: not a valid kubeconfig: ${error.message}`);
    throw error;
  }
  return { path, config: { ...config, users: config.users.map((user) => withFileToken(user, path)) } };
}

/** kubectl's merge: first definition of a name wins, first current-context wins. */
function merge(files: readonly LoadedFile[]): KubeconfigFile {
  const clusters = new Map<string, KubeCluster>();
  const users = new Map<string, KubeUser>();
  const contexts = new Map<string, KubeContext>();
  let currentContext: string | undefined;
  for (const { config } of files) {
    for (const cluster of config.clusters)
      if (!clusters.has(cluster.name)) clusters.set(cluster.name, cluster);
    for (const user of config.users) if (!users.has(user.name)) users.set(user.name, user);
    for (const context of config.contexts)
      if (!contexts.has(context.name)) contexts.set(context.name, context);
    currentContext ??= config.currentContext;
  }
  return {
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    ...(currentContext === undefined ? {} : { currentContext }),
  };
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

function inCluster(options: KubeconfigOptions): KubeconfigFile | undefined {
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
  return {
    clusters: [
      { name: 'in-cluster', server, certificateAuthority: join(dir, 'ca.crt'), insecureSkipTlsVerify: false },
    ],
    // Projected service account tokens rotate (hourly): the credentials re-read the file.
    users: [{ name: 'service-account', token, tokenFile: join(dir, 'token') }],
    contexts: [
      {
        name: 'in-cluster',
        cluster: 'in-cluster',
        user: 'service-account',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'in-cluster',
  };
}

function load(options: KubeconfigOptions): { config: KubeconfigFile; files: string[] } {
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
    true,
  );
}

function list(names: readonly string[]): string {
  if (names.length === 0) return 'it has none';
  const shown = names.slice(0, 8).join(', ');
  return `it has ${shown}${names.length > 8 ? `, … (${names.length} in all)` : ''}`;
}

/** The contexts the kubeconfig defines (for `:ctx`), and the current one; empty when none loads. */
export function kubeconfigContexts(options: KubeconfigOptions): {
  readonly names: readonly string[];
  readonly current?: string;
} {
  try {
    const { config } = load(options);
    const names = config.contexts.map((c) => c.name);
    return config.currentContext === undefined ? { names } : { names, current: config.currentContext };
  } catch (error) {
    if (error instanceof KubeconfigError) return { names: [] };
    throw error;
  }
}

/** Loads the kubeconfig and resolves the context; every failure is one line. */
export function loadKubeconfig(options: KubeconfigOptions): KubeconfigResult {
  let loaded: { config: KubeconfigFile; files: string[] };
  try {
    loaded = load(options);
  } catch (error) {
    if (error instanceof KubeconfigError) {
      return error.none
        ? { ok: false, error: error.message, none: true }
        : { ok: false, error: error.message };
    }
    throw error;
  }
  const { config, files } = loaded;
  const names = config.contexts.map((c) => c.name);
  const where = files.length === 1 ? ` in ${files[0]}` : files.length > 1 ? ' in the merged kubeconfig' : '';
  let contextName = options.context;
  if (contextName === undefined) {
    if (config.currentContext === undefined) {
      return {
        ok: false,
        error: `no current-context is set${where}: pass --context NAME (${list(names)})`,
      };
    }
    contextName = config.currentContext;
  }
  const context = config.contexts.find((c) => c.name === contextName);
  if (context === undefined) {
    const flag = options.context === undefined ? 'current-context' : 'context';
    return { ok: false, error: `${flag} ${contextName} is not defined${where} (${list(names)})` };
  }
  const cluster = config.clusters.find((c) => c.name === context.cluster);
  if (cluster === undefined) {
    return {
      ok: false,
      error: `context ${contextName} names cluster ${context.cluster}, which is not defined${where}`,
    };
  }
  const user = context.user === undefined ? undefined : config.users.find((u) => u.name === context.user);
  if (context.user !== undefined && user === undefined) {
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
  const namespace = options.namespace ?? context.namespace ?? 'default';
  return {
    ok: true,
    config: {
      connection: user === undefined ? { cluster } : { cluster, user },
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
