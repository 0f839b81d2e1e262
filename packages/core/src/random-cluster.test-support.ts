/**
 * fast-check generators of random GitOps clusters, as plain JSON objects the way the Kubernetes
 * API returns them. Used by the property tests of the diagnosis engine
 * (`diagnose.property.test.ts`).
 *
 * A cluster is drawn as a *plan* (indices and choices, which shrink well) and then built into
 * objects. Status shapes follow the real controllers' statuses (`docs/diagnosis.md` §2, §5):
 * messages are the controllers' own formats, names are made up.
 *
 * Naming keeps identities unique and makes missing references natural: Kustomization `ks-<i>`,
 * HelmRelease `hr-<i>`, GitRepository `git-<i>`, OCIRepository `oci-<i>`, HelmRepository
 * `helmrepo-<i>`, standalone HelmChart `chart-<i>`, generated HelmChart `<hr-ns>-<hr-name>`,
 * Application `app-<i>` (namespace `argocd`). A reference whose index is out of range, or whose
 * namespace differs from the target's, names an object that does not exist.
 */
import fc from 'fast-check';

/** Snapshot time used by every generated cluster. */
export const AT = '2026-11-22T10:00:00Z';

export type KubeJson = Record<string, unknown>;

/** Namespaces Flux objects live in; `elsewhere` is only ever referenced, never populated. */
export const FLUX_NAMESPACES = ['flux-system', 'apps', 'infra'] as const;
const REFERENCED_ONLY_NAMESPACE = 'elsewhere';
export const ARGO_NAMESPACE = 'argocd';

const KS_API = 'kustomize.toolkit.fluxcd.io/v1';
const HR_API = 'helm.toolkit.fluxcd.io/v2';
const SOURCE_API = 'source.toolkit.fluxcd.io/v1';
/** Older served versions, read the same way (§1). */
const LEGACY_API: Readonly<Record<string, string>> = {
  [KS_API]: 'kustomize.toolkit.fluxcd.io/v1beta2',
  [HR_API]: 'helm.toolkit.fluxcd.io/v2beta1',
  [SOURCE_API]: 'source.toolkit.fluxcd.io/v1beta2',
};
/** Namespace of Applications outside the control plane (apps in any namespace). */
export const TEAM_NAMESPACE = 'team-a';
const ARGO_API = 'argoproj.io/v1alpha1';

