import { type Condition, readConditions } from './conditions.ts';
import { asArray, asName, asNumber, asString, field } from './plain-json.ts';

/** An entry of an Application's `status.resources`: a resource Argo CD manages for it. */
export interface ArgoResource {
  readonly group: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly syncStatus?: string;
  /** Absent when Argo CD has no health check for the kind, or keeps health elsewhere (3.x). */
  readonly health?: string;
}

/** What strata reads from an Argo CD Application. */
export interface ArgoAppFacts {
  readonly tool: 'argo';
  readonly conditions: readonly Condition[];
  readonly health?: string;
  readonly healthMessage?: string;
  readonly healthSince?: string;
  readonly sync?: string;
  readonly operationPhase?: string;
  readonly operationMessage?: string;
  readonly operationFinishedAt?: string;
  readonly retryCount?: number;
  /** `operation` is set: a sync was requested and not yet picked up. */
  readonly operationRequested: boolean;
  readonly reconciledAt?: string;
  readonly controllerNamespace?: string;
  readonly project: string;
  readonly resources: readonly ArgoResource[];
}

export function readArgoResources(status: unknown): ArgoResource[] {
  const out: ArgoResource[] = [];
  for (const item of asArray(field(status, 'resources'))) {
    const kind = asName(field(item, 'kind'));
    const name = asName(field(item, 'name'));
    if (kind === undefined || name === undefined) continue;
    const namespace = asName(field(item, 'namespace'));
    const syncStatus = asName(field(item, 'status'));
    const health = asName(field(item, 'health', 'status'));
    out.push({
      group: asString(field(item, 'group')) ?? '',
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      name,
      ...(syncStatus === undefined ? {} : { syncStatus }),
      ...(health === undefined ? {} : { health }),
    });
  }
  return out;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

export function readArgoAppFacts(raw: unknown): ArgoAppFacts {
  const status = field(raw, 'status');
  return {
    tool: 'argo',
    conditions: readConditions(status),
    ...optional('health', asName(field(status, 'health', 'status'))),
    ...optional('healthMessage', asName(field(status, 'health', 'message'))),
    ...optional('healthSince', asName(field(status, 'health', 'lastTransitionTime'))),
    ...optional('sync', asName(field(status, 'sync', 'status'))),
    ...optional('operationPhase', asName(field(status, 'operationState', 'phase'))),
    ...optional('operationMessage', asName(field(status, 'operationState', 'message'))),
    ...optional('operationFinishedAt', asName(field(status, 'operationState', 'finishedAt'))),
    ...optional('retryCount', asNumber(field(status, 'operationState', 'retryCount'))),
    operationRequested: field(raw, 'operation') !== undefined && field(raw, 'operation') !== null,
    ...optional('reconciledAt', asName(field(status, 'reconciledAt'))),
    ...optional('controllerNamespace', asName(field(status, 'controllerNamespace'))),
    project: asName(field(raw, 'spec', 'project')) ?? 'default',
    resources: readArgoResources(status),
  };
}
