/**
 * A Flux platform in which every way of failing the controller suites test happens at once, side
 * by side, written to the lab's Git server and Helm repository and applied to its cluster. The
 * controllers bring each object to its terminal state; nothing here writes a status.
 *
 * Each scenario is independent (its own objects), so one report diagnoses them all:
 *   unreachable Git → a Kustomization behind it; a wrong branch; a Kustomization whose source is
 *   missing; a broken kustomization.yaml with a dependsOn chain behind it; a missing path; health
 *   checks on a Deployment that never becomes ready, in both the "failed early due to stalled
 *   resources" and the "timeout waiting for" forms; an unreachable HelmRepository with a release
 *   behind it; a chart version that does not exist; a release whose install fails and stalls
 *   (RetriesExceeded) with a dependent behind it; and a healthy Kustomization and release.
 */
import type { KubeObject } from '../cluster/rest.ts';
import { FLUX_NAMESPACE, type Lab } from './controllers.ts';
import type { Chart } from './helm-repo.ts';

export const FLUX_REPO = 'platform';
const ns = FLUX_NAMESPACE;

/** A Deployment no Pod ever serves (no kubelet): with a short deadline it fails. */
export function neverReadyDeployment(
  name: string,
  namespace: string,
  progressDeadlineSeconds?: number,
): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  replicas: 1
${progressDeadlineSeconds === undefined ? '' : `  progressDeadlineSeconds: ${progressDeadlineSeconds}\n`}  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: web
        image: registry.invalid/web:1.0
`;
}

/** A ConfigMap manifest: something plain for a path to apply. */
export const configMap = (name: string, namespace = 'default') => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: ${namespace}
data:
  greeting: hello
`;

export const BROKEN_KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- does-not-exist.yaml
`;

export const FIXED_KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- configmap.yaml
`;

/** The repository's files. */
export function fluxRepoFiles(): Record<string, string> {
  return {
    'infra/configmap.yaml': configMap('infra-settings'),
    'broken/kustomization.yaml': BROKEN_KUSTOMIZATION,
    'broken/configmap.yaml': configMap('broken-settings'),
    'dependent/configmap.yaml': configMap('dependent-settings'),
    'health/deployment.yaml': neverReadyDeployment('web', 'default', 10),
    'slow/deployment.yaml': neverReadyDeployment('web-slow', 'default'),
  };
}

