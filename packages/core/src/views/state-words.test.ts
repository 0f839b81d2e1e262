import { describe, expect, expectTypeOf, it } from 'vitest';
import type { State } from '../report-types.ts';
import { STATES, stateWord } from './state-words.ts';

describe('state words', () => {
  it('lists every State once', () => {
    expectTypeOf<(typeof STATES)[number]>().toEqualTypeOf<State>();
    // Each member of the union, spelled out: a new State fails to compile here until listed.
    const all: Record<State, true> = {
      ready: true,
      failing: true,
      progressing: true,
      suspended: true,
      unknown: true,
      missing: true,
      cycle: true,
    };
    expect([...STATES].sort()).toEqual(Object.keys(all).sort());
  });

  it('reads a state word in any case, and nothing else', () => {
    expect(stateWord(' Failing ')).toBe('failing');
    expect(stateWord('cycle')).toBe('cycle');
    expect(stateWord('not ready')).toBeUndefined();
    expect(stateWord('')).toBeUndefined();
  });
});
