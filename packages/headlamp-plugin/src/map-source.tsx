import { K8s } from '@kinvolk/headlamp-plugin/lib';
import { Box, Link, Typography } from '@mui/material';
import {
  formatRef,
  type GitOpsKind,
  gitOpsKindNamed,
  type KubeObject,
  managedBy,
  objectIndex,
  type Ref,
  readKubeObject,
  refKey,
  reportObjectOf,
  type State,
  workloadHealth,
} from '@strata/core';
import { type ElementType, type ReactElement, type ReactNode, useMemo } from 'react';
import { Link as RouterLink, useLocation } from 'react-router-dom';
import { useClusterData } from './cluster-data.ts';
import { pageOf } from './components/DependencyGraph.tsx';
import { ObjectLink, stateStatus } from './components/ObjectLink.tsx';
import { type GraphNodeView, graphView, type Picture } from './picture.ts';

const RESOURCE_MAP_TYPES = new Set([
  'dependsOn',
  'source',
  'parent',
  'generator',
  'installation',
  'project',
  'applies',
  'refers',
]);

/** The workload kinds Headlamp's map shows that a GitOps object manages. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Heavier than Headlamp's workloads: a connected part is named for, and laid out from, its GitOps objects. */
const WEIGHT = 2000;

const LAYERS_PATH =
  'M12 16.54L19.37 10.8L21 12.07L12 19.07L3 12.07L4.62 10.81L12 16.54M12 14L3 7L12 0L21 7L12 14M12 2.53L7.1 7L12 11.47L16.9 7L12 2.53M12 21.47L19.37 15.73L21 17L12 24L3 17L4.62 15.74L12 21.47Z';
const WORKLOAD_PATH =
  'M4 4h7v7H4V4m9 0h7v7h-7V4M4 13h7v7H4v-7m9 0h7v7h-7v-7M6 6v3h3V6H6m9 0v3h3V6h-3M6 15v3h3v-3H6m9 0v3h3v-3h-3Z';

// Icon objects, not `mdi:` names: Headlamp fetches unbundled icon names online. `size` in
// pixels, as Headlamp draws its own kind icons on the map (42 on a node); unset, it fills its box.
function icon(path: string, size?: number): ReactElement {
  const box = size === undefined ? '100%' : `${size}px`;
  return (
    <svg viewBox="0 0 24 24" width={box} height={box} style={{ flexShrink: 0 }} aria-hidden="true">
      <path fill="currentColor" d={path} />
    </svg>
  );
}
const LAYERS_ICON = icon(LAYERS_PATH);
const GITOPS_NODE_ICON = icon(LAYERS_PATH, 32);
const WORKLOAD_NODE_ICON = icon(WORKLOAD_PATH, 32);

/** A node on Headlamp's map: a GitOps object, or a workload one manages. */
export interface MapNode {
  readonly id: string;
  readonly label: string;
  readonly subtitle: string;
  readonly status?: MapStatus;
  readonly weight?: number;
  readonly icon?: ReactNode;
  readonly kubeObject?: KubeObjectLike;
  readonly customResourceDefinition?: string;
  readonly detailsComponent: (props: { node: { data?: MapNodeData } }) => ReactElement | null;
  readonly data: MapNodeData;
}

/** A labelled group: Headlamp draws it as one card; opened, it shows its nodes and their edges. */
export interface MapGroup {
  readonly id: string;
  readonly label: string;
  readonly subtitle: string;
  readonly status: MapStatus;
  readonly weight: number;
  readonly icon: ReactNode;
  // Mutable: Headlamp sorts a group's nodes in place.
  readonly nodes: MapElement[];
  readonly edges: MapEdge[];
}

export type MapElement = MapNode | MapGroup;
type MapStatus = 'success' | 'error' | 'warning';

/** What a node's details show: a GitOps object's verdict, or a managed workload's health. */
export type MapNodeData =
  | { readonly strata: GraphNodeView; readonly cluster: string | undefined }
  | { readonly workload: WorkloadView; readonly cluster: string | undefined };

