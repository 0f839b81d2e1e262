/**
 * What the plugin shows, computed by @strata/core from plain objects: no Headlamp, no React, no
 * I/O. Every decision (state, edges, ownership, root causes) is the core's; this file only
 * reshapes its answers for the pages.
 */
import {
  ClusterModel,
  type ClusterView,
  formatRef,
  GITOPS_KINDS,
  gitOpsKindNamed,
  type Ownership,
  type Ref,
  type Report,
  type ReportObject,
  type ReportRootCause,
  refKey,
  type State,
  type Tool,
} from '@strata/core';
import { timed } from './timing.ts';

export interface Picture {
  /** The settled picture the pages read (core's ClusterView). */
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
  const toolSeen = (tool: Tool) => report.objects.some((o) => toolOf(view, o.ref) === tool);
  return {
    view,
    report,
    byKey,
    namespaces: [...namespaces].sort(),
    served: served ?? { flux: toolSeen('flux'), argo: toolSeen('argo') },
  };
}

export function toolOf(view: Pick<ClusterView, 'node'>, ref: Ref): Tool | undefined {
  return view.node(ref)?.tool ?? gitOpsKindNamed(ref.kind)?.tool;
}

export const TOOL_LABEL: Record<Tool, string> = { flux: 'Flux', argo: 'Argo CD' };

/** A node is healthy for display when ready (suspended-but-ready counts as ready in the core). */
export function isBad(state: State): boolean {
  return state !== 'ready' && state !== 'suspended';
}

// ---- overview -------------------------------------------------------------------------------

/** An edge whose ends belong to different tools, read from the layer that acts on the other. */
export interface CrossLayerEdge {
  /** The end that manages, installs or is needed by the other. */
  readonly from: Ref;
  readonly to: Ref;
  readonly type: string;
  readonly fromTool: Tool;
  readonly toTool: Tool;
}

/**
 * Edges whose ends belong to different tools, each turned to read from the acting layer. The
 * core's edges point from a node to what it needs: E3 `parent` and E6 `installation` to what
 * manages it, but E8 `applies` from an Application to the Flux objects it manages.
 */
export function crossLayerEdges(picture: Picture): CrossLayerEdge[] {
  const out: CrossLayerEdge[] = [];
  for (const object of picture.report.objects) {
    const node = picture.view.node(object.ref);
    if (node === undefined) continue;
    for (const edge of node.edges) {
      const target = picture.view.node(edge.ref);
      if (target === undefined || target.tool === node.tool) continue;
      const forward = { from: object.ref, to: edge.ref, fromTool: node.tool, toTool: target.tool };
      const backward = { from: edge.ref, to: object.ref, fromTool: target.tool, toTool: node.tool };
      out.push({ ...(edge.type === 'applies' ? forward : backward), type: edge.type });
    }
  }
  return out;
}

export interface NamespaceRow {
  readonly namespace: string;
  /** The namespace object's own managers (core §4), as a layer. */
  readonly layer: string;
  readonly managers: readonly Ref[];
  readonly flux: number;
  readonly argo: number;
  readonly notReady: number;
}

