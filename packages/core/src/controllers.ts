import { findCondition, readConditions } from './conditions.ts';
import { CONTROLLERS, type ControllerSpec } from './gitops-kinds.ts';
import type { KubeObject } from './kube-object.ts';
import { asArray, asName, asNumber, field } from './plain-json.ts';
import type { Readiness } from './report-types.ts';

/** Whether a workload is one of the GitOps controllers of §1, and which. */
export function detectController(object: KubeObject): ControllerSpec | undefined {
  if (object.group !== 'apps' || (object.kind !== 'Deployment' && object.kind !== 'StatefulSet'))
    return undefined;
  // Both tools label the workload `app.kubernetes.io/component` (Flux since 2.9); older Flux
  // installs carry only `app` or `app.kubernetes.io/name`.
  const component = object.labels.get('app.kubernetes.io/component');
  const byLabel =
    CONTROLLERS.find((c) => component === c.name) ??
    CONTROLLERS.find(
      (c) =>
        c.tool === 'flux' &&
        (object.labels.get('app') === c.name || object.labels.get('app.kubernetes.io/name') === c.name),
    );
  if (byLabel !== undefined) return byLabel;
  return CONTROLLERS.find((c) => object.name === c.name || object.name.endsWith(SUFFIXES.get(c.name)!));
}

/** `-<name>` of each controller, made once: every Deployment and StatefulSet is checked. */
const SUFFIXES: ReadonlyMap<string, string> = new Map(CONTROLLERS.map((c) => [c.name, `-${c.name}`]));

export interface ControllerStatus {
  readonly readiness: Readiness;
  readonly reason?: string;
  readonly message: string;
  readonly since?: string;
}

/** §2: ready when every desired replica is available (ready, for a StatefulSet) at the current generation. */
export function controllerStatus(object: KubeObject): ControllerStatus {
  const status = field(object.raw, 'status');
  const desired = asNumber(field(object.raw, 'spec', 'replicas')) ?? 1;
  const countField = object.kind === 'StatefulSet' ? 'readyReplicas' : 'availableReplicas';
  const available = asNumber(field(status, countField)) ?? 0;
  const observed = asNumber(field(status, 'observedGeneration'));
  const generationObserved =
    object.generation === undefined || (observed !== undefined && observed >= object.generation);
  const conditions = readConditions(status);
  const availableCondition = findCondition(conditions, 'Available');
  const since = availableCondition?.lastTransitionTime;
  const what = object.kind === 'StatefulSet' ? 'ready' : 'available';
  const counts = `${available}/${desired} replicas ${what}`;
  const withSince = since === undefined ? {} : { since };
  if (available === desired && generationObserved)
    return { readiness: 'ready', message: counts, ...withSince };
  if (desired > 0 && available === 0) {
    const detail = availableCondition?.message;
    return {
      readiness: 'failing',
      reason:
        availableCondition?.status === 'False' && availableCondition.reason
          ? availableCondition.reason
          : 'Unavailable',
      message: detail ? `${counts}: ${detail}` : counts,
      ...withSince,
    };
  }
  return {
    readiness: 'progressing',
    reason: generationObserved ? 'ReplicasNotReady' : 'GenerationNotObserved',
    message: generationObserved ? counts : `${counts}; generation ${object.generation} not yet observed`,
    ...withSince,
  };
}

/** Major version of Argo CD from the controller's image tag (`…/argocd:v2.14.2` → 2). */
export function argoCdMajorVersion(object: KubeObject): number | undefined {
  for (const container of asArray(field(object.raw, 'spec', 'template', 'spec', 'containers'))) {
    const image = asName(field(container, 'image'));
    if (image === undefined) continue;
    const match = /argocd[^:/]*:v?(\d+)\.\d+/.exec(image);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}
