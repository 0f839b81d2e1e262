/**
 * Readers for objects that arrive as untyped JSON. Every reader returns `undefined` for a value of
 * the wrong shape instead of throwing: a malformed field must never stop a diagnosis.
 */
export type JsonRecord = { readonly [key: string]: unknown };

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonRecord)
    : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, else undefined. */
export function asName(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** `path` walks nested records: `field(obj, 'status', 'health', 'status')`. */
export function field(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = asRecord(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

export function stringMap(value: unknown): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const record = asRecord(value);
  if (record === undefined) return out;
  for (const [key, v] of Object.entries(record)) {
    if (typeof v === 'string') out.set(key, v);
  }
  return out;
}
