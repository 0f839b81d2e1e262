import { describe, expect, it } from 'vitest';
import type { Coverage } from '../cluster/coverage.ts';
import { hiddenNotes } from './live-source.ts';

const base: Coverage = {
  server: 'https://127.0.0.1:6443',
  context: 'test',
  flux: { installed: true, served: [] },
  argo: { installed: true, served: [] },
  hidden: [],
} as unknown as Coverage;

describe('hiddenNotes', () => {
  it('says nothing when everything is visible', () => {
    expect(hiddenNotes(base)).toEqual([]);
  });

  it('names a missing tool and each hidden kind with the server’s reason', () => {
    const coverage = {
      ...base,
      argo: { installed: false, served: [] },
      hidden: [
        {
          kind: 'HelmRelease',
          cause: 'forbidden',
          reason: 'helmreleases is forbidden: User "dev" cannot list',
        },
        {
          kind: 'Pod',
          namespace: 'team-a',
          cause: 'forbidden',
          reason: 'pods is forbidden',
          detail: 'evidence',
        },
      ],
    } as unknown as Coverage;
    expect(hiddenNotes(coverage)).toEqual([
      { what: 'Argo CD', why: 'not installed: the server serves none of its kinds' },
      { what: 'HelmRelease in all namespaces', why: 'helmreleases is forbidden: User "dev" cannot list' },
      { what: 'Pod in namespace team-a', why: 'pods is forbidden (evidence)' },
    ]);
  });
});
