/**
 * A snapshot as core's ClusterView: the view-models take a ClusterView and present what core
 * derives from it. One per report, so core's per-view indexes are built once per snapshot.
 */
import type { ClusterModel, ClusterView, Report } from '@strata/core';

const views = new WeakMap<Report, ClusterView>();

export function snapshotView(snapshot: {
  readonly report: Report;
  readonly model: ClusterModel;
}): ClusterView {
  const cached = views.get(snapshot.report);
  if (cached !== undefined) return cached;
  const { report, model } = snapshot;
  const view: ClusterView = {
    at: report.at,
    report,
    node: (ref) => model.node(ref),
    allObjects: () => model.allObjects(),
    ownership: (raw) => model.ownership(raw),
    namespaces: () => model.namespaces(),
  };
  views.set(report, view);
  return view;
}