export interface WorkloadView {
  readonly ref: Ref;
  /** strata's health of it (§7); absent when strata has no rule for it. */
  readonly state?: State;
  readonly reason?: string;
  readonly managers: readonly Ref[];
}

export interface MapEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
}

type KubeObjectLike = InstanceType<ReturnType<typeof K8s.crd.makeCustomResourceClass>>;

function statusOf(state: State | undefined): MapStatus {
  const status = state === undefined ? '' : stateStatus(state);
  return status === '' ? 'success' : status;
}

const SEVERITY: Record<MapStatus, number> = { success: 0, warning: 1, error: 2 };
function worstOf(elements: readonly MapElement[]): MapStatus {
  let worst: MapStatus = 'success';
  for (const e of elements) {
    if (e.status !== undefined && SEVERITY[e.status] > SEVERITY[worst]) worst = e.status;
  }
  return worst;
}

/** One Headlamp KubeObject class per GitOps kind, so a node given one by one is Headlamp's own object. */
const classes = new Map<string, ReturnType<typeof K8s.crd.makeCustomResourceClass>>();
function classOf(kind: GitOpsKind): ReturnType<typeof K8s.crd.makeCustomResourceClass> {
  let cls = classes.get(kind.kind);
  if (cls === undefined) {
    cls = K8s.crd.makeCustomResourceClass({
      apiInfo: kind.versions.map((version) => ({ group: kind.group, version })),
      kind: kind.kind,
      pluralName: kind.plural,
      singularName: kind.kind.toLowerCase(),
      isNamespaced: true,
    });
    classes.set(kind.kind, cls);
  }
  return cls;
}

/** The side panel of a node on the map: strata's verdict and a link to the object's page. */
function StrataNodeDetails({ node }: { node: { data?: MapNodeData } }) {
  const data = node.data;
  if (data === undefined) return null;
  if ('workload' in data) return <WorkloadDetails workload={data.workload} cluster={data.cluster} />;
  const n = data.strata;
  const path = pageOf(n, data.cluster);
  return (
    <Box sx={{ p: 2 }} data-testid="strata-map-details">
      <Typography variant="h6">{formatRef(n.ref)}</Typography>
      <Typography variant="body2">
        strata: {n.state}
        {n.reason === undefined ? '' : ` (${n.reason})`}
        {n.isRoot ? ' · root cause' : ''}
      </Typography>
      {path === undefined || n.state === 'missing' ? null : (
        <Link component={RouterLink as unknown as ElementType} to={path}>
          Open its page
        </Link>
      )}
    </Box>
  );
}

function WorkloadDetails({ workload, cluster }: { workload: WorkloadView; cluster: string | undefined }) {
  return (
    <Box sx={{ p: 2 }} data-testid="strata-map-details">
      <Typography variant="h6">{formatRef(workload.ref)}</Typography>
      <Typography variant="body2">
        strata: {workload.state ?? 'no rule for its kind'}
        {workload.reason === undefined ? '' : ` (${workload.reason})`}
      </Typography>
      <Typography variant="body2">
        Managed by{' '}
        {workload.managers.map((m, i) => (
          <span key={refKey(m)}>
            {i === 0 ? '' : ', '}
            <ObjectLink refTo={m} {...(cluster === undefined ? {} : { cluster })} />
          </span>
        ))}
      </Typography>
      <ObjectLink
        refTo={workload.ref}
        {...(cluster === undefined ? {} : { cluster })}
        text="Open in Headlamp"
      />
    </Box>
  );
}

/** One object of strata's part of the map, before it is given an id. */
interface Element {
  readonly key: string;
  readonly uid: string | undefined;
  /** Headlamp's own object for it, made only for a node given one by one (Headlamp filters by its namespace). */
  readonly object: (() => Pick<MapNode, 'kubeObject' | 'customResourceDefinition'>) | undefined;
  readonly node: Omit<MapNode, 'id' | 'kubeObject' | 'customResourceDefinition'>;
  /** A workload a GitOps object manages, itself not in the GitOps graph. */
  readonly workloadOnly: boolean;
}