/** The chart every release installs: one Deployment, ready only with `replicas: 0`. */
export function webappChart(version = '0.1.0'): Chart {
  return {
    name: 'webapp',
    version,
    values: { replicas: 0, progressDeadlineSeconds: 10 },
    templates: {
      'deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-webapp
spec:
  replicas: {{ .Values.replicas }}
  progressDeadlineSeconds: {{ .Values.progressDeadlineSeconds }}
  selector:
    matchLabels: {app: {{ .Release.Name }}-webapp}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}-webapp}
    spec:
      containers:
      - name: web
        image: registry.invalid/webapp:{{ .Chart.Version }}
`,
    },
  };
}

/** An object as it is applied: its spec, and no status (its controller writes that). */
export function applied(
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace }, spec };
}

export function gitRepository(name: string, url: string, branch = 'main'): KubeObject {
  return applied('source.toolkit.fluxcd.io/v1', 'GitRepository', ns, name, {
    url,
    interval: '10s',
    timeout: '10s',
    ref: { branch },
  });
}

export function kustomization(
  name: string,
  spec: { path: string; source?: string; dependsOn?: string[]; wait?: boolean; timeout?: string },
): KubeObject {
  return applied('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', ns, name, {
    interval: '1m',
    // Long, so that a failed Kustomization stays in its terminal state while it is diagnosed
    // (a retry shows Ready=Unknown "Reconciliation in progress" until it fails again).
    retryInterval: '10m',
    path: spec.path,
    prune: true,
    sourceRef: { kind: 'GitRepository', name: spec.source ?? FLUX_REPO },
    ...(spec.dependsOn === undefined ? {} : { dependsOn: spec.dependsOn.map((name) => ({ name })) }),
    ...(spec.wait === undefined ? {} : { wait: spec.wait }),
    timeout: spec.timeout ?? '30s',
  });
}

export function helmRepository(name: string, url: string): KubeObject {
  return applied('source.toolkit.fluxcd.io/v1', 'HelmRepository', ns, name, {
    url,
    interval: '10s',
    timeout: '10s',
  });
}

export function helmRelease(
  name: string,
  spec: {
    repo: string;
    version: string;
    chart?: string;
    targetNamespace?: string;
    dependsOn?: string[];
    values?: Record<string, unknown>;
    releaseName?: string;
  },
): KubeObject {
  return applied('helm.toolkit.fluxcd.io/v2', 'HelmRelease', ns, name, {
    interval: '1m',
    timeout: '30s',
    targetNamespace: spec.targetNamespace ?? 'default',
    ...(spec.releaseName === undefined ? {} : { releaseName: spec.releaseName }),
    chart: {
      spec: {
        chart: spec.chart ?? 'webapp',
        version: spec.version,
        interval: '10s',
        sourceRef: { kind: 'HelmRepository', name: spec.repo },
      },
    },
    install: { remediation: { retries: 1 } },
    upgrade: { remediation: { retries: 1 } },
    ...(spec.dependsOn === undefined ? {} : { dependsOn: spec.dependsOn.map((name) => ({ name })) }),
    ...(spec.values === undefined ? {} : { values: spec.values }),
  });
}

/** Nothing listens on port 1 of loopback: connection refused at once. */
export const UNREACHABLE = 'http://127.0.0.1:1';

export function fluxPlatformObjects(lab: Pick<Lab, 'git' | 'helm'>): KubeObject[] {
  return [
    gitRepository(FLUX_REPO, lab.git.url(FLUX_REPO)),
    kustomization('infra', { path: './infra' }),
    // unreachable Git, with a Kustomization behind it
    gitRepository('unreachable', `${UNREACHABLE}/nothing.git`),
    kustomization('behind-unreachable', { path: './infra', source: 'unreachable' }),
    // a branch that does not exist
    gitRepository('wrong-branch', lab.git.url(FLUX_REPO), 'does-not-exist'),
    // a source that does not exist
    kustomization('missing-source', { path: './infra', source: 'no-such-repo' }),
    // a broken kustomization.yaml, and a dependsOn chain behind it
    kustomization('broken', { path: './broken' }),
    kustomization('after-broken', { path: './dependent', dependsOn: ['broken'] }),
    // a path that is not in the repository
    kustomization('missing-path', { path: './apps/nope' }),
    // health checks on Deployments that never become ready
    kustomization('health-stalled', { path: './health', wait: true, timeout: '60s' }),
    kustomization('health-timeout', { path: './slow', wait: true, timeout: '20s' }),
    // Helm
    helmRepository('charts', lab.helm.url),
    helmRepository('unreachable-charts', UNREACHABLE),
    helmRelease('behind-unreachable-repo', { repo: 'unreachable-charts', version: '0.1.0' }),
    helmRelease('bad-version', { repo: 'charts', version: '9.9.9' }),
    helmRelease('db', { repo: 'charts', version: '0.1.0', values: { replicas: 1 } }),
    helmRelease('app', { repo: 'charts', version: '0.1.0', dependsOn: ['db'] }),
    helmRelease('good', { repo: 'charts', version: '0.1.0' }),
  ];
}

/** Writes the repository and the chart, then applies the objects. */
export async function setUpFluxPlatform(lab: Lab): Promise<void> {
  await lab.git.commit(FLUX_REPO, fluxRepoFiles(), 'the platform');
  await lab.helm.publish(webappChart());
  await lab.apply(fluxPlatformObjects(lab));
}
