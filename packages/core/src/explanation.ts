import { gitOpsKindNamed } from './gitops-kinds.ts';
import type { Edge, Explanation, NodeFacts } from './graph-types.ts';
import {
  type HealthCheckEntry,
  isGitOpsEntry,
  messageNames,
  parseHealthCheckMessage,
  stateOfKstatus,
} from './health-check-message.ts';
import { hasComparisonError, isReadyFluxDependency, type NodeStatus } from './readiness.ts';
import { makeRef, refKey } from './ref.ts';
import type { ReportEvidence } from './report-types.ts';

/** A node as the rules see it. */
export interface RuleNode {
  readonly facts: NodeFacts;
  readonly status: NodeStatus;
}

/** What the rules may look up; every lookup is a dependency the model tracks. */
export interface ExplanationContext {
  node(key: string): RuleNode | undefined;
  /** Whether a non-GitOps object named by a ResourceSet dependency exists. */
  objectExists(group: string | undefined, kind: string, namespace: string | undefined, name: string): boolean;
}

const SOURCE_REASONS: ReadonlySet<string> = new Set([
  'ArtifactFailed',
  'SourceNotReady',
  'HelmChartNotReady',
  'SourceUnavailable',
  'NoSourceArtifact',
  'IncludeUnavailable',
]);

const notReady = (node: RuleNode | undefined) => node === undefined || node.status.readiness !== 'ready';

function edgesOf(edges: readonly Edge[], type: Edge['type']): Edge[] {
  return edges.filter((e) => e.type === type);
}

/**
 * The `dependsOn` targets that hold a node back: readiness dependencies that are not `ready` by
 * the caller's measure, and whatever is absent (a ResourceSet's existence dependencies included).
 */
function unmetDependencies(
  node: NodeFacts,
  edges: readonly Edge[],
  ctx: ExplanationContext,
  ready: (target: RuleNode) => boolean,
): string[] {
  const out: string[] = [];
  for (const dep of edgesOf(edges, 'dependsOn')) {
    // A node is never in its own explanation (as in R3 and R6): a self-dependency is its own fault.
    if (dep.to === node.key) continue;
    const target = ctx.node(dep.to);
    if (target !== undefined) {
      if (dep.requireReady && !ready(target)) out.push(dep.to);
    } else if (gitOpsKindNamed(dep.ref.kind) !== undefined) {
      out.push(dep.to);
    } else {
      // ResourceSets may depend on any kind; only an absent one can be shown as a root.
      const group = node.flux?.dependsOn.find((d) => refKey(d.ref) === dep.to)?.group;
      if (!ctx.objectExists(group, dep.ref.kind, dep.ref.namespace, dep.ref.name)) out.push(dep.to);
    }
  }
  return out;
}

/** R1: Flux dependsOn, by Flux's own rule for a ready dependency. */
function dependencies(node: NodeFacts, edges: readonly Edge[], ctx: ExplanationContext): string[] {
  return unmetDependencies(node, edges, ctx, (target) =>
    target.facts.flux
      ? isReadyFluxDependency(target.facts.flux, target.facts.object.generation)
      : target.status.readiness === 'ready',
  );
}

/** R2: Flux sources. */
function sources(
  node: NodeFacts,
  status: NodeStatus,
  edges: readonly Edge[],
  ctx: ExplanationContext,
): string[] {
  const sourceEdges = edgesOf(edges, 'source');
  // source-controller reports a GitRepository's broken includes as their own condition type.
  const includeUnavailable = node.flux?.conditions.some(
    (c) => c.type === 'IncludeUnavailable' && c.status === 'True',
  );
  const triggered =
    includeUnavailable === true ||
    (status.reason !== undefined && SOURCE_REASONS.has(status.reason)) ||
    sourceEdges.some((e) => messageNames(status.message, e.ref.namespace, e.ref.name));
  if (!triggered) return [];
  return sourceEdges.filter((e) => notReady(ctx.node(e.to))).map((e) => e.to);
}

function entryKey(entry: HealthCheckEntry): string {
  return refKey(makeRef(entry.kind, entry.namespace, entry.name));
}

