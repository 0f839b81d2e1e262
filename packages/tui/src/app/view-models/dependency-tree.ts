/**
 * The dependency tree of one object: upstream, what it needs (following the model's edges E1–E7),
 * and downstream, what needs it (the same edges reversed). Paths that lead to something not
 * ready are hot; cycles and missing objects are marked; an object already drawn is not expanded
 * again. Pure, iterative, linear in the edges it walks.
 */
import { type ClusterView, compareRefs, type Ref, type Report, refKey, type State } from '@strata/core';
import { badgeOf } from './chain.ts';
import type { EdgeType } from './core-types.ts';
import { isNotReadyState, oneLine, refFromKey, refLabel } from './format.ts';
import { graphIndex, reportObjects } from './graph-index.ts';
import {
  blank,
  flattenTree,
  heading,
  markHot,
  type TreeLine,
  type TreeNode,
  textLine,
} from './tree-lines.ts';

interface Step {
  readonly ref: Ref;
  readonly type: EdgeType;
}

type Neighbours = (key: string) => readonly Step[];

interface Walk {
  readonly report: Report;
  readonly model: ClusterView;
  readonly neighbours: Neighbours;
}

function stateOf(walk: Walk, key: string): { state: State; reason?: string; message?: string } | undefined {
  const object = reportObjects(walk.report).get(key);
  if (object === undefined) return undefined;
  return {
    state: object.state,
    ...(object.reason === undefined ? {} : { reason: object.reason }),
    ...(object.message === undefined ? {} : { message: object.message }),
  };
}

/** Members of the report's `cycle` roots: the loops that are deadlocks. */
function cycleMembers(report: Report): ReadonlySet<string> {
  const out = new Set<string>();
  for (const root of report.rootCauses) {
    if (root.state === 'cycle') for (const member of root.members) out.add(refKey(member));
  }
  return out;
}

/** The tree below `start`, depth-first, each node expanded once; cycles cut where they close. */
function walkFrom(walk: Walk, start: string): TreeNode[] {
  const deadlocked = cycleMembers(walk.report);
  const expanded = new Set<string>([start]);
  const roots: TreeNode[] = [];
  interface Frame {
    readonly key: string;
    readonly path: ReadonlySet<string>;
    readonly into: TreeNode[];
  }
  const stack: Frame[] = [{ key: start, path: new Set([start]), into: roots }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const steps = [...walk.neighbours(frame.key)].sort(
      (a, b) => a.type.localeCompare(b.type) || compareRefs(a.ref, b.ref),
    );
    const pending: Frame[] = [];
    for (const step of steps) {
      const key = refKey(step.ref);
      const known = stateOf(walk, key);
      const cycle = frame.path.has(key);
      const missing = known === undefined && walk.model.node(step.ref) === undefined;
      const knownState = known?.state ?? 'unknown';
      // A loop is a deadlock only where the diagnosis found one (a `cycle` root); others are how
      // Flux manages itself, or an Application and the Flux object it applies (parent, applies).
      const deadlock = cycle && isNotReadyState(knownState) && deadlocked.has(key);
      const state: State = missing ? 'missing' : deadlock ? 'cycle' : knownState;
      const seen = !cycle && expanded.has(key);
      const node: TreeNode = {
        key,
        line: {
          ref: step.ref,
          lead: step.type,
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
      pending.push({ key, path: new Set([...frame.path, key]), into: node.children });
    }
    for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]!);
  }
  return roots;
}

function hotTest(node: TreeNode): boolean {
  return node.line.state !== undefined && isNotReadyState(node.line.state);
}

export function dependencyLines(report: Report, model: ClusterView, ref: Ref): readonly TreeLine[] {
  const key = refKey(ref);
  const self = reportObjects(report).get(key);
  const node = model.node(ref);
  const lines: TreeLine[] = [
    {
      key: 'self',
      prefix: '',
      ref,
      label: refLabel(ref),
      ...(self === undefined ? {} : { state: self.state, badge: badgeOf(self.state, self.reason) }),
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
  const { neededBy } = graphIndex(report, model);
  const upstream = walkFrom(
    {
      report,
      model,
      neighbours: (k) => (model.node(refFromKey(k))?.edges ?? []).map((e) => ({ ref: e.ref, type: e.type })),
    },
    key,
  );
  const downstream = walkFrom(
    { report, model, neighbours: (k) => (neededBy.get(k) ?? []).map((e) => ({ ref: e.from, type: e.type })) },
    key,
  );
  markHot(upstream, hotTest);
  markHot(downstream, hotTest);
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
