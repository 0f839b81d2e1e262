/**
 * How the adapter talks to the API server: one JSON request, or one watch stream. Everything
 * above this interface (discovery, list+watch, evidence, actions) is tested with a fake
 * transport; `HttpsTransport` is the real one, over node:http(s) with the kubeconfig's TLS
 * settings and credentials applied per request by credentials.ts (which loads
 * @kubernetes/client-node only for exec plugins, auth providers and proxies).
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { asRecord } from '@strata/core';
import { type CredentialsOptions, credentialsFor, type RequestCredentials } from './credentials.ts';
import { classifyNodeError, KubeApiError, TransportError } from './errors.ts';
import type { KubeConnection } from './kubeconfig-model.ts';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface KubeRequest {
  readonly method: HttpMethod;
  /** Path below the server URL: `/apis/group/version/namespaces/ns/plural`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Default `application/json`; `application/merge-patch+json` for merge patches. */
  readonly contentType?: string;
  /** The Accept header; default `application/json`. */
  readonly accept?: string;
  /**
   * `text`: a successful answer's body is returned as the text it is, never parsed (Pod logs,
   * whose lines may well look like JSON); error answers are still parsed (a Status). Default `json`.
   */
  readonly responseType?: 'json' | 'text';
  /** Read at most this many bytes of the answer; the rest is dropped and the connection closed. */
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

export interface KubeResponse {
  readonly status: number;
  /** Parsed JSON, or the text when the body is not JSON; undefined when empty. */
  readonly body: unknown;
}

/** One line of a watch stream. */
export interface RawWatchEvent {
  readonly type: string;
  readonly object: unknown;
}

export interface KubeTransport {
  /**
   * One request. Resolves with any HTTP status; rejects with a TransportError when no answer
   * came (unreachable, TLS, timeout, credentials) or with an AbortError when `signal` fired.
   */
  request(request: KubeRequest): Promise<KubeResponse>;
  /**
   * Opens a watch stream (`watch=true` is added): resolves once the server accepted it (200),
   * rejects with a KubeApiError when it answers with an error status and with a TransportError
   * when there is no answer. Iterating the stream throws a TransportError when the connection
   * breaks, and ends when the server closes it. Ending the iteration early closes the connection.
   */
  watch(request: KubeRequest): Promise<AsyncIterable<RawWatchEvent>>;
  /**
   * Opens a text stream (Pod logs with `follow=true`): resolves once the server answered 200,
   * rejects with a KubeApiError for an error status; iterating yields each complete line as it
   * arrives and ends when the server closes the stream. No idle timeout: logs may be quiet for
   * long. Ending the iteration early, or `signal`, closes the connection.
   */
  lines?(request: KubeRequest): Promise<AsyncIterable<string>>;
}

/** A JSON request that must succeed (2xx): returns the body, else throws KubeApiError. */
export async function requestOk(transport: KubeTransport, request: KubeRequest): Promise<unknown> {
  const response = await transport.request(request);
  if (response.status < 200 || response.status > 299) {
    throw new KubeApiError(response.status, response.body, `${request.method} ${request.path}`);
  }
  return response.body;
}

export interface HttpsTransportOptions {
  /** Per-request timeout (also for connecting); 0 or undefined: none. Watches use their own. */
  readonly timeoutMs?: number;
  /** How long a watch without timeoutSeconds may stay silent before it is considered dead; default 11 minutes. */
  readonly watchIdleMs?: number;
  /** For the credentials: the clock token-file re-reads are timed by. */
  readonly now?: CredentialsOptions['now'];
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || asRecord(error)?.code === 'ABORT_ERR');
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The real transport: node:http(s) with the chosen context's cluster and user. */
export class HttpsTransport implements KubeTransport {
  readonly server: string;
  private readonly base: URL;
  private readonly credentials: RequestCredentials;
  private readonly timeoutMs: number | undefined;
  private readonly watchIdleMs: number;

  constructor(connection: KubeConnection, options: HttpsTransportOptions = {}) {
    this.credentials = credentialsFor(connection, options.now === undefined ? {} : { now: options.now });
    this.server = connection.cluster.server;
    this.base = new URL(this.server);
    this.timeoutMs = options.timeoutMs === 0 ? undefined : options.timeoutMs;
    this.watchIdleMs = options.watchIdleMs ?? 11 * 60_000;
  }

  private url(request: KubeRequest, watch: boolean): URL {
    const prefix = this.base.pathname.replace(/\/+$/, '');
    const url = new URL(this.base.origin);
    url.pathname = `${prefix}${request.path}`;
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    if (watch) url.searchParams.set('watch', 'true');
    return url;
  }

