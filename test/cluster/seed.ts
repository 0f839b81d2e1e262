/**
 * Puts fixture objects on a test cluster the way they would get there in a live cluster: the
 * object is created (or replaced) as a client would, then its `status` is written as its
 * controller would — through the status subresource when the kind has one (Flux kinds,
 * Deployments, Pods, …), as part of the object otherwise (Argo CD Application, AppProject).
 * Works for any kind the server serves: discovery maps kind → resource.
 *
 * The server owns some metadata, so seeding changes it:
 * - `uid`, `resourceVersion`, `creationTimestamp`, `generation`, `managedFields` are the
 *   server's. Owner references to objects seeded in the same call are rewritten to the owners'
 *   new uids (owners are created first).
 * - `generation` starts at 1. With `matchObservedGeneration` (the default) observed generations
 *   in the status (`status.observedGeneration`, `status.lastAttemptedGeneration`,
 *   `status.conditions[].observedGeneration`) are moved by the same offset: equal to the
 *   fixture's generation → the server's (so "ready" stays ready); n behind → n behind, but
 *   never below 0 (so "stale" stays stale).
 * - `deletionTimestamp` cannot be set, and nothing removes finalizers (no controllers).
 *
 * Errors name the object and the server's message, never the object's content (Secrets).
 */
import type { Cluster } from './harness.ts';
import {
  type ApiResource,
  formatObjectRef,
  type JsonObject,
  KubeApiError,
  type KubeClient,
  type KubeObject,
  type ObjectRef,
} from './rest.ts';

/** Anything holding an admin client: a Cluster, or `{ client }` built from a kubeconfig. */
export type SeedTarget = Pick<Cluster, 'client'>;

export interface SeedOptions {
  /** Move observed generations in statuses along with the server's generation (default true). */
  readonly matchObservedGeneration?: boolean;
  /** Create the namespaces objects live in when missing (default true). */
  readonly createNamespaces?: boolean;
  /** On an object the server refuses: throw (default), or collect it in `failed` and go on. */
  readonly onError?: 'throw' | 'collect';
  /**
   * Move every timestamp in the objects (RFC 3339 UTC strings, e.g. conditions'
   * `lastTransitionTime`) by `to − from`: a fixture taken at `from` then reads as if taken at
   * `to` (now by default), so ages look as they did. The server sets `creationTimestamp` anyway.
   */
  readonly timeShift?: { readonly from: string; readonly to?: string };
}

export interface SeededObject {
  readonly ref: ObjectRef;
  readonly uid: string;
  readonly generation: number | undefined;
  readonly resourceVersion: string;
  /** Whether the status went through the status subresource. */
  readonly statusSubresource: boolean;
}

export interface SeedResult {
  readonly seeded: SeededObject[];
  readonly failed: { readonly ref: ObjectRef; readonly error: string }[];
}

const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
] as const;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function asKubeObject(value: unknown, index: number): KubeObject {
  if (
    !isObject(value) ||
    typeof value.apiVersion !== 'string' ||
    typeof value.kind !== 'string' ||
    !isObject(value.metadata) ||
    typeof value.metadata.name !== 'string'
  ) {
    throw new Error(`seed: object #${index} is not a Kubernetes object (apiVersion, kind, metadata.name)`);
  }
  return value as KubeObject;
}

