import {
  asArray,
  asBoolean,
  asName,
  asNumber,
  asRecord,
  field,
  type JsonRecord,
  stringMap,
} from './plain-json.ts';

export interface OwnerReference {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly uid?: string;
  readonly controller: boolean;
}

/** The identity and metadata of any Kubernetes object, read without trusting its shape. */
export interface KubeObject {
  /** `group/Kind/namespace/name`: unique across API groups, unlike a ref. */
  readonly key: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly labels: ReadonlyMap<string, string>;
  readonly annotations: ReadonlyMap<string, string>;
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
  return uid === undefined ? { group, kind, name, controller } : { group, kind, name, uid, controller };
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
  const ownerReferences = asArray(metadata?.ownerReferences)
    .map(readOwnerReference)
    .filter((o): o is OwnerReference => o !== undefined);
  return {
    key: objectKey(group, kind, namespace, name),
    group,
    version,
    kind,
    ...(namespace === undefined ? {} : { namespace }),
    name,
    ...(uid === undefined ? {} : { uid }),
    ...(generation === undefined ? {} : { generation }),
    labels: stringMap(metadata?.labels),
    annotations: stringMap(metadata?.annotations),
    ownerReferences,
    raw: record,
  };
}
