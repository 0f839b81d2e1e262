/**
 * The errors of talking to a cluster, and the one line a person reads for each. Messages name
 * the server, the context and the user, never a token, a certificate or an object's content.
 */
import { asName, asRecord } from '@strata/core';

/** The server answered with a status outside 2xx; `message` is the server's own Status message. */
export class KubeApiError extends Error {
  readonly status: number;
  /** Status.reason: `Forbidden`, `NotFound`, `Conflict`, `Expired`, … */
  readonly reason: string | undefined;
  /** What the server said (Status.message), or the start of its body. */
  readonly serverMessage: string;

  constructor(status: number, body: unknown, what: string) {
    const record = asRecord(body);
    const reason = asName(record?.reason);
    const serverMessage =
      asName(record?.message) ??
      (typeof body === 'string' && body.trim() !== '' ? firstLine(body) : statusText(status));
    super(`${what}: ${status}${reason === undefined ? '' : ` ${reason}`}: ${serverMessage}`);
    this.name = 'KubeApiError';
    this.status = status;
    this.reason = reason;
    this.serverMessage = serverMessage;
  }
}

export type TransportFailure =
  /** Nothing answers at the address (refused, no route, unknown host). */
  | 'unreachable'
  /** The TLS handshake failed: untrusted or expired certificate, wrong host name, not TLS. */
  | 'tls'
  /** No answer within the request timeout. */
  | 'timeout'
  /** Credentials could not be had: an exec plugin or OIDC refresh failed, a key file is unreadable. */
  | 'credentials'
  /** The connection broke (reset, closed mid-response). */
  | 'network';

/** The request never got an HTTP answer. `message` is already one readable line. */
export class TransportError extends Error {
  readonly failure: TransportFailure;
  readonly code: string | undefined;

  constructor(failure: TransportFailure, message: string, code?: string) {
    super(message);
    this.name = 'TransportError';
    this.failure = failure;
    this.code = code;
  }
}

export function firstLine(text: string, max = 300): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function statusText(status: number): string {
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict';
    case 410:
      return 'Gone';
    case 429:
      return 'Too Many Requests';
    case 500:
      return 'Internal Server Error';
    case 503:
      return 'Service Unavailable';
    default:
      return `HTTP ${status}`;
  }
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
]);

function errorCode(error: unknown): string | undefined {
  const record = asRecord(error);
  return asName(record?.code);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : firstLine(String(error));
}

/**
 * A Node error from a request, turned into a TransportError with a one-line message. `server`
 * is the URL as the kubeconfig gives it.
 */
export function classifyNodeError(
  error: unknown,
  server: string,
  timeoutMs: number | undefined,
): TransportError {
  if (error instanceof TransportError) return error;
  const code = errorCode(error);
  const message = errorMessage(error);
  let host = server;
  try {
    host = new URL(server).host;
  } catch {
    // keep the raw server string
  }
  switch (code) {
    case 'ECONNREFUSED':
      return new TransportError('unreachable', `cannot reach ${server}: connection refused`, code);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new TransportError('unreachable', `cannot reach ${server}: unknown host ${host}`, code);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return new TransportError('unreachable', `cannot reach ${server}: no route to host`, code);
    case 'ETIMEDOUT':
      return new TransportError('timeout', `cannot reach ${server}: connection timed out`, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new TransportError('network', `the connection to ${server} was reset`, code);
    case 'CERT_HAS_EXPIRED':
      return new TransportError(
        'tls',
        `TLS error talking to ${server}: the server's certificate has expired`,
        code,
      );
    case 'CERT_NOT_YET_VALID':
      return new TransportError(
        'tls',
        `TLS error talking to ${server}: the server's certificate is not valid yet`,
        code,
      );
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new TransportError(
        'tls',
        `TLS error talking to ${server}: the server's certificate is not valid for ${host} (set tls-server-name in the kubeconfig if it is expected)`,
        code,
      );
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return new TransportError(
        'tls',
        `TLS error talking to ${server}: the server does not speak TLS there (${message})`,
        code,
      );
    default:
      break;
  }
  if (code !== undefined && UNTRUSTED.has(code)) {
    return new TransportError(
      'tls',
      `TLS error talking to ${server}: the server's certificate is not signed by a trusted authority (${code}); check certificate-authority-data in the kubeconfig`,
      code,
    );
  }
  if (
    code !== undefined &&
    (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code.startsWith('ERR_OSSL'))
  ) {
    return new TransportError('tls', `TLS error talking to ${server}: ${message}`, code);
  }
  if (code === 'ERR_STRATA_TIMEOUT') {
    return new TransportError(
      'timeout',
      `${server} did not answer within ${formatMs(timeoutMs ?? 0)} (see --request-timeout)`,
      code,
    );
  }
  if (message === 'socket hang up' || message === 'aborted' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new TransportError('network', `the connection to ${server} closed unexpectedly`, code);
  }
  return new TransportError('network', `request to ${server} failed: ${message}`, code);
}

export function formatMs(ms: number): string {
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Who we are talking to, for messages. */
export interface ConnectionLabel {
  readonly server: string;
  readonly context: string;
  readonly user: string | undefined;
}

/**
 * One line for an error that stops a connection (discovery, the first request): unreachable,
 * TLS, timeout, 401, 403 and the rest. Never includes credentials.
 */
export function describeConnectionError(error: unknown, label: ConnectionLabel): string {
  if (error instanceof TransportError) {
    return `${error.message} (context ${label.context})`;
  }
  if (error instanceof KubeApiError) {
    const who = label.user === undefined ? '' : ` of user ${label.user}`;
    if (error.status === 401) {
      return `${label.server} rejected the credentials${who} (context ${label.context}): 401 Unauthorized; they are missing, expired or invalid: log in again or refresh the kubeconfig`;
    }
    if (error.status === 403) {
      return `${label.server} refused the request (context ${label.context}): ${error.serverMessage}`;
    }
    return `${label.server} (context ${label.context}) answered ${error.message}`;
  }
  return `talking to ${label.server} (context ${label.context}) failed: ${errorMessage(error)}`;
}

/** Whether retrying can help: everything but 4xx answers other than 408, 409, 429. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof TransportError) return error.failure !== 'credentials';
  if (error instanceof KubeApiError) {
    return error.status >= 500 || error.status === 408 || error.status === 429 || error.status === 401;
  }
  return true;
}
