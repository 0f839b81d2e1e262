/**
 * Small builders for the contract tests: plain Kubernetes objects shaped like the controllers' real
 * statuses (objects renamed), and readers that pull one fact out of a
 * report. Refs are written as `Kind/namespace/name` (or `Kind/name` when cluster-scoped).
 */
import type { Condition } from '../conditions.ts';
import { diagnose } from '../index.ts';
import type { Ref } from '../ref.ts';
import { formatRef } from '../ref.ts';
import type { Report, ReportObject, ReportRootCause, ReportWarning, State } from '../report-types.ts';

export type Json = Record<string, unknown>;

/** The snapshot time of every test unless one says otherwise. */
export const AT = '2026-11-22T10:00:00Z';

/** An RFC 3339 time `minutes` before `at`. */
export function minutesBefore(minutes: number, at: string = AT): string {
  return new Date(Date.parse(at) - minutes * 60_000).toISOString().replace('.000Z', 'Z');
}

/** Sets only the keys whose value is defined (the objects stay plain JSON). */
function defined(entries: Record<string, unknown>): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(entries)) if (v !== undefined) out[k] = v;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Metadata

export interface Meta {
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly ownerReferences?: readonly Json[];
  readonly generation?: number;
}

function uidOf(kind: string, namespace: string | undefined, name: string): string {
  return `uid-${kind}-${namespace ?? ''}-${name}`.toLowerCase();
}

function metadata(kind: string, namespace: string | undefined, name: string, meta: Meta): Json {
  return defined({
    name,
    namespace,
    uid: uidOf(kind, namespace, name),
    generation: meta.generation,
    labels: meta.labels,
    annotations: meta.annotations,
    ownerReferences: meta.ownerReferences,
  });
}

function kube(
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  meta: Meta,
  rest: Json,
): Json {
  return { apiVersion, kind, metadata: metadata(kind, namespace, name, meta), ...rest };
}

/** An ownerReference to `owner` (a builder's output), `controller: true` unless said otherwise. */
export function ownedBy(owner: Json, controller = true): Json {
  const md = owner.metadata as Json;
  return defined({
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: md.name,
    uid: md.uid,
    controller: controller ? true : undefined,
    blockOwnerDeletion: controller ? true : undefined,
  });
}

/** Labels a Flux Kustomization puts on what it applies (L1). */
export function ksLabels(name: string, namespace = 'flux-system'): Record<string, string> {
  return { 'kustomize.toolkit.fluxcd.io/name': name, 'kustomize.toolkit.fluxcd.io/namespace': namespace };
}

