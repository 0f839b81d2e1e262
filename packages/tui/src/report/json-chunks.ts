/**
 * `JSON.stringify(value, null, 2)` cut into pieces of about `chunkSize` characters, the same
 * characters in the same order, so a large report (33 MB for 60k objects) is written as it is
 * serialised instead of first being built as one string.
 *
 * Plain objects and arrays down to `HAND_DEPTH` levels are written here; anything deeper (a report
 * object, a root cause) and anything that is not a plain object or array goes through
 * `JSON.stringify` itself, re-indented. That is exact: JSON never holds a raw line break inside a
 * string, so every `\n` of a nested value starts one of its lines. A `toJSON` is asked once, with
 * its key, as `JSON.stringify` does (a value it returns that has a `toJSON` of its own would be
 * asked again: reports are plain data and have none).
 */
const INDENT = '  ';
const HAND_DEPTH = 3;
const CHUNK_SIZE = 64 * 1024;

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What `JSON.stringify` serialises in place of `value` under `key` (its `toJSON`, if any). */
function jsonValue(value: unknown, key: string): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return (value as { toJSON: (key: string) => unknown }).toJSON(key);
  return value;
}

/** `JSON.stringify` leaves these out of an object and writes `null` for them in an array. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isWalked(item: unknown, depth: number): item is object {
  return (
    depth < HAND_DEPTH &&
    typeof item === 'object' &&
    item !== null &&
    (Array.isArray(item) || isPlainObject(item))
  );
}

export function* jsonChunks(value: unknown, chunkSize = CHUNK_SIZE): Generator<string> {
  let buffer = '';
  /** A value not walked here: `JSON.stringify`'s text, its lines indented to `depth`. */
  const leaf = (item: unknown, depth: number): void => {
    const text = JSON.stringify(item, null, INDENT) ?? 'null';
    buffer += depth === 0 ? text : text.replaceAll('\n', `\n${INDENT.repeat(depth)}`);
  };
  /** Writes `item`, whose `toJSON` was already applied, yielding whenever a chunk is full. */
  function* walk(item: object, depth: number): Generator<string> {
    const prefix = INDENT.repeat(depth);
    const inner = `${prefix}${INDENT}`;
    const entries: [string, unknown][] = Array.isArray(item)
      ? item.map((element, i) => {
          const resolved = jsonValue(element, String(i));
          return ['', isOmitted(resolved) ? null : resolved];
        })
      : Object.keys(item).flatMap((name) => {
          const resolved = jsonValue((item as Record<string, unknown>)[name], name);
          return isOmitted(resolved) ? [] : [[`${JSON.stringify(name)}: `, resolved]];
        });
    const [open, close] = Array.isArray(item) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      buffer += `${open}${close}`;
      return;
    }
    buffer += `${open}\n`;
    for (let i = 0; i < entries.length; i++) {
      const [label, field] = entries[i] as [string, unknown];
      buffer += `${i === 0 ? '' : ',\n'}${inner}${label}`;
      if (isWalked(field, depth + 1)) yield* walk(field, depth + 1);
      else leaf(field, depth + 1);
      if (buffer.length >= chunkSize) {
        yield buffer;
        buffer = '';
      }
    }
    buffer += `\n${prefix}${close}`;
  }
  const top = jsonValue(value, '');
  if (isOmitted(top)) return; // JSON.stringify gives undefined: nothing to write
  if (isWalked(top, 0)) yield* walk(top, 0);
  else leaf(top, 0);
  if (buffer !== '') yield buffer;
}