export function refOf(object: KubeObject): ObjectRef {
  const { namespace } = object.metadata;
  return { apiVersion: object.apiVersion, kind: object.kind, namespace, name: object.metadata.name };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Observed generations

/** Every observed-generation number in a status, with a setter. */
function observedGenerationSlots(status: JsonObject): { get: () => unknown; set: (value: number) => void }[] {
  const slots: { get: () => unknown; set: (value: number) => void }[] = [];
  const add = (holder: JsonObject, key: string) => {
    if (typeof holder[key] === 'number')
      slots.push({ get: () => holder[key], set: (v) => (holder[key] = v) });
  };
  add(status, 'observedGeneration');
  add(status, 'lastAttemptedGeneration');
  if (Array.isArray(status.conditions)) {
    for (const condition of status.conditions) if (isObject(condition)) add(condition, 'observedGeneration');
  }
  return slots;
}

/**
 * A copy of `status` whose observed generations are moved from the fixture's generation to the
 * server's: equal → equal, n behind → n behind (not below 0). Without a fixture generation, the
 * highest observed generation stands for it.
 */
export function rebaseObservedGenerations(
  status: JsonObject,
  fixtureGeneration: number | undefined,
  serverGeneration: number,
): JsonObject {
  const out = clone(status);
  const slots = observedGenerationSlots(out);
  const values = slots.map((s) => s.get() as number);
  const base = fixtureGeneration ?? (values.length > 0 ? Math.max(...values) : undefined);
  if (base === undefined) return out;
  for (const slot of slots) {
    const value = slot.get() as number;
    if (value <= 0 || value > base) continue; // -1 / 0 mean "never observed"; ahead is kept as is
    slot.set(Math.max(0, serverGeneration - (base - value)));
  }
  return out;
}

/** A copy of `status` whose observed generations all equal `generation`. */
function observedGenerationsAt(status: JsonObject, generation: number): JsonObject {
  const out = clone(status);
  for (const slot of observedGenerationSlots(out)) slot.set(generation);
  return out;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** A copy of `value` with every RFC 3339 UTC timestamp moved by `deltaMs`. */
export function shiftTimestamps<T>(value: T, deltaMs: number): T {
  const shift = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const match = TIMESTAMP.exec(v);
      if (match === null) return v;
      const iso = new Date(Date.parse(v) + deltaMs).toISOString();
      return match[1] === undefined ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
    }
    if (Array.isArray(v)) return v.map(shift);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)]));
    return v;
  };
  return shift(value) as T;
}

// ---------------------------------------------------------------------------------------------

interface Prepared {
  readonly source: KubeObject;
  readonly ref: ObjectRef;
  readonly resource: ApiResource;
  readonly fixtureUid: string | undefined;
}

/** Namespaces and CRDs first, then owners before what they own, else in the given order. */
function ordered(objects: KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) =>
    o.kind === 'Namespace' && o.apiVersion === 'v1' ? 0 : o.kind === 'CustomResourceDefinition' ? 1 : 2;
  const byUid = new Map<string, KubeObject>();
  for (const o of objects) if (typeof o.metadata.uid === 'string') byUid.set(o.metadata.uid, o);
  const out: KubeObject[] = [];
  const state = new Map<KubeObject, 'visiting' | 'done'>();
  const visit = (o: KubeObject) => {
    if (state.has(o)) return; // done, or an ownership cycle: keep the given order
    state.set(o, 'visiting');
    const owners = Array.isArray(o.metadata.ownerReferences) ? o.metadata.ownerReferences : [];
    for (const owner of owners) {
      const found = isObject(owner) && typeof owner.uid === 'string' ? byUid.get(owner.uid) : undefined;
      if (found !== undefined) visit(found);
    }
    state.set(o, 'done');
    out.push(o);
  };
  for (const group of [0, 1, 2]) for (const o of objects) if (rank(o) === group) visit(o);
  return out;
}

function bodyFor(
  prepared: Prepared,
  uids: ReadonlyMap<string, string>,
  withStatus: JsonObject | undefined,
): KubeObject {
  const { status: _status, ...rest } = clone(prepared.source);
  const body = rest as KubeObject;
  for (const key of SERVER_METADATA) delete body.metadata[key];
  if (prepared.resource.namespaced) body.metadata.namespace = prepared.ref.namespace ?? 'default';
  else delete body.metadata.namespace;
  if (Array.isArray(body.metadata.ownerReferences)) {
    for (const owner of body.metadata.ownerReferences) {
      if (isObject(owner) && typeof owner.uid === 'string') owner.uid = uids.get(owner.uid) ?? owner.uid;
    }
  }
  if (withStatus !== undefined) body.status = withStatus;
  return body;
}

async function createOrReplace(client: KubeClient, path: string, collection: string, body: KubeObject) {
  try {
    return await client.request<KubeObject>('POST', collection, { body });
  } catch (error) {
    if (!(error instanceof KubeApiError && error.status === 409 && error.reason === 'AlreadyExists'))
      throw error;
  }
  const current = await client.get(path);
  return client.request<KubeObject>('PUT', path, {
    body: { ...body, metadata: { ...body.metadata, resourceVersion: current.metadata.resourceVersion } },
  });
}

