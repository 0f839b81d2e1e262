/**
 * The host for the Headlamp render benchmark: test/headlamp/host-server.ts's stand-in for
 * headlamp-server (the test host page built from the SDK's lib, the plugin's built main.js under
 * /plugins, `/config` with one cluster), except that `/clusters/<name>/…` is answered from a
 * generated object list held in memory instead of being proxied to a kube-apiserver:
 * discovery (`/apis`) from the objects' API groups, and every LIST the plugin makes
 * (`/api/v1/pods`, `/apis/<group>/<version>/<plural>`, with the `metadata.name` and `type` field
 * selectors it uses) as a pre-serialised JSON body. The render benchmark measures the browser,
 * not etcd or the apiserver's JSON encoder, so each answer costs a socket write.
 *
 * It also serves the floor page: `/bench/floor` inserts `/bench/floor.svg` (the graph's own SVG
 * markup, captured from a drawn page) with `innerHTML` and times it until painted.
 */
import { createServer, type Server } from 'node:http';
import { GITOPS_KINDS } from '../packages/core/src/index.ts';
import { listenOnLoopback, send, serveShell } from '../test/headlamp/host-server.ts';

export interface BenchHostOptions {
  /** dist-test-host of packages/headlamp-plugin. */
  readonly hostDir: string;
  /** The plugin folder holding main.js. */
  readonly pluginDir: string;
  readonly cluster: string;
  readonly objects: readonly Record<string, unknown>[];
}

export interface BenchHost {
  readonly url: string;
  /** LIST and discovery requests answered (path → bytes), for the report. */
  readonly served: Map<string, number>;
  /** Requests under /clusters/ that had no answer (404), for the report. */
  readonly missing: Set<string>;
  setFloorSvg(markup: string): void;
  close(): Promise<void>;
}

const BUILTIN_PLURALS: Record<string, string> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  ReplicaSet: 'replicasets',
  DaemonSet: 'daemonsets',
  Pod: 'pods',
  Service: 'services',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Namespace: 'namespaces',
  Event: 'events',
};
const GITOPS_PLURALS = new Map(GITOPS_KINDS.map((k) => [`${k.group}/${k.kind}`, k.plural]));

function pluralOf(group: string, kind: string): string {
  return GITOPS_PLURALS.get(`${group}/${kind}`) ?? BUILTIN_PLURALS[kind] ?? `${kind.toLowerCase()}s`;
}

interface Meta {
  readonly name?: string;
  readonly namespace?: string;
}

/** The LIST path of an object, as the API server serves it: /api/v1/<plural> or /apis/<g>/<v>/<plural>. */
function listPath(object: Record<string, unknown>): { path: string; group: string; version: string } {
  const apiVersion = String(object.apiVersion ?? 'v1');
  const kind = String(object.kind ?? '');
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const plural = pluralOf(group, kind);
  return {
    path: group === '' ? `/api/${version}/${plural}` : `/apis/${group}/${version}/${plural}`,
    group,
    version,
  };
}

/** `metadata.name=x` and `type=x` (the only field selectors the plugin sends); anything else matches. */
function matchesFieldSelector(object: Record<string, unknown>, selector: string | null): boolean {
  if (selector === null || selector === '') return true;
  return selector.split(',').every((term) => {
    const [field, value] = term.split('=') as [string, string | undefined];
    if (field === 'metadata.name') return (object.metadata as Meta | undefined)?.name === value;
    if (field === 'type') return object.type === value;
    return true;
  });
}

const VERSION = JSON.stringify({ major: '1', minor: '34', gitVersion: 'v1.34.0', platform: 'linux/amd64' });
const RULES_REVIEW = JSON.stringify({
  kind: 'SelfSubjectRulesReview',
  apiVersion: 'authorization.k8s.io/v1',
  status: {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  },
});
const ACCESS_REVIEW = JSON.stringify({
  kind: 'SelfSubjectAccessReview',
  apiVersion: 'authorization.k8s.io/v1',
  status: { allowed: true },
});

