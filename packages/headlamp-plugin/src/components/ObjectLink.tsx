import { CommonComponents } from '@kinvolk/headlamp-plugin/lib';
import { Box } from '@mui/material';
import type { Ref, State } from '@strata/core';
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
 * A link to the object's page in Headlamp (plain text when Headlamp has no page for its kind, or
 * when the core found the object missing: its page would only load into an error).
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
  const route = routeOf(refTo);
  const label = text ?? formatRef(refTo);
  if (state === 'missing') return <span data-testid="missing-object">{label} (not in the cluster)</span>;
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

/** When an object stopped being ready, as Headlamp shows times: relative, the timestamp on hover. */
export function NotReadySince({ since }: { since: string }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex' }} data-testid="since">
      <CommonComponents.DateLabel date={since} />
    </Box>
  );
}
