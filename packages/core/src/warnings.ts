import { gitOpsKindNamed } from './gitops-kinds.ts';
import type { Edge, GraphNode } from './graph-types.ts';
import type { KubeObject } from './kube-object.ts';
import { compareRefs, formatRef, makeRef, type Ref, refFromKey } from './ref.ts';
import type { ReportWarning } from './report-types.ts';
import { forEachComponent } from './strongly-connected.ts';

const STALE_GENERATION_MS = 10 * 60 * 1000;

/**
 * What the graph warnings need from the edges alone, kept by callers until a node appears, goes
 * or changes its edges: readiness changes far more often and is applied per report.
 */
export interface GraphShape {
  /** Nodes on a `dependsOn` cycle of the whole graph (ready or not): the only ones that can be on a cycle among ready nodes. */
  readonly cycleCandidates: ReadonlySet<string>;
  /** `dependsOn` (to GitOps kinds), `source`, `project` and `refers` edges to nodes that do not exist. */
  readonly missing: readonly { readonly from: string; readonly edge: Edge }[];
  /** `dependsOn` edges to objects of other kinds (a ResourceSet's CRD): absent only if no such object is held. */
  readonly external: readonly { readonly from: string; readonly edge: Edge }[];
  /** Source key → the nodes with a `source` edge to it. */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
  /** ImagePolicy key → the ImageUpdateAutomations that select it (E9). */
  readonly selectedPolicies: ReadonlyMap<string, readonly Ref[]>;
}

const dependsOnTargets = (node: GraphNode | undefined) =>
  node === undefined ? [] : node.edges.filter((e) => e.type === 'dependsOn').map((e) => e.to);

export function graphShape(nodes: ReadonlyMap<string, GraphNode>): GraphShape {
  const cycleCandidates = new Set<string>();
  const withDependsOn = [...nodes.values()].filter((n) => n.edges.some((e) => e.type === 'dependsOn'));
  forEachComponent(
    withDependsOn.map((n) => n.key),
    (key) => dependsOnTargets(nodes.get(key)).filter((to) => nodes.has(to)),
    (component) => {
      const only = component[0]!;
      if (component.length > 1 || dependsOnTargets(nodes.get(only)).includes(only)) {
        for (const key of component) cycleCandidates.add(key);
      }
    },
  );
  const missing: { from: string; edge: Edge }[] = [];
  const external: { from: string; edge: Edge }[] = [];
  const consumers = new Map<string, string[]>();
  const selectedPolicies = new Map<string, Ref[]>();
  for (const node of nodes.values()) {
    for (const edge of node.edges) {
      if (edge.type === 'source') {
        const list = consumers.get(edge.to);
        if (list === undefined) consumers.set(edge.to, [node.key]);
        else list.push(node.key);
      }
      if (
        edge.type === 'refers' &&
        edge.ref.kind === 'ImagePolicy' &&
        node.gitOpsKind?.kind === 'ImageUpdateAutomation'
      ) {
        const list = selectedPolicies.get(edge.to);
        if (list === undefined) selectedPolicies.set(edge.to, [node.ref]);
        else list.push(node.ref);
      }
      if (
        edge.type !== 'dependsOn' &&
        edge.type !== 'source' &&
        edge.type !== 'project' &&
        edge.type !== 'refers'
      )
        continue;
      if (nodes.has(edge.to)) continue;
      // A ResourceSet may depend on any kind: an object that is no GitOps node may still exist,
      // which only the objects held can say (see graphWarnings' `exists`).
      if (edge.type === 'dependsOn' && gitOpsKindNamed(edge.ref.kind) === undefined) {
        external.push({ from: node.key, edge });
      } else missing.push({ from: node.key, edge });
    }
  }
  return { cycleCandidates, missing, external, consumers, selectedPolicies };
}

