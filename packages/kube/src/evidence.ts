/**
 * Evidence objects (§7) fetched on demand: for the roots that are not ready, the ReplicaSets,
 * Pods, DaemonSets and Warning Events of the namespaces their objects live in, so the core can
 * follow a failing root down to the Pod that crashes. Bounded: a few namespaces per root, a cap
 * on namespaces and on objects per list, a few requests at a time. Secrets are never fetched.
 * A fetch replaces what the previous one brought for the same namespace and kind.
 */
import type { ClusterModel, ClusterResource, JsonRecord, Ref, Report } from '@strata/core';
import {
  apiVersionOf,
  asArray,
  asName,
  collectionPath,
  EVIDENCE_RESOURCES,
  evidenceNamespaces,
  field,
  prepareObject,
} from '@strata/core';
import type { HiddenEntry } from './coverage.ts';
import { KubeApiError, serverWords } from './errors.ts';
import { type KubeTransport, requestOk } from './transport.ts';

export interface EvidenceOptions {
  /** Namespaces looked at per root, default 3. */
  readonly namespacesPerRoot?: number;
  /** Namespaces looked at in all, default 20. */
  readonly maxNamespaces?: number;
  /** Objects kept per kind and namespace (one page), default 500. */
  readonly limit?: number;
  /** Requests at a time, default 4. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

export interface EvidenceResult {
  /** The namespaces read, in the order of the roots they serve. */
  readonly namespaces: readonly string[];
  /** Objects now held as evidence. */
  readonly objects: number;
  readonly hidden: readonly HiddenEntry[];
}

/** What the core's model must offer: ClusterModel. */
type EvidenceModel = Pick<ClusterModel, 'upsert' | 'remove' | 'view' | 'report'>;

/** Namespaces a root's objects are deployed to, as its spec says. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

async function inParallel<T>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

export class EvidenceFetcher {
  private readonly transport: KubeTransport;
  private readonly model: EvidenceModel;
  /** `kind/namespace` → the stubs of what the last fetch put in the model. */
  private readonly held = new Map<string, Map<string, JsonRecord>>();

  constructor(transport: KubeTransport, model: EvidenceModel) {
    this.transport = transport;
    this.model = model;
  }

  /** The not-ready roots of the model's current report, in report order (largest blast radius first). */
  static rootsOf(report: Report): Ref[] {
    return report.rootCauses.filter((r) => r.state !== 'missing' && r.state !== 'cycle').map((r) => r.ref);
  }

  /** Namespaces worth reading for each root, most telling first, deduplicated and capped. */
  namespacesFor(roots: readonly Ref[], options: EvidenceOptions = {}): string[] {
    // Core chooses them, from the settled view (the Headlamp plugin reads the same ones).
    return evidenceNamespaces(this.model.view(), roots, {
      ...(options.namespacesPerRoot === undefined ? {} : { perSubject: options.namespacesPerRoot }),
      ...(options.maxNamespaces === undefined ? {} : { max: options.maxNamespaces }),
    }).map((e) => e.namespace);
  }

  /** Reads the evidence kinds in the namespaces of `roots` (default: the not-ready roots now). */
  async fetch(roots?: readonly Ref[], options: EvidenceOptions = {}): Promise<EvidenceResult> {
    const namespaces = this.namespacesFor(roots ?? EvidenceFetcher.rootsOf(this.model.report()), options);
    const hidden: HiddenEntry[] = [];
    const jobs = namespaces.flatMap((namespace) =>
      EVIDENCE_RESOURCES.map((resource) => ({ namespace, resource })),
    );
    await inParallel(jobs, options.concurrency ?? 4, async ({ namespace, resource }) => {
      if (options.signal?.aborted === true) return;
      try {
        const body = await requestOk(this.transport, {
          method: 'GET',
          path: collectionPath(resource, namespace),
          query: {
            limit: String(options.limit ?? 500),
            ...(resource.fieldSelector === undefined ? {} : { fieldSelector: resource.fieldSelector }),
          },
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        this.replace(resource, namespace, asArray(field(body, 'items')));
      } catch (error) {
        if (isAborted(options.signal)) return;
        const forbidden = error instanceof KubeApiError && error.status === 403;
        hidden.push({
          kind: resource.kind,
          namespace,
          cause: forbidden ? 'forbidden' : 'error',
          reason: serverWords(error),
        });
      }
    });
    let objects = 0;
    for (const list of this.held.values()) objects += list.size;
    return { namespaces, objects, hidden };
  }

  private replace(resource: ClusterResource, namespace: string, items: readonly unknown[]): void {
    const key = `${resource.kind}/${namespace}`;
    const stubs = new Map<string, JsonRecord>();
    for (const item of items) {
      const object = prepareObject(resource, item);
      const name = asName(field(object, 'metadata', 'name'));
      if (object === undefined || name === undefined) continue;
      this.model.upsert(object);
      stubs.set(name, {
        apiVersion: apiVersionOf(resource),
        kind: resource.kind,
        metadata: { name, namespace },
      });
    }
    for (const [name, stub] of this.held.get(key) ?? []) if (!stubs.has(name)) this.model.remove(stub);
    this.held.set(key, stubs);
  }
}
