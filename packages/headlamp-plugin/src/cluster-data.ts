/**
 * Lists what the core needs from one cluster through Headlamp's own API layer (ApiProxy: the
 * request goes to Headlamp's backend, which holds the credentials) and keeps one picture per
 * cluster, shared by every page, section, column and map source. Polls while something watches.
 */
import { ApiProxy } from '@kinvolk/headlamp-plugin/lib';
import { GITOPS_KINDS } from '@strata/core';
import { useSyncExternalStore } from 'react';
import { buildPicture, type Picture } from './picture.ts';

export interface ClusterData {
  readonly cluster: string;
  readonly loading: boolean;
  readonly picture?: Picture;
  /** Lists the API refused or failed (RBAC, not served…): shown, never fatal. */
  readonly notes: readonly string[];
  readonly error?: string;
}

interface ListSpec {
  readonly path: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly tool?: 'flux' | 'argo';
}

const BUILTIN: readonly ListSpec[] = [
  { path: '/apis/apps/v1/deployments', apiVersion: 'apps/v1', kind: 'Deployment' },
  { path: '/apis/apps/v1/statefulsets', apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { path: '/apis/apps/v1/replicasets', apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { path: '/apis/apps/v1/daemonsets', apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { path: '/api/v1/pods', apiVersion: 'v1', kind: 'Pod' },
  { path: '/api/v1/events?fieldSelector=type%3DWarning', apiVersion: 'v1', kind: 'Event' },
  { path: '/api/v1/configmaps?fieldSelector=metadata.name%3Dargocd-cm', apiVersion: 'v1', kind: 'ConfigMap' },
  { path: '/api/v1/namespaces', apiVersion: 'v1', kind: 'Namespace' },
];

const POLL_MS = 15_000;

/** The GitOps kinds this cluster serves, at the newest served version the core reads. */
async function servedLists(cluster: string): Promise<ListSpec[]> {
  const groups = (await ApiProxy.request('/apis', { cluster })) as {
    groups?: { name: string; versions?: { version: string }[] }[];
  };
  const served = new Map(
    (groups.groups ?? []).map((g) => [g.name, new Set((g.versions ?? []).map((v) => v.version))]),
  );
  const out: ListSpec[] = [];
  for (const kind of GITOPS_KINDS) {
    const versions = served.get(kind.group);
    const version = kind.versions.find((v) => versions?.has(v));
    if (version === undefined) continue;
    out.push({
      path: `/apis/${kind.group}/${version}/${kind.plural}`,
      apiVersion: `${kind.group}/${version}`,
      kind: kind.kind,
      tool: kind.tool,
    });
  }
  return out;
}

function messageOf(error: unknown): string {
  const status = (error as { status?: number })?.status;
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not served';
  return error instanceof Error ? error.message : String(error);
}

const CONCURRENCY = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One list; a 429 (the API server's max-in-flight) is retried after a pause. */
async function list(cluster: string, spec: ListSpec): Promise<Record<string, unknown>[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = (await ApiProxy.request(spec.path, { cluster })) as {
        items?: Record<string, unknown>[];
      };
      return answer.items ?? [];
    } catch (error) {
      if ((error as { status?: number })?.status !== 429 || attempt >= 5) throw error;
      await sleep(250 * 2 ** attempt);
    }
  }
}

async function load(cluster: string): Promise<Omit<ClusterData, 'cluster' | 'loading'>> {
  const gitops = await servedLists(cluster);
  const notes: string[] = [];
  const objects: unknown[] = [];
  const specs = [...gitops, ...BUILTIN];
  const lists: { spec: ListSpec; items: Record<string, unknown>[] }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      try {
        lists.push({ spec, items: await list(cluster, spec) });
      } catch (error) {
        notes.push(`${spec.kind}: ${messageOf(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  for (const { spec, items } of lists) {
    for (const item of items) objects.push({ ...item, apiVersion: spec.apiVersion, kind: spec.kind });
  }
  const served = { flux: gitops.some((s) => s.tool === 'flux'), argo: gitops.some((s) => s.tool === 'argo') };
  return { picture: buildPicture(objects, new Date().toISOString(), served), notes: notes.sort() };
}

// ---- one shared store per cluster -----------------------------------------------------------

const data = new Map<string, ClusterData>();
const listeners = new Map<string, Set<() => void>>();
const timers = new Map<string, ReturnType<typeof setTimeout>>();
const inFlight = new Set<string>();

function publish(cluster: string, next: ClusterData): void {
  data.set(cluster, next);
  for (const listener of listeners.get(cluster) ?? []) listener();
}

export async function refresh(cluster: string): Promise<void> {
  if (inFlight.has(cluster)) return;
  inFlight.add(cluster);
  const previous = data.get(cluster);
  try {
    const loaded = await load(cluster);
    publish(cluster, { cluster, loading: false, ...loaded });
  } catch (error) {
    publish(cluster, {
      cluster,
      loading: false,
      notes: previous?.notes ?? [],
      ...(previous?.picture === undefined ? {} : { picture: previous.picture }),
      error: messageOf(error),
    });
  } finally {
    inFlight.delete(cluster);
  }
}

function schedule(cluster: string): void {
  if (timers.has(cluster)) return;
  const tick = () => {
    timers.delete(cluster);
    if ((listeners.get(cluster)?.size ?? 0) === 0) return;
    void refresh(cluster).finally(() => schedule(cluster));
  };
  timers.set(cluster, setTimeout(tick, POLL_MS));
}

function subscribe(cluster: string, listener: () => void): () => void {
  const set = listeners.get(cluster) ?? new Set();
  set.add(listener);
  listeners.set(cluster, set);
  if (!data.has(cluster)) {
    data.set(cluster, { cluster, loading: true, notes: [] });
    void refresh(cluster).finally(() => schedule(cluster));
  } else schedule(cluster);
  return () => set.delete(listener);
}

const EMPTY: ClusterData = { cluster: '', loading: true, notes: [] };

/** The current picture of a cluster; starts listing on first use. */
export function useClusterData(cluster: string | null | undefined): ClusterData {
  const name = cluster ?? '';
  const snapshot = useSyncExternalStore(
    (l) => (name === '' ? () => undefined : subscribe(name, l)),
    () => data.get(name) ?? EMPTY,
  );
  return snapshot;
}

/** The latest picture without subscribing (for table getValue and map sources). */
export function peekClusterData(cluster: string | null | undefined): ClusterData | undefined {
  return data.get(cluster ?? '');
}

/** Tests only: put a picture in the store for a cluster. */
export function primeClusterData(cluster: string, value: Omit<ClusterData, 'cluster'>): void {
  data.set(cluster, { cluster, ...value });
  timers.set(
    cluster,
    setTimeout(() => undefined, 0),
  );
}
