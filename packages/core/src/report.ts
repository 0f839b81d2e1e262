import { buildEvidenceIndex, evidenceOf } from './evidence.ts';
import type { GraphNode } from './graph-types.ts';
import type { KubeObject } from './kube-object.ts';
import { conflictsOf, isFluxManager, layerOf } from './ownership.ts';
import type { Manager } from './ownership-types.ts';
import { compareRefs, formatRef, type Ref, refFromKey } from './ref.ts';
import type {
  LayerSummary,
  Report,
  ReportConflict,
  ReportEvidence,
  ReportObject,
  ReportRootCause,
} from './report-types.ts';
import type { RootIndex } from './root-index.ts';
import { findWarnings } from './warnings.ts';

/** What the report is built from: the settled model, read-only. */
export interface ReportSource {
  readonly at: string;
  readonly atMs: number;
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly roots: RootIndex;
  readonly objects: readonly KubeObject[];
  managersOf(object: KubeObject): readonly Manager[];
  /** Managers found on the object itself and in inventories, not through its owners. */
  directManagersOf(object: KubeObject): readonly Manager[];
  /**
   * Computes a value that depends only on the objects (not on time or on readiness), once per
   * change of the object set: a clock tick or a status-only recomputation reuses it.
   */
  memo<T>(name: string, compute: () => T): T;
}

type EvidenceByNode = ReadonlyMap<string, readonly ReportEvidence[]>;

/** §7 evidence of every node that is not ready (the rules already kept what messages name). */
function gatherEvidence(source: ReportSource): EvidenceByNode {
  const notReady = [...source.nodes.values()].filter((n) => n.status.readiness !== 'ready');
  const out = new Map<string, readonly ReportEvidence[]>();
  if (notReady.length === 0) return out;
  const index = source.memo('evidence-index', () =>
    buildEvidenceIndex(source.objects, (o) => source.directManagersOf(o)),
  );
  for (const node of notReady) out.set(node.key, evidenceOf(node, node.evidence, index));
  return out;
}

const CYCLE = 'cycle:';

/** The ref a root id stands for: the node, the missing object, or a cycle's smallest member. */
export function refOfRoot(rootId: string): Ref {
  return refFromKey(rootId.startsWith(CYCLE) ? rootId.slice(CYCLE.length) : rootId);
}

function sortedRefs(keys: Iterable<string>): Ref[] {
  return [...keys].map(refFromKey).sort(compareRefs);
}

function optional<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

function rootCause(rootId: string, source: ReportSource, evidence: EvidenceByNode): ReportRootCause {
  const impacted = sortedRefs(source.roots.impacted(rootId));
  if (rootId.startsWith(CYCLE)) {
    const members = sortedRefs(source.roots.members(rootId));
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
  const roots = source.roots.roots(node.key).map(refOfRoot).sort(compareRefs);
  return {
    ref: node.ref,
    layer: layerOf(node.managers),
    state: node.state,
    ...optional('reason', node.status.reason),
    ...optional('message', node.status.message),
    rootCauses: node.status.readiness === 'ready' ? [] : roots,
    evidence: evidence.get(node.key) ?? [],
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

function conflicts(source: ReportSource): ReportConflict[] {
  const out: ReportConflict[] = [];
  // Nodes already hold their managers; only other objects are resolved here.
  const nodeManagers = new Map<string, readonly Manager[]>();
  for (const node of source.nodes.values()) nodeManagers.set(node.object.key, node.managers);
  for (const object of source.objects) {
    const managers = nodeManagers.get(object.key) ?? source.managersOf(object);
    if (managers.length < 2) continue;
    for (const type of conflictsOf(managers)) {
      const involved = managers.filter((m) =>
        type === 'flux-and-argo'
          ? m.type !== 'helm'
          : type === 'multiple-argo'
            ? m.type === 'Application'
            : isFluxManager(m),
      );
      out.push({
        resource: {
          group: object.group,
          kind: object.kind,
          ...optional('namespace', object.namespace),
          name: object.name,
        },
        type,
        managers: involved.map((m) => m.ref).sort(compareRefs),
      });
    }
  }
  return out.sort(
    (a, b) =>
      compareRefs(a.resource, b.resource) ||
      (a.resource.group < b.resource.group ? -1 : a.resource.group > b.resource.group ? 1 : 0) ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
}

/** §6: the report of a settled model. */
export function buildReport(source: ReportSource): Report {
  const nodes = [...source.nodes.values()].sort((a, b) => compareRefs(a.ref, b.ref));
  const evidence = gatherEvidence(source);
  const rootCauses = [...source.roots.rootIds()]
    .map((id) => rootCause(id, source, evidence))
    .sort((a, b) => b.impacted.length - a.impacted.length || compareRefs(a.ref, b.ref));
  return {
    apiVersion: 'strata/v1',
    kind: 'Report',
    at: source.at,
    summary: summarise(nodes),
    rootCauses,
    objects: nodes.map((n) => reportObject(n, source, evidence)),
    conflicts: source.memo('conflicts', () => conflicts(source)),
    warnings: findWarnings(source.nodes, source.atMs),
  };
}
