/**
 * The strata command as JavaScript with everything it imports: the core, Ink (with Yoga's
 * WebAssembly, embedded in its JavaScript), React's production build, yaml, the cluster adapter
 * and @kubernetes/client-node. Bundled from the bin's entry, so it follows wherever the modules
 * it reaches live.
 *
 * Two shapes of the same build:
 * - `split` (the npm package): every dynamic import stays a file loaded on first use, so
 *   @kubernetes/client-node (~4 MB, only for exec plugins, auth providers and proxies:
 *   packages/kube/src/client-node-credentials.ts) is read only by the users who need it.
 * - one file (the standalone binary): a single executable can import no file of its own, so the
 *   dynamic imports are inlined; their modules still run only on first use (esbuild wraps them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';
import { ROOT } from './version.ts';

export const ENTRY = join(ROOT, 'packages/tui/src/bin/strata.ts');

// Ink imports its React DevTools bridge only when DEV=true and react-devtools-core is
// installed; a bundle has neither, and the bridge's static import of that package would stand at
// the top of a one-file bundle.
const noInkDevtools: Plugin = {
  name: 'no-ink-devtools',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\/devtools\.js$/ }, (args) =>
      /[\\/]ink[\\/]build[\\/]/.test(args.importer) ? { path: 'ink-devtools', namespace: 'stub' } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

export interface Bundle {
  /** The entry file, then the chunks, relative to the output folder. */
  readonly files: readonly string[];
  /** The chunk holding @kubernetes/client-node (split bundles only). */
  readonly clientNodeChunk: string | undefined;
  /** Every package folder bundled in (for its licence). */
  readonly packages: readonly string[];
}

export async function bundle(outdir: string, options: { split: boolean; version: string }): Promise<Bundle> {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { strata: ENTRY },
    outdir,
    bundle: true,
    splitting: options.split,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    conditions: ['@strata/source'],
    chunkNames: 'chunks/[name]-[hash]',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [noInkDevtools],
    define: {
      // React's production build only; the bin also sets it at run time for code that reads it.
      'process.env.NODE_ENV': '"production"',
      STRATA_RELEASE_VERSION: JSON.stringify(options.version),
    },
    // Bundled CommonJS (ws, form-data, …) requires Node's built-ins; an ES module has no require.
    banner: {
      js: "import { createRequire as strataCreateRequire } from 'node:module';\nconst require = strataCreateRequire(import.meta.url);",
    },
    // ws's optional native speed-ups: it falls back to JavaScript when their require throws.
    external: ['bufferutil', 'utf-8-validate'],
  });
  return describe(result.metafile, outdir);
}

function describe(metafile: Metafile, outdir: string): Bundle {
  const files: string[] = [];
  let clientNodeChunk: string | undefined;
  const packages = new Set<string>();
  for (const [output, info] of Object.entries(metafile.outputs)) {
    const file = relative(outdir, join(ROOT, output));
    if (info.entryPoint !== undefined) files.unshift(file);
    else files.push(file);
    const inputs = Object.keys(info.inputs);
    if (inputs.some((i) => i.includes('/@kubernetes/client-node/'))) clientNodeChunk = file;
    for (const input of inputs) {
      const folder = packageFolder(input);
      if (folder !== undefined) packages.add(folder);
    }
  }
  return { files, clientNodeChunk, packages: [...packages].sort() };
}

/** node_modules/.pnpm/x@1/node_modules/@scope/name/lib/a.js → …/node_modules/@scope/name */
function packageFolder(input: string): string | undefined {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match === null ? undefined : join(ROOT, match[1]!);
}

/** The licence texts of the bundled packages, one after another, for THIRD-PARTY-LICENSES.txt. */
export function thirdPartyLicences(packages: readonly string[]): string {
  const sections: string[] = [];
  for (const folder of packages) {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      license?: string;
      author?: string | { name?: string };
    };
    const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
    const text =
      licenceText(folder) ??
      `(no licence file in the package: its package.json names the licence ${manifest.license ?? '(none)'}${author === undefined ? '' : ` and the author ${author}`})`;
    sections.push(
      `${manifest.name}@${manifest.version} (${manifest.license ?? 'no licence field'})\n\n${text}\n`,
    );
  }
  return `strata bundles these packages; their licences follow.\n\n${sections.join(`\n${'-'.repeat(78)}\n\n`)}`;
}

function licenceText(folder: string): string | undefined {
  const name = readdirSync(folder).find((f) => /^licen[cs]e/i.test(f));
  return name === undefined ? undefined : readFileSync(join(folder, name), 'utf8').trim();
}
