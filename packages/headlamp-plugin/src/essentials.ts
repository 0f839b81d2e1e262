/**
 * What a Flux or Argo CD user looks at first on an object's page, read from the object's own
 * fields: a HelmRelease's chart, version, source and values sources; a Kustomization's source,
 * path and revisions; a source's URL, ref and artifact; an image kind's image, policy and latest
 * tag; an Application's sources, destination, sync and health. Plain data, no React: the page
 * (components/KindDetails.tsx) renders it. No diagnosis here: state, health of what it applies,
 * ownership and root causes are @strata/core's.
 */
import {
  asArray,
  asBoolean,
  asName,
  asNumber,
  asString,
  field,
  type InventoryId,
  makeRef,
  parseInventoryId,
  type Ref,
  readKubeObject,
} from '@strata/core';

export type Tone = 'success' | 'warning' | 'error' | '';

/** One value of a row: text, a link to an object's page, a time (relative), or a status label. */
export type Cell =
  | string
  | { readonly ref: Ref }
  | { readonly time: string }
  | { readonly status: string; readonly tone: Tone };

export interface InfoRow {
  readonly name: string;
  readonly value: Cell | readonly Cell[];
}

const str = (value: unknown) => asString(value) || undefined;

/** The `value` rows that are set, in order. */
function rows(...pairs: readonly (readonly [string, Cell | readonly Cell[] | undefined])[]): InfoRow[] {
  return pairs
    .filter((p): p is readonly [string, Cell | readonly Cell[]] =>
      Array.isArray(p[1]) ? p[1].length > 0 : p[1] !== undefined,
    )
    .map(([name, value]) => ({ name, value }));
}

const time = (value: unknown): Cell | undefined => {
  const t = str(value);
  return t === undefined ? undefined : { time: t };
};

/** A `{kind, name, namespace?}` reference, defaulting to the referrer's namespace. */
function refAt(value: unknown, kind: string | undefined, namespace: string | undefined): Cell | undefined {
  const name = asName(field(value, 'name'));
  const k = asName(field(value, 'kind')) ?? kind;
  if (name === undefined || k === undefined) return undefined;
  return { ref: makeRef(k, asName(field(value, 'namespace')) ?? namespace, name) };
}

/** `1.2 MiB`: an artifact's size in bytes, as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** A Git / OCI source's ref, as `branch main`, `tag v1.2.0`, `semver >=1.0`, … */
function sourceRefText(ref: unknown): string | undefined {
  const parts = ['branch', 'tag', 'semver', 'name', 'commit', 'digest']
    .map((key) => [key, str(field(ref, key))] as const)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => `${key} ${v}`);
  return parts.length === 0 ? undefined : parts.join(', ');
}

function artifactRows(status: unknown): InfoRow[] {
  const artifact = field(status, 'artifact');
  const size = asNumber(field(artifact, 'size'));
  return rows(
    ['Artifact revision', str(field(artifact, 'revision'))],
    ['Artifact size', size === undefined ? undefined : formatBytes(size)],
    ['Last fetched', time(field(artifact, 'lastUpdateTime'))],
  );
}

/** A HelmRelease's values sources: `ConfigMap/name` or `Secret/name`, with the key and target path. */
function valuesFrom(spec: unknown, namespace: string | undefined): Cell[] {
  return asArray(field(spec, 'valuesFrom')).flatMap((v) => {
    const ref = refAt(v, undefined, namespace);
    if (ref === undefined) return [];
    const key = str(field(v, 'valuesKey'));
    const target = str(field(v, 'targetPath'));
    const optional = asBoolean(field(v, 'optional')) === true;
    const detail = [
      key === undefined ? undefined : `key ${key}`,
      target === undefined ? undefined : `at ${target}`,
      optional ? 'optional' : undefined,
    ].filter((d) => d !== undefined);
    return detail.length === 0 ? [ref] : [ref, `(${detail.join(', ')})`];
  });
}

