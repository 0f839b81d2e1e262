/**
 * Property-based tests of the diagnosis engine (contract: `docs/diagnosis.md` §2, §3,
 * §5) over random Flux + Argo CD clusters from `random-cluster.test-support.ts`, plus scale tests
 * on 100,000-node chains and cycles.
 *
 * A small independent reading of §2 (readiness) and, for the shapes where the contract leaves no
 * room for reading, of §5 (explanations, roots) lives below as the test oracle.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterModel, compareRefs, diagnose, type Ref, refKey } from './index.ts';
import {
  AT,
  applicationChain,
  type KubeJson,
  kustomizationChain,
  mutate,
  mutationArb,
  randomCluster,
} from './random-cluster.test-support.ts';
import type { Readiness, Report, ReportObject, ReportRootCause, State } from './report-types.ts';

const options = { at: AT };

// ---------------------------------------------------------------------------------------------
// Reading generated objects (test side, independent of the engine)

type Json = Record<string, unknown>;

function rec(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function refOfObject(obj: KubeJson): Ref {
  const meta = rec(obj.metadata) ?? {};
  const namespace = str(meta.namespace);
  const name = str(meta.name) ?? '';
  const kind = str(obj.kind) ?? '';
  return namespace === undefined ? { kind, name } : { kind, namespace, name };
}

const keyOf = (obj: KubeJson): string => refKey(refOfObject(obj));

/** The Flux controller that reconciles each Flux kind (E5). */
const FLUX_CONTROLLER_OF: ReadonlyMap<string, ControllerRole> = new Map([
  ['Kustomization', 'kustomize-controller'],
  ['HelmRelease', 'helm-controller'],
  ['GitRepository', 'source-controller'],
  ['OCIRepository', 'source-controller'],
  ['HelmRepository', 'source-controller'],
  ['HelmChart', 'source-controller'],
  ['ImageRepository', 'image-reflector-controller'],
  ['ImagePolicy', 'image-reflector-controller'],
  ['ImageUpdateAutomation', 'image-automation-controller'],
  ['Receiver', 'notification-controller'],
  ['Alert', 'notification-controller'],
  ['Provider', 'notification-controller'],
]);
/** The Flux kinds of the random clusters: those a Flux controller reconciles. */
const FLUX_KINDS: ReadonlySet<string> = new Set(FLUX_CONTROLLER_OF.keys());
/** v3: no status by design, whatever an old one says. */
const STATIC_KINDS = new Set(['Alert', 'Provider']);
const SOURCE_REASONS = new Set([
  'ArtifactFailed',
  'SourceNotReady',
  'HelmChartNotReady',
  'SourceUnavailable',
  'NoSourceArtifact',
]);

