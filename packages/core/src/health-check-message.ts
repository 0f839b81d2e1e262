import { gitOpsKindNamed } from './gitops-kinds.ts';
import type { State } from './report-types.ts';

/** An object named in a Flux health-check failure message (R3). */
export interface HealthCheckEntry {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** kstatus status as printed (`InProgress`, `Failed`, …), when the message gives one. */
  readonly status?: string;
}

// Three generations of the same message (`docs/diagnosis.md` §5, R3):
//   Health check timed out for [Job 'default/a', Job 'default/b']
//   Health check failed after 2m0s, timeout waiting for: [HelmRelease/ns/name status: 'InProgress']
//   health check failed after 33ms: failed early due to stalled resources: [HelmRelease/ns/name status: 'Failed']
const LIST_MARKERS = [
  /timeout waiting for:\s*\[/i,
  /failed early due to stalled resources:\s*\[/i,
  /health check timed out for\s*\[/i,
];

const PLURAL_KINDS: Readonly<Record<string, string>> = {
  deployments: 'Deployment',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicasets: 'ReplicaSet',
  jobs: 'Job',
  pods: 'Pod',
  services: 'Service',
  persistentvolumeclaims: 'PersistentVolumeClaim',
  kustomizations: 'Kustomization',
  helmreleases: 'HelmRelease',
};

/** `deployments.apps` (as old messages and logs print kinds) → `Deployment`. */
function normaliseKind(kind: string): string {
  if (!kind.includes('.')) return kind;
  const plural = kind.slice(0, kind.indexOf('.')).toLowerCase();
  return PLURAL_KINDS[plural] ?? kind;
}

function parseEntry(text: string): HealthCheckEntry | undefined {
  const current = /^([A-Za-z][\w.-]*)\/(?:([^/\s]+)\/)?([^/\s]+)(?:\s+status:\s*'([^']*)')?$/.exec(text);
  if (current !== null) {
    const [, kind, namespace, name, status] = current;
    return {
      kind: normaliseKind(kind!),
      ...(namespace === undefined ? {} : { namespace }),
      name: name!,
      ...(status === undefined ? {} : { status }),
    };
  }
  const old = /^([A-Za-z][\w.-]*)\s+'(?:([^/']+)\/)?([^/']+)'$/.exec(text);
  if (old !== null) {
    const [, kind, namespace, name] = old;
    return { kind: normaliseKind(kind!), ...(namespace === undefined ? {} : { namespace }), name: name! };
  }
  return undefined;
}

/** The objects a health-check failure message names, or undefined when it is not one. */
export function parseHealthCheckMessage(
  message: string | undefined,
): readonly HealthCheckEntry[] | undefined {
  if (message === undefined) return undefined;
  for (const marker of LIST_MARKERS) {
    const match = marker.exec(message);
    if (match === null) continue;
    const start = match.index + match[0].length;
    const end = message.indexOf(']', start);
    const body = message.slice(start, end < 0 ? undefined : end);
    return body
      .split(',')
      .map((part) => parseEntry(part.trim()))
      .filter((e): e is HealthCheckEntry => e !== undefined);
  }
  return undefined;
}

export function isGitOpsEntry(entry: HealthCheckEntry): boolean {
  return gitOpsKindNamed(entry.kind) !== undefined;
}

/** The state a kstatus status word stands for. */
export function stateOfKstatus(status: string | undefined): State {
  switch (status) {
    case 'Failed':
      return 'failing';
    case 'InProgress':
    case 'Terminating':
      return 'progressing';
    case 'Current':
      return 'ready';
    case 'NotFound':
      return 'missing';
    default:
      return 'unknown';
  }
}

/**
 * Whether a Flux message names an object: `'<ns>/<name>'`, or `"<name>" not found` (API errors
 * omit the namespace).
 */
export function messageNames(
  message: string | undefined,
  namespace: string | undefined,
  name: string,
): boolean {
  if (message === undefined) return false;
  if (namespace !== undefined && message.includes(`'${namespace}/${name}'`)) return true;
  return message.includes(`"${name}" not found`);
}