function helmRelease(raw: unknown, namespace: string | undefined): InfoRow[] {
  const spec = field(raw, 'spec');
  const status = field(raw, 'status');
  const chart = field(spec, 'chart', 'spec');
  const chartRef = field(spec, 'chartRef');
  const installed = field(asArray(field(status, 'history'))[0], 'chartVersion');
  return rows(
    ['Chart', str(field(chart, 'chart'))],
    ['Version', str(field(chart, 'version')) ?? (chart === undefined ? undefined : '*')],
    [
      'Source',
      chartRef === undefined
        ? refAt(field(chart, 'sourceRef'), undefined, namespace)
        : refAt(chartRef, undefined, namespace),
    ],
    ['Chart version installed', str(installed)],
    ['Last attempted', str(field(status, 'lastAttemptedRevision'))],
    ['Release', releaseName(raw, namespace)],
    ['Interval', str(field(spec, 'interval'))],
    ['Values from', valuesFrom(spec, namespace)],
    ['Suspended', asBoolean(field(spec, 'suspend')) === true ? 'yes' : undefined],
  );
}

/** Helm's release name and namespace as helm-controller chooses them. */
function releaseName(raw: unknown, namespace: string | undefined): string | undefined {
  const spec = field(raw, 'spec');
  const name = asName(field(raw, 'metadata', 'name'));
  if (name === undefined) return undefined;
  const target = str(field(spec, 'targetNamespace'));
  const release = str(field(spec, 'releaseName')) ?? (target === undefined ? name : `${target}-${name}`);
  return `${target ?? namespace ?? ''}/${release}`;
}

function kustomization(raw: unknown, namespace: string | undefined): InfoRow[] {
  const spec = field(raw, 'spec');
  const status = field(raw, 'status');
  return rows(
    ['Source', refAt(field(spec, 'sourceRef'), undefined, namespace)],
    ['Path', str(field(spec, 'path')) ?? './'],
    ['Revision applied', str(field(status, 'lastAppliedRevision'))],
    ['Revision attempted', str(field(status, 'lastAttemptedRevision'))],
    ['Target namespace', str(field(spec, 'targetNamespace'))],
    ['Prune', asBoolean(field(spec, 'prune')) === undefined ? undefined : String(field(spec, 'prune'))],
    ['Interval', str(field(spec, 'interval'))],
    ['Suspended', asBoolean(field(spec, 'suspend')) === true ? 'yes' : undefined],
  );
}

function source(kind: string, raw: unknown, namespace: string | undefined): InfoRow[] {
  const spec = field(raw, 'spec');
  const status = field(raw, 'status');
  const head =
    kind === 'HelmChart'
      ? rows(
          ['Chart', str(field(spec, 'chart'))],
          ['Version', str(field(spec, 'version')) ?? '*'],
          ['Source', refAt(field(spec, 'sourceRef'), undefined, namespace)],
        )
      : kind === 'Bucket'
        ? rows(
            ['Endpoint', str(field(spec, 'endpoint'))],
            ['Bucket', str(field(spec, 'bucketName'))],
            ['Provider', str(field(spec, 'provider'))],
            ['Prefix', str(field(spec, 'prefix'))],
          )
        : rows(
            ['URL', str(field(spec, 'url'))],
            ['Ref', sourceRefText(field(spec, 'ref'))],
            ['Type', kind === 'HelmRepository' ? (str(field(spec, 'type')) ?? 'default') : undefined],
          );
  return [
    ...head,
    ...artifactRows(status),
    ...rows(
      ['Interval', str(field(spec, 'interval'))],
      ['Suspended', asBoolean(field(spec, 'suspend')) === true ? 'yes' : undefined],
    ),
  ];
}

/** An ImagePolicy's policy: `semver >=1.0.0`, `alphabetical asc`, `numerical desc`. */
function policyText(policy: unknown): string | undefined {
  const semver = str(field(policy, 'semver', 'range'));
  if (semver !== undefined) return `semver ${semver}`;
  for (const kind of ['alphabetical', 'numerical']) {
    const order = field(policy, kind);
    if (order !== undefined) return `${kind} ${str(field(order, 'order')) ?? 'asc'}`;
  }
  return undefined;
}

