import type { Report, ReportObject } from '@strata/core';

/**
 * Whether a node is not ready (contract §2), as the report's `ready` says: the one definition
 * every count uses (a suspended node that is still Ready=True is ready, a suspended and failing
 * one is not).
 */
export function isNotReady(object: ReportObject): boolean {
  return !object.ready;
}

/** True when every node is ready: `strata report` exits 0, else 1. */
export function allReady(report: Report): boolean {
  return report.rootCauses.length === 0 && !report.objects.some(isNotReady);
}
