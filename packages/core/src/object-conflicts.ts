import type { KubeObject } from './kube-object.ts';
import { conflictsOf, isFluxManager } from './ownership.ts';
import type { Manager } from './ownership-types.ts';
import { compareRefs } from './ref.ts';
import type { ReportConflict } from './report-types.ts';

/** §4 conflicts of one object, given every manager that applies to it (owners' included). */
export function objectConflicts(object: KubeObject, managers: readonly Manager[]): ReportConflict[] {
  if (managers.length < 2) return [];
  return conflictsOf(managers).map((type) => ({
    resource: {
      group: object.group,
      kind: object.kind,
      ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
      name: object.name,
    },
    type,
    managers: managers
      .filter((m) =>
        type === 'flux-and-argo'
          ? m.type !== 'helm'
          : type === 'multiple-argo'
            ? m.type === 'Application'
            : isFluxManager(m),
      )
      .map((m) => m.ref)
      .sort(compareRefs),
  }));
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Report order of conflicts: by resource ref, then API group, then conflict type. */
export function compareConflicts(a: ReportConflict, b: ReportConflict): number {
  return (
    compareRefs(a.resource, b.resource) ||
    compareStrings(a.resource.group, b.resource.group) ||
    compareStrings(a.type, b.type)
  );
}