/** R3: Flux health checks; non-GitOps entries become evidence. */
function healthChecks(node: NodeFacts, status: NodeStatus, ctx: ExplanationContext): Explanation | undefined {
  if (status.reason === 'HealthCheckCanceled') return undefined;
  const entries = parseHealthCheckMessage(status.message);
  if (entries === undefined) return undefined;
  const targets: string[] = [];
  const evidence: ReportEvidence[] = [];
  for (const entry of entries) {
    const key = entryKey(entry);
    const target = isGitOpsEntry(entry) ? ctx.node(key) : undefined;
    if (target !== undefined) {
      if (target.status.readiness !== 'ready' && key !== node.key) targets.push(key);
      continue;
    }
    evidence.push({
      kind: entry.kind,
      ...(entry.namespace === undefined ? {} : { namespace: entry.namespace }),
      name: entry.name,
      state: stateOfKstatus(entry.status),
      ...(entry.status === undefined ? {} : { reason: entry.status }),
      message:
        `named by the health check of ${node.ref.kind} ${node.ref.namespace ?? ''}/${node.ref.name}`.replace(
          ' /',
          ' ',
        ),
    });
  }
  if (targets.length === 0) {
    for (const item of node.flux?.inventory ?? []) {
      if (gitOpsKindNamed(item.kind) === undefined) continue;
      const key = refKey(makeRef(item.kind, item.namespace, item.name));
      const target = ctx.node(key);
      if (key !== node.key && target !== undefined && target.status.readiness !== 'ready') targets.push(key);
    }
  }
  return { targets, evidence };
}

/** R4: an Application naming a project that does not exist. */
function missingProject(node: NodeFacts, edges: readonly Edge[], ctx: ExplanationContext): string[] {
  const invalid = node.argo?.conditions.find((c) => c.type === 'InvalidSpecError');
  if (invalid === undefined) return [];
  const project = edgesOf(edges, 'project')[0];
  if (project === undefined || ctx.node(project.to) !== undefined) return [];
  const mentioned = invalid.message === undefined || invalid.message.includes(project.ref.name);
  return mentioned ? [project.to] : [];
}

/** R5: controllers that are not ready, for the nodes they can explain. */
function controllers(
  node: NodeFacts,
  status: NodeStatus,
  edges: readonly Edge[],
  ctx: ExplanationContext,
): string[] {
  const argo = node.argo;
  const applies =
    node.tool === 'flux' ||
    (argo !== undefined &&
      (argo.health === undefined ||
        argo.health === 'Unknown' ||
        argo.sync === undefined ||
        argo.sync === 'Unknown' ||
        hasComparisonError(argo) ||
        status.reason === 'StaleStatus'));
  if (!applies || node.controller !== undefined) return [];
  return edgesOf(edges, 'controller')
    .filter((e) => notReady(ctx.node(e.to)))
    .map((e) => e.to);
}

/** R6: an app-of-apps parent blocked only by child Applications that are not ready. */
function childApplications(node: NodeFacts, ctx: ExplanationContext): string[] {
  const argo = node.argo;
  if (argo === undefined) return [];
  const children: string[] = [];
  let otherTrouble = false;
  for (const resource of argo.resources) {
    if (resource.group === 'argoproj.io' && resource.kind === 'Application') {
      const key = refKey(makeRef('Application', resource.namespace, resource.name));
      const child = ctx.node(key);
      if (key !== node.key && child !== undefined && child.status.readiness !== 'ready') {
        children.push(key);
        continue;
      }
    }
    if (
      resource.syncStatus === 'OutOfSync' ||
      (resource.health !== undefined && resource.health !== 'Healthy')
    ) {
      otherTrouble = true;
    }
  }
  return otherTrouble ? [] : children;
}

/** R7: an ApplicationSet's generated Applications that are not ready. */
function generatedApplications(node: NodeFacts, edges: readonly Edge[], ctx: ExplanationContext): string[] {
  const error = node.conditions?.find((c) => c.type === 'ErrorOccurred');
  if (error?.status === 'True') return [];
  return edgesOf(edges, 'generator')
    .filter((e) => notReady(ctx.node(e.to)))
    .map((e) => e.to);
}

/** R8: a controller's installers that are not ready. */
function installers(edges: readonly Edge[], ctx: ExplanationContext): string[] {
  return edgesOf(edges, 'installation')
    .filter((e) => notReady(ctx.node(e.to)))
    .map((e) => e.to);
}

/** R1b: an ImagePolicy waiting on its ImageRepository (missing, or no tags because it is not ready). */
function imageRepository(edges: readonly Edge[], ctx: ExplanationContext): string[] {
  return edgesOf(edges, 'source')
    .filter((e) => e.ref.kind === 'ImageRepository' && notReady(ctx.node(e.to)))
    .map((e) => e.to);
}

const MISSING_GIT_REPOSITORY = 'referenced git repository does not exist';
const MISSING_PROVIDER = /failed to get provider ([^/\s]+)\/([^\s:]+)/;

/**
 * R2b: an ImageUpdateAutomation is held back only by an absent GitRepository (it clones by itself
 * and never reads the repository's Ready); a ResourceSet by the input provider it failed to get.
 */
