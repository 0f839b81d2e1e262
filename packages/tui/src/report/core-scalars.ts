/*
 * How a plain scalar resolves under YAML 1.2's core schema, as the `yaml` package (the reference,
 * yaml-document.ts) resolves it: null, booleans, integers and floats; anything else is a string
 * (`yes`, `0b101`, `1_000` and timestamps included). js-yaml's schema in yaml-document.ts and the
 * kubectl-style reader (kubectl-yaml.ts) both resolve through these.
 */

/** The first characters each type can start with (the empty scalar is null). */
export const NULL_START = '~nN';
export const BOOL_START = 'tTfF';
export const NUMBER_START = '0123456789+-.';

export const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
export const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** `0o17`, `0x1F`; no `0b` or `_`. */
export const CORE_INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
/** `+.5`, `1e3`, `.inf`, `.nan`. */
export const CORE_FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

export function coreBool(text: string): boolean {
  return text[0] === 't' || text[0] === 'T';
}

export function coreInt(text: string): number {
  if (text.startsWith('0o')) return Number.parseInt(text.slice(2), 8);
  if (text.startsWith('0x')) return Number.parseInt(text.slice(2), 16);
  return Number.parseInt(text, 10);
}

export function coreFloat(text: string): number {
  const special = text.slice(-3).toLowerCase();
  if (special === 'nan') return Number.NaN;
  if (special === 'inf') return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number.parseFloat(text);
}

/** The value of a non-empty plain scalar under the core schema. */
export function resolvePlain(text: string): unknown {
  // NULL_START, BOOL_START and NUMBER_START by character code: this runs for every plain scalar.
  // By length too: `~` and `null`, `true` and `false`, never longer.
  const c = text.charCodeAt(0);
  const length = text.length;
  if (c === 0x7e || c === 0x6e || c === 0x4e)
    return (length === 1 || length === 4) && CORE_NULL.test(text) ? null : text;
  if (c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46)
    return (length === 4 || length === 5) && CORE_BOOL.test(text) ? coreBool(text) : text;
  if ((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) {
    if (CORE_INT.test(text)) return coreInt(text);
    if (CORE_FLOAT.test(text)) return coreFloat(text);
  }
  return text;
}
