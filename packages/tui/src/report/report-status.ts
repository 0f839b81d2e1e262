import type { Report, ReportObject } from '@strata/core';

/**
 * Whether a node is not ready (contract §2). The report gives the state, not the readiness: a
 * suspended node may still be ready, so it counts as not ready only when it has root causes
 * (`rootCauses` of a ready node is empty).
 */
export function isNotReady(object: ReportObject): boolean {
  if (object.rootCauses.length > 0) return true;
  return object.state !== 'ready' && object.state !== 'suspended';
}

/** True when every node is ready: `strata report` exits 0, else 1. */
export function allReady(report: Report): boolean {
  return report.rootCauses.length === 0 && !report.objects.some(isNotReady);
}
