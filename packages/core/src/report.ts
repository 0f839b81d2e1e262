import type { GraphNode } from './graph-types.ts';
import { layerOf } from './ownership.ts';
import { compareRefs, formatRef, type Ref, refFromKey } from './ref.ts';
import type {
  LayerSummary,
  Report,
  ReportConflict,
  ReportEvidence,
  ReportObject,
  ReportRootCause,
  ReportWarning,
} from './report-types.ts';
import type { RootIndex } from './root-index.ts';
import { findWarnings } from './warnings.ts';

/** What the report is built from: the settled model, read-only. */
export interface ReportSource {
  readonly at: string;
  readonly atMs: number;
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly roots: RootIndex;
  /** §7 evidence of a node that is not ready. */
  evidence(node: GraphNode): readonly ReportEvidence[];
  /** Every §4 conflict, in report order. */
  conflicts(): readonly ReportConflict[];
  /** The §5 warnings that depend only on the nodes, kept until a node changes. */
  graphWarnings(): readonly ReportWarning[];
  /** Every node in report order (kept by the model until a node appears or goes). */
  sortedNodes(): readonly GraphNode[];
  /** The nodes that are not ready. */
  notReady(): Iterable<GraphNode>;
  /** The nodes whose observed generation is behind their generation (stale-generation candidates). */
  lagging(): Iterable<GraphNode>;
  /**
   * The report's objects, in node order: the last report's, with `build` called again only for
   * the nodes whose entry may have changed since (all of them when a node appeared or went).
   */
  reportObjects(build: (node: GraphNode) => ReportObject): readonly ReportObject[];
  /** Changes whenever the node's state, status, managers or explanation may have changed. */
  stampOf(key: string): number;
  /** Entries of earlier reports, reused while a node's stamp, roots and evidence are the same. */
  readonly objectCache: Map<string, CachedReportObject>;
  /** Root causes of earlier reports, reused while the root's and its node's stamps and evidence are the same. */
  readonly rootCauseCache: Map<string, CachedRootCause>;
}

export interface CachedRootCause {
  readonly rootStamp: number;
  readonly nodeStamp: number;
  readonly evidence: readonly ReportEvidence[] | undefined;
  readonly entry: ReportRootCause;
}

export interface CachedReportObject {
  readonly stamp: number;
  readonly blocksStamp: number;
  readonly roots: readonly string[];
  readonly evidence: readonly ReportEvidence[] | undefined;
  readonly object: ReportObject;
}

type EvidenceByNode = ReadonlyMap<string, readonly ReportEvidence[]>;

/** §7 evidence of every node that is not ready (the rules already kept what messages name). */
function gatherEvidence(source: ReportSource): EvidenceByNode {
  const out = new Map<string, readonly ReportEvidence[]>();
  for (const node of source.notReady()) out.set(node.key, source.evidence(node));
  return out;
}

const CYCLE = 'cycle:';
const NO_REFS: readonly Ref[] = [];

/** The ref a root id stands for: the node, the missing object, or a cycle's smallest member. */
export function refOfRoot(rootId: string): Ref {
  return refFromKey(rootId.startsWith(CYCLE) ? rootId.slice(CYCLE.length) : rootId);
}

/** The ref a key stands for: the node's own (shared, not copied into every entry naming it), else read from the key. */
function refOf(source: ReportSource, key: string): Ref {
  return source.nodes.get(key)?.ref ?? refFromKey(key);
}

function sortedRefs(source: ReportSource, keys: Iterable<string>): Ref[] {
  const refs: Ref[] = [];
  for (const key of keys) refs.push(refOf(source, key));
  return refs.sort(compareRefs);
}

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

/** A root cause from an earlier report while nothing it was built from changed: a blast radius of thousands is not rebuilt on every report. */
function cachedRootCause(rootId: string, source: ReportSource, evidence: EvidenceByNode): ReportRootCause {
  const rootStamp = source.roots.stampOf(rootId);
  const nodeStamp = source.stampOf(rootId);
  const nodeEvidence = evidence.get(rootId);
  const cached = source.rootCauseCache.get(rootId);
  if (
    cached !== undefined &&
    cached.rootStamp === rootStamp &&
    cached.nodeStamp === nodeStamp &&
    cached.evidence === nodeEvidence
  ) {
    return cached.entry;
  }
  const entry = rootCause(rootId, source, evidence);
  source.rootCauseCache.set(rootId, { rootStamp, nodeStamp, evidence: nodeEvidence, entry });
  return entry;
}

