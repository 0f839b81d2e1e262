/**
 * Argo CD actions: refresh and sync. Facts (upstream, checked against argoproj/argo-cd):
 * - Refresh: annotation `argocd.argoproj.io/refresh` set to `normal` or `hard` (hard also
 *   invalidates the manifest cache); current Argo CD also writes
 *   `argocd.argoproj.io/refresh-timestamp` (RFC3339Nano) in the same merge patch, so a request
 *   that arrives during a refresh is not lost. The controller removes both when done
 *   (pkg/apis/application/v1alpha1/application_annotations.go, util/argo/argo.go RefreshApp).
 *   Older controllers ignore the timestamp.
 * - ApplicationSet refresh: annotation `argocd.argoproj.io/application-set-refresh`, read by
 *   presence (the webhook sets "true"); the ApplicationSet controller removes it after
 *   reconciling (common/common.go, applicationset/webhook/webhook.go). There is no hard mode.
 * - Sync: set the Application's top-level `operation` (docs/user-guide/sync-kubectl.md shows a
 *   merge patch of `operation.initiatedBy.username` + `operation.sync.syncStrategy.hook: {}`).
 *   Field names from the Operation / SyncOperation types: `sync.revision`, `sync.prune`,
 *   `sync.dryRun`, `sync.syncOptions`, `sync.syncStrategy`, `retry`, `initiatedBy.username`.
 *   An empty revision means the spec's targetRevision (controller/state.go). The API server's
 *   Sync copies spec.syncPolicy.syncOptions and spec.syncPolicy.retry into the operation, refuses
 *   while `operation` is already set ("another operation is already in progress", util/argo
 *   SetAppOperation), refuses a deleting Application, and refuses syncing an auto-synced
 *   Application to a revision other than its target (server/application/application.go).
 *   An operation is in progress while `status.operationState.phase` is Running or Terminating
 *   (controller isOperationInProgress; Completed() is Succeeded, Failed or Error).
 */
import { asArray, asBoolean, asName, asRecord, asString, field, type JsonRecord } from '../plain-json.ts';
import {
  annotationPatch,
  isRefusal,
  planned,
  type ResolvedObject,
  refuse,
  resolveToolTarget,
  type ToolTargets,
} from './action-target.ts';
import { type ActionOptions, type ActionPlan, DEFAULT_USER } from './action-types.ts';

export const ARGO_REFRESH = 'argocd.argoproj.io/refresh';
export const ARGO_REFRESH_TIMESTAMP = 'argocd.argoproj.io/refresh-timestamp';
export const ARGO_APPSET_REFRESH = 'argocd.argoproj.io/application-set-refresh';

type ArgoAction = 'refresh' | 'sync';

function fluxKindReason(action: ArgoAction, resolved: ResolvedObject): string {
  const kind = resolved.kind.kind;
  if (kind === 'ExternalArtifact')
    return `ExternalArtifact is produced by another controller: nothing to ${action}`;
  return `${action} is an Argo CD action: reconcile the Flux ${kind} instead`;
}

function argoKindRefusal(action: ArgoAction, resolved: ResolvedObject): string | undefined {
  if (resolved.kind.kind === 'AppProject') {
    return `AppProject is Argo CD configuration: there is nothing to ${action}`;
  }
  if (action === 'sync' && resolved.kind.kind === 'ApplicationSet') {
    return 'an ApplicationSet is not synced: sync the Applications it generates, or refresh it';
  }
  return undefined;
}

const ARGO_TARGETS: ToolTargets<ArgoAction> = {
  tool: 'argo',
  otherTool: fluxKindReason,
  ownKind: argoKindRefusal,
};

/** Application: refresh (normal / hard). ApplicationSet: regenerate its Applications. */
export function planRefresh(raw: unknown, options: ActionOptions): ActionPlan {
  const resolved = resolveToolTarget(ARGO_TARGETS, 'refresh', raw, options);
  if (isRefusal(resolved)) return resolved;
  if (resolved.kind.kind === 'ApplicationSet') {
    if (options.hard === true) return refuse('refresh', 'an ApplicationSet has no hard refresh');
    return planned(
      'refresh',
      resolved,
      annotationPatch({ [ARGO_APPSET_REFRESH]: 'true' }),
      `Refresh ${resolved.label}: regenerate its Applications`,
    );
  }
  const type = options.hard === true ? 'hard' : 'normal';
  return planned(
    'refresh',
    resolved,
    annotationPatch({ [ARGO_REFRESH]: type, [ARGO_REFRESH_TIMESTAMP]: options.at }),
    type === 'hard'
      ? `Hard-refresh ${resolved.label}: invalidate its manifest cache and compare again`
      : `Refresh ${resolved.label}: compare its source with the cluster again`,
  );
}

