import { describe, expect, it } from 'vitest';
import { Backoff, sleep } from './backoff.ts';
import { parseDuration } from './duration.ts';

describe('Backoff', () => {
  it('doubles up to the cap, with jitter between half and all of each step', () => {
    const top = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0.999999 });
    expect(Array.from({ length: 7 }, () => top.next())).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    const bottom = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect(Array.from({ length: 6 }, () => bottom.next())).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('spreads delays with the random source, within [d/2, d]', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 30_000 });
    for (let i = 0; i < 50; i++) {
      backoff.reset();
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });

  it('starts small again after reset', () => {
    const backoff = new Backoff({ initialMs: 10, random: () => 1 });
    backoff.next();
    backoff.next();
    expect(backoff.attempts).toBe(2);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(10);
  });
});

describe('sleep', () => {
  it('resolves early when aborted, and at once when already aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort();
    await pending;
    expect(Date.now() - started).toBeLessThan(1000);
    await sleep(10_000, controller.signal);
  });
});

describe('parseDuration', () => {
  it('reads Go durations and bare seconds, as kubectl --request-timeout', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('20')).toBe(20_000);
    expect(parseDuration('0')).toBe(0);
  });

  it('rejects what is not a duration', () => {
    for (const text of ['', 'soon', '5 s', '-1s', '1d', 's', '1m-1s'])
      expect(parseDuration(text), text).toBeUndefined();
  });
});