function rootCause(rootId: string, source: ReportSource, evidence: EvidenceByNode): ReportRootCause {
  const impacted = sortedRefs(source, source.roots.impacted(rootId));
  if (rootId.startsWith(CYCLE)) {
    const members = sortedRefs(source, source.roots.members(rootId));
    return {
      ref: members[0] ?? refOfRoot(rootId),
      state: 'cycle',
      reason: 'DependencyCycle',
      message: `${members.map(formatRef).join(' → ')} wait on each other`,
      members,
      impacted,
      evidence: [],
    };
  }
  const node = source.nodes.get(rootId);
  if (node === undefined) {
    const ref = refFromKey(rootId);
    return {
      ref,
      state: 'missing',
      reason: 'NotFound',
      message: `${formatRef(ref)} is referenced but does not exist`,
      members: [],
      impacted,
      evidence: [],
    };
  }
  return {
    ref: node.ref,
    state: node.state,
    ...optional('reason', node.status.reason),
    ...optional('message', node.status.message),
    ...optional('since', node.status.since),
    members: [],
    impacted,
    evidence: evidence.get(node.key) ?? [],
  };
}

function reportObject(node: GraphNode, source: ReportSource, evidence: EvidenceByNode): ReportObject {
  const stamp = source.stampOf(node.key);
  const blocksStamp = source.roots.blocksStampOf(node.key);
  const rootIds = source.roots.roots(node.key);
  const nodeEvidence = evidence.get(node.key);
  const cached = source.objectCache.get(node.key);
  if (
    cached !== undefined &&
    cached.stamp === stamp &&
    cached.blocksStamp === blocksStamp &&
    cached.roots === rootIds &&
    cached.evidence === nodeEvidence
  ) {
    return cached.object;
  }
  const object = buildReportObject(source, node, rootIds, source.roots.blockedBy(node.key), nodeEvidence);
  source.objectCache.set(node.key, { stamp, blocksStamp, roots: rootIds, evidence: nodeEvidence, object });
  return object;
}

function buildReportObject(
  source: ReportSource,
  node: GraphNode,
  rootIds: readonly string[],
  blockedBy: readonly string[],
  evidence: readonly ReportEvidence[] | undefined,
): ReportObject {
  const roots = rootIds
    .map((id) => refOf(source, id.startsWith(CYCLE) ? id.slice(CYCLE.length) : id))
    .sort(compareRefs);
  const ready = node.status.readiness === 'ready';
  return {
    ref: node.ref,
    layer: layerOf(node.managers),
    state: node.state,
    ready,
    ...optional('reason', node.status.reason),
    ...optional('message', node.status.message),
    ...optional('since', ready ? undefined : node.status.since),
    rootCauses: ready ? [] : roots,
    blocks: blockedBy.length === 0 ? NO_REFS : sortedRefs(source, blockedBy),
    evidence: evidence ?? [],
  };
}

function summarise(nodes: Iterable<GraphNode>): Report['summary'] {
  const empty = (): { total: number; ready: number; notReady: number; suspended: number } => ({
    total: 0,
    ready: 0,
    notReady: 0,
    suspended: 0,
  });
  const flux = empty();
  const argo = empty();
  for (const node of nodes) {
    const counts = node.tool === 'flux' ? flux : argo;
    counts.total++;
    if (node.status.readiness === 'ready') counts.ready++;
    else counts.notReady++;
    if (node.state === 'suspended') counts.suspended++;
  }
  return { flux: flux as LayerSummary, argo: argo as LayerSummary };
}

/** §6: the report of a settled model. */
export function buildReport(source: ReportSource): Report {
  const nodes = source.sortedNodes();
  const evidence = gatherEvidence(source);
  for (const rootId of source.rootCauseCache.keys()) {
    if (source.roots.stampOf(rootId) === 0) source.rootCauseCache.delete(rootId);
  }
  const rootCauses = [...source.roots.rootIds()]
    .map((id) => cachedRootCause(id, source, evidence))
    .sort((a, b) => b.impacted.length - a.impacted.length || compareRefs(a.ref, b.ref));
  return {
    apiVersion: 'strata/v1',
    kind: 'Report',
    at: source.at,
    summary: summarise(nodes),
    rootCauses,
    objects: source.reportObjects((n) => reportObject(n, source, evidence)),
    conflicts: [...source.conflicts()],
    warnings: findWarnings(source.lagging(), source.atMs, source.graphWarnings()),
  };
}
