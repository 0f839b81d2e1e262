import { K8s } from '@kinvolk/headlamp-plugin/lib';
import { useMemo } from 'react';
import { useClusterData } from './cluster-data.ts';
import { graphView } from './picture.ts';

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

/**
 * strata's edges in Headlamp's resource map: one node per Flux / Argo CD object (and missing
 * object), with the dependsOn, source, parent, generator, installation and project edges.
 */
export const strataMapSource = {
  id: 'strata-gitops',
  label: 'GitOps layers (strata)',
  isEnabledByDefault: true,
  useData() {
    const clusters = K8s.useSelectedClusters();
    const data = useClusterData(clusters[0]);
    return useMemo(() => {
      const picture = data.picture;
      if (picture === undefined) return null;
      const view = graphView(picture, RESOURCE_MAP_TYPES);
      const statusOf = (state: string): 'success' | 'error' | 'warning' =>
        state === 'ready' ? 'success' : state === 'failing' || state === 'missing' ? 'error' : 'warning';
      return {
        nodes: view.nodes.map((n) => ({
          id: `strata:${n.id}`,
          label: n.label,
          subtitle: `${n.ref.namespace ?? ''} · ${n.state}${n.isRoot ? ' · root cause' : ''}`,
          status: statusOf(n.state),
          weight: 1000,
        })),
        edges: view.edges.map((e) => ({
          id: `strata:${e.id}`,
          source: `strata:${e.to}`,
          target: `strata:${e.from}`,
          label: e.type,
        })),
      };
    }, [data.picture]);
  },
};