interface Cond {
  readonly type: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

function conditionsOf(obj: KubeJson): Cond[] {
  return arr(rec(obj.status)?.conditions).map((c) => rec(c) as unknown as Cond);
}

function cond(obj: KubeJson, type: string): Cond | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

function generation(obj: KubeJson): number | undefined {
  return num(rec(obj.metadata)?.generation);
}

function observedGeneration(obj: KubeJson): number | undefined {
  return num(rec(obj.status)?.observedGeneration);
}

/** §2, Flux column. */
function fluxReadiness(obj: KubeJson): Readiness {
  if (STATIC_KINDS.has(obj.kind as string)) return 'ready';
  const ready = cond(obj, 'Ready');
  const gen = generation(obj);
  const og = observedGeneration(obj);
  if (ready?.status === 'False') return 'failing';
  if (cond(obj, 'Stalled')?.status === 'True') return 'failing';
  if (ready?.status === 'Unknown') return 'progressing';
  if (cond(obj, 'Reconciling')?.status === 'True') return 'progressing';
  if (gen !== undefined && og !== undefined && og < gen) return 'progressing';
  if (ready === undefined) {
    return obj.kind === 'HelmRepository' && rec(obj.spec)?.type === 'oci' && obj.status === undefined
      ? 'ready'
      : 'unknown';
  }
  if (ready.status === 'True' && (gen === undefined || og === undefined || og === gen)) return 'ready';
  return 'unknown';
}

/** §2: Flux's own rule for a ready dependency. */
function isReadyDependency(obj: KubeJson | undefined): boolean {
  if (obj === undefined || conditionsOf(obj).length === 0) return false;
  const gen = generation(obj);
  const og = observedGeneration(obj);
  return (gen === undefined || og === undefined || gen === og) && cond(obj, 'Ready')?.status === 'True';
}

function workloadReadiness(obj: KubeJson): Readiness {
  const spec = rec(obj.spec) ?? {};
  const status = rec(obj.status) ?? {};
  const desired = num(spec.replicas) ?? 1;
  const available = num(status[obj.kind === 'StatefulSet' ? 'readyReplicas' : 'availableReplicas']) ?? 0;
  const gen = generation(obj);
  const og = num(status.observedGeneration);
  const observed = gen === undefined || (og !== undefined && og >= gen);
  if (available === desired && observed) return 'ready';
  if (desired > 0 && available === 0) return 'failing';
  return 'progressing';
}

/** §2, Argo CD Application column (without staleness). */
function appReadiness(obj: KubeJson): Readiness {
  const status = rec(obj.status);
  if (status === undefined) return 'unknown';
  const health = str(rec(status.health)?.status);
  const sync = str(rec(status.sync)?.status);
  const op = rec(status.operationState);
  const phase = str(op?.phase);
  const hasError = conditionsOf(obj).some((c) => c.type.endsWith('Error'));
  if (health === 'Degraded' || health === 'Missing' || hasError) return 'failing';
  if (phase === 'Failed' || phase === 'Error') return 'failing';
  if (phase === 'Running' && (num(op?.retryCount) ?? 0) > 0 && str(op?.finishedAt) !== undefined)
    return 'failing';
  if (health === 'Progressing' || phase === 'Running' || sync === 'OutOfSync') return 'progressing';
  if (health === undefined || health === 'Unknown' || sync === undefined || sync === 'Unknown')
    return 'unknown';
  if ((health === 'Healthy' || health === 'Suspended') && sync === 'Synced') return 'ready';
  return 'unknown';
}

const CONTROLLER_KINDS = new Set(['Deployment', 'StatefulSet']);

interface Expected {
  readonly readiness: Readiness;
  /** Accepted report states (more than one only where the contract can be read two ways). */
  readonly states: readonly State[];
}

/** Oracle readiness and state of every node of a generated cluster, by ref key. */
function expectedStates(objects: readonly KubeJson[]): Map<string, Expected> {
  const out = new Map<string, Expected>();
  const appController = objects.find(
    (o) =>
      o.kind === 'StatefulSet' &&
      rec(rec(o.metadata)?.labels)?.['app.kubernetes.io/component'] === 'application-controller',
  );
  const appControllerDown = appController !== undefined && workloadReadiness(appController) !== 'ready';
  const staleBefore = Date.parse(AT) - 10 * 60_000;
  for (const obj of objects) {
    const kind = obj.kind as string;
    let readiness: Readiness;
    let states: State[];
    if (FLUX_KINDS.has(kind)) {
      readiness = fluxReadiness(obj);
      states = [rec(obj.spec)?.suspend === true ? 'suspended' : readiness];
    } else if (kind === 'Application') {
      const reconciledAt = str(rec(obj.status)?.reconciledAt);
      const stale = appControllerDown && reconciledAt !== undefined && Date.parse(reconciledAt) < staleBefore;
      const suspended = str(rec(rec(obj.status)?.health)?.status) === 'Suspended';
      if (stale) {
        readiness = 'unknown';
        // "unknown … whatever it last said" vs "suspended whatever its readiness": both readable.
        states = suspended ? ['unknown', 'suspended'] : ['unknown'];
      } else {
        readiness = appReadiness(obj);
        states = [suspended ? 'suspended' : readiness];
      }
    } else if (kind === 'AppProject') {
      readiness = 'ready';
      states = ['ready'];
    } else if (kind === 'ApplicationSet') {
      continue; // below, once its Applications are known
    } else if (CONTROLLER_KINDS.has(kind)) {
      readiness = workloadReadiness(obj);
      states = [readiness];
    } else {
      continue;
    }
    out.set(keyOf(obj), { readiness, states });
  }
  // ApplicationSet: its own failure, else the worst readiness of what it generated.
  for (const obj of objects) {
    if (obj.kind !== 'ApplicationSet') continue;
    let readiness: Readiness;
    if (cond(obj, 'ErrorOccurred')?.status === 'True' || cond(obj, 'ResourcesUpToDate')?.status === 'False') {
      readiness = 'failing';
    } else {
      const generated = generatedBy(obj, objects).map((app) => out.get(keyOf(app))?.readiness);
      readiness =
        (['failing', 'progressing', 'unknown'] as const).find((r) => generated.includes(r)) ?? 'ready';
    }
    out.set(keyOf(obj), { readiness, states: [readiness] });
  }
  return out;
}

/** The Applications an ApplicationSet generated (controller ownerReference, E4). */
function generatedBy(appSet: KubeJson, objects: readonly KubeJson[]): KubeJson[] {
  const { namespace, name } = refOfObject(appSet);
  return objects.filter(
    (o) =>
      o.kind === 'Application' &&
      refOfObject(o).namespace === namespace &&
      arr(rec(o.metadata)?.ownerReferences).some(
        (r) => rec(r)?.kind === 'ApplicationSet' && rec(r)?.name === name && rec(r)?.controller === true,
      ),
  );
}

// ---------------------------------------------------------------------------------------------
// Oracle for §5 on unambiguous clusters without controllers

function fluxSourceTargets(obj: KubeJson): Ref[] {
  const ref = refOfObject(obj);
  const ns = ref.namespace;
  const spec = rec(obj.spec) ?? {};
  const named = (value: unknown, defaultNs: string | undefined): Ref[] => {
    const r = rec(value);
    const kind = str(r?.kind);
    const name = str(r?.name);
    if (kind === undefined || name === undefined) return [];
    const namespace = str(r?.namespace) ?? defaultNs;
    return [namespace === undefined ? { kind, name } : { kind, namespace, name }];
  };
  switch (obj.kind) {
    case 'Kustomization':
      return named(spec.sourceRef, ns);
    case 'HelmRelease': {
      if (spec.chartRef !== undefined) return named(spec.chartRef, ns);
      const fromStatus = str(rec(obj.status)?.helmChart);
      if (fromStatus !== undefined) {
        const [namespace, name] = fromStatus.split('/') as [string, string];
        return [{ kind: 'HelmChart', namespace, name }];
      }
      const chartNs = str(rec(rec(rec(rec(spec.chart)?.spec)?.sourceRef))?.namespace) ?? ns;
      return [{ kind: 'HelmChart', namespace: chartNs ?? '', name: `${ns}-${ref.name}` }];
    }
    case 'HelmChart': {
      const source = rec(spec.sourceRef);
      return [{ kind: str(source?.kind) ?? '', namespace: ns ?? '', name: str(source?.name) ?? '' }];
    }
    case 'ImagePolicy':
      return named({ kind: 'ImageRepository', ...rec(spec.imageRepositoryRef) }, ns);
    case 'ImageUpdateAutomation':
      return named(spec.sourceRef, ns);
    case 'GitRepository':
      return arr(spec.include).map((inc) => ({
        kind: 'GitRepository',
        namespace: ns ?? '',
        name: str(rec(rec(inc)?.repository)?.name) ?? '',
      }));
    default:
      return [];
  }
}

function messageNames(message: string | undefined, ref: Ref): boolean {
  if (message === undefined) return false;
  return (
    (ref.namespace !== undefined && message.includes(`'${ref.namespace}/${ref.name}'`)) ||
    message.includes(`"${ref.name}" not found`)
  );
}

const CONTROLLER_ROLES = [
  'source-controller',
  'kustomize-controller',
  'helm-controller',
  'flux-operator',
  'image-reflector-controller',
  'image-automation-controller',
  'notification-controller',
  'application-controller',
  'repo-server',
  'applicationset-controller',
] as const;

type ControllerRole = (typeof CONTROLLER_ROLES)[number];

function roleOf(obj: KubeJson): ControllerRole | undefined {
  if (!CONTROLLER_KINDS.has(obj.kind as string)) return undefined;
  const name = refOfObject(obj).name;
  return CONTROLLER_ROLES.find((r) => name === r || name.endsWith(`-${r}`));
}

/** E5: the visible controllers that reconcile an object. */
function controllersOf(obj: KubeJson, objects: readonly KubeJson[]): Ref[] {
  const find = (role: ControllerRole, namespace: string | undefined) =>
    objects.filter(
      (o) => roleOf(o) === role && (namespace === undefined || refOfObject(o).namespace === namespace),
    );
  if (obj.kind === 'Application') {
    const ns = str(rec(obj.status)?.controllerNamespace) ?? refOfObject(obj).namespace;
    return [...find('application-controller', ns), ...find('repo-server', ns)].map(refOfObject);
  }
  const role = FLUX_CONTROLLER_OF.get(obj.kind as string);
  return role === undefined ? [] : find(role, undefined).map(refOfObject);
}

/** E6: the Flux objects whose labels say they manage a workload. */
function installersOf(obj: KubeJson): Ref[] {
  const labels = rec(rec(obj.metadata)?.labels) ?? {};
  const out: Ref[] = [];
  for (const [prefix, kind] of [
    ['kustomize.toolkit.fluxcd.io', 'Kustomization'],
    ['helm.toolkit.fluxcd.io', 'HelmRelease'],
  ] as const) {
    const name = str(labels[`${prefix}/name`]);
    const namespace = str(labels[`${prefix}/namespace`]);
    if (name !== undefined && namespace !== undefined) out.push({ kind, namespace, name });
  }
  return out;
}

const HEALTH_LIST = /(?:timeout waiting for:|failed early due to stalled resources:)\s*\[([^\]]*)\]/;

