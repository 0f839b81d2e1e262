import { type ArgoCdSettings, isArgoCdConfigMap, readArgoCdSettings } from './argocd-settings.ts';
import type { ClusterView } from './cluster-view.ts';
import { argoCdMajorVersion, controllerStatus } from './controllers.ts';
import { type DependencyKey, Dependents, Derivations, dependsOn } from './derivations.ts';
import { computeEdges, type EdgeContext } from './edges.ts';
import { evidenceOf } from './evidence.ts';
import { EvidenceIndex } from './evidence-index.ts';
import { type ExplanationContext, explain, type RuleNode } from './explanation.ts';
import type { Selection } from './flux-facts.ts';
import type { ControllerName } from './gitops-kinds.ts';
import { gitOpsKindOf } from './gitops-kinds.ts';
import type { Edge, GraphNode, NodeFacts } from './graph-types.ts';
import { GroupedIndex } from './grouped-index.ts';
import { type KubeObject, objectKey, readKubeObject } from './kube-object.ts';
import { selectorMatches } from './label-selector.ts';
import { claimsOf, readNodeFacts } from './node-facts.ts';
import { compareConflicts, objectConflicts } from './object-conflicts.ts';
import { ObjectStore } from './object-store.ts';
import {
  controllerOwner,
  directManagers,
  type OwnershipContext,
  ownershipOf,
  resolveManagers,
  trackingClaims,
} from './ownership.ts';
import type { Manager, Ownership } from './ownership-types.ts';
import { asName, field } from './plain-json.ts';
import { appSetStatus, argoAppStatus, fluxStatus, type NodeStatus } from './readiness.ts';
import { compareRefs, type Ref, refFromKey, refKey } from './ref.ts';
import { buildReport, type CachedReportObject, type CachedRootCause, type ReportSource } from './report.ts';
import type {
  Report,
  ReportConflict,
  ReportEvidence,
  ReportObject,
  ReportWarning,
  State,
} from './report-types.ts';
import { RootIndex } from './root-index.ts';
import { VersionedMap } from './versioned-map.ts';
import { type GraphShape, graphShape, graphWarnings, orphanedTracking } from './warnings.ts';

/**
 * Where Applications cannot be seen: everywhere, in these namespaces, or everywhere but the one
 * namespace that is read (`-n`).
 */
export type HiddenApplications = 'all' | readonly string[] | { readonly onlyVisible: string };

export interface ClusterModelOptions {
  /** The snapshot time `at` (ISO 8601): now, for a live cluster. */
  readonly at: string;
}

const STALE_AFTER_MS = 10 * 60 * 1000;

function compareKeys(a: string, b: string): number {
  return compareRefs(refFromKey(a), refFromKey(b));
}

/** Secret data never enters the model: only its identity and metadata are kept. */
function withoutSecretData(object: KubeObject): KubeObject {
  if (object.group !== '' || object.kind !== 'Secret') return object;
  const { data: _data, stringData: _stringData, ...rest } = object.raw;
  return { ...object, raw: rest };
}

const NO_KEYS: readonly string[] = [];
const NO_EVIDENCE: readonly ReportEvidence[] = [];
const NO_EDGES: readonly Edge[] = [];

function applicationHidden(hidden: HiddenApplications, namespace: string | undefined): boolean {
  if (hidden === 'all') return true;
  if (Array.isArray(hidden)) return namespace !== undefined && hidden.includes(namespace);
  return namespace !== (hidden as { readonly onlyVisible: string }).onlyVisible;
}

function kindNamespace(kind: string, namespace: string | undefined): string {
  return `${kind}/${namespace ?? ''}`;
}

const NO_MANAGERS: readonly Manager[] = [];

/**
 * The combined Flux / Argo CD picture of one cluster, kept up to date one object at a time.
 *
 * Every derived fact (a node's state, managers, edges, explanation) records what it read; a
 * change recomputes only the facts that read what changed, and roots are re-derived only for
 * nodes that can reach a changed explanation. `report()` settles pending work first.
 */