/** Why a new operation cannot be set now, read the way Argo CD's API server and controller do. */
export function argoOperationBlocker(raw: unknown): string | undefined {
  const operation = field(raw, 'operation');
  if (operation !== undefined && operation !== null) {
    return 'a sync operation is already requested (operation is set): wait for it to finish';
  }
  const phase = asName(field(raw, 'status', 'operationState', 'phase'));
  if (phase === 'Running' || phase === 'Terminating') {
    return `an operation is already running (status.operationState.phase: ${phase})`;
  }
  return undefined;
}

function stringList(value: unknown): string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string' && v !== '');
}

function isAutomated(raw: unknown): boolean {
  const automated = asRecord(field(raw, 'spec', 'syncPolicy', 'automated'));
  return automated !== undefined && asBoolean(automated.enabled) !== false;
}

/** Set `operation.sync`, as `argocd app sync` asks the API server to. */
export function planSync(raw: unknown, options: ActionOptions): ActionPlan {
  const resolved = resolveToolTarget(ARGO_TARGETS, 'sync', raw, options);
  if (isRefusal(resolved)) return resolved;
  const app = resolved.object.raw;
  if (asName(field(app, 'metadata', 'deletionTimestamp')) !== undefined) {
    return refuse('sync', 'the Application is being deleted');
  }
  const blocker = argoOperationBlocker(app);
  if (blocker !== undefined) return refuse('sync', blocker);

  // Options are read defensively too: an untyped caller's `revision: 5` must not throw.
  const revision = options.revision === undefined ? undefined : (asString(options.revision) ?? '');
  if (revision !== undefined) {
    if (revision.trim() === '')
      return refuse('sync', 'empty revision: omit it to sync to the target revision');
    const sources = asArray(field(app, 'spec', 'sources'));
    if (sources.length > 0 && field(app, 'spec', 'sourceHydrator') === undefined) {
      return refuse(
        'sync',
        'a multi-source Application has one revision per source: sync without a revision',
      );
    }
    const target = asName(field(app, 'spec', 'source', 'targetRevision')) ?? 'HEAD';
    if (revision !== target && isAutomated(app) && options.dryRun !== true) {
      return refuse('sync', `cannot sync to ${revision}: automated sync follows ${target}`);
    }
  }

  const syncOptions = stringList(options.syncOptions ?? field(app, 'spec', 'syncPolicy', 'syncOptions'));
  const sync: Record<string, unknown> = { syncStrategy: { hook: {} } };
  if (revision !== undefined) sync.revision = revision;
  if (options.prune === true) sync.prune = true;
  if (options.dryRun === true) sync.dryRun = true;
  if (syncOptions.length > 0) sync.syncOptions = syncOptions;

  const operation: Record<string, unknown> = {
    initiatedBy: { username: asName(options.user) ?? DEFAULT_USER },
    sync,
  };
  const retry = asRecord(field(app, 'spec', 'syncPolicy', 'retry'));
  if (retry !== undefined) operation.retry = retry;

  // resourceVersion makes the patch conditional: if the Application changed since it was read
  // (say, another operation was set), the API server answers 409 Conflict instead of replacing
  // it. Re-read and plan again on 409; this is the merge-patch form of Argo CD's Get + Update.
  const resourceVersion = asName(field(app, 'metadata', 'resourceVersion'));
  const patch: JsonRecord = {
    ...(resourceVersion === undefined ? {} : { metadata: { resourceVersion } }),
    operation,
  };

  const details = [
    revision === undefined ? 'to its target revision' : `to ${revision}`,
    ...(options.prune === true ? ['with prune'] : []),
    ...(options.dryRun === true ? ['as a dry run'] : []),
  ];
  return planned('sync', resolved, patch, `Sync ${resolved.label} ${details.join(', ')}`);
}
