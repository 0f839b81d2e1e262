/**
 * A static Helm repository on 127.0.0.1 (what source-controller's HelmRepository fetches): an
 * `index.yaml` and chart archives, made by the test from plain files; no helm binary needed.
 *
 *   const repo = await startHelmRepo(dir);
 *   await repo.publish({ name: 'webapp', version: '0.1.0', templates: { 'deployment.yaml': t } });
 *   repo.url   // http://127.0.0.1:<port>
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface Chart {
  readonly name: string;
  readonly version: string;
  /** values.yaml content, as an object. */
  readonly values?: Readonly<Record<string, unknown>>;
  /** File name under templates/ → template text. */
  readonly templates: Readonly<Record<string, string>>;
}

export interface HelmRepo {
  /** `http://127.0.0.1:<port>` (the index is `<url>/index.yaml`). */
  readonly url: string;
  /** Packs the chart, adds it to the index (beside earlier versions) and serves both. */
  publish(chart: Chart): Promise<void>;
  stop(): Promise<void>;
}

interface IndexEntry {
  apiVersion: 'v2';
  name: string;
  version: string;
  urls: string[];
  digest: string;
  created: string;
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const VERSION = /^[0-9]+\.[0-9]+\.[0-9]+$/;

export async function startHelmRepo(dir: string): Promise<HelmRepo> {
  const root = join(dir, 'charts');
  const build = join(dir, 'chart-build');
  await mkdir(root, { recursive: true });
  const entries = new Map<string, IndexEntry[]>();

  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
    if (!/^(index\.yaml|[a-z0-9-]+-[0-9.]+\.tgz)$/.test(name) || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    readFile(join(root, name)).then(
      (data) => {
        res.writeHead(200, { 'content-type': name.endsWith('.yaml') ? 'text/yaml' : 'application/gzip' });
        res.end(data);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const writeIndex = () =>
    writeFile(
      join(root, 'index.yaml'),
      stringify({
        apiVersion: 'v1',
        entries: Object.fromEntries(entries),
        generated: new Date().toISOString(),
      }),
    );
  await writeIndex();

  return {
    url,
    async publish(chart) {
      if (!NAME.test(chart.name) || !VERSION.test(chart.version))
        throw new Error(`invalid chart ${chart.name} ${chart.version}`);
      const src = join(build, `${chart.name}-${chart.version}`, chart.name);
      await rm(join(build, `${chart.name}-${chart.version}`), { recursive: true, force: true });
      await mkdir(join(src, 'templates'), { recursive: true });
      await writeFile(
        join(src, 'Chart.yaml'),
        stringify({ apiVersion: 'v2', name: chart.name, version: chart.version, type: 'application' }),
      );
      await writeFile(join(src, 'values.yaml'), stringify(chart.values ?? {}));
      for (const [file, text] of Object.entries(chart.templates)) {
        if (!/^[a-z0-9._-]+$/.test(file)) throw new Error(`invalid template name ${file}`);
        await writeFile(join(src, 'templates', file), text);
      }
      const archive = `${chart.name}-${chart.version}.tgz`;
      await new Promise<void>((resolve, reject) => {
        execFile(
          'tar',
          ['czf', join(root, archive), '-C', join(src, '..'), chart.name],
          (error, _o, stderr) =>
            error ? reject(new Error(`packing ${archive} failed: ${stderr || error.message}`)) : resolve(),
        );
      });
      const digest = createHash('sha256')
        .update(await readFile(join(root, archive)))
        .digest('hex');
      const versions = (entries.get(chart.name) ?? []).filter((e) => e.version !== chart.version);
      versions.unshift({
        apiVersion: 'v2',
        name: chart.name,
        version: chart.version,
        urls: [archive],
        digest,
        created: new Date().toISOString(),
      });
      entries.set(chart.name, versions);
      await writeIndex();
    },
    stop() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
