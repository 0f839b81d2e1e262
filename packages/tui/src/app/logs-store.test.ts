import { describe, expect, it } from 'vitest';
import type { LogsOptions, LogsResult } from './data-source.ts';
import { LogsStore, MAX_FOLLOWED_LINES } from './logs-store.ts';

const POD = { kind: 'Pod', namespace: 'n', name: 'p' };

/** A source whose reads the test answers one by one. */
function pendingSource() {
  const calls: { options: LogsOptions | undefined; answer: (result: LogsResult) => void }[] = [];
  return {
    calls,
    logs: (_ref: unknown, options?: LogsOptions) =>
      new Promise<LogsResult>((resolve) => {
        calls.push({ options, answer: resolve });
      }),
  };
}

const tick = () => new Promise((done) => setTimeout(done, 0));

describe('LogsStore', () => {
  it('reads once per Pod, container and instance, and tells when a read lands', async () => {
    const source = pendingSource();
    let changes = 0;
    const store = new LogsStore(source, () => changes++, 200);
    expect(store.read(POD, {})).toEqual({ state: 'loading' });
    expect(store.read(POD, {})).toEqual({ state: 'loading' });
    expect(source.calls).toHaveLength(1);
    expect(source.calls[0]?.options).toEqual({ tailLines: 200 });
    source.calls[0]?.answer({ ok: true, lines: ['a'], container: 'app', previous: true });
    await tick();
    expect(changes).toBe(1);
    expect(store.read(POD, {})).toEqual({
      state: 'done',
      result: { ok: true, lines: ['a'], container: 'app', previous: true },
    });
    store.read(POD, { container: 'app', previous: false });
    expect(source.calls[1]?.options).toEqual({ tailLines: 200, container: 'app', previous: false });
  });

  it('forgets a Pod: the next read is fresh, a read under way is dropped', async () => {
    const source = pendingSource();
    let changes = 0;
    const store = new LogsStore(source, () => changes++);
    store.read(POD, {});
    store.forget(POD);
    source.calls[0]?.answer({ ok: true, lines: ['stale'], container: 'app', previous: false });
    await tick();
    expect(changes).toBe(0);
    expect(store.read(POD, {})).toEqual({ state: 'loading' });
    expect(source.calls).toHaveLength(2);
  });

  it('turns a rejected read into an error line', async () => {
    const store = new LogsStore(
      { logs: async () => Promise.reject(new Error('socket hang up\nat x')) },
      () => {},
    );
    store.read(POD, {});
    await tick();
    expect(store.read(POD, {})).toEqual({ state: 'done', result: { ok: false, error: 'socket hang up' } });
  });
});

describe('LogsStore following', () => {
  /** A source that answers reads at once and lets the test write new lines to open follows. */
  function streamingSource() {
    const follows: {
      container: string | undefined;
      signal: AbortSignal;
      write: (lines: readonly string[]) => void;
      end: (error?: string) => void;
    }[] = [];
    return {
      follows,
      logs: async (_ref: unknown, options?: LogsOptions): Promise<LogsResult> => ({
        ok: true,
        lines: ['old 1', 'old 2'],
        container: options?.container ?? 'app',
        previous: options?.previous === true,
      }),
      followLogs: (
        _ref: unknown,
        options: { readonly container?: string; readonly signal: AbortSignal },
        onLines: (lines: readonly string[]) => void,
      ) =>
        new Promise<{ ok: true } | { ok: false; error: string }>((resolve) => {
          follows.push({
            container: options.container,
            signal: options.signal,
            write: onLines,
            end: (error) => resolve(error === undefined ? { ok: true } : { ok: false, error }),
          });
          options.signal.addEventListener('abort', () => resolve({ ok: true }));
        }),
    };
  }

  it('follows a current instance: new lines are appended, the newest kept; a previous one is not followed', async () => {
    const source = streamingSource();
    let changes = 0;
    const store = new LogsStore(source, () => changes++);
    store.read(POD, {});
    await tick();
    expect(source.follows).toHaveLength(1);
    expect(source.follows[0]?.container).toBe('app');
    source.follows[0]?.write(['new 1', 'new 2']);
    expect(store.read(POD, {})).toMatchObject({
      state: 'done',
      follow: 'following',
      result: { lines: ['old 1', 'old 2', 'new 1', 'new 2'] },
    });
    source.follows[0]?.write(Array.from({ length: MAX_FOLLOWED_LINES }, (_, i) => `bulk ${i}`));
    const entry = store.read(POD, {});
    expect(entry.state === 'done' && entry.result.ok && entry.result.lines.length).toBe(MAX_FOLLOWED_LINES);
    expect(entry.state === 'done' && entry.result.ok && entry.result.lines.at(-1)).toBe(
      `bulk ${MAX_FOLLOWED_LINES - 1}`,
    );
    expect(changes).toBeGreaterThanOrEqual(3);
    store.read(POD, { previous: true });
    await tick();
    expect(source.follows).toHaveLength(1);
  });

  it('pauses: the stream closes and the lines stay; the stream ending is said', async () => {
    const source = streamingSource();
    const store = new LogsStore(source, () => undefined);
    store.read(POD, {});
    await tick();
    store.setPaused(true);
    expect(source.follows[0]?.signal.aborted).toBe(true);
    expect(store.read(POD, {})).toMatchObject({ follow: 'paused', result: { lines: ['old 1', 'old 2'] } });
    source.follows[0]?.write(['late']);
    expect(store.read(POD, {})).toMatchObject({ result: { lines: ['old 1', 'old 2'] } });
    // Resumed and read again: a fresh stream; the server then closes it with an error.
    store.setPaused(false);
    store.forget(POD);
    store.read(POD, {});
    await tick();
    expect(source.follows).toHaveLength(2);
    source.follows[1]?.end('container "app" in pod "p" is terminated');
    await tick();
    expect(store.read(POD, {})).toMatchObject({
      follow: 'ended',
      followError: 'container "app" in pod "p" is terminated',
    });
    store.close();
  });
});