async function ensureNamespace(client: KubeClient, name: string, known: Set<string>): Promise<void> {
  if (known.has(name)) return;
  try {
    await client.request('POST', '/api/v1/namespaces', {
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    });
  } catch (error) {
    if (!(error instanceof KubeApiError && error.status === 409)) throw error;
  }
  known.add(name);
}

async function seedOne(
  client: KubeClient,
  prepared: Prepared,
  uids: Map<string, string>,
  matchGenerations: boolean,
): Promise<SeededObject> {
  const { source, resource, ref } = prepared;
  const collection = client.collectionPath(resource, ref.namespace ?? 'default');
  const path = `${collection}/${encodeURIComponent(ref.name)}`;
  const status = isObject(source.status) ? source.status : undefined;
  const fixtureGeneration =
    typeof source.metadata.generation === 'number' ? source.metadata.generation : undefined;
  const statusSubresource = resource.subresources.has('status');
  let written: KubeObject;

  if (statusSubresource || status === undefined) {
    written = await createOrReplace(client, path, collection, bodyFor(prepared, uids, undefined));
    if (status !== undefined) {
      const generation = written.metadata.generation;
      const next =
        matchGenerations && typeof generation === 'number'
          ? rebaseObservedGenerations(status, fixtureGeneration, generation)
          : status;
      written = await client.request<KubeObject>('PUT', `${path}/status`, {
        body: { ...written, status: next },
      });
    }
  } else {
    // Status is part of the object: a custom resource's generation then counts status changes
    // too. Create with the status rebased to generation 1; if the server's generation differs
    // (a replace), write the status once more, rebased to the generation that write will give.
    const rebased = (generation: number) =>
      matchGenerations ? rebaseObservedGenerations(status, fixtureGeneration, generation) : status;
    written = await createOrReplace(client, path, collection, bodyFor(prepared, uids, rebased(1)));
    const generation = written.metadata.generation;
    if (matchGenerations && typeof generation === 'number' && generation !== 1) {
      const next = rebased(generation + 1);
      if (JSON.stringify(next) !== JSON.stringify(written.status)) {
        written = await client.request<KubeObject>('PUT', path, { body: { ...written, status: next } });
      }
    }
  }

  const uid = written.metadata.uid ?? '';
  if (prepared.fixtureUid !== undefined) uids.set(prepared.fixtureUid, uid);
  return {
    ref: {
      apiVersion: source.apiVersion,
      kind: source.kind,
      namespace: written.metadata.namespace,
      name: ref.name,
    },
    uid,
    generation: written.metadata.generation,
    resourceVersion: written.metadata.resourceVersion ?? '',
    statusSubresource,
  };
}

/**
 * Creates (or replaces) each object, then writes its status as its controller would. Namespaces
 * are created as needed. Returns what the server assigned (uid, generation) per object.
 */
export async function seed(
  target: SeedTarget,
  objects: readonly unknown[],
  options: SeedOptions = {},
): Promise<SeedResult> {
  const { client } = target;
  const matchGenerations = options.matchObservedGeneration ?? true;
  const collect = options.onError === 'collect';
  const result: SeedResult = { seeded: [], failed: [] };
  const fail = (ref: ObjectRef, error: unknown) => {
    const message = `${formatObjectRef(ref)}: ${describe(error)}`;
    if (!collect) throw new Error(`seed: ${message}`);
    result.failed.push({ ref, error: message });
  };

  let list = ordered(objects.map(asKubeObject));
  if (options.timeShift !== undefined) {
    const from = Date.parse(options.timeShift.from);
    const to = options.timeShift.to === undefined ? Date.now() : Date.parse(options.timeShift.to);
    if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('seed: timeShift needs RFC 3339 times');
    list = list.map((object) => shiftTimestamps(object, to - from));
  }
  const namespaces = new Set<string>();
  const uids = new Map<string, string>();
  for (const object of list) {
    const ref = refOf(object);
    let prepared: Prepared;
    try {
      const resource = await client.resourceFor(object.apiVersion, object.kind);
      const namespace = resource.namespaced ? (ref.namespace ?? 'default') : undefined;
      prepared = {
        source: object,
        ref: { ...ref, namespace },
        resource,
        fixtureUid: typeof object.metadata.uid === 'string' ? object.metadata.uid : undefined,
      };
      if (namespace !== undefined && options.createNamespaces !== false) {
        await ensureNamespace(client, namespace, namespaces);
      }
    } catch (error) {
      fail(ref, error);
      continue;
    }
    try {
      result.seeded.push(await seedOne(client, prepared, uids, matchGenerations));
      if (object.kind === 'Namespace' && object.apiVersion === 'v1') namespaces.add(object.metadata.name);
    } catch (error) {
      fail(prepared.ref, error);
    }
  }
  return result;
}

