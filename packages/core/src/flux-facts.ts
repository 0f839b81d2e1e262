import { type Condition, findCondition, readConditions } from './conditions.ts';
import { type GitOpsKind, gitOpsKindNamed } from './gitops-kinds.ts';
import { type InventoryId, parseInventoryId } from './inventory-id.ts';
import type { KubeObject } from './kube-object.ts';
import { splitApiVersion } from './kube-object.ts';
import { EVERYTHING, type LabelSelector, readLabelSelector } from './label-selector.ts';
import { asArray, asBoolean, asName, asNumber, asString, field } from './plain-json.ts';
import { makeRef, type Ref } from './ref.ts';

/** A `dependsOn` target (E1). ResourceSets may name any kind and depend on mere existence. */
export interface Dependency {
  readonly ref: Ref;
  /** API group when the reference states one (ResourceSet). */
  readonly group?: string;
  readonly requireReady: boolean;
}

/** Objects of one kind in one namespace chosen by their labels (inputsFrom selectors, E9 `name: "*"`). */
export interface Selection {
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly selector: LabelSelector;
}

/** What strata reads from a Flux object (Kustomization, HelmRelease, sources, flux-operator kinds). */
export interface FluxFacts {
  readonly tool: 'flux';
  readonly conditions: readonly Condition[];
  readonly ready?: Condition;
  readonly stalled?: Condition;
  readonly reconciling?: Condition;
  readonly observedGeneration?: number;
  readonly suspended: boolean;
  readonly dependsOn: readonly Dependency[];
  /** E2 targets named. */
  readonly sources: readonly Ref[];
  /** E2 targets chosen by labels (a ResourceSet's `inputsFrom[].selector`). */
  readonly sourceSelections: readonly Selection[];
  /** E9 targets named (Alert, Receiver): drawn and checked, never an explanation. */
  readonly refers: readonly Ref[];
  /** E9 targets chosen by labels (`name: "*"`, an ImageUpdateAutomation's `policySelector`). */
  readonly referSelections: readonly Selection[];
  /** An ImagePolicy has resolved a latest image (`status.latestRef`). */
  readonly hasLatestRef: boolean;
  readonly inventory: readonly InventoryId[];
  /** The source still serves an artifact (a failing source may keep its last good one). */
  readonly hasArtifact: boolean;
  /** Has no status by design (an OCI HelmRepository, an Alert, a Provider): why, when so. */
  readonly statusless?: string;
}

function sourceRefOf(value: unknown, defaultNamespace: string | undefined): Ref | undefined {
  const kind = asName(field(value, 'kind'));
  const name = asName(field(value, 'name'));
  if (kind === undefined || name === undefined) return undefined;
  return makeRef(kind, asName(field(value, 'namespace')) ?? defaultNamespace, name);
}

function readDependsOn(object: KubeObject, kind: GitOpsKind): Dependency[] {
  const out: Dependency[] = [];
  for (const item of asArray(field(object.raw, 'spec', 'dependsOn'))) {
    const name = asName(field(item, 'name'));
    if (name === undefined) continue;
    if (kind.kind === 'ResourceSet') {
      const depKind = asName(field(item, 'kind'));
      if (depKind === undefined) continue;
      const apiVersion = asName(field(item, 'apiVersion'));
      const group =
        apiVersion === undefined ? gitOpsKindNamed(depKind)?.group : splitApiVersion(apiVersion).group;
      out.push({
        ref: makeRef(depKind, asName(field(item, 'namespace')), name),
        ...(group === undefined ? {} : { group }),
        requireReady: asBoolean(field(item, 'ready')) === true,
      });
    } else {
      out.push({
        ref: makeRef(kind.kind, asName(field(item, 'namespace')) ?? object.namespace, name),
        group: kind.group,
        requireReady: true,
      });
    }
  }
  return out;
}

