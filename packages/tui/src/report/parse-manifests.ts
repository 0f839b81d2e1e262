import { kubeObjectProblem } from '@strata/core';
import { readYamlDocument } from './yaml-document.ts';
import { splitYamlDocuments } from './yaml-stream.ts';

/** A document (or a List item) that was not read, and why. Never quotes the input. */
export interface SkippedDocument {
  /** 1-based index of the document in its file. */
  readonly document: number;
  /** 1-based index in the document's `items` when the document is a List. */
  readonly item?: number;
  readonly reason: string;
}

export interface ParsedManifests {
  /** Kubernetes objects, in file order, List items flattened, Secret values removed. */
  readonly objects: unknown[];
  readonly skipped: SkippedDocument[];
}

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Removes what a Secret holds (`data`, `stringData`, and the last-applied annotation, which
 * repeats them) as soon as it is read, so no value can ever reach a report, a screen or a log.
 * The diagnosis needs only that the Secret exists.
 */
export function withoutSecretValues(value: unknown): unknown {
  if (!isRecord(value) || value.kind !== 'Secret') return value;
  const { data: _data, stringData: _stringData, ...rest } = value;
  const metadata = rest.metadata;
  if (isRecord(metadata) && isRecord(metadata.annotations) && LAST_APPLIED in metadata.annotations) {
    const { [LAST_APPLIED]: _lastApplied, ...annotations } = metadata.annotations;
    rest.metadata = { ...metadata, annotations };
  }
  return rest;
}

/**
 * `kind: List`, `kind: KustomizationList`, ...: what `kubectl get -o yaml|json` prints. Items of a
 * typed list may lack apiVersion and kind (the API server omits them); they take the list's.
 */
function listItems(value: JsonRecord): unknown[] | undefined {
  const { kind, items } = value;
  if (typeof kind !== 'string' || !kind.endsWith('List') || !Array.isArray(items)) return undefined;
  if (kind === 'List') return items;
  const itemKind = kind.slice(0, -'List'.length);
  const apiVersion = value.apiVersion;
  return items.map((item) => {
    if (!isRecord(item)) return item;
    const filled: JsonRecord = { ...item };
    if (filled.kind === undefined && itemKind !== '') filled.kind = itemKind;
    if (filled.apiVersion === undefined && typeof apiVersion === 'string') filled.apiVersion = apiVersion;
    return filled;
  });
}

/** Adds the objects in one document's value, and the reason each item that is not one was skipped. */
function collect(value: unknown, document: number, out: ParsedManifests): void {
  const items = Array.isArray(value) ? value : isRecord(value) ? listItems(value) : undefined;
  const entries = items === undefined ? [{ value }] : items.map((item, i) => ({ value: item, item: i + 1 }));
  for (const entry of entries) {
    const object = withoutSecretValues(entry.value);
    const problem = kubeObjectProblem(object);
    if (problem === undefined) out.objects.push(object);
    else out.skipped.push({ document, ...('item' in entry ? { item: entry.item } : {}), reason: problem });
  }
}

/** A first non-blank `{` or `[`: try the fast, strict JSON parser before YAML. */
function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

/**
 * Reads the Kubernetes objects in a YAML or JSON text: multi-document YAML, `kind: List` and typed
 * lists (`kubectl get -o yaml|json`), a JSON array of objects. Empty documents are ignored; a
 * document that is broken YAML or not a Kubernetes object is skipped and listed with its reason,
 * and the rest is still read. Pure: no I/O.
 */
export function parseManifests(text: string): ParsedManifests {
  const out: ParsedManifests = { objects: [], skipped: [] };
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (looksLikeJson(source)) {
    try {
      collect(JSON.parse(source), 1, out);
      return out;
    } catch {
      // Not strict JSON: YAML (a superset) reads it or says where it breaks, without quoting it.
    }
  }
  splitYamlDocuments(source).forEach((text, index) => {
    const document = index + 1;
    const read = readYamlDocument(text);
    if (!read.ok) {
      out.skipped.push({ document, reason: read.reason });
      return;
    }
    if (read.value === null || read.value === undefined) return; // an empty document, e.g. after a final `---`
    collect(read.value, document, out);
  });
  return out;
}
