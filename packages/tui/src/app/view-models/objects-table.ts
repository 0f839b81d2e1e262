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

export const TABLES: Readonly<Record<TableKind, TableSpec>> = {
  ks: { title: 'Kustomizations', kinds: new Set(['Kustomization']), mixed: false },
  hr: { title: 'HelmReleases', kinds: new Set(['HelmRelease']), mixed: false },
  sources: { title: 'Sources', kinds: new Set(SOURCE_KINDS), mixed: true },
  gitrepo: { title: 'GitRepositories', kinds: new Set(['GitRepository']), mixed: false },
  ocirepo: { title: 'OCIRepositories', kinds: new Set(['OCIRepository']), mixed: false },
  helmrepo: { title: 'HelmRepositories', kinds: new Set(['HelmRepository']), mixed: false },
  helmchart: { title: 'HelmCharts', kinds: new Set(['HelmChart']), mixed: false },
  buckets: { title: 'Buckets', kinds: new Set(['Bucket']), mixed: false },
  fluxinstances: { title: 'FluxInstances', kinds: new Set(['FluxInstance']), mixed: false },
  resourcesets: { title: 'ResourceSets', kinds: new Set(['ResourceSet']), mixed: false },
  inputproviders: {
    title: 'ResourceSetInputProviders',
    kinds: new Set(['ResourceSetInputProvider']),
    mixed: false,
  },
  images: {
    title: 'Image automation',
    kinds: new Set(['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation']),
    mixed: true,
  },
  imagerepos: { title: 'ImageRepositories', kinds: new Set(['ImageRepository']), mixed: false },
  imagepolicies: { title: 'ImagePolicies', kinds: new Set(['ImagePolicy']), mixed: false },
  imageupdates: {
    title: 'ImageUpdateAutomations',
    kinds: new Set(['ImageUpdateAutomation']),
    mixed: false,
  },
  receivers: { title: 'Receivers', kinds: new Set(['Receiver']), mixed: false },
  alerts: { title: 'Alerts', kinds: new Set(['Alert']), mixed: false },
  providers: { title: 'Providers', kinds: new Set(['Provider']), mixed: false },
  apps: { title: 'Applications', kinds: new Set(['Application']), mixed: false },
  appsets: { title: 'ApplicationSets', kinds: new Set(['ApplicationSet']), mixed: false },
  projects: { title: 'AppProjects', kinds: new Set(['AppProject']), mixed: false },
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