/** The explanation of a not-ready node (§5), as ref keys; missing targets are reported through `missing`. */
function explanationOf(
  obj: KubeJson,
  objects: readonly KubeJson[],
  byKey: ReadonlyMap<string, KubeJson>,
  readiness: ReadonlyMap<string, Expected>,
): Ref[] {
  const self = refOfObject(obj);
  const notReady = (ref: Ref): boolean => {
    const e = readiness.get(refKey(ref));
    return e === undefined || e.readiness !== 'ready';
  };
  // R5
  const r5 = (): Ref[] => controllersOf(obj, objects).filter(notReady);
  if (FLUX_KINDS.has(obj.kind as string)) {
    const ready = cond(obj, 'Ready');
    const targets = fluxSourceTargets(obj);
    // R1b (v3), in R1's place for an ImagePolicy.
    if (obj.kind === 'ImagePolicy') {
      if (ready?.reason === 'DependencyNotReady') {
        const out = targets.filter(notReady);
        if (out.length > 0) return out;
      }
    } else if (ready?.reason === 'DependencyNotReady') {
      // R1
      const out: Ref[] = [];
      for (const dep of arr(rec(obj.spec)?.dependsOn)) {
        const name = str(rec(dep)?.name) ?? '';
        const namespace = str(rec(dep)?.namespace) ?? self.namespace ?? '';
        const ref = { kind: self.kind, namespace, name };
        // A node is never in its own explanation (§5, as strata reads R1, R3 and R6 alike).
        if (refKey(ref) === refKey(self)) continue;
        if (!isReadyDependency(byKey.get(refKey(ref)))) out.push(ref);
      }
      if (out.length > 0) return out;
    }
    // R2b (v3), in R2's place for an ImageUpdateAutomation: only an absent GitRepository.
    const automation = obj.kind === 'ImageUpdateAutomation';
    if (
      automation &&
      ready?.reason === 'SourceManagerFailed' &&
      (ready.message ?? '').includes('referenced git repository does not exist')
    ) {
      const out = targets.filter((t) => !byKey.has(refKey(t)));
      if (out.length > 0) return out;
    }
    // R2
    const r2 =
      !automation &&
      (SOURCE_REASONS.has(ready?.reason ?? '') ||
        (obj.kind === 'GitRepository' && ready?.reason === 'IncludeUnavailable') ||
        targets.some((t) => messageNames(ready?.message, t)));
    if (r2) {
      const out = targets.filter(notReady);
      if (out.length > 0) return out;
    }
    // R3
    const list = HEALTH_LIST.exec(ready?.message ?? '');
    if (list !== null) {
      const out: Ref[] = [];
      for (const entry of list[1]!.split(',')) {
        const m = /^\s*(\w+)\/([^/\s]+)\/([^/\s]+)/.exec(entry);
        if (m === null || !FLUX_KINDS.has(m[1]!)) continue;
        const ref = { kind: m[1]!, namespace: m[2]!, name: m[3]! };
        if (byKey.has(refKey(ref)) && notReady(ref)) out.push(ref);
      }
      if (out.length > 0) return out;
    }
    const controllers = r5();
    if (controllers.length > 0) return controllers;
    // R10 (v3): progressing behind a dependency or source that is not ready or missing.
    if (readiness.get(refKey(self))?.readiness === 'progressing') {
      const deps = arr(rec(obj.spec)?.dependsOn).map((dep) => ({
        kind: self.kind,
        namespace: str(rec(dep)?.namespace) ?? self.namespace ?? '',
        name: str(rec(dep)?.name) ?? '',
      }));
      // An ImageUpdateAutomation's GitRepository holds it back only when absent.
      const sources = automation ? targets.filter((t) => !byKey.has(refKey(t))) : targets;
      const out = [...deps, ...sources].filter((ref) => refKey(ref) !== refKey(self) && notReady(ref));
      if (out.length > 0) return out;
    }
    return [self];
  }
  if (obj.kind === 'Application') {
    // R4
    for (const c of conditionsOf(obj)) {
      if (c.type !== 'InvalidSpecError') continue;
      const m = /project (\S+) which does not exist/.exec(c.message ?? '');
      if (m === null) continue;
      const project = { kind: 'AppProject', namespace: self.namespace ?? '', name: m[1]! };
      if (!byKey.has(refKey(project))) return [project];
    }
    const status = rec(obj.status);
    const health = str(rec(status?.health)?.status);
    const sync = str(rec(status?.sync)?.status);
    const reconciledAt = str(status?.reconciledAt);
    const stale =
      reconciledAt !== undefined &&
      Date.parse(reconciledAt) < Date.parse(AT) - 10 * 60_000 &&
      controllersOf(obj, objects).some((c) => c.kind === 'StatefulSet' && notReady(c));
    if (
      health === 'Unknown' ||
      sync === 'Unknown' ||
      conditionsOf(obj).some((c) => c.type === 'ComparisonError') ||
      stale
    ) {
      const controllers = r5();
      if (controllers.length > 0) return controllers;
    }
    // R6
    const resources = arr(rec(obj.status)?.resources).map((r) => rec(r) ?? {});
    const isApp = (r: Json) => r.kind === 'Application' && r.group === 'argoproj.io';
    const othersFine = resources
      .filter((r) => !isApp(r))
      .every(
        (r) =>
          r.status !== 'OutOfSync' && (rec(r.health) === undefined || rec(r.health)?.status === 'Healthy'),
      );
    if (othersFine) {
      const out = resources
        .filter(isApp)
        .map((r) => ({ kind: 'Application', namespace: str(r.namespace) ?? '', name: str(r.name) ?? '' }))
        .filter((ref) => byKey.has(refKey(ref)) && notReady(ref) && refKey(ref) !== refKey(self));
      if (out.length > 0) return out;
    }
    // R9 (v3): the Flux objects it applies (tracking ids naming it) that are not ready.
    const appReadiness = readiness.get(refKey(self))?.readiness;
    if (appReadiness === 'failing' || appReadiness === 'progressing') {
      const id = self.namespace === 'argocd' ? self.name : `${self.namespace}_${self.name}`;
      const out = objects
        .filter((o) => FLUX_KINDS.has(o.kind as string))
        .filter((o) => {
          const tracking = str(rec(rec(o.metadata)?.annotations)?.['argocd.argoproj.io/tracking-id']);
          return tracking?.startsWith(`${id}:`) === true;
        })
        .map(refOfObject)
        .filter(notReady);
      if (out.length > 0) return out;
    }
    return [self];
  }
  if (obj.kind === 'ApplicationSet') {
    // R7
    if (cond(obj, 'ErrorOccurred')?.status !== 'True') {
      const out = generatedBy(obj, objects).map(refOfObject).filter(notReady);
      if (out.length > 0) return out;
    }
    return [self];
  }
  if (roleOf(obj) !== undefined) {
    // R8
    const out = installersOf(obj).filter(notReady);
    if (out.length > 0) return out;
  }
  return [self];
}

