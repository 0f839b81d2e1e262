/**
 * What the plugin shows, computed by @strata/core from plain objects: no Headlamp, no React, no
 * I/O. Every decision (state, not ready, edges, what a root blocks, upstream and downstream, the
 * layer boundary, namespaces by layer, ownership, root causes) is the core's; this file only
 * reshapes its answers for the pages.
 */
import {
  type BlockedNode,
  type BoundaryLink,
  ClusterModel,
  type ClusterView,
  blockedTree as coreBlockedTree,
  toolOf as coreToolOf,
  downstreamOf,
  formatRef,
  GITOPS_KINDS,
  isNotReady,
  type LinkType,
  layerBoundary,
  type NamespaceInfo,
  type Neighbour,
  namespacesByLayer,
  objectsOfTool,
  type Ref,
  type Report,
  type ReportObject,
  type ReportRootCause,
  refKey,
  reportObjectOf,
  type State,
  TOOL_NAMES,
  type Tool,
  upstreamOf,
} from '@strata/core';
import { timed } from './timing.ts';

export interface Picture {
  /** The settled snapshot every function below reads. */
  readonly view: ClusterView;
  readonly report: Report;
  /** Report objects by ref key. */
  readonly byKey: ReadonlyMap<string, ReportObject>;
  /** Namespaces seen (Namespace objects and namespaces of listed objects). */
  readonly namespaces: readonly string[];
  /** Which tools' API groups the cluster serves (discovery); undefined when not known. */
  readonly served: { readonly flux: boolean; readonly argo: boolean };
}

/** The picture of plain objects (tests, the bench's Node side): a model of its own, then its view. */
export function buildPicture(
  objects: readonly unknown[],
  at: string,
  served?: { flux: boolean; argo: boolean },
): Picture {
  return timed('strata:picture', () => {
    const model = new ClusterModel({ at });
    for (const object of objects) model.upsert(object);
    return makePicture(model.view(), served);
  });
}

/** The picture of a model's view: what a live cluster's feed (cluster-data.ts) publishes per batch. */
export function makePicture(view: ClusterView, served?: { flux: boolean; argo: boolean }): Picture {
  const report = view.report;
  const byKey = new Map(report.objects.map((o) => [refKey(o.ref), o]));
  const namespaces = new Set<string>(view.namespaces());
  for (const object of view.allObjects()) {
    const meta = (object as { kind?: string; metadata?: { name?: string; namespace?: string } }).metadata;
    if ((object as { kind?: string }).kind === 'Namespace' && meta?.name) namespaces.add(meta.name);
    else if (meta?.namespace) namespaces.add(meta.namespace);
  }
  const toolSeen = (tool: Tool) => report.objects.some((o) => coreToolOf(view, o.ref) === tool);
  return {
    view,
    report,
    byKey,
    namespaces: [...namespaces].sort(),
    served: served ?? { flux: toolSeen('flux'), argo: toolSeen('argo') },
  };
}

/** Core's tool of an object (a controller's is its tool's; a missing one's, its kind's). */
export function toolOf(picture: Picture, ref: Ref): Tool | undefined {
  return coreToolOf(picture.view, ref);
}

export const TOOL_LABEL: Readonly<Record<Tool, string>> = TOOL_NAMES;

/** Core's one "not ready": the report's `ready: false`, or not in the report (missing). */
export function isBad(object: ReportObject | undefined): boolean {
  return isNotReady(object);
}

// ---- overview -------------------------------------------------------------------------------

/** A link across the layer boundary, read from the layer that acts on the other (core's). */
export type CrossLayerEdge = BoundaryLink;

/** Core's layer boundary: each pair of objects across it once. */
export function crossLayerEdges(picture: Picture): readonly CrossLayerEdge[] {
  return layerBoundary(picture.view);
}

/** A namespace, the layer that manages it, its objects per tool and how many are not ready (core's). */
export type NamespaceRow = NamespaceInfo;

/** Core's namespaces by layer, with each one's objects per tool and how many are not ready. */
export function namespaceRows(picture: Picture): readonly NamespaceRow[] {
  return namespacesByLayer(picture.view);
}

// ---- root cause chains ----------------------------------------------------------------------

export interface ChainNode {
  readonly ref: Ref;
  readonly state: State;
  readonly reason?: string;
  readonly message?: string;
  /** How this node reaches its parent in the chain (the edge type from it to what explains it). */
  readonly via?: string;
  readonly children: readonly ChainNode[];
}

function chainNode(node: BlockedNode): ChainNode {
  return {
    ref: node.ref,
    state: node.object?.state ?? 'unknown',
    ...(node.object?.reason === undefined ? {} : { reason: node.object.reason }),
    ...(node.object?.message === undefined ? {} : { message: node.object.message }),
    via: node.words,
    children: node.children.map(chainNode),
  };
}

/** Core's blocked tree of a root: each impacted node once, under the nearest node that explains it. */
export function blockedTree(picture: Picture, root: ReportRootCause): ChainNode[] {
  return coreBlockedTree(picture.view, root).map(chainNode);
}

// ---- graph ----------------------------------------------------------------------------------

export interface GraphNodeView {
  readonly id: string;
  readonly ref: Ref;
  readonly label: string;
  readonly tool: Tool | undefined;
  readonly state: State;
  readonly reason?: string;
  readonly isRoot: boolean;
  readonly isController: boolean;
}