interface MapLink {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly key: string;
}

/**
 * strata's objects and links from core's picture: every Flux / Argo CD object (and missing
 * object) with the dependsOn, source, parent, generator, installation, project, applies and
 * refers edges, pointing from what is needed; and each Deployment, StatefulSet and DaemonSet a
 * GitOps object manages (core's index), with a `manages` link to it and strata's health of it.
 */
function elementsOf(
  picture: Picture,
  cluster: string | undefined,
): { elements: Element[]; links: MapLink[] } {
  const view = graphView(picture, RESOURCE_MAP_TYPES);
  const elements = new Map<string, Element>();
  for (const n of view.nodes) {
    const raw = picture.view.node(n.ref)?.object.raw;
    const uid = raw === undefined ? undefined : readKubeObject(raw)?.uid;
    const kind = gitOpsKindNamed(n.ref.kind);
    // What it blocks, as the report says: the heaviest names Headlamp's card for a connected part.
    const blocks = reportObjectOf(picture.report, n.ref)?.blocks.length ?? 0;
    elements.set(n.id, {
      key: n.id,
      uid,
      workloadOnly: false,
      object:
        raw === undefined || uid === undefined || kind === undefined
          ? undefined
          : () => ({
              kubeObject: new (
                classOf(kind) as unknown as new (
                  json: unknown,
                  cluster?: string,
                ) => KubeObjectLike
              )(raw, cluster),
              customResourceDefinition: `${kind.plural}.${kind.group}`,
            }),
      node: {
        label: n.ref.name,
        subtitle: `${n.ref.kind} · ${n.state}${n.isRoot ? ' · root cause' : ''}`,
        status: statusOf(n.state),
        weight: WEIGHT + blocks,
        icon: GITOPS_NODE_ICON,
        detailsComponent: StrataNodeDetails,
        data: { strata: n, cluster },
      },
    });
  }
  const links: MapLink[] = view.edges.map((e) => ({ from: e.to, to: e.from, label: e.type, key: e.id }));
  const held = objectIndex(picture.view);
  const managed = new Map<string, { ref: Ref; object: KubeObject; uid: string; managers: Ref[] }>();
  for (const n of view.nodes) {
    for (const ref of managedBy(picture.view, n.ref)) {
      if (!WORKLOAD_KINDS.has(ref.kind)) continue;
      const object = readKubeObject(held.object(ref));
      const uid = object?.uid;
      if (object === undefined || uid === undefined) continue;
      const key = refKey(ref);
      const entry = managed.get(key) ?? { ref, object, uid, managers: [] };
      entry.managers.push(n.ref);
      managed.set(key, entry);
      links.push({ from: n.id, to: key, label: 'manages', key: `${n.id}->${key}:manages` });
    }
  }
  for (const { ref, object, uid, managers } of managed.values()) {
    const key = refKey(ref);
    if (elements.has(key)) continue;
    // strata's health of it (§7), the one its resource trees show.
    const h = workloadHealth(object);
    const workload: WorkloadView = {
      ref,
      managers,
      ...(h?.state === undefined ? {} : { state: h.state }),
      ...(h?.reason === undefined ? {} : { reason: h.reason }),
    };
    elements.set(key, {
      key,
      uid,
      workloadOnly: true,
      object: undefined,
      node: {
        label: ref.name,
        subtitle: h?.state === undefined ? ref.kind : `${ref.kind} · ${h.state}`,
        status: statusOf(h?.state),
        icon: WORKLOAD_NODE_ICON,
        detailsComponent: StrataNodeDetails,
        data: { workload, cluster },
      },
    });
  }
  return { elements: [...elements.values()], links };
}

