/**
 * The built-in demo: the two-layer platform fixture, alive. Its failure cascade evolves on the
 * clock it is given —
 *
 * - cert-manager's webhook Pod keeps crash-looping (its restart count grows, BackOff events
 *   repeat), and so does team-a's payments-api;
 * - every few seconds one of cert-manager's dependents retries: helm-controller or
 *   kustomize-controller flips its Ready condition to Unknown for a moment, then back to
 *   DependencyNotReady;
 * - reconciling HelmRelease cert-manager (or waiting `autoRecoverAfterMs`) starts the recovery:
 *   the install is retried, the webhook comes up, the release and then its dependents turn
 *   Ready one after the other, a few seconds apart;
 * - actions change the objects the way the API server and the controllers would: reconcile sets
 *   `reconcile.fluxcd.io/requestedAt` and the controller answers with `lastHandledReconcileAt`,
 *   suspend sets `spec.suspend`, refresh sets Argo CD's annotation until the controller clears
 *   it, sync sets `operation`, runs it and records the result.
 */
import {
  type ActionName,
  ARGO_APPSET_REFRESH,
  ARGO_REFRESH,
  ARGO_REFRESH_TIMESTAMP,
  ClusterModel,
  type ClusterView,
  FLUX_REQUESTED_AT,
  planAction,
  type Ref,
  type Report,
  refKeyOf,
} from '@strata/core';
import { type Manifest, TWO_LAYER_PLATFORM_AT, twoLayerPlatform } from '@strata/core/fixtures';
import type { Cancel, Clock } from '../app/clock.ts';
import type { ApplyOptions, ApplyResult, LogsOptions, LogsResult, VersionsSeen } from '../app/data-source.ts';
import { versionsSeen } from '../app/versions.ts';
import { demoLogs } from './demo-logs.ts';
import {
  type Condition,
  EventLog,
  findCondition,
  type Json,
  keyOf,
  minutesBefore,
  record,
  removeCondition,
  setCondition,
  statusOf,
} from './demo-objects.ts';
import { mergePatch } from './merge-patch.ts';

export interface DemoTimings {
  /** How often the demo's time moves (and ages on screen change). */
  readonly tickMs: number;
  /** The webhook Pod crashes again every this often. */
  readonly crashEveryMs: number;
  /** One of cert-manager's dependents retries every this often. */
  readonly retryEveryMs: number;
  /** How long a retry shows Ready=Unknown. */
  readonly retryForMs: number;
  /** How long a controller takes to answer a request. */
  readonly answerMs: number;
  /** Steps of the recovery, from the reconcile request. */
  readonly recoveryStepMs: number;
  /** cert-manager recovers by itself this long after the demo started (a fix lands in Git). */
  readonly autoRecoverAfterMs: number;
}

export const DEFAULT_TIMINGS: DemoTimings = {
  tickMs: 1000,
  crashEveryMs: 6000,
  retryEveryMs: 7000,
  retryForMs: 2000,
  answerMs: 1000,
  recoveryStepMs: 1000,
  autoRecoverAfterMs: 10 * 60_000,
};

export type DemoPhase = 'broken' | 'recovering' | 'recovered';

const FLUX_NS = 'flux-system';
const CERT_MANAGER = refKeyOf('HelmRelease', FLUX_NS, 'cert-manager');
const WEBHOOK_DEPLOYMENT = refKeyOf('Deployment', 'cert-manager', 'cert-manager-webhook');
/** cert-manager's dependents, in the order they retry and recover. */
const DEPENDENTS = [
  refKeyOf('HelmRelease', FLUX_NS, 'trust-manager'),
  refKeyOf('Kustomization', FLUX_NS, 'cert-manager-issuers'),
  refKeyOf('HelmRelease', FLUX_NS, 'kube-prometheus-stack'),
  refKeyOf('Kustomization', FLUX_NS, 'gateway'),
];
const INFRA_CERT_MANAGER = refKeyOf('Kustomization', FLUX_NS, 'infra-cert-manager');

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function controllerOf(object: Manifest): string {
  if (object.kind === 'HelmRelease') return 'helm-controller';
  if (object.kind === 'Kustomization') return 'kustomize-controller';
  if (object.apiVersion.startsWith('source.toolkit')) return 'source-controller';
  if (object.apiVersion.startsWith('fluxcd.controlplane.io')) return 'flux-operator';
  return 'argocd-application-controller';
}