export class ClusterModel {
  private atIso: string;
  private atMs: number;
  private readonly objects = new ObjectStore();
  private readonly facts = new Map<string, NodeFacts>();
  private readonly nodes = new VersionedMap<string, GraphNode>();
  private readonly nodeOfObject = new Map<string, string>();
  /** Managers claiming an object (inventories, `status.resources`), by object key then manager key. */
  private readonly claims = new GroupedIndex<Manager>();
  private readonly claimsBy = new Map<string, readonly string[]>();
  private readonly controllers = new Map<ControllerName, Set<string>>();
  private readonly generated = new Map<string, Set<string>>();
  /** Objects whose tracking id or instance label names an Application, by that Application's key (§4 rule 4). */
  private readonly trackers = new Map<string, Set<string>>();
  /** The Applications each object's tracking claims name: one key bare (the common case), or several. */
  private readonly trackedApps = new Map<string, string | readonly string[]>();
  /** Bumped whenever a tracking claim or an Application's presence changes. */
  private trackersVersion = 0;
  private orphansCache: { readonly version: number; readonly warnings: readonly ReportWarning[] } | undefined;
  /** E8: the Flux nodes each Application manages, by the Application's key. */
  private readonly applied = new Map<string, Set<string>>();
  /** The Applications managing each Flux node. */
  private readonly appliedBy = new Map<string, readonly string[]>();
  /** GitOps nodes by `<kind>/<namespace>`, for label selections (E2 inputsFrom, E9). */
  private readonly byKindNamespace = new Map<string, Set<string>>();
  /** argocd-cm ConfigMaps held (normally one), by key. */
  private readonly argoCdConfigMaps = new Map<string, KubeObject>();
  /** What each node's status and explanation read, and which are due again. */
  private readonly derived = new Derivations();
  private readonly roots = new RootIndex(compareKeys);
  /** Managers found on each object itself and in inventories (§4 without owners). */
  private readonly direct = new VersionedMap<string, readonly Manager[]>();
  private readonly directDirty = new Set<string>();
  private readonly evidence = new EvidenceIndex({
    listener: {
      watched: () => this.evidenceCache.size > 0,
      changed: (token) => {
        for (const reader of this.evidenceDeps.of(token)) {
          this.evidenceCache.delete(reader);
          this.reportDirty.add(reader);
        }
      },
    },
    objectByKey: (key) => this.objects.byKey(key),
  });
  /** §7 evidence per not-ready node, kept until something it was read from changes. */
  private readonly evidenceCache = new Map<string, readonly ReportEvidence[]>();
  private readonly evidenceDeps = new Dependents<string>();
  private readonly conflictsByObject = new Map<string, readonly ReportConflict[]>();
  /** Objects added, removed or re-managed since conflicts were last checked; owners of what they control. */
  private readonly conflictDirty = new Map<string, KubeObject>();
  private sortedConflicts: readonly ReportConflict[] | undefined;
  /** Per node: bumped whenever its status or explanation is recomputed. */
  private readonly nodeStamps = new Map<string, number>();
  private readonly reportObjects = new Map<string, CachedReportObject>();
  private readonly rootCauses = new Map<string, CachedRootCause>();
  /** The nodes in report order; dropped when a node appears or goes. */
  private sortedNodesCache: readonly GraphNode[] | undefined;
  /** Each node's place in `sortedNodesCache`. */
  private sortedIndex = new Map<string, number>();
  /** The last report's objects, in `sortedNodesCache` order (undefined: build them all). */
  private lastObjects: readonly ReportObject[] | undefined;
  /** Nodes whose report entry may have changed since the last report. */
  private readonly reportDirty = new Set<string>();
  /** The nodes that are not ready, by key. */
  private readonly notReadyNodes = new Map<string, GraphNode>();
  /** The Flux nodes whose observed generation is behind their generation, by key. */
  private readonly laggingNodes = new Map<string, GraphNode>();
  /** The namespaces holding nodes, sorted, and the `sortedNodesCache` they were read from. */
  private namespacesCache:
    | { readonly of: readonly GraphNode[]; readonly names: readonly string[] }
    | undefined;
  /** Bumped whenever a node appears, goes, or changes status, edges or explanation. */
  private nodesVersion = 0;
  private graphWarningsVersion = -1;
  /** Which of the shape's external dependsOn targets were held when the graph warnings were made. */
  private graphWarningsExternal = '';
  private graphWarningsCache: readonly ReportWarning[] = [];
  /** Bumped whenever a node appears, goes, or changes its edges (not on status changes). */
  private edgesVersion = 0;
  private shape: { readonly version: number; readonly shape: GraphShape } | undefined;
  /** Every object is due a conflict check (cheaper than tracking most of them one by one). */
  private conflictsAll = false;
  private globalsDirty = true;
  private globalsSignature = '';
  private settings: ArgoCdSettings = readArgoCdSettings(undefined);
  private controlPlaneNamespace: string | undefined;
  private argoMajor: number | undefined;

  constructor(options: ClusterModelOptions) {
    this.atIso = options.at;
    this.atMs = Date.parse(options.at);
  }

  get at(): string {
    return this.atIso;
  }

  /**
   * Where Applications are hidden from the reader (RBAC): `'all'`, or the namespaces. A claim by
   * an Application there counts (its manager is shown as not visible) instead of being orphaned
   * (§4 rule 4). A file input hides nothing.
   */
  setHiddenApplications(hidden: HiddenApplications): void {
    const next: HiddenApplications =
      hidden === 'all' || !Array.isArray(hidden) ? hidden : [...new Set(hidden)].sort();
    if (JSON.stringify(next) === JSON.stringify(this.hiddenApplications)) return;
    this.changes++;
    this.hiddenApplications = next;
    this.ownershipContextCache = undefined;
    for (const app of this.trackers.keys()) this.applicationPresenceChanged(app);
  }

  private hiddenApplications: HiddenApplications = [];

  private applicationHidden(namespace: string | undefined): boolean {
    return applicationHidden(this.hiddenApplications, namespace);
  }

  /** Moves the snapshot time (a live view ticks it); only time-dependent facts are redone. */
  setAt(at: string): void {
    if (at === this.atIso) return;
    this.changes++;
    this.atIso = at;
    this.atMs = Date.parse(at);
    this.derived.changed(dependsOn.time);
  }

