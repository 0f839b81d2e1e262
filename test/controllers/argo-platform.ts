/**
 * An Argo CD application layer on top of a Flux platform, for the controller suites: Argo CD's
 * own pieces (the repo server's and application controller's Deployments) are installed by a
 * Flux HelmRelease, as a platform team would, and the Applications behind them each fail in
 * their own way — an unreachable repository, a missing path, invalid YAML, a broken kustomize
 * overlay, a Deployment that never becomes ready (Degraded), a sync into a namespace that does
 * not exist (SyncError), an app-of-apps with a broken child and an app that applies a Flux
 * Kustomization which fails — beside a healthy app and one that syncs only when asked.
 *
 * The Argo CD processes themselves run outside the cluster (controllers.ts); the Deployments the
 * release installs stand for them, the way strata finds controllers (app.kubernetes.io/component).
 * They have `replicas: 0` (ready: no kubelet ever runs a Pod); a test breaks the repo server by
 * asking for a replica, which can never become available.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../cluster/rest.ts';
import { ARGOCD_NAMESPACE, type Lab } from './controllers.ts';
import {
  applied,
  configMap,
  gitRepository,
  helmRelease,
  helmRepository,
  kustomization,
  neverReadyDeployment,
  UNREACHABLE,
} from './flux-platform.ts';
import type { Chart } from './helm-repo.ts';

export const ARGO_REPO = 'apps';
export const MISSING_NAMESPACE = 'ns-that-does-not-exist';

export function application(
  name: string,
  spec: { repoURL: string; path: string; automated?: boolean; retries?: number },
): KubeObject {
  return applied('argoproj.io/v1alpha1', 'Application', ARGOCD_NAMESPACE, name, {
    project: 'default',
    source: { repoURL: spec.repoURL, path: spec.path, targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'default' },
    ...(spec.automated === true
      ? {
          syncPolicy: {
            automated: { prune: true, selfHeal: true },
            ...(spec.retries === undefined
              ? {}
              : { retry: { limit: spec.retries, backoff: { duration: '2s' } } }),
          },
        }
      : {}),
  });
}

function applicationYaml(name: string, repoURL: string, path: string): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: ${ARGOCD_NAMESPACE}
spec:
  project: default
  source: {repoURL: "${repoURL}", path: ${path}, targetRevision: main}
  destination: {server: "https://kubernetes.default.svc", namespace: default}
  syncPolicy:
    automated: {prune: true, selfHeal: true}
`;
}

export function argoRepoFiles(lab: Pick<Lab, 'git'>): Record<string, string> {
  const url = lab.git.url(ARGO_REPO);
  return {
    'good/configmap.yaml': configMap('good-settings'),
    'manual/configmap.yaml': configMap('manual-settings'),
    // Each app applies its own objects: two apps applying one object would fight over it.
    'child/configmap.yaml': configMap('child-settings'),
    'invalid-yaml/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad\ndata: [\n',
    'broken-kustomize/kustomization.yaml':
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- missing.yaml\n',
    'degraded/deployment.yaml': neverReadyDeployment('degraded-web', 'default', 10),
    'missing-ns/configmap.yaml': configMap('lost-settings', MISSING_NAMESPACE),
    'app-of-apps/child-ok.yaml': applicationYaml('child-ok', url, 'child'),
    'app-of-apps/child-bad.yaml': applicationYaml('child-bad', url, 'nope'),
    // Flux objects applied by an Application (the argo → flux boundary): a source and a
    // Kustomization of the broken overlay above, which kustomize-controller fails to build.
    'flux-objects/flux.yaml':
      stringify(gitRepository('argo-managed-source', url)) +
      '---\n' +
      stringify(kustomization('argo-managed', { path: './broken-kustomize', source: 'argo-managed-source' })),
  };
}

/** Stand-ins for Argo CD's own workloads, labelled as Argo CD labels them. */
export function argoPiecesChart(version = '0.1.0'): Chart {
  const deployment = (component: string, value: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-${component}
  labels:
    app.kubernetes.io/name: argocd-${component}
    app.kubernetes.io/component: ${component}
    app.kubernetes.io/part-of: argocd
spec:
  replicas: {{ .Values.${value}.replicas }}
  progressDeadlineSeconds: 10
  selector:
    matchLabels: {app.kubernetes.io/name: argocd-${component}}
  template:
    metadata:
      labels: {app.kubernetes.io/name: argocd-${component}}
    spec:
      containers:
      - name: ${component}
        image: quay.io/argoproj/argocd:v3.5.8
`;
  return {
    name: 'argocd-pieces',
    version,
    values: { repoServer: { replicas: 0 }, applicationController: { replicas: 0 } },
    templates: {
      'deployments.yaml':
        deployment('repo-server', 'repoServer') +
        deployment('application-controller', 'applicationController'),
    },
  };
}

/** The Flux release that installs Argo CD's pieces into the argocd namespace. */
export function argocdRelease(values?: Record<string, unknown>): KubeObject {
  const release = helmRelease('argocd', {
    repo: 'charts',
    chart: 'argocd-pieces',
    version: '0.1.0',
    targetNamespace: ARGOCD_NAMESPACE,
    releaseName: 'argocd',
    ...(values === undefined ? {} : { values }),
  });
  // A failed upgrade stays failed (no rollback), so the broken Deployment stays broken.
  (release.spec as Record<string, unknown>).upgrade = { remediation: { retries: 0 } };
  return release;
}

export function argoPlatformObjects(lab: Pick<Lab, 'git' | 'helm'>): KubeObject[] {
  const url = lab.git.url(ARGO_REPO);
  return [
    helmRepository('charts', lab.helm.url),
    argocdRelease(),
    application('good', { repoURL: url, path: 'good', automated: true }),
    application('manual', { repoURL: url, path: 'manual' }),
    application('unreachable', { repoURL: `${UNREACHABLE}/nothing.git`, path: '.' }),
    application('missing-path', { repoURL: url, path: 'nope' }),
    application('invalid-yaml', { repoURL: url, path: 'invalid-yaml' }),
    application('broken-kustomize', { repoURL: url, path: 'broken-kustomize' }),
    application('degraded', { repoURL: url, path: 'degraded', automated: true }),
    application('missing-namespace', { repoURL: url, path: 'missing-ns', automated: true, retries: 1 }),
    application('parent', { repoURL: url, path: 'app-of-apps', automated: true }),
    application('flux-objects', { repoURL: url, path: 'flux-objects', automated: true }),
  ];
}

export async function setUpArgoPlatform(lab: Lab): Promise<void> {
  await lab.git.commit(ARGO_REPO, argoRepoFiles(lab), 'the applications');
  await lab.helm.publish(argoPiecesChart());
  await lab.apply(argoPlatformObjects(lab));
}
