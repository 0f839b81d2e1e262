import type { Selection } from './flux-facts.ts';
import type { ControllerName } from './gitops-kinds.ts';
import { gitOpsKindNamed } from './gitops-kinds.ts';
import type { Edge, NodeFacts } from './graph-types.ts';
import { isFluxManager } from './ownership.ts';
import type { Manager } from './ownership-types.ts';
import { makeRef, type Ref, refKey } from './ref.ts';

/** What edge computation may look up; every lookup is a dependency the model tracks. */
export interface EdgeContext {
  /** Facts of an existing node, or undefined. */
  node(key: string): NodeFacts | undefined;
  /** Visible controller nodes of a name, sorted by ref. */
  controllers(name: ControllerName): readonly NodeFacts[];
  /** Applications an ApplicationSet generated, sorted by key. */
  generated(appSetKey: string): readonly string[];
  /** GitOps nodes of a kind in a namespace whose labels a selector matches, sorted by ref. */
  selected(selection: Selection): readonly NodeFacts[];
  /** Keys of the Flux nodes an Application manages (E8), sorted. */
  applied(appKey: string): readonly string[];
  /** Argo CD's control-plane namespace, when it can be told. */
  readonly controlPlaneNamespace: string | undefined;
  /**
   * The node a key names, without counting it as read: an edge to a node shares the node's key
   * and ref instead of holding copies (edges are the most numerous thing in the graph).
   */
  shared?(key: string): NodeFacts | undefined;
}

function edge(type: Edge['type'], ref: Ref, extra: { requireReady?: boolean } = {}): Edge {
  return { type, to: refKey(ref), ref, ...extra };
}

/** E5: the controller of that name that reconciles this node. */
function pickController(
  node: NodeFacts,
  name: ControllerName,
  namespace: string | undefined,
  ctx: EdgeContext,
): NodeFacts | undefined {
  const candidates = ctx.controllers(name);
  if (node.tool === 'argo') return candidates.find((c) => c.ref.namespace === namespace);
  // Flux controllers usually live in flux-system and reconcile every namespace.
  return (
    candidates.find((c) => c.ref.namespace === node.ref.namespace) ??
    candidates.find((c) => c.ref.namespace === 'flux-system') ??
    candidates[0]
  );
}

function controllerEdges(node: NodeFacts, ctx: EdgeContext): Edge[] {
  const kind = node.gitOpsKind;
  if (kind === undefined) return [];
  const namespace =
    kind.kind === 'Application' ? (node.argo?.controllerNamespace ?? node.ref.namespace) : node.ref.namespace;
  const out: Edge[] = [];
  for (const name of kind.controllers) {
    const controller = pickController(node, name, namespace, ctx);
    if (controller !== undefined) out.push(edge('controller', controller.ref));
  }
  return out;
}

/** E3 (and E6 for controllers): managers that are GitOps nodes, present, and not the node itself. */
function managerEdges(node: NodeFacts, managers: readonly Manager[], ctx: EdgeContext): Edge[] {
  const type = node.controller !== undefined ? 'installation' : 'parent';
  const out: Edge[] = [];
  for (const manager of managers) {
    if (manager.type === 'helm') continue;
    const key = refKey(manager.ref);
    if (key === node.key || ctx.node(key) === undefined) continue;
    // An ApplicationSet manages what it generates (§4 rule 6); E4 links them, not E3.
    if (manager.type === 'ApplicationSet') continue;
    // The HelmChart a HelmRelease generates is reached by E2, not E3.
    if (node.gitOpsKind?.kind === 'HelmChart' && manager.type === 'HelmRelease' && isFluxManager(manager))
      continue;
    out.push(edge(type, manager.ref));
  }
  return out;
}

/** Every edge of §3 leaving a node. */
export function computeEdges(node: NodeFacts, managers: readonly Manager[], ctx: EdgeContext): Edge[] {
  const out: Edge[] = [];
  for (const dependency of node.flux?.dependsOn ?? []) {
    out.push(edge('dependsOn', dependency.ref, { requireReady: dependency.requireReady }));
  }
  const flux = node.flux;
  if (flux !== undefined) {
    for (const source of flux.sources) out.push(edge('source', source));
    for (const selection of flux.sourceSelections) {
      for (const target of ctx.selected(selection)) out.push(edge('source', target.ref));
    }
  }
  out.push(...managerEdges(node, managers, ctx));
  if (node.gitOpsKind?.kind === 'ApplicationSet') {
    for (const app of ctx.generated(node.key)) {
      const facts = ctx.node(app);
      if (facts !== undefined) out.push(edge('generator', facts.ref));
    }
  }
  out.push(...controllerEdges(node, ctx));
  if (node.gitOpsKind?.kind === 'Application' && node.argo !== undefined) {
    const namespace = node.argo.controllerNamespace ?? ctx.controlPlaneNamespace ?? node.ref.namespace;
    out.push(edge('project', makeRef('AppProject', namespace, node.argo.project)));
  }
  if (node.gitOpsKind?.kind === 'Application') {
    for (const key of ctx.applied(node.key)) {
      const target = ctx.node(key);
      if (target !== undefined) out.push(edge('applies', target.ref));
    }
  }
  if (flux !== undefined) out.push(...referEdges(node, flux.refers, flux.referSelections, ctx));
  if (ctx.shared === undefined) return out;
  return out.map((e) => {
    const target = ctx.shared?.(e.to);
    return target === undefined ? e : { ...e, to: target.key, ref: target.ref };
  });
}

/** E9: named targets of GitOps kinds (others are never nodes) and every node a selection matches. */
function referEdges(
  node: NodeFacts,
  refs: readonly Ref[],
  selections: readonly Selection[],
  ctx: EdgeContext,
): Edge[] {
  const out: Edge[] = [];
  for (const ref of refs) if (targetIsGitOps(ref)) out.push(edge('refers', ref));
  for (const selection of selections) {
    for (const target of ctx.selected(selection)) {
      if (target.key !== node.key) out.push(edge('refers', target.ref));
    }
  }
  return out;
}

/** Whether an edge target of this kind is a GitOps node (others can only be missing or external). */
export function targetIsGitOps(ref: Ref): boolean {
  return gitOpsKindNamed(ref.kind) !== undefined;
}
