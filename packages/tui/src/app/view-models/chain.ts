/**
 * The chain of one root cause: the root, what it blocks as core's blocked tree (each blocked
 * object under the object that explains it), and the root's evidence (§7): the Kubernetes
 * objects inside it that are not healthy, Deployment → … → Pod, with their reasons and newest
 * Warning events. Presents core's data only.
 */
import {
  type BlockedNode,
  blockedTree,
  type ClusterView,
  compareRefs,
  makeRef,
  objectIndex,
  podRestarts,
  type Ref,
  type ReportEvidence,
  type ReportRootCause,
  readKubeObject,
  refKey,
  reportObjectOf,
  rootCauseOf,
  type State,
} from '@strata/core';
import { compactAge, elapsed, oneLine, refLabel } from './format.ts';
import { listAt } from './maps.ts';
import {
  blank,
  flattenTree,
  heading,
  type LineContent,
  type TreeLine,
  type TreeNode,
  textLine,
} from './tree-lines.ts';

export function badgeOf(state: State, reason: string | undefined): string {
  const why = oneLine(reason);
  return why === '' ? state : `${state}  ${why}`;
}

/** An object as a line: its ref, and its state and reason when the report holds it. */
export function objectContent(report: ClusterView['report'], ref: Ref): LineContent {
  const object = reportObjectOf(report, ref);
  return {
    ref,
    label: refLabel(ref),
    ...(object === undefined ? {} : { state: object.state, badge: badgeOf(object.state, object.reason) }),
  };
}

/** Core's blocked tree of the root as tree lines: each object under what holds it back. */
function blockedLines(view: ClusterView, nodes: readonly BlockedNode[]): TreeNode[] {
  return nodes.map((blocked) => {
    const state = blocked.object?.state ?? 'unknown';
    const labels = view.node(blocked.ref)?.object.labels;
    return {
      key: blocked.key,
      line: {
        ref: blocked.ref,
        ...(blocked.link === undefined ? {} : { lead: blocked.words }),
        label: refLabel(blocked.ref),
        state,
        badge: badgeOf(state, blocked.object?.reason),
        detail: oneLine(blocked.object?.message),
        ...(blocked.alsoBlockedBy === 0
          ? {}
          : { note: `also blocked through ${blocked.alsoBlockedBy} more` }),
        ...(labels === undefined ? {} : { labels }),
      },
      children: blockedLines(view, blocked.children),
    };
  });
}

function evidenceRef(item: ReportEvidence): Ref {
  return makeRef(item.kind, item.namespace, item.name);
}

/** What the view holds about the evidence objects: Pods' restarts, and each one's controller among them. */
function evidenceFacts(
  root: ReportRootCause,
  view: ClusterView,
): { restarts: Map<string, number>; owner: Map<string, string> } {
  const restarts = new Map<string, number>();
  const owner = new Map<string, string>();
  if (root.evidence.length === 0) return { restarts, owner };
  const index = objectIndex(view);
  for (const item of root.evidence) {
    const raw = index.object(evidenceRef(item));
    const object = readKubeObject(raw);
    if (object === undefined) continue;
    const key = refKey(evidenceRef(item));
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
function evidenceLines(root: ReportRootCause, at: string, view: ClusterView): TreeLine[] {
  const { restarts, owner } = evidenceFacts(root, view);
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

/** The root cause `ref` is (not a cycle it is a member of). */
export function findRoot(view: ClusterView, ref: Ref): ReportRootCause | undefined {
  const root = rootCauseOf(view.report, ref);
  return root !== undefined && refKey(root.ref) === refKey(ref) ? root : undefined;
}

/** Every line of the chain view of `rootRef`; a note when it is no longer a root. */
export function chainLines(view: ClusterView, rootRef: Ref): readonly TreeLine[] {
  const report = view.report;
  const root = findRoot(view, rootRef);
  if (root === undefined) {
    const object = reportObjectOf(report, rootRef);
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
  const node = view.node(root.ref);
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
      const object = reportObjectOf(report, member);
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
  const forest = blockedLines(view, blockedTree(view, root));
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
    lines.push(...evidenceLines(root, report.at, view));
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
