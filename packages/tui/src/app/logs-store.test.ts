import { describe, expect, it } from 'vitest';
import type { LogsOptions, LogsResult } from './data-source.ts';
import { LogsStore } from './logs-store.ts';

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
