/**
 * The Flux and Argo CD versions a cluster shows, read from its objects: the FluxInstance's
 * applied revision (`v2.9.1@sha256:…`), else a Flux controller's `app.kubernetes.io/version`
 * label; Argo CD's application-controller image tag, else its version label. Pure, for the demo
 * and the live source alike.
 */
import { readKubeObject } from '@strata/core';
import type { VersionsSeen } from './data-source.ts';

const FLUX_CONTROLLERS = new Set(['source-controller', 'kustomize-controller', 'helm-controller']);
const VERSION = /^v?\d+\.\d+(\.\d+)?([-+.][\w.-]*)?$/;

function imageTag(image: unknown): string | undefined {
  if (typeof image !== 'string') return undefined;
  const at = image.split('@')[0] ?? image;
  const colon = at.lastIndexOf(':');
  if (colon < 0 || at.indexOf('/', colon) >= 0) return undefined;
  const tag = at.slice(colon + 1);
  return VERSION.test(tag) ? tag : undefined;
}

function containers(raw: Record<string, unknown>): readonly Record<string, unknown>[] {
  const spec = raw.spec as { template?: { spec?: { containers?: unknown } } } | undefined;
  const list = spec?.template?.spec?.containers;
  return Array.isArray(list)
    ? (list.filter((c) => typeof c === 'object' && c !== null) as Record<string, unknown>[])
    : [];
}

export function versionsSeen(objects: Iterable<unknown>): VersionsSeen {
  let fluxInstance: string | undefined;
  let fluxLabel: string | undefined;
  let argoImage: string | undefined;
  let argoLabel: string | undefined;
  for (const raw of objects) {
    // Skip the many objects of other kinds before reading any (live-source.ts's VERSION_KINDS).
    const kind = (raw as { kind?: unknown } | null)?.kind;
    if (kind !== 'FluxInstance' && kind !== 'Deployment' && kind !== 'StatefulSet') continue;
    const object = readKubeObject(raw);
    if (object === undefined) continue;
    if (object.kind === 'FluxInstance' && object.group === 'fluxcd.controlplane.io') {
      const status = object.raw.status as { lastAppliedRevision?: unknown } | undefined;
      const revision = status?.lastAppliedRevision;
      const version = typeof revision === 'string' ? revision.split('@')[0] : undefined;
      if (version !== undefined && VERSION.test(version)) fluxInstance ??= version;
      continue;
    }
    if (object.group !== 'apps' || (object.kind !== 'Deployment' && object.kind !== 'StatefulSet')) continue;
    const label = object.labels.get('app.kubernetes.io/version');
    const partOf = object.labels.get('app.kubernetes.io/part-of');
    const component = object.labels.get('app.kubernetes.io/component') ?? object.labels.get('app');
    if (partOf === 'flux' || (component !== undefined && FLUX_CONTROLLERS.has(component))) {
      if (label !== undefined && VERSION.test(label)) fluxLabel ??= label;
    }
    if (component === 'application-controller' || object.name.endsWith('application-controller')) {
      argoImage ??= containers(object.raw)
        .map((c) => imageTag(c.image))
        .find((t) => t !== undefined);
      if (label !== undefined && VERSION.test(label)) argoLabel ??= label;
    }
  }
  const flux = fluxInstance ?? fluxLabel;
  const argo = argoImage ?? argoLabel;
  return { ...(flux === undefined ? {} : { flux }), ...(argo === undefined ? {} : { argo }) };
}