const FLOOR_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>floor</title>
<style>html,body{margin:0}#graph{width:1200px}</style></head>
<body><div id="graph"></div><script>
(async () => {
  const markup = await (await fetch('/bench/floor.svg')).text();
  const start = performance.now();
  document.getElementById('graph').innerHTML = markup;
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      window.strataFloor = {
        ms: performance.now() - start,
        nodes: document.querySelectorAll('[data-testid="graph-node"]').length,
      };
    };
    channel.port2.postMessage(0);
  });
})();
</script></body></html>`;

export async function startBenchHost(options: BenchHostOptions): Promise<BenchHost> {
  const prefix = `/clusters/${options.cluster}`;
  const byList = new Map<string, Record<string, unknown>[]>();
  const groups = new Map<string, Set<string>>();
  for (const object of options.objects) {
    const { path, group, version } = listPath(object);
    const list = byList.get(path) ?? [];
    list.push(object);
    byList.set(path, list);
    if (group !== '') groups.set(group, (groups.get(group) ?? new Set()).add(version));
  }
  const discovery = JSON.stringify({
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, versions]) => ({
      name,
      versions: [...versions].map((v) => ({ groupVersion: `${name}/${v}`, version: v })),
      preferredVersion: { groupVersion: `${name}/${[...versions][0]}`, version: [...versions][0] },
    })),
  });
  // Serialised once per path and selector: every run gets the same bytes at the cost of a write.
  const answers = new Map<string, string>();
  const answer = (path: string, search: URLSearchParams): string | undefined => {
    const key = `${path}?${search.get('fieldSelector') ?? ''}`;
    const cached = answers.get(key);
    if (cached !== undefined) return cached;
    if (path === '/apis') return discovery;
    if (!/^\/api\/v1\/[a-z]+$|^\/apis\/[^/]+\/[^/]+\/[a-z]+$/.test(path)) return undefined;
    const items = (byList.get(path) ?? []).filter((o) =>
      matchesFieldSelector(o, search.get('fieldSelector')),
    );
    const body = JSON.stringify({
      kind: 'List',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1' },
      items,
    });
    answers.set(key, body);
    return body;
  };

  const served = new Map<string, number>();
  const missing = new Set<string>();
  let floorSvg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith(`${prefix}/`)) {
      const apiPath = path.slice(prefix.length);
      // Headlamp's shell tests the credentials (the version, then a rules review) before any
      // page shows: an admin's answers. Watches are not served (the graph page only lists).
      if (apiPath === '/version') return send(res, 200, 'application/json', VERSION);
      if (req.method === 'POST' && apiPath.endsWith('/selfsubjectrulesreviews')) {
        return void req.resume().on('end', () => send(res, 201, 'application/json', RULES_REVIEW));
      }
      if (req.method === 'POST' && apiPath.endsWith('/selfsubjectaccessreviews')) {
        return void req.resume().on('end', () => send(res, 201, 'application/json', ACCESS_REVIEW));
      }
      const body =
        req.method === 'GET' && !url.searchParams.has('watch')
          ? answer(apiPath, url.searchParams)
          : undefined;
      if (body === undefined) {
        missing.add(`${req.method} ${apiPath}`);
        return send(
          res,
          404,
          'application/json',
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            reason: 'NotFound',
            code: 404,
          }),
        );
      }
      served.set(apiPath + url.search, Buffer.byteLength(body));
      return send(res, 200, 'application/json', body);
    }
    if (path === '/bench/floor') return send(res, 200, 'text/html; charset=utf-8', FLOOR_PAGE);
    if (path === '/bench/floor.svg') return send(res, 200, 'text/plain; charset=utf-8', floorSvg);
    return serveShell(res, path, {
      hostDir: options.hostDir,
      pluginDir: options.pluginDir,
      cluster: { name: options.cluster, server: 'https://bench.invalid' },
    });
  });
  return {
    url: await listenOnLoopback(server),
    served,
    missing,
    setFloorSvg: (markup) => {
      floorSvg = markup;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