/** Labels a Flux HelmRelease puts on what it installs (S1). */
export function hrLabels(name: string, namespace = 'flux-system'): Record<string, string> {
  return { 'helm.toolkit.fluxcd.io/name': name, 'helm.toolkit.fluxcd.io/namespace': namespace };
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** The condition the engine reads (`conditions.ts`): the builders write exactly that shape. */
export type { Condition };

export const LONG_AGO = minutesBefore(120);

export function cond(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason: string,
  message: string,
  lastTransitionTime: string = LONG_AGO,
): Condition {
  return { type, status, reason, message, lastTransitionTime };
}

export function readyTrue(
  message = 'Applied revision: main@sha1:bbea8280f1b7582c0874cbfad25d5cf93717aa7d',
): Condition {
  return cond('Ready', 'True', 'ReconciliationSucceeded', message);
}

export function readyFalse(
  reason: string,
  message: string,
  lastTransitionTime: string = LONG_AGO,
): Condition {
  return cond('Ready', 'False', reason, message, lastTransitionTime);
}

/** A Flux object whose Ready condition is False with `reason` and `message` (default namespace: the builder's). */
export function failingFlux(
  build: (name: string, o: FluxOptions) => Json,
  name: string,
  reason: string,
  message: string,
  namespace?: string,
): Json {
  return build(name, {
    ...(namespace === undefined ? {} : { namespace }),
    conditions: [readyFalse(reason, message)],
  });
}

export function readyUnknown(message = 'Reconciliation in progress', reason = 'Progressing'): Condition {
  return cond('Ready', 'Unknown', reason, message);
}

export function stalled(reason: string, message: string): Condition {
  return cond('Stalled', 'True', reason, message);
}

export function reconciling(message: string, reason = 'ProgressingWithRetry'): Condition {
  return cond('Reconciling', 'True', reason, message);
}

// ---------------------------------------------------------------------------------------------
// Flux objects

export interface FluxOptions extends Meta {
  /** Default `flux-system`. */
  readonly namespace?: string;
  /** Default: one Ready=True condition. */
  readonly conditions?: readonly Condition[];
  /** Default: the generation (1). */
  readonly observedGeneration?: number;
  /** Merged over the kind's default spec. */
  readonly spec?: Json;
  /** Merged into status (artifact, inventory, helmChart, …). */
  readonly status?: Json;
  /** No status at all (a just-created object, or an OCI HelmRepository). */
  readonly noStatus?: boolean;
  /** `spec.dependsOn` of a Kustomization / HelmRelease / ResourceSet. */
  readonly dependsOn?: readonly Json[];
  /** Ids for `status.inventory.entries`. */
  readonly inventory?: readonly string[];
  readonly suspend?: boolean;
}

function flux(apiVersion: string, kind: string, name: string, defaults: Json, o: FluxOptions): Json {
  const namespace = o.namespace ?? 'flux-system';
  const generation = o.generation ?? 1;
  const spec: Json = { ...defaults, ...o.spec };
  if (o.dependsOn !== undefined) spec.dependsOn = o.dependsOn;
  if (o.suspend !== undefined) spec.suspend = o.suspend;
  const rest: Json = { spec };
  if (!o.noStatus) {
    rest.status = {
      observedGeneration: o.observedGeneration ?? generation,
      conditions: o.conditions ?? [readyTrue()],
      ...(o.inventory === undefined
        ? {}
        : { inventory: { entries: o.inventory.map((id) => ({ id, v: 'v1' })) } }),
      ...o.status,
    };
  }
  return kube(apiVersion, kind, namespace, name, { ...o, generation }, rest);
}

export function kustomization(name: string, o: FluxOptions = {}): Json {
  return flux(
    'kustomize.toolkit.fluxcd.io/v1',
    'Kustomization',
    name,
    { interval: '10m', path: './', prune: true },
    o,
  );
}

/** A Kustomization in flux-system waiting on the not-ready Kustomization `dependency` there. */
export function waitingOn(name: string, dependency: string): Json {
  return kustomization(name, {
    dependsOn: [{ name: dependency }],
    conditions: [readyFalse('DependencyNotReady', `dependency 'flux-system/${dependency}' is not ready`)],
  });
}

export function helmRelease(name: string, o: FluxOptions = {}): Json {
  return flux('helm.toolkit.fluxcd.io/v2', 'HelmRelease', name, { interval: '10m' }, o);
}

export const ARTIFACT: Json = {
  path: 'gitrepository/flux-system/flux-system/bbea8280.tar.gz',
  revision: 'main@sha1:bbea8280f1b7582c0874cbfad25d5cf93717aa7d',
  digest: 'sha256:2a3b1f',
  lastUpdateTime: LONG_AGO,
};

export function gitRepository(name: string, o: FluxOptions = {}): Json {
  const ready = (o.conditions ?? [readyTrue()]).some((c) => c.type === 'Ready' && c.status === 'True');
  return flux(
    'source.toolkit.fluxcd.io/v1',
    'GitRepository',
    name,
    { interval: '1m', url: `https://git.example.com/platform/${name}`, ref: { branch: 'main' } },
    { ...o, status: { ...(ready ? { artifact: ARTIFACT } : {}), ...o.status } },
  );
}

export function ociRepository(name: string, o: FluxOptions = {}): Json {
  return flux(
    'source.toolkit.fluxcd.io/v1',
    'OCIRepository',
    name,
    { interval: '5m', url: `oci://ghcr.io/example/${name}`, ref: { tag: 'latest' } },
    o,
  );
}

export function helmRepository(name: string, o: FluxOptions = {}): Json {
  return flux(
    'source.toolkit.fluxcd.io/v1',
    'HelmRepository',
    name,
    { interval: '1h', url: 'https://charts.example.com' },
    o,
  );
}

export function helmChart(name: string, o: FluxOptions = {}): Json {
  return flux(
    'source.toolkit.fluxcd.io/v1',
    'HelmChart',
    name,
    { chart: name, sourceRef: { kind: 'HelmRepository', name: 'charts' }, interval: '5m' },
    o,
  );
}

export function bucket(name: string, o: FluxOptions = {}): Json {
  return flux(
    'source.toolkit.fluxcd.io/v1',
    'Bucket',
    name,
    { bucketName: name, endpoint: 'minio.example.com' },
    o,
  );
}

export function fluxInstance(name: string, o: FluxOptions = {}): Json {
  return flux('fluxcd.controlplane.io/v1', 'FluxInstance', name, { distribution: { version: '2.x' } }, o);
}

export function resourceSet(name: string, o: FluxOptions = {}): Json {
  return flux('fluxcd.controlplane.io/v1', 'ResourceSet', name, { resources: [] }, o);
}

export function resourceSetInputProvider(name: string, o: FluxOptions = {}): Json {
  return flux(
    'fluxcd.controlplane.io/v1',
    'ResourceSetInputProvider',
    name,
    { type: 'GitHubPullRequest', url: 'https://github.com/example/app' },
    o,
  );
}

/** Ready=True as the image, notification and operator controllers write it (reason `Succeeded`). */
/** A ResourceSet dependsOn entry naming the (cluster-scoped) CRD `name`. */
export function crdDependency(name: string): Json {
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name };
}

