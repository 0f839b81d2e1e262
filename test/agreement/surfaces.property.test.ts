/**
 * The surfaces agree with core (issue 15 item 5): over random Flux + Argo CD clusters, the
 * terminal UI's view-models and the Headlamp picture show the same not-ready counts, the same
 * roots, the same blocked sets and the same downstream lists as core's report — because each
 * presents core's answers and none re-derives them.
 */
import {
  ClusterModel,
  type ClusterView,
  downstreamOf,
  formatRef,
  type Ref,
  type Report,
  refKey,
  reportObjectOf,
} from '@strata/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AT, randomCluster } from '../../packages/core/src/random-cluster.test-support.ts';
import {
  blockedTree,
  buildPicture,
  type ChainNode,
  GRAPH_EDGE_TYPES,
  graphView,
  isBad,
  namespaceRows,
  objectsOf,
  type Picture,
  relationsOf,
} from '../../packages/headlamp-plugin/src/picture.ts';
import { chainLines } from '../../packages/tui/src/app/view-models/chain.ts';
import { dependencyLines } from '../../packages/tui/src/app/view-models/dependency-tree.ts';
import { layersView } from '../../packages/tui/src/app/view-models/layers.ts';
import { rootRows } from '../../packages/tui/src/app/view-models/root-causes.ts';
import type { TreeLine } from '../../packages/tui/src/app/view-models/tree-lines.ts';

const TOOLS = ['flux', 'argo'] as const;
const sorted = (refs: Iterable<Ref>) => [...refs].map(refKey).sort();
const keysOf = (lines: readonly TreeLine[], prefix: string) =>
  lines.filter((l) => l.key.startsWith(`${prefix}:`) && l.ref !== undefined).map((l) => l.ref!);
const flat = (nodes: readonly ChainNode[]): ChainNode[] => nodes.flatMap((n) => [n, ...flat(n.children)]);

/** Roots: the TUI's rows and the picture's report in core's order, each blocking its impacted count. */
function sameRoots(view: ClusterView, picture: Picture): void {
  const report = view.report;
  const rows = rootRows(view, 'all');
  expect(rows.map((r) => refKey(r.ref))).toEqual(report.rootCauses.map((r) => refKey(r.ref)));
  expect(rows.map((r) => r.blocks)).toEqual(report.rootCauses.map((r) => r.impacted.length));
  expect(picture.report.rootCauses.map((r) => refKey(r.ref))).toEqual(rows.map((r) => r.key));
}

/** Blocked sets: the TUI chain's tree and the picture's tree hold exactly each root's impacted. */
function sameBlocked(view: ClusterView, picture: Picture): void {
  for (const root of view.report.rootCauses) {
    const impacted = sorted(root.impacted);
    expect(sorted(keysOf(chainLines(view, root.ref), 'blocked')), formatRef(root.ref)).toEqual(impacted);
    const pictureRoot = picture.report.rootCauses.find((r) => refKey(r.ref) === refKey(root.ref))!;
    expect(sorted(flat(blockedTree(picture, pictureRoot)).map((n) => n.ref))).toEqual(impacted);
  }
}

/** Downstream: the TUI tree's first level and the picture's list are core's, and hold the report's `blocks`. */
function sameDownstream(view: ClusterView, picture: Picture): void {
  for (const object of view.report.objects) {
    const core = sorted(downstreamOf(view, object.ref).map((n) => n.ref));
    const tui =
      keysOf(dependencyLines(view, object.ref), 'down').length === 0 ? [] : direct(view, object.ref);
    expect(tui, formatRef(object.ref)).toEqual(core);
    expect(sorted(relationsOf(picture, object.ref).downstream.map((r) => r.ref))).toEqual(core);
    for (const blocked of object.blocks) expect(core).toContain(refKey(blocked));
  }
}

/** The first level under the TUI's "needed by" heading (boxed trees indent by two, then a glyph). */
function direct(view: ClusterView, ref: Ref): string[] {
  return sorted(
    dependencyLines(view, ref)
      .filter((l) => l.key.startsWith('down:') && l.ref !== undefined && l.prefix.length === 5)
      .map((l) => l.ref!),
  );
}

/** Not-ready counts: the TUI's per-kind headings, the picture's lists, namespaces and graph, and the summary. */
function sameCounts(view: ClusterView, picture: Picture): void {
  const report: Report = view.report;
  const notReadyOf = (tool: 'flux' | 'argo', kind: string) =>
    report.objects.filter((o) => {
      const node = view.node(o.ref);
      const isController = node?.controller !== undefined;
      return (
        !o.ready &&
        (node?.controller?.tool ?? node?.tool) === tool &&
        (kind === 'controllers' ? isController : !isController && o.ref.kind === kind)
      );
    }).length;
  const layers = layersView(view, 'all');
  for (const [tool, lines] of [
    ['flux', layers.flux],
    ['argo', layers.argo],
  ] as const) {
    let total = 0;
    for (const line of lines) {
      if (line.tone !== 'heading') continue;
      const kind = line.key.slice(`${tool}:`.length);
      const shown = /, (\d+) not ready$/.exec(line.note ?? '')?.[1];
      expect(Number(shown ?? 0), `${tool} ${kind}`).toBe(notReadyOf(tool, kind));
      total += Number(/^\d+/.exec(line.note ?? '')?.[0]);
    }
    // The overview's columns hold every object the header's summary counts.
    expect(total, tool).toBe(report.summary[tool].total);
  }
  const graph = graphView(picture, new Set(GRAPH_EDGE_TYPES.filter((t) => t !== 'controller')));
  for (const tool of TOOLS) {
    const summary = picture.report.summary[tool];
    expect(summary).toEqual(report.summary[tool]);
    const rows = objectsOf(picture, tool);
    expect(rows).toHaveLength(summary.total);
    expect(rows.filter((o) => isBad(o))).toHaveLength(summary.notReady);
    expect(graph.nodes.filter((n) => n.tool === tool && picture.byKey.has(n.id))).toHaveLength(summary.total);
  }
  const namespacedNotReady = report.objects.filter((o) => o.ref.namespace !== undefined && !o.ready).length;
  expect(namespaceRows(picture).reduce((sum, n) => sum + n.notReady, 0)).toBe(namespacedNotReady);
  for (const object of report.objects)
    expect(reportObjectOf(picture.report, object.ref)?.ready).toBe(object.ready);
}

describe('the terminal UI and Headlamp agree with core’s report', () => {
  it('on not-ready counts, roots, blocked sets and downstream lists, over random clusters', () => {
    fc.assert(
      fc.property(randomCluster({ maxWorkloads: 24, maxApps: 10 }), (objects) => {
        const model = new ClusterModel({ at: AT });
        for (const object of objects) model.upsert(object);
        const view = model.view();
        const picture = buildPicture(objects, AT);
        sameRoots(view, picture);
        sameBlocked(view, picture);
        sameDownstream(view, picture);
        sameCounts(view, picture);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
