/**
 * The Flux → Argo CD boundary and the namespaces of each layer. A boundary link is an edge whose
 * two ends are nodes of different tools, read from the layer that acts on the other: a manager
 * applies what it manages (E3 `parent`), a release installs the controllers (E6
 * `installation`), an Application applies the Flux objects it manages (E8 `applies`).
 */
import type { ClusterView } from '../cluster-view.ts';
import type { Tool } from '../gitops-kinds.ts';
import type { EdgeType } from '../graph-types.ts';
import { readKubeObject } from '../kube-object.ts';
import { compareRefs, type Ref } from '../ref.ts';
import type { Layer } from '../report-types.ts';
import { isNotReady, toolOf } from './not-ready.ts';

export interface BoundaryLink {
  /** The end that acts: it manages, installs or applies the other. */
  readonly from: Ref;
  readonly to: Ref;
  /** The core edge this reads. */
  readonly type: EdgeType;
  readonly fromTool: Tool;
  readonly toTool: Tool;
  /** What `from` does to `to`: `installs Argo CD`, `applies`, or the edge's word. */
  readonly verb: string;
}

/** Each tool's name as people write it. */
export const TOOL_NAMES: Readonly<Record<Tool, string>> = { flux: 'Flux', argo: 'Argo CD' };

function verbOf(type: EdgeType, toTool: Tool): string {
  if (type === 'installation') return `installs ${TOOL_NAMES[toTool]}`;
  if (type === 'parent' || type === 'applies') return 'applies';
  return type;
}

const boundaries = new WeakMap<ClusterView, readonly BoundaryLink[]>();

/**
 * Every link across the layer boundary, once per pair of objects (an Application's `applies` and
 * the Flux object's `parent` edge back to it are one link), sorted by `from`, then `to`.
 */
export function layerBoundary(view: ClusterView): readonly BoundaryLink[] {
  const cached = boundaries.get(view);
  if (cached !== undefined) return cached;
  const links = new Map<string, BoundaryLink>();
  for (const object of view.report.objects) {
    const node = view.node(object.ref);
    if (node === undefined) continue;
    for (const edge of node.edges) {
      const target = view.node(edge.ref);
      if (target === undefined || target.tool === node.tool) continue;
      // E8 points from the acting Application; E3 and E6 from what is managed to its manager.
      const forward = edge.type === 'applies';
      const from = forward ? node : target;
      const to = forward ? target : node;
      const pair = `${from.key}|${to.key}`;
      if (links.has(pair)) continue;
      links.set(pair, {
        from: from.ref,
        to: to.ref,
        type: edge.type,
        fromTool: from.tool,
        toTool: to.tool,
        verb: verbOf(edge.type, to.tool),
      });
    }
  }
  const out = [...links.values()].sort((a, b) => compareRefs(a.from, b.from) || compareRefs(a.to, b.to));
  boundaries.set(view, out);
  return out;
}

/** A namespace's layer: one of the report's layers, or `mixed` when both tools manage what is in it. */
export type NamespaceLayer = Layer | 'mixed';

export interface NamespaceInfo {
  readonly namespace: string;
  readonly layer: NamespaceLayer;
  /** The Namespace object's own managers (§4), when it is held. */
  readonly managers: readonly Ref[];
  /** The tools' report objects in it, and how many of those are not ready. */
  readonly flux: number;
  readonly argo: number;
  readonly notReady: number;
}

const namespaceCache = new WeakMap<ClusterView, readonly NamespaceInfo[]>();

function layerOfSet(layers: ReadonlySet<Layer>): NamespaceLayer {
  const flux = layers.has('flux') || layers.has('both');
  const argo = layers.has('argo') || layers.has('both');
  if (flux && argo) return 'mixed';
  if (flux) return 'flux';
  if (argo) return 'argo';
  return layers.has('helm') ? 'helm' : 'unmanaged';
}

function toolLayer(tools: ReadonlySet<Tool>): NamespaceLayer | undefined {
  if (tools.size === 0) return undefined;
  return tools.size > 1 ? 'mixed' : tools.has('flux') ? 'flux' : 'argo';
}

/**
 * Every namespace seen (Namespace objects and the namespaces of held objects), sorted, with the
 * layer that manages it: the managers of its Namespace object when GitOps manages it; else the
 * tools whose objects manage the controllers that run there (the namespace a Flux HelmRelease
 * installs Argo CD into is Flux's); else the layers that manage what is in it.
 */
export function namespacesByLayer(view: ClusterView): readonly NamespaceInfo[] {
  const cached = namespaceCache.get(view);
  if (cached !== undefined) return cached;
  const declared = new Map<string, { layer: Layer; managers: readonly Ref[] }>();
  const contents = new Map<string, Set<Layer>>();
  const installers = new Map<string, Set<Tool>>();
  const setOf = <T>(map: Map<string, Set<T>>, key: string): Set<T> => {
    const set = map.get(key) ?? new Set<T>();
    map.set(key, set);
    return set;
  };
  for (const raw of view.allObjects()) {
    const object = readKubeObject(raw);
    if (object === undefined || object.kind === 'Event') continue;
    if (object.group === '' && object.kind === 'Namespace') {
      setOf(contents, object.name);
      const ownership = view.ownership(raw);
      if (ownership !== undefined)
        declared.set(object.name, { layer: ownership.layer, managers: ownership.managers.map((m) => m.ref) });
      continue;
    }
    if (object.namespace === undefined) continue;
    setOf(contents, object.namespace).add(view.ownership(raw)?.layer ?? 'unmanaged');
  }
  for (const object of view.report.objects) {
    const node = view.node(object.ref);
    if (node?.controller === undefined || node.ref.namespace === undefined) continue;
    const tools = setOf(installers, node.ref.namespace);
    for (const manager of node.managers) {
      if (manager.type === 'helm') continue;
      const tool = toolOf(view, manager.ref);
      if (tool !== undefined) tools.add(tool);
    }
  }
  const counts = new Map<string, { flux: number; argo: number; notReady: number }>();
  for (const object of view.report.objects) {
    const namespace = object.ref.namespace;
    if (namespace === undefined) continue;
    setOf(contents, namespace);
    const entry = counts.get(namespace) ?? { flux: 0, argo: 0, notReady: 0 };
    counts.set(namespace, entry);
    const tool = view.node(object.ref)?.tool;
    if (tool === 'flux') entry.flux++;
    if (tool === 'argo') entry.argo++;
    if (isNotReady(object)) entry.notReady++;
  }
  const out = [...contents.keys()].sort().map((namespace): NamespaceInfo => {
    const own = declared.get(namespace);
    const ownLayer =
      own === undefined || own.layer === 'unmanaged' || own.layer === 'helm' ? undefined : own.layer;
    const layer =
      ownLayer ?? toolLayer(installers.get(namespace) ?? new Set()) ?? layerOfSet(contents.get(namespace)!);
    const count = counts.get(namespace) ?? { flux: 0, argo: 0, notReady: 0 };
    return { namespace, layer, managers: own?.managers ?? [], ...count };
  });
  namespaceCache.set(view, out);
  return out;
}