export function namespaceRows(picture: Picture): NamespaceRow[] {
  return picture.namespaces.map((namespace) => {
    const ownership = picture.view.ownership({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    let flux = 0;
    let argo = 0;
    let notReady = 0;
    for (const object of picture.report.objects) {
      if (object.ref.namespace !== namespace) continue;
      const tool = toolOf(picture.view, object.ref);
      if (tool === 'flux') flux += 1;
      if (tool === 'argo') argo += 1;
      if (isBad(object.state)) notReady += 1;
    }
    return {
      namespace,
      layer: ownership?.layer ?? 'unmanaged',
      managers: ownership?.managers.map((m) => m.ref) ?? [],
      flux,
      argo,
      notReady,
    };
  });
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

/**
 * What a root blocks, as a tree: each impacted node under the node (root or impacted) that
 * explains it, following the core's explanations. Each node appears once.
 */
export function blockedTree(picture: Picture, root: ReportRootCause): ChainNode[] {
  const rootKey = refKey(root.ref);
  const members = new Set([rootKey, ...root.members.map(refKey)]);
  const impacted = new Map(root.impacted.map((r) => [refKey(r), r]));
  const childrenOf = new Map<string, { key: string; via: string }[]>();
  for (const [key, ref] of impacted) {
    const node = picture.view.node(ref);
    const explanation = node?.explanation ?? [];
    // Prefer the root (or a cycle member), then another impacted node, as the parent.
    const parent =
      explanation.find((k) => members.has(k)) ?? explanation.find((k) => impacted.has(k) && k !== key);
    if (parent === undefined) continue;
    const reason = picture.byKey.get(key)?.reason;
    const via =
      node?.edges.find((e) => e.to === parent)?.type ??
      (reason === 'HealthCheckFailed' || reason === 'ReconciliationFailed' ? 'health check' : 'explained by');
    const list = childrenOf.get(members.has(parent) ? rootKey : parent) ?? [];
    list.push({ key, via });
    childrenOf.set(members.has(parent) ? rootKey : parent, list);
  }
  const seen = new Set<string>();
  const build = (key: string): ChainNode[] =>
    (childrenOf.get(key) ?? [])
      .filter((c) => !seen.has(c.key) && seen.add(c.key))
      .map((c) => {
        const ref = impacted.get(c.key)!;
        const object = picture.byKey.get(c.key);
        return {
          ref,
          state: object?.state ?? 'unknown',
          ...(object?.reason === undefined ? {} : { reason: object.reason }),
          ...(object?.message === undefined ? {} : { message: object.message }),
          via: c.via,
          children: build(c.key),
        };
      });
  const tree = build(rootKey);
  // Impacted nodes not reached through a chain (explained via another path) still show.
  for (const [key, ref] of impacted) {
    if (seen.has(key)) continue;
    seen.add(key);
    const object = picture.byKey.get(key);
    tree.push({ ref, state: object?.state ?? 'unknown', via: 'blocked', children: [] });
  }
  return tree;
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
      tool: node?.tool ?? gitOpsKindNamed(ref.kind)?.tool,
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
        failing: isBad(object.state) && (node.explanation ?? []).includes(edge.to),
      });
    }
  }
  // GitOps objects with no edges at all still appear.
  for (const object of picture.report.objects) {
    if (picture.view.node(object.ref)?.controller === undefined) addNode(object.ref);
  }
  return { nodes: [...nodes.values()], edges };
}

// ---- objects, relations, ownership ----------------------------------------------------------

export function objectsOf(picture: Picture, tool: Tool): ReportObject[] {
  return picture.report.objects.filter(
    (o) => gitOpsKindNamed(o.ref.kind)?.tool === tool && picture.view.node(o.ref)?.controller === undefined,
  );
}

export interface Relation {
  readonly ref: Ref;
  readonly type: string;
  readonly state: State;
}

/** Upstream: what the node needs (its edges); downstream: the nodes whose edges reach it. */
export function relationsOf(picture: Picture, ref: Ref): { upstream: Relation[]; downstream: Relation[] } {
  const key = refKey(ref);
  const node = picture.view.node(ref);
  const stateOf = (r: Ref): State => picture.byKey.get(refKey(r))?.state ?? 'missing';
  const upstream = (node?.edges ?? []).map((e) => ({ ref: e.ref, type: e.type, state: stateOf(e.ref) }));
  const downstream: Relation[] = [];
  for (const object of picture.report.objects) {
    const other = picture.view.node(object.ref);
    for (const edge of other?.edges ?? []) {
      if (edge.to === key) downstream.push({ ref: object.ref, type: edge.type, state: object.state });
    }
  }
  return { upstream, downstream };
}

export interface ManagerLink {
  readonly ref: Ref;
  readonly via: string;
  readonly type: string;
}

/**
 * The manager chain of an object: its managers (core §4), then each manager's own managers, up
 * to an object that manages itself or has none. Each level lists every manager found.
 */
export function managerChain(
  picture: Picture,
  object: unknown,
): { ownership?: Ownership; levels: ManagerLink[][] } {
  const ownership = picture.view.ownership(object);
  if (ownership === undefined) return { levels: [] };
  const levels: ManagerLink[][] = [];
  const seen = new Set<string>();
  let current = [...ownership.managers];
  while (current.length > 0 && levels.length < 12) {
    const level = current
      .filter((m) => !seen.has(refKey(m.ref)))
      .map((m) => ({ ref: m.ref, via: m.via, type: m.type }));
    if (level.length === 0) break;
    for (const m of level) seen.add(refKey(m.ref));
    levels.push(level);
    current = level.flatMap((m) => {
      const node = picture.view.node(m.ref);
      return (node?.managers ?? []).filter((n) => !seen.has(refKey(n.ref)));
    });
  }
  return { ownership, levels };
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