  /** Adds or replaces an object. Returns false when it is not a Kubernetes object (no kind or name). */
  upsert(raw: unknown): boolean {
    const read = readKubeObject(raw);
    if (read === undefined) return false;
    const object = withoutSecretData(read);
    this.changes++;
    const previous = this.objects.byKey(object.key);
    if (previous === undefined) {
      this.index(object);
      return true;
    }
    if (!newerVersion(previous, object) && JSON.stringify(previous.raw) === JSON.stringify(object.raw)) {
      return true;
    }
    // A changed object keeps its node (and what is cached about it) unless it stops being one.
    const node = this.nodeOfObject.get(previous.key);
    this.unindex(previous, true);
    this.index(object);
    if (node !== undefined && !this.facts.has(node)) this.dropNode(node);
    return true;
  }

  /** Removes an object, given the object or anything with its apiVersion, kind and metadata. */
  remove(raw: unknown): boolean {
    const read = readKubeObject(raw);
    const previous = read === undefined ? undefined : this.objects.byKey(read.key);
    if (previous === undefined) return false;
    this.changes++;
    this.unindex(previous);
    return true;
  }

  /** Every object currently held (Secrets without their data). */
  *allObjects(): IterableIterator<unknown> {
    for (const object of this.objects.values()) yield object.raw;
  }

  /** §4 ownership of any object, whether or not the model holds it. */
  ownership(raw: unknown): Ownership | undefined {
    const object = readKubeObject(raw);
    if (object === undefined) return undefined;
    this.settle();
    return ownershipOf(resolveManagers(this.objects.byKey(object.key) ?? object, this.ownershipContext()));
  }

  /** A node of the graph by ref, settled. */
  node(ref: Ref): Readonly<GraphNode> | undefined {
    this.settle();
    return this.nodes.get(refKey(ref));
  }

  report(): Report {
    this.settle();
    return buildReport(this.reportSource());
  }

  /**
   * The settled picture as surfaces read it: the report, nodes, objects and ownership of this
   * moment.
   */
  view(): ClusterView {
    if (this.published?.changes === this.changes) return this.published.view;
    const report = this.report();
    const names = this.namespaces();
    const objects = this.objects.snapshot();
    const nodes = this.nodes.snapshot();
    const direct = this.direct.snapshot();
    const claims = this.claims.snapshot();
    const live = this.ownershipContext();
    const hidden = this.hiddenApplications;
    const context: OwnershipContext = {
      settings: live.settings,
      controlPlaneNamespace: live.controlPlaneNamespace,
      argoMajor: live.argoMajor,
      // Settled: the nodes are exactly the objects with node facts.
      applicationPresent: (ref) => nodes.has(refKey(ref)) || applicationHidden(hidden, ref.namespace),
      claimsOn: (key) => claims.values(key),
      objectByKey: (key) => objects.byKey(key),
      objectByUid: (uid) => objects.byUid(uid),
      directManagersOf: (object) =>
        objects.byKey(object.key) === object ? direct.get(object.key) : undefined,
    };
    const view: ClusterView = {
      at: this.atIso,
      report,
      node: (ref) => nodes.get(refKey(ref)),
      allObjects: function* () {
        for (const object of objects.values()) yield object.raw;
      },
      ownership: (raw) => {
        const object = readKubeObject(raw);
        if (object === undefined) return undefined;
        return ownershipOf(resolveManagers(objects.byKey(object.key) ?? object, context));
      },
      namespaces: () => names,
    };
    this.published = { changes: this.changes, view };
    return view;
  }

  /** The last view handed out, kept while nothing changed. */
  private published: { readonly changes: number; readonly view: ClusterView } | undefined;
  /** Bumped by every call that may change what a view shows. */
  private changes = 0;

  /** The namespaces that hold nodes, sorted (kept until a node appears or goes). */
  namespaces(): readonly string[] {
    this.settle();
    const nodes = this.sortedNodes();
    if (this.namespacesCache?.of !== nodes) {
      const names = new Set<string>();
      for (const node of nodes) if (node.ref.namespace !== undefined) names.add(node.ref.namespace);
      this.namespacesCache = { of: nodes, names: [...names].sort() };
    }
    return this.namespacesCache.names;
  }

  // ---- indexing -------------------------------------------------------------------------------

  private index(object: KubeObject): void {
    this.objects.add(object);
    this.evidence.add(object, NO_MANAGERS);
    this.directDirty.add(object.key);
    this.markConflicts(object);
    if (isArgoCdConfigMap(object)) {
      this.argoCdConfigMaps.set(object.key, object);
      this.globalsDirty = true;
    }
    this.derived.changedOf(dependsOn.object, object.key);
    const facts = readNodeFacts(object);
    if (facts === undefined) return;
    const existing = this.facts.get(facts.key);
    if (existing !== undefined && existing.object.key !== object.key) return;
    const before = this.nodes.get(facts.key)?.object;
    const appeared = before === undefined;
    this.facts.set(facts.key, facts);
    this.nodeOfObject.set(object.key, facts.key);
    if (facts.gitOpsKind !== undefined) {
      const group = kindNamespace(facts.ref.kind, facts.ref.namespace);
      addTo(this.byKindNamespace, group, facts.key);
      // Selections read labels: a status write (most changes) selects the same nodes.
      if (appeared || labelsChanged(before, object)) this.derived.changed(dependsOn.selection(group));
    }
    if (appeared && facts.gitOpsKind?.kind === 'Application') this.applicationPresenceChanged(facts.key);
    if (facts.controller !== undefined) {
      addTo(this.controllers, facts.controller.name, facts.key);
      this.derived.changed(dependsOn.controllers(facts.controller.name));
      if (facts.controller.name === 'application-controller') this.globalsDirty = true;
    }
    if (facts.generatedBy !== undefined) {
      addTo(this.generated, facts.generatedBy, facts.key);
      this.derived.changed(dependsOn.generated(facts.generatedBy));
    }
    this.setClaims(facts.key, claimsOf(facts));
    this.derived.due(facts.key);
    this.derived.changed(dependsOn.node(facts.key));
  }

