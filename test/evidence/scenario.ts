/**
 * Three failing roots whose cause is inside them, as a live cluster has them (written to the test
 * API server by seed(): objects first, statuses through the status subresource, as the
 * controllers and the kubelet would):
 *
 * - HelmRelease flux-system/podinfo: install timed out; its Deployment (Helm's labels) has one
 *   ReplicaSet whose Pods crash-loop (podinfo exits; its linkerd-proxy sidecar runs) and cannot
 *   pull their image (429 from the registry), with the kubelet's Warning events.
 * - Kustomization flux-system/shop: its health check timed out waiting for Deployment
 *   shop/frontend, whose Pod cannot be scheduled (FailedScheduling).
 * - Application argocd/checkout: Degraded; its child Deployment checkout/checkout-api (tracking-id
 *   annotation, listed in status.resources) restarts after OOMKilled.
 *
 * Times are relative to `now`; uids are the fixture's own, rewritten by seed() to the server's.
 * Written with the builders of test/cluster/objects.ts.
 */
import {
  ago,
  available,
  condition,
  containerStatus,
  type Json,
  progressing,
  ready,
  warning,
  workload,
} from '../cluster/objects.ts';

export const NODE_1 = 'worker-1';
export const NODE_2 = 'worker-2';

export const PODINFO = {
  release: { kind: 'HelmRelease', namespace: 'flux-system', name: 'podinfo' },
  deployment: 'podinfo',
  replicaSet: 'podinfo-5d8f9c7b4d',
  crashing: 'podinfo-5d8f9c7b4d-k7xqp',
  pulling: 'podinfo-5d8f9c7b4d-9dfzr',
  namespace: 'podinfo',
} as const;

export const SHOP = {
  kustomization: { kind: 'Kustomization', namespace: 'flux-system', name: 'shop' },
  deployment: 'frontend',
  replicaSet: 'frontend-6b7f8d9c4f',
  pod: 'frontend-6b7f8d9c4f-wz8kq',
  namespace: 'shop',
  message:
    "health check failed after 30s: timeout waiting for: [Deployment/shop/frontend status: 'InProgress']",
} as const;

export const CHECKOUT = {
  application: { kind: 'Application', namespace: 'argocd', name: 'checkout' },
  deployment: 'checkout-api',
  replicaSet: 'checkout-api-7c9d5f6b8d',
  pod: 'checkout-api-7c9d5f6b8d-q4m2n',
  namespace: 'checkout',
} as const;

