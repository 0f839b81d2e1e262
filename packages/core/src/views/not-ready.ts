/**
 * "Not ready", once (docs/diagnosis.md §2): an object is not ready when the report says
 * `ready: false` (a suspended object that is failing is not ready; one that is ready is), and an
 * object the report does not hold (a missing reference) is not ready. Every count, badge and
 * colour on every surface reads these, and the counts per tool are the report's summary: the
 * tool's GitOps objects and its controllers.
 */
import type { ClusterView } from '../cluster-view.ts';
import { gitOpsKindNamed, type Tool } from '../gitops-kinds.ts';
import type { Ref } from '../ref.ts';
import type { LayerSummary, Report, ReportObject } from '../report-types.ts';
import { reportObjectOf } from './lookups.ts';

/** Not ready: the report's `ready: false`, or not in the report at all (missing). */
export function isNotReady(object: ReportObject | undefined): boolean {
  return object === undefined || !object.ready;
}

/** Whether the object a ref names is not ready in this report. */
export function refNotReady(report: Report, ref: Ref): boolean {
  return isNotReady(reportObjectOf(report, ref));
}

/** The tool an object belongs to: its node's (a controller's is its tool's), else its kind's. */
export function toolOf(view: ClusterView, ref: Ref): Tool | undefined {
  return view.node(ref)?.tool ?? gitOpsKindNamed(ref.kind)?.tool;
}

/** The report objects a tool counts, in report order: exactly `summary[tool].total` of them. */
export function objectsOfTool(view: ClusterView, tool: Tool): ReportObject[] {
  return view.report.objects.filter((o) => view.node(o.ref)?.tool === tool);
}

/** Counts of a set of report objects, the way the report's summary counts a tool's objects. */
export function countObjects(objects: Iterable<ReportObject>): LayerSummary {
  let total = 0;
  let ready = 0;
  let suspended = 0;
  for (const object of objects) {
    total++;
    if (object.ready) ready++;
    if (object.state === 'suspended') suspended++;
  }
  return { total, ready, notReady: total - ready, suspended };
}
