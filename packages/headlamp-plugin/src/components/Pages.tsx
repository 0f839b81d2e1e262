import { CommonComponents, K8s } from '@kinvolk/headlamp-plugin/lib';
import { Alert, Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { type EvidenceDemand, useClusterData } from '../cluster-data.ts';
import type { Picture } from '../picture.ts';
import { DependencyGraph } from './DependencyGraph.tsx';
import { ObjectList } from './ObjectLists.tsx';
import { Overview } from './Overview.tsx';
import { RootCauses } from './RootCauses.tsx';

type Body = (picture: Picture, cluster: string) => ReactNode;

/** One cluster's picture, with loading, errors, RBAC notes and "no Flux or Argo CD here". */
export function ClusterPicture({
  cluster,
  body,
  showName,
  evidence,
}: {
  cluster: string;
  body: Body;
  showName: boolean;
  /** The evidence the body shows (read only then). */
  evidence?: EvidenceDemand;
}) {
  const data = useClusterData(cluster, evidence);
  return (
    <Box sx={{ mb: 3 }} data-testid="cluster-picture">
      {showName ? <Typography variant="h5">Cluster {cluster}</Typography> : null}
      {data.error === undefined ? null : (
        <Alert severity="error">Could not read the cluster: {data.error}</Alert>
      )}
      {data.picture === undefined ? (
        data.error === undefined ? (
          <CommonComponents.Loader title="Reading Flux and Argo CD objects" />
        ) : null
      ) : !data.picture.served.flux && !data.picture.served.argo ? (
        <Alert severity="info" data-testid="no-gitops">
          This cluster runs neither Flux nor Argo CD: no GitOps objects to show.
        </Alert>
      ) : (
        <>
          {data.notes.length > 0 ? (
            <Alert severity="warning" sx={{ mb: 1 }}>
              Not visible (RBAC or not served): {data.notes.join('; ')}
            </Alert>
          ) : null}
          {body(data.picture, cluster)}
        </>
      )}
    </Box>
  );
}

/** Every selected cluster (Headlamp's multi-cluster selection), each with its own picture. */
export function ForEachCluster({ body, evidence }: { body: Body; evidence?: EvidenceDemand }) {
  const clusters = K8s.useSelectedClusters();
  if (clusters.length === 0) return <Typography>No cluster selected.</Typography>;
  return (
    <>
      {clusters.map((c) => (
        <ClusterPicture
          key={c}
          cluster={c}
          body={body}
          showName={clusters.length > 1}
          {...(evidence === undefined ? {} : { evidence })}
        />
      ))}
    </>
  );
}

export const OverviewPage = () => <ForEachCluster body={(p, c) => <Overview picture={p} cluster={c} />} />;
export const RootCausesPage = () => (
  <ForEachCluster evidence="roots" body={(p, c) => <RootCauses picture={p} cluster={c} />} />
);
export const GraphPage = () => (
  <ForEachCluster
    body={(p) => (
      <CommonComponents.SectionBox title="Dependency graph">
        <DependencyGraph picture={p} />
      </CommonComponents.SectionBox>
    )}
  />
);
export const FluxPage = () => (
  <ForEachCluster body={(p, c) => <ObjectList picture={p} tool="flux" cluster={c} />} />
);
export const ArgoPage = () => (
  <ForEachCluster body={(p, c) => <ObjectList picture={p} tool="argo" cluster={c} />} />
);
