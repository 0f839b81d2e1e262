/** A GitOps object, controller workload or missing object, named the way the report names it. */
export interface Ref {
  readonly kind: string;
  /** Omitted for cluster-scoped kinds. */
  readonly namespace?: string;
  readonly name: string;
}

// Parts are escaped so that any strings (even malformed input with `/` in a namespace) round-trip.
const escapePart = (part: string) =>
  part.includes('/') || part.includes('%') ? part.replaceAll('%', '%25').replaceAll('/', '%2F') : part;
const unescapePart = (part: string) =>
  part.includes('%') ? part.replaceAll('%2F', '/').replaceAll('%25', '%') : part;

/** Stable string identity of a ref: `Kind/namespace/name` (empty namespace when cluster-scoped). */
export function refKey(ref: Ref): string {
  return refKeyOf(ref.kind, ref.namespace, ref.name);
}

/** `refKey` of the ref these parts make, without making it. */
export function refKeyOf(kind: string, namespace: string | undefined, name: string): string {
  return `${escapePart(kind)}/${escapePart(namespace ?? '')}/${escapePart(name)}`;
}

export function makeRef(kind: string, namespace: string | undefined, name: string): Ref {
  return namespace === undefined || namespace === '' ? { kind, name } : { kind, namespace, name };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Report order: kind, then namespace, then name, in plain string (code unit) order. */
export function compareRefs(a: Ref, b: Ref): number {
  return (
    compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace ?? '', b.namespace ?? '') ||
    compareStrings(a.name, b.name)
  );
}

/** Human form used in messages and text output: `Kind/namespace/name` or `Kind/name`. */
export function formatRef(ref: Ref): string {
  return ref.namespace === undefined ? `${ref.kind}/${ref.name}` : `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The ref a key made by `refKey` stands for. */
export function refFromKey(key: string): Ref {
  const first = key.indexOf('/');
  const second = key.indexOf('/', first + 1);
  return makeRef(
    unescapePart(key.slice(0, first)),
    unescapePart(key.slice(first + 1, second)),
    unescapePart(key.slice(second + 1)),
  );
}
