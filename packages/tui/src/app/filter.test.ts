import { describe, expect, it } from 'vitest';
import { applyFilter, matches, parseFilter } from './filter.ts';

const labels = new Map([
  ['app', 'web'],
  ['tier', 'frontend'],
]);

describe('the / filter', () => {
  it('matches text in any cell, ignoring case', () => {
    const filter = parseFilter('Cert');
    expect(filter).toEqual({ kind: 'text', text: 'cert', negate: false });
    expect(matches(filter, ['HelmRelease', 'cert-manager'], undefined)).toBe(true);
    expect(matches(filter, ['HelmRelease', 'trust-manager'], undefined)).toBe(false);
  });

  it('inverts with !', () => {
    const filter = parseFilter('!cert');
    expect(matches(filter, ['cert-manager'], undefined)).toBe(false);
    expect(matches(filter, ['gateway'], undefined)).toBe(true);
  });

  it('takes /regex/, and reports a bad one instead of throwing', () => {
    const filter = parseFilter('/^team-(a|b)/');
    expect(filter.kind).toBe('regex');
    expect(matches(filter, ['team-b-api'], undefined)).toBe(true);
    expect(matches(filter, ['my-team-a'], undefined)).toBe(false);
    const bad = parseFilter('/(/');
    expect(bad.kind).toBe('invalid');
    expect(matches(bad, ['x'], undefined)).toBe(true);
  });

  it('matches a state word on the state column only: !ready keeps a failing row that says "not ready"', () => {
    const rows = [
      { name: 'a', state: 'ready', message: 'Applied revision' },
      { name: 'b', state: 'failing', message: "dependency 'x' is not ready" },
      { name: 'c', state: 'progressing', message: 'Reconciliation in progress' },
    ];
    const pick = (text: string) =>
      applyFilter(
        rows,
        parseFilter(text),
        (r) => [r.name, r.state, r.message],
        () => undefined,
        (r) => r.state,
      ).map((r) => r.name);
    expect(pick('!ready')).toEqual(['b', 'c']);
    expect(pick('ready')).toEqual(['a']);
    expect(pick('Failing')).toEqual(['b']);
    // Anything else is still free text.
    expect(pick('not ready')).toEqual(['b']);
  });

  it('selects by labels with -l', () => {
    expect(matches(parseFilter('-l app=web'), [], labels)).toBe(true);
    expect(matches(parseFilter('-l app=web,tier=backend'), [], labels)).toBe(false);
    expect(matches(parseFilter('-l app!=api'), [], labels)).toBe(true);
    expect(matches(parseFilter('-l tier'), [], labels)).toBe(true);
    expect(matches(parseFilter('-l !tier'), [], labels)).toBe(false);
    expect(matches(parseFilter('-l app==web'), [], labels)).toBe(true);
    expect(matches(parseFilter('-l app=web'), [], undefined)).toBe(false);
    expect(parseFilter('-l').kind).toBe('invalid');
  });

  it('keeps every row without a filter, and the order of those it keeps', () => {
    const rows = ['alpha', 'beta', 'gamma', 'alphabet'];
    expect(
      applyFilter(
        rows,
        parseFilter(''),
        (r) => [r],
        () => undefined,
      ),
    ).toBe(rows);
    expect(
      applyFilter(
        rows,
        parseFilter('alpha'),
        (r) => [r],
        () => undefined,
      ),
    ).toEqual(['alpha', 'alphabet']);
  });
});
