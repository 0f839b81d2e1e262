import { CommonComponents, K8s } from '@kinvolk/headlamp-plugin/lib';
import { Alert, Link } from '@mui/material';
import {
  formatRef,
  GITOPS_KINDS,
  gitOpsKindNamed,
  gitOpsKindOf,
  makeRef,
  readKubeObject,
  refKey,
  rootCauseOf,
  type Tool,
} from '@strata/core';
import { type ElementType, useMemo } from 'react';
import { Link as RouterLink, useLocation, useParams } from 'react-router-dom';
import { useClusterData } from '../cluster-data.ts';
import { essentialInfo, KindSections } from './KindDetails.tsx';
import { strataRouteOf } from './ObjectLink.tsx';

/**
 * The path of strata's page for a Flux or Argo CD object of one tool (registered in index.tsx):
 * one route per tool, so that the page highlights its own tool's sidebar entry.
 */
export function objectRoute(tool: Tool): string {
  const kinds = GITOPS_KINDS.filter((k) => k.tool === tool).map((k) => k.kind);
  return `/strata/objects/:kind(${kinds.join('|')})/:namespace/:name`;
}

/**
 * A Flux or Argo CD object's details page, made of Headlamp's own DetailsGrid: its header (with
 * the registered header actions), main info with the kind's essentials, the kind's sections
 * (conditions, release history, inventory; an Application's sources, resources, last sync and
 * history), the registered details sections (Managed by; state, root causes, upstream,
 * downstream and §7 evidence) and its events. Headlamp's generic custom resource page does not
 * render plugins' details sections, so this page is where they show.
 */
export function GitOpsObjectPage() {
  const { kind, namespace, name } = useParams<{ kind: string; namespace: string; name: string }>();
  const cluster = K8s.useCluster() ?? undefined;
  const data = useClusterData(cluster);
  const spec = gitOpsKindNamed(kind);
  const resourceType = useMemo(
    () =>
      spec === undefined
        ? undefined
        : K8s.crd.makeCustomResourceClass({
            apiInfo: spec.versions.map((version) => ({ group: spec.group, version })),
            kind: spec.kind,
            pluralName: spec.plural,
            singularName: spec.kind.toLowerCase(),
            isNamespaced: true,
          }),
    [spec],
  );
  if (resourceType === undefined || spec === undefined)
    return <Alert severity="error">{kind} is not a Flux or Argo CD kind.</Alert>;
  // An object strata read as absent would only load into an error after Headlamp's retries.
  const ref = makeRef(kind, namespace, name);
  const picture = data.picture;
  const listed = picture?.served[spec.tool] === true && !data.notes.some((n) => n.startsWith(`${kind}:`));
  if (picture !== undefined && listed && !picture.byKey.has(refKey(ref))) {
    return (
      <Alert severity="warning" data-testid="object-missing">
        {formatRef(ref)} does not exist in the cluster
        {rootCauseOf(picture.report, ref) !== undefined ? ', and it is a root cause: something needs it' : ''}
        .
      </Alert>
    );
  }
  return (
    <CommonComponents.DetailsGrid
      resourceType={resourceType}
      name={name}
      namespace={namespace}
      {...(cluster === undefined ? {} : { cluster })}
      extraInfo={(item: { jsonData: unknown } | null) =>
        item === null ? [] : essentialInfo(item.jsonData, cluster)
      }
      // Headlamp calls it with null while the object loads.
      extraSections={(item: { jsonData: unknown } | null) =>
        item === null
          ? []
          : [{ id: 'strata-kind', section: <KindSections jsonData={item.jsonData} cluster={cluster} /> }]
      }
      withEvents
    />
  );
}

/**
 * A header action on Headlamp's own page of a Flux or Argo CD object: a link to strata's page
 * for it (where the details sections show). Absent on strata's page itself and on other kinds.
 */
export function GitOpsDetailsLink({ item }: { item: { jsonData: unknown } | null | undefined }) {
  const location = useLocation();
  const cluster = K8s.useCluster();
  const object = item === null || item === undefined ? undefined : readKubeObject(item.jsonData);
  if (object === undefined || object.namespace === undefined) return null;
  if (gitOpsKindOf(object.group, object.kind) === undefined) return null;
  if (location.pathname.includes('/strata/objects/')) return null;
  const to = strataRouteOf(makeRef(object.kind, object.namespace, object.name), cluster);
  if (to === undefined) return null;
  return (
    <Link component={RouterLink as unknown as ElementType} to={to} sx={{ mx: 1 }}>
      <span data-testid="gitops-details-link">GitOps details (strata)</span>
    </Link>
  );
}