export class DemoCluster {
  readonly model: ClusterModel;
  private readonly objects = new Map<string, Manifest>();
  private readonly events = new EventLog();
  private readonly listeners = new Set<() => void>();
  private readonly cancels = new Set<Cancel>();
  private readonly start: number;
  private readonly origin = Date.parse(TWO_LAYER_PLATFORM_AT);
  private cachedView: ClusterView | undefined;
  private lastRequest = 0;
  private retryIndex = 0;
  private phaseValue: DemoPhase = 'broken';
  private closed = false;
  readonly versions: VersionsSeen;

  private readonly clock: Clock;
  private readonly timings: DemoTimings;
  private readonly user: string;

  constructor(clock: Clock, timings: DemoTimings = DEFAULT_TIMINGS, user = 'strata') {
    this.clock = clock;
    this.timings = timings;
    this.user = user;
    this.start = clock.now();
    const fixture = twoLayerPlatform();
    this.model = new ClusterModel({ at: fixture.at });
    for (const object of fixture.objects) this.objects.set(keyOf(object), object);
    this.versions = versionsSeen(fixture.objects);
    this.seedEvents();
    for (const object of this.objects.values()) this.model.upsert(object);
    for (const event of this.events.all()) this.model.upsert(event);
    this.every(timings.tickMs, () => this.tick());
    this.every(timings.crashEveryMs, () => this.crash());
    this.every(timings.retryEveryMs, () => this.retryDependent());
    this.after(timings.autoRecoverAfterMs, () => {
      if (this.phaseValue === 'broken') this.recover('a fix for the webhook port landed in Git');
    });
  }

  get phase(): DemoPhase {
    return this.phaseValue;
  }

  /** The demo's own time: the fixture's snapshot time plus the time the demo has run. */
  nowMs(): number {
    return this.origin + (this.clock.now() - this.start);
  }

  now(): string {
    return iso(this.nowMs());
  }

  /** The picture now: the same view until the demo changes. */
  view(): ClusterView {
    this.cachedView ??= this.model.view();
    return this.cachedView;
  }