/** The ResourceSet `tenants/tenants` whose dependsOn names the (cluster-scoped) CRD `crdName`. */
export function tenantsNeedingCrd(crdName: string, conditions: readonly Condition[]): Json {
  return resourceSet('tenants', {
    namespace: 'tenants',
    dependsOn: [crdDependency(crdName)],
    conditions,
  });
}

export function readySucceeded(message: string): Condition {
  return cond('Ready', 'True', 'Succeeded', message);
}

export function imageRepository(name: string, o: FluxOptions = {}): Json {
  return flux(
    'image.toolkit.fluxcd.io/v1',
    'ImageRepository',
    name,
    { image: `registry.example.com/team/${name}`, interval: '5m' },
    { conditions: [readySucceeded('successful scan: found 12 tags with checksum 2031384910')], ...o },
  );
}

/** An ImagePolicy of `repository` (its own namespace unless `repositoryNamespace`), resolved unless told. */
export function imagePolicy(
  name: string,
  repository: string,
  o: FluxOptions & { repositoryNamespace?: string; latest?: boolean } = {},
): Json {
  const latest = o.latest ?? true;
  return flux(
    'image.toolkit.fluxcd.io/v1',
    'ImagePolicy',
    name,
    {
      imageRepositoryRef: defined({ name: repository, namespace: o.repositoryNamespace }),
      policy: { semver: { range: '>=1.0.0' } },
    },
    {
      conditions: [
        readySucceeded(`Latest image tag for registry.example.com/team/${repository} resolved to 1.4.2`),
      ],
      ...o,
      status: {
        ...(latest ? { latestRef: { name: `registry.example.com/team/${repository}`, tag: '1.4.2' } } : {}),
        ...o.status,
      },
    },
  );
}

export function imageUpdateAutomation(name: string, gitRepository: string, o: FluxOptions = {}): Json {
  return flux(
    'image.toolkit.fluxcd.io/v1',
    'ImageUpdateAutomation',
    name,
    {
      interval: '30m',
      sourceRef: { kind: 'GitRepository', name: gitRepository },
      git: {
        commit: { author: { name: 'fluxcdbot', email: 'fluxcdbot@example.com' } },
        push: { branch: 'main' },
      },
      update: { path: './clusters/production', strategy: 'Setters' },
    },
    { conditions: [readySucceeded('repository up-to-date')], ...o },
  );
}

export function receiver(name: string, resources: readonly Json[], o: FluxOptions = {}): Json {
  return flux(
    'notification.toolkit.fluxcd.io/v1',
    'Receiver',
    name,
    { type: 'github', events: ['ping', 'push'], secretRef: { name: 'webhook-token' }, resources },
    {
      conditions: [
        readySucceeded(
          'Receiver initialized for path: /hook/bed6d00b5555b1603e1f59b94d7fdbca58089cb5663633fb83f2815dc626d92b',
        ),
      ],
      ...o,
    },
  );
}

/** An Alert (v1beta3: no status) sending the events of `eventSources` to `provider`. */
export function alert(
  name: string,
  provider: string,
  eventSources: readonly Json[],
  o: FluxOptions = {},
): Json {
  return flux(
    'notification.toolkit.fluxcd.io/v1beta3',
    'Alert',
    name,
    { providerRef: { name: provider }, eventSeverity: 'error', eventSources },
    { noStatus: true, ...o },
  );
}

/** A Provider (v1beta3: no status). */
export function provider(name: string, o: FluxOptions = {}): Json {
  return flux(
    'notification.toolkit.fluxcd.io/v1beta3',
    'Provider',
    name,
    { type: 'slack', channel: 'general', secretRef: { name: 'slack-url' } },
    { noStatus: true, ...o },
  );
}

