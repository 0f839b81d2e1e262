/**
 * Rows of the kind tables (`:ks`, `:hr`, `:sources`, `:apps`, … `:all`), straight from the
 * report's objects and the model's nodes: NAMESPACE, NAME, LAYER, STATE, REASON, ROOT CAUSE,
 * AGE, MESSAGE (and KIND where a table mixes kinds). Pure.
 */
import {
  type ClusterView,
  compareRefs,
  field,
  GITOPS_KINDS,
  type Layer,
  type Ref,
  refKey,
  type State,
  type StringEntries,
} from '@strata/core';
import type { SortColumn } from '../keymap.ts';
import type { TableKind } from '../view-spec.ts';
import { compactAge, compareCommonColumn, compareText, elapsed, oneLine, refLabel } from './format.ts';

export interface TableSpec {
  readonly title: string;
  /** Kinds listed; undefined lists every object. */
  readonly kinds?: ReadonlySet<string>;
  /** Lists the controller workloads. */
  readonly controllers?: boolean;
  /** Whether the table mixes kinds (then it shows a KIND column). */
  readonly mixed: boolean;
}

const SOURCE_KINDS = [
  'GitRepository',
  'OCIRepository',
  'HelmRepository',
  'HelmChart',
  'Bucket',
  'ExternalArtifact',
];

/** A table of one kind. */
function ofKind(title: string, kind: string): TableSpec {
  return { title, kinds: new Set([kind]), mixed: false };
}

export const TABLES: Readonly<Record<TableKind, TableSpec>> = {
  ks: ofKind('Kustomizations', 'Kustomization'),
  hr: ofKind('HelmReleases', 'HelmRelease'),
  sources: { title: 'Sources', kinds: new Set(SOURCE_KINDS), mixed: true },
  gitrepo: ofKind('GitRepositories', 'GitRepository'),
  ocirepo: ofKind('OCIRepositories', 'OCIRepository'),
  helmrepo: ofKind('HelmRepositories', 'HelmRepository'),
  helmchart: ofKind('HelmCharts', 'HelmChart'),
  buckets: ofKind('Buckets', 'Bucket'),
  fluxinstances: ofKind('FluxInstances', 'FluxInstance'),
  resourcesets: ofKind('ResourceSets', 'ResourceSet'),
  inputproviders: ofKind('ResourceSetInputProviders', 'ResourceSetInputProvider'),
  images: {
    title: 'Image automation',
    kinds: new Set(['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation']),
    mixed: true,
  },
  imagerepos: ofKind('ImageRepositories', 'ImageRepository'),
  imagepolicies: ofKind('ImagePolicies', 'ImagePolicy'),
  imageupdates: ofKind('ImageUpdateAutomations', 'ImageUpdateAutomation'),
  receivers: ofKind('Receivers', 'Receiver'),
  alerts: ofKind('Alerts', 'Alert'),
  providers: ofKind('Providers', 'Provider'),
  apps: ofKind('Applications', 'Application'),
  appsets: ofKind('ApplicationSets', 'ApplicationSet'),
  projects: ofKind('AppProjects', 'AppProject'),
  controllers: { title: 'Controllers', controllers: true, mixed: true },
  all: { title: 'All objects', mixed: true },
};

export interface ObjectRow {
  readonly key: string;
  readonly ref: Ref;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly layer: Layer;
  readonly state: State;
  readonly reason: string;
  /** The first root cause (`itself` when the object is its own root), `+N` when more. */
  readonly rootCause: string;
  readonly roots: readonly Ref[];
  readonly age: string;
  readonly ageMs: number | undefined;
  readonly message: string;
  readonly labels: StringEntries;
}

const NO_LABELS: StringEntries = new Map();

const SHORT_KINDS: StringEntries = new Map([
  ...GITOPS_KINDS.filter((k) => k.shortNames.length > 0).map((k): [string, string] => [
    k.kind,
    k.shortNames[0]!,
  ]),
  ['Deployment', 'deploy'],
  ['StatefulSet', 'sts'],
]);

/** `hr/flux-system/cert-manager`: a ref with the kind's short name, for narrow columns. */
export function shortRefLabel(ref: Ref): string {
  return refLabel({ ...ref, kind: SHORT_KINDS.get(ref.kind) ?? ref.kind });
}

function rootCauseText(ref: Ref, roots: readonly Ref[]): string {
  const [first] = roots;
  if (first === undefined) return '';
  const text = refKey(first) === refKey(ref) ? 'itself' : shortRefLabel(first);
  return roots.length > 1 ? `${text} +${roots.length - 1}` : text;
}

/** `metadata.creationTimestamp` of a raw object, when it has one. */
export function creationTime(raw: unknown): string | undefined {
  const created = field(raw, 'metadata', 'creationTimestamp');
  return typeof created === 'string' ? created : undefined;
}

/** Whether a ref is in the namespace scope (`all`, or that namespace). */
export function inScope(ref: Ref, namespace: string): boolean {
  return namespace === 'all' || ref.namespace === namespace;
}

export function objectRows(view: ClusterView, table: TableKind, namespace: string): readonly ObjectRow[] {
  const { report } = view;
  const spec = TABLES[table];
  const rows: ObjectRow[] = [];
  for (const object of report.objects) {
    if (!inScope(object.ref, namespace)) continue;
    const node = view.node(object.ref);
    const isController = node?.controller !== undefined;
    if (
      spec.controllers === true ? !isController : spec.kinds !== undefined && !spec.kinds.has(object.ref.kind)
    )
      continue;
    if (spec.kinds !== undefined && isController) continue;
    const created = node === undefined ? undefined : creationTime(node.object.raw);
    const ageMs = elapsed(created, report.at);
    rows.push({
      key: refKey(object.ref),
      ref: object.ref,
      kind: object.ref.kind,
      namespace: object.ref.namespace ?? '',
      name: object.ref.name,
      layer: object.layer,
      state: object.state,
      reason: oneLine(object.reason),
      rootCause: rootCauseText(object.ref, object.rootCauses),
      roots: object.rootCauses,
      age: compactAge(ageMs),
      ageMs,
      message: oneLine(object.message),
      labels: node?.object.labels ?? NO_LABELS,
    });
  }
  return rows;
}

export interface Sort {
  readonly column: SortColumn;
  readonly descending: boolean;
}

/** Default order of the kind tables: worst state first, then by ref. */
export const DEFAULT_SORT: Sort = { column: 'state', descending: false };

function compareBy(column: SortColumn, a: ObjectRow, b: ObjectRow): number {
  switch (column) {
    case 'rootCause':
      return compareText(
        a.rootCause === '' ? '\uffff' : a.rootCause,
        b.rootCause === '' ? '\uffff' : b.rootCause,
      );
    case 'age':
      // Youngest first, like k9s; unknown ages last.
      return (a.ageMs ?? Number.POSITIVE_INFINITY) - (b.ageMs ?? Number.POSITIVE_INFINITY);
    case 'blocks':
      return 0;
    default:
      return compareCommonColumn(column, a, b) ?? 0;
  }
}

/** Rows in the chosen order; ties fall back to the report's ref order, so the order is stable. */
export function sortRows(rows: readonly ObjectRow[], sort: Sort): readonly ObjectRow[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => sign * compareBy(sort.column, a, b) || compareRefs(a.ref, b.ref));
}

/** The texts a `/` filter searches in a row. */
export function objectCells(row: ObjectRow): readonly string[] {
  return [row.kind, row.namespace, row.name, row.layer, row.state, row.reason, row.rootCause, row.message];
}
