/**
 * The input files of the `files` suite, written under bench/data/ (git-ignored, cached by name):
 * - `files-<N>-s<seed>.list.yaml`: a synthetic cluster of about N objects as one `kind: List`,
 *   shaped like `kubectl get -A -o yaml` (keys sorted, sequences not indented under their key);
 * - `…docs.yaml`: the same objects as a multi-document `---` stream (`kustomize build`, `flux export`);
 * - `…list.json`: the same objects as a JSON List (`kubectl get -A -o json`);
 * - `chain-<N>-c<C>.json`: N Kustomizations each `dependsOn` the one before, the first failing
 *   (N−1 `DependencyNotReady` behind one root), and C more in one dependency cycle.
 *
 * With managed fields (`--managed-fields` of the suite), every object carries `metadata.managedFields`
 * as an API server returns it (`files-<N>-s<seed>-mf.…`, about 1.8× the size: the 50 MB case).
 *
 *   node --conditions=@strata/source --import tsx bench/files-data.ts [objects] [seed] [chain] [cycle] [managedFields 0|1]
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  conditionFalse,
  fluxKustomization,
  gitRepository,
  syntheticCluster,
} from '../packages/core/src/fixtures/index.ts';
import { DATA_DIR, ensureDir, ROOT } from './lib.ts';

/** The YAML emitter strata already depends on, reached through the package that declares it. */
const yaml = createRequire(join(ROOT, 'packages/tui/package.json'))('yaml') as {
  stringify: (value: unknown, options: Record<string, unknown>) => string;
};

export interface FilesData {
  readonly objects: number;
  readonly at: string;
  readonly listYaml: string;
  readonly docsYaml: string;
  readonly listJson: string;
  readonly chainObjects: number;
  readonly chainJson: string;
  readonly sizesMiB: Record<string, number>;
}

const MANAGED_PER_OBJECT = 10;
const CHAIN_AT = '2026-11-22T10:00:00Z';

/** kubectl's YAML: block style, keys in order, `- ` at its key's indentation, no line folding. */
function toYaml(value: unknown): string {
  return yaml.stringify(value, { indentSeq: false, lineWidth: 0, sortMapEntries: true });
}

type JsonRecord = Record<string, unknown>;

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A `fieldsV1` set of `value` as server-side apply records it: `f:<field>` per field, `.: {}` for
 * a map or list item owned as a whole, `k:{"name":…}` for items of lists keyed by name or type.
 */
function fieldsV1(value: unknown, whole = false): JsonRecord {
  const fields: JsonRecord = whole ? { '.': {} } : {};
  if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (Array.isArray(item) && item.length > 0 && item.every(isRecord)) {
        const list: JsonRecord = {};
        for (const entry of item) {
          const keyField = 'name' in entry ? 'name' : 'type' in entry ? 'type' : undefined;
          if (keyField === undefined) continue;
          list[`k:{"${keyField}":${JSON.stringify(entry[keyField])}}`] = fieldsV1(entry, true);
        }
        fields[`f:${key}`] = Object.keys(list).length > 0 ? { '.': {}, ...list } : {};
      } else {
        fields[`f:${key}`] = isRecord(item) ? fieldsV1(item, true) : {};
      }
    }
  }
  return fields;
}

/** The object with the managedFields a server keeps: its applier's and its controller's. */
function withManagedFields(object: JsonRecord): JsonRecord {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const { managedFields: _none, name: _name, namespace: _namespace, ...owned } = metadata;
  const time = '2026-11-22T09:00:00Z';
  const managedFields: JsonRecord[] = [
    {
      apiVersion: object.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: fieldsV1({ metadata: owned, spec: object.spec, data: object.data }),
      manager: 'kustomize-controller',
      operation: 'Apply',
      time,
    },
  ];
  if (object.status !== undefined)
    managedFields.push({
      apiVersion: object.apiVersion,
      fieldsType: 'FieldsV1',
      fieldsV1: fieldsV1({ status: object.status }),
      manager: 'controller',
      operation: 'Update',
      subresource: 'status',
      time,
    });
  return { ...object, metadata: { ...metadata, managedFields } };
}

