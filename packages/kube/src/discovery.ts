/**
 * Which Flux and Argo CD kinds the cluster serves, and at which version: for each kind of
 * GITOPS_KINDS, the newest of its known versions that the server lists with list and watch.
 * Two steps, as kubectl does: `/apis` for the groups and their versions, then each relevant
 * group version for its resources.
 */
import { asArray, asName, field, GITOPS_KINDS } from '@strata/core';
import type { HiddenEntry, ServedKind, ToolCoverage } from './coverage.ts';
import { KubeApiError } from './errors.ts';
import { type KubeTransport, requestOk } from './transport.ts';

export interface Discovery {
  readonly flux: ToolCoverage;
  readonly argo: ToolCoverage;
  /** Group versions whose resources could not be read (served kinds unknown). */
  readonly hidden: readonly HiddenEntry[];
}

interface ListedResource {
  readonly name: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

function readResources(body: unknown): ListedResource[] {
  return asArray(field(body, 'resources')).flatMap((entry) => {
    const name = asName(field(entry, 'name'));
    const kind = asName(field(entry, 'kind'));
    if (name === undefined || kind === undefined || name.includes('/')) return [];
    return [
      {
        name,
        kind,
        namespaced: field(entry, 'namespaced') === true,
        verbs: asArray(field(entry, 'verbs')).filter((v): v is string => typeof v === 'string'),
      },
    ];
  });
}

/** Asks the server; rejects (TransportError, KubeApiError) when `/apis` itself cannot be read. */
export async function discover(transport: KubeTransport, signal?: AbortSignal): Promise<Discovery> {
  const withSignal = signal === undefined ? {} : { signal };
  const groupList = await requestOk(transport, { method: 'GET', path: '/apis', ...withSignal });
  const servedVersions = new Map<string, Set<string>>();
  for (const group of asArray(field(groupList, 'groups'))) {
    const name = asName(field(group, 'name'));
    if (name === undefined) continue;
    const versions = asArray(field(group, 'versions'))
      .map((v) => asName(field(v, 'version')))
      .filter((v): v is string => v !== undefined);
    servedVersions.set(name, new Set(versions));
  }

  // Every group version that could serve one of our kinds.
  const wanted = new Set<string>();
  for (const kind of GITOPS_KINDS) {
    const served = servedVersions.get(kind.group);
    for (const version of kind.versions) if (served?.has(version)) wanted.add(`${kind.group}/${version}`);
  }
  const resources = new Map<string, ListedResource[] | Error>();
  await Promise.all(
    [...wanted].map(async (groupVersion) => {
      try {
        const body = await requestOk(transport, {
          method: 'GET',
          path: `/apis/${groupVersion}`,
          ...withSignal,
        });
        resources.set(groupVersion, readResources(body));
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 404) resources.set(groupVersion, []);
        else if (error instanceof KubeApiError) resources.set(groupVersion, error);
        else throw error;
      }
    }),
  );

  const served: ServedKind[] = [];
  const notServed: { kind: string; tool: string }[] = [];
  const hidden: HiddenEntry[] = [];
  for (const kind of GITOPS_KINDS) {
    let found: ServedKind | undefined;
    let failure: Error | undefined;
    for (const version of kind.versions) {
      const listed = resources.get(`${kind.group}/${version}`);
      if (listed === undefined) continue;
      if (listed instanceof Error) {
        failure ??= listed;
        continue;
      }
      const resource = listed.find((r) => r.name === kind.plural && r.kind === kind.kind);
      if (resource === undefined || !resource.verbs.includes('list') || !resource.verbs.includes('watch'))
        continue;
      found = {
        kind: kind.kind,
        group: kind.group,
        version,
        plural: kind.plural,
        namespaced: resource.namespaced,
        tool: kind.tool,
      };
      break;
    }
    if (found !== undefined) served.push(found);
    else {
      notServed.push({ kind: kind.kind, tool: kind.tool });
      if (failure !== undefined) {
        const reason = failure instanceof KubeApiError ? failure.serverMessage : failure.message;
        hidden.push({
          kind: kind.kind,
          cause: 'discovery',
          reason: `discovery of ${kind.group} failed: ${reason}`,
        });
      }
    }
  }
  const coverageOf = (tool: 'flux' | 'argo'): ToolCoverage => {
    const kinds = served.filter((s) => s.tool === tool);
    return {
      installed: kinds.length > 0,
      served: kinds,
      notServed: notServed.filter((n) => n.tool === tool).map((n) => n.kind),
    };
  };
  return { flux: coverageOf('flux'), argo: coverageOf('argo'), hidden };
}
