import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';
import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import {
  BOOL_START,
  CORE_BOOL,
  CORE_FLOAT,
  CORE_INT,
  CORE_NULL,
  coreBool,
  coreFloat,
  coreInt,
  NULL_START,
  NUMBER_START,
} from './core-scalars.ts';
import { NOT_READ, readKubectlYaml } from './kubectl-yaml.ts';
import type { YamlDocumentText } from './yaml-stream.ts';

/** A document's value, or why it could not be read (never quoting the document). */
export type DocumentRead =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: string };

/*
 * Three readers, one meaning. The `yaml` package is the reference: YAML 1.2's core schema plus
 * merge keys (`<<`), per-document errors with their position, a cap on alias expansion. It is also
 * about ten times slower than js-yaml on `kubectl get -o yaml` output (bench/README.md, suite
 * `files`), and js-yaml about three times slower than kubectl-yaml.ts, which reads only the block
 * style tools print. So a document is read by kubectl-yaml.ts when it can; else by js-yaml, with
 * a schema that resolves plain scalars exactly as the core schema does; and by `yaml` whenever
 * js-yaml refuses it (so every error is the reference's) or it may hold aliases (so the
 * reference's alias cap applies).
 */

/**
 * A plain-scalar type that first looks at the scalar's first character: most plain scalars in a
 * manifest are names and words, and js-yaml asks every implicit type about every one of them.
 */
const scalarType = (tag: string, first: string, test: RegExp, construct: (data: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: string | null) => {
      const text = data ?? '';
      return (text === '' || first.includes(text[0] as string)) && test.test(text);
    },
    construct: (data: string | null) => construct(data ?? ''),
  });

/** The core schema's null (empty, `~`, `null`) and booleans (`true`, `False`, not `yes`). */
const nullType = scalarType('null', NULL_START, CORE_NULL, () => null);
const boolType = scalarType('bool', BOOL_START, CORE_BOOL, coreBool);

/** `<<`: js-yaml merges the mapping under a key of this tag, as `yaml` does with `merge: true`. */
const mergeKey = scalarType('merge', '<', /^<<$/, (data) => data);

/** The core schema's integers and floats, as `yaml` resolves them. */
const intType = scalarType('int', NUMBER_START, CORE_INT, coreInt);
const floatType = scalarType('float', NUMBER_START, CORE_FLOAT, coreFloat);

export const CORE_WITH_MERGE = FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, mergeKey],
});

/**
 * An anchor (`&name`) where a node can start. Without one a document has no alias to expand (an
 * alias with no anchor is an error, which the reference reports). A `&` inside a string may match
 * too: such a document merely takes the slower parser.
 */
const ANCHOR = /(?:^|[\s[{,])&[^\s[\]{},]/;

/**
 * The first part of a YAML error message, without anything after a colon: some `yaml` messages
 * end by quoting the offending source, which may be a Secret's value.
 */
function yamlErrorText(error: YAMLError): string {
  if (error.code === 'BAD_DQ_ESCAPE') return 'invalid escape sequence in a double-quoted string';
  const text = error.message.split(/[:\n]/, 1)[0]?.trim() ?? '';
  return text === '' ? error.code : text;
}

function yamlErrorReason(error: YAMLError, lines: LineCounter, firstLine: number): string {
  const offset = error.pos[0];
  const where = offset >= 0 ? lines.linePos(offset) : undefined;
  const at =
    where === undefined || where.line === 0 ? '' : ` at line ${where.line + firstLine}, column ${where.col}`;
  return `YAML syntax error${at}: ${yamlErrorText(error)}`;
}

/** The reference reader: the `yaml` package's document API, as strata has always read YAML. */
function readWithYaml(document: YamlDocumentText): DocumentRead {
  const lines = new LineCounter();
  const parsed = parseAllDocuments(document.text, {
    lineCounter: lines,
    prettyErrors: false,
    merge: true,
    logLevel: 'silent',
  });
  // The slice holds one document (yaml-stream.ts cuts at every marker); none when it is empty.
  const doc = Array.isArray(parsed) ? parsed[0] : undefined;
  if (doc === undefined) return { ok: true, value: null };
  const error = doc.errors[0];
  if (error !== undefined) return { ok: false, reason: yamlErrorReason(error, lines, document.line) };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (thrown) {
    const reason = thrown instanceof Error ? (thrown.message.split(/[:\n]/, 1)[0] ?? '') : '';
    return { ok: false, reason: `YAML error: ${reason === '' ? 'cannot be read' : reason}` };
  }
}

/**
 * A directive line (`%YAML 1.1`, `%TAG`): it may change how scalars resolve (YAML 1.1's `yes`,
 * `0b1`), which only the reference follows.
 */
const DIRECTIVE = /(?:^|\n)%/;

/**
 * Keys the two parsers turn into different property names: a null key (`~:`, `null:`; the
 * reference makes it `""`, js-yaml `"null"`) and a collection as a key (`? - a`, `[a, b]: 1`,
 * `{a: 1}: 2`). Text that merely looks like one (inside a string) takes the slower parser.
 */
const NULL_OR_EXPLICIT_KEY = /(?:~|null|Null|NULL)[ \t]*:(?:[ \t\r\n]|$)|\?(?:[ \t\r\n]|$)/g;
const COLLECTION_KEY = /[\]}][ \t]*:(?:[ \t\r\n]|$)/;

/** Whether a match starts a key: only indentation and `- ` before it on its line, or `{ , [`. */
function startsKey(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '{' || c === ',' || c === '[') return true;
    if (c !== ' ' && c !== '\t' && c !== '-') return false;
  }
  return true;
}

function hasRiskyKey(text: string): boolean {
  NULL_OR_EXPLICIT_KEY.lastIndex = 0;
  for (let m = NULL_OR_EXPLICIT_KEY.exec(text); m !== null; m = NULL_OR_EXPLICIT_KEY.exec(text))
    if (startsKey(text, m.index)) return true;
  return COLLECTION_KEY.test(text);
}

/** Whether js-yaml with the core schema reads `text` as the reference would. */
function fastPathApplies(text: string): boolean {
  return (
    !(text.includes('&') && ANCHOR.test(text)) &&
    !(text.includes('%') && DIRECTIVE.test(text)) &&
    !hasRiskyKey(text)
  );
}

/** Reads one document of a YAML stream: `null` for an empty one. */
export function readYamlDocument(document: YamlDocumentText): DocumentRead {
  // It gives up by itself on anchors, directives, null and collection keys: before the checks
  // below, which take managedFields' `k:{"type":"Ready"}:` keys for collection keys.
  const value = readKubectlYaml(document.text);
  if (value !== NOT_READ) return { ok: true, value };
  if (fastPathApplies(document.text)) {
    try {
      return { ok: true, value: load(document.text, { schema: CORE_WITH_MERGE }) ?? null };
    } catch {
      // js-yaml refuses it: the reference says why, or reads what js-yaml does not support.
    }
  }
  return readWithYaml(document);
}
