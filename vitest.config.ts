import { defineConfig, type Plugin } from 'vitest/config';

// Every project resolves workspace packages to their TypeScript source through the
// `@strata/source` export condition, so tests never need a build first.
const source = {
  resolve: { conditions: ['@strata/source'] },
  ssr: { resolve: { conditions: ['@strata/source'] } },
};

/**
 * The Headlamp SDK's i18n backend loads its locales with `import('./locales/en/app.json?import=default')`.
 * Vite (8) hands a `.json` id with that query to the JavaScript parser rather than its JSON
 * plugin, so every locale failed to load and printed pages of parse errors into each test run.
 * Resolving the id without the query lets the JSON plugin load it (its default export is the object).
 */
const headlampLocales: Plugin = {
  name: 'strata:headlamp-json-locales',
  enforce: 'pre',
  async resolveId(source, importer) {
    if (!source.endsWith('.json?import=default')) return null;
    return this.resolve(source.slice(0, -'?import=default'.length), importer, { skipSelf: true });
  },
};

export default defineConfig({
  test: {
    projects: [
      // Unit tests run on a busy 2-core CI machine too: 20 s before one counts as hung, not 5 s.
      {
        ...source,
        test: { name: 'core', root: 'packages/core', include: ['src/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        ...source,
        test: { name: 'kube', root: 'packages/kube', include: ['src/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        ...source,
        test: { name: 'tui', root: 'packages/tui', include: ['src/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        ...source,
        plugins: [headlampLocales],
        test: {
          name: 'headlamp',
          // The SDK turns on i18next's debug log (every key, every init) unless UNDER_TEST is set.
          env: { UNDER_TEST: 'true' },
          root: 'packages/headlamp-plugin',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          // The plugin SDK's own test setup (it maps jest to vi for Headlamp's components).
          setupFiles: ['node_modules/@kinvolk/headlamp-plugin/config/setupTests.js', 'src/test-setup.ts'],
          testTimeout: 30_000,
        },
      },
      {
        ...source,
        test: { name: 'integration', root: 'test', include: ['**/*.test.ts'], testTimeout: 60_000 },
      },
    ],
  },
});
