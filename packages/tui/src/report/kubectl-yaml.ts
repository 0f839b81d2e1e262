/*
 * A reader for the block-style YAML that `kubectl get -o yaml`, `helm template`, `kustomize build`
 * and `flux export` print: block mappings and sequences (a sequence's `- ` may stand at its key's
 * indentation), plain, single- and double-quoted scalars over one or more lines, literal block
 * scalars (`|`, `|-`, `|+`, `|2`), `{}` and `[]`, comments on their own line or after a value.
 *
 * It reads exactly what js-yaml reads with strata's core schema (yaml-document.ts), and is about
 * three times faster on such output (bench/README.md, suite `files`), because it walks lines
 * rather than characters. Anything else — anchors, aliases, tags, flow collections with content,
 * folded scalars (`>`), explicit keys (`?`), merge keys (`<<`), tabs or carriage returns in the
 * layout, duplicate keys, and any error — makes it give up on the whole document, which is then
 * read by js-yaml (and by the `yaml` package when js-yaml refuses it). It never reports an error
 * of its own, so the per-document error lines stay the reference's.
 */

import { resolvePlain } from './core-scalars.ts';

/** Thrown to give up; one object, so giving up costs no stack trace. */
const GIVE_UP: { readonly giveUp: true } = { giveUp: true };

/** What `readKubectlYaml` returns for a document it does not read. */
export const NOT_READ: unique symbol = Symbol('not read by the kubectl-style reader');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const SQUOTE = 0x27;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Every character either of the two tests below looks for, and surrogates: one character class is
 * much quicker to scan for than NON_PRINTABLE's alternatives, and most documents have none.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNCOMMON = /[\x00-\x08\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF\u2028\u2029]/;
/** What js-yaml refuses anywhere in a stream; such a document is left to it (and its error). */
const NON_PRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
/** Line breaks other than `\n` (js-yaml counts `\r`; the others change how scalars fold). */
const OTHER_BREAKS = /[\r\x85\u2028\u2029]/;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\x00',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

function isBlankOrEnd(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || Number.isNaN(c);
}

/**
 * Reads one document (a slice from yaml-stream.ts: no `---` or `...` line inside) as js-yaml
 * would with the core schema, or returns NOT_READ when it is not of the shape this reader knows.
 */
export function readKubectlYaml(text: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) return NOT_READ;
  if (UNCOMMON.test(text) && (NON_PRINTABLE.test(text) || OTHER_BREAKS.test(text))) return NOT_READ;
  try {
    return new Reader(text).document();
  } catch (thrown) {
    if (thrown === GIVE_UP) return NOT_READ;
    throw thrown;
  }
}

class Reader {
  private readonly src: string;
  private readonly len: number;
  /** The current content line: where it starts, its indentation, where its content starts. */
  private lineStart = 0;
  private col = -1;
  private at = 0;

  constructor(src: string) {
    this.src = src;
    this.len = src.length;
  }

  document(): unknown {
    this.seekLine(0);
    // The document marker (after any comments): only `---` alone on its line is known here.
    let marker = -1;
    if (this.col === 0 && this.src.startsWith('---', this.at)) {
      const c = this.src.charCodeAt(this.at + 3);
      if (c !== LF && !Number.isNaN(c)) throw GIVE_UP;
      marker = this.at;
      this.seekLine(this.nextLine(this.at));
    }
    // Any other marker line ends the document or starts another (yaml-stream.ts cuts there).
    if (this.otherMarker('---', marker) || this.otherMarker('...', marker)) throw GIVE_UP;
    if (this.at >= this.len) return null;
    if (this.col !== 0) throw GIVE_UP;
    // A scalar as the whole document is no object: left to js-yaml.
    if (!this.isEntry(this.at) && !this.startsKey()) throw GIVE_UP;
    const value = this.node(0, -1);
    if (this.at < this.len) throw GIVE_UP; // something after the root node
    return value;
  }