function imageKind(kind: string, raw: unknown, namespace: string | undefined): InfoRow[] {
  const spec = field(raw, 'spec');
  const status = field(raw, 'status');
  if (kind === 'ImageRepository') {
    const scan = field(status, 'lastScanResult');
    const tags = asArray(field(scan, 'latestTags'))
      .map(str)
      .filter((t) => t !== undefined);
    const count = asNumber(field(scan, 'tagCount'));
    return rows(
      ['Image', str(field(spec, 'image'))],
      ['Tags found', count === undefined ? undefined : String(count)],
      ['Latest tags', tags.length === 0 ? undefined : tags.slice(0, 5).join(', ')],
      ['Last scan', time(field(scan, 'scanTime'))],
      ['Interval', str(field(spec, 'interval'))],
      ['Suspended', asBoolean(field(spec, 'suspend')) === true ? 'yes' : undefined],
    );
  }
  if (kind === 'ImagePolicy') {
    const latest = field(status, 'latestRef');
    const latestText =
      latest === undefined
        ? str(field(status, 'latestImage'))
        : [str(field(latest, 'name')), str(field(latest, 'tag'))].filter(Boolean).join(':') +
          (str(field(latest, 'digest')) === undefined ? '' : `@${str(field(latest, 'digest'))}`);
    return rows(
      ['Image repository', refAt(field(spec, 'imageRepositoryRef'), 'ImageRepository', namespace)],
      ['Policy', policyText(field(spec, 'policy'))],
      ['Latest image', latestText || undefined],
      ['Latest tag', str(field(latest, 'tag'))],
    );
  }
  // ImageUpdateAutomation
  return rows(
    ['Source', refAt(field(spec, 'sourceRef'), 'GitRepository', namespace)],
    ['Checkout', sourceRefText(field(spec, 'git', 'checkout', 'ref'))],
    ['Push branch', str(field(spec, 'git', 'push', 'branch'))],
    ['Update path', str(field(spec, 'update', 'path'))],
    ['Last push commit', str(field(status, 'lastPushCommit'))],
    ['Last push', time(field(status, 'lastPushTime'))],
    ['Last run', time(field(status, 'lastAutomationRunTime'))],
    ['Interval', str(field(spec, 'interval'))],
  );
}

/** Argo CD's sync and health words as a label's tone (presentation of Argo CD's own status). */
export function argoTone(status: string | undefined): Tone {
  switch (status) {
    case 'Healthy':
    case 'Synced':
    case 'Succeeded':
      return 'success';
    case 'Degraded':
    case 'Missing':
    case 'Failed':
    case 'Error':
      return 'error';
    case undefined:
      return '';
    default:
      return 'warning';
  }
}

const argoStatus = (status: string | undefined): Cell | undefined =>
  status === undefined ? undefined : { status, tone: argoTone(status) };

function application(raw: unknown, namespace: string | undefined): InfoRow[] {
  const spec = field(raw, 'spec');
  const status = field(raw, 'status');
  const destination = field(spec, 'destination');
  const automated = field(spec, 'syncPolicy', 'automated');
  const autoFlags = ['prune', 'selfHeal'].filter((k) => asBoolean(field(automated, k)) === true);
  const healthMessage = str(field(status, 'health', 'message'));
  return rows(
    ['Sync status', argoStatus(str(field(status, 'sync', 'status')))],
    [
      'Health',
      [
        argoStatus(str(field(status, 'health', 'status'))),
        ...(healthMessage === undefined ? [] : [healthMessage]),
      ].filter((c): c is Cell => c !== undefined),
    ],
    ['Project', { ref: makeRef('AppProject', namespace, asName(field(spec, 'project')) ?? 'default') }],
    [
      'Destination',
      [
        str(field(destination, 'name')) ?? str(field(destination, 'server')),
        str(field(destination, 'namespace')) === undefined
          ? undefined
          : `namespace ${str(field(destination, 'namespace'))}`,
      ]
        .filter((d) => d !== undefined)
        .join(', ') || undefined,
    ],
    [
      'Auto-sync',
      automated === undefined || automated === null
        ? 'off'
        : autoFlags.length === 0
          ? 'on'
          : `on (${autoFlags.join(', ')})`,
    ],
    ['Last reconciled', time(field(status, 'reconciledAt'))],
  );
}