/** A HelmRelease `spec.chart` template pointing at a HelmRepository. */
export function chartSpec(chart: string, repo: string, repoNamespace?: string): Json {
  return {
    chart: {
      spec: {
        chart,
        version: '*',
        sourceRef: defined({ kind: 'HelmRepository', name: repo, namespace: repoNamespace }),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Argo CD objects

export interface ArgoCondition {
  readonly type: string;
  readonly message: string;
  readonly lastTransitionTime?: string;
}

export function argoCondition(
  type: string,
  message: string,
  lastTransitionTime: string = LONG_AGO,
): ArgoCondition {
  return { type, message, lastTransitionTime };
}

export interface ArgoResource {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly status?: string;
  readonly health?: string;
}

export interface AppOptions extends Meta {
  /** Default `argocd`. */
  readonly namespace?: string;
  readonly health?: string;
  readonly healthMessage?: string;
  readonly healthSince?: string;
  readonly sync?: string;
  readonly conditions?: readonly ArgoCondition[];
  readonly operationState?: Json;
  readonly resources?: readonly ArgoResource[];
  /** Default: one minute before AT. */
  readonly reconciledAt?: string;
  readonly controllerNamespace?: string;
  readonly project?: string;
  readonly destinationNamespace?: string;
  readonly noStatus?: boolean;
}

function argoResource(r: ArgoResource): Json {
  return defined({
    group: r.group,
    version: r.version ?? 'v1',
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    status: r.status ?? 'Synced',
    health: r.health === undefined ? undefined : { status: r.health },
  });
}

/** An Argo CD Application, Healthy and Synced unless told otherwise. */
export function application(name: string, o: AppOptions = {}): Json {
  const namespace = o.namespace ?? 'argocd';
  const spec: Json = {
    project: o.project ?? 'default',
    source: { repoURL: 'https://git.example.com/platform/apps', path: name, targetRevision: 'HEAD' },
    destination: { server: 'https://kubernetes.default.svc', namespace: o.destinationNamespace ?? name },
  };
  const rest: Json = { spec };
  if (!o.noStatus) {
    rest.status = defined({
      conditions: o.conditions,
      controllerNamespace: o.controllerNamespace,
      health: defined({
        status: o.health ?? 'Healthy',
        message: o.healthMessage,
        lastTransitionTime: o.healthSince,
      }),
      operationState: o.operationState,
      reconciledAt: o.reconciledAt ?? minutesBefore(1),
      resources: o.resources?.map(argoResource),
      sourceType: 'Directory',
      sync: { status: o.sync ?? 'Synced', revision: '574ab40f8a9e2c1d' },
    });
  }
  return kube('argoproj.io/v1alpha1', 'Application', namespace, name, o, rest);
}

/** An Application the ApplicationSet `set` generated (it owns it). */
export function generatedApp(set: Json, name: string, o: AppOptions = {}): Json {
  return application(name, { ...o, ownerReferences: [ownedBy(set)] });
}

/** `set`, the Applications it generated (name → health) and the default AppProject. */
export function appSetCluster(set: Json, healths: Readonly<Record<string, string>>): Json[] {
  const generated = Object.entries(healths).map(([name, health]) => generatedApp(set, name, { health }));
  return [set, ...generated, appProject('default')];
}

/** An ApplicationSet; conditions default to the healthy A10 set. */
export function applicationSet(
  name: string,
  o: { namespace?: string; conditions?: readonly Condition[] } & Meta = {},
): Json {
  const namespace = o.namespace ?? 'argocd';
  return kube('argoproj.io/v1alpha1', 'ApplicationSet', namespace, name, o, {
    spec: {
      generators: [{ list: { elements: [] } }],
      template: { metadata: { name: '{{name}}' }, spec: {} },
    },
    status: { conditions: o.conditions ?? APPSET_HEALTHY },
  });
}

export const APPSET_HEALTHY: readonly Condition[] = [
  cond(
    'ErrorOccurred',
    'False',
    'ApplicationSetUpToDate',
    'Successfully generated parameters for all Applications',
  ),
  cond(
    'ParametersGenerated',
    'True',
    'ParametersGenerated',
    'Successfully generated parameters for all Applications',
  ),
  cond('ResourcesUpToDate', 'True', 'ApplicationSetUpToDate', 'ApplicationSet up to date'),
];

/** A11: ErrorOccurred=True, ResourcesUpToDate=False. */
export const APPSET_ERROR: readonly Condition[] = [
  cond(
    'ErrorOccurred',
    'True',
    'ApplicationGenerationFromParamsError',
    'found less than two generators, Merge requires two or more',
  ),
  cond(
    'ParametersGenerated',
    'False',
    'ErrorOccurred',
    'found less than two generators, Merge requires two or more',
  ),
  cond(
    'ResourcesUpToDate',
    'False',
    'ApplicationGenerationFromParamsError',
    'found less than two generators, Merge requires two or more',
  ),
];

export function appProject(name: string, namespace = 'argocd', meta: Meta = {}): Json {
  return kube('argoproj.io/v1alpha1', 'AppProject', namespace, name, meta, {
    spec: { sourceRepos: ['*'], destinations: [{ server: '*', namespace: '*' }] },
  });
}

export function argocdCm(data: Record<string, string>, namespace = 'argocd'): Json {
  return kube(
    'v1',
    'ConfigMap',
    namespace,
    'argocd-cm',
    { labels: { 'app.kubernetes.io/part-of': 'argocd' } },
    { data },
  );
}

// ---------------------------------------------------------------------------------------------
// Workloads and plain objects

export interface WorkloadOptions extends Meta {
  readonly replicas?: number;
  /** availableReplicas (Deployment) / readyReplicas (StatefulSet); default = replicas. */
  readonly available?: number;
  readonly observedGeneration?: number;
  readonly image?: string;
  readonly extraStatus?: Json;
}

function podTemplate(name: string, image: string): Json {
  return { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } };
}

export function deployment(name: string, namespace: string, o: WorkloadOptions = {}): Json {
  const replicas = o.replicas ?? 1;
  const available = o.available ?? replicas;
  const generation = o.generation ?? 1;
  const conditions: Json[] = [
    available > 0
      ? {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
          lastTransitionTime: LONG_AGO,
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'MinimumReplicasUnavailable',
          message: 'Deployment does not have minimum availability.',
          lastTransitionTime: LONG_AGO,
        },
  ];
  return kube(
    'apps/v1',
    'Deployment',
    namespace,
    name,
    { ...o, generation },
    {
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, o.image ?? `registry.example.com/${name}:v1.0.0`),
      },
      status: defined({
        observedGeneration: o.observedGeneration ?? generation,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: available,
        availableReplicas: available,
        unavailableReplicas: replicas - available > 0 ? replicas - available : undefined,
        conditions,
        ...o.extraStatus,
      }),
    },
  );
}

export function statefulSet(name: string, namespace: string, o: WorkloadOptions = {}): Json {
  const replicas = o.replicas ?? 1;
  const ready = o.available ?? replicas;
  const generation = o.generation ?? 1;
  return kube(
    'apps/v1',
    'StatefulSet',
    namespace,
    name,
    { ...o, generation },
    {
      spec: {
        replicas,
        serviceName: name,
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, o.image ?? `registry.example.com/${name}:v1.0.0`),
      },
      status: {
        observedGeneration: o.observedGeneration ?? generation,
        replicas,
        readyReplicas: ready,
        currentReplicas: replicas,
        updatedReplicas: replicas,
        ...o.extraStatus,
      },
    },
  );
}

