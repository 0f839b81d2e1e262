/**
 * The demo cluster's objects as a mutable store: the two-layer fixture, its Events, and small
 * helpers to change a status the way its controller would (a copy is stored on every change,
 * so the UI never sees an object change under it).
 */
import { refKeyOf } from '@strata/core';
import { type Manifest, minutesBefore } from '@strata/core/fixtures';

export type Json = Record<string, unknown>;

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export function keyOf(object: Manifest): string {
  return refKeyOf(object.kind, object.metadata.namespace, object.metadata.name);
}

export function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function statusOf(object: Manifest): Json {
  const status = record(object.status);
  object.status = status;
  return status;
}

export function conditionsOf(object: Manifest): Condition[] {
  const status = statusOf(object);
  const list = Array.isArray(status.conditions) ? (status.conditions as Condition[]) : [];
  status.conditions = list;
  return list;
}

/** Sets a condition; its lastTransitionTime moves only when its status changes, as controllers do. */
export function setCondition(
  object: Manifest,
  next: Omit<Condition, 'lastTransitionTime'>,
  at: string,
): void {
  const list = conditionsOf(object);
  const index = list.findIndex((c) => c.type === next.type);
  const previous = index < 0 ? undefined : list[index];
  const generation = object.metadata.generation;
  const condition: Condition = {
    ...next,
    lastTransitionTime:
      previous !== undefined && previous.status === next.status && previous.lastTransitionTime !== undefined
        ? previous.lastTransitionTime
        : at,
    ...(generation === undefined || object.apiVersion.startsWith('apps/')
      ? {}
      : { observedGeneration: generation }),
  };
  if (index < 0) list.push(condition);
  else list[index] = condition;
}

export function removeCondition(object: Manifest, type: string): void {
  const status = statusOf(object);
  status.conditions = conditionsOf(object).filter((c) => c.type !== type);
}

export function findCondition(object: Manifest, type: string): Condition | undefined {
  return conditionsOf(object).find((c) => c.type === type);
}

/** A Kubernetes Event about `involved`, as the API serves `core/v1` Events. */
export interface EventInput {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  readonly component: string;
}

function hex(seed: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    hash ^= seed.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** Events, one per (object, reason, message): a repeat bumps its count and lastTimestamp. */
export class EventLog {
  private readonly events = new Map<string, Manifest>();

  record(involved: Manifest, input: EventInput, at: string, count = 1, firstAt = at): Manifest {
    const id = `${keyOf(involved)}|${input.type}|${input.reason}|${input.message}`;
    const existing = this.events.get(id);
    if (existing !== undefined) {
      const next: Manifest = {
        ...existing,
        count: (typeof existing.count === 'number' ? existing.count : 1) + count,
        lastTimestamp: at,
      };
      this.events.set(id, next);
      return next;
    }
    const namespace = involved.metadata.namespace ?? 'default';
    const event: Manifest = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${involved.metadata.name}.${hex(id)}${hex(`${id}#2`)}`,
        namespace,
        creationTimestamp: firstAt,
      },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
      },
      type: input.type,
      reason: input.reason,
      message: input.message,
      source: { component: input.component },
      count,
      firstTimestamp: firstAt,
      lastTimestamp: at,
    };
    this.events.set(id, event);
    return event;
  }

  /** Events about the object named by kind, namespace and name, newest first. */
  about(kind: string, namespace: string | undefined, name: string): Manifest[] {
    return [...this.events.values()]
      .filter((e) => {
        const involved = record(e.involvedObject);
        return (
          involved.kind === kind && involved.name === name && (involved.namespace ?? undefined) === namespace
        );
      })
      .sort((a, b) => String(b.lastTimestamp).localeCompare(String(a.lastTimestamp)));
  }

  all(): Manifest[] {
    return [...this.events.values()];
  }
}

export { minutesBefore };
