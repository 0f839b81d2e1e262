/**
 * The containers of a Pod as a logs reader needs them: their names (spec order, regular ones
 * first, then init containers), restarts, and which one is failing, so logs open on the
 * container that broke, and on its previous (crashed) instance when it has restarted, as k9s
 * `p` would. Pure; reads the Pod as served or as the adapter trims it.
 */
import { asArray, asName, asNumber, field } from '@strata/core';

/** Waiting reasons of a container that cannot run (§7, and the kubelet's other start failures). */
const FAILING_WAIT_REASONS: ReadonlySet<string> = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
]);

export interface PodContainer {
  readonly name: string;
  readonly init: boolean;
  readonly restarts: number;
  /** Why it is not healthy (`CrashLoopBackOff`, `OOMKilled`, …); undefined when it is fine. */
  readonly problem?: string;
  /** A previous, terminated instance exists (its logs are what `previous` reads). */
  readonly hasPrevious: boolean;
  readonly running: boolean;
}

function problemOf(status: unknown, restarts: number, init: boolean): string | undefined {
  const waiting = asName(field(status, 'state', 'waiting', 'reason'));
  if (waiting !== undefined && FAILING_WAIT_REASONS.has(waiting)) return waiting;
  const last = asName(field(status, 'lastState', 'terminated', 'reason'));
  if ((last === 'OOMKilled' || last === 'Error') && restarts > 0) return last;
  const terminated = field(status, 'state', 'terminated');
  const exitCode = asNumber(field(terminated, 'exitCode'));
  // An init container that exited non-zero holds the Pod back; a regular one that did so is broken.
  if (exitCode !== undefined && exitCode !== 0) return asName(field(terminated, 'reason')) ?? 'Error';
  if (init && waiting !== undefined && waiting !== 'PodInitializing') return waiting;
  return undefined;
}

/** Every container of the Pod: regular ones, then init containers, each in spec order. */
export function podContainers(pod: unknown): PodContainer[] {
  const status = field(pod, 'status');
  const statuses = new Map<string, unknown>();
  for (const entry of [
    ...asArray(field(status, 'containerStatuses')),
    ...asArray(field(status, 'initContainerStatuses')),
    ...asArray(field(status, 'ephemeralContainerStatuses')),
  ]) {
    const name = asName(field(entry, 'name'));
    if (name !== undefined && !statuses.has(name)) statuses.set(name, entry);
  }
  const initNames = new Set(
    asArray(field(status, 'initContainerStatuses')).flatMap((s) => asName(field(s, 'name')) ?? []),
  );
  const declared: { name: string; init: boolean }[] = [];
  const add = (name: string | undefined, init: boolean) => {
    if (name !== undefined && !declared.some((d) => d.name === name)) declared.push({ name, init });
  };
  for (const container of asArray(field(pod, 'spec', 'containers')))
    add(asName(field(container, 'name')), false);
  for (const container of asArray(field(pod, 'spec', 'initContainers')))
    add(asName(field(container, 'name')), true);
  // Without a spec (a trimmed Pod), the statuses name the containers.
  for (const entry of asArray(field(status, 'containerStatuses'))) add(asName(field(entry, 'name')), false);
  for (const name of initNames) add(name, true);
  declared.sort((a, b) => Number(a.init) - Number(b.init));
  return declared.map(({ name, init }) => {
    const entry = statuses.get(name);
    const restarts = asNumber(field(entry, 'restartCount')) ?? 0;
    const problem = problemOf(entry, restarts, init);
    return {
      name,
      init,
      restarts,
      ...(problem === undefined ? {} : { problem }),
      hasPrevious: restarts > 0 || field(entry, 'lastState', 'terminated') !== undefined,
      running: field(entry, 'state', 'running') !== undefined,
    };
  });
}

/** Restarts of all the Pod's containers. */
export function podRestarts(pod: unknown): number {
  return podContainers(pod).reduce((sum, c) => sum + c.restarts, 0);
}

export interface LogTarget {
  /** Undefined when the Pod's containers are not known: the server picks (one container). */
  readonly container?: string;
  readonly previous: boolean;
}

/**
 * Which logs to open: the failing container (an init container that fails first, as it holds
 * the others back), else the first; its previous instance when it has restarted (a crash loop:
 * the crash is in the previous instance's output).
 */
export function defaultLogTarget(pod: unknown, container?: string): LogTarget {
  const containers = podContainers(pod);
  const chosen =
    (container === undefined ? undefined : containers.find((c) => c.name === container)) ??
    (container === undefined
      ? (containers.find((c) => c.init && c.problem !== undefined) ??
        containers.find((c) => c.problem !== undefined) ??
        containers[0])
      : undefined);
  if (chosen === undefined)
    return container === undefined ? { previous: false } : { container, previous: false };
  return { container: chosen.name, previous: chosen.restarts > 0 };
}