export interface GraphEdgeView {
  readonly id: string;
  /** The node that needs (the dependent). */
  readonly from: string;
  /** The node it needs. */
  readonly to: string;
  readonly type: string;
  readonly crossLayer: boolean;
  /** On a failing path: the dependent is not ready and the target is in its explanation. */
  readonly failing: boolean;
}

export interface GraphView {
  readonly nodes: readonly GraphNodeView[];
  readonly edges: readonly GraphEdgeView[];
}

export const GRAPH_EDGE_TYPES = [
  'dependsOn',
  'source',
  'parent',
  'generator',
  'installation',
  'controller',
  'project',
  'applies',
  'refers',
] as const;

export function graphView(
  picture: Picture,
  include: ReadonlySet<string> = new Set(GRAPH_EDGE_TYPES),
): GraphView {
  return timed('strata:graph-view', () => makeGraphView(picture, include));
}

function makeGraphView(picture: Picture, include: ReadonlySet<string>): GraphView {
  const roots = new Set(picture.report.rootCauses.flatMap((r) => [refKey(r.ref), ...r.members.map(refKey)]));
  const rootByKey = new Map<string, ReportRootCause>();
  for (const r of picture.report.rootCauses)
    if (!rootByKey.has(refKey(r.ref))) rootByKey.set(refKey(r.ref), r);
  const nodes = new Map<string, GraphNodeView>();
  const edges: GraphEdgeView[] = [];
  const addNode = (ref: Ref) => {
    const key = refKey(ref);
    if (nodes.has(key)) return;
    const object = picture.byKey.get(key);
    const node = picture.view.node(ref);
    const root = rootByKey.get(key);
    nodes.set(key, {
      id: key,
      ref,
      label: `${ref.kind}/${ref.name}`,
      tool: coreToolOf(picture.view, ref),
      state: object?.state ?? root?.state ?? 'missing',
      ...(object?.reason === undefined ? {} : { reason: object.reason }),
      isRoot: roots.has(key),
      isController: node?.controller !== undefined,
    });
  };
  for (const object of picture.report.objects) {
    const node = picture.view.node(object.ref);
    if (node === undefined) continue;
    for (const edge of node.edges) {
      if (!include.has(edge.type)) continue;
      addNode(object.ref);
      addNode(edge.ref);
      const target = picture.view.node(edge.ref);
      edges.push({
        id: `${node.key}->${edge.to}:${edge.type}`,
        from: node.key,
        to: edge.to,
        type: edge.type,
        crossLayer: target !== undefined && target.tool !== node.tool,
        failing: isNotReady(object) && (node.explanation ?? []).includes(edge.to),
      });
    }
  }
  // Every object core counts appears (controllers too), so each tool's nodes are its summary.
  for (const object of picture.report.objects) addNode(object.ref);
  return { nodes: [...nodes.values()], edges };
}

// ---- objects, relations, ownership ----------------------------------------------------------

/**
 * The objects core counts for a tool: `summary[tool].total` rows, its GitOps objects in report
 * order, then its controllers.
 */
export function objectsOf(picture: Picture, tool: Tool): ReportObject[] {
  const all = objectsOfTool(picture.view, tool);
  const isController = (o: ReportObject) => picture.view.node(o.ref)?.controller !== undefined;
  return [...all.filter((o) => !isController(o)), ...all.filter(isController)];
}

export interface Relation {
  readonly ref: Ref;
  /** Core's words for the link (`dependsOn`, `health check`, `child app`, …). */
  readonly type: string;
  readonly link: LinkType;
  readonly state: State;
}

/** Core's upstream (what the node needs) and downstream (what needs it, what it blocks included). */
export function relationsOf(picture: Picture, ref: Ref): { upstream: Relation[]; downstream: Relation[] } {
  const relation = (n: Neighbour): Relation => ({
    ref: n.ref,
    type: n.words,
    link: n.type,
    state: reportObjectOf(picture.report, n.ref)?.state ?? 'missing',
  });
  return {
    upstream: upstreamOf(picture.view, ref).map(relation),
    downstream: downstreamOf(picture.view, ref).map(relation),
  };
}

/** An object's nearest managers (core §4), each with its name for a table cell, and conflicts. */
export function nearestManagers(
  picture: Picture,
  object: unknown,
): { managers: { ref: Ref; type: string; text: string }[]; conflict: string } {
  const ownership = picture.view.ownership(object);
  if (ownership === undefined) return { managers: [], conflict: '' };
  return {
    managers: ownership.managers.map((m) => ({
      ref: m.ref,
      type: m.type,
      text: m.type === 'helm' ? `helm ${m.ref.name}` : formatRef(m.ref),
    })),
    conflict: ownership.conflicts.length > 0 ? ` ⚠ ${ownership.conflicts.join(', ')}` : '',
  };
}

/** One short text for a table cell: the nearest managers, or the layer when none is GitOps. */
export function managedByText(picture: Picture, object: unknown): string {
  const { managers, conflict } = nearestManagers(picture, object);
  if (managers.length === 0) return '';
  return managers.map((m) => m.text).join(', ') + conflict;
}

/** The plural and group of a GitOps kind, for links to Headlamp's custom resource pages. */
export function crdNameOf(kind: string): string | undefined {
  const spec = GITOPS_KINDS.find((k) => k.kind === kind);
  return spec === undefined ? undefined : `${spec.plural}.${spec.group}`;
}

export { formatRef, refKey };
