/**
 * The overview (`:layers`): the Flux platform layer and the Argo CD application layer side by
 * side, core's boundary between them (Flux objects that install Argo CD or apply its objects, and
 * Applications that apply Flux objects), and core's namespaces by layer. Presents core's data.
 */
import {
  type ClusterView,
  type GraphNode,
  isNotReady,
  layerBoundary,
  type NamespaceLayer,
  namespacesByLayer,
  type Ref,
  type Report,
  refKey,
  reportObjectOf,
  TOOL_NAMES,
} from '@strata/core';
import { badgeOf } from './chain.ts';
import { oneLine, refLabel } from './format.ts';
import { listAt } from './maps.ts';
import { inScope } from './objects-table.ts';
import { flattenTree, heading, type TreeLine, type TreeNode } from './tree-lines.ts';

const FLUX_ORDER = [
  'FluxInstance',
  'ResourceSet',
  'Kustomization',
  'HelmRelease',
  'GitRepository',
  'OCIRepository',
  'Bucket',
  'ExternalArtifact',
  'HelmRepository',
  'HelmChart',
];
const ARGO_ORDER = ['AppProject', 'Application', 'ApplicationSet'];

export interface NamespaceGroup {
  readonly layer: NamespaceLayer;
  readonly title: string;
  readonly names: readonly string[];
}

export interface LayersView {
  readonly flux: readonly TreeLine[];
  readonly argo: readonly TreeLine[];
  readonly boundary: readonly TreeLine[];
  readonly namespaces: readonly NamespaceGroup[];
}

function item(
  node: GraphNode,
  state: Report['objects'][number] | undefined,
  withNamespace: boolean,
): TreeNode {
  const name =
    withNamespace && node.ref.namespace !== undefined
      ? `${node.ref.namespace}/${node.ref.name}`
      : node.ref.name;
  const objectState = state?.state ?? node.state;
  return {
    key: node.key,
    line: {
      ref: node.ref,
      label: oneLine(name),
      state: objectState,
      badge: badgeOf(objectState, state?.reason),
      labels: node.object.labels,
    },
    children: [],
  };
}

function column(
  report: Report,
  nodes: readonly GraphNode[],
  order: readonly string[],
  title: string,
  nest: (nodes: readonly GraphNode[], make: (n: GraphNode) => TreeNode) => Map<string, TreeNode[]>,
): TreeLine[] {
  const make = (n: GraphNode) => item(n, reportObjectOf(report, n.ref), true);
  const lines: TreeLine[] = [];
  const nested = nest(nodes, make);
  const nestedKeys = new Set([...nested.values()].flatMap((list) => list.map((n) => n.key)));
  // Every kind the tool has a node of, so the column holds every object core counts for it.
  const others = [...new Set(nodes.filter((n) => n.controller === undefined).map((n) => n.ref.kind))]
    .filter((kind) => !order.includes(kind))
    .sort();
  for (const kind of [...order, ...others, 'controllers']) {
    const members = nodes.filter((n) =>
      kind === 'controllers' ? n.controller !== undefined : n.controller === undefined && n.ref.kind === kind,
    );
    if (members.length === 0) continue;
    const notReady = members.filter((n) => isNotReady(reportObjectOf(report, n.ref))).length;
    lines.push(
      heading(
        `${title}:${kind}`,
        kind === 'controllers' ? 'controllers' : `${kind}s`.replace(/ys$/, 'ies').replace(/ss$/, 'sses'),
        notReady === 0 ? `${members.length}` : `${members.length}, ${notReady} not ready`,
      ),
    );
    const roots = members.filter((n) => !nestedKeys.has(n.key)).map(make);
    const attach = (list: TreeNode[]) => {
      const stack = [...list];
      while (stack.length > 0) {
        const next = stack.pop()!;
        const children = nested.get(next.key) ?? [];
        next.children.push(...children);
        stack.push(...children);
      }
    };
    attach(roots);
    lines.push(...flattenTree(roots, `${title}:${kind}`, ' '));
  }
  return lines;
}

