import { defineConfig } from 'vitest/config';

// Every project resolves workspace packages to their TypeScript source through the
// `@strata/source` export condition, so tests never need a build first.
const source = {
  resolve: { conditions: ['@strata/source'] },
  ssr: { resolve: { conditions: ['@strata/source'] } },
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
        test: { name: 'tui', root: 'packages/tui', include: ['src/**/*.test.ts'], testTimeout: 20_000 },
      },
      {
        ...source,
        test: {
          name: 'headlamp',
          root: 'packages/headlamp-plugin',
          include: ['src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          // The plugin SDK's own test setup (it maps jest to vi for Headlamp's components).
          setupFiles: ['node_modules/@kinvolk/headlamp-plugin/config/setupTests.js'],
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