/** Everything the three roots need, as of `now` (ms). */
export function evidenceScenario(now: number = Date.now()): Json[] {
  const t = (minutes: number) => ago(now, minutes);
  const podinfoImage = 'ghcr.io/stefanprodan/podinfo:6.9.2';
  const proxyImage = 'cr.l5d.io/linkerd/proxy:edge-25.10.7';
  const podinfoContainers = [
    { name: 'podinfo', image: podinfoImage },
    { name: 'linkerd-proxy', image: proxyImage },
  ];
  const frontendImage = 'registry.example.com/shop/frontend:3.4.1';
  const checkoutImage = 'registry.example.com/checkout/api:2.0.0';

  const flux: Json[] = [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'flux-system', namespace: 'flux-system', generation: 1 },
      spec: { interval: '1m', url: 'https://github.com/example-org/fleet', ref: { branch: 'main' } },
      status: {
        observedGeneration: 1,
        artifact: { revision: 'main@sha1:2f6b0d1c9a8e7f6d5c4b3a29180716253443f5e6', path: 'x', url: 'x' },
        conditions: [ready('True', 'Succeeded', "stored artifact for revision 'main@sha1:2f6b0d1c'", t(30))],
      },
    },
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmRepository',
      metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
      spec: { interval: '1h', url: 'oci://ghcr.io/stefanprodan/charts', type: 'oci' },
      status: {
        observedGeneration: 1,
        conditions: [ready('True', 'Succeeded', 'Helm repository is ready', t(30))],
      },
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'flux-system', generation: 1 },
      spec: {
        interval: '10m',
        releaseName: 'podinfo',
        targetNamespace: PODINFO.namespace,
        chart: {
          spec: {
            chart: 'podinfo',
            version: '6.9.2',
            sourceRef: { kind: 'HelmRepository', name: 'podinfo' },
          },
        },
      },
      status: {
        observedGeneration: 1,
        installFailures: 3,
        conditions: [
          ready(
            'False',
            'InstallFailed',
            'Helm install failed for release podinfo/podinfo with chart podinfo@6.9.2: context deadline exceeded',
            t(14),
          ),
          condition(
            'Released',
            'False',
            'InstallFailed',
            'Helm install failed for release podinfo/podinfo with chart podinfo@6.9.2: context deadline exceeded',
            t(14),
          ),
        ],
      },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'shop', namespace: 'flux-system', generation: 1 },
      spec: {
        interval: '10m',
        path: './apps/shop',
        prune: true,
        wait: true,
        timeout: '30s',
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      },
      status: {
        observedGeneration: 1,
        lastAttemptedRevision: 'main@sha1:2f6b0d1c9a8e7f6d5c4b3a29180716253443f5e6',
        inventory: { entries: [{ id: 'shop_frontend_apps_Deployment', v: 'v1' }] },
        conditions: [
          ready('False', 'HealthCheckFailed', SHOP.message, t(8)),
          condition('Healthy', 'False', 'HealthCheckFailed', SHOP.message, t(8)),
        ],
      },
    },
  ];

  // -- podinfo: CrashLoopBackOff and ImagePullBackOff -------------------------------------------
  const podinfo: Json[] = [
    ...workload({
      namespace: PODINFO.namespace,
      deployment: PODINFO.deployment,
      replicaSet: PODINFO.replicaSet,
      id: 'podinfo',
      labels: {
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.toolkit.fluxcd.io/name': 'podinfo',
        'helm.toolkit.fluxcd.io/namespace': 'flux-system',
      },
      annotations: {
        'meta.helm.sh/release-name': 'podinfo',
        'meta.helm.sh/release-namespace': PODINFO.namespace,
      },
      containers: podinfoContainers,
      since: t(14),
      conditions: [available(false), progressing('ProgressDeadlineExceeded', PODINFO.replicaSet)],
      pods: [
        {
          name: PODINFO.crashing,
          uid: 'fixture-podinfo-crash',
          node: NODE_1,
          status: {
            phase: 'Running',
            startTime: t(24),
            conditions: [
              { type: 'PodScheduled', status: 'True', lastTransitionTime: t(24) },
              {
                type: 'Ready',
                status: 'False',
                reason: 'ContainersNotReady',
                message: 'containers with unready status: [podinfo]',
                lastTransitionTime: t(24),
              },
            ],
            containerStatuses: [
              containerStatus('podinfo', podinfoImage, {
                restartCount: 9,
                state: {
                  waiting: {
                    reason: 'CrashLoopBackOff',
                    message: `back-off 5m0s restarting failed container=podinfo pod=${PODINFO.crashing}_${PODINFO.namespace}`,
                  },
                },
                lastState: {
                  terminated: { reason: 'Error', exitCode: 1, startedAt: t(2.1), finishedAt: t(2) },
                },
              }),
              containerStatus('linkerd-proxy', proxyImage, {
                ready: true,
                started: true,
                state: { running: { startedAt: t(24) } },
              }),
            ],
          },
        },
        {
          name: PODINFO.pulling,
          uid: 'fixture-podinfo-pull',
          node: NODE_2,
          status: {
            phase: 'Pending',
            startTime: t(24),
            conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: t(24) }],
            containerStatuses: [
              containerStatus('podinfo', podinfoImage, {
                state: {
                  waiting: {
                    reason: 'ImagePullBackOff',
                    message: `Back-off pulling image "${podinfoImage}": ErrImagePull: failed to pull and unpack image "${podinfoImage}": unexpected status from GET request: 429 Too Many Requests`,
                  },
                },
              }),
              containerStatus('linkerd-proxy', proxyImage, {
                ready: true,
                started: true,
                state: { running: { startedAt: t(23) } },
              }),
            ],
          },
        },
      ],
    }),
    warning(
      { kind: 'Pod', namespace: PODINFO.namespace, name: PODINFO.crashing, uid: 'fixture-podinfo-crash' },
      'BackOff',
      `Back-off restarting failed container podinfo in pod ${PODINFO.crashing}_${PODINFO.namespace}`,
      { count: 41, first: t(22), last: t(0.5) },
    ),
    warning(
      { kind: 'Pod', namespace: PODINFO.namespace, name: PODINFO.pulling, uid: 'fixture-podinfo-pull' },
      'Failed',
      `Failed to pull image "${podinfoImage}": unexpected status from GET request: 429 Too Many Requests`,
      { count: 8, first: t(23), last: t(3) },
    ),
    warning(
      { kind: 'Pod', namespace: PODINFO.namespace, name: PODINFO.pulling, uid: 'fixture-podinfo-pull' },
      'BackOff',
      `Back-off pulling image "${podinfoImage}"`,
      { count: 90, first: t(23), last: t(1) },
    ),
  ];

  // -- shop: an unschedulable Pod -----------------------------------------------------------------
  const frontendContainers = [{ name: 'frontend', image: frontendImage }];
  const shop: Json[] = [
    ...workload({
      namespace: SHOP.namespace,
      deployment: SHOP.deployment,
      replicaSet: SHOP.replicaSet,
      id: 'frontend',
      labels: {
        'kustomize.toolkit.fluxcd.io/name': 'shop',
        'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
      },
      containers: frontendContainers,
      since: t(9),
      conditions: [available(false), progressing('ReplicaSetUpdated', SHOP.replicaSet)],
      pods: [
        {
          name: SHOP.pod,
          uid: 'fixture-frontend-pod',
          status: {
            phase: 'Pending',
            conditions: [
              {
                type: 'PodScheduled',
                status: 'False',
                reason: 'Unschedulable',
                message:
                  '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
                lastTransitionTime: t(9),
              },
            ],
          },
        },
      ],
    }),
    warning(
      { kind: 'Pod', namespace: SHOP.namespace, name: SHOP.pod, uid: 'fixture-frontend-pod' },
      'FailedScheduling',
      '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      { count: 7, first: t(9), last: t(1.5), component: 'default-scheduler' },
    ),
  ];

  // -- checkout: OOMKilled --------------------------------------------------------------------------
  const checkoutContainers = [{ name: 'api', image: checkoutImage }];
  const argo: Json[] = [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'default', namespace: 'argocd' },
      spec: {
        sourceRepos: ['*'],
        destinations: [{ server: '*', namespace: '*' }],
        clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'checkout', namespace: 'argocd', generation: 1 },
      spec: {
        project: 'default',
        source: {
          repoURL: 'https://github.com/example-org/checkout',
          path: 'deploy',
          targetRevision: 'main',
        },
        destination: { server: 'https://kubernetes.default.svc', namespace: CHECKOUT.namespace },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
      status: {
        sync: { status: 'Synced', revision: '8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d' },
        health: { status: 'Degraded', lastTransitionTime: t(11) },
        reconciledAt: t(1),
        resources: [
          {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            namespace: CHECKOUT.namespace,
            name: CHECKOUT.deployment,
            status: 'Synced',
            health: {
              status: 'Degraded',
              message: `Deployment "${CHECKOUT.deployment}" exceeded its progress deadline`,
            },
          },
        ],
      },
    },
    ...workload({
      namespace: CHECKOUT.namespace,
      deployment: CHECKOUT.deployment,
      replicaSet: CHECKOUT.replicaSet,
      id: 'checkout',
      annotations: {
        'argocd.argoproj.io/tracking-id': `checkout:apps/Deployment:${CHECKOUT.namespace}/${CHECKOUT.deployment}`,
      },
      containers: checkoutContainers,
      since: t(11),
      conditions: [available(false), progressing('ProgressDeadlineExceeded', CHECKOUT.replicaSet)],
      pods: [
        {
          name: CHECKOUT.pod,
          uid: 'fixture-checkout-pod',
          node: NODE_2,
          status: {
            phase: 'Running',
            startTime: t(21),
            conditions: [
              { type: 'PodScheduled', status: 'True', lastTransitionTime: t(21) },
              {
                type: 'Ready',
                status: 'False',
                reason: 'ContainersNotReady',
                message: 'containers with unready status: [api]',
                lastTransitionTime: t(1),
              },
            ],
            containerStatuses: [
              containerStatus('api', checkoutImage, {
                restartCount: 4,
                started: true,
                state: { running: { startedAt: t(0.8) } },
                lastState: {
                  terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: t(4), finishedAt: t(0.9) },
                },
              }),
            ],
          },
        },
      ],
    }),
    warning(
      { kind: 'Pod', namespace: CHECKOUT.namespace, name: CHECKOUT.pod, uid: 'fixture-checkout-pod' },
      'BackOff',
      `Back-off restarting failed container api in pod ${CHECKOUT.pod}_${CHECKOUT.namespace}`,
      { count: 4, first: t(15), last: t(0.9) },
    ),
  ];

  return [...flux, ...podinfo, ...shop, ...argo];
}
