/**
 * Helpers for the adapter tests against the real API server of test/cluster/harness.ts: run the
 * `strata` command as a child process, read a kubeconfig or open the TUI's live source as strata
 * does, wrap the adapter's transport to break or steer it, and wait for conditions. The harness builds kube-apiserver and etcd on first use; when they
 * cannot be had, startCluster throws with the reason and the tests fail (never skip).
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import {
  type KubeRequest,
  type KubeResponse,
  type KubeTransport,
  loadKubeconfig,
  type RawWatchEvent,
} from '@strata/kube';
import { type LiveSourceOptions, openLiveSource } from '../../packages/tui/src/app/live-source.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = 'packages/tui/src/bin/strata.ts';

/** Long enough for a cold build of the binaries (about 5 minutes on 2 cores). */
export const CLUSTER_START_MS = 15 * 60_000;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `strata ...args` as `pnpm strata` runs it, without colour, HOME and KUBECONFIG unset unless given. */
export function strata(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete base.FORCE_COLOR;
    delete base.KUBECONFIG;
    base.HOME = '/nonexistent';
    execFile(
      process.execPath,
      ['--conditions=@strata/source', '--import', 'tsx', BIN, ...args],
      { cwd: ROOT, env: { ...base, ...env }, timeout: 100_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Polls `check` until it returns true (or a value), failing after `timeoutMs` with `what`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A kubeconfig file as strata reads it (no KUBECONFIG, this working folder); its error thrown. */
export function readKubeconfig(path: string) {
  const loaded = loadKubeconfig({ kubeconfig: path, env: {}, cwd: process.cwd() });
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config;
}

/** The TUI's live source on a kubeconfig file, read-only (`strata --readonly`); its error thrown. */
export async function openReadOnly(kubeconfig: string, options: Partial<LiveSourceOptions> = {}) {
  const opened = await openLiveSource({
    demo: false,
    readOnly: true,
    kubeconfig,
    env: {},
    cwd: process.cwd(),
    ...options,
  });
  if (!opened.ok) throw new Error(opened.error);
  return opened.source;
}

interface OpenWatch {
  readonly request: KubeRequest;
  readonly controller: AbortController;
}

/**
 * Wraps the real transport: records requests, can drop every open watch connection (the socket
 * is destroyed, as a network failure would), refuse new watches for a while, or rewrite a
 * watch's resourceVersion (to make the server answer 410 Gone).
 */
export class SteerableTransport implements KubeTransport {
  readonly inner: KubeTransport;
  readonly requests: KubeRequest[] = [];
  readonly watches: OpenWatch[] = [];
  /** While set, new watches fail at once with this error. */
  refuseWatches: Error | undefined;
  /** Rewrites the query of the next watch requests, while it returns a value. */
  rewriteWatch: ((request: KubeRequest) => KubeRequest | undefined) | undefined;
  /** Runs before each PATCH is sent (to change the object under the adapter's feet). */
  beforePatch: ((request: KubeRequest) => Promise<void>) | undefined;

  constructor(inner: KubeTransport) {
    this.inner = inner;
  }

  async request(request: KubeRequest): Promise<KubeResponse> {
    this.requests.push(request);
    if (request.method === 'PATCH' && this.beforePatch !== undefined) await this.beforePatch(request);
    return this.inner.request(request);
  }

  async watch(request: KubeRequest): Promise<AsyncIterable<RawWatchEvent>> {
    if (this.refuseWatches !== undefined) throw this.refuseWatches;
    const rewritten = this.rewriteWatch?.(request) ?? request;
    const controller = new AbortController();
    const signals = [controller.signal, ...(request.signal === undefined ? [] : [request.signal])];
    const sent = { ...rewritten, signal: AbortSignal.any(signals) };
    this.requests.push(sent);
    const stream = await this.inner.watch(sent);
    this.watches.push({ request: sent, controller });
    return stream;
  }

  /** Breaks every open watch connection; returns how many. */
  dropWatches(): number {
    let dropped = 0;
    for (const watch of this.watches.splice(0)) {
      if (!watch.controller.signal.aborted) {
        watch.controller.abort(
          Object.assign(new Error('connection dropped by the test'), { code: 'ECONNRESET' }),
        );
        dropped += 1;
      }
    }
    return dropped;
  }

  watchRequests(): KubeRequest[] {
    return this.requests.filter((r) => r.query?.allowWatchBookmarks === 'true');
  }
}
