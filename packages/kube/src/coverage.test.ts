import { describe, expect, it } from 'vitest';
import { type Coverage, coverageNotes, type ToolCoverage } from './coverage.ts';

const present: ToolCoverage = { installed: true, served: [], notServed: [] };
const absent: ToolCoverage = { installed: false, served: [], notServed: ['Application'] };

function coverage(extra: Partial<Coverage>): Coverage {
  return { server: 'https://k', context: 'c', flux: present, argo: present, hidden: [], ...extra };
}

const forbiddenIn = (kind: string, namespace?: string) => ({
  kind,
  ...(namespace === undefined ? {} : { namespace }),
  cause: 'forbidden' as const,
  reason: `${kind.toLowerCase()}s is forbidden: User "bob" cannot list resource "${kind.toLowerCase()}s"${namespace === undefined ? ' at the cluster scope' : ` in the namespace "${namespace}"`}`,
});

describe('coverageNotes', () => {
  it('says nothing when everything is covered', () => {
    expect(coverageNotes(coverage({}))).toEqual([]);
  });

  it('says which tool is not installed', () => {
    expect(coverageNotes(coverage({ argo: absent }))).toEqual([
      'Argo CD is not installed (the server serves none of its kinds): showing Flux only',
    ]);
    expect(coverageNotes(coverage({ flux: absent }))).toEqual([
      'Flux is not installed (the server serves none of its kinds): showing Argo CD only',
    ]);
    expect(coverageNotes(coverage({ flux: absent, argo: absent }))).toEqual([
      'neither Flux nor Argo CD is installed: the server serves none of their kinds',
    ]);
  });

  it('groups hidden kinds that share the place and the reason, in a stable order', () => {
    const notes = coverageNotes(
      coverage({
        namespace: 'apps',
        hidden: [
          forbiddenIn('HelmRelease'),
          forbiddenIn('Kustomization'),
          forbiddenIn('Pod', 'b'),
          forbiddenIn('Pod', 'a'),
          forbiddenIn('Event', 'a'),
          forbiddenIn('Event', 'b'),
          { kind: 'Bucket', cause: 'error', reason: 'the server is currently unable to handle the request' },
        ],
      }),
    );
    expect(notes).toEqual([
      'only namespace apps is read (-n)',
      'partial picture: Kustomization, HelmRelease are hidden in all namespaces: forbidden for user bob (RBAC)',
      'partial picture: Bucket is hidden in all namespaces: the server is currently unable to handle the request',
      'partial picture: Event, Pod are hidden in namespaces a, b: forbidden for user bob (RBAC)',
    ]);
  });

  it('shortens long lists and keeps what strata did about it', () => {
    const kinds = [
      'Kustomization',
      'HelmRelease',
      'GitRepository',
      'OCIRepository',
      'HelmRepository',
      'HelmChart',
      'Bucket',
    ];
    const notes = coverageNotes(
      coverage({
        hidden: [
          ...kinds.map((kind) => ({
            ...forbiddenIn(kind),
            detail: 'namespaces cannot be listed either, so only namespace x is read',
          })),
          ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((ns) => forbiddenIn('Pod', ns)),
          { kind: 'Application', cause: 'forbidden' as const, reason: 'no RBAC user in this message' },
        ],
      }),
    );
    expect(notes).toEqual([
      'partial picture: Kustomization, HelmRelease, GitRepository, OCIRepository, HelmRepository, HelmChart and 1 more kind are hidden in all namespaces: forbidden for user bob (RBAC); namespaces cannot be listed either, so only namespace x is read',
      'partial picture: Application is hidden in all namespaces: forbidden: no RBAC user in this message',
      'partial picture: Pod is hidden in namespaces a, b, c, d, e, … (7 in all): forbidden for user bob (RBAC)',
    ]);
  });
});
