import type { StringEntries } from './kube-object.ts';
import { asArray, asName, asString, field, stringMap } from './plain-json.ts';

/** A Kubernetes `metav1.LabelSelector`, read without trusting its shape. */
export interface LabelSelector {
  readonly matchLabels: ReadonlyMap<string, string>;
  readonly matchExpressions: readonly {
    readonly key: string;
    readonly operator: string;
    readonly values: readonly string[];
  }[];
}

/** Selects every object (an unset selector, as an ImageUpdateAutomation's `policySelector`). */
export const EVERYTHING: LabelSelector = { matchLabels: new Map(), matchExpressions: [] };

export function readLabelSelector(value: unknown): LabelSelector {
  const matchExpressions = [];
  for (const item of asArray(field(value, 'matchExpressions'))) {
    const key = asName(field(item, 'key'));
    const operator = asName(field(item, 'operator'));
    if (key === undefined || operator === undefined) continue;
    const values = asArray(field(item, 'values'))
      .map(asString)
      .filter((v): v is string => v !== undefined);
    matchExpressions.push({ key, operator, values });
  }
  return { matchLabels: stringMap(field(value, 'matchLabels')), matchExpressions };
}

/** Whether labels satisfy a selector (an unknown operator matches nothing, as the API server rejects it). */
export function selectorMatches(selector: LabelSelector, labels: StringEntries): boolean {
  for (const [key, value] of selector.matchLabels) if (labels.get(key) !== value) return false;
  for (const { key, operator, values } of selector.matchExpressions) {
    const value = labels.get(key);
    switch (operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
