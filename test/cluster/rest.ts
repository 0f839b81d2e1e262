/**
 * A thin Kubernetes REST client over node:https, enough for the test harness: JSON requests
 * with a bearer token against a server whose CA is given, and discovery (kind → resource).
 * Kept independent of any Kubernetes client library, so the cluster tests check strata's own
 * client against a server rather than against another client.
 *
 * Errors name the request and the server's Status message, never a request body (which may
 * be a Secret).
 */
import { Agent, request } from 'node:https';

export type JsonObject = Record<string, unknown>;

/** A kept-alive socket the server closed before it read the request: safe to send again. */
class StaleSocketError extends Error {}

/** Identity of one object: enough to address it on the server. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
}

/** A Kubernetes object as plain JSON. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One resource as discovery describes it. */
export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** The plural resource name (`kustomizations`). */
  readonly name: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly verbs: readonly string[];
  /** Subresource names (`status`, `scale`, …). */
  readonly subresources: ReadonlySet<string>;
}

export class KubeApiError extends Error {
  readonly status: number;
  readonly reason: string | undefined;
  constructor(method: string, path: string, status: number, reason: string | undefined, message: string) {
    super(`${method} ${path}: ${status}${reason === undefined ? '' : ` ${reason}`}: ${message}`);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
  }
}

export interface KubeClientOptions {
  /** `https://127.0.0.1:port` */
  readonly server: string;
  /** PEM bundle the server's certificate chains to. */
  readonly ca: string;
  /** Bearer token; none for anonymous requests. */
  readonly token?: string | undefined;
  /** Per-request timeout, default 30 s. */
  readonly timeoutMs?: number;
}

