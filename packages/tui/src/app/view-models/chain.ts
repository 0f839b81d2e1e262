/**
 * The chain of one root cause: the root, everything it blocks arranged as a tree toward it (each
 * blocked object under the object that explains it, following the model's explanations), and the
 * root's evidence (§7): the Kubernetes objects inside it that are not healthy, Deployment → …
 * → Pod, with their reasons and newest Warning events. Pure.
 */
import {
  type ClusterModel,
  compareRefs,
  type Ref,
  type Report,
  type ReportEvidence,
  type ReportRootCause,
  refKey,
  type State,
} from '@strata/core';
import type { EdgeType } from './core-types.ts';
import { compactAge, elapsed, oneLine, refFromKey, refLabel } from './format.ts';
import { graphIndex, reportObjects } from './graph-index.ts';
import { listAt } from './maps.ts';
import { blank, flattenTree, heading, type TreeLine, type TreeNode, textLine } from './tree-lines.ts';

/** How a blocked object waits on the one above it, in words. */
const EDGE_WORDS: Readonly<Record<EdgeType, string>> = {
  dependsOn: 'dependsOn',
  source: 'source',
  parent: 'parent',
  generator: 'generated app',
  controller: 'controller',
  installation: 'installed by',
  project: 'project',
};

export function badgeOf(state: State, reason: string | undefined): string {
  const why = oneLine(reason);
  return why === '' ? state : `${state}  ${why}`;
}

function via(model: ClusterModel, from: Ref, toKey: string): string {
  const node = model.node(from);
  const edge = node?.edges.find((e) => e.to === toKey);
  if (edge !== undefined) return EDGE_WORDS[edge.type];
  if (node?.status.reason?.startsWith('HealthCheck') === true) return 'health check';
  const target = model.node(refFromKey(toKey));
  const parentOfTarget = target?.edges.some((e) => e.type === 'parent' && e.to === refKey(from));
  if (parentOfTarget === true) return 'child app';
  return 'explained by';
}

/** The blocked objects as a forest under the root (BFS: each object under its nearest explainer). */
function blockedTree(report: Report, model: ClusterModel, root: ReportRootCause): TreeNode[] {
  const { explainedBy } = graphIndex(report, model);
  const objects = reportObjects(report);
  const impacted = new Set(root.impacted.map(refKey));
  const rootKeys = [refKey(root.ref), ...root.members.map(refKey)];
  const placed = new Set(rootKeys);
  const extraParents = new Map<string, number>();
  const children = new Map<string, TreeNode[]>();
  const nodes = new Map<string, TreeNode>();
  const queue = [...new Set(rootKeys)];
  for (let head = 0; head < queue.length; head++) {
    const parentKey = queue[head]!;
    const explained = [...(explainedBy.get(parentKey) ?? [])].sort(compareRefs);
    for (const ref of explained) {
      const key = refKey(ref);
      if (!impacted.has(key)) continue;
      if (placed.has(key)) {
        extraParents.set(key, (extraParents.get(key) ?? 0) + 1);
        continue;
      }
      placed.add(key);
      const object = objects.get(key);
      const state = object?.state ?? 'unknown';
      const node: TreeNode = {
        key,
        line: {
          ref,
          lead: via(model, ref, parentKey),
          label: refLabel(ref),
          state,
          badge: badgeOf(state, object?.reason),
          detail: oneLine(object?.message),
          ...(model.node(ref) === undefined ? {} : { labels: model.node(ref)!.object.labels }),
        },
        children: [],
      };
      nodes.set(key, node);
      const list = listAt(children, parentKey);
      list.push(node);
      queue.push(key);
    }
  }
  for (const [parentKey, list] of children) {
    const parent = nodes.get(parentKey);
    if (parent !== undefined) parent.children.push(...list);
  }
  for (const [key, count] of extraParents) {
    const node = nodes.get(key);
    if (node === undefined) continue;
    node.line = { ...node.line, note: `also blocked through ${count} more` };
  }
  const forest = rootKeys.flatMap((k) => children.get(k) ?? []);
  // Impacted objects the walk did not reach (not expected): listed flat, so none is hidden.
  for (const ref of root.impacted) {
    const key = refKey(ref);
    if (placed.has(key)) continue;
    const object = objects.get(key);
    const state = object?.state ?? 'unknown';
    forest.push({
      key,
      line: {
        ref,
        label: refLabel(ref),
        state,
        badge: badgeOf(state, object?.reason),
        detail: oneLine(object?.message),
      },
      children: [],
    });
  }
  return forest;
}

function evidenceRef(item: ReportEvidence): Ref {
  return item.namespace === undefined
    ? { kind: item.kind, name: item.name }
    : { kind: item.kind, namespace: item.namespace, name: item.name };
}