export function daemonSet(name: string, namespace: string, meta: Meta = {}): Json {
  return kube(
    'apps/v1',
    'DaemonSet',
    namespace,
    name,
    { ...meta, generation: 1 },
    {
      spec: {
        selector: { matchLabels: { app: name } },
        template: podTemplate(name, `registry.example.com/${name}:v1`),
      },
      status: { observedGeneration: 1, desiredNumberScheduled: 1, numberReady: 1, numberAvailable: 1 },
    },
  );
}

export function replicaSet(name: string, namespace: string, meta: Meta = {}): Json {
  return kube('apps/v1', 'ReplicaSet', namespace, name, meta, {
    spec: { replicas: 1 },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
  });
}

export function pod(name: string, namespace: string, meta: Meta = {}): Json {
  return kube('v1', 'Pod', namespace, name, meta, {
    spec: { containers: [{ name: 'main', image: 'registry.example.com/app:v1' }] },
    status: { phase: 'Running' },
  });
}

export function configMap(name: string, namespace: string, meta: Meta = {}): Json {
  return kube('v1', 'ConfigMap', namespace, name, meta, { data: { key: 'value' } });
}

export function service(name: string, namespace: string, meta: Meta = {}): Json {
  return kube('v1', 'Service', namespace, name, meta, { spec: { ports: [{ port: 80 }] } });
}

