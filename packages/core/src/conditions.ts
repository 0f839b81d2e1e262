import { asArray, asName, asNumber, asString, field } from './plain-json.ts';

/** A status condition. Argo CD conditions carry only type, message and time. */
export interface Condition {
  readonly type: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly observedGeneration?: number;
}

export function readConditions(status: unknown): readonly Condition[] {
  const out: Condition[] = [];
  for (const item of asArray(field(status, 'conditions'))) {
    const type = asName(field(item, 'type'));
    if (type === undefined) continue;
    const status_ = asString(field(item, 'status'));
    const reason = asName(field(item, 'reason'));
    const message = asString(field(item, 'message'));
    const lastTransitionTime = asName(field(item, 'lastTransitionTime'));
    const observedGeneration = asNumber(field(item, 'observedGeneration'));
    out.push({
      type,
      ...(status_ === undefined ? {} : { status: status_ }),
      ...(reason === undefined ? {} : { reason }),
      ...(message === undefined ? {} : { message }),
      ...(lastTransitionTime === undefined ? {} : { lastTransitionTime }),
      ...(observedGeneration === undefined ? {} : { observedGeneration }),
    });
  }
  return out;
}

export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

export function isConditionTrue(conditions: readonly Condition[], type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}