interface OracleRoot {
  readonly ref: Ref;
  readonly state: State;
  readonly members: Ref[];
  readonly impacted: Ref[];
}

interface Oracle {
  readonly rootsOf: Map<string, Ref[]>;
  readonly roots: OracleRoot[];
}

/** §5 as an algorithm: explanation arrows, SCC condensation, sink components are roots. */
function oracle(objects: readonly KubeJson[]): Oracle {
  const byKey = new Map(objects.map((o) => [keyOf(o), o]));
  const expected = expectedStates(objects);
  const refs = new Map<string, Ref>();
  const arrows = new Map<string, string[]>();
  for (const obj of objects) {
    const key = keyOf(obj);
    const e = expected.get(key);
    if (e === undefined || e.readiness === 'ready') continue;
    refs.set(key, refOfObject(obj));
    const targets = explanationOf(obj, objects, byKey, expected);
    arrows.set(
      key,
      targets.map((t) => {
        const k = refKey(t);
        if (!refs.has(k)) refs.set(k, t);
        return k;
      }),
    );
  }
  for (const k of refs.keys()) if (!arrows.has(k)) arrows.set(k, []); // missing objects
  // Tarjan (graphs here are small).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  const components: string[][] = [];
  let counter = 0;
  const strong = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of arrows.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.set(w, components.length);
        members.push(w);
      } while (w !== v);
      components.push(members);
    }
  };
  for (const v of arrows.keys()) if (!index.has(v)) strong(v);
  const isRoot = components.map((members, c) =>
    members.every((m) => (arrows.get(m) ?? []).every((w) => component.get(w) === c)),
  );
  const rootRef = (c: number): Ref => {
    const members = components[c]!.map((k) => refs.get(k)!).sort(compareRefs);
    return members[0]!;
  };
  const reach = new Map<number, Set<number>>();
  const rootsOfComponent = (c: number): Set<number> => {
    const known = reach.get(c);
    if (known !== undefined) return known;
    const out = new Set<number>();
    reach.set(c, out);
    if (isRoot[c]) {
      out.add(c);
      return out;
    }
    for (const m of components[c]!) {
      for (const w of arrows.get(m) ?? []) {
        const d = component.get(w)!;
        if (d !== c) for (const r of rootsOfComponent(d)) out.add(r);
      }
    }
    return out;
  };
  const rootsOf = new Map<string, Ref[]>();
  const impacted = new Map<number, Ref[]>();
  for (const obj of objects) {
    const key = keyOf(obj);
    if (!arrows.has(key)) {
      rootsOf.set(key, []);
      continue;
    }
    const cs = [...rootsOfComponent(component.get(key)!)];
    rootsOf.set(key, cs.map(rootRef).sort(compareRefs));
    for (const c of cs) {
      if (component.get(key) === c) continue;
      impacted.set(c, [...(impacted.get(c) ?? []), refOfObject(obj)]);
    }
  }
  const roots: OracleRoot[] = [];
  components.forEach((members, c) => {
    if (!isRoot[c]) return;
    const ref = rootRef(c);
    const k = refKey(ref);
    const state: State =
      members.length > 1 ? 'cycle' : byKey.has(k) ? (expected.get(k)!.states[0] ?? 'unknown') : 'missing';
    roots.push({
      ref,
      state,
      members: members.length > 1 ? members.map((m) => refs.get(m)!).sort(compareRefs) : [],
      impacted: (impacted.get(c) ?? []).sort(compareRefs),
    });
  });
  return { rootsOf, roots };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function objectsByKey(report: Report): Map<string, ReportObject> {
  return new Map(report.objects.map((o) => [refKey(o.ref), o]));
}

