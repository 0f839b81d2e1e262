/**
 * Who owns an object (§4): its managers, each manager's sources and its own managers, up to the
 * Git (or OCI, or Helm) source everything came from, and the conflicts when more than one tool
 * claims it. Read from core's managerChain() and the view's nodes. Pure.
 */
import {
  type ClusterView,
  field,
  type ManagerStep,
  managerChain,
  type Ref,
  readKubeObject,
  refKey,
} from '@strata/core';
import { objectContent } from './chain.ts';
import { oneLine, refLabel } from './format.ts';
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
  readonly view: ClusterView;
  readonly expanded: Set<string>;
}

function objectLine(context: Context, ref: Ref, lead: string): LineContent {
  return { ...objectContent(context.view.report, ref), lead };
}

/** A manager of core's chain and, below it, where its content comes from and who manages it in turn. */
function managerNode(context: Context, step: ManagerStep): TreeNode {
  const via = VIA_WORDS[step.via] ?? step.via;
  if (step.type === 'helm') {
    return {
      key: `helm:${refKey(step.ref)}`,
      line: {
        lead: 'installed by',
        label: `Helm release ${oneLine(step.ref.namespace ?? '')}/${oneLine(step.ref.name)}`,
        note: `plain Helm, not GitOps (found by ${via})`,
      },
      children: [],
    };
  }
  const key = refKey(step.ref);
  if (step.seen === 'self') {
    return {
      key,
      line: { ...objectLine(context, step.ref, 'managed by'), note: 'itself (self-managing)' },
      children: [],
    };
  }
  const node: TreeNode = {
    key,
    line: { ...objectLine(context, step.ref, 'managed by'), note: `found by ${via}` },
    children: [],
  };
  if (step.seen === 'above' || context.expanded.has(key)) {
    node.line = { ...node.line, note: `${node.line.note}; (shown above)` };
    return node;
  }
  context.expanded.add(key);
  node.children.push(...sourcesOf(context, step.ref), ...step.managers.map((m) => managerNode(context, m)));
  return node;
}

/** Where a GitOps object's content comes from: its sources (each with theirs and its managers), its project. */
function sourcesOf(context: Context, ref: Ref): TreeNode[] {
  const key = refKey(ref);
  const graphNode = context.view.node(ref);
  if (graphNode === undefined) return [];
  const nodes: TreeNode[] = [];
  if (ref.kind === 'Application') {
    for (const [i, line] of applicationSources(graphNode.object.raw).entries()) {
      nodes.push({ key: `${key}:source:${i}`, line: { lead: 'source', label: line }, children: [] });
    }
  }
  for (const edge of graphNode.edges) {
    if (edge.type !== 'source' && edge.type !== 'project') continue;
    const target = context.view.node(edge.ref);
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
      const managers = managerChain(context.view, target.object.raw)?.managers ?? [];
      node.children.push(...sourcesOf(context, edge.ref), ...managers.map((m) => managerNode(context, m)));
    }
  }
  return nodes;
}

/** The owner view of an object: `raw` is the object as the source holds it. */
export function ownerLines(view: ClusterView, ref: Ref, raw: unknown): readonly TreeLine[] {
  const report = view.report;
  const subject = raw ?? view.node(ref)?.object.raw;
  const chain = subject === undefined ? undefined : managerChain(view, subject);
  const ownership = chain?.ownership;
  const lines: TreeLine[] = [
    {
      key: 'self',
      prefix: '',
      ...objectContent(report, ref),
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
  const context: Context = { view, expanded: new Set([refKey(ref)]) };
  const forest = (chain?.managers ?? []).map((m) => managerNode(context, m));
  if (view.node(ref) !== undefined) {
    // A GitOps object: its own sources are part of where it comes from.
    const own = sourcesOf(
      { ...context, expanded: new Set([refKey(ref), ...ownership.managers.map((m) => refKey(m.ref))]) },
      ref,
    );
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
