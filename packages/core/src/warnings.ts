import type { GraphNode } from './graph-types.ts';
import { compareRefs, formatRef } from './ref.ts';
import type { ReportWarning } from './report-types.ts';
import { forEachComponent } from './strongly-connected.ts';

const STALE_GENERATION_MS = 10 * 60 * 1000;

/** `dependsOn` cycles among ready nodes: a deadlock waiting for the next failure. */
function dependencyCycles(nodes: ReadonlyMap<string, GraphNode>): ReportWarning[] {
  const isReady = (key: string) => nodes.get(key)?.status.readiness === 'ready';
  const successors = (key: string) =>
    nodes
      .get(key)!
      .edges.filter((e) => e.type === 'dependsOn' && isReady(e.to))
      .map((e) => e.to);
  const out: ReportWarning[] = [];
  const ready = [...nodes.keys()].filter(isReady);
  forEachComponent(ready, successors, (component) => {
    const selfLoop = component.length === 1 && successors(component[0]!).includes(component[0]!);
    if (component.length < 2 && !selfLoop) return;
    const members = component.map((k) => nodes.get(k)!.ref).sort(compareRefs);
    out.push({
      type: 'dependency-cycle',
      ref: members[0]!,
      message: `dependsOn cycle among ready objects: ${members.map(formatRef).join(' → ')}; the next failure in it will deadlock`,
    });
  });
  return out;
}

function missingReferences(nodes: ReadonlyMap<string, GraphNode>): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const node of nodes.values()) {
    if (node.status.readiness !== 'ready') continue;
    for (const edge of node.edges) {
      if (edge.type !== 'dependsOn' && edge.type !== 'source' && edge.type !== 'project') continue;
      if (nodes.has(edge.to)) continue;
      out.push({
        type: 'missing-reference',
        ref: node.ref,
        message: `${edge.type} ${formatRef(edge.ref)} does not exist`,
      });
    }
  }
  return out;
}

function staleSources(nodes: ReadonlyMap<string, GraphNode>): ReportWarning[] {
  const consumers = new Map<string, GraphNode[]>();
  for (const node of nodes.values()) {
    for (const edge of node.edges) {
      if (edge.type !== 'source' || node.status.readiness !== 'ready') continue;
      const list = consumers.get(edge.to) ?? [];
      list.push(node);
      consumers.set(edge.to, list);
    }
  }
  const out: ReportWarning[] = [];
  for (const [key, ready] of consumers) {
    const source = nodes.get(key);
    if (source?.status.readiness !== 'failing' || source.flux?.hasArtifact !== true) continue;
    const names = ready
      .map((n) => n.ref)
      .sort(compareRefs)
      .map(formatRef);
    out.push({
      type: 'stale-source',
      ref: source.ref,
      message: `failing but still serving its last artifact: ${names.join(', ')} run a stale revision`,
    });
  }
  return out;
}

function staleGenerations(nodes: ReadonlyMap<string, GraphNode>, atMs: number): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const node of nodes.values()) {
    const flux = node.flux;
    const generation = node.object.generation;
    if (flux === undefined || generation === undefined || flux.observedGeneration === undefined) continue;
    // kustomize-controller advances observedGeneration only on success: a failing one always lags.
    if (node.gitOpsKind?.kind === 'Kustomization' && node.status.readiness === 'failing') continue;
    if (flux.observedGeneration >= generation) continue;
    const since =
      flux.ready?.lastTransitionTime === undefined ? Number.NaN : Date.parse(flux.ready.lastTransitionTime);
    if (Number.isNaN(since) || atMs - since <= STALE_GENERATION_MS) continue;
    out.push({
      type: 'stale-generation',
      ref: node.ref,
      message: `generation ${generation} not reconciled (observed ${flux.observedGeneration}) and Ready unchanged since ${flux.ready?.lastTransitionTime}: is its controller stuck?`,
    });
  }
  return out;
}

function compareWarnings(a: ReportWarning, b: ReportWarning): number {
  return a.type < b.type
    ? -1
    : a.type > b.type
      ? 1
      : compareRefs(a.ref, b.ref) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

/** The warnings that depend only on the nodes (not on time): callers may keep them until a node changes. */
export function graphWarnings(nodes: ReadonlyMap<string, GraphNode>): ReportWarning[] {
  return [...dependencyCycles(nodes), ...missingReferences(nodes), ...staleSources(nodes)];
}

/** §5 warnings: reported beside root causes, never as roots. */
export function findWarnings(
  nodes: ReadonlyMap<string, GraphNode>,
  atMs: number,
  fromGraph: readonly ReportWarning[] = graphWarnings(nodes),
): ReportWarning[] {
  return [...fromGraph, ...staleGenerations(nodes, atMs)].sort(compareWarnings);
}