  /** Whether a line other than the one at `except` starts with `marker` and a blank or its end. */
  private otherMarker(marker: string, except: number): boolean {
    const src = this.src;
    if (src.startsWith(marker) && except !== 0 && isBlankOrEnd(src.charCodeAt(3))) return true;
    for (let i = src.indexOf(`\n${marker}`); i !== -1; i = src.indexOf(`\n${marker}`, i + 1))
      if (i + 1 !== except && isBlankOrEnd(src.charCodeAt(i + 4))) return true;
    return false;
  }

  /** Moves to the first line at or after `p` (a line's start) with content other than a comment. */
  private seekLine(p: number): void {
    const src = this.src;
    const len = this.len;
    while (p < len) {
      let q = p;
      while (src.charCodeAt(q) === SPACE) q++;
      const c = src.charCodeAt(q);
      if (c === LF) {
        p = q + 1;
        continue;
      }
      if (q >= len) break;
      if (c === HASH) {
        const nl = src.indexOf('\n', q);
        p = nl === -1 ? len : nl + 1;
        continue;
      }
      if (c === TAB) throw GIVE_UP;
      this.lineStart = p;
      this.col = q - p;
      this.at = q;
      return;
    }
    this.lineStart = len;
    this.col = -1;
    this.at = len;
  }

  /** The start of the line after the one `p` is on. */
  private nextLine(p: number): number {
    const nl = this.src.indexOf('\n', p);
    return nl === -1 ? this.len : nl + 1;
  }

  /** Checks that only blanks and a comment follow `p` on its line, and moves past the line. */
  private endLine(p: number): void {
    const src = this.src;
    let q = p;
    while (src.charCodeAt(q) === SPACE || src.charCodeAt(q) === TAB) q++;
    const c = src.charCodeAt(q);
    if (c === HASH && q > p) this.seekLine(this.nextLine(q));
    else if (c === LF) this.seekLine(q + 1);
    else if (q >= this.len) this.seekLine(this.len);
    else throw GIVE_UP;
  }

  private isEntry(p: number): boolean {
    return this.src.charCodeAt(p) === DASH && isBlankOrEnd(this.src.charCodeAt(p + 1));
  }

  /** A block node starting at `this.at` (column `indent`), inside a parent at `parent`. */
  private node(indent: number, parent: number): unknown {
    if (this.isEntry(this.at)) return this.sequence(indent);
    if (this.startsKey()) return this.mapping(indent);
    return this.scalar(parent);
  }

