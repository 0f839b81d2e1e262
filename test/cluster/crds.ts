/**
 * CustomResourceDefinitions for the Flux and Argo CD kinds strata reads, written by the project
 * from GITOPS_KINDS rather than copied from upstream: the same group, versions, names, short
 * names and status subresource as upstream, with permissive schemas (any spec, any status), so
 * fixtures shaped like real objects are stored as they are.
 *
 * As upstream, Argo CD's Application and AppProject have no status subresource: their status
 * is part of the main object.
 */
import { GITOPS_KINDS, type GitOpsKind } from '@strata/core';
import { KubeApiError, type KubeClient, type KubeObject } from './rest.ts';

const CRD_API_VERSION = 'apiextensions.k8s.io/v1';
const CRD_KIND = 'CustomResourceDefinition';

const preserve = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

function printerColumns(kind: GitOpsKind): unknown[] {
  const age = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
  if (kind.kind === 'Application') {
    return [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
      age,
    ];
  }
  if (kind.tool === 'argo') return [age];
  return [
    age,
    { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' },
  ];
}

/** The CRD of one GitOps kind. */
export function crdFor(kind: GitOpsKind): KubeObject {
  return {
    apiVersion: CRD_API_VERSION,
    kind: CRD_KIND,
    metadata: {
      name: `${kind.plural}.${kind.group}`,
      labels: {
        'app.kubernetes.io/part-of': kind.tool === 'flux' ? 'flux' : 'argocd',
        'strata.test/crd': 'true',
      },
    },
    spec: {
      group: kind.group,
      scope: 'Namespaced',
      names: {
        kind: kind.kind,
        listKind: `${kind.kind}List`,
        plural: kind.plural,
        singular: kind.kind.toLowerCase(),
        ...(kind.shortNames.length > 0 ? { shortNames: [...kind.shortNames] } : {}),
      },
      versions: kind.versions.map((version, index) => ({
        name: version,
        served: true,
        storage: index === 0,
        schema: {
          openAPIV3Schema: {
            ...preserve,
            properties: { spec: preserve, status: preserve },
          },
        },
        ...(kind.hasStatusSubresource ? { subresources: { status: {} } } : {}),
        additionalPrinterColumns: printerColumns(kind),
      })),
    },
  };
}

/** The CRDs of every kind in GITOPS_KINDS. */
export function gitopsCrds(): KubeObject[] {
  return GITOPS_KINDS.map(crdFor);
}

function conditionTrue(crd: KubeObject, type: string): boolean {
  const status = crd.status as { conditions?: { type?: string; status?: string }[] } | undefined;
  return (status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/**
 * Creates (or replaces) the CRDs, then waits until each is Established and its kind is listed
 * by discovery in every version.
 */
export async function installCrds(
  client: KubeClient,
  crds: readonly KubeObject[] = gitopsCrds(),
  options: { readonly timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const collection = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
  await Promise.all(
    crds.map(async (crd) => {
      const path = `${collection}/${crd.metadata.name}`;
      try {
        await client.request('POST', collection, { body: crd });
      } catch (error) {
        if (!(error instanceof KubeApiError && error.status === 409)) throw error;
        const current = await client.get(path);
        await client.request('PUT', path, {
          body: { ...crd, metadata: { ...crd.metadata, resourceVersion: current.metadata.resourceVersion } },
        });
      }
    }),
  );
  for (const crd of crds) {
    const path = `${collection}/${crd.metadata.name}`;
    const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string }[] };
    for (;;) {
      const current = await client.get(path);
      if (conditionTrue(current, 'Established') && conditionTrue(current, 'NamesAccepted')) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} was not Established in time`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const version of spec.versions) {
      const apiVersion = `${spec.group}/${version.name}`;
      for (;;) {
        const listed = (await client.resources(apiVersion, true)).some((r) => r.kind === spec.names.kind);
        if (listed) break;
        if (Date.now() > deadline)
          throw new Error(`${spec.names.kind} is not served in ${apiVersion} in time`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}
