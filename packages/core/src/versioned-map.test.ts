import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionedMap } from './versioned-map.ts';

describe('VersionedMap', () => {
  it('answers each snapshot as the map was when it was taken', () => {
    const map = new VersionedMap<string, number>();
    map.set('a', 1);
    const first = map.snapshot();
    map.set('a', 2);
    map.set('b', 3);
    const second = map.snapshot();
    map.delete('a');
    map.set('b', 4);
    expect([first.get('a'), first.has('b'), [...first.entries()]]).toEqual([1, false, [['a', 1]]]);
    expect([second.get('a'), second.get('b')]).toEqual([2, 3]);
    expect(new Map(second.entries())).toEqual(
      new Map([
        ['a', 2],
        ['b', 3],
      ]),
    );
    expect([...map.entries()]).toEqual([['b', 4]]);
    expect(map.snapshot()).toBe(map.snapshot());
  });

  it('property: any snapshot equals a copy taken at the same moment', () => {
    const op = fc.record({
      key: fc.nat({ max: 6 }),
      value: fc.option(fc.nat(), { nil: undefined }),
      snap: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const map = new VersionedMap<number, number>();
        const taken: { snapshot: ReturnType<typeof map.snapshot>; copy: Map<number, number> }[] = [];
        for (const { key, value, snap } of ops) {
          if (value === undefined) map.delete(key);
          else map.set(key, value);
          if (snap) taken.push({ snapshot: map.snapshot(), copy: new Map(map.entries()) });
        }
        for (const { snapshot, copy } of taken) {
          expect(new Map(snapshot.entries())).toEqual(copy);
          for (let key = 0; key <= 6; key++) {
            expect(snapshot.get(key)).toBe(copy.get(key));
            expect(snapshot.has(key)).toBe(copy.has(key));
          }
        }
      }),
    );
  });
});