function sortedRefs(refs: readonly Ref[]): Ref[] {
  return [...refs].sort(compareRefs);
}

function isSorted(refs: readonly Ref[]): boolean {
  return refs.every((r, i) => i === 0 || compareRefs(refs[i - 1]!, r) < 0);
}

function compareRoots(a: ReportRootCause, b: ReportRootCause): number {
  return b.impacted.length - a.impacted.length || compareRefs(a.ref, b.ref);
}

/** One line per object, for reading a counterexample. */
function summarize(objects: readonly KubeJson[]): string {
  return objects
    .map((o) => {
      const ready = cond(o, 'Ready');
      const spec = rec(o.spec) ?? {};
      const deps = arr(spec.dependsOn)
        .map((d) => `${str(rec(d)?.namespace) ?? '.'}/${str(rec(d)?.name)}`)
        .join(',');
      const status = rec(o.status);
      const app =
        o.kind === 'Application' && status !== undefined
          ? ` health=${str(rec(status.health)?.status)} sync=${str(rec(status.sync)?.status)} ` +
            `res=[${arr(status.resources)
              .map(
                (r) =>
                  `${str(rec(r)?.kind)}/${str(rec(r)?.name)}:${str(rec(r)?.status)}:${str(rec(rec(r)?.health)?.status)}`,
              )
              .join(',')}] conds=[${conditionsOf(o)
              .map((c) => c.type)
              .join(',')}] op=${str(rec(status.operationState)?.phase)} at=${str(status.reconciledAt)}`
          : '';
      return (
        `${refKey(refOfObject(o))} gen=${generation(o)} og=${observedGeneration(o)}` +
        `${spec.suspend === true ? ' SUSPENDED' : ''}` +
        `${ready === undefined ? (status === undefined ? ' (no status)' : ' (no Ready)') : ` Ready=${ready.status}/${ready.reason}: ${ready.message}`}` +
        `${cond(o, 'Stalled') ? ` Stalled=${cond(o, 'Stalled')?.status}` : ''}` +
        `${cond(o, 'Reconciling') ? ` Reconciling=${cond(o, 'Reconciling')?.status}` : ''}` +
        `${deps === '' ? '' : ` dependsOn=[${deps}]`}` +
        `${spec.sourceRef ? ` sourceRef=${JSON.stringify(spec.sourceRef)}` : ''}` +
        `${spec.chartRef ? ` chartRef=${JSON.stringify(spec.chartRef)}` : ''}` +
        `${spec.chart ? ` chart.sourceRef=${JSON.stringify(rec(rec(spec.chart)?.spec)?.sourceRef)}` : ''}` +
        `${status?.helmChart ? ` status.helmChart=${status.helmChart}` : ''}` +
        `${rec(rec(o.metadata)?.labels) ? ` labels=${JSON.stringify(rec(o.metadata)?.labels)}` : ''}` +
        app
      );
    })
    .join('\n');
}

/**
 * Runs a property; on failure, prints the error and the shrunk counterexample one object per line.
 * To replay a failure, pass the `{ seed, path }` fast-check printed as `replay`.
 */
function check<T>(
  arb: fc.Arbitrary<T>,
  objectsOf: (t: T) => readonly KubeJson[],
  body: (t: T) => void,
  numRuns: number,
  replay?: { seed: number; path: string },
) {
  const result = fc.check(
    fc.property(arb, body),
    replay === undefined ? { numRuns } : { ...replay, numRuns },
  );
  if (result.failed) {
    const value = result.counterexample?.[0] as T;
    const error =
      result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(
      `${fc.defaultReportMessage(result)}\n\n--- error ---\n${error}\n\n--- counterexample, one object per line ---\n${summarize(objectsOf(value))}`,
    );
  }
}

const cluster = randomCluster();
const same = (objects: KubeJson[]) => objects;

/** A property of each drawn cluster's report. */
function checkReport(
  arb: fc.Arbitrary<KubeJson[]>,
  body: (report: Report, objects: KubeJson[]) => void,
  numRuns: number,
) {
  check(arb, same, (objects) => body(diagnose(objects, options), objects), numRuns);
}

