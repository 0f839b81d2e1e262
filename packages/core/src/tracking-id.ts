/**
 * Argo CD's `argocd.argoproj.io/tracking-id` annotation, `<app>:<group>/<kind>:<namespace>/<name>`
 * (§4). `<app>` is `<app-namespace>_<app>` for an Application outside the control-plane namespace.
 * Names of RBAC objects may contain `:`, so only the first two `:` separate fields.
 */
export interface TrackingId {
  readonly appNamespace?: string;
  readonly appName: string;
  readonly group: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export function parseTrackingId(value: string): TrackingId | undefined {
  const firstColon = value.indexOf(':');
  if (firstColon <= 0) return undefined;
  const secondColon = value.indexOf(':', firstColon + 1);
  if (secondColon < 0) return undefined;
  const app = value.slice(0, firstColon);
  const groupKind = value.slice(firstColon + 1, secondColon);
  const namespaceName = value.slice(secondColon + 1);
  const gkSlash = groupKind.indexOf('/');
  const nnSlash = namespaceName.indexOf('/');
  if (gkSlash < 0 || nnSlash < 0) return undefined;
  const group = groupKind.slice(0, gkSlash);
  const kind = groupKind.slice(gkSlash + 1);
  const namespace = namespaceName.slice(0, nnSlash);
  const name = namespaceName.slice(nnSlash + 1);
  if (kind === '' || name === '' || kind.includes('/') || name.includes('/')) return undefined;
  const app_ = parseAppInstanceName(app);
  if (app_ === undefined) return undefined;
  return { ...app_, group, kind, namespace, name };
}

/** `<app>` or `<app-namespace>_<app>`, as Argo CD writes an Application's instance name. */
export function parseAppInstanceName(value: string): { appNamespace?: string; appName: string } | undefined {
  if (value === '') return undefined;
  const underscore = value.indexOf('_');
  if (underscore < 0) return { appName: value };
  const appNamespace = value.slice(0, underscore);
  const appName = value.slice(underscore + 1);
  if (appNamespace === '' || appName === '' || appName.includes('_')) return undefined;
  return { appNamespace, appName };
}
