import { asArray, asBoolean, asName, asNumber, asRecord, field, type JsonRecord } from './plain-json.ts';

/** The string values of a metadata map (labels, annotations) by key; a `Map` is one too. */
export interface StringEntries {
  get(key: string): string | undefined;
  has(key: string): boolean;
}

/**
 * Reads a metadata map in place. Copying every object's labels and annotations into Maps was a
 * tenth of the model's memory and time at 100k objects, for a handful of lookups each.
 */
class RecordEntries implements StringEntries {
  readonly #record: JsonRecord;

  constructor(record: JsonRecord) {
    this.#record = record;
  }

  get(key: string): string | undefined {
    if (!Object.hasOwn(this.#record, key)) return undefined;
    const value = this.#record[key];
    return typeof value === 'string' ? value : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
}

const NO_ENTRIES: StringEntries = new RecordEntries({});
const NO_OWNERS: readonly OwnerReference[] = [];

function entriesOf(value: unknown): StringEntries {
  const record = asRecord(value);
  return record === undefined ? NO_ENTRIES : new RecordEntries(record);
}

export interface OwnerReference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly uid?: string | undefined;
  readonly controller: boolean;
}

/** The identity and metadata of any Kubernetes object, read without trusting its shape. */
export interface KubeObject {
  /** `group/Kind/namespace/name`: unique across API groups, unlike a ref. */
  readonly key: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace?: string | undefined;
  readonly name: string;
  readonly uid?: string | undefined;
  readonly generation?: number | undefined;
  readonly labels: StringEntries;
  readonly annotations: StringEntries;
  readonly ownerReferences: readonly OwnerReference[];
  readonly raw: JsonRecord;
}

export function objectKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function readOwnerReference(value: unknown): OwnerReference | undefined {
  const kind = asName(field(value, 'kind'));
  const name = asName(field(value, 'name'));
  if (kind === undefined || name === undefined) return undefined;
  const { group } = splitApiVersion(asName(field(value, 'apiVersion')) ?? '');
  const uid = asName(field(value, 'uid'));
  const controller = asBoolean(field(value, 'controller')) === true;
  return { group, kind, name, uid, controller };
}

/** Why an input could not be read as an object; `undefined` from readKubeObject says only "no". */
export function kubeObjectProblem(raw: unknown): string | undefined {
  const record = asRecord(raw);
  if (record === undefined) return 'not an object';
  if (asName(record.kind) === undefined) return 'no kind';
  if (asName(field(record, 'metadata', 'name')) === undefined) return 'no metadata.name';
  return undefined;
}

export function readKubeObject(raw: unknown): KubeObject | undefined {
  const record = asRecord(raw);
  if (record === undefined) return undefined;
  const kind = asName(record.kind);
  const metadata = asRecord(record.metadata);
  const name = asName(metadata?.name);
  if (kind === undefined || name === undefined) return undefined;
  const { group, version } = splitApiVersion(asName(record.apiVersion) ?? '');
  const namespace = asName(metadata?.namespace);
  const uid = asName(metadata?.uid);
  const generation = asNumber(metadata?.generation);
  const owners = metadata?.ownerReferences;
  const ownerReferences =
    owners === undefined
      ? NO_OWNERS
      : asArray(owners)
          .map(readOwnerReference)
          .filter((o): o is OwnerReference => o !== undefined);
  // Every field always present (undefined when absent): one shape for all objects keeps V8's
  // property access monomorphic on the model's hottest paths.
  return {
    key: objectKey(group, kind, namespace, name),
    group,
    version,
    kind,
    namespace,
    name,
    uid,
    generation,
    labels: entriesOf(metadata?.labels),
    annotations: entriesOf(metadata?.annotations),
    ownerReferences,
    raw: record,
  };
}
