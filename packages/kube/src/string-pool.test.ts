import { describe, expect, it } from 'vitest';
import { StringPool } from './string-pool.ts';

/** Strings equal by value are the same copy when pooling made them so: V8 shows it only in memory,
 *  so the test asks the pool: a pooled value comes back for an equal fresh one. */
describe('StringPool', () => {
  it('replaces string values in objects and arrays, in place, leaving everything else', () => {
    const pool = new StringPool();
    const a = JSON.parse(
      '{"metadata":{"namespace":"flux-system","labels":{"x":"flux-system"}},"n":1,"list":["flux-system",true,null,{"k":"v"}]}',
    );
    const before = JSON.stringify(a);
    pool.internAll(a);
    expect(JSON.stringify(a)).toBe(before);
    // flux-system, v: one entry each however often they occur.
    expect(pool.size).toBe(2);
    pool.internAll(JSON.parse('{"namespace":"flux-system","other":"new"}'));
    expect(pool.size).toBe(3);
  });

  it('leaves long strings alone and starts over when full', () => {
    const pool = new StringPool({ maxEntries: 3, maxLength: 5 });
    pool.internAll(['a', 'b', 'c', 'toolong']);
    expect(pool.size).toBe(3);
    pool.internAll(['a', 'd']);
    // `a` was pooled already; `d` finds the pool full: it starts over with `d` alone.
    expect(pool.size).toBe(1);
    expect(pool.string('d')).toBe('d');
  });

  it('walks deep values without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    const pool = new StringPool();
    pool.internAll(deep);
    expect(pool.size).toBe(1);
  });
});