/** `<ns>/<name>` as helm-controller writes `status.helmChart`. */
function parseNamespacedName(value: string | undefined): { namespace: string; name: string } | undefined {
  if (value === undefined) return undefined;
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) return undefined;
  return { namespace: value.slice(0, slash), name: value.slice(slash + 1) };
}

function readSources(object: KubeObject, kind: GitOpsKind): Ref[] {
  const spec = field(object.raw, 'spec');
  const ns = object.namespace;
  switch (kind.kind) {
    case 'Kustomization': {
      const ref = sourceRefOf(field(spec, 'sourceRef'), ns);
      return ref === undefined ? [] : [ref];
    }
    case 'HelmRelease': {
      const chartRef = sourceRefOf(field(spec, 'chartRef'), ns);
      if (chartRef !== undefined) return [chartRef];
      if (field(spec, 'chart') === undefined) return [];
      const fromStatus = parseNamespacedName(asString(field(object.raw, 'status', 'helmChart')));
      if (fromStatus !== undefined) return [makeRef('HelmChart', fromStatus.namespace, fromStatus.name)];
      const chartNamespace = asName(field(spec, 'chart', 'spec', 'sourceRef', 'namespace')) ?? ns;
      return [makeRef('HelmChart', chartNamespace, `${ns ?? 'default'}-${object.name}`)];
    }
    case 'HelmChart': {
      // A HelmChart's source always lives in its own namespace.
      const kindName = asName(field(spec, 'sourceRef', 'kind'));
      const name = asName(field(spec, 'sourceRef', 'name'));
      return kindName === undefined || name === undefined ? [] : [makeRef(kindName, ns, name)];
    }
    case 'ImagePolicy': {
      const name = asName(field(spec, 'imageRepositoryRef', 'name'));
      if (name === undefined) return [];
      return [makeRef('ImageRepository', asName(field(spec, 'imageRepositoryRef', 'namespace')) ?? ns, name)];
    }
    case 'ImageUpdateAutomation': {
      const name = asName(field(spec, 'sourceRef', 'name'));
      if (name === undefined) return [];
      const kindName = asName(field(spec, 'sourceRef', 'kind')) ?? 'GitRepository';
      return [makeRef(kindName, asName(field(spec, 'sourceRef', 'namespace')) ?? ns, name)];
    }
    case 'ResourceSet':
      // Input providers always resolve in the ResourceSet's own namespace.
      return asArray(field(spec, 'inputsFrom'))
        .map((input) => asName(field(input, 'name')))
        .filter((n): n is string => n !== undefined)
        .map((n) => makeRef('ResourceSetInputProvider', ns, n));
    case 'GitRepository':
      return asArray(field(spec, 'include'))
        .map((inc) => asName(field(inc, 'repository', 'name')))
        .filter((n): n is string => n !== undefined)
        .map((n) => makeRef('GitRepository', ns, n));
    default:
      return [];
  }
}

const NONE: readonly never[] = [];

function readSourceSelections(object: KubeObject, kind: GitOpsKind): readonly Selection[] {
  if (kind.kind !== 'ResourceSet') return NONE;
  const out: Selection[] = [];
  for (const input of asArray(field(object.raw, 'spec', 'inputsFrom'))) {
    if (asName(field(input, 'name')) !== undefined) continue;
    const selector = field(input, 'selector');
    if (selector === undefined || selector === null) continue;
    out.push({
      kind: 'ResourceSetInputProvider',
      namespace: object.namespace,
      selector: readLabelSelector(selector),
    });
  }
  return out;
}

