import type { KubeObject } from './kube-object.ts';
import { asString, field } from './plain-json.ts';

/** The `argocd-cm` settings that change how Argo CD marks the objects it manages (§4). */
export interface ArgoCdSettings {
  /** Namespace of `argocd-cm`: Argo CD's control-plane namespace. */
  readonly namespace?: string;
  /** `application.resourceTrackingMethod`; unset means the version's default. */
  readonly trackingMethod?: string;
  readonly instanceLabelKey: string;
  readonly installationId?: string;
}

export const DEFAULT_INSTANCE_LABEL_KEY = 'app.kubernetes.io/instance';

export function isArgoCdConfigMap(object: KubeObject): boolean {
  return object.group === '' && object.kind === 'ConfigMap' && object.name === 'argocd-cm';
}

export function readArgoCdSettings(configMap: KubeObject | undefined): ArgoCdSettings {
  if (configMap === undefined) return { instanceLabelKey: DEFAULT_INSTANCE_LABEL_KEY };
  const data = field(configMap.raw, 'data');
  const trackingMethod = asString(field(data, 'application.resourceTrackingMethod'))?.trim();
  const instanceLabelKey = asString(field(data, 'application.instanceLabelKey'))?.trim();
  const installationId = asString(field(data, 'installationID'))?.trim();
  return {
    ...(configMap.namespace === undefined ? {} : { namespace: configMap.namespace }),
    ...(trackingMethod ? { trackingMethod } : {}),
    instanceLabelKey: instanceLabelKey || DEFAULT_INSTANCE_LABEL_KEY,
    ...(installationId ? { installationId } : {}),
  };
}
