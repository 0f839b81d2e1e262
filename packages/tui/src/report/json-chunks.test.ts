import { diagnose } from '@strata/core';
import { syntheticCluster, twoLayerPlatform } from '@strata/core/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-chunks.ts';

const joined = (value: unknown, chunkSize?: number) => [...jsonChunks(value, chunkSize)].join('');

describe('jsonChunks', () => {
  it('writes a report byte for byte as JSON.stringify(report, null, 2), in chunks', () => {
    const fixture = twoLayerPlatform();
    const report = diagnose(fixture.objects, { at: fixture.at });
    const expected = JSON.stringify(report, null, 2);
    expect(joined(report)).toBe(expected);
    const chunks = [...jsonChunks(report, 1024)];
    expect(chunks.length).toBeGreaterThan(expected.length / 4096);
    expect(chunks.join('')).toBe(expected);
  });

  it('writes a large report the same, in chunks of about the size asked', () => {
    const cluster = syntheticCluster({ seed: 3, gitops: 300, managedPerObject: 2 });
    const report = diagnose(cluster.objects, { at: cluster.at });
    const expected = JSON.stringify(report, null, 2);
    const chunks = [...jsonChunks(report, 16 * 1024)];
    expect(chunks.join('')).toBe(expected);
    expect(chunks.length).toBeGreaterThan(expected.length / (64 * 1024));
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(16 * 1024);
  });

  it('matches JSON.stringify on any JSON-like value, undefined, functions and toJSON included', () => {
    const leaf = fc.oneof(
      fc.jsonValue(),
      fc.constant(undefined),
      fc.constant(() => 1),
      fc.constant(Symbol('s')),
      fc.date({ noInvalidDate: true }),
      fc.constant({ toJSON: (key: string) => `key:${key}` }),
      fc.string(),
    );
    const { tree } = fc.letrec((t) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(t('tree')),
        fc.dictionary(fc.string(), t('tree')),
      ),
    }));
    fc.assert(
      fc.property(tree, fc.integer({ min: 1, max: 64 }), (value, size) => {
        expect(joined(value, size)).toBe(JSON.stringify(value, null, 2) ?? '');
      }),
      { numRuns: 500 },
    );
  });
});
