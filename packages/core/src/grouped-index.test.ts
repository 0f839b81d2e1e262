import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupedIndex } from './grouped-index.ts';

describe('GroupedIndex', () => {
  it('keeps insertion order; refiling an id keeps its place and takes the new value', () => {
    const index = new GroupedIndex<string>();
    index.add('g', 'a', 'A');
    expect(index.values('g')).toEqual(['A']);
    index.add('g', 'a', 'A2');
    expect(index.values('g')).toEqual(['A2']);
    index.add('g', 'b', 'B');
    index.add('g', 'a', 'A3');
    expect(index.values('g')).toEqual(['A3', 'B']);
    expect(index.last('g')).toBe('B');
    expect(index.count('g')).toBe(2);
  });

  it('forgets a group once its last member goes, and ignores unknown ids', () => {
    const index = new GroupedIndex<number>();
    index.add('g', 'a', 1);
    index.delete('g', 'other');
    expect(index.count('g')).toBe(1);
    index.delete('g', 'a');
    expect(index.count('g')).toBe(0);
    expect(index.values('g')).toEqual([]);
    expect([...index.view('g')]).toEqual([]);
    expect(index.last('g')).toBeUndefined();
    index.add('g', 'a', 1);
    index.add('g', 'b', 2);
    index.delete('g', 'a');
    index.delete('g', 'b');
    expect(index.count('g')).toBe(0);
  });

  it('behaves as a Map of Maps under any sequence of adds and deletes', () => {
    const op = fc.record({
      add: fc.boolean(),
      group: fc.constantFrom('g1', 'g2', 'g3'),
      id: fc.constantFrom('a', 'b', 'c', 'd'),
      value: fc.integer(),
      snapshot: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const index = new GroupedIndex<number>();
        const model = new Map<string, Map<string, number>>();
        const snapshots: { snapshot: ReturnType<typeof index.snapshot>; groups: Map<string, number[]> }[] =
          [];
        for (const { add, group, id, value, snapshot } of ops) {
          if (snapshot) {
            const groups = new Map([...model].map(([g, members]) => [g, [...members.values()]]));
            snapshots.push({ snapshot: index.snapshot(), groups });
          }
          if (add) {
            index.add(group, id, value);
            const members = model.get(group) ?? new Map<string, number>();
            members.set(id, value);
            model.set(group, members);
          } else {
            index.delete(group, id);
            model.get(group)?.delete(id);
            if (model.get(group)?.size === 0) model.delete(group);
          }
          for (const g of ['g1', 'g2', 'g3']) {
            const expected = [...(model.get(g)?.values() ?? [])];
            expect(index.values(g)).toEqual(expected);
            expect([...index.view(g)]).toEqual(expected);
            expect(index.count(g)).toBe(expected.length);
            expect(index.last(g)).toBe(expected.at(-1));
          }
        }
        // Each snapshot still answers as the index was when it was taken.
        for (const { snapshot, groups } of snapshots) {
          for (const g of ['g1', 'g2', 'g3']) expect(snapshot.values(g)).toEqual(groups.get(g) ?? []);
        }
      }),
    );
  });
});