  /** `replacing`: a new version of the object is indexed next, so its node is kept for it. */
  private unindex(object: KubeObject, replacing = false): void {
    this.objects.delete(object, replacing);
    this.evidence.remove(object, this.direct.get(object.key) ?? NO_MANAGERS);
    this.direct.delete(object.key);
    this.setTracked(object.key, NO_KEYS);
    this.directDirty.delete(object.key);
    this.markConflicts(object);
    if (this.argoCdConfigMaps.delete(object.key)) this.globalsDirty = true;
    this.derived.changedOf(dependsOn.object, object.key);
    const key = this.nodeOfObject.get(object.key);
    if (key === undefined) return;
    const facts = this.facts.get(key)!;
    this.nodeOfObject.delete(object.key);
    this.facts.delete(key);
    this.derived.forget(key);
    this.evidenceDeps.clear(key);
    this.evidenceCache.delete(key);
    if (!replacing) this.dropNode(key);
    if (facts.gitOpsKind !== undefined) {
      const group = kindNamespace(facts.ref.kind, facts.ref.namespace);
      this.byKindNamespace.get(group)?.delete(key);
      // A replacement is touched by index() when its labels changed.
      if (!replacing) this.derived.changed(dependsOn.selection(group));
    }
    if (!replacing && facts.gitOpsKind?.kind === 'Application') this.applicationPresenceChanged(key);
    if (facts.controller !== undefined) {
      this.controllers.get(facts.controller.name)?.delete(key);
      this.derived.changed(dependsOn.controllers(facts.controller.name));
      if (facts.controller.name === 'application-controller') this.globalsDirty = true;
    }
    if (facts.generatedBy !== undefined) {
      this.generated.get(facts.generatedBy)?.delete(key);
      this.derived.changed(dependsOn.generated(facts.generatedBy));
    }
    this.setClaims(key, []);
    this.derived.changed(dependsOn.node(key));
  }

  private dropNode(key: string): void {
    this.setApplied(key, NO_KEYS);
    this.nodes.delete(key);
    this.notReadyNodes.delete(key);
    this.laggingNodes.delete(key);
    this.sortedNodesCache = undefined;
    this.reportObjects.delete(key);
    this.nodeStamps.delete(key);
    this.nodesVersion++;
    this.edgesVersion++;
    this.roots.setExplanation(key, null);
  }

  private setClaims(managerKey: string, claims: readonly { objectKey: string; manager: Manager }[]): void {
    for (const claimed of this.claimsBy.get(managerKey) ?? []) {
      this.claims.delete(claimed, managerKey);
      this.derived.changedOf(dependsOn.claims, claimed);
      this.directDirty.add(claimed);
    }
    const keys: string[] = [];
    for (const { objectKey: claimed, manager } of claims) {
      this.claims.add(claimed, managerKey, manager);
      keys.push(claimed);
      this.derived.changedOf(dependsOn.claims, claimed);
      this.directDirty.add(claimed);
    }
    if (keys.length > 0) this.claimsBy.set(managerKey, keys);
    else this.claimsBy.delete(managerKey);
  }

  /** One key string per Application named by tracking claims, shared by every object naming it. */
  private readonly appKeys = new Map<string, string>();

  private appKey(ref: Ref): string {
    const key = refKey(ref);
    const shared = this.appKeys.get(key);
    if (shared !== undefined) return shared;
    this.appKeys.set(key, key);
    return key;
  }

  /** Files the Applications an object's tracking claims name (present or not). */
  private setTracked(objectKey: string, apps: readonly string[]): void {
    const held = this.trackedApps.get(objectKey);
    const previous = held === undefined ? NO_KEYS : typeof held === 'string' ? [held] : held;
    if (previous.length === apps.length && previous.every((a, i) => a === apps[i])) return;
    for (const app of previous) this.trackers.get(app)?.delete(objectKey);
    for (const app of apps) addTo(this.trackers, app, objectKey);
    if (apps.length === 0) this.trackedApps.delete(objectKey);
    else this.trackedApps.set(objectKey, apps.length === 1 ? apps[0]! : apps);
    this.trackersVersion++;
  }

  /** An Application appeared or went: the claims naming it become managers, or orphans. */
  private applicationPresenceChanged(appKey: string): void {
    this.trackersVersion++;
    for (const objectKey of this.trackers.get(appKey) ?? NO_KEYS) {
      this.directDirty.add(objectKey);
      this.derived.changedOf(dependsOn.claims, objectKey);
    }
  }