/** `AT` minus some minutes, as an RFC 3339 timestamp. */
export function minutesBefore(minutes: number): string {
  return new Date(Date.parse(AT) - minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------
// Plans

export type DepMode = 'next' | 'back' | 'random' | 'self';

export interface DepPlan {
  readonly mode: DepMode;
  readonly target: number;
  /**
   * 0–6: the target's own namespace (written out when it differs, or when even); 7–8: namespace
   * omitted (the dependent's own); 9: a namespace nothing lives in.
   */
  readonly ns: number;
}

export type WorkloadStatusVariant =
  | 'ready'
  | 'ready-lagging'
  | 'ready-reconciling'
  | 'dependency-not-ready'
  | 'source-failed'
  | 'own-failure'
  | 'health-check'
  | 'progressing'
  | 'stalled'
  | 'stalled-unknown'
  | 'no-status'
  | 'no-ready-condition';

export type ObservedMode = 'equal' | 'minus-one' | 'lagging' | 'absent';

export interface WorkloadStatusPlan {
  readonly variant: WorkloadStatusVariant;
  readonly observed: ObservedMode;
  /** Free choice used to pick a named dependency, a message form, a health-check target. */
  readonly pick: number;
  readonly pick2: number;
  readonly ago: number;
}

export interface SourceRefPlan {
  /** Which source kind (modulo the kinds allowed for the referrer). */
  readonly kind: number;
  readonly index: number;
  readonly explicitNs: boolean;
}

export interface WorkloadPlan {
  readonly ns: number;
  readonly generation: number;
  readonly deps: readonly DepPlan[];
  readonly source: SourceRefPlan;
  readonly status: WorkloadStatusPlan;
  readonly suspend: boolean;
  /** Index of a Kustomization that claims this object by label (E3), if any. */
  readonly parent: number | undefined;
  /** HelmRelease with `spec.chart`: whether its generated HelmChart exists, and its status. */
  readonly chartPresent: boolean;
  readonly chartStatus: SourceStatusPlan;
  /** Compared with the cluster's `cascade`: below it, a node with dependsOn waits on them. */
  readonly cascadeRoll: number;
}

export type SourceStatusVariant =
  | 'ready'
  | 'failed'
  | 'progressing'
  | 'no-status'
  | 'stalled'
  | 'lagging'
  | 'names-source';

export interface SourceStatusPlan {
  readonly variant: SourceStatusVariant;
  readonly ago: number;
}

export interface SourcePlan {
  readonly ns: number;
  readonly generation: number;
  readonly status: SourceStatusPlan;
  /** GitRepository include / HelmChart source index; HelmRepository: OCI type when set. */
  readonly link: number | undefined;
  readonly suspend: boolean;
}

export type ArgoHealth =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Missing'
  | 'Suspended'
  | 'Unknown'
  | undefined;
export type ArgoSync = 'Synced' | 'OutOfSync' | 'Unknown' | undefined;
export type ArgoCondition = 'none' | 'ComparisonError' | 'SyncError' | 'InvalidSpecError';
export type ArgoOperation = 'none' | 'Succeeded' | 'Failed' | 'Error' | 'Running' | 'RunningRetry';

export interface ArgoOtherResource {
  readonly health: 'Healthy' | 'Degraded' | 'Progressing' | undefined;
  readonly sync: 'Synced' | 'OutOfSync';
}

export interface AppPlan {
  readonly hasStatus: boolean;
  readonly health: ArgoHealth;
  readonly sync: ArgoSync;
  readonly condition: ArgoCondition;
  readonly operation: ArgoOperation;
  readonly reconciledAgo: number;
  readonly children: readonly { readonly target: number; readonly sync: 'Synced' | 'OutOfSync' }[];
  readonly others: readonly ArgoOtherResource[];
  /** Index of a Kustomization that applied this Application (the Flux → Argo boundary). */
  readonly fluxParent: number | undefined;
  /** Index of the ApplicationSet that generated it (ownerReference), if any. */
  readonly owner: number | undefined;
  /** Lives in TEAM_NAMESPACE (never in unambiguous clusters). */
  readonly team: boolean;
}

export type AppSetStatus = 'up-to-date' | 'error' | 'not-up-to-date' | 'none';

export type ControllerState = 'ready' | 'failing' | 'progressing';

export interface ControllerPlan {
  readonly present: boolean;
  readonly state: ControllerState;
  /** Manager by label: a Kustomization (even) or HelmRelease (odd) index. */
  readonly managedBy: number | undefined;
}

export type ImageRepoStatus = 'ready' | 'scan-failed' | 'scanning' | 'suspended';
export type ImagePolicyStatus = 'ready' | 'no-tags' | 'repo-gone' | 'no-match' | 'fulfilling';
export type AutomationStatus = 'ready' | 'git-gone' | 'clone-failed' | 'fulfilling';

export interface ImagePolicyPlan {
  /** Index into the ImageRepositories; past the end names an absent one. */
  readonly repo: number;
  readonly status: ImagePolicyStatus;
  /** Labelled `app: web` (what a selecting automation picks). */
  readonly web: boolean;
  readonly latest: boolean;
}

export interface AutomationPlan {
  /** Index into the GitRepositories; past the end names an absent one. */
  readonly git: number;
  readonly status: AutomationStatus;
  /** policySelector `app: web`, else every policy of its namespace. */
  readonly selectWeb: boolean;
}

export interface AlertPlan {
  /** Index into the Providers; past the end names an absent one. */
  readonly provider: number;
  /** An event source: a Kustomization by index (maybe absent), or `*` with matchLabels. */
  readonly source: number | 'all';
}

export interface ProviderPlan {
  /** A status left over from v1beta2 that must be ignored. */
  readonly oldStatus: boolean;
  readonly suspend: boolean;
}

export interface ReceiverPlan {
  /** A Kustomization by index (maybe absent). */
  readonly target: number;
  readonly failing: boolean;
}

/** Flux object tracked by an Argo CD Application (E8), which may be absent (orphaned claim). */
export interface TrackedPlan {
  /** Even: a Kustomization, odd: a HelmRelease (index >> 1). */
  readonly workload: number;
  readonly app: number;
}

/** The kinds and edges contract v3 adds. */
export interface V3Plan {
  readonly imageRepositories: readonly ImageRepoStatus[];
  readonly imagePolicies: readonly ImagePolicyPlan[];
  readonly automations: readonly AutomationPlan[];
  readonly providers: readonly ProviderPlan[];
  readonly alerts: readonly AlertPlan[];
  readonly receivers: readonly ReceiverPlan[];
  readonly tracked: readonly TrackedPlan[];
}

export interface ClusterPlan {
  readonly namespaces: number;
  /** 0–10: how likely a node with dependsOn reports DependencyNotReady (long cascades, cycles). */
  readonly cascade: number;
  readonly kustomizations: readonly WorkloadPlan[];
  readonly helmReleases: readonly WorkloadPlan[];
  readonly gitRepositories: readonly SourcePlan[];
  readonly ociRepositories: readonly SourcePlan[];
  readonly helmRepositories: readonly SourcePlan[];
  readonly helmCharts: readonly SourcePlan[];
  readonly apps: readonly AppPlan[];
  readonly appSets: readonly AppSetStatus[];
  /** Odd-numbered Flux objects are served at an older API version. */
  readonly legacy: boolean;
  readonly appProject: boolean;
  readonly controllers: readonly ControllerPlan[] | undefined;
  readonly v3: V3Plan;
}

export interface RandomClusterOptions {
  /** Upper bound on Kustomizations + HelmReleases together (default 60). */
  readonly maxWorkloads?: number;
  readonly maxApps?: number;
  /** Allow controller workloads (E5, E6, stale Argo status). Default true. */
  readonly controllers?: boolean;
  /**
   * Keep to shapes whose diagnosis the contract states without room for reading: health checks
   * and app-of-apps lists name only existing objects; app-of-apps siblings always carry a
   * health; child entries are Synced. Default false.
   */
  readonly unambiguous?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** One of the values, each drawn in proportion to its weight. */
function weighted<T>(...choices: readonly (readonly [weight: number, value: T])[]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));
}

const smallNat = fc.nat({ max: 1000 });
const ago = fc.constantFrom(1, 5, 30, 120, 600);

const depPlan: fc.Arbitrary<DepPlan> = fc.record({
  mode: weighted<DepMode>([4, 'next'], [2, 'back'], [4, 'random'], [1, 'self']),
  target: smallNat,
  ns: fc.nat({ max: 9 }),
});

const workloadStatusPlan: fc.Arbitrary<WorkloadStatusPlan> = fc.record({
  variant: weighted<WorkloadStatusVariant>(
    [16, 'ready'],
    [2, 'ready-lagging'],
    [1, 'ready-reconciling'],
    [8, 'dependency-not-ready'],
    [3, 'source-failed'],
    [3, 'own-failure'],
    [3, 'health-check'],
    [2, 'progressing'],
    [1, 'stalled'],
    [1, 'stalled-unknown'],
    [2, 'no-status'],
    [1, 'no-ready-condition'],
  ),
  observed: fc.constantFrom<ObservedMode>('equal', 'minus-one', 'lagging', 'absent'),
  pick: smallNat,
  pick2: smallNat,
  ago,
});

const sourceStatusPlan: fc.Arbitrary<SourceStatusPlan> = fc.record({
  variant: weighted<SourceStatusVariant>(
    [10, 'ready'],
    [2, 'failed'],
    [1, 'progressing'],
    [1, 'no-status'],
    [1, 'stalled'],
    [1, 'lagging'],
    [2, 'names-source'],
  ),
  ago,
});

const rareTrue = weighted([9, false], [1, true]);

function workloadPlan(maxDeps: number): fc.Arbitrary<WorkloadPlan> {
  return fc.record({
    ns: fc.nat({ max: 2 }),
    generation: fc.integer({ min: 1, max: 5 }),
    deps: fc.array(depPlan, { maxLength: maxDeps }),
    source: fc.record({ kind: fc.nat({ max: 1 }), index: smallNat, explicitNs: fc.boolean() }),
    status: workloadStatusPlan,
    suspend: rareTrue,
    parent: fc.option(smallNat, { nil: undefined, freq: 2 }),
    chartPresent: weighted([5, true], [1, false]),
    chartStatus: sourceStatusPlan,
    cascadeRoll: fc.nat({ max: 9 }),
  });
}

function sourcePlan(linkFreq: number): fc.Arbitrary<SourcePlan> {
  return fc.record({
    ns: fc.nat({ max: 2 }),
    generation: fc.integer({ min: 1, max: 3 }),
    status: sourceStatusPlan,
    link: fc.option(smallNat, { nil: undefined, freq: linkFreq }),
    suspend: rareTrue,
  });
}

function appPlan(unambiguous: boolean): fc.Arbitrary<AppPlan> {
  const otherHealth = unambiguous
    ? fc.constantFrom<ArgoOtherResource['health']>('Healthy', 'Degraded', 'Progressing')
    : fc.constantFrom<ArgoOtherResource['health']>('Healthy', 'Degraded', 'Progressing', undefined);
  // Unambiguous clusters always say health and sync: R5 names "Unknown", §2 "Unknown or absent".
  const absent = unambiguous ? [] : [undefined];
  return fc.record({
    hasStatus: unambiguous ? fc.constant(true) : weighted([9, true], [1, false]),
    health: fc.constantFrom<ArgoHealth>(
      'Healthy',
      'Healthy',
      'Healthy',
      'Progressing',
      'Degraded',
      'Missing',
      'Suspended',
      'Unknown',
      ...absent,
    ),
    sync: fc.constantFrom<ArgoSync>('Synced', 'Synced', 'Synced', 'OutOfSync', 'Unknown', ...absent),
    condition: fc.constantFrom<ArgoCondition>(
      'none',
      'none',
      'none',
      'none',
      'ComparisonError',
      'SyncError',
      'InvalidSpecError',
    ),
    operation: fc.constantFrom<ArgoOperation>(
      'none',
      'none',
      'Succeeded',
      'Failed',
      'Error',
      'Running',
      'RunningRetry',
    ),
    reconciledAgo: ago,
    children: fc.array(
      fc.record({
        target: smallNat,
        sync: unambiguous
          ? fc.constant<'Synced'>('Synced')
          : fc.constantFrom<'Synced' | 'OutOfSync'>('Synced', 'OutOfSync'),
      }),
      { maxLength: 3 },
    ),
    others: fc.array(
      fc.record({
        health: otherHealth,
        sync: weighted<'Synced' | 'OutOfSync'>([4, 'Synced'], [1, 'OutOfSync']),
      }),
      { maxLength: 2 },
    ),
    fluxParent: fc.option(smallNat, { nil: undefined, freq: 4 }),
    owner: fc.option(smallNat, { nil: undefined, freq: 2 }),
    team: unambiguous ? fc.constant(false) : weighted([4, false], [1, true]),
  });
}

const v3Plan: fc.Arbitrary<V3Plan> = fc.record({
  imageRepositories: fc.array(
    fc.constantFrom<ImageRepoStatus>('ready', 'ready', 'scan-failed', 'scanning', 'suspended'),
    {
      maxLength: 3,
    },
  ),
  imagePolicies: fc.array(
    fc.record({
      repo: fc.nat({ max: 3 }),
      status: fc.constantFrom<ImagePolicyStatus>('ready', 'no-tags', 'repo-gone', 'no-match', 'fulfilling'),
      web: fc.boolean(),
      latest: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
  automations: fc.array(
    fc.record({
      git: fc.nat({ max: 6 }),
      status: fc.constantFrom<AutomationStatus>('ready', 'git-gone', 'clone-failed', 'fulfilling'),
      selectWeb: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  providers: fc.array(fc.record({ oldStatus: fc.boolean(), suspend: rareTrue }), { maxLength: 2 }),
  alerts: fc.array(
    fc.record({
      provider: fc.nat({ max: 2 }),
      source: fc.oneof(fc.nat({ max: 8 }), fc.constant('all' as const)),
    }),
    { maxLength: 2 },
  ),
  receivers: fc.array(fc.record({ target: fc.nat({ max: 8 }), failing: fc.boolean() }), { maxLength: 2 }),
  tracked: fc.array(fc.record({ workload: fc.nat({ max: 20 }), app: fc.nat({ max: 14 }) }), { maxLength: 4 }),
});

const controllerPlan: fc.Arbitrary<ControllerPlan> = fc.record({
  present: weighted([3, true], [1, false]),
  state: fc.constantFrom<ControllerState>('ready', 'ready', 'failing', 'progressing'),
  managedBy: fc.option(fc.nat({ max: 7 }), { nil: undefined, freq: 2 }),
});

/** Random cluster plans; build them with {@link buildCluster}. */
export function clusterPlan(options: RandomClusterOptions = {}): fc.Arbitrary<ClusterPlan> {
  const maxWorkloads = options.maxWorkloads ?? 60;
  const maxApps = options.maxApps ?? 12;
  const unambiguous = options.unambiguous ?? false;
  const withControllers = options.controllers ?? true;
  return fc
    .record({
      namespaces: fc.integer({ min: 1, max: 3 }),
      cascade: fc.nat({ max: 10 }),
      // size 'max': lengths spread over the whole range, not biased to small arrays.
      kustomizations: fc.array(workloadPlan(3), {
        maxLength: Math.ceil((maxWorkloads * 2) / 3),
        size: 'max',
      }),
      helmReleases: fc.array(workloadPlan(2), { maxLength: Math.ceil(maxWorkloads / 2), size: 'max' }),
      gitRepositories: fc.array(sourcePlan(8), { maxLength: 6, size: 'max' }),
      ociRepositories: fc.array(sourcePlan(1), { maxLength: 4 }),
      helmRepositories: fc.array(sourcePlan(4), { maxLength: 4 }),
      helmCharts: fc.array(sourcePlan(1), { maxLength: 4 }),
      apps: fc.array(appPlan(unambiguous), { maxLength: maxApps, size: 'max' }),
      appSets: fc.array(
        fc.constantFrom<AppSetStatus>('up-to-date', 'up-to-date', 'error', 'not-up-to-date', 'none'),
        {
          maxLength: 2,
        },
      ),
      legacy: weighted([3, false], [1, true]),
      appProject: weighted([4, true], [1, false]),
      controllers: withControllers
        ? fc.option(
            fc.array(controllerPlan, {
              minLength: CONTROLLER_WORKLOADS.length,
              maxLength: CONTROLLER_WORKLOADS.length,
            }),
            { nil: undefined, freq: 2 },
          )
        : fc.constant(undefined),
      v3: v3Plan,
    })
    .map((plan) => {
      // Keep the total number of Kustomizations and HelmReleases within maxWorkloads.
      const ks = plan.kustomizations;
      const hr = plan.helmReleases.slice(0, Math.max(0, maxWorkloads - ks.length));
      return { ...plan, helmReleases: hr };
    });
}

/** Random clusters as plain JSON objects, each identity once. */
export function randomCluster(options: RandomClusterOptions = {}): fc.Arbitrary<KubeJson[]> {
  const unambiguous = options.unambiguous ?? false;
  return clusterPlan(options).map((plan) => buildCluster(plan, { unambiguous }));
}

// ---------------------------------------------------------------------------------------------
// Building

interface Located {
  readonly name: string;
  readonly namespace: string;
}

function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  minutesAgo: number,
  observedGeneration?: number,
): KubeJson {
  return {
    lastTransitionTime: minutesBefore(minutesAgo),
    message,
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
    reason,
    status,
    type,
  };
}

function observedOf(mode: ObservedMode, generation: number): number | undefined {
  switch (mode) {
    case 'equal':
      return generation;
    case 'minus-one':
      return -1;
    case 'lagging':
      return generation - 1;
    case 'absent':
      return undefined;
  }
}

function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}

interface BuildContext {
  readonly namespaces: readonly string[];
  readonly unambiguous: boolean;
  readonly ks: readonly Located[];
  readonly hr: readonly Located[];
  readonly git: readonly Located[];
  readonly oci: readonly Located[];
  readonly helmRepo: readonly Located[];
  readonly charts: readonly Located[];
  readonly exists: Set<string>;
}

function key(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

function nsName(index: number, ctx: BuildContext): string {
  return ctx.namespaces[index % ctx.namespaces.length]!;
}

/** A dependsOn entry and the identity it resolves to. */
interface ResolvedDep {
  readonly entry: KubeJson;
  readonly namespace: string;
  readonly name: string;
  readonly exists: boolean;
}

function resolveDeps(
  kind: 'Kustomization' | 'HelmRelease',
  self: number,
  plans: readonly DepPlan[],
  pool: readonly Located[],
  ctx: BuildContext,
): ResolvedDep[] {
  const prefix = kind === 'Kustomization' ? 'ks' : 'hr';
  const own = pool[self]!;
  const out: ResolvedDep[] = [];
  const seen = new Set<string>();
  for (const dep of plans) {
    const target =
      dep.mode === 'self'
        ? self
        : dep.mode === 'next'
          ? self + 1
          : dep.mode === 'back'
            ? Math.max(0, self - 1 - (dep.target % 4))
            : dep.target % (pool.length + 2);
    const actual = pool[target]?.namespace;
    let namespace: string | undefined;
    if (dep.ns === 9) namespace = REFERENCED_ONLY_NAMESPACE;
    else if (dep.ns >= 7 || actual === undefined) namespace = undefined;
    else namespace = actual !== own.namespace || dep.ns % 2 === 0 ? actual : undefined;
    const name = `${prefix}-${target}`;
    const resolvedNs = namespace ?? own.namespace;
    const id = `${resolvedNs}/${name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      entry: namespace === undefined ? { name } : { name, namespace },
      namespace: resolvedNs,
      name,
      exists: ctx.exists.has(key(kind, resolvedNs, name)),
    });
  }
  return out;
}

function metadata(
  name: string,
  namespace: string,
  generation: number,
  labels: Record<string, string> | undefined,
): KubeJson {
  return {
    name,
    namespace,
    generation,
    uid: `uid-${namespace}-${name}`,
    ...(labels === undefined ? {} : { labels }),
  };
}

function parentLabels(parent: number | undefined, ctx: BuildContext): Record<string, string> | undefined {
  if (parent === undefined || ctx.ks.length === 0) return undefined;
  const ks = ctx.ks[parent % ctx.ks.length]!;
  return {
    'kustomize.toolkit.fluxcd.io/name': ks.name,
    'kustomize.toolkit.fluxcd.io/namespace': ks.namespace,
  };
}

interface SourceTarget {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly exists: boolean;
}

/** Status of a Kustomization or HelmRelease. */
function workloadStatus(
  kind: 'Kustomization' | 'HelmRelease',
  self: Located,
  plan: WorkloadPlan,
  deps: readonly ResolvedDep[],
  source: SourceTarget | undefined,
  ctx: BuildContext,
  cascade: number,
): KubeJson | undefined {
  const { generation } = plan;
  const s: WorkloadStatusPlan =
    deps.length > 0 && plan.cascadeRoll < cascade
      ? { ...plan.status, variant: 'dependency-not-ready' }
      : plan.status;
  const observedGeneration = observedOf(s.observed, generation);
  const og = observedGeneration === undefined ? {} : { observedGeneration };
  const isKs = kind === 'Kustomization';
  const appliedMessage = isKs
    ? 'Applied revision: main@sha1:67e2c98a60dc92283531412a9e604dd4bae005a9'
    : `Helm install succeeded for release ${self.namespace}/${self.name}.v1 with chart podinfo@6.5.4`;
  const readyReason = isKs ? 'ReconciliationSucceeded' : 'InstallSucceeded';
  const withHelmChart = (status: KubeJson): KubeJson =>
    !isKs && source?.kind === 'HelmChart' && (s.pick2 & 1) === 0
      ? { ...status, helmChart: `${source.namespace}/${source.name}` }
      : status;
  const failing = (reason: string, message: string, extra: KubeJson[] = []): KubeJson =>
    withHelmChart({
      conditions: [
        ...extra,
        condition('Ready', 'False', reason, message, s.ago, generation),
        ...(s.pick2 % 3 === 0
          ? [condition('Reconciling', 'True', 'ProgressingWithRetry', message, s.ago, generation)]
          : []),
      ],
      ...og,
    });
  switch (s.variant) {
    case 'ready':
      return withHelmChart({
        conditions: [condition('Ready', 'True', readyReason, appliedMessage, s.ago, generation)],
        observedGeneration: generation,
      });
    case 'ready-lagging':
      return withHelmChart({
        conditions: [condition('Ready', 'True', readyReason, appliedMessage, s.ago, generation - 1)],
        observedGeneration: s.observed === 'minus-one' ? -1 : generation - 1,
      });
    case 'ready-reconciling':
      return withHelmChart({
        conditions: [
          condition('Reconciling', 'True', 'Progressing', 'Reconciliation in progress', 0, generation),
          condition('Ready', 'True', readyReason, appliedMessage, s.ago, generation),
        ],
        observedGeneration: generation,
      });
    case 'dependency-not-ready': {
      const named = pickFrom(deps, s.pick);
      const namespace = named?.namespace ?? self.namespace;
      const name = named?.name ?? `${isKs ? 'ks' : 'hr'}-${s.pick % 7}`;
      const exists = named?.exists ?? ctx.exists.has(key(kind, namespace, name));
      const message = exists
        ? `dependency '${namespace}/${name}' is not ready`
        : isKs
          ? `dependency '${namespace}/${name}' not found: Kustomization.kustomize.toolkit.fluxcd.io "${name}" not found`
          : `unable to get '${namespace}/${name}' dependency: HelmRelease.helm.toolkit.fluxcd.io "${name}" not found`;
      return failing('DependencyNotReady', message);
    }
    case 'source-failed': {
      if (isKs) {
        const message =
          source !== undefined && !source.exists
            ? `${source.kind}.source.toolkit.fluxcd.io "${source.name}" not found`
            : s.pick % 2 === 0
              ? 'Source artifact not found, retrying in 30s'
              : 'Source is not ready, artifact not found, retrying in 30s';
        return failing('ArtifactFailed', message);
      }
      const message =
        source === undefined
          ? 'could not get source: no chart source'
          : !source.exists
            ? `could not get HelmChart object: ${source.kind}.source.toolkit.fluxcd.io "${source.name}" not found`
            : `${source.kind} '${source.namespace}/${source.name}' is not ready: latest generation of object has not been reconciled`;
      // v2beta1 used ArtifactFailed for the same message.
      return failing(s.pick % 4 === 0 ? 'ArtifactFailed' : 'SourceNotReady', message);
    }
    case 'own-failure':
      if (isKs) {
        return s.pick % 2 === 0
          ? failing(
              'BuildFailed',
              "kustomize build failed: accumulating resources: accumulation err='accumulating resources from 'k8s': read /tmp/kustomization-2520510114/k8s: is a directory'",
            )
          : failing(
              'ReconciliationFailed',
              'ArtifactGenerator/flux-system/flux-system dry-run failed: no matches for kind "ArtifactGenerator" in version "source.extensions.fluxcd.io/v1beta1"',
            );
      }
      return s.pick % 2 === 0
        ? failing(
            'InstallFailed',
            `Helm install failed for release ${self.namespace}/${self.name} with chart podinfo@6.5.4: timed out waiting for the condition`,
          )
        : failing('UpgradeFailed', 'upgrade retries exhausted');
    case 'health-check': {
      if (!isKs) {
        return failing(
          'UpgradeFailed',
          `Helm upgrade failed for release ${self.namespace}/${self.name} with chart podinfo@6.5.4: context deadline exceeded`,
        );
      }
      const entries: string[] = [];
      // Unambiguous clusters name only existing objects, and never the Kustomization itself (§5 R3
      // does not say whether a node naming itself yields {itself} or nothing).
      const targetHr = ctx.unambiguous
        ? pickFrom(ctx.hr, s.pick)
        : { name: `hr-${s.pick % (ctx.hr.length + 2)}`, namespace: nsName(s.pick2, ctx) };
      const targetKs = ctx.unambiguous
        ? pickFrom(
            ctx.ks.filter((k) => k !== self),
            s.pick2,
          )
        : { name: `ks-${s.pick2 % (ctx.ks.length + 1)}`, namespace: nsName(s.pick, ctx) };
      const word = s.pick % 3 === 0 ? 'Failed' : 'InProgress';
      if (targetHr !== undefined)
        entries.push(`HelmRelease/${targetHr.namespace}/${targetHr.name} status: '${word}'`);
      if (s.pick2 % 4 === 0 && targetKs !== undefined) {
        entries.push(`Kustomization/${targetKs.namespace}/${targetKs.name} status: '${word}'`);
      }
      if (s.pick2 % 3 === 0 || entries.length === 0) {
        entries.push(`Deployment/${self.namespace}/${self.name}-controller-manager status: '${word}'`);
      }
      const form = ctx.unambiguous ? 0 : s.pick2 % 5;
      const message =
        form === 3
          ? // kustomize-controller ≤ 0.13: `Kind 'ns/name'`
            `Health check timed out for [${entries.map((e) => e.replace(/^(\w+)\/([^/]+)\/(\S+) status: '\w+'$/, "$1 '$2/$3'")).join(', ')}]`
          : form === 4
            ? `Health check failed after 2m0.013489487s, timeout waiting for: [${entries.join(', ')}]`
            : word === 'Failed'
              ? `health check failed after 33.623904ms: failed early due to stalled resources: [${entries.join(', ')}]`
              : `health check failed after 30.016270739s: timeout waiting for: [${entries.join(', ')}]`;
      return failing('HealthCheckFailed', message);
    }
    case 'progressing':
      return withHelmChart({
        conditions: [
          condition('Reconciling', 'True', 'Progressing', 'Reconciliation in progress', s.ago, generation),
          condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', s.ago, generation),
        ],
        ...og,
      });
    case 'stalled':
      return failing(
        isKs ? 'ArtifactFailed' : 'InstallFailed',
        isKs
          ? 'kustomization path not found: stat /tmp/kustomization-1464362706/invalid: no such file or directory'
          : `Helm install failed for release ${self.namespace}/${self.name} with chart podinfo@6.5.4: 5 errors occurred`,
        [
          condition(
            'Stalled',
            'True',
            'RetriesExceeded',
            'Failed to install after 1 attempt(s)',
            s.ago,
            generation,
          ),
        ],
      );
    case 'stalled-unknown':
      return {
        conditions: [
          condition(
            'Stalled',
            'True',
            'RetriesExceeded',
            'Failed to upgrade after 1 attempt(s)',
            s.ago,
            generation,
          ),
          condition(
            'Ready',
            'Unknown',
            'Progressing',
            'Running health checks with a timeout of 30s',
            s.ago,
            generation,
          ),
        ],
        ...og,
      };
    case 'no-status':
      return undefined;
    case 'no-ready-condition':
      return {
        conditions: [
          condition('Reconciling', 'False', 'Succeeded', 'Reconciliation finished', s.ago, generation),
        ],
        ...og,
      };
  }
}

function sourceStatus(
  kind: string,
  self: Located,
  plan: SourcePlan,
  link: SourceTarget | undefined,
): KubeJson | undefined {
  const { status: s, generation } = plan;
  const revision = 'sha256:ed9457de0a8d0d2c11ef77b8b6a4e9a3c5d1f0e2b7a6c5d4e3f2a1b0c9d8e7f6';
  const readyMessage =
    kind === 'HelmChart'
      ? "pulled 'podinfo' chart with version '6.5.4'"
      : `stored artifact for revision '${revision}'`;
  const artifact = {
    artifact: { revision, digest: revision, path: `${kind.toLowerCase()}/${self.namespace}/${self.name}` },
  };
  const failedReason: Record<string, [string, string]> = {
    GitRepository: [
      'GitOperationFailed',
      `failed to checkout and determine revision: unable to clone 'ssh://git@github.com/example/${self.name}': authentication required`,
    ],
    OCIRepository: [
      'OCIOperationFailed',
      `failed to pull artifact from 'oci://ghcr.io/example/${self.name}': unauthorized`,
    ],
    HelmRepository: [
      'Failed',
      'failed to fetch Helm repository index: failed to cache index to temporary file: 404 Not Found',
    ],
    HelmChart: [
      'ChartPullError',
      "chart pull error: failed to download chart for remote reference: failed to get 'oci://example.azurecr.io/helm/podinfo:0.16.0': not found",
    ],
  };
  switch (s.variant) {
    case 'ready':
      return {
        conditions: [condition('Ready', 'True', 'Succeeded', readyMessage, s.ago, generation)],
        observedGeneration: generation,
        ...artifact,
      };
    case 'lagging':
      return {
        conditions: [condition('Ready', 'True', 'Succeeded', readyMessage, s.ago, generation - 1)],
        observedGeneration: generation - 1,
        ...artifact,
      };
    case 'failed':
    case 'names-source': {
      if (s.variant === 'names-source' && link !== undefined) {
        if (kind === 'HelmChart') {
          const message = link.exists
            ? `failed to get source: HelmRepository '${link.namespace}/${link.name}' is not ready`
            : `failed to get source: HelmRepository.source.toolkit.fluxcd.io "${link.name}" not found`;
          return {
            conditions: [condition('Ready', 'False', 'SourceUnavailable', message, s.ago, generation)],
            observedGeneration: generation,
          };
        }
        if (kind === 'GitRepository') {
          const message = link.exists
            ? `no artifact available for include '${link.name}'`
            : `GitRepository.source.toolkit.fluxcd.io "${link.name}" not found`;
          return {
            conditions: [condition('Ready', 'False', 'IncludeUnavailable', message, s.ago, generation)],
            observedGeneration: generation,
            ...artifact,
          };
        }
      }
      const [reason, message] = failedReason[kind] ?? ['Failed', 'failed'];
      // A failing source keeps serving its last artifact.
      return {
        conditions: [condition('Ready', 'False', reason, message, s.ago, generation)],
        observedGeneration: generation,
        ...(s.ago % 2 === 0 ? artifact : {}),
      };
    }
    case 'progressing':
      return {
        conditions: [
          condition('Reconciling', 'True', 'Progressing', 'building artifact', s.ago, generation),
          condition('Ready', 'Unknown', 'Progressing', 'reconciliation in progress', s.ago, generation),
        ],
        observedGeneration: generation - 1,
      };
    case 'no-status':
      return undefined;
    case 'stalled':
      return {
        conditions: [
          condition(
            'Stalled',
            'True',
            'InvalidURL',
            'invalid URL: parse "::": missing protocol scheme',
            s.ago,
            generation,
          ),
          condition(
            'Ready',
            'False',
            'InvalidURL',
            'invalid URL: parse "::": missing protocol scheme',
            s.ago,
            generation,
          ),
        ],
        observedGeneration: generation,
      };
  }
}

function flux(
  apiVersion: string,
  kind: string,
  self: Located,
  generation: number,
  labels: Record<string, string> | undefined,
  spec: KubeJson,
  status: KubeJson | undefined,
): KubeJson {
  return {
    apiVersion,
    kind,
    metadata: metadata(self.name, self.namespace, generation, labels),
    spec,
    ...(status === undefined ? {} : { status }),
  };
}

/** Builds a plan into plain JSON objects. */
export function buildCluster(plan: ClusterPlan, options: { unambiguous?: boolean } = {}): KubeJson[] {
  const namespaces = FLUX_NAMESPACES.slice(0, plan.namespaces);
  const locate = (prefix: string, plans: readonly { ns: number }[]): Located[] =>
    plans.map((p, i) => ({ name: `${prefix}-${i}`, namespace: namespaces[p.ns % namespaces.length]! }));
  const ks = locate('ks', plan.kustomizations);
  const hr = locate('hr', plan.helmReleases);
  const git = locate('git', plan.gitRepositories);
  const oci = locate('oci', plan.ociRepositories);
  const helmRepo = locate('helmrepo', plan.helmRepositories);
  const charts = locate('chart', plan.helmCharts);
  const exists = new Set<string>();
  const add = (kind: string, items: readonly Located[]) => {
    for (const l of items) exists.add(key(kind, l.namespace, l.name));
  };
  add('Kustomization', ks);
  add('HelmRelease', hr);
  add('GitRepository', git);
  add('OCIRepository', oci);
  add('HelmRepository', helmRepo);
  add('HelmChart', charts);
  // Generated HelmCharts (one per HelmRelease with spec.chart, when present).
  const generatedCharts: { hr: number; chart: Located; repo: SourceTarget }[] = [];
  const hrSource: (SourceTarget | undefined)[] = [];
  plan.helmReleases.forEach((p, i) => {
    const self = hr[i]!;
    const mode = p.source.index % 3; // 0: spec.chart → generated HelmChart; 1: chartRef OCIRepository; 2: chartRef HelmChart
    if (mode === 0) {
      const repoIndex = p.source.index % (helmRepo.length + 1);
      const repoNs = p.source.explicitNs
        ? (helmRepo[repoIndex]?.namespace ?? REFERENCED_ONLY_NAMESPACE)
        : self.namespace;
      const chart = { name: `${self.namespace}-${self.name}`, namespace: repoNs };
      const repo = {
        kind: 'HelmRepository',
        namespace: repoNs,
        name: `helmrepo-${repoIndex}`,
        exists: false,
      };
      if (p.chartPresent) {
        exists.add(key('HelmChart', chart.namespace, chart.name));
        generatedCharts.push({ hr: i, chart, repo });
      }
      hrSource.push({
        kind: 'HelmChart',
        namespace: chart.namespace,
        name: chart.name,
        exists: p.chartPresent,
      });
    } else {
      const pool = mode === 1 ? oci : charts;
      const target = p.source.index % (pool.length + 1);
      const namespace = p.source.explicitNs ? (pool[target]?.namespace ?? self.namespace) : self.namespace;
      const kind = mode === 1 ? 'OCIRepository' : 'HelmChart';
      hrSource.push({ kind, namespace, name: `${mode === 1 ? 'oci' : 'chart'}-${target}`, exists: false });
    }
  });
  const ctx: BuildContext = {
    namespaces,
    unambiguous: options.unambiguous ?? false,
    ks,
    hr,
    git,
    oci,
    helmRepo,
    charts,
    exists,
  };
  const target = (t: Omit<SourceTarget, 'exists'>): SourceTarget => ({
    ...t,
    exists: exists.has(key(t.kind, t.namespace, t.name)),
  });

  const out: KubeJson[] = [];

  // Sources.
  /** A source of `kind` at the plan's generation, with the status its plan and target give it. */
  const source = (
    kind: string,
    self: Located,
    p: SourcePlan,
    spec: KubeJson,
    link: SourceTarget | undefined,
    labels?: Record<string, string>,
  ) => flux(SOURCE_API, kind, self, p.generation, labels, spec, sourceStatus(kind, self, p, link));
  plan.gitRepositories.forEach((p, i) => {
    const self = git[i]!;
    const include =
      p.link === undefined
        ? undefined
        : target({
            kind: 'GitRepository',
            namespace: self.namespace,
            name: `git-${p.link % (git.length + 1)}`,
          });
    const spec: KubeJson = {
      interval: '5m',
      url: `ssh://git@github.com/example/${self.name}`,
      ref: { branch: 'main' },
      ...(include === undefined ? {} : { include: [{ repository: { name: include.name } }] }),
      ...(p.suspend ? { suspend: true } : {}),
    };
    out.push(source('GitRepository', self, p, spec, include));
  });
  plan.ociRepositories.forEach((p, i) => {
    const self = oci[i]!;
    const spec: KubeJson = {
      interval: '5m',
      url: `oci://ghcr.io/example/${self.name}`,
      ref: { tag: 'latest' },
    };
    out.push(source('OCIRepository', self, p, spec, undefined));
  });
  plan.helmRepositories.forEach((p, i) => {
    const self = helmRepo[i]!;
    const isOci = p.link !== undefined && p.link % 2 === 0;
    const spec: KubeJson = isOci
      ? { interval: '5m', type: 'oci', url: 'oci://ghcr.io/example/charts' }
      : { interval: '5m', url: 'https://example.github.io/charts' };
    // An OCI HelmRepository has no status by design.
    const status = isOci ? undefined : sourceStatus('HelmRepository', self, p, undefined);
    out.push(flux(SOURCE_API, 'HelmRepository', self, p.generation, undefined, spec, status));
  });
  const helmChart = (self: Located, p: SourcePlan, repo: SourceTarget, labels?: Record<string, string>) => {
    const spec: KubeJson = {
      chart: 'podinfo',
      interval: '5m',
      reconcileStrategy: 'ChartVersion',
      sourceRef: { kind: 'HelmRepository', name: repo.name },
      version: '6.*',
    };
    out.push(source('HelmChart', self, p, spec, repo, labels));
  };
  plan.helmCharts.forEach((p, i) => {
    const self = charts[i]!;
    const repo = target({
      kind: 'HelmRepository',
      namespace: self.namespace,
      name: `helmrepo-${(p.link ?? i) % (helmRepo.length + 1)}`,
    });
    helmChart(self, p, repo);
  });
  for (const g of generatedCharts) {
    const p = plan.helmReleases[g.hr]!;
    const owner = hr[g.hr]!;
    const chartPlan: SourcePlan = {
      ns: 0,
      generation: 1,
      status: p.chartStatus,
      link: undefined,
      suspend: false,
    };
    helmChart(g.chart, chartPlan, target(g.repo), {
      'helm.toolkit.fluxcd.io/name': owner.name,
      'helm.toolkit.fluxcd.io/namespace': owner.namespace,
    });
  }

  // Kustomizations.
  plan.kustomizations.forEach((p, i) => {
    const self = ks[i]!;
    const deps = resolveDeps('Kustomization', i, p.deps, ks, ctx);
    const kind = p.source.kind % 2 === 0 ? 'GitRepository' : 'OCIRepository';
    const pool = kind === 'GitRepository' ? git : oci;
    const index = p.source.index % (pool.length + 1);
    const srcNs = p.source.explicitNs
      ? (pool[index]?.namespace ?? REFERENCED_ONLY_NAMESPACE)
      : self.namespace;
    const source = target({
      kind,
      namespace: srcNs,
      name: `${kind === 'GitRepository' ? 'git' : 'oci'}-${index}`,
    });
    const spec: KubeJson = {
      interval: '10m',
      path: `./clusters/production/${self.name}`,
      prune: true,
      sourceRef: p.source.explicitNs
        ? { kind, name: source.name, namespace: srcNs }
        : { kind, name: source.name },
      ...(deps.length === 0 ? {} : { dependsOn: deps.map((d) => d.entry) }),
      ...(p.suspend ? { suspend: true } : {}),
    };
    const status = workloadStatus('Kustomization', self, p, deps, source, ctx, plan.cascade);
    out.push(flux(KS_API, 'Kustomization', self, p.generation, parentLabels(p.parent, ctx), spec, status));
  });

  // HelmReleases.
  plan.helmReleases.forEach((p, i) => {
    const self = hr[i]!;
    const deps = resolveDeps('HelmRelease', i, p.deps, hr, ctx);
    const source = target(hrSource[i]!);
    let chartSpec: KubeJson;
    if (source.kind === 'HelmChart' && source.name === `${self.namespace}-${self.name}`) {
      const repoIndex = p.source.index % (helmRepo.length + 1);
      chartSpec = {
        chart: {
          spec: {
            chart: 'podinfo',
            version: '6.5.4',
            sourceRef: {
              kind: 'HelmRepository',
              name: `helmrepo-${repoIndex}`,
              ...(p.source.explicitNs ? { namespace: source.namespace } : {}),
            },
          },
        },
      };
    } else {
      chartSpec = {
        chartRef: {
          kind: source.kind,
          name: source.name,
          ...(p.source.explicitNs ? { namespace: source.namespace } : {}),
        },
      };
    }
    const spec: KubeJson = {
      interval: '10m',
      releaseName: self.name,
      ...chartSpec,
      ...(deps.length === 0 ? {} : { dependsOn: deps.map((d) => d.entry) }),
      ...(p.suspend ? { suspend: true } : {}),
    };
    const status = workloadStatus('HelmRelease', self, p, deps, source, ctx, plan.cascade);
    out.push(flux(HR_API, 'HelmRelease', self, p.generation, parentLabels(p.parent, ctx), spec, status));
  });

  // Argo CD.
  if (plan.apps.length > 0 && plan.appProject) {
    out.push({
      apiVersion: ARGO_API,
      kind: 'AppProject',
      metadata: { name: 'default', namespace: ARGO_NAMESPACE, generation: 1 },
      spec: { sourceRepos: ['*'], destinations: [{ namespace: '*', server: '*' }] },
    });
  }
  const appNamespaces = plan.apps.map((p) => (p.team ? TEAM_NAMESPACE : ARGO_NAMESPACE));
  plan.apps.forEach((p, i) => {
    out.push(buildApp(p, i, appNamespaces, plan.appSets.length, ctx));
  });
  plan.appSets.forEach((status, j) => {
    out.push(buildAppSet(status, j));
  });

  out.push(...buildV3(plan, ctx, appNamespaces, out));

  if (plan.legacy) {
    out.forEach((o, i) => {
      const legacy = LEGACY_API[o.apiVersion as string];
      if (legacy !== undefined && i % 2 === 1) out[i] = { ...o, apiVersion: legacy };
    });
  }

  // Controllers.
  if (plan.controllers !== undefined) {
    CONTROLLER_WORKLOADS.forEach((c, i) => {
      const p = plan.controllers![i];
      if (p === undefined || !p.present) return;
      out.push(buildController(c, p, ctx));
    });
  }
  return out;
}

function buildAppSet(status: AppSetStatus, j: number): KubeJson {
  const time = minutesBefore(15);
  const conditions: KubeJson[] =
    status === 'none'
      ? []
      : status === 'error'
        ? [
            {
              type: 'ErrorOccurred',
              status: 'True',
              reason: 'ApplicationGenerationFromParamsError',
              message: 'found less than two generators, Merge requires two or more',
              lastTransitionTime: time,
            },
            {
              type: 'ResourcesUpToDate',
              status: 'False',
              reason: 'ApplicationGenerationFromParamsError',
              message: 'found less than two generators, Merge requires two or more',
              lastTransitionTime: time,
            },
          ]
        : status === 'not-up-to-date'
          ? [
              {
                type: 'ErrorOccurred',
                status: 'False',
                reason: 'ApplicationSetUpToDate',
                message: 'Successfully generated parameters for all Applications',
                lastTransitionTime: time,
              },
              {
                type: 'ResourcesUpToDate',
                status: 'False',
                reason: 'ApplicationValidationError',
                message: 'application spec is invalid: application destination spec is invalid',
                lastTransitionTime: time,
              },
            ]
          : [
              {
                type: 'ErrorOccurred',
                status: 'False',
                reason: 'ApplicationSetUpToDate',
                message: 'All applications have been generated successfully',
                lastTransitionTime: time,
              },
              {
                type: 'ResourcesUpToDate',
                status: 'True',
                reason: 'ApplicationSetUpToDate',
                message: 'ApplicationSet up to date',
                lastTransitionTime: time,
              },
            ];
  return {
    apiVersion: ARGO_API,
    kind: 'ApplicationSet',
    metadata: { name: `appset-${j}`, namespace: ARGO_NAMESPACE, generation: 1, uid: `uid-appset-${j}` },
    spec: { generators: [{ list: { elements: [] } }], template: { spec: { project: 'default' } } },
    ...(conditions.length === 0 ? {} : { status: { conditions } }),
  };
}

function buildApp(
  p: AppPlan,
  i: number,
  appNamespaces: readonly string[],
  appSets: number,
  ctx: BuildContext,
): KubeJson {
  const name = `app-${i}`;
  const count = appNamespaces.length;
  const namespace = appNamespaces[i]!;
  const labels =
    p.fluxParent === undefined || ctx.ks.length === 0 ? undefined : parentLabels(p.fluxParent, ctx);
  // ownerReferences stay within a namespace: only control-plane apps are generated by an ApplicationSet.
  const owner = p.owner === undefined || appSets === 0 || p.team ? undefined : p.owner % appSets;
  const meta: KubeJson = {
    name,
    namespace,
    generation: 3,
    uid: `uid-app-${i}`,
    ...(labels === undefined ? {} : { labels }),
    ...(owner === undefined
      ? {}
      : {
          ownerReferences: [
            {
              apiVersion: ARGO_API,
              kind: 'ApplicationSet',
              name: `appset-${owner}`,
              uid: `uid-appset-${owner}`,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        }),
  };
  const spec: KubeJson = {
    project: 'default',
    source: { repoURL: 'https://github.com/example/apps', path: `apps/${name}`, targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace: name },
  };
  if (!p.hasStatus) return { apiVersion: ARGO_API, kind: 'Application', metadata: meta, spec };
  const children = new Map<string, { namespace: string; sync: 'Synced' | 'OutOfSync' }>();
  for (const c of p.children) {
    const t = ctx.unambiguous ? c.target % count : c.target % (count + 2);
    children.set(`app-${t}`, { namespace: appNamespaces[t] ?? ARGO_NAMESPACE, sync: c.sync });
  }
  const resources: KubeJson[] = [
    ...[...children].map(([child, { namespace: childNs, sync }]) => ({
      group: 'argoproj.io',
      kind: 'Application',
      name: child,
      namespace: childNs,
      status: sync,
      version: 'v1alpha1',
    })),
    ...p.others.map((o, k) => ({
      group: 'apps',
      kind: 'Deployment',
      name: `${name}-web-${k}`,
      namespace: name,
      status: o.sync,
      version: 'v1',
      ...(o.health === undefined ? {} : { health: { status: o.health } }),
    })),
  ];
  const conditions: KubeJson[] = [];
  const conditionTime = minutesBefore(p.reconciledAgo + 1);
  switch (p.condition) {
    case 'ComparisonError':
      conditions.push({
        type: 'ComparisonError',
        message:
          'Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: code = Unknown desc = Manifest generation error (cached): `kustomize build .` failed exit status 1',
        lastTransitionTime: conditionTime,
      });
      break;
    case 'SyncError':
      conditions.push({
        type: 'SyncError',
        message:
          'Failed last sync attempt to [5e2f094b5b3c2a8c4e1e2e6f6d5c8b7a9f0e1d2c]: one or more objects failed to apply, reason: namespaces "ansible" not found (retried 5 times).',
        lastTransitionTime: conditionTime,
      });
      break;
    case 'InvalidSpecError':
      conditions.push({
        type: 'InvalidSpecError',
        message: 'Application referencing project default which does not exist',
        lastTransitionTime: conditionTime,
      });
      break;
    case 'none':
      break;
  }
  const started = minutesBefore(p.reconciledAgo + 3);
  const finished = minutesBefore(p.reconciledAgo + 2);
  let operationState: KubeJson | undefined;
  switch (p.operation) {
    case 'none':
      break;
    case 'Succeeded':
      operationState = {
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: started,
        finishedAt: finished,
      };
      break;
    case 'Failed':
    case 'Error':
      operationState = {
        phase: p.operation,
        message:
          'one or more objects failed to apply, reason: admission webhook "validate.nginx.ingress.kubernetes.io" denied the request',
        startedAt: started,
        finishedAt: finished,
      };
      break;
    case 'Running':
      operationState = {
        phase: 'Running',
        message: 'waiting for healthy state of apps/Deployment/web',
        startedAt: started,
      };
      break;
    case 'RunningRetry':
      operationState = {
        phase: 'Running',
        message: 'Retrying attempt #2 at 9:59AM.',
        retryCount: 2,
        startedAt: started,
        finishedAt: finished,
      };
      break;
  }
  const status: KubeJson = {
    ...(conditions.length === 0 ? {} : { conditions }),
    ...(p.health === undefined
      ? {}
      : {
          health: {
            status: p.health,
            lastTransitionTime: minutesBefore(p.reconciledAgo + 4),
            ...(p.health === 'Degraded'
              ? { message: 'Deployment "web" exceeded its progress deadline' }
              : {}),
          },
        }),
    ...(operationState === undefined ? {} : { operationState }),
    reconciledAt: minutesBefore(p.reconciledAgo),
    ...(namespace === ARGO_NAMESPACE ? {} : { controllerNamespace: ARGO_NAMESPACE }),
    resources,
    sourceType: 'Kustomize',
    ...(p.sync === undefined ? {} : { sync: { status: p.sync, revision: '574ab40' } }),
  };
  return { apiVersion: ARGO_API, kind: 'Application', metadata: meta, spec, status };
}

interface ControllerWorkload {
  readonly name: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** Controller workloads in the plan's order. */
export const CONTROLLER_WORKLOADS: readonly ControllerWorkload[] = [
  {
    name: 'source-controller',
    kind: 'Deployment',
    namespace: 'flux-system',
    labels: { app: 'source-controller' },
  },
  {
    name: 'kustomize-controller',
    kind: 'Deployment',
    namespace: 'flux-system',
    labels: { app: 'kustomize-controller' },
  },
  {
    name: 'helm-controller',
    kind: 'Deployment',
    namespace: 'flux-system',
    labels: { app: 'helm-controller' },
  },
  {
    name: 'flux-operator',
    kind: 'Deployment',
    namespace: 'flux-system',
    labels: { 'app.kubernetes.io/name': 'flux-operator' },
  },
  // Flux 2.9 labels its controllers app.kubernetes.io/component.
  ...(['image-reflector-controller', 'image-automation-controller', 'notification-controller'] as const).map(
    (name): ControllerWorkload => ({
      name,
      kind: 'Deployment',
      namespace: 'flux-system',
      labels: { 'app.kubernetes.io/component': name, 'app.kubernetes.io/part-of': 'flux' },
    }),
  ),
  {
    name: 'argocd-application-controller',
    kind: 'StatefulSet',
    namespace: ARGO_NAMESPACE,
    labels: {
      'app.kubernetes.io/component': 'application-controller',
      'app.kubernetes.io/name': 'argocd-application-controller',
    },
  },
  {
    name: 'argocd-repo-server',
    kind: 'Deployment',
    namespace: ARGO_NAMESPACE,
    labels: { 'app.kubernetes.io/component': 'repo-server', 'app.kubernetes.io/name': 'argocd-repo-server' },
  },
  {
    name: 'argocd-applicationset-controller',
    kind: 'Deployment',
    namespace: ARGO_NAMESPACE,
    labels: {
      'app.kubernetes.io/component': 'applicationset-controller',
      'app.kubernetes.io/name': 'argocd-applicationset-controller',
    },
  },
];

const IMAGE_API = 'image.toolkit.fluxcd.io/v1';
const NOTIFICATION_API = 'notification.toolkit.fluxcd.io/v1beta3';
const RECEIVER_API = 'notification.toolkit.fluxcd.io/v1';

/** The API version each v3 kind is served at. */
const V3_API = {
  ImageRepository: IMAGE_API,
  ImagePolicy: IMAGE_API,
  ImageUpdateAutomation: IMAGE_API,
  Provider: NOTIFICATION_API,
  Alert: NOTIFICATION_API,
  Receiver: RECEIVER_API,
} as const;

type V3Kind = keyof typeof V3_API;

function v3Condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
): KubeJson {
  return { type, status, reason, message, lastTransitionTime: minutesBefore(30), observedGeneration: 1 };
}

const FULFILLING = [
  v3Condition('Ready', 'Unknown', 'Progressing', 'Fulfilling prerequisites'),
  v3Condition('Reconciling', 'True', 'Progressing', 'Fulfilling prerequisites'),
];

/**
 * The v3 kinds: image automation (statuses as image-reflector and image-automation controllers
 * write them), Alerts, Providers and Receivers (E9), and Flux objects tracked by Applications (E8)
 * that may be absent (orphaned claims). In unambiguous mode a message that names an object says
 * what is true of it (a policy says its repository is gone only when it is).
 */
function buildV3(
  plan: ClusterPlan,
  ctx: BuildContext,
  appNamespaces: readonly string[],
  built: KubeJson[],
): KubeJson[] {
  const v3 = plan.v3;
  const ns = ctx.namespaces[0]!;
  const out: KubeJson[] = [];
  /** A v3-kind object `name` in the first namespace, at generation 1. */
  const v3Object = (
    kind: V3Kind,
    name: string,
    spec: KubeJson,
    status?: KubeJson,
    labels?: Record<string, string>,
  ) => flux(V3_API[kind], kind, { name, namespace: ns }, 1, labels, spec, status);
  const repoReady = (i: number) =>
    v3.imageRepositories[i] === 'ready' || v3.imageRepositories[i] === 'suspended';
  v3.imageRepositories.forEach((status, i) => {
    const conditions =
      status === 'scan-failed'
        ? [
            v3Condition(
              'Ready',
              'False',
              'ReadOperationFailed',
              'scan failed: GET https://registry.example.com/v2/app/tags/list: UNAUTHORIZED',
            ),
            v3Condition('Reconciling', 'True', 'ProgressingWithRetry', 'scan failed'),
          ]
        : status === 'scanning'
          ? [
              v3Condition('Ready', 'Unknown', 'Progressing', 'scanning: first scan'),
              v3Condition('Reconciling', 'True', 'Progressing', 'scanning: first scan'),
            ]
          : [v3Condition('Ready', 'True', 'Succeeded', 'successful scan: found 3 tags with checksum 12')];
    out.push(
      v3Object(
        'ImageRepository',
        `image-${i}`,
        {
          image: `registry.example.com/app-${i}`,
          interval: '5m',
          ...(status === 'suspended' ? { suspend: true } : {}),
        },
        { observedGeneration: 1, conditions },
      ),
    );
  });
  v3.imagePolicies.forEach((p, i) => {
    const repoIndex = p.repo;
    const repoName = `image-${repoIndex}`;
    const present = repoIndex < v3.imageRepositories.length;
    let status: ImagePolicyStatus = p.status;
    if (ctx.unambiguous) {
      if (!present) status = 'repo-gone';
      else if (status === 'repo-gone') status = repoReady(repoIndex) ? 'no-match' : 'no-tags';
    }
    const conditions =
      status === 'ready'
        ? [
            v3Condition(
              'Ready',
              'True',
              'Succeeded',
              `Latest image tag for registry.example.com/${repoName} resolved to 1.2.3`,
            ),
          ]
        : status === 'no-tags'
          ? [
              v3Condition(
                'Ready',
                'False',
                'DependencyNotReady',
                'retrying in 30s error: no tags in database',
              ),
            ]
          : status === 'repo-gone'
            ? [
                v3Condition(
                  'Ready',
                  'False',
                  'DependencyNotReady',
                  `failed to get the referred ImageRepository: referenced ImageRepository does not exist: ImageRepository.image.toolkit.fluxcd.io "${repoName}" not found`,
                ),
              ]
            : status === 'no-match'
              ? [
                  v3Condition(
                    'Ready',
                    'False',
                    'Failure',
                    'unable to determine latest version from provided list',
                  ),
                ]
              : FULFILLING;
    out.push(
      v3Object(
        'ImagePolicy',
        `policy-${i}`,
        { imageRepositoryRef: { name: repoName }, policy: { semver: { range: '>=1.0.0' } } },
        {
          observedGeneration: 1,
          conditions,
          ...(p.latest ? { latestRef: { name: `registry.example.com/${repoName}`, tag: '1.2.3' } } : {}),
        },
        p.web ? { app: 'web' } : undefined,
      ),
    );
  });
  v3.automations.forEach((p, i) => {
    const gitName = `git-${p.git}`;
    const present = ctx.exists.has(key('GitRepository', ns, gitName));
    let status: AutomationStatus = p.status;
    if (ctx.unambiguous && (status === 'git-gone') !== !present)
      status = present ? 'clone-failed' : 'git-gone';
    const conditions =
      status === 'ready'
        ? [v3Condition('Ready', 'True', 'Succeeded', 'repository up-to-date')]
        : status === 'git-gone'
          ? [
              v3Condition(
                'Ready',
                'False',
                'SourceManagerFailed',
                `failed configuring source manager: referenced git repository does not exist: GitRepository.source.toolkit.fluxcd.io "${gitName}" not found`,
              ),
            ]
          : status === 'clone-failed'
            ? [
                v3Condition(
                  'Ready',
                  'False',
                  'GitOperationFailed',
                  `failed to checkout source: unable to clone 'ssh://git@github.com/example/${gitName}'`,
                ),
              ]
            : FULFILLING;
    out.push(
      v3Object(
        'ImageUpdateAutomation',
        `automation-${i}`,
        {
          interval: '30m',
          sourceRef: { kind: 'GitRepository', name: gitName },
          update: { path: './clusters', strategy: 'Setters' },
          ...(p.selectWeb ? { policySelector: { matchLabels: { app: 'web' } } } : {}),
        },
        { observedGeneration: 1, conditions },
      ),
    );
  });
  v3.providers.forEach((p, i) => {
    out.push(
      v3Object(
        'Provider',
        `provider-${i}`,
        { type: 'slack', ...(p.suspend ? { suspend: true } : {}) },
        // A status left from v1beta2 is ignored: Alert and Provider have none.
        p.oldStatus
          ? { conditions: [v3Condition('Ready', 'False', 'Failed', 'old v1beta2 status')] }
          : undefined,
      ),
    );
  });
  v3.alerts.forEach((p, i) => {
    const source =
      p.source === 'all'
        ? { kind: 'Kustomization', name: '*', matchLabels: { tier: 'platform' } }
        : { kind: 'Kustomization', name: `ks-${p.source}` };
    out.push(
      v3Object('Alert', `alert-${i}`, {
        providerRef: { name: `provider-${p.provider}` },
        eventSources: [source],
      }),
    );
  });
  v3.receivers.forEach((p, i) => {
    out.push(
      v3Object(
        'Receiver',
        `receiver-${i}`,
        {
          type: 'github',
          secretRef: { name: 'token' },
          resources: [{ kind: 'Kustomization', name: `ks-${p.target}` }],
        },
        {
          observedGeneration: 1,
          conditions: [
            p.failing
              ? v3Condition(
                  'Ready',
                  'False',
                  'TokenNotFound',
                  `unable to read token from secret '${ns}/token' error: secrets "token" not found`,
                )
              : v3Condition('Ready', 'True', 'Succeeded', 'Receiver initialized for path: /hook/0123abcd'),
          ],
        },
      ),
    );
  });
  // E8: tracking ids on Flux objects, naming Applications that may not exist.
  for (const t of v3.tracked) {
    const pool = t.workload % 2 === 0 ? ctx.ks : ctx.hr;
    const target = pickFrom(pool, t.workload >> 1);
    if (target === undefined) continue;
    const kind = pool === ctx.ks ? 'Kustomization' : 'HelmRelease';
    const group = kind === 'Kustomization' ? 'kustomize.toolkit.fluxcd.io' : 'helm.toolkit.fluxcd.io';
    const appNs = appNamespaces[t.app] ?? ARGO_NAMESPACE;
    const app = appNs === ARGO_NAMESPACE ? `app-${t.app}` : `${appNs}_app-${t.app}`;
    const index = built.findIndex(
      (o) => o.kind === kind && keyOfBuilt(o) === key(kind, target.namespace, target.name),
    );
    if (index < 0) continue;
    const object = built[index]!;
    const md = object.metadata as KubeJson;
    built[index] = {
      ...object,
      metadata: {
        ...md,
        annotations: {
          ...(md.annotations as KubeJson | undefined),
          'argocd.argoproj.io/tracking-id': `${app}:${group}/${kind}:${target.namespace}/${target.name}`,
        },
      },
    };
  }
  return out;
}

function keyOfBuilt(o: KubeJson): string {
  const md = o.metadata as KubeJson;
  return key(String(o.kind), String(md.namespace), String(md.name));
}

function buildController(c: ControllerWorkload, p: ControllerPlan, ctx: BuildContext): KubeJson {
  const labels: Record<string, string> = { ...c.labels };
  if (p.managedBy !== undefined) {
    const pool = p.managedBy % 2 === 0 ? ctx.ks : ctx.hr;
    const manager = pickFrom(pool, p.managedBy >> 1);
    if (manager !== undefined) {
      const prefix = pool === ctx.ks ? 'kustomize.toolkit.fluxcd.io' : 'helm.toolkit.fluxcd.io';
      labels[`${prefix}/name`] = manager.name;
      labels[`${prefix}/namespace`] = manager.namespace;
    }
  }
  const available = p.state === 'ready' ? 1 : p.state === 'failing' ? 0 : 1;
  const replicas = p.state === 'progressing' ? 2 : 1;
  const countField = c.kind === 'StatefulSet' ? 'readyReplicas' : 'availableReplicas';
  return {
    apiVersion: 'apps/v1',
    kind: c.kind,
    metadata: { name: c.name, namespace: c.namespace, generation: 2, labels },
    spec: { replicas, selector: { matchLabels: c.labels } },
    status: {
      observedGeneration: 2,
      replicas,
      [countField]: available,
      ...(c.kind === 'Deployment'
        ? {
            conditions: [
              {
                type: 'Available',
                status: available === replicas ? 'True' : 'False',
                reason: available === replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
                message:
                  available === replicas
                    ? 'Deployment has minimum availability.'
                    : 'Deployment does not have minimum availability.',
                lastTransitionTime: minutesBefore(20),
              },
            ],
          }
        : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Mutations (for the incremental model)

export type MutationKind =
  | 'ready'
  | 'failing'
  | 'dependency'
  | 'progressing'
  | 'no-status'
  | 'suspend'
  | 'resume'
  | 'rewire'
  | 'relabel'
  | 'bump-generation';

/** A change to one object: `target` picks what `rewire` and `relabel` point at. */
export interface Mutation {
  readonly kind: MutationKind;
  readonly target: number;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<MutationKind>(
    'ready',
    'failing',
    'dependency',
    'progressing',
    'no-status',
    'suspend',
    'resume',
    'rewire',
    'relabel',
    'bump-generation',
  ),
  target: fc.nat({ max: 40 }),
});

function generationOf(obj: KubeJson): number {
  const g = (obj.metadata as { generation?: unknown } | undefined)?.generation;
  return typeof g === 'number' ? g : 1;
}

function withLabels(obj: KubeJson, labels: Record<string, string>): KubeJson {
  const meta = (obj.metadata ?? {}) as KubeJson;
  const old = (meta.labels ?? {}) as Record<string, string>;
  return { ...obj, metadata: { ...meta, labels: { ...old, ...labels } } };
}

/**
 * A new version of `obj`, changed the way a controller or a user would: a new status, suspension,
 * a new generation, different references (`rewire`) or a different managing Kustomization
 * (`relabel`).
 */
export function mutate(obj: KubeJson, mutation: Mutation): KubeJson {
  const generation = generationOf(obj);
  const kind = obj.kind as string;
  const spec = (obj.spec ?? {}) as KubeJson;
  const meta = (obj.metadata ?? {}) as KubeJson;
  const ns = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  const t = mutation.target;
  const withStatus = (status: KubeJson | undefined): KubeJson => {
    const { status: _old, ...rest } = obj;
    return status === undefined ? rest : { ...rest, status };
  };
  if (mutation.kind === 'relabel') {
    return withLabels(obj, {
      'kustomize.toolkit.fluxcd.io/name': `ks-${t % 12}`,
      'kustomize.toolkit.fluxcd.io/namespace': FLUX_NAMESPACES[t % 3]!,
    });
  }
  if (mutation.kind === 'bump-generation') {
    return { ...obj, metadata: { ...meta, generation: generation + 1 } };
  }
  if (kind === 'Deployment' || kind === 'StatefulSet') {
    if (mutation.kind === 'rewire') {
      return withLabels(obj, {
        'helm.toolkit.fluxcd.io/name': `hr-${t % 12}`,
        'helm.toolkit.fluxcd.io/namespace': FLUX_NAMESPACES[t % 3]!,
      });
    }
    const countField = kind === 'StatefulSet' ? 'readyReplicas' : 'availableReplicas';
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const m = mutation.kind;
    const available = m === 'ready' ? replicas : m === 'failing' || m === 'no-status' ? 0 : 1;
    return withStatus({ observedGeneration: generation, replicas, [countField]: available });
  }
  if (kind === 'AppProject') return obj;
  if (kind === 'ApplicationSet') {
    const error = mutation.kind === 'failing' || mutation.kind === 'dependency';
    return withStatus({
      conditions: [
        {
          type: 'ErrorOccurred',
          status: error ? 'True' : 'False',
          reason: error ? 'RenderTemplateParamsError' : 'ApplicationSetUpToDate',
          message: error
            ? 'failed to execute go template'
            : 'All applications have been generated successfully',
        },
      ],
    });
  }
  if (kind === 'Application') {
    const old = (obj.status ?? {}) as KubeJson;
    const base: KubeJson = { reconciledAt: minutesBefore(1), resources: old.resources ?? [] };
    switch (mutation.kind) {
      case 'ready':
      case 'resume':
        return withStatus({ ...base, health: { status: 'Healthy' }, sync: { status: 'Synced' } });
      case 'failing':
        return withStatus({
          ...base,
          health: { status: 'Degraded', message: 'back-off restarting' },
          sync: { status: 'Synced' },
        });
      case 'dependency':
      case 'progressing':
        return withStatus({ ...base, health: { status: 'Progressing' }, sync: { status: 'OutOfSync' } });
      case 'suspend':
        return withStatus({ ...base, health: { status: 'Suspended' }, sync: { status: 'Synced' } });
      case 'no-status':
        return withStatus(undefined);
      case 'rewire':
        return withStatus({
          ...old,
          resources: [
            {
              group: 'argoproj.io',
              kind: 'Application',
              name: `app-${t % 12}`,
              namespace: ARGO_NAMESPACE,
              status: 'Synced',
              version: 'v1alpha1',
            },
          ],
        });
    }
  }
  // Flux objects.
  switch (mutation.kind) {
    case 'suspend':
      return { ...obj, spec: { ...spec, suspend: true } };
    case 'resume': {
      const { suspend: _s, ...rest } = spec;
      return { ...obj, spec: rest };
    }
    case 'no-status':
      return withStatus(undefined);
    case 'ready':
      return withStatus({
        conditions: [
          condition(
            'Ready',
            'True',
            'ReconciliationSucceeded',
            'Applied revision: main@sha1:aaaa',
            1,
            generation,
          ),
        ],
        observedGeneration: generation,
      });
    case 'failing':
      return withStatus({
        conditions: [
          condition(
            'Ready',
            'False',
            'ReconciliationFailed',
            'apply failed: admission webhook denied',
            1,
            generation,
          ),
        ],
        observedGeneration: -1,
      });
    case 'progressing':
      return withStatus({
        conditions: [
          condition('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress', 1, generation),
        ],
        observedGeneration: generation - 1,
      });
    case 'dependency': {
      const deps = Array.isArray(spec.dependsOn)
        ? (spec.dependsOn as { name?: string; namespace?: string }[])
        : [];
      const first = deps[0];
      const message =
        first === undefined
          ? `dependency '${ns}/nothing' is not ready`
          : `dependency '${first.namespace ?? ns}/${first.name}' is not ready`;
      return withStatus({
        conditions: [condition('Ready', 'False', 'DependencyNotReady', message, 1, generation)],
        observedGeneration: -1,
      });
    }
    case 'rewire': {
      switch (kind) {
        case 'Kustomization':
          return {
            ...obj,
            spec: {
              ...spec,
              dependsOn: [{ name: `ks-${t % 12}` }],
              sourceRef: { kind: 'GitRepository', name: `git-${t % 4}` },
            },
          };
        case 'HelmRelease':
          return { ...obj, spec: { ...spec, dependsOn: [{ name: `hr-${t % 12}` }] } };
        case 'HelmChart':
          return {
            ...obj,
            spec: { ...spec, sourceRef: { kind: 'HelmRepository', name: `helmrepo-${t % 4}` } },
          };
        case 'GitRepository':
          return { ...obj, spec: { ...spec, include: [{ repository: { name: `git-${t % 4}` } }] } };
        default:
          return obj;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed large shapes (scale tests)

function pad(i: number): string {
  return String(i).padStart(6, '0');
}

/** `ks-000000 → ks-000001 → … → ks-<n-1>`, the last one failing on its own (BuildFailed). */
export function kustomizationChain(n: number, cycle = false): KubeJson[] {
  const out: KubeJson[] = [];
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const next = cycle ? (i + 1) % n : i + 1;
    const dependsOn = last && !cycle ? [] : [{ name: `ks-${pad(next)}` }];
    const ready =
      last && !cycle
        ? condition('Ready', 'False', 'BuildFailed', 'kustomize build failed: accumulating resources', 5, 1)
        : condition(
            'Ready',
            'False',
            'DependencyNotReady',
            `dependency 'flux-system/ks-${pad(next)}' is not ready`,
            5,
            1,
          );
    out.push({
      apiVersion: KS_API,
      kind: 'Kustomization',
      metadata: { name: `ks-${pad(i)}`, namespace: 'flux-system', generation: 1 },
      spec: {
        interval: '10m',
        path: `./k/${i}`,
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        ...(dependsOn.length === 0 ? {} : { dependsOn }),
      },
      status: { conditions: [ready], observedGeneration: -1 },
    });
  }
  out.push({
    apiVersion: SOURCE_API,
    kind: 'GitRepository',
    metadata: { name: 'flux-system', namespace: 'flux-system', generation: 1 },
    spec: { interval: '1m', url: 'ssh://git@github.com/example/fleet', ref: { branch: 'main' } },
    status: {
      conditions: [
        condition('Ready', 'True', 'Succeeded', "stored artifact for revision 'main@sha1:bbea'", 5, 1),
      ],
      observedGeneration: 1,
      artifact: { revision: 'main@sha1:bbea' },
    },
  });
  return out;
}

/** App-of-apps chain: `app-000000` lists `app-000001` … ; the last one is Degraded. */
export function applicationChain(n: number): KubeJson[] {
  const out: KubeJson[] = [
    {
      apiVersion: ARGO_API,
      kind: 'AppProject',
      metadata: { name: 'default', namespace: ARGO_NAMESPACE, generation: 1 },
      spec: { sourceRepos: ['*'] },
    },
  ];
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    out.push({
      apiVersion: ARGO_API,
      kind: 'Application',
      metadata: { name: `app-${pad(i)}`, namespace: ARGO_NAMESPACE, generation: 1 },
      spec: {
        project: 'default',
        source: { repoURL: 'https://github.com/example/apps', path: `apps/${i}` },
        destination: { server: 'https://kubernetes.default.svc', namespace: ARGO_NAMESPACE },
      },
      status: {
        health: last
          ? { status: 'Degraded', message: 'Deployment "web" exceeded its progress deadline' }
          : { status: 'Progressing' },
        sync: { status: 'Synced', revision: '574ab40' },
        reconciledAt: minutesBefore(1),
        resources: last
          ? [
              {
                group: 'apps',
                kind: 'Deployment',
                name: 'web',
                namespace: 'web',
                status: 'Synced',
                version: 'v1',
                health: { status: 'Degraded' },
              },
            ]
          : [
              {
                group: 'argoproj.io',
                kind: 'Application',
                name: `app-${pad(i + 1)}`,
                namespace: ARGO_NAMESPACE,
                status: 'Synced',
                version: 'v1alpha1',
              },
            ],
      },
    });
  }
  return out;
}
