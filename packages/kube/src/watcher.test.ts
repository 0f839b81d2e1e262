import type { JsonRecord } from '@strata/core';
import { ClusterModel, DEPLOYMENTS, gitOpsKindNamed, gitOpsResource, servedKind } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.ts';
import { TransportError } from './errors.ts';
import { FakeApi, flush, forbidden, gone, type OpenWatch } from './fake-transport.test-support.ts';
import { type ObjectSink, ResourceWatcher, type WatcherEvent, type WatcherOptions } from './watcher.ts';

const KS = gitOpsResource(servedKind(gitOpsKindNamed('Kustomization')!, 'v1'));
const COLLECTION = '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations';

function ks(name: string, namespace = 'flux-system', ready = 'True'): JsonRecord {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace, generation: 1, managedFields: [{ manager: 'kubectl' }] },
    spec: { interval: '10m', path: `./${name}`, sourceRef: { kind: 'GitRepository', name: 'platform' } },
    status: {
      observedGeneration: 1,
      conditions: [{ type: 'Ready', status: ready, reason: 'R', message: 'm' }],
    },
  };
}

/** Records what reached the sink, keyed `namespace/name`. */
class RecordingSink implements ObjectSink {
  readonly objects = new Map<string, JsonRecord>();
  upserts = 0;
  removes = 0;
  private static key(object: unknown): string {
    const metadata = (object as JsonRecord).metadata as JsonRecord;
    return `${String(metadata.namespace ?? '')}/${String(metadata.name)}`;
  }
  upsert(object: unknown): void {
    this.upserts += 1;
    this.objects.set(RecordingSink.key(object), object as JsonRecord);
  }
  remove(object: unknown): void {
    this.removes += 1;
    this.objects.delete(RecordingSink.key(object));
  }
  names(): string[] {
    return [...this.objects.keys()].sort();
  }
}

interface Harness {
  readonly api: FakeApi;
  readonly sink: RecordingSink;
  readonly watcher: ResourceWatcher;
  readonly events: WatcherEvent[];
  readonly delays: number[];
  readonly controller: AbortController;
  readonly run: Promise<unknown>;
  clock: number;
}

/** A fake API server holding these Kustomizations of flux-system. */
function serving(...names: string[]): FakeApi {
  const api = new FakeApi();
  for (const name of names) api.put(COLLECTION, ks(name));
  return api;
}

