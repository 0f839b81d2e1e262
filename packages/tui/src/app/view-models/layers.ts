/**
 * The overview (`:layers`): the Flux platform layer and the Argo CD application layer side by
 * side, the boundary between them (Flux objects that install Argo CD — edge E6 — or apply its
 * Applications, and the reverse), and the namespaces grouped by the tool that owns what is in
 * them. Pure; the namespace grouping reads ownership of every object once per report.
 */
import { type ClusterView, type Layer, type Ref, type Report, readKubeObject, refKey } from '@strata/core';
import { badgeOf } from './chain.ts';
import type { GraphNode } from './core-types.ts';
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
const FLUX_MANAGERS = new Set(['Kustomization', 'HelmRelease', 'FluxInstance', 'ResourceSet']);

export interface BoundaryLine {
  readonly from: Ref;
  readonly verb: string;
  readonly to: readonly Ref[];
}

export interface NamespaceGroup {
  readonly layer: Layer | 'mixed';
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
  const states = new Map(report.objects.map((o) => [refKey(o.ref), o]));
  const make = (n: GraphNode) => item(n, states.get(n.key), true);
  const lines: TreeLine[] = [];
  const nested = nest(nodes, make);
  const nestedKeys = new Set([...nested.values()].flatMap((list) => list.map((n) => n.key)));
  for (const kind of [...order, 'controllers']) {
    const members = nodes.filter((n) =>
      kind === 'controllers' ? n.controller !== undefined : n.controller === undefined && n.ref.kind === kind,
    );
    if (members.length === 0) continue;
    const notReady = members.filter((n) => {
      const s = states.get(n.key)?.state ?? n.state;
      return s !== 'ready' && s !== 'suspended';
    }).length;
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

function boundaryLines(report: Report, nodes: readonly GraphNode[]): TreeLine[] {
  const states = new Map(report.objects.map((o) => [refKey(o.ref), o]));
  const groups = new Map<string, { from: Ref; verb: string; to: Ref[] }>();
  const add = (from: Ref, verb: string, to: Ref) => {
    const key = `${refKey(from)}|${verb}`;
    const group = groups.get(key) ?? { from, verb, to: [] };
    groups.set(key, group);
    if (!group.to.some((r) => refKey(r) === refKey(to))) group.to.push(to);
  };
  for (const node of nodes) {
    if (node.controller?.tool === 'argo') {
      for (const edge of node.edges)
        if (edge.type === 'installation') add(edge.ref, 'installs Argo CD', node.ref);
    }
    if (node.tool === 'argo' && node.controller === undefined) {
      for (const manager of node.managers)
        if (FLUX_MANAGERS.has(manager.type)) add(manager.ref, 'applies', node.ref);
    }
    if (node.tool === 'flux' && node.controller === undefined) {
      for (const manager of node.managers)
        if (manager.type === 'Application') add(manager.ref, 'applies Flux objects', node.ref);
    }
  }
  const lines: TreeLine[] = [];
  for (const [key, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const state = states.get(refKey(group.from));
    const names = group.to.map((r) => (group.verb === 'applies' ? `${r.kind} ${r.name}` : r.name));
    lines.push({
      key: `boundary:${key}`,
      prefix: '',
      ref: group.from,
      label: refLabel(group.from),
      ...(state === undefined ? {} : { state: state.state }),
      lead: group.verb.startsWith('applies Flux') ? 'argo → flux' : 'flux → argo',
      note: group.verb,
      detail: oneLine(names.join(', ')),
    });
  }
  return lines;
}

const TITLES: Readonly<Record<Layer | 'mixed', string>> = {
  flux: 'Flux',
  argo: 'Argo CD',
  both: 'Flux and Argo CD',
  mixed: 'Flux and Argo CD',
  helm: 'plain Helm',
  unmanaged: 'unmanaged',
};

const namespaceCache = new WeakMap<Report, readonly NamespaceGroup[]>();

/** Each namespace under the tool that owns what is in it (its Namespace object's manager first). */
export function namespacesByTool(report: Report, model: ClusterView): readonly NamespaceGroup[] {
  const cached = namespaceCache.get(report);
  if (cached !== undefined) return cached;
  const layers = new Map<string, Set<Layer>>();
  const declared = new Map<string, Layer>();
  for (const raw of model.allObjects()) {
    const object = readKubeObject(raw);
    if (object === undefined || object.kind === 'Event') continue;
    if (object.group === '' && object.kind === 'Namespace') {
      const layer = model.ownership(raw)?.layer;
      if (layer !== undefined && layer !== 'unmanaged') declared.set(object.name, layer);
      if (!layers.has(object.name)) layers.set(object.name, new Set());
      continue;
    }
    if (object.namespace === undefined) continue;
    const layer = model.ownership(raw)?.layer ?? 'unmanaged';
    const set = layers.get(object.namespace) ?? new Set<Layer>();
    layers.set(object.namespace, set);
    set.add(layer);
  }
  const groups = new Map<Layer | 'mixed', string[]>();
  for (const [namespace, set] of [...layers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const flux = set.has('flux') || set.has('both');
    const argo = set.has('argo') || set.has('both');
    const layer: Layer | 'mixed' =
      declared.get(namespace) ??
      (flux && argo ? 'mixed' : flux ? 'flux' : argo ? 'argo' : set.has('helm') ? 'helm' : 'unmanaged');
    const list = listAt(groups, layer);
    list.push(namespace);
  }
  const order: (Layer | 'mixed')[] = ['flux', 'argo', 'both', 'mixed', 'helm', 'unmanaged'];
  const result = order
    .filter((l) => groups.has(l))
    .map((l) => ({ layer: l, title: TITLES[l], names: groups.get(l)! }));
  namespaceCache.set(report, result);
  return result;
}

export function layersView(report: Report, model: ClusterView, namespace: string): LayersView {
  const nodes: GraphNode[] = [];
  for (const object of report.objects) {
    if (!inScope(object.ref, namespace)) continue;
    const node = model.node(object.ref);
    if (node !== undefined) nodes.push(node);
  }
  const flux = nodes.filter((n) => (n.controller?.tool ?? n.tool) === 'flux');
  const argo = nodes.filter((n) => (n.controller?.tool ?? n.tool) === 'argo');
  return {
    flux: column(report, flux, FLUX_ORDER, 'flux', noNesting),
    argo: column(report, argo, ARGO_ORDER, 'argo', nestArgo),
    boundary: boundaryLines(report, nodes),
    namespaces: namespacesByTool(report, model),
  };
}