/** The essentials of a Flux or Argo CD object, by kind; empty for kinds without any. */
export function essentialsOf(raw: unknown): InfoRow[] {
  const object = readKubeObject(raw);
  if (object === undefined) return [];
  const { kind, namespace } = object;
  switch (kind) {
    case 'HelmRelease':
      return helmRelease(raw, namespace);
    case 'Kustomization':
      return kustomization(raw, namespace);
    case 'GitRepository':
    case 'OCIRepository':
    case 'HelmRepository':
    case 'HelmChart':
    case 'Bucket':
      return source(kind, raw, namespace);
    case 'ImageRepository':
    case 'ImagePolicy':
    case 'ImageUpdateAutomation':
      return imageKind(kind, raw, namespace);
    case 'Application':
      return application(raw, namespace);
    default:
      return [];
  }
}

// ---- tables --------------------------------------------------------------------------------

export interface ConditionRow {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly since?: string;
}

/** `status.conditions`, with Argo CD's (type, message and time only) read the same way. */
export function conditionsOf(raw: unknown): ConditionRow[] {
  return asArray(field(raw, 'status', 'conditions')).flatMap((c) => {
    const type = asName(field(c, 'type'));
    if (type === undefined) return [];
    const reason = str(field(c, 'reason'));
    const message = str(field(c, 'message'));
    const since = str(field(c, 'lastTransitionTime'));
    return [
      {
        type,
        status: str(field(c, 'status')) ?? '',
        ...(reason === undefined ? {} : { reason }),
        ...(message === undefined ? {} : { message }),
        ...(since === undefined ? {} : { since }),
      },
    ];
  });
}

export interface HelmHistoryRow {
  readonly version: string;
  readonly chart: string;
  readonly appVersion?: string;
  readonly status: string;
  readonly deployed?: string;
}

/** A HelmRelease's `status.history`, newest first, as helm-controller keeps it. */
export function helmHistoryOf(raw: unknown): HelmHistoryRow[] {
  return asArray(field(raw, 'status', 'history')).map((h) => {
    const appVersion = str(field(h, 'appVersion'));
    const deployed = str(field(h, 'lastDeployed')) ?? str(field(h, 'firstDeployed'));
    return {
      version: String(asNumber(field(h, 'version')) ?? '?'),
      chart: `${str(field(h, 'chartName')) ?? '?'}@${str(field(h, 'chartVersion')) ?? '?'}`,
      ...(appVersion === undefined ? {} : { appVersion }),
      status: str(field(h, 'status')) ?? '',
      ...(deployed === undefined ? {} : { deployed }),
    };
  });
}

/** A Flux object's `status.inventory`, each id read by core's parser; unreadable ids are skipped. */
export function inventoryOf(raw: unknown): InventoryId[] {
  return asArray(field(raw, 'status', 'inventory', 'entries'))
    .map((e) => asName(field(e, 'id')))
    .filter((id): id is string => id !== undefined)
    .map(parseInventoryId)
    .filter((id): id is InventoryId => id !== undefined);
}

export interface AppSourceRow {
  readonly repo: string;
  /** The path in a Git repository, or the chart of a Helm repository. */
  readonly path: string;
  readonly targetRevision: string;
  /** The revision it is synced to (`status.sync.revision[s]`). */
  readonly syncedRevision?: string;
}

/** An Application's source, or each of its sources (multi-source), with the revision synced. */
export function appSourcesOf(raw: unknown): AppSourceRow[] {
  const spec = field(raw, 'spec');
  const sync = field(raw, 'status', 'sync');
  const many = asArray(field(spec, 'sources'));
  const sources = many.length > 0 ? many : field(spec, 'source') === undefined ? [] : [field(spec, 'source')];
  const revisions = many.length > 0 ? asArray(field(sync, 'revisions')) : [field(sync, 'revision')];
  return sources.map((s, i) => {
    const synced = str(revisions[i]);
    const chart = str(field(s, 'chart'));
    return {
      repo: str(field(s, 'repoURL')) ?? '',
      path: chart === undefined ? (str(field(s, 'path')) ?? '') : `chart ${chart}`,
      targetRevision: str(field(s, 'targetRevision')) ?? 'HEAD',
      ...(synced === undefined ? {} : { syncedRevision: synced }),
    };
  });
}