/** Applications under their app-of-apps parent; generated Applications under their ApplicationSet. */
function nestArgo(nodes: readonly GraphNode[], make: (n: GraphNode) => TreeNode): Map<string, TreeNode[]> {
  const present = new Set(nodes.map((n) => n.key));
  const nested = new Map<string, TreeNode[]>();
  const add = (parent: string, child: GraphNode) => {
    const list = listAt(nested, parent);
    list.push(make(child));
  };
  for (const node of nodes) {
    if (node.ref.kind === 'ApplicationSet') {
      for (const edge of node.edges)
        if (edge.type === 'generator' && present.has(edge.to))
          add(node.key, nodes.find((n) => n.key === edge.to)!);
    }
  }
  const generated = new Set([...nested.values()].flatMap((l) => l.map((n) => n.key)));
  for (const node of nodes) {
    if (node.ref.kind !== 'Application' || generated.has(node.key)) continue;
    const parent = node.edges.find(
      (e) => e.type === 'parent' && e.ref.kind === 'Application' && present.has(e.to),
    );
    if (parent !== undefined && parent.to !== node.key) add(parent.to, node);
  }
  return nested;
}

function noNesting(): Map<string, TreeNode[]> {
  return new Map();
}

/** Core's boundary links with an end in scope, grouped by the object that acts and what it does. */
function boundaryLines(view: ClusterView, namespace: string): TreeLine[] {
  const groups = new Map<string, { from: Ref; verb: string; lead: string; to: Ref[] }>();
  for (const link of layerBoundary(view)) {
    if (!inScope(link.from, namespace) && !inScope(link.to, namespace)) continue;
    const key = `${refKey(link.from)}|${link.verb}`;
    const group = groups.get(key) ?? {
      from: link.from,
      verb: link.verb,
      lead: `${link.fromTool} → ${link.toTool}`,
      to: [],
    };
    groups.set(key, group);
    group.to.push(link.to);
  }
  const lines: TreeLine[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const state = reportObjectOf(view.report, group.from);
    const names = group.to.map((r) => (group.verb === 'applies' ? `${r.kind} ${r.name}` : r.name));
    lines.push({
      key: `boundary:${key}`,
      prefix: '',
      ref: group.from,
      label: refLabel(group.from),
      ...(state === undefined ? {} : { state: state.state }),
      lead: group.lead,
      note: group.verb,
      detail: oneLine(names.join(', ')),
    });
  }
  return lines;
}

const TITLES: Readonly<Record<NamespaceLayer, string>> = {
  ...TOOL_NAMES,
  both: 'Flux and Argo CD',
  mixed: 'Flux and Argo CD',
  helm: 'plain Helm',
  unmanaged: 'unmanaged',
};

const namespaceCache = new WeakMap<ClusterView, readonly NamespaceGroup[]>();

/** Core's namespaces by layer, grouped under each layer's title. */
export function namespacesByTool(view: ClusterView): readonly NamespaceGroup[] {
  const cached = namespaceCache.get(view);
  if (cached !== undefined) return cached;
  const groups = new Map<NamespaceLayer, string[]>();
  for (const info of namespacesByLayer(view)) listAt(groups, info.layer).push(info.namespace);
  const order: NamespaceLayer[] = ['flux', 'argo', 'both', 'mixed', 'helm', 'unmanaged'];
  const result = order
    .filter((l) => groups.has(l))
    .map((l) => ({ layer: l, title: TITLES[l], names: groups.get(l)! }));
  namespaceCache.set(view, result);
  return result;
}

export function layersView(view: ClusterView, namespace: string): LayersView {
  const report = view.report;
  const nodes: GraphNode[] = [];
  for (const object of report.objects) {
    if (!inScope(object.ref, namespace)) continue;
    const node = view.node(object.ref);
    if (node !== undefined) nodes.push(node);
  }
  const flux = nodes.filter((n) => (n.controller?.tool ?? n.tool) === 'flux');
  const argo = nodes.filter((n) => (n.controller?.tool ?? n.tool) === 'argo');
  return {
    flux: column(report, flux, FLUX_ORDER, 'flux', noNesting),
    argo: column(report, argo, ARGO_ORDER, 'argo', nestArgo),
    boundary: boundaryLines(view, namespace),
    namespaces: namespacesByTool(view),
  };
}
