import { CommonComponents, K8s } from '@kinvolk/headlamp-plugin/lib';
import { Box, Link } from '@mui/material';
import { gitOpsKindNamed, type Ref, type State } from '@strata/core';
import type { ElementType } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { crdNameOf, formatRef } from '../picture.ts';

/** Headlamp's own route for each built-in kind strata names (see Headlamp's router). */
const BUILTIN_ROUTES: Record<string, string> = {
  Pod: 'Pod',
  Deployment: 'Deployment',
  StatefulSet: 'StatefulSet',
  DaemonSet: 'DaemonSet',
  ReplicaSet: 'ReplicaSet',
  Job: 'Job',
  CronJob: 'CronJob',
  ConfigMap: 'configMap',
  Secret: 'secret',
  Service: 'service',
  Namespace: 'namespace',
  PersistentVolumeClaim: 'persistentVolumeClaim',
  Ingress: 'ingress',
  ServiceAccount: 'serviceAccount',
};

/** Route name and params of an object's page in Headlamp, when it has one. */
export function routeOf(ref: Ref): { routeName: string; params: Record<string, string> } | undefined {
  const crd = crdNameOf(ref.kind);
  if (crd !== undefined && ref.namespace !== undefined) {
    return { routeName: 'customresource', params: { crd, namespace: ref.namespace, crName: ref.name } };
  }
  const routeName = BUILTIN_ROUTES[ref.kind];
  if (routeName === undefined) return undefined;
  return {
    routeName,
    params: ref.namespace === undefined ? { name: ref.name } : { namespace: ref.namespace, name: ref.name },
  };
}

/**
 * The URL of strata's page for a Flux or Argo CD object (registered in index.tsx with
 * `objectRoute`), in `cluster`; undefined for other kinds and cluster-scoped refs. Headlamp's
 * generic custom resource page shows no plugin sections, so every strata link to a GitOps
 * object (lists, chains, relations, Managed by, the graph and the map) opens this page instead.
 */
export function strataRouteOf(ref: Ref, cluster?: string | null): string | undefined {
  if (ref.namespace === undefined || gitOpsKindNamed(ref.kind) === undefined) return undefined;
  const path = ['strata', 'objects', ref.kind, ref.namespace, ref.name].map(encodeURIComponent).join('/');
  return cluster ? `/c/${encodeURIComponent(cluster)}/${path}` : `/${path}`;
}

/**
 * A link to the object's page: strata's for a Flux or Argo CD object, Headlamp's own for the
 * rest (plain text when Headlamp has no page for its kind, or when the core found the object
 * missing: its page would only load into an error).
 */
export function ObjectLink({
  refTo,
  cluster,
  text,
  state,
}: {
  refTo: Ref;
  cluster?: string;
  text?: string;
  state?: State | undefined;
}) {
  const pageCluster = K8s.useCluster();
  const route = routeOf(refTo);
  const label = text ?? formatRef(refTo);
  if (state === 'missing') return <span data-testid="missing-object">{label} (not in the cluster)</span>;
  const strata = strataRouteOf(refTo, cluster ?? pageCluster);
  if (strata !== undefined) {
    return (
      <Link component={RouterLink as unknown as ElementType} to={strata}>
        {label}
      </Link>
    );
  }
  if (route === undefined) return <span>{label}</span>;
  return (
    <CommonComponents.Link
      routeName={route.routeName}
      params={route.params}
      {...(cluster === undefined ? {} : { activeCluster: cluster })}
    >
      {label}
    </CommonComponents.Link>
  );
}

export function stateStatus(state: State): 'success' | 'warning' | 'error' | '' {
  switch (state) {
    case 'ready':
      return 'success';
    case 'progressing':
    case 'suspended':
    case 'unknown':
      return 'warning';
    case 'failing':
    case 'missing':
    case 'cycle':
      return 'error';
  }
}

export function StateLabel({ state }: { state: State }) {
  return <CommonComponents.StatusLabel status={stateStatus(state)}>{state}</CommonComponents.StatusLabel>;
}

/** A time as Headlamp shows times: relative, the timestamp on hover. */
export function RelativeTime({ at, testId }: { at: string; testId?: string }) {
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex' }}
      {...(testId === undefined ? {} : { 'data-testid': testId })}
    >
      <CommonComponents.DateLabel date={at} />
    </Box>
  );
}

/** When an object stopped being ready. */
export function NotReadySince({ since }: { since: string }) {
  return <RelativeTime at={since} testId="since" />;
}