export interface SyncResourceRow {
  readonly ref: Ref;
  readonly status: string;
  readonly message?: string;
}

export interface LastSync {
  readonly phase: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly revision?: string;
  readonly initiatedBy: string;
  readonly retries?: number;
  readonly resources: readonly SyncResourceRow[];
}

function initiatedBy(value: unknown): string {
  const user = str(field(value, 'username'));
  if (user !== undefined) return user;
  return asBoolean(field(value, 'automated')) === true ? 'automated' : 'unknown';
}

function revisionsText(value: unknown): string | undefined {
  const many = asArray(field(value, 'revisions'))
    .map(str)
    .filter((r) => r !== undefined);
  return many.length > 0 ? many.join(', ') : str(field(value, 'revision'));
}

/** `status.operationState`: the last sync Argo CD ran (or runs) and what it did to each resource. */
export function lastSyncOf(raw: unknown): LastSync | undefined {
  const op = field(raw, 'status', 'operationState');
  const phase = str(field(op, 'phase'));
  if (phase === undefined) return undefined;
  const message = str(field(op, 'message'));
  const startedAt = str(field(op, 'startedAt'));
  const finishedAt = str(field(op, 'finishedAt'));
  const revision = revisionsText(field(op, 'syncResult')) ?? revisionsText(field(op, 'operation', 'sync'));
  const retries = asNumber(field(op, 'retryCount'));
  return {
    phase,
    ...(message === undefined ? {} : { message }),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(finishedAt === undefined ? {} : { finishedAt }),
    ...(revision === undefined ? {} : { revision }),
    initiatedBy: initiatedBy(field(op, 'operation', 'initiatedBy')),
    ...(retries === undefined || retries === 0 ? {} : { retries }),
    resources: asArray(field(op, 'syncResult', 'resources')).flatMap((r) => {
      const kind = asName(field(r, 'kind'));
      const name = asName(field(r, 'name'));
      if (kind === undefined || name === undefined) return [];
      const m = str(field(r, 'message'));
      return [
        {
          ref: makeRef(kind, str(field(r, 'namespace')), name),
          status: str(field(r, 'status')) ?? str(field(r, 'hookPhase')) ?? '',
          ...(m === undefined ? {} : { message: m }),
        },
      ];
    }),
  };
}

export interface AppHistoryRow {
  readonly id: string;
  readonly revision: string;
  readonly deployedAt?: string;
  readonly initiatedBy: string;
}

/** `status.history`: the syncs Argo CD deployed, newest first. */
export function appHistoryOf(raw: unknown): AppHistoryRow[] {
  return asArray(field(raw, 'status', 'history'))
    .map((h) => {
      const deployedAt = str(field(h, 'deployedAt'));
      return {
        id: String(asNumber(field(h, 'id')) ?? '?'),
        revision: revisionsText(h) ?? '',
        ...(deployedAt === undefined ? {} : { deployedAt }),
        initiatedBy: initiatedBy(field(h, 'initiatedBy')),
      };
    })
    .reverse();
}

/**
 * The revision a list shows for an object: what a Kustomization applied, a HelmRelease's
 * installed chart version, a source's artifact, an ImagePolicy's latest tag, an Application's
 * synced revision(s).
 */
export function revisionOf(raw: unknown): string {
  const status = field(raw, 'status');
  switch (asName(field(raw, 'kind'))) {
    case 'Kustomization':
    case 'FluxInstance':
    case 'ResourceSet':
      return str(field(status, 'lastAppliedRevision')) ?? str(field(status, 'lastAttemptedRevision')) ?? '';
    case 'HelmRelease':
      return (
        str(field(asArray(field(status, 'history'))[0], 'chartVersion')) ??
        str(field(status, 'lastAttemptedRevision')) ??
        ''
      );
    case 'ImagePolicy':
      return str(field(status, 'latestRef', 'tag')) ?? str(field(status, 'latestImage')) ?? '';
    case 'Application':
      return revisionsText(field(status, 'sync')) ?? '';
    default:
      return str(field(status, 'artifact', 'revision')) ?? '';
  }
}
