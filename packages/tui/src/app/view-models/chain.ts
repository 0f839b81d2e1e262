/**
 * The chain of one root cause: the root, everything it blocks arranged as a tree toward it (each
 * blocked object under the object that explains it, following the model's explanations), and the
 * root's evidence (§7): the Kubernetes objects inside it that are not healthy, Deployment → …
 * → Pod, with their reasons and newest Warning events. Pure.
 */
import {
  type ClusterModel,
  compareRefs,
  makeRef,
  type Ref,
  type Report,
  type ReportEvidence,
  type ReportRootCause,
  readKubeObject,
  refKey,
  type State,
} from '@strata/core';
import { podRestarts } from '@strata/kube';
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
  applies: 'applies',
  refers: 'refers to',
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

/** What the model says about the evidence objects: Pods' restarts, and each one's controller among them. */
function evidenceFacts(
  root: ReportRootCause,
  model: ClusterModel,
): { restarts: Map<string, number>; owner: Map<string, string> } {
  const wanted = new Set(root.evidence.map((e) => refKey(evidenceRef(e))));
  const restarts = new Map<string, number>();
  const owner = new Map<string, string>();
  if (wanted.size === 0) return { restarts, owner };
  for (const raw of model.allObjects()) {
    const object = readKubeObject(raw);
    if (object === undefined || object.kind === 'Event') continue;
    const key = refKey(makeRef(object.kind, object.namespace, object.name));
    if (!wanted.has(key)) continue;
    if (object.kind === 'Pod' && object.group === '') restarts.set(key, podRestarts(raw));
    const controller = object.ownerReferences.find((o) => o.controller);
    if (controller !== undefined)
      owner.set(key, refKey(makeRef(controller.kind, object.namespace, controller.name)));
  }
  return { restarts, owner };
}

/**
 * Evidence, shallowest first (Deployment → ReplicaSet → Pods), each object under its controller
 * when that is evidence too (two failing Pods of one ReplicaSet are siblings), with its events.
 */
function evidenceLines(root: ReportRootCause, at: string, model: ClusterModel): TreeLine[] {
  const { restarts, owner } = evidenceFacts(root, model);
  const items = [...root.evidence].reverse();
  const keys = items.map((item) => refKey(evidenceRef(item)));
  const children = new Map<number, number[]>();
  const tops: number[] = [];
  items.forEach((_, index) => {
    const ownerKey = owner.get(keys[index]!);
    // The report lists deeper objects first: a controller comes before what it controls here.
    const parent = ownerKey === undefined ? -1 : keys.indexOf(ownerKey);
    if (parent < 0 || parent >= index) tops.push(index);
    else listAt(children, parent).push(index);
  });
  for (const list of children.values()) list.sort((a, b) => compareRefs(items[a]!, items[b]!));

  const lines: TreeLine[] = [];
  const stack: { index: number; prefix: string; continuation: string }[] = [];
  for (let i = tops.length - 1; i >= 0; i--)
    stack.push({ index: tops[i]!, prefix: '  ', continuation: '  ' });
  while (stack.length > 0) {
    const { index, prefix, continuation } = stack.pop()!;
    const item = items[index]!;
    const ref = evidenceRef(item);
    const restartCount = restarts.get(keys[index]!);
    lines.push({
      key: `evidence:${index}:${keys[index]}`,
      prefix,
      hot: item.state !== 'ready',
      ref,
      label: refLabel(ref),
      state: item.state,
      badge: badgeOf(item.state, item.reason),
      ...(restartCount === undefined || restartCount === 0
        ? {}
        : { note: `${restartCount} ${restartCount === 1 ? 'restart' : 'restarts'}` }),
      detail: oneLine(item.message),
    });
    const below = children.get(index) ?? [];
    const eventIndent = `${continuation}${below.length > 0 ? '│  ' : '   '}`;
    for (const [n, event] of (item.events ?? []).slice(0, 3).entries()) {
      const age = compactAge(elapsed(event.lastSeen, at));
      const count = event.count === undefined || event.count <= 1 ? '' : ` ×${event.count}`;
      // The event stands for its object: keys (l, d, e…) on it act on that object.
      lines.push({
        ...textLine(
          `evidence:${index}:event:${n}`,
          `⚠ ${oneLine(event.reason)}${count} (${age} ago): ${oneLine(event.message)}`,
          'warning',
          eventIndent,
        ),
        ref,
      });
    }
    for (let i = below.length - 1; i >= 0; i--) {
      const last = i === below.length - 1;
      stack.push({
        index: below[i]!,
        prefix: `${continuation}${last ? '└─ ' : '├─ '}`,
        continuation: `${continuation}${last ? '   ' : '│  '}`,
      });
    }
  }
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
    lines.push(...evidenceLines(root, report.at, model));
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
