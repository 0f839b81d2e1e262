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
      { ...source, test: { name: 'core', root: 'packages/core', include: ['src/**/*.test.ts'] } },
      { ...source, test: { name: 'tui', root: 'packages/tui', include: ['src/**/*.test.ts'] } },
      {
        ...source,
        test: { name: 'integration', root: 'test', include: ['**/*.test.ts'], testTimeout: 60_000 },
      },
    ],
  },
});