/** `objects` in the order of `keys` (an arbitrary permutation, ties broken by position). */
function shuffled(objects: readonly KubeJson[], keys: readonly number[]): KubeJson[] {
  return objects
    .map((o, i) => ({ o, k: keys[i % keys.length]! * 1000 + i }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.o);
}

/** The not-ready nodes that name `root` among their roots, but for the root and its members. */
function impactedBy(report: Report, root: ReportRootCause): Ref[] {
  const k = refKey(root.ref);
  const excluded = new Set([k, ...root.members.map(refKey)]);
  return sortedRefs(
    report.objects
      .filter((o) => o.rootCauses.some((r) => refKey(r) === k) && !excluded.has(refKey(o.ref)))
      .map((o) => o.ref),
  );
}

/** A ready object has no roots; a failing, progressing or unknown one has at least one. */
function expectRootsAsStateSays(o: ReportObject) {
  const k = refKey(o.ref);
  if (o.state === 'ready') expect(o.rootCauses, k).toEqual([]);
  if (o.state === 'failing' || o.state === 'progressing' || o.state === 'unknown') {
    expect(o.rootCauses.length, `roots of ${k}`).toBeGreaterThan(0);
  }
}

/** Fields whose shape the engine reads; malformed values there must never be fatal (§1). */
const READ_PATHS: readonly (readonly (string | number)[])[] = [
  ['metadata'],
  ['metadata', 'name'],
  ['metadata', 'namespace'],
  ['metadata', 'generation'],
  ['metadata', 'labels'],
  ['metadata', 'annotations'],
  ['metadata', 'ownerReferences'],
  ['metadata', 'ownerReferences', 0],
  ['spec'],
  ['spec', 'suspend'],
  ['spec', 'dependsOn'],
  ['spec', 'dependsOn', 0],
  ['spec', 'dependsOn', 0, 'name'],
  ['spec', 'sourceRef'],
  ['spec', 'sourceRef', 'kind'],
  ['spec', 'chartRef'],
  ['spec', 'chart'],
  ['spec', 'chart', 'spec', 'sourceRef'],
  ['spec', 'include'],
  ['spec', 'project'],
  ['spec', 'replicas'],
  ['spec', 'type'],
  ['status'],
  ['status', 'conditions'],
  ['status', 'conditions', 0],
  ['status', 'conditions', 0, 'status'],
  ['status', 'conditions', 0, 'type'],
  ['status', 'conditions', 0, 'message'],
  ['status', 'observedGeneration'],
  ['status', 'helmChart'],
  ['status', 'health'],
  ['status', 'health', 'status'],
  ['status', 'sync'],
  ['status', 'resources'],
  ['status', 'resources', 0],
  ['status', 'resources', 0, 'name'],
  ['status', 'operationState'],
  ['status', 'reconciledAt'],
  ['status', 'controllerNamespace'],
  ['status', 'availableReplicas'],
];

/** `value` with every '/' in its strings replaced (see the `'/'` counterexample test below). */
function withoutSlashes(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('/', '|');
  if (Array.isArray(value)) return value.map(withoutSlashes);
  const record = rec(value);
  if (record === undefined) return value;
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, withoutSlashes(v)]));
}

// Junk never contains '/': refs are keyed as `Kind/namespace/name`, and a '/' inside a kind or a
// namespace is a known counterexample with its own test ("names a node the same way everywhere").
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, '', 'True', 'true', -1, 0, 1.5, '1', [], {}, "'ns|x'", 'x'.repeat(300)),
  fc.jsonValue({ maxDepth: 2 }).map(withoutSlashes),
);

/** `obj` with the value at `path` replaced (or deleted when `value` is undefined). */
function setPath(obj: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(obj)) {
    const copy = [...obj];
    if (typeof head === 'number' && head < copy.length) copy[head] = setPath(copy[head], rest, value);
    return copy;
  }
  const record = rec(obj);
  if (record === undefined || !(String(head) in record)) return obj;
  const copy: Json = { ...record };
  if (rest.length === 0 && value === undefined) delete copy[String(head)];
  else copy[String(head)] = setPath(record[String(head)], rest, value);
  return copy;
}

// ---------------------------------------------------------------------------------------------