  report(): Report {
    return this.view().report;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  object(ref: Ref): unknown {
    return this.objects.get(refKeyOf(ref.kind, ref.namespace, ref.name));
  }

  /** A Pod container's last lines, as the kubelet would have them now (see demo-logs.ts). */
  logs(ref: Ref, options: LogsOptions = {}): LogsResult {
    const pod = ref.kind === 'Pod' ? this.objects.get(refKeyOf('Pod', ref.namespace, ref.name)) : undefined;
    return demoLogs(pod, ref, options, this.nowMs());
  }

  eventsAbout(ref: Ref): readonly unknown[] {
    return this.events.about(ref.kind, ref.namespace, ref.name);
  }

  close(): void {
    this.closed = true;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
    this.listeners.clear();
  }

  /** Plans the action with core, applies its patch as the API server would, and lets the controllers answer. */
  async apply(
    action: ActionName,
    ref: Ref,
    readOnly: boolean,
    options: ApplyOptions = {},
  ): Promise<ApplyResult> {
    const key = refKeyOf(ref.kind, ref.namespace, ref.name);
    const object = this.objects.get(key);
    if (object === undefined) return { ok: false, error: `${ref.kind}/${ref.name} not found` };
    const { uid, ...choice } = options;
    if (uid !== undefined && object.metadata.uid !== uid) {
      return {
        ok: false,
        error: `${ref.kind}/${ref.name} is another object now (its uid changed): nothing sent`,
      };
    }
    const plan = planAction(action, object, { at: this.requestTime(), readOnly, user: this.user, ...choice });
    if (!plan.ok) return { ok: false, error: plan.reason };
    const patched = mergePatch(object, plan.patch) as Manifest;
    this.put(patched);
    this.react(action, key, choice);
    this.changed();
    return { ok: true, summary: plan.summary };
  }

  // ---- the story ------------------------------------------------------------------------------

  private seedEvents(): void {
    const at = this.now();
    const pod = this.find('Pod', 'cert-manager', (o) => o.metadata.name.startsWith('cert-manager-webhook-'));
    // The kubelet's last back-off: when the container last exited.
    if (pod !== undefined) this.crashEvent(pod, minutesBefore(at, 2.6), 15, minutesBefore(at, 57));
    const payments = this.find('Pod', 'team-a', (o) => o.metadata.name.startsWith('payments-api-'));
    if (payments !== undefined) this.crashEvent(payments, minutesBefore(at, 1.5), 11, minutesBefore(at, 50));
    const certManager = this.objects.get(CERT_MANAGER);
    const ready = certManager === undefined ? undefined : findCondition(certManager, 'Ready');
    if (certManager !== undefined && ready?.message !== undefined) {
      this.events.record(
        certManager,
        { type: 'Warning', reason: 'InstallFailed', message: ready.message, component: 'helm-controller' },
        minutesBefore(at, 37.2),
        4,
        minutesBefore(at, 52.2),
      );
    }
    const infra = this.objects.get(INFRA_CERT_MANAGER);
    const infraReady = infra === undefined ? undefined : findCondition(infra, 'Ready');
    if (infra !== undefined && infraReady?.message !== undefined) {
      this.events.record(
        infra,
        {
          type: 'Warning',
          reason: 'HealthCheckFailed',
          message: infraReady.message,
          component: 'kustomize-controller',
        },
        minutesBefore(at, 0.5),
        18,
        minutesBefore(at, 37),
      );
    }
    for (const key of DEPENDENTS) {
      const dependent = this.objects.get(key);
      const message = dependent === undefined ? undefined : findCondition(dependent, 'Ready')?.message;
      if (dependent === undefined || message === undefined) continue;
      this.events.record(
        dependent,
        { type: 'Normal', reason: 'DependencyNotReady', message, component: controllerOf(dependent) },
        minutesBefore(at, 0.3),
        36,
        minutesBefore(at, 57),
      );
    }
    const preview = this.objects.get(refKeyOf('Application', 'argocd', 'team-b-previews-pr-42'));
    const operation = preview === undefined ? undefined : record(statusOf(preview).operationState);
    if (preview !== undefined && typeof operation?.message === 'string') {
      this.events.record(
        preview,
        {
          type: 'Warning',
          reason: 'OperationCompleted',
          message: `Sync operation to ${String(record(operation.syncResult).revision)} failed: ${operation.message}`,
          component: 'argocd-application-controller',
        },
        minutesBefore(at, 43.1),
      );
    }
  }

  private crashEvent(pod: Manifest, at: string, count = 1, firstAt = at): void {
    const container = this.waitingContainer(pod);
    const name = typeof container?.name === 'string' ? container.name : pod.metadata.name;
    const event = this.events.record(
      pod,
      {
        type: 'Warning',
        reason: 'BackOff',
        message: `Back-off restarting failed container ${name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid ?? ''})`,
        component: 'kubelet',
      },
      at,
      count,
      firstAt,
    );
    this.model.upsert(event);
  }

  private waitingContainer(pod: Manifest): Json | undefined {
    const statuses = statusOf(pod).containerStatuses;
    if (!Array.isArray(statuses)) return undefined;
    return statuses.map(record).find((s) => record(s.state).waiting !== undefined);
  }

  /** The webhook (and payments-api) crash again: restartCount and lastState move on. */
  private crash(): void {
    const at = this.now();
    const pods = [
      this.phaseValue === 'broken'
        ? this.find('Pod', 'cert-manager', (o) => o.metadata.name.startsWith('cert-manager-webhook-'))
        : undefined,
      this.find('Pod', 'team-a', (o) => o.metadata.name.startsWith('payments-api-')),
    ];
    for (const found of pods) {
      if (found === undefined) continue;
      const pod = clone(found);
      const container = this.waitingContainer(pod);
      if (container === undefined) continue;
      container.restartCount = (typeof container.restartCount === 'number' ? container.restartCount : 0) + 1;
      const started = iso(this.nowMs() - 1500);
      container.lastState = {
        terminated: { ...record(record(container.lastState).terminated), startedAt: started, finishedAt: at },
      };
      this.put(pod);
      this.crashEvent(pod, at);
    }
    this.changed();
  }

  /** One dependent retries: Ready=Unknown for a moment, then DependencyNotReady again. */
  private retryDependent(): void {
    if (this.phaseValue !== 'broken') return;
    const key = DEPENDENTS[this.retryIndex % DEPENDENTS.length]!;
    this.retryIndex++;
    this.retry(key);
  }

  private retry(key: string): void {
    const found = this.objects.get(key);
    const ready = found === undefined ? undefined : findCondition(found, 'Ready');
    if (found === undefined || ready === undefined || ready.reason !== 'DependencyNotReady') return;
    const waiting: Condition = { ...ready };
    const at = this.now();
    this.update(key, (o) => {
      const message = o.kind === 'HelmRelease' ? 'Fulfilling prerequisites' : 'Reconciliation in progress';
      setCondition(o, { type: 'Reconciling', status: 'True', reason: 'Progressing', message }, at);
      setCondition(o, { type: 'Ready', status: 'Unknown', reason: 'Progressing', message }, at);
    });
    this.after(this.timings.retryForMs, () => {
      if (this.phaseValue !== 'broken') return;
      const back = this.now();
      this.update(key, (o) => {
        const message = waiting.message ?? '';
        setCondition(
          o,
          { type: 'Reconciling', status: 'True', reason: 'ProgressingWithRetry', message },
          back,
        );
        setCondition(o, { type: 'Ready', status: 'False', reason: 'DependencyNotReady', message }, back);
      });
      const object = this.objects.get(key);
      if (object !== undefined) {
        const event = this.events.record(
          object,
          {
            type: 'Normal',
            reason: 'DependencyNotReady',
            message: waiting.message ?? '',
            component: controllerOf(object),
          },
          back,
        );
        this.model.upsert(event);
      }
      this.changed();
    });
    this.changed();
  }

  /** cert-manager is retried and succeeds; its dependents follow, one step apart. */
  private recover(why: string): void {
    if (this.phaseValue !== 'broken') return;
    this.phaseValue = 'recovering';
    const step = this.timings.recoveryStepMs;
    this.recordEvent(CERT_MANAGER, 'Normal', 'Progressing', `Retrying the install: ${why}`);
    this.after(step, () => {
      const at = this.now();
      this.update(CERT_MANAGER, (o) => {
        const message = "Running 'install' action with timeout of 5m0s";
        removeCondition(o, 'Stalled');
        setCondition(o, { type: 'Reconciling', status: 'True', reason: 'Progressing', message }, at);
        setCondition(o, { type: 'Ready', status: 'Unknown', reason: 'Progressing', message }, at);
        statusOf(o).installFailures = 0;
      });
      this.changed();
    });
    this.after(step * 2.5, () => {
      this.healWorkload(WEBHOOK_DEPLOYMENT);
      this.changed();
    });
    this.after(step * 4, () => {
      const at = this.now();
      this.update(CERT_MANAGER, (o) => {
        const message =
          'Helm install succeeded for release cert-manager/cert-manager.v5 with chart cert-manager@v1.19.1';
        removeCondition(o, 'Reconciling');
        setCondition(o, { type: 'Ready', status: 'True', reason: 'InstallSucceeded', message }, at);
        setCondition(o, { type: 'Released', status: 'True', reason: 'InstallSucceeded', message }, at);
        const status = statusOf(o);
        const history = Array.isArray(status.history) ? status.history.map(record) : [];
        status.history = history.map((h, i) =>
          i === 0 ? { ...h, status: 'deployed', version: 5, lastDeployed: at } : h,
        );
        status.lastAppliedRevision = 'v1.19.1';
      });
      this.recordEvent(
        CERT_MANAGER,
        'Normal',
        'InstallSucceeded',
        'Helm install succeeded for release cert-manager/cert-manager.v5 with chart cert-manager@v1.19.1',
      );
      for (const key of [INFRA_CERT_MANAGER, DEPENDENTS[0]!, DEPENDENTS[2]!]) this.progress(key);
      this.changed();
    });
    this.after(step * 5, () => {
      this.succeed(INFRA_CERT_MANAGER);
      this.succeed(DEPENDENTS[0]!);
      this.succeed(DEPENDENTS[2]!);
      this.progress(DEPENDENTS[1]!);
      this.changed();
    });
    this.after(step * 6, () => {
      this.succeed(DEPENDENTS[1]!);
      this.progress(DEPENDENTS[3]!);
      this.changed();
    });
    this.after(step * 7, () => {
      this.succeed(DEPENDENTS[3]!);
      this.phaseValue = 'recovered';
      this.changed();
    });
    this.changed();
  }

  /** Its dependency is ready: the controller starts working on it (Ready=Unknown, Reconciling). */
  private progress(key: string): void {
    const at = this.now();
    this.update(key, (o) => {
      const message =
        o.kind === 'HelmRelease'
          ? "Running 'install' action with timeout of 5m0s"
          : 'Reconciliation in progress';
      setCondition(o, { type: 'Reconciling', status: 'True', reason: 'Progressing', message }, at);
      setCondition(o, { type: 'Ready', status: 'Unknown', reason: 'Progressing', message }, at);
    });
  }

  /** A Flux object's reconciliation succeeded: Ready=True at its generation. */
  private succeed(key: string): void {
    const at = this.now();
    this.update(key, (o) => {
      const status = statusOf(o);
      status.observedGeneration = o.metadata.generation ?? 1;
      removeCondition(o, 'Reconciling');
      if (o.kind === 'HelmRelease') {
        const chart = record(record(record(o.spec).chart).spec);
        const target = String(record(o.spec).targetNamespace ?? o.metadata.namespace);
        const message = `Helm install succeeded for release ${target}/${o.metadata.name}.v1 with chart ${String(chart.chart)}@${String(chart.version)}`;
        setCondition(o, { type: 'Ready', status: 'True', reason: 'InstallSucceeded', message }, at);
        setCondition(o, { type: 'Released', status: 'True', reason: 'InstallSucceeded', message }, at);
      } else {
        const revision = `main@sha1:${'4f1c2a9e'.repeat(5)}`;
        const message = `Applied revision: ${revision}`;
        status.lastAppliedRevision = revision;
        setCondition(o, { type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message }, at);
        if (findCondition(o, 'Healthy') !== undefined) {
          setCondition(
            o,
            { type: 'Healthy', status: 'True', reason: 'Succeeded', message: 'Health check passed' },
            at,
          );
        }
      }
    });
  }

  /** The Deployment's Pods run: Pod ready, ReplicaSet and Deployment available. */
  private healWorkload(deploymentKey: string): void {
    const deployment = this.objects.get(deploymentKey);
    if (deployment === undefined) return;
    const at = this.now();
    const namespace = deployment.metadata.namespace;
    const prefix = `${deployment.metadata.name}-`;
    const replicas = Number(record(deployment.spec).replicas ?? 1);
    for (const object of [...this.objects.values()]) {
      if (object.metadata.namespace !== namespace || !object.metadata.name.startsWith(prefix)) continue;
      if (object.kind === 'ReplicaSet') {
        this.update(keyOf(object), (o) => {
          Object.assign(statusOf(o), { readyReplicas: replicas, availableReplicas: replicas });
        });
      } else if (object.kind === 'Pod') {
        this.update(keyOf(object), (o) => {
          const status = statusOf(o);
          const statuses = Array.isArray(status.containerStatuses)
            ? status.containerStatuses.map(record)
            : [];
          status.containerStatuses = statuses.map((s) => ({
            ...s,
            ready: true,
            started: true,
            state: { running: { startedAt: at } },
          }));
          for (const type of ['Ready', 'ContainersReady']) setCondition(o, { type, status: 'True' }, at);
        });
      }
    }
    this.update(deploymentKey, (o) => {
      const status = statusOf(o);
      Object.assign(status, {
        availableReplicas: replicas,
        readyReplicas: replicas,
        updatedReplicas: replicas,
      });
      delete status.unavailableReplicas;
      setCondition(
        o,
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
          message: 'Deployment has minimum availability.',
        },
        at,
      );
      setCondition(
        o,
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
          message: `ReplicaSet "${o.metadata.name}" has successfully progressed.`,
        },
        at,
      );
    });
  }

  /** What the controllers do after a request was patched in. */
  private react(action: ActionName, key: string, choice: Omit<ApplyOptions, 'uid'> = {}): void {
    const answer = this.timings.answerMs;
    const object = this.objects.get(key);
    if (object === undefined) return;
    if (action === 'reconcile' || action === 'resume') {
      this.after(answer, () => {
        this.update(key, (o) => {
          const requested = o.metadata.annotations?.[FLUX_REQUESTED_AT];
          if (requested !== undefined) statusOf(o).lastHandledReconcileAt = requested;
        });
        // Stalled (RetriesExceeded): helm-controller ignores a plain request until the failure
        // counts are reset (or an upgrade is forced), as the real one does.
        if (key === CERT_MANAGER && this.phaseValue === 'broken') {
          if (choice.reset === true || choice.force === true) this.recover('reset requested');
        } else if (findCondition(object, 'Ready')?.reason === 'DependencyNotReady') this.retry(key);
        this.changed();
      });
      return;
    }
    if (action === 'refresh') {
      this.after(answer, () => {
        const at = this.now();
        this.update(key, (o) => {
          const annotations = { ...o.metadata.annotations };
          delete annotations[ARGO_REFRESH];
          delete annotations[ARGO_REFRESH_TIMESTAMP];
          delete annotations[ARGO_APPSET_REFRESH];
          o.metadata.annotations = annotations;
          if (o.kind === 'Application') statusOf(o).reconciledAt = at;
        });
        this.changed();
      });
      return;
    }
    if (action === 'sync') this.runSync(key);
  }

  /** Argo CD takes the operation, runs it, and records how it ended. */
  private runSync(key: string): void {
    const answer = this.timings.answerMs;
    this.after(answer, () => {
      const at = this.now();
      let revision = '';
      this.update(key, (o) => {
        const operation = record(o.operation);
        delete o.operation;
        revision = String(
          record(operation.sync).revision ?? record(record(o.spec).source).targetRevision ?? 'HEAD',
        );
        statusOf(o).operationState = {
          operation,
          phase: 'Running',
          message: 'one or more tasks are running',
          startedAt: at,
        };
      });
      this.recordEvent(
        key,
        'Normal',
        'OperationStarted',
        `Initiated manual sync to ${revision} by ${this.user}`,
      );
      this.changed();
    });
    this.after(answer * 3, () => {
      const at = this.now();
      const object = this.objects.get(key);
      if (object === undefined) return;
      const destination = String(record(record(object.spec).destination).namespace ?? '');
      const fails = destination.startsWith('preview-') && destination !== 'preview-41';
      const message = fails
        ? `one or more objects failed to apply, reason: namespaces "${destination}" not found`
        : 'successfully synced (all tasks run)';
      this.update(key, (o) => {
        const status = statusOf(o);
        const state = record(status.operationState);
        status.operationState = { ...state, phase: fails ? 'Failed' : 'Succeeded', message, finishedAt: at };
        if (fails) {
          // Argo CD's conditions carry no status or reason: a type, a message and a time.
          const conditions = Array.isArray(status.conditions) ? status.conditions.map(record) : [];
          status.conditions = [
            ...conditions.filter((c) => c.type !== 'SyncError'),
            { type: 'SyncError', message: `Failed sync attempt: ${message}`, lastTransitionTime: at },
          ];
        } else {
          status.sync = { ...record(status.sync), status: 'Synced' };
        }
      });
      this.recordEvent(
        key,
        fails ? 'Warning' : 'Normal',
        'OperationCompleted',
        fails ? `Sync operation failed: ${message}` : 'Sync operation succeeded',
      );
      this.changed();
    });
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private tick(): void {
    this.model.setAt(this.now());
    this.changed();
  }

  /** A request time after every earlier one, with milliseconds, as `flux reconcile` writes it. */
  private requestTime(): string {
    const ms = Math.max(this.nowMs(), this.lastRequest + 1);
    this.lastRequest = ms;
    return new Date(ms).toISOString();
  }

  /** An event about the object held at `key` (none when it is gone). */
  private recordEvent(key: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const object = this.objects.get(key);
    if (object === undefined) return;
    const event = this.events.record(
      object,
      { type, reason, message, component: controllerOf(object) },
      this.now(),
    );
    this.model.upsert(event);
  }

  private find(kind: string, namespace: string, test: (object: Manifest) => boolean): Manifest | undefined {
    for (const object of this.objects.values()) {
      if (object.kind === kind && object.metadata.namespace === namespace && test(object)) return object;
    }
    return undefined;
  }

  private update(key: string, change: (object: Manifest) => void): void {
    const found = this.objects.get(key);
    if (found === undefined) return;
    const next = clone(found);
    change(next);
    this.put(next);
  }

  private put(object: Manifest): void {
    this.objects.set(keyOf(object), object);
    this.model.upsert(object);
  }

  private changed(): void {
    if (this.closed) return;
    this.cachedView = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  private every(ms: number, callback: () => void): void {
    this.cancels.add(this.clock.setInterval(callback, ms));
  }

  private after(ms: number, callback: () => void): void {
    const cancel = this.clock.setTimeout(() => {
      this.cancels.delete(cancel);
      if (!this.closed) callback();
    }, ms);
    this.cancels.add(cancel);
  }
}