/** E9: Alert `providerRef` and `eventSources[]`, Receiver `resources[]`, ImageUpdateAutomation policies. */
function readRefers(object: KubeObject, kind: GitOpsKind): { refs: Ref[]; selections: Selection[] } {
  const spec = field(object.raw, 'spec');
  const ns = object.namespace;
  const refs: Ref[] = [];
  const selections: Selection[] = [];
  const crossNamespace = (item: unknown) => {
    const targetKind = asName(field(item, 'kind'));
    const name = asName(field(item, 'name'));
    if (targetKind === undefined || name === undefined) return;
    const namespace = asName(field(item, 'namespace')) ?? ns;
    if (name === '*') {
      selections.push({
        kind: targetKind,
        namespace,
        selector: readLabelSelector({ matchLabels: field(item, 'matchLabels') }),
      });
    } else {
      refs.push(makeRef(targetKind, namespace, name));
    }
  };
  switch (kind.kind) {
    case 'Alert': {
      const provider = asName(field(spec, 'providerRef', 'name'));
      if (provider !== undefined) refs.push(makeRef('Provider', ns, provider));
      for (const item of asArray(field(spec, 'eventSources'))) crossNamespace(item);
      break;
    }
    case 'Receiver':
      for (const item of asArray(field(spec, 'resources'))) crossNamespace(item);
      break;
    case 'ImageUpdateAutomation': {
      const selector = field(spec, 'policySelector');
      selections.push({
        kind: 'ImagePolicy',
        namespace: ns,
        selector: selector === undefined || selector === null ? EVERYTHING : readLabelSelector(selector),
      });
      break;
    }
    default:
      break;
  }
  return { refs, selections };
}

/** Alert and Provider have no status since notification-controller 1.2: what an old one left is ignored. */
const STATIC_KINDS: ReadonlySet<string> = new Set(['Alert', 'Provider']);

export function readFluxFacts(object: KubeObject, kind: GitOpsKind): FluxFacts {
  const isStatic = STATIC_KINDS.has(kind.kind);
  const status = isStatic ? undefined : field(object.raw, 'status');
  const conditions = readConditions(status);
  const ready = findCondition(conditions, 'Ready');
  const stalled = findCondition(conditions, 'Stalled');
  const reconciling = findCondition(conditions, 'Reconciling');
  const isOperatorKind = kind.group === 'fluxcd.controlplane.io';
  // flux-operator kinds have no status.observedGeneration: the Ready condition carries it.
  const observedGeneration = isOperatorKind
    ? (asNumber(field(status, 'observedGeneration')) ?? ready?.observedGeneration)
    : asNumber(field(status, 'observedGeneration'));
  const refers = readRefers(object, kind);
  const statusless = isStatic
    ? `${kind.kind}: has no status by design`
    : kind.kind === 'HelmRepository' && asString(field(object.raw, 'spec', 'type')) === 'oci'
      ? 'OCI HelmRepository: has no status by design'
      : undefined;
  // flux-operator writes Ready=True `ReconciliationDisabled` on an object created suspended.
  const suspended =
    asBoolean(field(object.raw, 'spec', 'suspend')) === true ||
    (isOperatorKind &&
      (object.annotations.get('fluxcd.controlplane.io/reconcile') === 'disabled' ||
        (ready?.status === 'True' && ready.reason === 'ReconciliationDisabled')));
  const inventory = asArray(field(status, 'inventory', 'entries'))
    .map((e) => asName(field(e, 'id')))
    .filter((id): id is string => id !== undefined)
    .map(parseInventoryId)
    .filter((id): id is InventoryId => id !== undefined);
  return {
    tool: 'flux',
    conditions,
    ...(ready === undefined ? {} : { ready }),
    ...(stalled === undefined ? {} : { stalled }),
    ...(reconciling === undefined ? {} : { reconciling }),
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
    suspended,
    dependsOn: readDependsOn(object, kind),
    sources: readSources(object, kind),
    sourceSelections: readSourceSelections(object, kind),
    refers: refers.refs.length === 0 ? NONE : refers.refs,
    referSelections: refers.selections.length === 0 ? NONE : refers.selections,
    hasLatestRef: field(status, 'latestRef') !== undefined && field(status, 'latestRef') !== null,
    inventory,
    hasArtifact: field(status, 'artifact') !== undefined,
    ...(statusless === undefined ? {} : { statusless }),
  };
}