/** `dependsOn` cycles among ready nodes: a deadlock waiting for the next failure. */
function dependencyCycles(nodes: ReadonlyMap<string, GraphNode>, shape: GraphShape): ReportWarning[] {
  const isReady = (key: string) => nodes.get(key)?.status.readiness === 'ready';
  // Every member of a cycle among ready nodes is on a cycle of the whole graph.
  const successors = (key: string) =>
    dependsOnTargets(nodes.get(key)).filter((to) => shape.cycleCandidates.has(to) && isReady(to));
  const out: ReportWarning[] = [];
  const ready = [...shape.cycleCandidates].filter(isReady);
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

function missingReferences(
  nodes: ReadonlyMap<string, GraphNode>,
  shape: GraphShape,
  exists: (from: GraphNode, edge: Edge) => boolean,
): ReportWarning[] {
  const out: ReportWarning[] = [];
  const absent = shape.external.filter(({ from, edge }) => {
    const node = nodes.get(from);
    return node !== undefined && !exists(node, edge);
  });
  for (const { from, edge } of [...shape.missing, ...absent]) {
    const node = nodes.get(from);
    // E9 targets are warned about whatever the referrer's state: they are never a root.
    if (node === undefined || (edge.type !== 'refers' && node.status.readiness !== 'ready')) continue;
    out.push({
      type: 'missing-reference',
      ref: node.ref,
      message: `${edge.type} ${formatRef(edge.ref)} does not exist`,
    });
  }
  return out;
}

/** A failing node and the ready nodes that take it as a source (E2). */
interface FailingSource {
  readonly source: GraphNode;
  readonly readyConsumers: readonly GraphNode[];
}

/** The failing nodes of `notReady` that ready nodes still take as a source. */
function failingSources(
  nodes: ReadonlyMap<string, GraphNode>,
  shape: GraphShape,
  notReady: Iterable<GraphNode>,
): FailingSource[] {
  const out: FailingSource[] = [];
  // A failing source is not ready: the few nodes that are not ready, not every source, are looked at.
  for (const source of notReady) {
    if (source.status.readiness !== 'failing') continue;
    const readyConsumers = (shape.consumers.get(source.key) ?? [])
      .map((k) => nodes.get(k))
      .filter((n): n is GraphNode => n !== undefined && n.status.readiness === 'ready');
    if (readyConsumers.length > 0) out.push({ source, readyConsumers });
  }
  return out;
}

/** `stale-source`: a failing source still serving its last artifact to ready consumers. */
function staleSources(failing: readonly FailingSource[]): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const { source, readyConsumers } of failing) {
    if (source.flux?.hasArtifact !== true) continue;
    const names = readyConsumers
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

/** `lagging`: the nodes whose observed generation is behind (any superset of them will do). */
function staleGenerations(lagging: Iterable<GraphNode>, atMs: number): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const node of lagging) {
    const flux = node.flux;
    const generation = node.object.generation;
    if (flux === undefined || generation === undefined || flux.observedGeneration === undefined) continue;
    // Flux controllers advance observedGeneration only on success or stall: a failing object of
    // any Flux kind lags by design.
    if (node.status.readiness === 'failing') continue;
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

/** `stale-inputs`: a ready ResourceSet whose input provider is failing may have pruned to an empty set. */
function staleInputs(failing: readonly FailingSource[]): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const { source: provider, readyConsumers } of failing) {
    if (provider.gitOpsKind?.kind !== 'ResourceSetInputProvider') continue;
    for (const set of readyConsumers) {
      if (set.gitOpsKind?.kind !== 'ResourceSet') continue;
      out.push({
        type: 'stale-inputs',
        ref: set.ref,
        message: `ready, but its input provider ${formatRef(provider.ref)} is failing: it runs stale inputs, and may have applied (and pruned to) an empty set`,
      });
    }
  }
  return out;
}

/** `policy-without-latest`: an ImagePolicy an automation selects that has resolved no image. */
function policiesWithoutLatest(nodes: ReadonlyMap<string, GraphNode>, shape: GraphShape): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const [key, automations] of shape.selectedPolicies) {
    const policy = nodes.get(key);
    if (policy?.flux === undefined || policy.flux.hasLatestRef) continue;
    const names = [...automations].sort(compareRefs).map(formatRef);
    out.push({
      type: 'policy-without-latest',
      ref: policy.ref,
      message: `selected by ${names.join(', ')} but has no latest image (status.latestRef): the automation skips it silently`,
    });
  }
  return out;
}

const ORPHANS_NAMED = 3;

/**
 * `orphaned-tracking`: one warning per absent Application that tracking ids or instance labels
 * name (`absent`: its key → the keys of the objects carrying the claim).
 */
export function orphanedTracking(
  absent: ReadonlyMap<string, readonly string[]>,
  objectByKey: (key: string) => KubeObject | undefined,
): ReportWarning[] {
  const out: ReportWarning[] = [];
  for (const [appKey, objectKeys] of absent) {
    const refs = objectKeys
      .map(objectByKey)
      .filter((o): o is KubeObject => o !== undefined)
      .map((o) => makeRef(o.kind, o.namespace, o.name))
      .sort(compareRefs);
    if (refs.length === 0) continue;
    const named = refs.slice(0, ORPHANS_NAMED).map(formatRef).join(', ');
    const more = refs.length > ORPHANS_NAMED ? ` and ${refs.length - ORPHANS_NAMED} more` : '';
    const app = refFromKey(appKey);
    out.push({
      type: 'orphaned-tracking',
      ref: app,
      message: `${refs.length} ${refs.length === 1 ? 'object is' : 'objects are'} tracked by ${formatRef(app)}, which does not exist: ${named}${more}; no manager is counted for them`,
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

/**
 * The warnings that depend on the nodes but not on time: callers may keep them until a node
 * changes. `notReady`: the nodes that are not ready (any superset of them will do).
 */
export function graphWarnings(
  nodes: ReadonlyMap<string, GraphNode>,
  shape: GraphShape,
  notReady: Iterable<GraphNode> = nodes.values(),
  exists: (from: GraphNode, edge: Edge) => boolean = () => false,
): ReportWarning[] {
  const failing = failingSources(nodes, shape, notReady);
  return [
    ...dependencyCycles(nodes, shape),
    ...missingReferences(nodes, shape, exists),
    ...staleSources(failing),
    ...staleInputs(failing),
    ...policiesWithoutLatest(nodes, shape),
  ];
}

/**
 * §5 warnings: reported beside root causes, never as roots. `lagging`: the nodes whose observed
 * generation is behind their generation (any superset of them will do, all nodes included).
 */
export function findWarnings(
  lagging: Iterable<GraphNode>,
  atMs: number,
  fromGraph: readonly ReportWarning[],
): ReportWarning[] {
  return [...fromGraph, ...staleGenerations(lagging, atMs)].sort(compareWarnings);
}