/**
 * strata's part of Headlamp's resource map.
 *
 * Unfiltered, it is one labelled group, "GitOps layers · strata", with the GitOps objects and
 * the workloads they manage inside it, joined by their edges. Headlamp's map draws an edge only
 * between two nodes of one group (its own groups are the connected parts of the graph, named
 * after nothing) and files a group under the namespace of its first node with a Kubernetes
 * object, so the nodes inside carry none: their icon, status and details are strata's, with
 * links to each object's page. Not split further: GitOps objects share sources and projects, so
 * a cluster's objects are mostly one connected part, laid out when the group is opened.
 *
 * With a namespace filter, Headlamp keeps only nodes whose object is in a chosen namespace (a
 * group has none), so the objects come one by one as Headlamp's own objects, each with its uid
 * as id (as Headlamp's own sources and the official Flux plugin use) and `manages` edges to
 * Headlamp's own workload nodes. A missing object has no uid: `strata:<ref key>`.
 */
export function mapData(
  picture: Picture,
  cluster: string | undefined,
  namespaces: readonly string[] = [],
): { nodes: MapElement[]; edges: MapEdge[] } {
  const { elements, links } = elementsOf(picture, cluster);
  return namespaces.length > 0
    ? oneByOne(elements, links)
    : { nodes: [strataGroup(picture, elements, links)], edges: [] };
}

function oneByOne(
  elements: readonly Element[],
  links: readonly MapLink[],
): { nodes: MapNode[]; edges: MapEdge[] } {
  const idOf = new Map<string, string>();
  const nodes: MapNode[] = [];
  for (const e of elements) {
    const id = e.uid ?? `strata:${e.key}`;
    idOf.set(e.key, id);
    if (e.workloadOnly) continue;
    nodes.push({ id, ...e.node, ...(e.object?.() ?? {}) });
  }
  const edges = links.flatMap((l) => {
    const source = idOf.get(l.from);
    const target = idOf.get(l.to);
    if (source === undefined || target === undefined) return [];
    const id = l.label === 'manages' ? `strata:${source}->${target}:manages` : `strata:${l.key}`;
    return [{ id, source, target, label: l.label }];
  });
  return { nodes, edges };
}

/** Ids inside the group are strata's own, so they never meet Headlamp's (or another plugin's) node ids. */
const groupIdOf = (key: string) => `strata:${key}`;

function strataGroup(picture: Picture, elements: readonly Element[], links: readonly MapLink[]): MapGroup {
  // One weight for every GitOps object: Headlamp lays a group out in columns by weight.
  const nodes: MapNode[] = elements.map((e) => ({
    id: groupIdOf(e.key),
    ...e.node,
    ...(e.workloadOnly ? {} : { weight: WEIGHT }),
  }));
  const edges: MapEdge[] = links.map((l) => ({
    id: `strata:${l.key}`,
    source: groupIdOf(l.from),
    target: groupIdOf(l.to),
    label: l.label,
  }));
  const roots = picture.report.rootCauses.length;
  return {
    id: 'strata:gitops-layers',
    label: 'GitOps layers',
    subtitle: `strata · ${roots === 0 ? 'no' : roots} root cause${roots === 1 ? '' : 's'}`,
    status: worstOf(nodes),
    weight: WEIGHT * 10,
    icon: GITOPS_NODE_ICON,
    nodes,
    edges,
  };
}

/** The namespaces chosen in Headlamp's namespace filter (the map keeps them in `?namespace=a b`). */
export function namespacesIn(search: string): string[] {
  return (new URLSearchParams(search).get('namespace') ?? '').split(' ').filter((n) => n !== '');
}

export const strataMapSource = {
  id: 'strata-gitops',
  label: 'GitOps layers (strata)',
  icon: LAYERS_ICON,
  isEnabledByDefault: true,
  useData() {
    const clusters = K8s.useSelectedClusters();
    const cluster = clusters[0];
    const data = useClusterData(cluster);
    const search = useLocation().search;
    const namespaces = useMemo(() => namespacesIn(search), [search]);
    return useMemo(
      () => (data.picture === undefined ? null : mapData(data.picture, cluster, namespaces)),
      [data.picture, cluster, namespaces],
    );
  },
};
