/**
 * A Flux inventory entry id, `<namespace>_<name>_<group>_<kind>` (§4): the namespace is before the
 * first `_` (empty when cluster-scoped), the kind after the last, the group after the one before
 * (empty for the core group), and the name is what lies between, with `__` standing for `:`.
 */
export interface InventoryId {
  readonly namespace?: string;
  readonly name: string;
  readonly group: string;
  readonly kind: string;
}

export function parseInventoryId(id: string): InventoryId | undefined {
  const first = id.indexOf('_');
  const last = id.lastIndexOf('_');
  if (first < 0 || last <= first) return undefined;
  const beforeLast = id.lastIndexOf('_', last - 1);
  if (beforeLast <= first) return undefined;
  const namespace = id.slice(0, first);
  const rawName = id.slice(first + 1, beforeLast);
  const group = id.slice(beforeLast + 1, last);
  const kind = id.slice(last + 1);
  if (rawName === '' || kind === '') return undefined;
  const name = rawName.replaceAll('__', ':');
  return namespace === '' ? { name, group, kind } : { namespace, name, group, kind };
}