/** Evidence, shallowest first (Deployment → ReplicaSet → Pod), each a step deeper, with its events. */
function evidenceLines(root: ReportRootCause, at: string): TreeLine[] {
  const lines: TreeLine[] = [];
  const items = [...root.evidence].reverse();
  items.forEach((item, index) => {
    const indent = index === 0 ? '' : `${'   '.repeat(index - 1)}└─ `;
    const ref = evidenceRef(item);
    lines.push({
      key: `evidence:${index}:${refKey(ref)}`,
      prefix: `  ${indent}`,
      hot: item.state !== 'ready',
      ref,
      label: refLabel(ref),
      state: item.state,
      badge: badgeOf(item.state, item.reason),
      detail: oneLine(item.message),
    });
    const continuation = `  ${'   '.repeat(index)}   `;
    for (const [n, event] of (item.events ?? []).slice(0, 3).entries()) {
      const age = compactAge(elapsed(event.lastSeen, at));
      const count = event.count === undefined || event.count <= 1 ? '' : ` ×${event.count}`;
      lines.push(
        textLine(
          `evidence:${index}:event:${n}`,
          `⚠ ${oneLine(event.reason)}${count} (${age} ago): ${oneLine(event.message)}`,
          'warning',
          continuation,
        ),
      );
    }
  });
  return lines;
}

export function findRoot(report: Report, ref: Ref): ReportRootCause | undefined {
  const key = refKey(ref);
  return report.rootCauses.find((r) => refKey(r.ref) === key);
}

/** Every line of the chain view of `rootRef`; a note when it is no longer a root. */
export function chainLines(report: Report, model: ClusterModel, rootRef: Ref): readonly TreeLine[] {
  const root = findRoot(report, rootRef);
  if (root === undefined) {
    const object = reportObjects(report).get(refKey(rootRef));
    const now =
      object === undefined
        ? 'it is gone from the cluster'
        : object.state === 'ready'
          ? 'it is ready now'
          : object.rootCauses.length > 0
            ? `it is blocked by ${object.rootCauses.map(refLabel).join(', ')}`
            : `it is ${object.state}`;
    return [
      {
        key: 'root',
        prefix: '',
        ref: rootRef,
        label: refLabel(rootRef),
        ...(object === undefined ? {} : { state: object.state, badge: badgeOf(object.state, object.reason) }),
      },
      textLine('gone', `No longer a root cause: ${now}.`, 'dim'),
    ];
  }
  const lines: TreeLine[] = [];
  const node = model.node(root.ref);
  lines.push({
    key: 'root',
    prefix: '',
    hot: root.state !== 'ready',
    ref: root.ref,
    label: refLabel(root.ref),
    state: root.state,
    badge: badgeOf(root.state, root.reason),
    note: `root cause, blocks ${root.impacted.length}`,
    ...(node === undefined ? {} : { labels: node.object.labels }),
  });
  if (root.message !== undefined) lines.push(textLine('message', `  ${oneLine(root.message)}`, 'text'));
  if (root.since !== undefined) {
    lines.push(
      textLine(
        'since',
        `  since ${oneLine(root.since)} (${compactAge(elapsed(root.since, report.at))})`,
        'dim',
      ),
    );
  }
  if (root.members.length > 0) {
    lines.push(heading('members', `cycle of ${root.members.length}: they explain each other`));
    for (const member of root.members) {
      const object = reportObjects(report).get(refKey(member));
      lines.push({
        key: `member:${refKey(member)}`,
        prefix: '  ',
        ref: member,
        label: refLabel(member),
        state: object?.state ?? 'cycle',
        badge: badgeOf(object?.state ?? 'cycle', object?.reason),
        detail: oneLine(object?.message),
      });
    }
  }
  lines.push(blank('gap-blocks'));
  const forest = blockedTree(report, model, root);
  for (const tree of forest) markAll(tree);
  lines.push(
    heading(
      'blocks',
      root.impacted.length === 0 ? 'blocks nothing else' : `blocks ${root.impacted.length}`,
      root.impacted.length === 0 ? undefined : 'each under what holds it back',
    ),
  );
  lines.push(...flattenTree(forest, 'blocked', '  ', true));
  lines.push(blank('gap-evidence'));
  if (root.evidence.length === 0) {
    lines.push(heading('evidence', 'evidence', 'none: no unhealthy Kubernetes object found inside it'));
  } else {
    lines.push(
      heading('evidence', 'evidence', 'the Kubernetes objects inside the root that are not healthy'),
    );
    lines.push(...evidenceLines(root, report.at));
  }
  return lines;
}

function markAll(node: TreeNode): void {
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    next.hot = true;
    stack.push(...next.children);
  }
}
