import { describe, expect, it } from 'vitest';
import { formatSnapshotTime, parseSnapshotTime } from './snapshot-time.ts';

describe('parseSnapshotTime', () => {
  it('normalises to UTC, seconds precision unless milliseconds are given', () => {
    expect(parseSnapshotTime('2026-11-22T10:00:00Z')).toBe('2026-11-22T10:00:00Z');
    expect(parseSnapshotTime('2026-11-22T10:00:00.000Z')).toBe('2026-11-22T10:00:00Z');
    expect(parseSnapshotTime('2026-11-22T10:00:00.250Z')).toBe('2026-11-22T10:00:00.250Z');
    expect(parseSnapshotTime('2026-11-22T12:00:00+02:00')).toBe('2026-11-22T10:00:00Z');
    expect(parseSnapshotTime('2026-11-22T12:00:00+0200')).toBe('2026-11-22T10:00:00Z');
  });

  it('reads a date, or a time without an offset, as UTC', () => {
    expect(parseSnapshotTime('2026-11-22')).toBe('2026-11-22T00:00:00Z');
    expect(parseSnapshotTime('2026-11-22T10:00')).toBe('2026-11-22T10:00:00Z');
    expect(parseSnapshotTime('2026-11-22 10:00:00')).toBe('2026-11-22T10:00:00Z');
  });

  it('rejects what is not an ISO-8601 time', () => {
    for (const value of [
      '',
      'now',
      'yesterday',
      '1',
      'Nov 22 2026',
      '2026-02-30',
      '2026-11-22T25:00:00Z',
      '2026-13-01',
    ]) {
      expect(parseSnapshotTime(value), value).toBeUndefined();
    }
  });
});

describe('formatSnapshotTime', () => {
  it('drops zero milliseconds only', () => {
    expect(formatSnapshotTime(new Date(Date.UTC(2026, 10, 22, 10)))).toBe('2026-11-22T10:00:00Z');
    expect(formatSnapshotTime(new Date(Date.UTC(2026, 10, 22, 10, 0, 0, 7)))).toBe(
      '2026-11-22T10:00:00.007Z',
    );
  });
});