  /** Whether the content at `this.at` is `key:` (a plain or quoted key on one line). */
  private startsKey(): boolean {
    const src = this.src;
    let p = this.at;
    const first = src.charCodeAt(p);
    if (first === SQUOTE || first === DQUOTE) {
      const close = src.indexOf(first === SQUOTE ? "'" : '"', p + 1);
      const nl = src.indexOf('\n', p);
      if (close === -1 || (nl !== -1 && close > nl)) return false;
      p = close + 1;
      while (src.charCodeAt(p) === SPACE) p++;
      return src.charCodeAt(p) === COLON && isBlankOrEnd(src.charCodeAt(p + 1));
    }
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === LF || Number.isNaN(c)) return false;
      if (c === COLON && isBlankOrEnd(src.charCodeAt(p + 1))) return true;
      if (c === HASH && (src.charCodeAt(p - 1) === SPACE || src.charCodeAt(p - 1) === TAB)) return false;
      p++;
    }
  }

  private sequence(indent: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      // `this.at` is a `-` at column `indent`.
      let p = this.at + 1;
      while (this.src.charCodeAt(p) === SPACE) p++;
      const c = this.src.charCodeAt(p);
      if (c === LF || Number.isNaN(c) || c === HASH) {
        this.endLine(p);
        items.push(this.at < this.len && this.col > indent ? this.node(this.col, indent) : null);
      } else if (c === TAB) {
        throw GIVE_UP;
      } else {
        // A compact node on the entry's line: `- name: x`, `- - a`, `- value`.
        this.at = p;
        const column = p - this.lineStart;
        if (this.isEntry(p)) items.push(this.sequence(column));
        else if (this.startsKey()) items.push(this.mapping(column));
        else items.push(this.inline(indent));
      }
      // A line at the sequence's column that is no entry ends it: a key after an indentless one.
      if (this.at >= this.len || this.col !== indent || !this.isEntry(this.at)) {
        if (this.col > indent) throw GIVE_UP;
        return items;
      }
    }
  }

  private mapping(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    for (;;) {
      const key = this.key();
      if (Object.hasOwn(map, key)) throw GIVE_UP; // js-yaml refuses it: the reference says where
      map[key] = this.value(indent);
      if (this.at >= this.len || this.col < indent) return map;
      if (this.col > indent || this.isEntry(this.at)) throw GIVE_UP;
    }
  }

  /** The key at `this.at`; leaves `this.at` just after its `:`. */
  private key(): string {
    const src = this.src;
    const start = this.at;
    const first = src.charCodeAt(start);
    let key: string;
    let p: number;
    if (first === SQUOTE || first === DQUOTE) {
      key = first === SQUOTE ? this.singleQuoted(-1) : this.doubleQuoted(-1);
      p = this.at;
      while (src.charCodeAt(p) === SPACE) p++;
      if (src.charCodeAt(p) !== COLON || !isBlankOrEnd(src.charCodeAt(p + 1))) throw GIVE_UP;
    } else {
      if (!plainStart(src, start) || first === 0x3c /* < */) throw GIVE_UP;
      p = start;
      for (;;) {
        const c = src.charCodeAt(p);
        if (c === COLON && isBlankOrEnd(src.charCodeAt(p + 1))) break;
        if (c === LF || Number.isNaN(c) || c === TAB) throw GIVE_UP;
        if (c === HASH && src.charCodeAt(p - 1) === SPACE) throw GIVE_UP;
        p++;
      }
      let end = p;
      while (src.charCodeAt(end - 1) === SPACE) end--;
      const resolved = resolvePlain(src.slice(start, end));
      // A null key is `"null"` to js-yaml and `""` to the reference: left to them.
      if (resolved === null) throw GIVE_UP;
      key = typeof resolved === 'string' ? resolved : String(resolved);
    }
    if (key === '__proto__') throw GIVE_UP;
    this.at = p + 1;
    return key;
  }

  /** The value after `key:` of a mapping at column `indent`. */
  private value(indent: number): unknown {
    const src = this.src;
    let p = this.at;
    while (src.charCodeAt(p) === SPACE) p++;
    const c = src.charCodeAt(p);
    if (c === LF || Number.isNaN(c) || c === HASH) {
      if (c === HASH && p === this.at) throw GIVE_UP;
      this.endLine(p);
      if (this.at >= this.len) return null;
      if (this.col > indent) return this.node(this.col, indent);
      if (this.col === indent && this.isEntry(this.at)) return this.sequence(indent);
      return null;
    }
    if (c === TAB) throw GIVE_UP;
    this.at = p;
    return this.inline(indent);
  }

  /** A value that starts on its key's or entry's line, at `this.at`, in a parent at `indent`. */
  private inline(indent: number): unknown {
    const src = this.src;
    const p = this.at;
    const c = src.charCodeAt(p);
    if (c === 0x7c /* | */) return this.literal(indent);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (src.charCodeAt(p + 1) !== c + 2) throw GIVE_UP; // `{}` and `[]` only
      this.endLine(p + 2);
      return c === 0x7b ? {} : [];
    }
    return this.scalar(indent);
  }

  /** A flow scalar at `this.at` in a node inside a parent at column `parent`. */
  private scalar(parent: number): unknown {
    const c = this.src.charCodeAt(this.at);
    if (c === SQUOTE || c === DQUOTE) {
      const value = c === SQUOTE ? this.singleQuoted(parent) : this.doubleQuoted(parent);
      this.endLine(this.at);
      return value;
    }
    if (!plainStart(this.src, this.at)) throw GIVE_UP;
    return this.plain(parent);
  }

  /**
   * The line's rest from `p`, as part of a plain scalar: up to a comment or the line's end,
   * trailing blanks dropped: returns where its text ends and sets `commentAt`. Gives up on `: ` (a
   * key where a value must be).
   */
  private plainLine(p: number): number {
    const src = this.src;
    let end = p;
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === LF || Number.isNaN(c)) break;
      if (c === COLON && isBlankOrEnd(src.charCodeAt(p + 1))) throw GIVE_UP;
      if (c === HASH && (src.charCodeAt(p - 1) === SPACE || src.charCodeAt(p - 1) === TAB)) {
        this.commentAt = p;
        return end;
      }
      p++;
      if (c !== SPACE && c !== TAB) end = p;
    }
    this.commentAt = -1;
    return end;
  }

  private commentAt = -1;

  private plain(parent: number): unknown {
    const src = this.src;
    const start = this.at;
    const end = this.plainLine(start);
    let text = src.slice(start, end);
    let multiline = false;
    let p = this.nextLine(end);
    if (this.commentAt === -1) {
      // Continuation lines: more indented than the parent, before any comment line.
      for (;;) {
        let breaks = 0;
        let q = p;
        let line = p;
        for (;;) {
          while (src.charCodeAt(q) === SPACE) q++;
          if (src.charCodeAt(q) !== LF) break;
          breaks++;
          q++;
          line = q;
        }
        const c = src.charCodeAt(q);
        if (q >= this.len || q - line <= parent || c === HASH) break;
        if (c === TAB) throw GIVE_UP;
        if (c === DASH || c === 0x3f /* ? */ || c === COLON) {
          if (isBlankOrEnd(src.charCodeAt(q + 1))) throw GIVE_UP;
        }
        const lineEnd = this.plainLine(q);
        text += breaks === 0 ? ` ${src.slice(q, lineEnd)}` : '\n'.repeat(breaks) + src.slice(q, lineEnd);
        multiline = true;
        p = this.nextLine(lineEnd);
        if (this.commentAt !== -1) break;
      }
    }
    this.seekLine(p);
    return multiline ? text : resolvePlain(text);
  }

  /**
   * Folds a line break inside a quoted scalar: `p` is at the break. Returns the text that
   * replaces it and moves `this.at` to the next line's content.
   */
  private fold(p: number, parent: number): string {
    const src = this.src;
    let breaks = 0;
    let q = p + 1;
    for (;;) {
      while (src.charCodeAt(q) === SPACE || src.charCodeAt(q) === TAB) q++;
      if (src.charCodeAt(q) !== LF) break;
      breaks++;
      q++;
    }
    if (q >= this.len) throw GIVE_UP;
    // Indentation: spaces only, deeper than the parent's.
    let lineStart = q;
    while (lineStart > 0 && src.charCodeAt(lineStart - 1) !== LF) lineStart--;
    let spaces = lineStart;
    while (src.charCodeAt(spaces) === SPACE) spaces++;
    if (spaces < q || spaces - lineStart <= parent) throw GIVE_UP;
    this.lineStart = lineStart;
    this.at = q;
    return breaks === 0 ? ' ' : '\n'.repeat(breaks);
  }

  /** `'…'` at `this.at`; leaves `this.at` after the closing quote. */
  private singleQuoted(parent: number): string {
    const src = this.src;
    let p = this.at + 1;
    let out = '';
    for (;;) {
      const quote = src.indexOf("'", p);
      if (quote === -1) throw GIVE_UP;
      const nl = src.indexOf('\n', p);
      if (nl !== -1 && nl < quote) {
        if (parent < 0) throw GIVE_UP; // a key on one line only
        let end = nl;
        while (end > p && (src.charCodeAt(end - 1) === SPACE || src.charCodeAt(end - 1) === TAB)) end--;
        out += src.slice(p, end) + this.fold(nl, parent);
        p = this.at;
        continue;
      }
      out += src.slice(p, quote);
      if (src.charCodeAt(quote + 1) === SQUOTE) {
        out += "'";
        p = quote + 2;
        continue;
      }
      this.at = quote + 1;
      return out;
    }
  }

  /** `"…"` at `this.at`; leaves `this.at` after the closing quote. */
  private doubleQuoted(parent: number): string {
    const src = this.src;
    let p = this.at + 1;
    let segment = p;
    let out = '';
    for (;;) {
      const c = src.charCodeAt(p);
      if (c === DQUOTE) {
        this.at = p + 1;
        return out + src.slice(segment, p);
      }
      if (c === BACKSLASH) {
        out += src.slice(segment, p);
        const e = src[p + 1] ?? '';
        const simple = SIMPLE_ESCAPES[e];
        if (simple !== undefined) {
          out += simple;
          p += 2;
        } else if (e === '\n') {
          // An escaped line break: the next line's leading blanks go, no space is added.
          if (parent < 0) throw GIVE_UP;
          // Empty lines after it: left to js-yaml.
          if (this.fold(p + 1, parent) !== ' ') throw GIVE_UP;
          p = this.at;
        } else {
          const length = HEX_LENGTH[e];
          if (length === undefined) throw GIVE_UP;
          const hex = src.slice(p + 2, p + 2 + length);
          if (hex.length !== length || !HEX.test(hex)) throw GIVE_UP;
          const code = Number.parseInt(hex, 16);
          if (code > 0x10ffff) throw GIVE_UP;
          out += String.fromCodePoint(code);
          p += 2 + length;
        }
        segment = p;
        continue;
      }
      if (c === LF) {
        if (parent < 0) throw GIVE_UP;
        let end = p;
        while (end > segment && (src.charCodeAt(end - 1) === SPACE || src.charCodeAt(end - 1) === TAB)) end--;
        out += src.slice(segment, end) + this.fold(p, parent);
        p = this.at;
        segment = p;
        continue;
      }
      if (Number.isNaN(c)) throw GIVE_UP;
      p++;
    }
  }

  /** A literal block scalar (`|`, `|-`, `|+`, `|2`, `|2-`, `|-2`) at `this.at`, a value of a key at `indent`. */
  private literal(indent: number): string {
    const src = this.src;
    let p = this.at + 1;
    let chomp = 0; // 0 clip, 1 keep, -1 strip
    let explicit = 0;
    for (let k = 0; k < 2; k++) {
      const c = src.charCodeAt(p);
      if ((c === DASH || c === 0x2b) && chomp === 0) {
        chomp = c === DASH ? -1 : 1;
        p++;
      } else if (c >= 0x31 && c <= 0x39 && explicit === 0) {
        explicit = c - 0x30;
        p++;
      }
    }
    let q = p;
    while (src.charCodeAt(q) === SPACE || src.charCodeAt(q) === TAB) q++;
    const h = src.charCodeAt(q);
    if (h === HASH && q > p) q = this.nextLine(q) - 1;
    else if (h !== LF && !Number.isNaN(h)) throw GIVE_UP;
    // q is at the header's line break (or the end).
    let textIndent = explicit === 0 ? -1 : indent + explicit;
    let out = '';
    let content = false;
    let empty = 0;
    let line = q + 1;
    while (line < this.len) {
      let s = line;
      const stop = textIndent === -1 ? this.len : line + textIndent;
      while (s < stop && src.charCodeAt(s) === SPACE) s++;
      const c = src.charCodeAt(s);
      if (c === LF || Number.isNaN(c)) {
        if (textIndent === -1 && s > line) throw GIVE_UP; // blank lines that may set the indentation
        empty++;
        line = s + 1;
        continue;
      }
      if (textIndent === -1) {
        if (s - line <= indent || c === TAB) break; // no content: left to js-yaml below
        textIndent = s - line;
      }
      if (s - line < textIndent) break;
      const nl = src.indexOf('\n', s);
      const end = nl === -1 ? this.len : nl;
      out += (content ? '\n' : '') + '\n'.repeat(empty) + src.slice(s, end);
      content = true;
      empty = 0;
      line = end + 1;
    }
    if (!content) throw GIVE_UP;
    if (chomp === 0) out += '\n';
    else if (chomp === 1) out += '\n'.repeat(empty + 1);
    this.seekLine(Math.min(line, this.len));
    return out;
  }
}

/** Whether a plain scalar may start at `p` (js-yaml's test in block context). */
function plainStart(src: string, p: number): boolean {
  const c = src.charCodeAt(p);
  switch (c) {
    case SPACE:
    case TAB:
    case LF:
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case SQUOTE:
    case DQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
      return false;
    case 0x3f: // ?
    case DASH:
    case COLON:
      return !isBlankOrEnd(src.charCodeAt(p + 1));
    default:
      return !Number.isNaN(c);
  }
}
