/**
 * Who owns an object (§4): its managers, each manager's sources and its own managers, up to the
 * Git (or OCI, or Helm) source everything came from, and the conflicts when more than one tool
 * claims it. Read from core's ownership() and the model's nodes. Pure.
 */
import { type ClusterView, type Ref, type Report, readKubeObject, refKey } from '@strata/core';
import { badgeOf } from './chain.ts';
import type { Manager } from './core-types.ts';
import { oneLine, refLabel } from './format.ts';
import { reportObjects } from './graph-index.ts';
import {
  blank,
  flattenTree,
  heading,
  type LineContent,
  type TreeLine,
  type TreeNode,
  textLine,
} from './tree-lines.ts';

type Raw = Record<string, unknown>;

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Raw)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? oneLine(value) : undefined;
}

/** Where a source points, in one line: URL, ref and the revision it serves. */
export function sourceDetail(raw: Raw | undefined): string {
  if (raw === undefined) return '';
  const kind = raw.kind;
  const parts: string[] = [];
  if (kind === 'HelmChart') {
    const chart = text(field(raw, 'spec', 'chart'));
    const version = text(field(raw, 'spec', 'version'));
    if (chart !== undefined) parts.push(version === undefined ? chart : `${chart}@${version}`);
  } else if (kind === 'Bucket') {
    const bucket = text(field(raw, 'spec', 'bucketName'));
    const endpoint = text(field(raw, 'spec', 'endpoint'));
    if (bucket !== undefined) parts.push(endpoint === undefined ? bucket : `${endpoint}/${bucket}`);
  } else {
    const url = text(field(raw, 'spec', 'url'));
    if (url !== undefined) parts.push(url);
    const ref = field(raw, 'spec', 'ref');
    const wanted =
      text(field(ref, 'tag')) ??
      text(field(ref, 'semver')) ??
      text(field(ref, 'branch')) ??
      text(field(ref, 'commit'));
    if (wanted !== undefined) parts.push(`ref ${wanted}`);
  }
  const revision = text(field(raw, 'status', 'artifact', 'revision'));
  if (revision !== undefined) parts.push(`at ${revision}`);
  return parts.join('  ');
}

/** An Application's sources (`spec.source` or `spec.sources`), one line each. */
function applicationSources(raw: Raw): string[] {
  const single = field(raw, 'spec', 'source');
  const list = field(raw, 'spec', 'sources');
  const sources = Array.isArray(list) ? list : single === undefined ? [] : [single];
  return sources.map((source) => {
    const repo = text(field(source, 'repoURL')) ?? '?';
    const chart = text(field(source, 'chart'));
    const path = text(field(source, 'path'));
    const revision = text(field(source, 'targetRevision')) ?? 'HEAD';
    const where = chart !== undefined ? `chart ${chart}` : path !== undefined ? `path ${path}` : '';
    return [repo, where, `@ ${revision}`].filter((p) => p !== '').join('  ');
  });
}

const VIA_WORDS: Readonly<Record<string, string>> = {
  label: 'labels',
  inventory: 'inventory',
  'tracking-id': 'tracking-id annotation',
  'instance-label': 'instance label',
  'status-resources': 'status.resources',
  'helm-annotation': 'Helm annotations',
  owner: 'ownerReferences',
};

interface Context {
  readonly report: Report;
  readonly model: ClusterView;
  readonly expanded: Set<string>;
}

function objectLine(context: Context, ref: Ref, lead: string): LineContent {
  const object = reportObjects(context.report).get(refKey(ref));
  return {
    ref,
    lead,
    label: refLabel(ref),
    ...(object === undefined ? {} : { state: object.state, badge: badgeOf(object.state, object.reason) }),
  };
}

/** A manager and, below it, where its content comes from and who manages it in turn. */
function managerNode(context: Context, manager: Manager, subject: string): TreeNode {
  const via = VIA_WORDS[manager.via] ?? manager.via;
  if (manager.type === 'helm') {
    return {
      key: `helm:${refKey(manager.ref)}`,
      line: {
        lead: 'installed by',
        label: `Helm release ${oneLine(manager.ref.namespace ?? '')}/${oneLine(manager.ref.name)}`,
        note: `plain Helm, not GitOps (found by ${via})`,
      },
      children: [],
    };
  }
  const key = refKey(manager.ref);
  if (key === subject) {
    return {
      key,
      line: { ...objectLine(context, manager.ref, 'managed by'), note: 'itself (self-managing)' },
      children: [],
    };
  }
  const node: TreeNode = {
    key,
    line: { ...objectLine(context, manager.ref, 'managed by'), note: `found by ${via}` },
    children: [],
  };
  if (context.expanded.has(key)) {
    node.line = { ...node.line, note: `${node.line.note}; (shown above)` };
    return node;
  }
  context.expanded.add(key);
  node.children.push(...originOf(context, manager.ref));
  return node;
}