function automationOrInputs(
  node: NodeFacts,
  status: NodeStatus,
  edges: readonly Edge[],
  ctx: ExplanationContext,
): string[] {
  const message = status.message ?? '';
  if (node.gitOpsKind?.kind === 'ImageUpdateAutomation') {
    if (status.reason !== 'SourceManagerFailed' || !message.includes(MISSING_GIT_REPOSITORY)) return [];
    return edgesOf(edges, 'source')
      .filter((e) => ctx.node(e.to) === undefined)
      .map((e) => e.to);
  }
  if (status.reason !== 'BuildFailed') return [];
  const named = MISSING_PROVIDER.exec(message);
  if (named === null) return [];
  const key = refKey(makeRef('ResourceSetInputProvider', named[1], named[2]!));
  return key !== node.key && notReady(ctx.node(key)) ? [key] : [];
}

/** Kinds Argo CD has no health check for: they never hold an Application's health (R9). */
const NO_ARGO_HEALTH: ReadonlySet<string> = new Set([
  'Alert',
  'Provider',
  'FluxInstance',
  'ResourceSet',
  'ResourceSetInputProvider',
  'ExternalArtifact',
]);

/** R9: an Application held back by the Flux objects it applies (E8). */
function appliedFluxObjects(status: NodeStatus, edges: readonly Edge[], ctx: ExplanationContext): string[] {
  if (status.readiness !== 'failing' && status.readiness !== 'progressing') return [];
  return edgesOf(edges, 'applies')
    .filter((e) => !NO_ARGO_HEALTH.has(e.ref.kind) && notReady(ctx.node(e.to)))
    .map((e) => e.to);
}

/** R10: a progressing Flux node retrying behind a dependency or source that is not ready. */
function heldBack(node: NodeFacts, edges: readonly Edge[], ctx: ExplanationContext): string[] {
  const out = unmetDependencies(node, edges, ctx, (target) => target.status.readiness === 'ready');
  // An ImageUpdateAutomation never reads its GitRepository's Ready: only its absence counts (R2b).
  const absenceOnly = node.gitOpsKind?.kind === 'ImageUpdateAutomation';
  for (const source of edgesOf(edges, 'source')) {
    if (source.to === node.key) continue;
    const target = ctx.node(source.to);
    if (target === undefined || (!absenceOnly && target.status.readiness !== 'ready')) out.push(source.to);
  }
  return out;
}

const nothing: readonly ReportEvidence[] = [];

/** §5: the first rule, in order, that yields a non-empty set; empty when the node is its own root. */
export function explain(
  node: NodeFacts,
  status: NodeStatus,
  edges: readonly Edge[],
  ctx: ExplanationContext,
): Explanation {
  const isFlux = node.tool === 'flux' && node.gitOpsKind !== undefined;
  const kind = node.gitOpsKind?.kind;
  let evidence = nothing;
  const found = (targets: readonly string[]): Explanation | undefined =>
    targets.length > 0 ? { targets: unique(targets), evidence } : undefined;

  if (kind === 'ImagePolicy') {
    if (status.reason === 'DependencyNotReady') {
      const r1b = found(imageRepository(edges, ctx));
      if (r1b) return r1b;
    }
  } else if (isFlux && status.reason === 'DependencyNotReady') {
    const r1 = found(dependencies(node, edges, ctx));
    if (r1) return r1;
  }
  if (isFlux) {
    const r2 =
      kind === 'ImageUpdateAutomation' || kind === 'ResourceSet'
        ? found(automationOrInputs(node, status, edges, ctx))
        : found(sources(node, status, edges, ctx));
    if (r2) return r2;
    const r3 = healthChecks(node, status, ctx);
    if (r3 !== undefined) {
      evidence = r3.evidence;
      const explained = found(r3.targets);
      if (explained) return explained;
    }
  }
  if (kind === 'Application') {
    const r4 = found(missingProject(node, edges, ctx));
    if (r4) return r4;
  }
  const r5 = found(controllers(node, status, edges, ctx));
  if (r5) return r5;
  if (kind === 'Application') {
    const r6 = found(childApplications(node, ctx));
    if (r6) return r6;
  }
  if (kind === 'ApplicationSet') {
    const r7 = found(generatedApplications(node, edges, ctx));
    if (r7) return r7;
  }
  if (node.controller !== undefined) {
    const r8 = found(installers(edges, ctx));
    if (r8) return r8;
  }
  if (kind === 'Application') {
    const r9 = found(appliedFluxObjects(status, edges, ctx));
    if (r9) return r9;
  }
  if (isFlux && status.readiness === 'progressing') {
    const r10 = found(heldBack(node, edges, ctx));
    if (r10) return r10;
  }
  return { targets: [], evidence };
}

function unique(keys: readonly string[]): string[] {
  return [...new Set(keys)];
}