export interface RequestOptions {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly query?: Readonly<Record<string, string>>;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function formatObjectRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name} (${ref.apiVersion})`;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class KubeClient {
  readonly server: string;
  readonly #ca: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  readonly #agent: Agent;
  readonly #discovery = new Map<string, Promise<ApiResource[]>>();

  constructor(options: KubeClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.#ca = options.ca;
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#agent = new Agent({ ca: options.ca, keepAlive: true, maxSockets: 8 });
  }

  /** A client for the same server with another token (or anonymous). */
  withToken(token: string | undefined): KubeClient {
    return new KubeClient({ server: this.server, ca: this.#ca, token, timeoutMs: this.#timeoutMs });
  }

  /** Closes idle keep-alive connections, so the process can exit. */
  close(): void {
    this.#agent.destroy();
  }

  /**
   * One request; never throws on an HTTP status, only on transport errors. A request that went
   * out on a kept-alive socket the server had just closed (ECONNRESET, "socket hang up": the
   * server never read it) is sent again once on a fresh socket, as Node's documentation advises.
   */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    try {
      return await this.#send(method, path, options);
    } catch (error) {
      if (!(error instanceof StaleSocketError)) throw error;
      return this.#send(method, path, options);
    }
  }

  #send(method: string, path: string, options: RequestOptions): Promise<RawResponse> {
    const url = new URL(path, `${this.server}/`);
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#token !== undefined) headers.Authorization = `Bearer ${this.#token}`;
    if (payload !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.#agent, timeout: this.#timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${url.pathname}: no answer within ${this.#timeoutMs} ms`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        reject(req.reusedSocket && error.code === 'ECONNRESET' ? new StaleSocketError(error.message) : error);
      });
      req.end(payload);
    });
  }

  /** A JSON request; throws {@link KubeApiError} on any status outside 2xx. */
  async request<T = JsonObject>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, options);
    if (res.status < 200 || res.status > 299) {
      let reason: string | undefined;
      let message = res.body.slice(0, 500);
      try {
        const status: unknown = JSON.parse(res.body);
        if (isObject(status)) {
          if (typeof status.reason === 'string') reason = status.reason;
          if (typeof status.message === 'string') message = status.message;
        }
      } catch {
        // not JSON: keep the text
      }
      throw new KubeApiError(method, path, res.status, reason, message);
    }
    return (res.body === '' ? {} : JSON.parse(res.body)) as T;
  }

  get<T = KubeObject>(path: string, query?: Record<string, string>): Promise<T> {
    return this.request<T>('GET', path, query === undefined ? {} : { query });
  }

  // ------------------------------------------------------------------------------------------
  // Discovery

  /** The resources of one group version (cached; `refresh` asks the server again). */
  async resources(apiVersion: string, refresh = false): Promise<ApiResource[]> {
    let cached = this.#discovery.get(apiVersion);
    if (cached === undefined || refresh) {
      cached = this.#fetchResources(apiVersion);
      this.#discovery.set(apiVersion, cached);
      cached.catch(() => this.#discovery.delete(apiVersion));
    }
    return cached;
  }

  async #fetchResources(apiVersion: string): Promise<ApiResource[]> {
    const { group, version } = splitApiVersion(apiVersion);
    const path = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
    const res = await this.raw('GET', path);
    if (res.status === 404) return [];
    if (res.status !== 200)
      throw new KubeApiError('GET', path, res.status, undefined, res.body.slice(0, 300));
    const list = JSON.parse(res.body) as { resources?: JsonObject[] };
    const entries = list.resources ?? [];
    const subresources = new Map<string, Set<string>>();
    for (const entry of entries) {
      const name = String(entry.name);
      const slash = name.indexOf('/');
      if (slash < 0) continue;
      const parent = name.slice(0, slash);
      const set = subresources.get(parent) ?? new Set<string>();
      set.add(name.slice(slash + 1));
      subresources.set(parent, set);
    }
    return entries
      .filter((entry) => !String(entry.name).includes('/'))
      .map((entry) => ({
        group,
        version,
        kind: String(entry.kind),
        name: String(entry.name),
        namespaced: entry.namespaced === true,
        shortNames: Array.isArray(entry.shortNames) ? entry.shortNames.map(String) : [],
        verbs: Array.isArray(entry.verbs) ? entry.verbs.map(String) : [],
        subresources: subresources.get(String(entry.name)) ?? new Set<string>(),
      }));
  }

  /** The resource serving `kind` in `apiVersion`; asks the server again once on a miss. */
  async resourceFor(apiVersion: string, kind: string): Promise<ApiResource> {
    const find = (list: ApiResource[]) => list.find((r) => r.kind === kind);
    const found = find(await this.resources(apiVersion)) ?? find(await this.resources(apiVersion, true));
    if (found === undefined) {
      throw new Error(
        `the server serves no kind ${kind} in ${apiVersion} (is its CRD installed and Established?)`,
      );
    }
    return found;
  }

  /** The URL path of a collection (`namespace` ignored for cluster-scoped resources). */
  collectionPath(resource: ApiResource, namespace?: string): string {
    const base =
      resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
    return resource.namespaced && namespace !== undefined
      ? `${base}/namespaces/${encodeURIComponent(namespace)}/${resource.name}`
      : `${base}/${resource.name}`;
  }

  /** The URL path of one object, and its resource. */
  async objectPath(ref: ObjectRef, subresource?: string): Promise<{ path: string; resource: ApiResource }> {
    const resource = await this.resourceFor(ref.apiVersion, ref.kind);
    if (resource.namespaced && ref.namespace === undefined) {
      throw new Error(`${formatObjectRef(ref)}: ${ref.kind} is namespaced but the ref has no namespace`);
    }
    const path = `${this.collectionPath(resource, ref.namespace)}/${encodeURIComponent(ref.name)}`;
    return { path: subresource === undefined ? path : `${path}/${subresource}`, resource };
  }

  /** Reads one object; `undefined` when it does not exist. */
  async read(ref: ObjectRef): Promise<KubeObject | undefined> {
    const { path } = await this.objectPath(ref);
    try {
      return await this.get(path);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Lists objects of a kind, in one namespace or across all. */
  async list(apiVersion: string, kind: string, namespace?: string): Promise<KubeObject[]> {
    const resource = await this.resourceFor(apiVersion, kind);
    const list = await this.get<{ items?: KubeObject[] }>(this.collectionPath(resource, namespace));
    return (list.items ?? []).map((item) => ({ ...item, apiVersion, kind }));
  }
}