// Hundreds of random clusters per property: more than Vitest's 5 s on a busy 2-core machine.
describe('diagnose: properties over random clusters', { timeout: 60_000 }, () => {
  it('0. reports every node once, with the state §2 gives it', () => {
    checkReport(
      cluster,
      (report, objects) => {
        const expected = expectedStates(objects);
        const seen = new Map<string, ReportObject>();
        for (const o of report.objects) {
          const k = refKey(o.ref);
          expect(seen.has(k), `${k} listed twice`).toBe(false);
          seen.set(k, o);
        }
        expect([...seen.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [k, e] of expected) {
          const state = seen.get(k)?.state;
          expect(e.states, `state of ${k}`).toContain(state);
        }
      },
      150,
    );
  });

  it('1. every root is not ready and explains itself, or is missing, or is a cycle', () => {
    checkReport(
      cluster,
      (report, objects) => {
        const present = new Set(objects.map(keyOf));
        const byKey = objectsByKey(report);
        const expected = expectedStates(objects);
        const listed = new Set<string>();
        for (const root of report.rootCauses) {
          const k = refKey(root.ref);
          expect(listed.has(k), `root ${k} listed twice`).toBe(false);
          listed.add(k);
          expect(root.state, k).not.toBe('ready');
          if (root.state === 'missing') {
            expect(present.has(k), `missing root ${k} is in the input`).toBe(false);
            expect(root.members).toEqual([]);
          } else if (root.state === 'cycle') {
            expect(root.members.length, `cycle ${k} members`).toBeGreaterThanOrEqual(2);
            for (const m of root.members) {
              expect(present.has(refKey(m)), `cycle member ${refKey(m)} is in the input`).toBe(true);
              expect(expected.get(refKey(m))?.readiness, `cycle member ${refKey(m)}`).not.toBe('ready');
              expect(
                byKey.get(refKey(m))?.rootCauses.map(refKey),
                `roots of cycle member ${refKey(m)}`,
              ).toContain(k);
            }
            expect(root.ref, 'a cycle is named by its smallest member').toEqual(sortedRefs(root.members)[0]);
          } else {
            const object = byKey.get(k);
            expect(object, `root ${k} is a reported object`).toBeDefined();
            expect(object?.rootCauses.map(refKey), `root ${k} explains itself`).toContain(k);
            expect(expected.get(k)?.readiness, `root ${k} readiness`).not.toBe('ready');
            expect(root.state).toBe(object?.state);
            expect(root.members).toEqual([]);
          }
        }
        // Every root an object names is listed, and every listed root is named by some object.
        const named = new Set(report.objects.flatMap((o) => o.rootCauses.map(refKey)));
        expect([...named].sort()).toEqual([...listed].sort());
      },
      150,
    );
  });

  it('2. every not-ready object has at least one root; every ready object has none', () => {
    checkReport(
      cluster,
      (report, objects) => {
        const expected = expectedStates(objects);
        for (const o of report.objects) {
          const k = refKey(o.ref);
          expectRootsAsStateSays(o);
          const readiness = expected.get(k)?.readiness;
          if (readiness === 'ready') expect(o.rootCauses, `ready ${k} (state ${o.state})`).toEqual([]);
          else expect(o.rootCauses.length, `roots of not-ready ${k} (state ${o.state})`).toBeGreaterThan(0);
        }
      },
      150,
    );
  });

  it('3. does not depend on input order', () => {
    const arb = fc.tuple(cluster, fc.array(fc.nat(), { minLength: 400, maxLength: 400 }));
    check(
      arb,
      ([objects]) => objects,
      ([objects, keys]) => {
        const reference = diagnose(objects, options);
        expect(diagnose(shuffled(objects, keys), options)).toEqual(reference);
        expect(diagnose([...objects].reverse(), options)).toEqual(reference);
      },
      100,
    );
  });

  it('4. impacted lists are exactly the nodes a root explains; roots ranked by blast radius; refs sorted', () => {
    checkReport(
      cluster,
      (report) => {
        for (const root of report.rootCauses) {
          const k = refKey(root.ref);
          expect(root.impacted, `impacted of ${k}`).toEqual(impactedBy(report, root));
          expect(isSorted(root.impacted), `impacted of ${k} sorted`).toBe(true);
          expect(isSorted(root.members), `members of ${k} sorted`).toBe(true);
        }
        const ranked = [...report.rootCauses].sort(compareRoots);
        expect(report.rootCauses.map((r) => refKey(r.ref))).toEqual(ranked.map((r) => refKey(r.ref)));
        // §6: refs sort by kind, namespace, name.
        expect(isSorted(report.objects.map((o) => o.ref)), 'objects sorted').toBe(true);
        for (const o of report.objects)
          expect(isSorted(o.rootCauses), `roots of ${refKey(o.ref)} sorted`).toBe(true);
      },
      150,
    );
  });

  it('5. an incremental ClusterModel always equals a batch diagnose', () => {
    const step = fc.record({
      op: fc.constantFrom('mutate', 'mutate', 'mutate', 'remove', 'readd'),
      index: fc.nat(),
      mutation: mutationArb,
      /** Remove by a stub carrying only apiVersion, kind and metadata. */
      stub: fc.boolean(),
    });
    const arb = fc.tuple(
      randomCluster({ maxWorkloads: 40 }),
      fc.array(fc.nat(), { minLength: 300, maxLength: 300 }),
      fc.array(step, { maxLength: 12 }),
    );
    check(
      arb,
      ([objects]) => objects,
      ([objects, keys, steps]) => {
        const order = shuffled(objects, keys);
        const model = new ClusterModel(options);
        const current = new Map<string, KubeJson>();
        for (const o of order) {
          model.upsert(o);
          current.set(keyOf(o), o);
        }
        expect(model.report()).toEqual(diagnose(current.values(), options));
        const removed: KubeJson[] = [];
        steps.forEach((s, n) => {
          const live = [...current.values()];
          if (s.op === 'readd' && removed.length > 0) {
            const [back] = removed.splice(s.index % removed.length, 1);
            model.upsert(back!);
            current.set(keyOf(back!), back!);
          } else if (s.op === 'remove' && live.length > 0) {
            const gone = live[s.index % live.length]!;
            model.remove(
              s.stub ? { apiVersion: gone.apiVersion, kind: gone.kind, metadata: gone.metadata } : gone,
            );
            current.delete(keyOf(gone));
            removed.push(gone);
          } else if (live.length > 0) {
            const next = mutate(live[s.index % live.length]!, s.mutation);
            model.upsert(next);
            current.set(keyOf(next), next);
          }
          expect(
            model.report(),
            `after step ${n} (${s.op} ${s.op === 'mutate' ? JSON.stringify(s.mutation) : ''})`,
          ).toEqual(diagnose(current.values(), options));
        });
      },
      60,
    );
  });

  it('6. upserting the same object twice changes nothing', () => {
    const arb = fc.tuple(cluster, fc.nat());
    check(
      arb,
      ([objects]) => objects,
      ([objects, pick]) => {
        const model = new ClusterModel(options);
        for (const o of objects) model.upsert(o);
        const before = model.report();
        expect(before).toEqual(diagnose(objects, options));
        // The same object again, and an equal copy, one at a time and all at once.
        if (objects.length > 0) {
          const one = objects[pick % objects.length]!;
          model.upsert(one);
          model.upsert(JSON.parse(JSON.stringify(one)));
          expect(model.report()).toEqual(before);
        }
        for (const o of objects) model.upsert(JSON.parse(JSON.stringify(o)));
        expect(model.report()).toEqual(before);
        expect(diagnose([...objects, ...objects], options)).toEqual(before);
      },
      100,
    );
  });

  it('7. roots agree with §5 computed independently (unambiguous shapes)', () => {
    checkReport(
      randomCluster({ unambiguous: true }),
      (report, objects) => {
        const { rootsOf, roots } = oracle(objects);
        for (const o of report.objects) {
          const k = refKey(o.ref);
          expect(sortedRefs(o.rootCauses), `roots of ${k}`).toEqual(rootsOf.get(k));
        }
        const actual = report.rootCauses
          .map((r) => ({ ref: r.ref, state: r.state, members: r.members, impacted: r.impacted }))
          .sort((a, b) => compareRefs(a.ref, b.ref));
        expect(actual).toEqual(roots.sort((a, b) => compareRefs(a.ref, b.ref)));
      },
      200,
    );
  });

  it('8. malformed fields and non-objects are never fatal, and the report stays consistent', () => {
    const corruption = fc.record({
      index: fc.nat(),
      path: fc.constantFrom(...READ_PATHS),
      value: fc.option(junk, { nil: undefined, freq: 5 }),
    });
    const arb = fc
      .tuple(
        randomCluster({ maxWorkloads: 30 }),
        fc.array(corruption, { minLength: 1, maxLength: 8 }),
        fc.array(
          fc.constantFrom<unknown>(
            null,
            42,
            'Kustomization',
            [],
            {},
            { kind: 'Kustomization' },
            { metadata: { name: 'x' } },
          ),
        ),
      )
      .map(([objects, corruptions, extra]) => {
        const inputs: unknown[] = [...objects];
        for (const c of corruptions) {
          if (inputs.length === 0) break;
          const i = c.index % inputs.length;
          inputs[i] = setPath(inputs[i], c.path, c.value);
        }
        return [...inputs, ...extra];
      });
    check(
      arb,
      (inputs) =>
        inputs.filter((i): i is KubeJson => rec(i) !== undefined && rec(rec(i)?.metadata) !== undefined),
      (inputs) => {
        const report = diagnose(inputs, options);
        const byKey = objectsByKey(report);
        for (const o of report.objects) expectRootsAsStateSays(o);
        const named = new Set(report.objects.flatMap((o) => o.rootCauses.map(refKey)));
        expect([...named].sort()).toEqual(report.rootCauses.map((r) => refKey(r.ref)).sort());
        for (const root of report.rootCauses) {
          expect(root.state).not.toBe('ready');
          const k = refKey(root.ref);
          if (root.state !== 'missing' && root.state !== 'cycle') {
            expect(byKey.get(k)?.rootCauses.map(refKey), `root ${k} explains itself`).toContain(k);
          }
          expect(root.impacted, `impacted of ${k}`).toEqual(impactedBy(report, root));
        }
        // The model takes the same inputs back out again.
        const model = new ClusterModel(options);
        for (const input of inputs) model.upsert(input);
        const kept = inputs.filter((_, i) => i % 2 === 0);
        inputs.forEach((input, i) => {
          if (i % 2 === 1) model.remove(input);
        });
        expect(model.report()).toEqual(diagnose(kept, options));
      },
      100,
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('diagnose: counterexamples found by the properties', () => {
  // Property 8, shrunk: an Application whose (malformed) namespace contains '/' is reported with
  // one ref in `objects` and another in its root's `impacted` list. Kubernetes never allows '/'
  // in a namespace, but input files may carry anything (§1: tolerated, never fatal).
  it("names a node the same way everywhere, even when its namespace contains '/'", () => {
    const app = (namespace: string, name: string, status?: Json): KubeJson => ({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name, namespace },
      spec: { project: 'default' },
      ...(status === undefined ? {} : { status }),
    });
    const objects = [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'default', namespace: 'argocd' },
      },
      app('argocd', 'child'),
      app('a/b', 'parent', {
        health: { status: 'Progressing' },
        sync: { status: 'Synced' },
        resources: [
          { group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name: 'child', status: 'Synced' },
        ],
      }),
    ];
    const report = diagnose(objects, options);
    const parent = report.objects.find((o) => o.ref.name.endsWith('parent'));
    expect(parent?.ref).toEqual({ kind: 'Application', namespace: 'a/b', name: 'parent' });
    expect(report.rootCauses.flatMap((r) => r.impacted)).toEqual([parent?.ref]);
  });
});

describe('diagnose: scale', () => {
  const N = 100_000;
  /** The `n`th name of a generated chain: `prefix-` and six digits. */
  const nth = (prefix: string, n: number) => `${prefix}-${String(n).padStart(6, '0')}`;

  /** The end of a chain is its one root: failing, and impacting the N - 1 nodes before it. */
  function expectChainEndRoot(report: Report, end: Ref) {
    expect(report.rootCauses).toHaveLength(1);
    const [root] = report.rootCauses;
    expect(root?.ref).toEqual(end);
    expect(root?.state).toBe('failing');
    expect(root?.impacted).toHaveLength(N - 1);
  }

  it('a 100,000-node dependsOn chain has one root impacting the other 99,999', { timeout: 60_000 }, () => {
    const report = diagnose(kustomizationChain(N), options);
    const last: Ref = { kind: 'Kustomization', namespace: 'flux-system', name: nth('ks', N - 1) };
    expectChainEndRoot(report, last);
    for (const o of report.objects) {
      if (o.ref.kind === 'Kustomization') expect(o.rootCauses).toEqual([last]);
    }
  });

  it('a 100,000-node dependsOn cycle is one cycle root with 100,000 members', { timeout: 60_000 }, () => {
    const report = diagnose(kustomizationChain(N, true), options);
    expect(report.rootCauses).toHaveLength(1);
    const [root] = report.rootCauses;
    const first: Ref = { kind: 'Kustomization', namespace: 'flux-system', name: 'ks-000000' };
    expect(root?.ref).toEqual(first);
    expect(root?.state).toBe('cycle');
    expect(root?.members).toHaveLength(N);
    expect(root?.impacted).toHaveLength(0);
  });

  it('a 100,000-deep app-of-apps chain has one root impacting the other 99,999', { timeout: 60_000 }, () => {
    const report = diagnose(applicationChain(N), options);
    expectChainEndRoot(report, { kind: 'Application', namespace: 'argocd', name: nth('app', N - 1) });
  });

  it('keeps an incremental model right across a 100,000-node chain when its root recovers', {
    timeout: 60_000,
  }, () => {
    const objects = kustomizationChain(N);
    const model = new ClusterModel(options);
    for (const o of objects) model.upsert(o);
    const last = objects[N - 1]!;
    model.upsert(mutate(last, { kind: 'ready', target: 0 }));
    const report = model.report();
    // The last one is ready now; the next-to-last still says DependencyNotReady about a ready
    // dependency, so it is its own root (stale message, §5 R1) and impacts the rest.
    expect(report.rootCauses).toHaveLength(1);
    expect(report.rootCauses[0]?.ref.name).toBe(nth('ks', N - 2));
    expect(report.rootCauses[0]?.impacted).toHaveLength(N - 2);
  });
});
