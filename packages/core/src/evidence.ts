import type { EvidenceIndex } from './evidence-index.ts';
import { gitOpsKindOf } from './gitops-kinds.ts';
import type { GraphNode } from './graph-types.ts';
import type { KubeObject } from './kube-object.ts';
import { compareRefs, makeRef, refKey } from './ref.ts';
import type { ReportEvidence } from './report-types.ts';
import { workloadHealth } from './workload-health.ts';

/** Bounds that keep evidence small on huge releases. */
const MAX_VISITED = 500;
const MAX_LISTED = 25;
const MAX_EVENTS = 3;

/**
 * §7: the objects a not-ready node manages (and those its message names), followed through
 * controller ownerReferences down to Pods; the unhealthy ones, deepest first.
 */
export function evidenceOf(
  node: GraphNode,
  named: readonly ReportEvidence[],
  index: EvidenceIndex,
  /** Told what the result was read from, so a caller can keep it until one of those changes. */
  reads?: Set<string>,
): readonly ReportEvidence[] {
  const start: KubeObject[] = [...index.managedBy(node.key, reads)];
  const fromMessage = new Map<string, ReportEvidence>();
  for (const entry of named) {
    const ref = makeRef(entry.kind, entry.namespace, entry.name);
    const object = index.byRef(ref, reads);
    if (object === undefined) fromMessage.set(refKey(ref), entry);
    else start.push(object);
  }
  const found: { evidence: ReportEvidence; depth: number }[] = [];
  const seen = new Set<string>();
  let frontier = start.map((object) => ({ object, depth: 0 }));
  while (frontier.length > 0 && seen.size < MAX_VISITED) {
    const next: { object: KubeObject; depth: number }[] = [];
    for (const { object, depth } of frontier) {
      if (seen.has(object.key) || seen.size >= MAX_VISITED) continue;
      seen.add(object.key);
      reads?.add(`object:${object.key}`);
      if (gitOpsKindOf(object.group, object.kind) !== undefined) continue;
      const health = workloadHealth(object);
      if (health !== undefined && health.state !== 'ready') {
        const key = refKey(makeRef(object.kind, object.namespace, object.name));
        const events = index.warningsOn(key, reads).slice(0, MAX_EVENTS);
        found.push({
          depth,
          evidence: {
            kind: object.kind,
            ...(object.namespace === undefined ? {} : { namespace: object.namespace }),
            name: object.name,
            state: health.state,
            ...(health.reason === undefined ? {} : { reason: health.reason }),
            ...(health.message === undefined ? {} : { message: health.message }),
            ...(events.length === 0 ? {} : { events }),
            ...(health.terminated === undefined ? {} : { terminated: health.terminated }),
          },
        });
      }
      for (const child of index.childrenOf(object, reads)) next.push({ object: child, depth: depth + 1 });
    }
    frontier = next;
  }
  found.sort((a, b) => b.depth - a.depth || compareRefs(a.evidence, b.evidence));
  const listed = found.map((f) => f.evidence);
  const absent = [...fromMessage.values()].sort(compareRefs);
  return [...listed, ...absent].slice(0, MAX_LISTED);
}
