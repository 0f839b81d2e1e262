/** Shared steps of every builder: read the object, find its kind, refuse what cannot be acted on. */
import { type GitOpsKind, gitOpsKindOf, type Tool } from '../gitops-kinds.ts';
import { type KubeObject, kubeObjectProblem, readKubeObject } from '../kube-object.ts';
import { field, type JsonRecord } from '../plain-json.ts';
import { formatRef, makeRef } from '../ref.ts';
import type {
  ActionName,
  ActionOptions,
  ActionTarget,
  PlannedAction,
  RefusedAction,
} from './action-types.ts';
import { READ_ONLY_REASON } from './action-types.ts';

export interface ResolvedObject {
  readonly object: KubeObject;
  readonly kind: GitOpsKind;
  readonly target: ActionTarget;
  /** `Kind/namespace/name`, for messages. */
  readonly label: string;
}

export function refuse(action: ActionName, reason: string): RefusedAction {
  return { ok: false, action, reason };
}

export function isRefusal(value: ResolvedObject | RefusedAction): value is RefusedAction {
  return 'ok' in value;
}

/** The object and its GitOps kind, or why it cannot be the target of an action. */
export function resolveTarget(action: ActionName, raw: unknown): ResolvedObject | RefusedAction {
  const object = readKubeObject(raw);
  if (object === undefined) {
    return refuse(action, `cannot ${action} a malformed object: ${kubeObjectProblem(raw) ?? 'unreadable'}`);
  }
  const kind = gitOpsKindOf(object.group, object.kind);
  if (kind === undefined) {
    const apiVersion = object.group === '' ? object.version : `${object.group}/${object.version}`;
    return refuse(
      action,
      `${object.kind} (${apiVersion === '' ? 'no apiVersion' : apiVersion}) is not a Flux or Argo CD kind strata acts on`,
    );
  }
  const label = formatRef(makeRef(object.kind, object.namespace, object.name));
  // Every kind in GITOPS_KINDS is namespaced: without a namespace the URL would be wrong.
  if (object.namespace === undefined) return refuse(action, `${label} has no metadata.namespace`);
  if (object.version === '') return refuse(action, `${label} has no API version in apiVersion`);
  return {
    object,
    kind,
    label,
    target: {
      group: object.group,
      version: object.version,
      kind: object.kind,
      resource: kind.plural,
      namespace: object.namespace,
      name: object.name,
    },
  };
}

/** Which tool's objects a set of builders acts on, and how it refuses the rest. */
export interface ToolTargets<A extends ActionName> {
  readonly tool: Tool;
  /** Why a kind of the other tool is not a target (it points at what does apply). */
  readonly otherTool: (action: A, resolved: ResolvedObject) => string;
  /** Why a kind of this tool has no such action, or undefined when it has. */
  readonly ownKind: (action: A, resolved: ResolvedObject) => string | undefined;
}

/**
 * The object as a target of `targets.tool`'s `action`, or the refusal: unreadable or not a
 * GitOps kind, then the other tool's kinds, this tool's kinds without the action, then the options.
 */
export function resolveToolTarget<A extends ActionName>(
  targets: ToolTargets<A>,
  action: A,
  raw: unknown,
  options: ActionOptions,
): ResolvedObject | RefusedAction {
  const resolved = resolveTarget(action, raw);
  if (isRefusal(resolved)) return resolved;
  if (resolved.kind.tool !== targets.tool) return refuse(action, targets.otherTool(action, resolved));
  const reason = targets.ownKind(action, resolved);
  if (reason !== undefined) return refuse(action, reason);
  return optionsRefusal(action, options) ?? resolved;
}

/** Refusals that do not depend on the object: read-only mode and a missing request time. */
export function optionsRefusal(action: ActionName, options: ActionOptions): RefusedAction | undefined {
  // Read defensively: untyped callers may pass anything, and a builder must not throw.
  if (field(options, 'readOnly') === true) return refuse(action, READ_ONLY_REASON);
  const at = field(options, 'at');
  if (typeof at !== 'string' || at.trim() === '') {
    return refuse(action, 'no request time given: pass the current time as `at`');
  }
  return undefined;
}

export function planned(
  action: ActionName,
  resolved: ResolvedObject,
  patch: JsonRecord,
  summary: string,
): PlannedAction {
  return { ok: true, action, target: resolved.target, patchType: 'merge', patch, summary };
}

/** `{ metadata: { annotations } }`: a merge patch touching only the named annotations. */
export function annotationPatch(annotations: { readonly [key: string]: string | null }): JsonRecord {
  return { metadata: { annotations } };
}