export function namespaceObject(name: string, meta: Meta = {}): Json {
  return kube('v1', 'Namespace', undefined, name, meta, { status: { phase: 'Active' } });
}

export function clusterRole(name: string, meta: Meta = {}): Json {
  return kube('rbac.authorization.k8s.io/v1', 'ClusterRole', undefined, name, meta, { rules: [] });
}

export function role(name: string, namespace: string, meta: Meta = {}): Json {
  return kube('rbac.authorization.k8s.io/v1', 'Role', namespace, name, meta, { rules: [] });
}

export function crd(name: string, meta: Meta = {}): Json {
  return kube('apiextensions.k8s.io/v1', 'CustomResourceDefinition', undefined, name, meta, { spec: {} });
}

// ---------------------------------------------------------------------------------------------
// Controllers (§1)

export interface ControllerOptions extends Meta {
  readonly ready?: boolean;
  readonly namespace?: string;
  readonly image?: string;
}

/** A Flux controller Deployment as `flux install` writes it (label `app=<name>`). */
export function fluxController(name: string, o: ControllerOptions = {}): Json {
  return deployment(name, o.namespace ?? 'flux-system', {
    ...o,
    labels: { app: name, 'app.kubernetes.io/part-of': 'flux', ...o.labels },
    available: o.ready === false ? 0 : 1,
    image: o.image ?? `ghcr.io/fluxcd/${name}:v1.9.0`,
  });
}

/**
 * An Argo CD component as the upstream manifests write it: application-controller is a
 * StatefulSet, repo-server and applicationset-controller Deployments, all labelled
 * `app.kubernetes.io/component=<name>` and named `argocd-<name>`.
 */
export function argoController(name: string, o: ControllerOptions = {}): Json {
  const namespace = o.namespace ?? 'argocd';
  const options: WorkloadOptions = {
    ...o,
    labels: {
      'app.kubernetes.io/component': name,
      'app.kubernetes.io/name': `argocd-${name}`,
      'app.kubernetes.io/part-of': 'argocd',
      ...o.labels,
    },
    available: o.ready === false ? 0 : 1,
    image: o.image ?? 'quay.io/argoproj/argocd:v3.5.1',
  };
  return name === 'application-controller'
    ? statefulSet(`argocd-${name}`, namespace, options)
    : deployment(`argocd-${name}`, namespace, options);
}

// ---------------------------------------------------------------------------------------------
// Reading a report

export function run(objects: readonly unknown[], at: string = AT): Report {
  return diagnose(objects, { at });
}

/** `Kind/namespace/name` or `Kind/name` → a ref. */
export function ref(text: string): Ref {
  const parts = text.split('/');
  if (parts.length === 2) return { kind: parts[0]!, name: parts[1]! };
  if (parts.length === 3) return { kind: parts[0]!, namespace: parts[1]!, name: parts[2]! };
  throw new Error(`bad ref ${text}`);
}

export const fmt = (r: Ref): string => formatRef(r);

export function findObject(report: Report, text: string): ReportObject | undefined {
  return report.objects.find((o) => fmt(o.ref) === text);
}

export function objectOf(report: Report, text: string): ReportObject {
  const found = findObject(report, text);
  if (found === undefined) {
    throw new Error(`${text} not in report objects: ${report.objects.map((o) => fmt(o.ref)).join(', ')}`);
  }
  return found;
}

export function stateOf(report: Report, text: string): State {
  return objectOf(report, text).state;
}

/** The refs of a node's roots, as `Kind/ns/name` strings, in report order. */
export function rootsOf(report: Report, text: string): string[] {
  return objectOf(report, text).rootCauses.map(fmt);
}

export function rootCause(report: Report, text: string): ReportRootCause | undefined {
  return report.rootCauses.find((r) => fmt(r.ref) === text);
}

export function rootCauseOf(report: Report, text: string): ReportRootCause {
  const found = rootCause(report, text);
  if (found === undefined) {
    throw new Error(
      `${text} is not a root cause; roots: ${report.rootCauses.map((r) => fmt(r.ref)).join(', ')}`,
    );
  }
  return found;
}

export function rootRefs(report: Report): string[] {
  return report.rootCauses.map((r) => fmt(r.ref));
}

export function impactedOf(report: Report, text: string): string[] {
  return rootCauseOf(report, text).impacted.map(fmt);
}

export function warningsOf(report: Report, type: ReportWarning['type']): ReportWarning[] {
  return report.warnings.filter((w) => w.type === type);
}
