/**
 * Where the evidence of a failure is read: Pods, ReplicaSets, DaemonSets and Warning events are
 * not watched (a cluster holds too many), so a surface reads them in a few namespaces per
 * subject, chosen here once for every surface (docs/diagnosis.md §7).
 */
import type { ClusterView } from './cluster-view.ts';
import { readKubeObject } from './kube-object.ts';
import { asName, asRecord, field } from './plain-json.ts';
import { type Ref, refKey } from './ref.ts';
import { objectIndex } from './views/lookups.ts';
import { managedBy } from './views/managers.ts';

export interface EvidenceNamespaceLimits {
  /** Namespaces read for one subject, at most (default 3). */
  readonly perSubject?: number;
  /** Namespaces read in all (default 20). */
  readonly max?: number;
}

export interface EvidenceNamespace {
  /** The subject the namespace is read for (the first one, when several share it). */
  readonly subject: Ref;
  readonly namespace: string;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet']);

/** Namespaces an object's spec deploys to: a Kustomization's or HelmRelease's target, an Application's destination. */
function targetNamespaces(raw: unknown): string[] {
  const spec = asRecord(asRecord(raw)?.spec);
  return [
    asName(spec?.targetNamespace),
    asName(spec?.storageNamespace),
    asName(field(spec, 'destination', 'namespace')),
  ].filter((n): n is string => n !== undefined);
}

/**
 * The namespaces to read evidence in for `subjects`, in order, each once: for each subject, where
 * the workloads the report names as its evidence run, then where the Deployments and
 * StatefulSets it manages run, then the namespaces its spec deploys to, then its own.
 */
export function evidenceNamespaces(
  view: ClusterView,
  subjects: readonly Ref[],
  limits: EvidenceNamespaceLimits = {},
): EvidenceNamespace[] {
  const perSubject = limits.perSubject ?? 3;
  const max = limits.max ?? 20;
  const evidenceOf = new Map<string, readonly { kind: string; namespace?: string }[]>();
  for (const o of view.report.objects) evidenceOf.set(refKey(o.ref), o.evidence);
  for (const r of view.report.rootCauses) evidenceOf.set(refKey(r.ref), r.evidence);
  const held = objectIndex(view);
  const chosen: EvidenceNamespace[] = [];
  const taken = new Set<string>();
  for (const subject of subjects) {
    if (chosen.length >= max) break;
    const named = (evidenceOf.get(refKey(subject)) ?? []).flatMap((e) =>
      WORKLOADS.has(e.kind) && e.namespace !== undefined ? [e.namespace] : [],
    );
    const managed = managedBy(view, subject).flatMap((w) =>
      WORKLOADS.has(w.kind) && w.namespace !== undefined && readKubeObject(held.object(w))?.group === 'apps'
        ? [w.namespace]
        : [],
    );
    const candidates = new Set([
      ...named,
      ...managed,
      ...targetNamespaces(held.object(subject)),
      ...(subject.namespace === undefined ? [] : [subject.namespace]),
    ]);
    for (const namespace of [...candidates].slice(0, perSubject)) {
      if (chosen.length >= max) break;
      if (taken.has(namespace)) continue;
      taken.add(namespace);
      chosen.push({ subject, namespace });
    }
  }
  return chosen;
}