  /** Request options with the kubeconfig's TLS settings and credentials. */
  private async options(request: KubeRequest, payload: string | undefined): Promise<https.RequestOptions> {
    const options: https.RequestOptions = {
      method: request.method,
      headers: { Accept: request.accept ?? 'application/json', 'User-Agent': 'strata' },
    };
    await this.credentials.apply(options);
    const headers = (options.headers ?? {}) as Record<string, string>;
    if (payload !== undefined) {
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    options.headers = headers;
    if (request.signal !== undefined) options.signal = request.signal;
    return options;
  }

  /** Sends the request; resolves with the response once its headers arrive. */
  private async open(
    request: KubeRequest,
    watch: boolean,
    idleMs: number | undefined,
  ): Promise<{ response: IncomingMessage; destroy: () => void }> {
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    const options = await this.options(request, payload);
    const url = this.url(request, watch);
    const send = url.protocol === 'http:' ? http.request : https.request;
    return new Promise((resolve, reject) => {
      const req = send(url, options, (response) => resolve({ response, destroy: () => req.destroy() }));
      if (idleMs !== undefined) {
        req.setTimeout(idleMs, () => {
          req.destroy(Object.assign(new Error('request timed out'), { code: 'ERR_STRATA_TIMEOUT' }));
        });
      }
      req.on('error', (error) => {
        reject(isAbort(error) ? error : classifyNodeError(error, this.server, idleMs));
      });
      req.end(payload);
    });
  }

  async request(request: KubeRequest): Promise<KubeResponse> {
    const { response, destroy } = await this.open(request, false, this.timeoutMs);
    try {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response) {
        const buffer = chunk as Buffer;
        if (request.maxBytes !== undefined && size + buffer.length >= request.maxBytes) {
          chunks.push(buffer.subarray(0, Math.max(0, request.maxBytes - size)));
          destroy();
          break;
        }
        chunks.push(buffer);
        size += buffer.length;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const status = response.statusCode ?? 0;
      const ok = status >= 200 && status <= 299;
      return {
        status,
        body:
          ok && request.responseType === 'text' ? text : parseBody(text, response.headers['content-type']),
      };
    } catch (error) {
      if (isAbort(error) || request.signal?.aborted === true) throw error;
      throw classifyNodeError(error, this.server, this.timeoutMs);
    }
  }

  async watch(request: KubeRequest): Promise<AsyncIterable<RawWatchEvent>> {
    // Silence longer than the server's own timeoutSeconds (plus a margin) means a dead connection.
    const serverTimeout = Number(request.query?.timeoutSeconds);
    const idleMs =
      Number.isFinite(serverTimeout) && serverTimeout > 0 ? serverTimeout * 1000 + 60_000 : this.watchIdleMs;
    const { response, destroy } = await this.open(request, true, idleMs);
    if (response.statusCode !== 200) await refuse(response, destroy, `watch ${request.path}`);
    return this.events(response, destroy, request.signal);
  }

  async lines(request: KubeRequest): Promise<AsyncIterable<string>> {
    const { response, destroy } = await this.open(request, false, undefined);
    if (response.statusCode !== 200) await refuse(response, destroy, `GET ${request.path}`);
    return this.textLines(response, destroy, request.signal, undefined);
  }

  /** The lines of a streamed answer, each yielded once its newline arrives (the last one at the end). */
  private async *textLines(
    response: IncomingMessage,
    destroy: () => void,
    signal: AbortSignal | undefined,
    idleMs: number | undefined,
  ): AsyncIterable<string> {
    response.setEncoding('utf8');
    let buffer = '';
    try {
      try {
        for await (const chunk of response) {
          buffer += chunk as string;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            yield buffer.slice(0, newline).replace(/\r$/, '');
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
          }
        }
      } catch (error) {
        if (isAbort(error) || signal?.aborted === true) throw error;
        throw classifyNodeError(error, this.server, idleMs);
      }
      if (buffer !== '') yield buffer;
    } finally {
      destroy();
    }
  }

  private async *events(
    response: IncomingMessage,
    destroy: () => void,
    signal: AbortSignal | undefined,
  ): AsyncIterable<RawWatchEvent> {
    for await (const line of this.textLines(response, destroy, signal, this.watchIdleMs)) {
      const trimmed = line.trim();
      if (trimmed !== '') yield parseWatchLine(trimmed);
    }
  }
}

/** Reads an error answer to its end and throws it as a KubeApiError (its Status message). */
async function refuse(response: IncomingMessage, destroy: () => void, what: string): Promise<never> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    throw new KubeApiError(response.statusCode ?? 0, parseBody(text, response.headers['content-type']), what);
  } finally {
    destroy();
  }
}

function parseWatchLine(line: string): RawWatchEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new TransportError('network', 'the watch stream sent a line that is not JSON');
  }
  const record = asRecord(parsed);
  return { type: typeof record?.type === 'string' ? record.type : '', object: record?.object };
}