/** Sources and managers of a GitOps object, recursively (each object expanded once). */
function originOf(context: Context, ref: Ref): TreeNode[] {
  const key = refKey(ref);
  const graphNode = context.model.node(ref);
  if (graphNode === undefined) return [];
  const nodes: TreeNode[] = [];
  if (ref.kind === 'Application') {
    for (const [i, line] of applicationSources(graphNode.object.raw).entries()) {
      nodes.push({ key: `${key}:source:${i}`, line: { lead: 'source', label: line }, children: [] });
    }
  }
  for (const edge of graphNode.edges) {
    if (edge.type !== 'source' && edge.type !== 'project') continue;
    const target = context.model.node(edge.ref);
    const line = objectLine(context, edge.ref, edge.type);
    const node: TreeNode = {
      key: edge.to,
      line:
        target === undefined
          ? { ...line, state: 'missing', badge: 'missing: named but not found' }
          : { ...line, detail: sourceDetail(target.object.raw) },
      children: [],
    };
    nodes.push(node);
    if (edge.type === 'source' && target !== undefined && !context.expanded.has(edge.to)) {
      context.expanded.add(edge.to);
      node.children.push(...originOf(context, edge.ref));
    }
  }
  for (const manager of graphNode.managers) nodes.push(managerNode(context, manager, key));
  return nodes;
}

/** The owner view of an object: `raw` is the object as the source holds it. */
export function ownerLines(report: Report, model: ClusterView, ref: Ref, raw: unknown): readonly TreeLine[] {
  const subject = raw ?? model.node(ref)?.object.raw;
  const ownership = subject === undefined ? undefined : model.ownership(subject);
  const object = reportObjects(report).get(refKey(ref));
  const lines: TreeLine[] = [
    {
      key: 'self',
      prefix: '',
      ref,
      label: refLabel(ref),
      ...(object === undefined ? {} : { state: object.state, badge: badgeOf(object.state, object.reason) }),
      note: ownership === undefined ? 'not found' : `layer ${ownership.layer}`,
    },
  ];
  if (ownership === undefined) {
    lines.push(textLine('none', 'The object is not in the picture any more.', 'dim'));
    return lines;
  }
  const kube = readKubeObject(subject);
  const group = kube?.group ?? '';
  const conflicts = report.conflicts.filter(
    (c) =>
      c.resource.kind === ref.kind &&
      c.resource.name === ref.name &&
      (c.resource.namespace ?? '') === (ref.namespace ?? '') &&
      c.resource.group === group,
  );
  if (ownership.conflicts.length > 0 || conflicts.length > 0) {
    lines.push(blank('gap-conflicts'));
    lines.push(heading('conflicts', 'conflicts', 'more than one manager claims it'));
    for (const type of ownership.conflicts) {
      const managers = conflicts.find((c) => c.type === type)?.managers ?? [];
      lines.push({
        key: `conflict:${type}`,
        prefix: '  ',
        label: type,
        state: 'failing',
        tone: 'error',
        detail: managers.map(refLabel).join(' and '),
      });
    }
  }
  lines.push(blank('gap-managers'));
  if (ownership.managers.length === 0) {
    lines.push(heading('managers', 'managed by', 'nothing: unmanaged (no Flux, Argo CD or Helm claims it)'));
    return lines;
  }
  lines.push(heading('managers', 'managed by', 'each manager, its source, and who manages it, up to Git'));
  const context: Context = { report, model, expanded: new Set([refKey(ref)]) };
  const forest = ownership.managers.map((m) => managerNode(context, m, refKey(ref)));
  if (model.node(ref) !== undefined) {
    // A GitOps object: its own sources are part of where it comes from.
    const own = originOf(
      { ...context, expanded: new Set([refKey(ref), ...ownership.managers.map((m) => refKey(m.ref))]) },
      ref,
    ).filter((n) => n.line.lead === 'source' || n.line.lead === 'project');
    if (own.length > 0) {
      lines.push(...flattenTree(forest, 'managers', '  ', true));
      lines.push(blank('gap-sources'));
      lines.push(heading('sources', 'its sources'));
      lines.push(...flattenTree(own, 'sources', '  ', true));
      return lines;
    }
  }
  lines.push(...flattenTree(forest, 'managers', '  ', true));
  return lines;
}
