/**
 * One copy of each string value across the objects a live view holds. JSON.parse makes a new
 * string for every value, and most values repeat across thousands of objects (namespaces,
 * revisions, repository URLs, reasons, timestamps of the same reconcile): at 18k GitOps
 * objects, 590k strings are 92k distinct ones (bench/README.md, memory).
 *
 * Objects are changed in place: call it only on values just parsed and not shared yet.
 */
export class StringPool {
  private pool = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly maxLength: number;

  /**
   * `maxEntries`: the pool starts over when it holds this many (what was shared stays shared:
   * a long-lived view must not keep every string it ever saw). `maxLength`: longer strings are
   * left alone (messages and certificates rarely repeat).
   */
  constructor(options: { readonly maxEntries?: number; readonly maxLength?: number } = {}) {
    this.maxEntries = options.maxEntries ?? 250_000;
    this.maxLength = options.maxLength ?? 512;
  }

  get size(): number {
    return this.pool.size;
  }

  /** The pooled copy of a string. */
  string(value: string): string {
    if (value.length > this.maxLength) return value;
    const pooled = this.pool.get(value);
    if (pooled !== undefined) return pooled;
    if (this.pool.size >= this.maxEntries) this.pool = new Map();
    this.pool.set(value, value);
    return value;
  }

  /** Replaces every string value inside a parsed JSON value by its pooled copy, in place. */
  internAll(value: unknown): void {
    // Iterative: objects from a server may nest deeper than the stack allows.
    const pending: unknown[] = [value];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (Array.isArray(next)) {
        for (let i = 0; i < next.length; i++) {
          const item: unknown = next[i];
          if (typeof item === 'string') next[i] = this.string(item);
          else if (typeof item === 'object' && item !== null) pending.push(item);
        }
      } else if (typeof next === 'object' && next !== null) {
        const record = next as Record<string, unknown>;
        for (const key in record) {
          const item = record[key];
          if (typeof item === 'string') record[key] = this.string(item);
          else if (typeof item === 'object' && item !== null) pending.push(item);
        }
      }
    }
  }
}
