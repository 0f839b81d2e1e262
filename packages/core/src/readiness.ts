import type { ArgoAppFacts } from './argo-facts.ts';
import { type Condition, findCondition } from './conditions.ts';
import type { FluxFacts } from './flux-facts.ts';
import type { Readiness } from './report-types.ts';

/** A node's readiness with the words that explain it (§2). */
export interface NodeStatus {
  readonly readiness: Readiness;
  readonly reason?: string;
  readonly message?: string;
  readonly since?: string;
}

function fromCondition(readiness: Readiness, condition: Condition | undefined): NodeStatus {
  return {
    readiness,
    ...(condition?.reason === undefined ? {} : { reason: condition.reason }),
    ...(condition?.message === undefined ? {} : { message: condition.message }),
    ...(condition?.lastTransitionTime === undefined ? {} : { since: condition.lastTransitionTime }),
  };
}

function generationLags(facts: FluxFacts, generation: number | undefined): boolean {
  return (
    generation !== undefined &&
    facts.observedGeneration !== undefined &&
    facts.observedGeneration < generation
  );
}

/** §2, Flux column. Rows are tried top-down. */
export function fluxStatus(facts: FluxFacts, generation: number | undefined): NodeStatus {
  const { ready, stalled, reconciling } = facts;
  // Health checks cancelled by a newer revision are not a failure (§5 R3).
  if (ready?.status === 'False' && ready.reason === 'HealthCheckCanceled')
    return fromCondition('progressing', ready);
  if (ready?.status === 'False') return fromCondition('failing', ready);
  if (stalled?.status === 'True') return fromCondition('failing', stalled);
  if (ready?.status === 'Unknown') return fromCondition('progressing', ready);
  // Still Ready=True: it stopped being ready when it started reconciling, never when it last
  // became ready (§5 since), so the Reconciling condition's time, or none.
  if (reconciling?.status === 'True') return fromCondition('progressing', reconciling);
  if (generationLags(facts, generation)) {
    return {
      readiness: 'progressing',
      reason: 'Progressing',
      message: `generation ${generation} not yet reconciled (observed ${facts.observedGeneration})`,
    };
  }
  if (ready === undefined) {
    if (facts.statusless !== undefined) return { readiness: 'ready', message: facts.statusless };
    return { readiness: 'unknown', message: 'no Ready condition reported' };
  }
  if (ready.status === 'True') {
    const matches =
      generation === undefined ||
      facts.observedGeneration === undefined ||
      facts.observedGeneration === generation;
    if (matches) return fromCondition('ready', ready);
  }
  return fromCondition('unknown', ready);
}

/**
 * Flux's own rule for a ready dependency: it exists, has conditions, has observed its generation
 * and is Ready=True. Suspension does not matter.
 */
export function isReadyFluxDependency(facts: FluxFacts, generation: number | undefined): boolean {
  if (facts.conditions.length === 0) return facts.statusless !== undefined;
  const observed =
    generation === undefined ||
    facts.observedGeneration === undefined ||
    facts.observedGeneration === generation;
  return observed && facts.ready?.status === 'True';
}

function argoErrorCondition(facts: ArgoAppFacts): Condition | undefined {
  return facts.conditions.find((c) => c.type.endsWith('Error'));
}

export function hasComparisonError(facts: ArgoAppFacts): boolean {
  return facts.conditions.some((c) => c.type === 'ComparisonError');
}

/** §5 since: health's lastTransitionTime when health is part of the trouble, else the condition's. */
function argoSince(facts: ArgoAppFacts, condition?: Condition): { since?: string } {
  const unhealthy = facts.health !== undefined && facts.health !== 'Healthy' ? facts.healthSince : undefined;
  const since = unhealthy ?? condition?.lastTransitionTime ?? facts.healthSince ?? facts.operationFinishedAt;
  return since === undefined ? {} : { since };
}

function withMessage(
  readiness: Readiness,
  reason: string,
  message: string | undefined,
  since: { since?: string },
) {
  return { readiness, reason, ...(message === undefined ? {} : { message }), ...since };
}

/** §2, Argo CD Application column (stale status is decided by the caller, who knows the controller). */
export function argoAppStatus(facts: ArgoAppFacts, hasStatus: boolean): NodeStatus {
  const error = argoErrorCondition(facts);
  if (error !== undefined) return withMessage('failing', error.type, error.message, argoSince(facts, error));
  const phase = facts.operationPhase;
  if (phase === 'Failed' || phase === 'Error') {
    return withMessage('failing', `Sync${phase}`, facts.operationMessage, argoSince(facts));
  }
  if (phase === 'Running' && (facts.retryCount ?? 0) > 0 && facts.operationFinishedAt !== undefined) {
    return withMessage('failing', 'SyncRetrying', facts.operationMessage, argoSince(facts));
  }
  if (facts.health === 'Degraded' || facts.health === 'Missing') {
    return withMessage('failing', facts.health, facts.healthMessage, argoSince(facts));
  }
  if (facts.health === 'Progressing') {
    return withMessage('progressing', 'Progressing', facts.healthMessage, argoSince(facts));
  }
  if (phase === 'Running')
    return withMessage('progressing', 'SyncRunning', facts.operationMessage, argoSince(facts));
  if (facts.sync === 'OutOfSync') return withMessage('progressing', 'OutOfSync', undefined, argoSince(facts));
  if (!hasStatus) return { readiness: 'unknown', message: 'no status reported yet' };
  if (
    facts.health === undefined ||
    facts.health === 'Unknown' ||
    facts.sync === undefined ||
    facts.sync === 'Unknown'
  ) {
    return withMessage('unknown', 'Unknown', facts.healthMessage, argoSince(facts));
  }
  if ((facts.health === 'Healthy' || facts.health === 'Suspended') && facts.sync === 'Synced') {
    return { readiness: 'ready', reason: facts.health, ...argoSince(facts) };
  }
  return withMessage('unknown', facts.health, facts.healthMessage, argoSince(facts));
}

/** The ApplicationSet's own failure (Argo CD's health check for the kind), if any. */
export function appSetOwnFailure(conditions: readonly Condition[]): NodeStatus | undefined {
  const error = findCondition(conditions, 'ErrorOccurred');
  if (error?.status === 'True') return fromCondition('failing', error);
  const upToDate = findCondition(conditions, 'ResourcesUpToDate');
  if (upToDate?.status === 'False') return fromCondition('failing', upToDate);
  return undefined;
}

const WORST_FIRST: readonly Readiness[] = ['failing', 'progressing', 'unknown'];

/** §2: an ApplicationSet is its own failure, else the worst readiness of what it generated. */
export function appSetStatus(conditions: readonly Condition[], generated: readonly Readiness[]): NodeStatus {
  const own = appSetOwnFailure(conditions);
  if (own !== undefined) return own;
  const notReady = generated.filter((r) => r !== 'ready').length;
  for (const readiness of WORST_FIRST) {
    if (generated.includes(readiness)) {
      return {
        readiness,
        reason: 'ApplicationsNotReady',
        message: `${notReady} of ${generated.length} generated applications not ready`,
      };
    }
  }
  const upToDate = findCondition(conditions, 'ResourcesUpToDate');
  return { ...fromCondition('ready', upToDate), readiness: 'ready' };
}
