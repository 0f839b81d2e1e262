import { type Condition, findCondition, readConditions } from './conditions.ts';
import { type GitOpsKind, gitOpsKindNamed } from './gitops-kinds.ts';
import { type InventoryId, parseInventoryId } from './inventory-id.ts';
import type { KubeObject } from './kube-object.ts';
import { splitApiVersion } from './kube-object.ts';
import { asArray, asBoolean, asName, asNumber, asString, field } from './plain-json.ts';
import { makeRef, type Ref } from './ref.ts';

/** A `dependsOn` target (E1). ResourceSets may name any kind and depend on mere existence. */
export interface Dependency {
  readonly ref: Ref;
  /** API group when the reference states one (ResourceSet). */
  readonly group?: string;
  readonly requireReady: boolean;
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
  /** E2 targets. */
  readonly sources: readonly Ref[];
  readonly inventory: readonly InventoryId[];
  /** The source still serves an artifact (a failing source may keep its last good one). */
  readonly hasArtifact: boolean;
  /** An OCI HelmRepository, which has no status by design. */
  readonly statusless: boolean;
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
    case 'GitRepository':
      return asArray(field(spec, 'include'))
        .map((inc) => asName(field(inc, 'repository', 'name')))
        .filter((n): n is string => n !== undefined)
        .map((n) => makeRef('GitRepository', ns, n));
    default:
      return [];
  }
}

export function readFluxFacts(object: KubeObject, kind: GitOpsKind): FluxFacts {
  const status = field(object.raw, 'status');
  const conditions = readConditions(status);
  const ready = findCondition(conditions, 'Ready');
  const stalled = findCondition(conditions, 'Stalled');
  const reconciling = findCondition(conditions, 'Reconciling');
  const observedGeneration = asNumber(field(status, 'observedGeneration'));
  const isOperatorKind = kind.group === 'fluxcd.controlplane.io';
  const suspended =
    asBoolean(field(object.raw, 'spec', 'suspend')) === true ||
    (isOperatorKind && object.annotations.get('fluxcd.controlplane.io/reconcile') === 'disabled');
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
    inventory,
    hasArtifact: field(status, 'artifact') !== undefined,
    statusless: kind.kind === 'HelmRepository' && asString(field(object.raw, 'spec', 'type')) === 'oci',
  };
}
