/**
 * The dependency tree of one object: upstream, what it needs, and downstream, what needs it —
 * core's neighbours (its edges, and what an explanation names without one), walked. Paths that
 * lead to something not ready are hot; cycles and missing objects are marked; an object already
 * drawn is not expanded again. Pure, iterative, linear in the links it walks.
 */
import {
  type ClusterView,
  downstreamOf,
  type Neighbour,
  type Ref,
  refKey,
  refNotReady,
  reportObjectOf,
  type State,
  upstreamOf,
} from '@strata/core';
import { badgeOf, objectContent } from './chain.ts';
import { oneLine, refLabel } from './format.ts';
import {
  blank,
  flattenTree,
  heading,
  markHot,
  type TreeLine,
  type TreeNode,
  textLine,
} from './tree-lines.ts';

type Neighbours = (ref: Ref) => readonly Neighbour[];

interface Walk {
  readonly view: ClusterView;
  readonly neighbours: Neighbours;
}

function stateOf(walk: Walk, ref: Ref): { state: State; reason?: string; message?: string } | undefined {
  const object = reportObjectOf(walk.view.report, ref);
  if (object === undefined) return undefined;
  return {
    state: object.state,
    ...(object.reason === undefined ? {} : { reason: object.reason }),
    ...(object.message === undefined ? {} : { message: object.message }),
  };
}

/** Members of the report's `cycle` roots: the loops that are deadlocks. */
function cycleMembers(report: ClusterView['report']): ReadonlySet<string> {
  const out = new Set<string>();
  for (const root of report.rootCauses) {
    if (root.state === 'cycle') for (const member of root.members) out.add(refKey(member));
  }
  return out;
}

/** The tree below `start`, depth-first, each node expanded once; cycles cut where they close. */
function walkFrom(walk: Walk, from: Ref): TreeNode[] {
  const deadlocked = cycleMembers(walk.view.report);
  const start = refKey(from);
  const expanded = new Set<string>([start]);
  const roots: TreeNode[] = [];
  interface Frame {
    readonly ref: Ref;
    readonly path: ReadonlySet<string>;
    readonly into: TreeNode[];
  }
  const stack: Frame[] = [{ ref: from, path: new Set([start]), into: roots }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const pending: Frame[] = [];
    for (const step of walk.neighbours(frame.ref)) {
      const key = step.key;
      const known = stateOf(walk, step.ref);
      const cycle = frame.path.has(key);
      const missing = known === undefined && walk.view.node(step.ref) === undefined;
      const knownState = known?.state ?? 'unknown';
      // A loop is a deadlock only where the diagnosis found one (a `cycle` root); others are how
      // Flux manages itself, or an Application and the Flux object it applies (parent, applies).
      const deadlock = cycle && refNotReady(walk.view.report, step.ref) && deadlocked.has(key);
      const state: State = missing ? 'missing' : deadlock ? 'cycle' : knownState;
      const seen = !cycle && expanded.has(key);
      const node: TreeNode = {
        key,
        line: {
          ref: step.ref,
          lead: step.words,
          label: refLabel(step.ref),
          state,
          badge: missing
            ? 'missing: named but not found'
            : deadlock
              ? `↻ cycle: ${badgeOf(knownState, known?.reason)}`
              : cycle
                ? `${knownState}  ↻ loops back to an object above`
                : badgeOf(state, known?.reason),
          ...(seen ? { note: '(shown above)' } : {}),
          ...(missing || cycle || seen ? {} : { detail: oneLine(known?.message) }),
        },
        children: [],
      };
      frame.into.push(node);
      if (cycle || missing || seen) continue;
      expanded.add(key);
      pending.push({ ref: step.ref, path: new Set([...frame.path, key]), into: node.children });
    }
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
  }
  return roots;
}

export function dependencyLines(view: ClusterView, ref: Ref): readonly TreeLine[] {
  const self = reportObjectOf(view.report, ref);
  const node = view.node(ref);
  const lines: TreeLine[] = [
    {
      key: 'self',
      prefix: '',
      ...objectContent(view.report, ref),
      ...(self === undefined ? {} : { detail: oneLine(self.message) }),
      ...(node === undefined ? {} : { labels: node.object.labels }),
    },
  ];
  if (node === undefined && self === undefined) {
    lines.push(
      textLine(
        'none',
        'Not part of the GitOps graph (not a Flux or Argo CD object, nor a controller).',
        'dim',
      ),
      textLine('hint', 'o shows who manages it; d describes it.', 'dim'),
    );
    return lines;
  }
  const upstream = walkFrom({ view, neighbours: (r) => upstreamOf(view, r) }, ref);
  const downstream = walkFrom({ view, neighbours: (r) => downstreamOf(view, r) }, ref);
  // Hot: the path leads to something not ready (core's one rule).
  const hot = (n: TreeNode) => n.line.ref !== undefined && refNotReady(view.report, n.line.ref);
  markHot(upstream, hot);
  markHot(downstream, hot);
  lines.push(blank('gap-up'));
  lines.push(heading('up', 'needs', upstream.length === 0 ? 'nothing' : 'upstream: what it waits on'));
  lines.push(...flattenTree(upstream, 'up', '  ', true));
  lines.push(blank('gap-down'));
  lines.push(
    heading('down', 'needed by', downstream.length === 0 ? 'nothing' : 'downstream: what waits on it'),
  );
  lines.push(...flattenTree(downstream, 'down', '  ', true));
  return lines;
}