  /** E8: files the Applications that manage a Flux node, so theirs `applies` edges follow. */
  private setApplied(nodeKey: string, apps: readonly string[]): void {
    const previous = this.appliedBy.get(nodeKey) ?? NO_KEYS;
    if (previous.length === apps.length && previous.every((a, i) => a === apps[i])) return;
    for (const app of previous) {
      this.applied.get(app)?.delete(nodeKey);
      this.derived.changed(dependsOn.applied(app));
    }
    for (const app of apps) {
      addTo(this.applied, app, nodeKey);
      this.derived.changed(dependsOn.applied(app));
    }
    if (apps.length === 0) this.appliedBy.delete(nodeKey);
    else this.appliedBy.set(nodeKey, apps);
  }

  /** `orphaned-tracking` warnings, rebuilt only when a claim or an Application's presence changed. */
  private orphanWarnings(): readonly ReportWarning[] {
    if (this.orphansCache?.version !== this.trackersVersion) {
      const absent = new Map<string, readonly string[]>();
      for (const [app, objects] of this.trackers) {
        if (objects.size === 0 || this.facts.has(app)) continue;
        if (this.applicationHidden(refFromKey(app).namespace)) continue;
        absent.set(app, [...objects]);
      }
      this.orphansCache = {
        version: this.trackersVersion,
        warnings: orphanedTracking(absent, (key) => this.objects.byKey(key)),
      };
    }
    return this.orphansCache.warnings;
  }

  /** Marks an object, and so everything it controls (their managers include its own), for a conflict check. */
  private markConflicts(object: KubeObject): void {
    if (this.conflictsAll) return;
    this.conflictDirty.set(object.key, object);
    // A first load (or most of the cluster changing) checks everything without walking owners.
    if (this.conflictDirty.size * 2 >= this.objects.size && this.objects.size > 64) {
      this.conflictsAll = true;
      this.conflictDirty.clear();
    }
  }