function writeCluster(
  objects: number,
  seed: number,
  managedFields: boolean,
): { at: string; count: number; paths: string[] } {
  const base = join(DATA_DIR, `files-${objects}-s${seed}${managedFields ? '-mf' : ''}`);
  const paths = [`${base}.list.yaml`, `${base}.docs.yaml`, `${base}.list.json`];
  const meta = `${base}.meta.json`;
  if (paths.every((p) => existsSync(p)) && existsSync(meta)) {
    const { at, count } = JSON.parse(readFileSync(meta, 'utf8')) as {
      at: string;
      count: number;
    };
    return { at, count, paths };
  }
  const gitops = Math.round(objects / (MANAGED_PER_OBJECT + 1));
  const cluster = syntheticCluster({ seed, gitops, managedPerObject: MANAGED_PER_OBJECT });
  const items = managedFields
    ? cluster.objects.map((o) => withManagedFields(o as unknown as JsonRecord))
    : cluster.objects;
  const list = { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
  writeFileSync(paths[0] as string, toYaml(list));
  writeFileSync(paths[1] as string, items.map((item) => `---\n${toYaml(item)}`).join(''));
  writeFileSync(paths[2] as string, `${JSON.stringify(list, null, 4)}\n`);
  writeFileSync(meta, JSON.stringify({ at: cluster.at, count: items.length }));
  return { at: cluster.at, count: items.length, paths };
}

function writeChain(chain: number, cycle: number): { count: number; path: string } {
  const path = join(DATA_DIR, `chain-${chain}-c${cycle}.json`);
  const count = chain + cycle + 1;
  if (existsSync(path)) return { count, path };
  const since = '2026-11-22T09:50:00Z';
  const blocked = (name: string) => {
    const message = `dependency 'flux-system/${name}' is not ready`;
    return { ready: conditionFalse('DependencyNotReady', message, since) };
  };
  const items = [
    gitRepository({ name: 'flux-system', url: 'https://example.com/platform.git', ready: { since } }),
  ];
  for (let i = 0; i < chain; i++) {
    const name = `chain-${i}`;
    const state =
      i === 0
        ? { ready: conditionFalse('HealthCheckFailed', 'health check failed after 5m0s', since) }
        : blocked(`chain-${i - 1}`);
    items.push(
      fluxKustomization({
        name,
        path: `./chain/${i}`,
        dependsOn: i === 0 ? [] : [`chain-${i - 1}`],
        ...state,
      }),
    );
  }
  for (let i = 0; i < cycle; i++) {
    const before = `cycle-${(i + cycle - 1) % cycle}`;
    items.push(
      fluxKustomization({
        name: `cycle-${i}`,
        path: `./cycle/${i}`,
        dependsOn: [before],
        ...blocked(before),
      }),
    );
  }
  writeFileSync(path, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return { count, path };
}

const sizeMiB = (path: string) => Math.round((statSync(path).size / 2 ** 20) * 10) / 10;

export function filesData(
  objects: number,
  seed: number,
  chain: number,
  cycle: number,
  managedFields = false,
): FilesData & { chainAt: string } {
  ensureDir(DATA_DIR);
  const cluster = writeCluster(objects, seed, managedFields);
  const chainFile = writeChain(chain, cycle);
  const [listYaml, docsYaml, listJson] = cluster.paths as [string, string, string];
  return {
    objects: cluster.count,
    at: cluster.at,
    listYaml,
    docsYaml,
    listJson,
    chainObjects: chainFile.count,
    chainJson: chainFile.path,
    chainAt: CHAIN_AT,
    sizesMiB: {
      listYaml: sizeMiB(listYaml),
      docsYaml: sizeMiB(docsYaml),
      listJson: sizeMiB(listJson),
      chainJson: sizeMiB(chainFile.path),
    },
  };
}

if (process.argv[1]?.endsWith('files-data.ts')) {
  const [objects = '30000', seed = '1', chain = '60000', cycle = '10000', managedFields = '0'] =
    process.argv.slice(2);
  const data = filesData(Number(objects), Number(seed), Number(chain), Number(cycle), managedFields === '1');
  process.stdout.write(`${JSON.stringify(data)}\n`);
}