/** A failure of the connection as a reset socket gives it. */
function socketReset(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

function start(api: FakeApi, options: Partial<WatcherOptions> = {}): Harness {
  const sink = new RecordingSink();
  const events: WatcherEvent[] = [];
  const delays: number[] = [];
  const controller = new AbortController();
  const harness = { clock: 0 } as { clock: number };
  const watcher = new ResourceWatcher(
    { resource: KS },
    {
      transport: api,
      sink,
      mode: 'watch',
      pageSize: 2,
      watchTimeoutSeconds: () => 300,
      backoff: new Backoff({ random: () => 1 }),
      sleep: async (ms) => {
        delays.push(ms);
        await Promise.resolve();
      },
      now: () => harness.clock,
      onEvent: (event) => events.push(event),
      ...options,
    },
  );
  const run = watcher.run(controller.signal);
  return Object.assign(harness, { api, sink, watcher, events, delays, controller, run });
}

/** Starts the watcher and waits until its first watch is open. */
async function watching(api: FakeApi): Promise<{ readonly h: Harness; readonly first: OpenWatch }> {
  const h = start(api);
  return { h, first: await api.watchOpened(1) };
}

/** Stops the watcher and waits for its run to end. */
async function stop(h: Harness): Promise<void> {
  h.controller.abort();
  await h.run;
}

describe('ResourceWatcher', () => {
  it('lists page by page, then watches from the list resource version with bookmarks', async () => {
    const api = serving('a', 'b', 'c', 'd', 'e');
    const { h, first: watch } = await watching(api);
    // The server refuses the streaming list first (422): the watcher lists page by page.
    const streaming = api.requests.filter((r) => r.query?.sendInitialEvents === 'true');
    expect(streaming).toHaveLength(1);
    const lists = api.requests.filter(
      (r) => r.query?.watch === undefined && r !== watch.request && r.query?.sendInitialEvents === undefined,
    );
    expect(lists.map((r) => r.query?.continue)).toEqual([undefined, '2', '4']);
    expect(lists.every((r) => r.query?.limit === '2')).toBe(true);
    expect(watch.request.query).toMatchObject({
      allowWatchBookmarks: 'true',
      resourceVersion: '105',
      timeoutSeconds: '300',
    });
    expect(h.sink.names()).toEqual([
      'flux-system/a',
      'flux-system/b',
      'flux-system/c',
      'flux-system/d',
      'flux-system/e',
    ]);
    // List items lack apiVersion and kind; the watcher sets them, and drops managedFields.
    expect(h.sink.objects.get('flux-system/a')).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
    });
    expect(
      (h.sink.objects.get('flux-system/a')?.metadata as JsonRecord | undefined)?.managedFields,
    ).toBeUndefined();
    expect(h.watcher.phase).toBe('watching');
    h.controller.abort();
    expect(await h.run).toEqual({ type: 'stopped' });
    expect(watch.stream.closed).toBe(true);
  });

  it('applies ADDED, MODIFIED and DELETED to the sink', async () => {
    const api = serving('a');
    const h = start(api);
    await api.watchOpened(1);
    api.put(COLLECTION, ks('b'));
    api.put(COLLECTION, ks('a', 'flux-system', 'False'));
    api.delete(COLLECTION, 'flux-system', 'b');
    await flush();
    expect(h.sink.names()).toEqual(['flux-system/a']);
    expect(JSON.stringify(h.sink.objects.get('flux-system/a'))).toContain('"status":"False"');
    expect(h.events.filter((e) => e.type === 'changed').map((e) => e.type === 'changed' && e.change)).toEqual(
      ['upsert', 'upsert', 'remove'],
    );
    expect(h.watcher.lastResourceVersion).toBe(String(api.resourceVersion));
    await stop(h);
  });

  it('resumes from the last bookmark after the server ends the stream, without waiting', async () => {
    const api = serving('a');
    const { h, first } = await watching(api);
    api.put('/apis/other/v1/things', { metadata: { name: 'x', namespace: 'n' } }); // moves the version
    api.bookmark();
    await flush();
    first.stream.end();
    const second = await api.watchOpened(2);
    expect(second.request.query?.resourceVersion).toBe(String(api.resourceVersion));
    expect(h.delays).toEqual([]);
    expect(api.requests.filter((r) => r.query?.limit !== undefined)).toHaveLength(1); // no relist
    await stop(h);
  });

  it('reconnects after a dropped stream with backoff and loses nothing that changed meanwhile', async () => {
    const api = serving('a', 'b');
    const { h, first } = await watching(api);
    // The connection breaks; while it is down, objects change on the server.
    first.stream.fail(socketReset('socket hang up'));
    api.put(COLLECTION, ks('c'));
    api.delete(COLLECTION, 'flux-system', 'a');
    api.put(COLLECTION, ks('b', 'flux-system', 'False'));
    const second = await api.watchOpened(2);
    expect(second.request.query?.resourceVersion).toBe(first.request.query?.resourceVersion);
    await flush();
    expect(h.delays).toHaveLength(1);
    expect(h.sink.names()).toEqual(['flux-system/b', 'flux-system/c']);
    expect(JSON.stringify(h.sink.objects.get('flux-system/b'))).toContain('"status":"False"');
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'retry' }));
    expect(h.watcher.phase).toBe('watching');
    await stop(h);
  });

  it('relists on a 410 ERROR event and removes what was deleted while it could not see', async () => {
    const api = serving('a', 'b');
    const { h, first } = await watching(api);
    first.stream.fail(socketReset('aborted'));
    api.delete(COLLECTION, 'flux-system', 'a');
    api.put(COLLECTION, ks('c'));
    api.compact(); // the history the watch would resume from is gone
    const second = await api.watchOpened(2);
    // The reconnected watch got ERROR 410; the watcher relisted and watches from the new list.
    const third = await api.watchOpened(3);
    expect(second.stream.closed).toBe(true);
    expect(third.request.query?.resourceVersion).toBe(String(api.resourceVersion));
    expect(h.sink.names()).toEqual(['flux-system/b', 'flux-system/c']);
    expect(h.events).toContainEqual({
      type: 'relist',
      reason: expect.stringContaining('too old resource version'),
    });
    expect(h.events).toContainEqual({ type: 'synced', objects: 2, removed: 1 });
    await stop(h);
  });

  it('relists when the watch request itself answers 410', async () => {
    const api = serving('a');
    let refused = false;
    api.intercept = (request) => {
      if (
        request.query?.sendInitialEvents === undefined &&
        request.query?.allowWatchBookmarks === 'true' &&
        !refused
      ) {
        refused = true;
        return gone();
      }
      return undefined;
    };
    const h = start(api);
    await api.watchOpened(1);
    expect(api.requests.filter((r) => r.query?.limit !== undefined)).toHaveLength(2);
    expect(h.delays).toEqual([]); // the first relist does not wait
    await stop(h);
  });

  it('grows the delay on repeated failures, caps it, and starts over after a healthy watch', async () => {
    const api = new FakeApi();
    let failures = 6;
    api.intercept = (request) =>
      request.query?.allowWatchBookmarks === 'true' && failures-- > 0
        ? { status: 503, body: { kind: 'Status', message: 'etcd is busy', code: 503 } }
        : undefined;
    const h = start(api, { backoff: new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 }) });
    const first = await api.watchOpened(1);
    expect(h.delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(h.events).toContainEqual(
      expect.objectContaining({ type: 'retry', message: expect.stringContaining('etcd is busy') }),
    );
    h.clock += 10_000; // open long enough to count as healthy
    first.stream.fail(new Error('reset'));
    await api.watchOpened(2);
    expect(h.delays.at(-1)).toBe(100);
    await stop(h);
  });

  it('treats a stream that closes at once with no event as a failure', async () => {
    const api = new FakeApi();
    const { h, first } = await watching(api);
    first.stream.end();
    await api.watchOpened(2);
    expect(h.delays).toHaveLength(1);
    await stop(h);
  });

  it('ends with forbidden on a 403, removing what it had put in the sink', async () => {
    const api = serving('a');
    let deny = false;
    api.intercept = () =>
      deny ? forbidden('kustomizations is forbidden: User "bob" cannot list') : undefined;
    const { h, first } = await watching(api);
    expect(h.sink.names()).toEqual(['flux-system/a']);
    deny = true;
    first.stream.push({
      type: 'ERROR',
      object: { kind: 'Status', code: 403, reason: 'Forbidden', message: 'revoked' },
    });
    expect(await h.run).toEqual({ type: 'forbidden', message: 'revoked' });
    expect(h.sink.names()).toEqual([]);
    expect(h.watcher.phase).toBe('forbidden');
  });

  it('lists once and ends in once mode; gives up after its attempts on a server error', async () => {
    const api = serving('a');
    const h = start(api, { mode: 'once' });
    expect(await h.run).toEqual({ type: 'done' });
    expect(api.watches).toHaveLength(0);
    expect(h.sink.names()).toEqual(['flux-system/a']);

    const failing = new FakeApi();
    failing.intercept = () => ({ status: 500, body: { kind: 'Status', message: 'boom', code: 500 } });
    const f = start(failing, { mode: 'once', attempts: 3 });
    expect(await f.run).toMatchObject({ type: 'failed' });
    expect(failing.requests).toHaveLength(3);
    expect(f.delays).toHaveLength(2);
  });

  it('fails at once in once mode on 401', async () => {
    const api = new FakeApi();
    api.intercept = () => ({ status: 401, body: { kind: 'Status', message: 'Unauthorized', code: 401 } });
    const h = start(api, { mode: 'once' });
    expect(await h.run).toMatchObject({ type: 'failed' });
    expect(api.requests).toHaveLength(1);
  });

  it('feeds a ClusterModel that follows the server', async () => {
    const api = new FakeApi();
    const collection = '/apis/apps/v1/deployments';
    /** kustomize-controller's Deployment with this spec and this many replicas available. */
    const deployment = (spec: JsonRecord, availableReplicas: number): JsonRecord => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'kustomize-controller',
        namespace: 'flux-system',
        labels: { app: 'kustomize-controller' },
      },
      spec,
      status: { availableReplicas },
    });
    api.put(
      collection,
      deployment(
        {
          replicas: 1,
          template: { spec: { containers: [{ name: 'manager', image: 'x', args: ['--big'] }] } },
        },
        1,
      ),
    );
    const model = new ClusterModel({ at: '2026-11-22T10:00:00Z' });
    const states = () => model.report().objects.map((o) => [o.ref.name, o.state]);
    const controller = new AbortController();
    const watcher = new ResourceWatcher(
      { resource: DEPLOYMENTS },
      { transport: api, sink: model, mode: 'watch' },
    );
    const run = watcher.run(controller.signal);
    await api.watchOpened(1);
    expect(states()).toEqual([['kustomize-controller', 'ready']]);
    const held = [...model.allObjects()][0] as JsonRecord;
    expect(held.spec).toEqual({
      replicas: 1,
      template: { spec: { containers: [{ name: 'manager', image: 'x' }] } },
    });
    api.put(collection, deployment({ replicas: 1 }, 0));
    await flush();
    expect(states()).toEqual([['kustomize-controller', 'failing']]);
    controller.abort();
    await run;
  });

  describe('streaming lists', () => {
    const listRequests = (api: FakeApi) =>
      api.requests.filter((r) => r.query?.watch === undefined && r.query?.limit !== undefined);

    it('lists by one stream where the server can, and goes on watching on it', async () => {
      const api = serving('a', 'b', 'c');
      api.streamingLists = true;
      const { h, first: watch } = await watching(api);
      await flush();
      expect(watch.request.query).toMatchObject({
        sendInitialEvents: 'true',
        resourceVersionMatch: 'NotOlderThan',
        allowWatchBookmarks: 'true',
      });
      expect(watch.request.query?.resourceVersion).toBeUndefined();
      expect(listRequests(api)).toEqual([]);
      expect(h.sink.names()).toEqual(['flux-system/a', 'flux-system/b', 'flux-system/c']);
      expect(h.events).toContainEqual({ type: 'synced', objects: 3, removed: 0 });
      expect(h.watcher.phase).toBe('watching');
      expect(h.watcher.lastResourceVersion).toBe('103');
      // Managed fields go, as from a LIST.
      expect(h.sink.objects.get('flux-system/a')?.metadata).not.toHaveProperty('managedFields');
      expect(h.sink.objects.get('flux-system/a')?.metadata).toHaveProperty('name', 'a');
      api.put(COLLECTION, ks('d'));
      await flush();
      expect(h.sink.names()).toContain('flux-system/d');
      expect(api.watches).toHaveLength(1);
      await stop(h);
    });

    it('relists by stream after a 410, removing what went meanwhile', async () => {
      const api = serving('a', 'b');
      api.streamingLists = true;
      const { h, first } = await watching(api);
      await flush();
      first.stream.fail(new TransportError('network', 'connection reset'));
      // While no watch is open, b goes and the history is compacted: the resumed watch gets 410.
      api.delete(COLLECTION, 'flux-system', 'b');
      api.compact();
      await api.watchOpened(3);
      await flush();
      expect(h.events).toContainEqual(expect.objectContaining({ type: 'relist' }));
      expect(h.sink.names()).toEqual(['flux-system/a']);
      expect(h.events).toContainEqual({ type: 'synced', objects: 1, removed: 1 });
      expect(api.watches[2]?.request.query?.sendInitialEvents).toBe('true');
      expect(listRequests(api)).toEqual([]);
      await stop(h);
    });

    it('in once mode, ends at the end of the initial events and closes the stream', async () => {
      const api = serving('a', 'b');
      api.streamingLists = true;
      const h = start(api, { mode: 'once' });
      expect(await h.run).toEqual({ type: 'done' });
      expect(h.sink.names()).toEqual(['flux-system/a', 'flux-system/b']);
      expect(api.watches).toHaveLength(1);
      expect(api.watches[0]?.stream.closed).toBe(true);
      expect(listRequests(api)).toEqual([]);
    });

    it('lists page by page when the server refuses a stream, for 403 too (list without watch rights)', async () => {
      for (const refusal of ['422', '403'] as const) {
        const api = serving('a');
        api.streamingLists = true;
        api.intercept = (request) =>
          request.query?.sendInitialEvents === 'true' && refusal === '403'
            ? forbidden('no watch')
            : undefined;
        if (refusal === '422') api.streamingLists = false;
        const h = start(api, { mode: 'once' });
        expect(await h.run).toEqual({ type: 'done' });
        expect(h.sink.names()).toEqual(['flux-system/a']);
        expect(listRequests(api)).toHaveLength(1);
        expect(h.delays).toEqual([]);
      }
    });

    it('lists page by page when a stream sends nothing, and closes it', async () => {
      const api = serving('a');
      api.streamingLists = 'quiet';
      const h = start(api, { mode: 'once', streamingFirstEventMs: 20 });
      expect(await h.run).toEqual({ type: 'done' });
      expect(h.sink.names()).toEqual(['flux-system/a']);
      expect(listRequests(api)).toHaveLength(1);
      expect(api.watches[0]?.stream.closed).toBe(true);
    });

    it('does not try streaming again once refused', async () => {
      const api = serving('a');
      const { h, first } = await watching(api);
      await flush();
      first.stream.push({ type: 'ERROR', object: gone().body });
      await api.watchOpened(2);
      await flush();
      expect(api.requests.filter((r) => r.query?.sendInitialEvents === 'true')).toHaveLength(1);
      expect(listRequests(api)).toHaveLength(2);
      await stop(h);
    });
  });
});
