import { describe, expect, it } from 'vitest';
import { createDemoSource } from '../demo/demo-source.ts';
import type { OpenedSource, SourceDescription } from './data-source.ts';
import { handoverSource } from './handover-source.ts';

const description: SourceDescription = {
  context: 'prod',
  cluster: 'https://10.0.0.1:6443',
  user: 'me',
  namespace: 'all',
  readOnly: false,
};

function deferred() {
  let resolve!: (opened: OpenedSource) => void;
  const promise = new Promise<OpenedSource>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const tick = () => new Promise((done) => setTimeout(done, 0));

describe('handoverSource', () => {
  it('shows an empty connecting picture at once, and refuses actions until connected', async () => {
    const opening = deferred();
    const source = handoverSource(description, opening.promise);
    expect(source.describe()).toEqual(description);
    expect(source.snapshot().connection).toBe('connecting');
    expect(source.snapshot().report.objects).toEqual([]);
    const ref = { kind: 'HelmRelease', namespace: 'flux-system', name: 'cert-manager' };
    expect(await source.apply('reconcile', ref)).toEqual({
      ok: false,
      error: 'still connecting to the cluster',
    });
    expect(await source.logs(ref)).toMatchObject({ ok: false });
    source.close();
  });

  it('hands over to the opened source, tells its listeners, and carries the notice', async () => {
    const opening = deferred();
    const source = handoverSource(description, opening.promise);
    let told = 0;
    source.subscribe(() => told++);
    const demo = createDemoSource();
    opening.resolve({ source: demo, notice: 'DEMO: no kubeconfig found' });
    await tick();
    expect(told).toBeGreaterThan(0);
    expect(source.kind).toBe('demo');
    const snapshot = source.snapshot();
    expect(snapshot.notice).toBe('DEMO: no kubeconfig found');
    // The demo's two-layer platform has four roots.
    expect(snapshot.report.rootCauses.length).toBe(4);
    expect(source.snapshot()).toBe(snapshot);
    source.close();
  });

  it('closes a source that arrives after it was closed', async () => {
    const opening = deferred();
    const source = handoverSource(description, opening.promise);
    source.close();
    let closed = false;
    const demo = createDemoSource();
    opening.resolve({
      source: {
        ...demo,
        close: () => {
          closed = true;
          demo.close();
        },
      },
    });
    await tick();
    expect(closed).toBe(true);
  });
});