  /** The keys whose conflicts may have changed: the marked objects and their controlled descendants. */
  private conflictCandidates(): Set<string> {
    const keys = new Set<string>();
    const pending = [...this.conflictDirty.values()];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (keys.has(next.key)) continue;
      keys.add(next.key);
      pending.push(...this.evidence.controlledBy(next));
    }
    return keys;
  }

  // ---- settling -------------------------------------------------------------------------------

  private settle(): void {
    if (this.globalsDirty) this.refreshGlobals();
    for (const key of this.directDirty) this.settleDirect(key);
    this.directDirty.clear();
    this.derived.settle(
      (key) => this.settleStatus(key),
      (key) => this.settleExplanation(key),
    );
    this.roots.flush();
  }

  private refreshGlobals(): void {
    this.globalsDirty = false;
    const configMaps = [...this.argoCdConfigMaps.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    this.settings = readArgoCdSettings(configMaps[0]);
    const appControllers = [...(this.controllers.get('application-controller') ?? [])]
      .map((k) => this.facts.get(k)!)
      .sort((a, b) => compareRefs(a.ref, b.ref));
    this.controlPlaneNamespace = this.settings.namespace ?? appControllers[0]?.ref.namespace;
    this.argoMajor = appControllers.map((c) => argoCdMajorVersion(c.object)).find((v) => v !== undefined);
    const signature = JSON.stringify([this.settings, this.controlPlaneNamespace, this.argoMajor]);
    if (signature === this.globalsSignature) return;
    this.ownershipContextCache = undefined;
    this.globalsSignature = signature;
    this.derived.allExplanationsDue(this.facts.keys());
    for (const key of this.objects.keys()) this.directDirty.add(key);
  }

  /** Cheap pre-check: fewer than two managers along the owner chain cannot conflict. */
  private mayConflict(object: KubeObject, context: OwnershipContext): boolean {
    let first: Manager | undefined;
    // Owner chains are short; the bound stops a cycle of ownerReferences.
    let depth = 0;
    for (
      let current: KubeObject | undefined = object;
      current !== undefined && depth < 16;
      current = controllerOwner(current, context), depth++
    ) {
      for (const manager of this.direct.get(current.key) ?? NO_MANAGERS) {
        first ??= manager;
        // A label and an inventory entry of the same Kustomization are one manager.
        if (manager.type !== first.type || compareRefs(manager.ref, first.ref) !== 0) return true;
      }
    }
    return false;
  }

  private settleDirect(key: string): void {
    const object = this.objects.byKey(key);
    if (object === undefined) return;
    const context = this.ownershipContext();
    const tracked = trackingClaims(object, context);
    this.setTracked(key, tracked.length === 0 ? NO_KEYS : tracked.map((m) => this.appKey(m.ref)));
    const found = directManagers(object, context, tracked);
    // Most objects (Pods, ReplicaSets) have no manager of their own: one shared empty list for all.
    const managers = found.length === 0 ? NO_MANAGERS : found;
    const previous = this.direct.get(key);
    if (previous !== undefined && sameManagers(previous, managers)) return;
    this.direct.set(key, managers);
    this.evidence.setManagers(object, previous ?? NO_MANAGERS, managers);
    this.markConflicts(object);
  }

  /** Every conflict, rechecked only for objects whose managers may have changed. */
  private conflicts(): readonly ReportConflict[] {
    if (this.conflictsAll) {
      // Objects gone since the last check have no entry to keep.
      for (const key of this.conflictsByObject.keys()) {
        if (this.objects.has(key)) continue;
        this.conflictsByObject.delete(key);
        this.sortedConflicts = undefined;
      }
      const context = this.ownershipContext();
      for (const object of this.objects.values()) this.checkConflicts(object.key, object, context);
    } else if (this.conflictDirty.size > 0) {
      const context = this.ownershipContext();
      for (const key of this.conflictCandidates()) this.checkConflicts(key, this.objects.byKey(key), context);
    }
    this.conflictDirty.clear();
    this.conflictsAll = false;
    this.sortedConflicts ??= [...this.conflictsByObject.values()].flat().sort(compareConflicts);
    return this.sortedConflicts;
  }

  private checkConflicts(key: string, object: KubeObject | undefined, context: OwnershipContext): void {
    if (object === undefined || !this.mayConflict(object, context)) {
      if (this.conflictsByObject.delete(key)) this.sortedConflicts = undefined;
      return;
    }
    const found = objectConflicts(object, resolveManagers(object, context));
    if (found.length > 0) this.conflictsByObject.set(key, found);
    else if (!this.conflictsByObject.delete(key)) return;
    this.sortedConflicts = undefined;
  }

  private settleStatus(key: string): void {
    const facts = this.facts.get(key);
    if (facts === undefined) return;
    const reads: DependencyKey[] = [];
    const status = this.computeStatus(facts, reads);
    this.derived.statusRead(key, reads);
    // A stale Argo CD status is unknown whatever it last said, suspension included.
    const suspended =
      facts.flux?.suspended === true ||
      (facts.argo?.health === 'Suspended' && status.reason !== 'StaleStatus');
    const state: State = suspended ? 'suspended' : status.readiness;
    const node = this.nodes.get(key);
    this.restamp(key);
    if (node === undefined) {
      // A new node may be the missing target of others' edges.
      this.edgesVersion++;
      this.sortedNodesCache = undefined;
      const created: GraphNode = {
        ...facts,
        status,
        state,
        managers: NO_MANAGERS,
        edges: NO_EDGES,
        explanation: null,
        evidence: NO_EVIDENCE,
      };
      this.nodes.set(key, created);
      if (status.readiness !== 'ready') this.notReadyNodes.set(key, created);
      this.fileLagging(created);
    } else {
      const same = node.state === state && sameStatus(node.status, status);
      if (same && node.object === facts.object) return;
      // The node outlives its object's versions: it takes the new version's facts (and only those).
      this.replaceNode(node, {
        ...facts,
        status: same ? node.status : status,
        state,
        managers: node.managers,
        edges: node.edges,
        explanation: node.explanation,
        evidence: node.evidence,
      });
      if (same) return;
    }
    this.derived.explanationIsDue(key);
    this.derived.changed(dependsOn.node(key));
  }

  /** Puts a new version of a node wherever the old one is held (nodes are never changed in place). */
  private replaceNode(before: GraphNode, after: GraphNode): void {
    const key = after.key;
    this.nodes.set(key, after);
    if (after.status.readiness === 'ready') this.notReadyNodes.delete(key);
    else this.notReadyNodes.set(key, after);
    this.fileLagging(after);
    const index = this.sortedNodesCache === undefined ? undefined : this.sortedIndex.get(key);
    if (index !== undefined && this.sortedNodesCache![index] === before) {
      (this.sortedNodesCache as GraphNode[])[index] = after;
    }
  }

  private fileLagging(node: GraphNode): void {
    const observed = node.flux?.observedGeneration;
    const generation = node.object.generation;
    if (observed !== undefined && generation !== undefined && observed < generation) {
      this.laggingNodes.set(node.key, node);
    } else {
      this.laggingNodes.delete(node.key);
    }
  }

  private computeStatus(facts: NodeFacts, reads: DependencyKey[]): NodeStatus {
    if (facts.controller !== undefined) return controllerStatus(facts.object);
    if (facts.flux !== undefined) return fluxStatus(facts.flux, facts.object.generation);
    const kind = facts.gitOpsKind?.kind;
    if (kind === 'Application' && facts.argo !== undefined) {
      const status = argoAppStatus(facts.argo, facts.object.raw.status !== undefined);
      const reconciledAt =
        facts.argo.reconciledAt === undefined ? Number.NaN : Date.parse(facts.argo.reconciledAt);
      if (Number.isNaN(reconciledAt)) return status;
      reads.push(dependsOn.controllers('application-controller'), dependsOn.time);
      const namespace = facts.argo.controllerNamespace ?? facts.ref.namespace;
      const controller = [...(this.controllers.get('application-controller') ?? [])]
        .map((k) => this.facts.get(k)!)
        .find((c) => c.ref.namespace === namespace);
      if (controller === undefined) return status;
      reads.push(dependsOn.node(controller.key));
      const controllerNode = this.nodes.get(controller.key);
      const controllerReady =
        controllerNode?.status.readiness ?? controllerStatus(controller.object).readiness;
      if (controllerReady === 'ready' || this.atMs - reconciledAt <= STALE_AFTER_MS) return status;
      return {
        readiness: 'unknown',
        reason: 'StaleStatus',
        message: `status last reconciled at ${facts.argo.reconciledAt} while ${controller.ref.name} is not ready${status.reason ? `; it last said ${status.reason}` : ''}`,
        ...(status.since === undefined ? {} : { since: status.since }),
      };
    }
    if (kind === 'ApplicationSet') {
      reads.push(dependsOn.generated(facts.key));
      const apps = [...(this.generated.get(facts.key) ?? [])].sort();
      for (const app of apps) reads.push(dependsOn.node(app));
      const readiness = apps.map((k) => this.nodes.get(k)?.status.readiness ?? 'unknown');
      return appSetStatus(facts.conditions ?? [], readiness);
    }
    return { readiness: 'ready' };
  }

  private settleExplanation(key: string): void {
    const node = this.nodes.get(key);
    if (node === undefined) return;
    const reads = new Set<DependencyKey>();
    const managers = resolveManagers(node.object, this.ownershipContext(), (o) => {
      // A change of the node's own object marks it dirty directly; its owners' changes must too.
      if (o !== node.object) reads.add(dependsOn.object(o.key));
      reads.add(dependsOn.claims(o.key));
    });
    const edges = computeEdges(node, managers, this.edgeContext(reads));
    if (!sameEdges(node.edges, edges)) this.edgesVersion++;
    if (node.tool === 'flux' && node.gitOpsKind !== undefined) {
      const apps = managers.filter((m) => m.type === 'Application').map((m) => refKey(m.ref));
      this.setApplied(key, apps.length === 0 ? NO_KEYS : [...new Set(apps)].sort());
    }
    let explanation: readonly string[] | null = null;
    let evidence: readonly ReportEvidence[] = NO_EVIDENCE;
    if (node.status.readiness !== 'ready') {
      const found = explain(node, node.status, edges, this.explanationContext(reads));
      explanation = found.targets;
      evidence = found.evidence;
    }
    this.replaceNode(node, { ...node, managers, edges, explanation, evidence });
    this.derived.explanationRead(key, reads);
    this.evidenceCache.delete(key);
    this.restamp(key);
    this.roots.setExplanation(key, explanation);
  }

  /** A node's status or explanation was recomputed: its report entry is due a look. */
  private restamp(key: string): void {
    this.nodesVersion++;
    this.nodeStamps.set(key, this.nodesVersion);
    this.reportDirty.add(key);
  }

  // ---- contexts handed to the pure rules ------------------------------------------------------

  private ownershipContextCache: OwnershipContext | undefined;

  /** One context per settings generation: it is read for every object. */
  private ownershipContext(): OwnershipContext {
    this.ownershipContextCache ??= {
      settings: this.settings,
      controlPlaneNamespace: this.controlPlaneNamespace ?? 'argocd',
      argoMajor: this.argoMajor,
      applicationPresent: (ref) => this.facts.has(refKey(ref)) || this.applicationHidden(ref.namespace),
      claimsOn: (key) => (this.claims.count(key) === 0 ? NO_MANAGERS : this.claims.values(key)),
      objectByKey: (key) => this.objects.byKey(key),
      objectByUid: (uid) => this.objects.byUid(uid),
      // Settled before anything resolves managers; only objects the model holds are cached.
      directManagersOf: (object) =>
        this.objects.byKey(object.key) === object ? this.direct.get(object.key) : undefined,
    };
    return this.ownershipContextCache;
  }

  private edgeContext(reads: Set<DependencyKey>): EdgeContext {
    return {
      node: (key) => {
        reads.add(dependsOn.node(key));
        return this.facts.get(key);
      },
      controllers: (name) => {
        reads.add(dependsOn.controllers(name));
        return [...(this.controllers.get(name) ?? [])]
          .map((k) => this.facts.get(k)!)
          .sort((a, b) => compareRefs(a.ref, b.ref));
      },
      generated: (appSetKey) => {
        reads.add(dependsOn.generated(appSetKey));
        return [...(this.generated.get(appSetKey) ?? [])].sort();
      },
      selected: (selection: Selection) => {
        const group = kindNamespace(selection.kind, selection.namespace);
        reads.add(dependsOn.selection(group));
        const out: NodeFacts[] = [];
        for (const key of this.byKindNamespace.get(group) ?? NO_KEYS) {
          const facts = this.facts.get(key)!;
          if (selectorMatches(selection.selector, facts.object.labels)) out.push(facts);
        }
        return out.sort((a, b) => compareRefs(a.ref, b.ref));
      },
      applied: (appKey) => {
        reads.add(dependsOn.applied(appKey));
        return [...(this.applied.get(appKey) ?? NO_KEYS)].sort();
      },
      controlPlaneNamespace: this.controlPlaneNamespace,
      shared: (key) => this.facts.get(key),
    };
  }

  /** Whether an object of any kind is held; `read` hears each key looked at. */
  private objectHeld(
    group: string | undefined,
    kind: string,
    namespace: string | undefined,
    name: string,
    read: (key: string) => void = () => undefined,
  ): boolean {
    const groups = group === undefined ? [gitOpsKindOf('', kind)?.group ?? '', 'apps'] : [group];
    return groups.some((g) => {
      const key = objectKey(g, kind, namespace, name);
      read(key);
      return this.objects.has(key);
    });
  }

  /** Whether the object a node's `dependsOn` edge names is held, in the API group the node named it by. */
  private dependencyHeld(from: string, edge: Edge): boolean {
    const group = this.nodes.get(from)?.flux?.dependsOn.find((d) => refKey(d.ref) === edge.to)?.group;
    return this.objectHeld(group, edge.ref.kind, edge.ref.namespace, edge.ref.name);
  }

  private explanationContext(reads: Set<DependencyKey>): ExplanationContext {
    return {
      node: (key): RuleNode | undefined => {
        reads.add(dependsOn.node(key));
        const node = this.nodes.get(key);
        return node === undefined ? undefined : { facts: node, status: node.status };
      },
      objectExists: (group, kind, namespace, name) =>
        this.objectHeld(group, kind, namespace, name, (key) => reads.add(dependsOn.object(key))),
    };
  }

  /** The nodes in report order, kept until a node appears or goes (then the report's objects are built anew). */
  private sortedNodes(): readonly GraphNode[] {
    if (this.sortedNodesCache === undefined) {
      const nodes = [...this.nodes.values()].sort((a, b) => compareRefs(a.ref, b.ref));
      this.sortedNodesCache = nodes;
      this.sortedIndex = new Map(nodes.map((node, index) => [node.key, index]));
      this.lastObjects = undefined;
    }
    return this.sortedNodesCache;
  }

  private evidenceOfNode(node: GraphNode): readonly ReportEvidence[] {
    const cached = this.evidenceCache.get(node.key);
    if (cached !== undefined) return cached;
    const reads = new Set<string>();
    const evidence = evidenceOf(node, node.evidence, this.evidence, reads);
    this.evidenceCache.set(node.key, evidence);
    this.evidenceDeps.set(node.key, reads);
    return evidence;
  }

  private reportSource(): ReportSource {
    return {
      at: this.atIso,
      atMs: this.atMs,
      nodes: this.nodes,
      roots: this.roots,
      evidence: (node) => this.evidenceOfNode(node),
      stampOf: (key) => this.nodeStamps.get(key) ?? 0,
      sortedNodes: () => this.sortedNodes(),
      notReady: () => this.notReadyNodes.values(),
      lagging: () => this.laggingNodes.values(),
      reportObjects: (build) => {
        const nodes = this.sortedNodes();
        const rootsChanged = this.roots.takeRootsChanged();
        let objects = this.lastObjects;
        if (objects === undefined) {
          objects = nodes.map(build);
        } else if (this.reportDirty.size > 0 || rootsChanged.size > 0) {
          const next = objects.slice();
          for (const dirty of [this.reportDirty, rootsChanged]) {
            for (const key of dirty) {
              const index = this.sortedIndex.get(key);
              if (index !== undefined) next[index] = build(nodes[index]!);
            }
          }
          objects = next;
        }
        this.reportDirty.clear();
        this.lastObjects = objects;
        return objects;
      },
      objectCache: this.reportObjects,
      rootCauseCache: this.rootCauses,
      graphWarnings: () => {
        if (this.shape?.version !== this.edgesVersion) {
          this.shape = { version: this.edgesVersion, shape: graphShape(this.nodes) };
        }
        const { shape } = this.shape;
        // Objects of other kinds a ResourceSet depends on come and go without touching a node:
        // their presence is part of what the cached warnings were made from.
        const present = shape.external
          .map(({ from, edge }) => (this.dependencyHeld(from, edge) ? '1' : '0'))
          .join('');
        if (this.graphWarningsVersion !== this.nodesVersion || this.graphWarningsExternal !== present) {
          this.graphWarningsCache = graphWarnings(
            this.nodes,
            shape,
            this.notReadyNodes.values(),
            (from, edge) => this.dependencyHeld(from.key, edge),
          );
          this.graphWarningsVersion = this.nodesVersion;
          this.graphWarningsExternal = present;
        }
        const orphans = this.orphanWarnings();
        return orphans.length === 0 ? this.graphWarningsCache : [...this.graphWarningsCache, ...orphans];
      },
      conflicts: () => this.conflicts(),
    };
  }
}

