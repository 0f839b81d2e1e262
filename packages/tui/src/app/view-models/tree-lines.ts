/**
 * The line-based views (chain, dependency tree, owner, describe, YAML, events, help) all render
 * as lists of these lines: a tree prefix, an optional object (selectable), a label coloured by
 * state, and dim detail. `flattenTree` draws the prefixes iteratively, so deep trees cannot
 * overflow the stack.
 */
import type { Ref, State, StringEntries } from '@strata/core';

export type Tone = 'heading' | 'text' | 'dim' | 'warning' | 'error' | 'key';

export interface TreeLine {
  /** Unique within the view: the cursor follows it across updates. */
  readonly key: string;
  /** Tree glyphs drawn before the line. */
  readonly prefix: string;
  /** On a path to something not ready: the glyphs are drawn in the failing colour. */
  readonly hot?: boolean;
  /** The object this line stands for: actions and detail keys apply to it. */
  readonly ref?: Ref;
  /** Dim words before the label (an edge type, `managed by`). */
  readonly lead?: string;
  readonly label: string;
  /** Colours the label and the badge. */
  readonly state?: State;
  /** State and reason, after the label. */
  readonly badge?: string;
  /** Dim words after the badge. */
  readonly note?: string;
  /** A message, dim, after everything else. */
  readonly detail?: string;
  readonly tone?: Tone;
  readonly labels?: StringEntries;
}

export type LineContent = Omit<TreeLine, 'prefix' | 'key'>;

export interface TreeNode {
  readonly key: string;
  line: LineContent;
  readonly children: TreeNode[];
  hot?: boolean;
}

/**
 * Lines of a forest, each child drawn under its parent with `├─` / `└─` glyphs. With
 * `underParent`, the top-level nodes get glyphs too (they hang under a line drawn before them).
 */
export function flattenTree(
  roots: readonly TreeNode[],
  keyPrefix: string,
  indent = '',
  underParent = false,
): TreeLine[] {
  const lines: TreeLine[] = [];
  const stack: { node: TreeNode; prefix: string; continuation: string }[] = [];
  for (let i = roots.length - 1; i >= 0; i--) {
    const last = i === roots.length - 1;
    stack.push(
      underParent
        ? {
            node: roots[i]!,
            prefix: `${indent}${last ? '└─ ' : '├─ '}`,
            continuation: `${indent}${last ? '   ' : '│  '}`,
          }
        : { node: roots[i]!, prefix: indent, continuation: indent },
    );
  }
  while (stack.length > 0) {
    const { node, prefix, continuation } = stack.pop()!;
    lines.push({
      ...node.line,
      key: `${keyPrefix}:${lines.length}:${node.key}`,
      prefix,
      ...(node.hot === true ? { hot: true } : {}),
    });
    const count = node.children.length;
    for (let i = count - 1; i >= 0; i--) {
      const last = i === count - 1;
      stack.push({
        node: node.children[i]!,
        prefix: `${continuation}${last ? '└─ ' : '├─ '}`,
        continuation: `${continuation}${last ? '   ' : '│  '}`,
      });
    }
  }
  return lines;
}

/** Marks every node that is not ready, or has such a node below it, as hot. Iterative, post-order. */
export function markHot(roots: readonly TreeNode[], isHot: (node: TreeNode) => boolean): void {
  const order: TreeNode[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    order.push(node);
    stack.push(...node.children);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i]!;
    node.hot = isHot(node) || node.children.some((c) => c.hot === true);
  }
}

export function heading(key: string, label: string, note?: string): TreeLine {
  return { key, prefix: '', label, tone: 'heading', ...(note === undefined ? {} : { note }) };
}

export function textLine(key: string, label: string, tone: Tone = 'text', prefix = ''): TreeLine {
  return { key, prefix, label, tone };
}

export function blank(key: string): TreeLine {
  return { key, prefix: '', label: '' };
}

/** The texts a `/` filter searches in a line. */
export function lineCells(line: TreeLine): readonly string[] {
  return [line.lead ?? '', line.label, line.badge ?? '', line.note ?? '', line.detail ?? ''];
}
