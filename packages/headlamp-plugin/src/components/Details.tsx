import { K8s } from '@kinvolk/headlamp-plugin/lib';
import { gitOpsKindOf, makeRef, readKubeObject } from '@strata/core';
import { Fragment } from 'react';
import { ownersPending, peekClusterData, useClusterData } from '../cluster-data.ts';
import { managedByText, nearestManagers } from '../picture.ts';
import { GitOpsRelations, ManagedBy } from './ManagedBy.tsx';
import { ObjectLink } from './ObjectLink.tsx';

/** The part of Headlamp's KubeObject these sections read. */
export interface ResourceLike {
  readonly jsonData: unknown;
  readonly cluster?: string;
}

/**
 * The cluster an object was read from. Headlamp's custom resource pages give objects without
 * one (`CRClass.useGet` is called with the route's cluster only): then it is the page's cluster.
 */
export function useResourceCluster(resource: ResourceLike | null | undefined): string | undefined {
  const fromUrl = K8s.useCluster();
  return resource?.cluster || fromUrl || undefined;
}

/** The details-page section of any resource: managed by; for GitOps objects also relations. */
export function StrataDetailsSection({ resource }: { resource: ResourceLike | null | undefined }) {
  const cluster = useResourceCluster(resource);
  const object = resource === null || resource === undefined ? undefined : readKubeObject(resource.jsonData);
  const gitOps = object !== undefined && gitOpsKindOf(object.group, object.kind) !== undefined;
  // A Flux or Argo CD object's page shows its evidence (or its roots'); any other object's, its
  // managers, found through owners that are not watched (a Pod's ReplicaSet): read those only.
  const data = useClusterData(
    cluster,
    gitOps
      ? [makeRef(object.kind, object.namespace, object.name)]
      : object === undefined
        ? undefined
        : { ownersOf: resource?.jsonData },
  );
  if (resource === null || resource === undefined || data.picture === undefined) return null;
  const c = cluster === undefined ? {} : { cluster };
  return (
    <>
      <ManagedBy
        picture={data.picture}
        object={resource.jsonData}
        ownersPending={ownersPending(data, resource.jsonData)}
        {...c}
      />
      {object === undefined || !gitOps ? null : (
        <GitOpsRelations
          picture={data.picture}
          refTo={makeRef(object.kind, object.namespace, object.name)}
          {...c}
        />
      )}
    </>
  );
}

/** The "Managed by" cell of a resource table row: each manager links to its page. */
export function ManagedByCell({ item }: { item: ResourceLike }) {
  const cluster = useResourceCluster(item);
  const data = useClusterData(cluster, { ownersOf: item.jsonData });
  if (data.picture === undefined) return <span>…</span>;
  const { managers, conflict } = nearestManagers(data.picture, item.jsonData);
  if (managers.length === 0 && ownersPending(data, item.jsonData)) return <span>…</span>;
  return (
    <span>
      {managers.map((m, i) => (
        <Fragment key={m.text}>
          {i > 0 ? ', ' : ''}
          {m.type === 'helm' ? (
            m.text
          ) : (
            <ObjectLink refTo={m.ref} {...(cluster === undefined ? {} : { cluster })} />
          )}
        </Fragment>
      ))}
      {conflict}
    </span>
  );
}

export function managedByValue(item: ResourceLike): string {
  const picture = peekClusterData(item.cluster)?.picture;
  return picture === undefined ? '' : managedByText(picture, item.jsonData);
}