/**
 * Whether the server says the object changed: a different resourceVersion is a new version, so a
 * watch event needs no comparison of the two (two serialisations of every changed object). The
 * same or no version (a relist, files) is compared in full.
 */
function newerVersion(previous: KubeObject, next: KubeObject): boolean {
  const before = asName(field(previous.raw, 'metadata', 'resourceVersion'));
  const after = asName(field(next.raw, 'metadata', 'resourceVersion'));
  return before !== undefined && after !== undefined && before !== after;
}

function labelsChanged(before: KubeObject, after: KubeObject): boolean {
  const a = field(before.raw, 'metadata', 'labels');
  const b = field(after.raw, 'metadata', 'labels');
  return a !== b && JSON.stringify(a) !== JSON.stringify(b);
}

function addTo<K>(map: Map<K, Set<string>>, key: K, value: string): void {
  let set = map.get(key);
  if (set === undefined) {
    set = new Set();
    map.set(key, set);
  }
  set.add(value);
}

function sameEdges(a: readonly Edge[], b: readonly Edge[]): boolean {
  return a.length === b.length && a.every((e, i) => e.type === b[i]!.type && e.to === b[i]!.to);
}

function sameManagers(a: readonly Manager[], b: readonly Manager[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => {
      const other = b[i]!;
      return m.type === other.type && m.via === other.via && compareRefs(m.ref, other.ref) === 0;
    })
  );
}

function sameStatus(a: NodeStatus, b: NodeStatus): boolean {
  return (
    a.readiness === b.readiness && a.reason === b.reason && a.message === b.message && a.since === b.since
  );
}
