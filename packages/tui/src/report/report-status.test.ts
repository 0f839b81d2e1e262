import type { ReportObject } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { isNotReady } from './report-status.ts';

function object(state: ReportObject['state'], rootCauses: ReportObject['rootCauses'] = []): ReportObject {
  return {
    ref: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    layer: 'flux',
    state,
    rootCauses,
    evidence: [],
  };
}

describe('isNotReady', () => {
  it('is false for a ready node', () => {
    expect(isNotReady(object('ready'))).toBe(false);
  });

  it('is true for every other readiness', () => {
    for (const state of ['failing', 'progressing', 'unknown', 'missing', 'cycle'] as const) {
      expect(isNotReady(object(state))).toBe(true);
    }
  });

  it('reads a suspended node by its root causes: Ready=True and suspended is ready', () => {
    expect(isNotReady(object('suspended'))).toBe(false);
    expect(isNotReady(object('suspended', [object('suspended').ref]))).toBe(true);
  });
});
