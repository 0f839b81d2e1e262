/**
 * A container's logs, read on demand: GET /api/v1/namespaces/{ns}/pods/{name}/log with the
 * container, `previous` and the last `tailLines` lines, bounded in bytes (`limitBytes`, and the
 * transport stops reading past it). The answer is text, kept as lines; a failure is one line in
 * the server's words, with the common ones said plainly (forbidden, no previous container).
 */
import type { Ref } from '@strata/core';
import { objectPath, PODS } from '@strata/core';
import { firstLine, KubeApiError, TransportError } from './errors.ts';
import type { KubeTransport } from './transport.ts';

export const DEFAULT_TAIL_LINES = 100;
/** 256 KiB: a few thousand log lines, enough for a screen of the end of them. */
export const DEFAULT_LIMIT_BYTES = 256 * 1024;

export interface FetchLogsOptions {
  /** The container; the server picks when the Pod has only one and none is given. */
  readonly container?: string;
  /** The previous (terminated) instance of the container. */
  readonly previous?: boolean;
  /** Lines from the end, default 100. */
  readonly tailLines?: number;
  /** Bytes read at most, default 256 KiB. */
  readonly limitBytes?: number;
  readonly signal?: AbortSignal;
}

/**
 * A read of logs, as every source of the terminal UI answers it: this adapter, and the demo. The
 * adapter always says `truncated` and, on a failure, `previous`; the demo, which never cuts its
 * output and may fail before knowing the instance, leaves them out.
 */
export type LogsResult =
  | {
      readonly ok: true;
      readonly lines: readonly string[];
      /** The container read; empty when none was named and the server picked its only one. */
      readonly container: string;
      readonly previous: boolean;
      /** The output reached the byte limit: the last lines may be missing. */
      readonly truncated?: boolean;
    }
  | {
      readonly ok: false;
      /** One line, in the server's words. */
      readonly error: string;
      /** What was asked for, when known. */
      readonly container?: string;
      readonly previous?: boolean;
    };

/** The lines of a log text: split on newlines, the trailing empty line dropped. */
export function splitLogLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** What went wrong reading logs, in one line. */
export function describeLogsError(error: unknown, ref: Ref, options: FetchLogsOptions): string {
  const pod = `Pod ${ref.namespace ?? ''}/${ref.name}`;
  if (error instanceof KubeApiError) {
    const message = firstLine(error.serverMessage);
    if (error.status === 403) {
      // `pods "x" is forbidden: User "bob" cannot get resource "pods/log" …` → `forbidden: User "bob" …`
      return `forbidden: ${message.replace(/^[^:]* is forbidden: /, '')}`;
    }
    if (/previous terminated container .* not found/.test(message)) {
      const container = options.container === undefined ? 'the container' : `container ${options.container}`;
      return `no previous container: ${container} of ${pod} has not restarted, there are no earlier logs (${message})`;
    }
    const notFound = /^pods? "([^"]*)" not found/.exec(message);
    if (error.status === 404 && notFound !== null) {
      // The API server reports a node it cannot find (no Node object, so no kubelet to ask) as
      // a missing "pods" named like the node.
      return notFound[1] === ref.name
        ? `${pod} is gone: ${message}`
        : `the API server cannot reach the kubelet of node ${notFound[1]} to read the logs (it answered: ${message})`;
    }
    return message;
  }
  if (error instanceof TransportError) return error.message;
  return error instanceof Error ? firstLine(error.message) : firstLine(String(error));
}

/** Reads the logs of one container of the Pod `ref`; never throws but for an aborted signal. */
export async function fetchLogs(
  transport: KubeTransport,
  ref: Ref,
  options: FetchLogsOptions = {},
): Promise<LogsResult> {
  const previous = options.previous === true;
  const limitBytes = options.limitBytes ?? DEFAULT_LIMIT_BYTES;
  const failed = (error: string): LogsResult => ({
    ok: false,
    error,
    ...(options.container === undefined ? {} : { container: options.container }),
    previous,
  });
  if (ref.kind !== 'Pod') return failed(`logs are read from Pods; ${ref.kind}/${ref.name} is not one`);
  if (ref.namespace === undefined) return failed(`Pod ${ref.name} has no namespace`);
  try {
    const response = await transport.request({
      method: 'GET',
      path: `${objectPath(PODS, ref.namespace, ref.name)}/log`,
      query: {
        ...(options.container === undefined ? {} : { container: options.container }),
        ...(previous ? { previous: 'true' } : {}),
        tailLines: String(options.tailLines ?? DEFAULT_TAIL_LINES),
        limitBytes: String(limitBytes),
      },
      accept: 'text/plain, application/json;q=0.9, */*;q=0.8',
      responseType: 'text',
      maxBytes: limitBytes,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    if (response.status < 200 || response.status > 299) {
      throw new KubeApiError(response.status, response.body, `GET logs of Pod ${ref.namespace}/${ref.name}`);
    }
    const text = typeof response.body === 'string' ? response.body : '';
    return {
      ok: true,
      lines: splitLogLines(text),
      container: options.container ?? '',
      previous,
      truncated: Buffer.byteLength(text) >= limitBytes,
    };
  } catch (error) {
    if (options.signal?.aborted === true) throw error;
    return failed(describeLogsError(error, ref, options));
  }
}

export interface FollowLogsOptions {
  /** The container to follow (as a first read decided it). */
  readonly container?: string;
  /** Lines of the past to start with; 0 follows from now on (default). */
  readonly tailLines?: number;
  readonly signal: AbortSignal;
}

/** How a follow ended: the server closed the stream (the container stopped), or it failed. */
export type FollowEnd = { readonly ok: true } | { readonly ok: false; readonly error: string };

/**
 * Follows a container's logs (`follow=true`, k9s's default): `onLines` gets each batch of new
 * lines as they arrive, until the server closes the stream, it fails, or `signal` aborts (then it
 * resolves quietly). Needs a transport that streams (`lines`).
 */
export async function followLogs(
  transport: KubeTransport,
  ref: Ref,
  options: FollowLogsOptions,
  onLines: (lines: readonly string[]) => void,
): Promise<FollowEnd> {
  if (transport.lines === undefined) return { ok: false, error: 'this connection cannot stream logs' };
  if (ref.kind !== 'Pod' || ref.namespace === undefined) {
    return { ok: false, error: `logs are followed on Pods; ${ref.kind}/${ref.name} is not one` };
  }
  try {
    const stream = await transport.lines({
      method: 'GET',
      path: `${objectPath(PODS, ref.namespace, ref.name)}/log`,
      query: {
        ...(options.container === undefined || options.container === ''
          ? {}
          : { container: options.container }),
        follow: 'true',
        tailLines: String(options.tailLines ?? 0),
      },
      accept: 'text/plain, application/json;q=0.9, */*;q=0.8',
      signal: options.signal,
    });
    // Lines that arrive together are handed over together: one redraw per burst, not per line.
    let batch: string[] = [];
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      if (batch.length === 0 || options.signal.aborted) return;
      const lines = batch;
      batch = [];
      onLines(lines);
    };
    for await (const line of stream) {
      batch.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }
    flush();
    return { ok: true };
  } catch (error) {
    if (options.signal.aborted) return { ok: true };
    return {
      ok: false,
      error: describeLogsError(error, ref, {
        ...(options.container === undefined ? {} : { container: options.container }),
      }),
    };
  }
}