export interface SetStatusOptions {
  /**
   * Set every observed generation in the new status (`status.observedGeneration`,
   * `lastAttemptedGeneration`, conditions' `observedGeneration`) to the object's current
   * generation, as a controller that has just reconciled it would (default false: as given).
   */
  readonly syncObservedGeneration?: boolean;
}

type StatusUpdate = JsonObject | undefined | ((current: JsonObject | undefined) => JsonObject | undefined);

/**
 * Replaces the status of an existing object, as its controller would: through the status
 * subresource when the kind has one, else by updating the object (whose generation then moves
 * too, for a custom resource). `status` may be a function of the current status; `undefined`
 * removes the status. Returns the object as the server now has it.
 */
export async function setStatus(
  target: SeedTarget,
  ref: ObjectRef,
  status: StatusUpdate,
  options: SetStatusOptions = {},
): Promise<KubeObject> {
  const { client } = target;
  const { path, resource } = await client.objectPath(ref);
  const statusSubresource = resource.subresources.has('status');
  for (let attempt = 1; ; attempt++) {
    const current = await client.get(path);
    const currentStatus = isObject(current.status) ? current.status : undefined;
    let next =
      typeof status === 'function'
        ? status(currentStatus === undefined ? undefined : clone(currentStatus))
        : status;
    const generation = current.metadata.generation;
    if (next !== undefined && options.syncObservedGeneration && typeof generation === 'number') {
      // Without a status subresource, the write itself moves a custom resource's generation.
      const bumps =
        !statusSubresource && resource.group !== '' && JSON.stringify(next) !== JSON.stringify(currentStatus);
      next = observedGenerationsAt(next, bumps ? generation + 1 : generation);
    }
    const { status: _old, ...rest } = current;
    const body = next === undefined ? rest : { ...rest, status: next };
    try {
      return await client.request<KubeObject>('PUT', statusSubresource ? `${path}/status` : path, { body });
    } catch (error) {
      if (attempt < 5 && error instanceof KubeApiError && error.status === 409) continue;
      throw new Error(`setStatus: ${formatObjectRef(ref)}: ${describe(error)}`);
    }
  }
}

/**
 * Makes an object Ready now, as its controller does after a reconcile that succeeded: its
 * conditions become one Ready=True with this reason and message. Returns the status it had, for
 * putting it back with setStatus.
 */
export async function setReadyNow(
  target: SeedTarget,
  ref: ObjectRef,
  ready: { readonly reason: string; readonly message: string },
  options: SetStatusOptions = {},
): Promise<JsonObject | undefined> {
  const now = new Date().toISOString();
  let original: JsonObject | undefined;
  await setStatus(
    target,
    ref,
    (current) => {
      original = current;
      return {
        ...current,
        conditions: [{ type: 'Ready', status: 'True', ...ready, lastTransitionTime: now }],
      };
    },
    options,
  );
  return original;
}

/**
 * Deletes objects at once (grace period 0), clearing their finalizers first since no controller
 * would. Missing objects are fine. A Namespace stays Terminating: no controller empties it.
 */
export async function remove(target: SeedTarget, refs: ObjectRef | readonly ObjectRef[]): Promise<void> {
  const { client } = target;
  for (const ref of Array.isArray(refs) ? (refs as readonly ObjectRef[]) : [refs as ObjectRef]) {
    const { path } = await client.objectPath(ref);
    try {
      const current = await client.read(ref);
      if (current === undefined) continue;
      if (Array.isArray(current.metadata.finalizers) && current.metadata.finalizers.length > 0) {
        await client.request('PATCH', path, {
          body: { metadata: { finalizers: null } },
          contentType: 'application/merge-patch+json',
        });
      }
      await client.request('DELETE', path, {
        body: {
          apiVersion: 'v1',
          kind: 'DeleteOptions',
          gracePeriodSeconds: 0,
          propagationPolicy: 'Background',
        },
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) continue;
      throw new Error(`remove: ${formatObjectRef(ref)}: ${describe(error)}`);
    }
  }
}
