#!/usr/bin/env node
// Builds test-host/ (a stand-in for Headlamp's shell, from the SDK's lib) into dist-test-host/.
// The browser test runs it; it takes ~1–2 minutes on 2 cores and is skipped when up to date.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist-test-host');
const newest = (dir) => Math.max(...readdirSync(dir).map((f) => statSync(join(dir, f)).mtimeMs));
if (process.argv.includes('--if-stale') && existsSync(join(out, 'index.html'))) {
  const built = statSync(join(out, 'index.html')).mtimeMs;
  const lib = statSync(join(root, 'node_modules/@kinvolk/headlamp-plugin/package.json')).mtimeMs;
  const script = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  if (built > newest(join(root, 'test-host')) && built > lib && built > script) process.exit(0);
}
// Headlamp's own build turns `*.svg?react` imports (the resource map's icons) into components
// with vite-plugin-svgr, the SDK's dependency: so does this one.
// Resolved from the SDK's real folder: pnpm keeps a package's dependencies beside it.
const sdk = createRequire(realpathSync(join(root, 'node_modules/@kinvolk/headlamp-plugin/package.json')));
const { default: svgr } = sdk('vite-plugin-svgr');
await build({
  root: join(root, 'test-host'),
  configFile: false,
  logLevel: 'error',
  mode: 'production',
  define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
  plugins: [svgr()],
  build: {
    outDir: out,
    emptyOutDir: true,
    chunkSizeWarningLimit: 100_000,
    sourcemap: false,
    minify: false,
  },
});
console.log(`built ${out}`);
