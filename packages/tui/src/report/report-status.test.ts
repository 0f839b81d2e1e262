import type { ReportObject } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { isNotReady } from './report-status.ts';

function object(state: ReportObject['state'], ready: boolean): ReportObject {
  return {
    ref: { kind: 'Kustomization', namespace: 'flux-system', name: 'apps' },
    layer: 'flux',
    state,
    ready,
    rootCauses: [],
    blocks: [],
    evidence: [],
  };
}

describe('isNotReady', () => {
  it('is the report’s `ready` negated', () => {
    expect(isNotReady(object('ready', true))).toBe(false);
    expect(isNotReady(object('failing', false))).toBe(true);
  });

  it('reads a suspended node by `ready`: Ready=True and suspended is ready, suspended and failing is not', () => {
    expect(isNotReady(object('suspended', true))).toBe(false);
    expect(isNotReady(object('suspended', false))).toBe(true);
  });
});
