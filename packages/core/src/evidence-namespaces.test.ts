import { describe, expect, it } from 'vitest';
import { evidenceNamespaces } from './evidence-namespaces.ts';
import { makeRef } from './ref.ts';
import { platformView } from './views/platform-view.test-support.ts';

describe('evidence namespaces', () => {
  const view = platformView();
  const roots = view.report.rootCauses.map((r) => r.ref);
  const certManager = makeRef('HelmRelease', 'flux-system', 'cert-manager');

  it('reads where the failing workloads run first, then its target, then its own namespace', () => {
    const chosen = evidenceNamespaces(view, [certManager]);
    // cert-manager's failing webhook runs in cert-manager, its chart targets cert-manager too.
    expect(chosen).toEqual([
      { subject: certManager, namespace: 'cert-manager' },
      { subject: certManager, namespace: 'flux-system' },
    ]);
  });

  it('reads an Application where its destination is', () => {
    const app = view.report.objects.find(
      (o) => o.ref.kind === 'Application' && o.ref.name === 'team-a-payments',
    );
    if (app === undefined) throw new Error('no team-a-payments in the fixture');
    expect(evidenceNamespaces(view, [app.ref]).map((e) => e.namespace)).toEqual(['team-a', 'argocd']);
  });

  it('takes each namespace once, for the first subject that needs it, within the limits', () => {
    const all = evidenceNamespaces(view, roots);
    const namespaces = all.map((e) => e.namespace);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    expect(evidenceNamespaces(view, roots, { max: 2 })).toEqual(all.slice(0, 2));
    const one = evidenceNamespaces(view, roots, { perSubject: 1 });
    // Every subject's first candidate, unless an earlier subject took it.
    expect(one.length).toBeLessThanOrEqual(roots.length);
    expect(one.map((e) => e.namespace)).toEqual(
      roots
        .flatMap((r) => {
          const first = evidenceNamespaces(view, [r], { perSubject: 1 })[0];
          return first === undefined ? [] : [first.namespace];
        })
        .filter((n, i, list) => list.indexOf(n) === i),
    );
    expect(evidenceNamespaces(view, roots, { perSubject: 0 })).toEqual([]);
  });

  it('gives a missing subject its own namespace, nothing for a cluster-scoped one', () => {
    const missing = makeRef('AppProject', 'argocd', 'team-c');
    expect(evidenceNamespaces(view, [missing])).toEqual([{ subject: missing, namespace: 'argocd' }]);
    expect(evidenceNamespaces(view, [makeRef('Namespace', undefined, 'nowhere')])).toEqual([]);
  });
});
