import { K8s } from '@kinvolk/headlamp-plugin/lib';
import { Box, Link, Typography } from '@mui/material';
import {
  formatRef,
  type GitOpsKind,
  gitOpsKindNamed,
  managedBy,
  objectIndex,
  readKubeObject,
  type State,
} from '@strata/core';
import { type ElementType, type ReactElement, type ReactNode, useMemo } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useClusterData } from './cluster-data.ts';
import { pageOf } from './components/DependencyGraph.tsx';
import { type GraphNodeView, graphView, type Picture, relationsOf } from './picture.ts';

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

/** Heavier than Headlamp's workloads, so a group is named for its GitOps object. */
const WEIGHT = 2000;

// An icon object, not an `mdi:` name: Headlamp fetches unbundled icon names online.
const LAYERS_ICON = (
  <svg viewBox="0 0 24 24" width="100%" height="100%" aria-hidden="true">
    <path
      fill="currentColor"
      d="M12 16.54L19.37 10.8L21 12.07L12 19.07L3 12.07L4.62 10.81L12 16.54M12 14L3 7L12 0L21 7L12 14M12 2.53L7.1 7L12 11.47L16.9 7L12 2.53M12 21.47L19.37 15.73L21 17L12 24L3 17L4.62 15.74L12 21.47Z"
    />
  </svg>
);

export interface MapNode {
  readonly id: string;
  readonly label: string;
  readonly subtitle: string;
  readonly status: 'success' | 'error' | 'warning';
  readonly weight: number;
  readonly icon?: ReactNode;
  readonly kubeObject?: KubeObjectLike;
  readonly customResourceDefinition?: string;
  readonly detailsComponent: (props: { node: { data?: MapNodeData } }) => ReactElement | null;
  readonly data: MapNodeData;
}

export interface MapNodeData {
  readonly strata: GraphNodeView;
  readonly cluster: string | undefined;
}

export interface MapEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly label: string;
}

type KubeObjectLike = InstanceType<ReturnType<typeof K8s.crd.makeCustomResourceClass>>;

function statusOf(state: State): 'success' | 'error' | 'warning' {
  return state === 'ready' ? 'success' : state === 'failing' || state === 'missing' ? 'error' : 'warning';
}

/** One Headlamp KubeObject class per GitOps kind, so map nodes are Headlamp's own objects. */
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

/** The side panel of a strata node on the map: state, why, and a link to strata's page. */
function StrataNodeDetails({ node }: { node: { data?: MapNodeData } }) {
  const data = node.data;
  if (data === undefined) return null;
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

/**
 * strata's part of Headlamp's resource map, from core's picture: one node per Flux / Argo CD
 * object (and missing object) with the dependsOn, source, parent, generator, installation,
 * project, applies and refers edges; and an edge from each GitOps object to the Deployments,
 * StatefulSets and DaemonSets core finds it manages, so the GitOps layer joins the workloads.
 *
 * A node is the object itself (Headlamp's KubeObject, id = its uid, as Headlamp's own sources
 * and the official Flux plugin use): the map names and groups it as it does any object, filters
 * it by namespace, and its details open beside the map with strata's verdict on top. A missing
 * object has no uid: `strata:<ref key>`.
 */
export function mapData(
  picture: Picture,
  cluster: string | undefined,
): { nodes: MapNode[]; edges: MapEdge[] } {
  const view = graphView(picture, RESOURCE_MAP_TYPES);
  const idOf = new Map<string, string>();
  const nodes: MapNode[] = [];
  for (const n of view.nodes) {
    const raw = picture.view.node(n.ref)?.object.raw;
    const object = raw === undefined ? undefined : readKubeObject(raw);
    const kind = gitOpsKindNamed(n.ref.kind);
    const id = object?.uid === undefined ? `strata:${n.id}` : object.uid;
    idOf.set(n.id, id);
    const blocks = relationsOf(picture, n.ref).downstream.length;
    nodes.push({
      id,
      label: n.ref.name,
      subtitle: `${n.ref.kind} · ${n.state}${n.isRoot ? ' · root cause' : ''}`,
      status: statusOf(n.state),
      weight: WEIGHT + blocks,
      ...(raw === undefined || kind === undefined || object?.uid === undefined
        ? { icon: LAYERS_ICON }
        : {
            kubeObject: new (
              classOf(kind) as unknown as new (
                json: unknown,
                cluster?: string,
              ) => KubeObjectLike
            )(raw, cluster),
            customResourceDefinition: `${kind.plural}.${kind.group}`,
          }),
      detailsComponent: StrataNodeDetails,
      data: { strata: n, cluster },
    });
  }
  const edges: MapEdge[] = view.edges.flatMap((e) => {
    const source = idOf.get(e.to);
    const target = idOf.get(e.from);
    return source === undefined || target === undefined
      ? []
      : [{ id: `strata:${e.id}`, source, target, label: e.type }];
  });
  // GitOps object → the workloads it manages (core's index), to Headlamp's own workload nodes.
  const held = objectIndex(picture.view);
  for (const n of view.nodes) {
    const source = idOf.get(n.id);
    if (source === undefined) continue;
    for (const ref of managedBy(picture.view, n.ref)) {
      const uid = WORKLOAD_KINDS.has(ref.kind) ? readKubeObject(held.object(ref))?.uid : undefined;
      if (uid === undefined) continue;
      edges.push({ id: `strata:${source}->${uid}:manages`, source, target: uid, label: 'manages' });
    }
  }
  return { nodes, edges };
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
    return useMemo(
      () => (data.picture === undefined ? null : mapData(data.picture, cluster)),
      [data.picture, cluster],
    );
  },
};
