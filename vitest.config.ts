import { configDefaults, defineConfig } from 'vitest/config';

// One runner for the whole pyramid. The database suites run twice: once on SQLite and once
// on PostgreSQL (RAPPORT_TEST_DB), like n8n's test:sqlite and test:postgres.
const dbSuites = ['test/services/**/*.test.ts', 'test/scenarios/**/*.test.ts'];

export default defineConfig({
  test: {
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.vitest-results.json' }]] : ['default'],
    projects: [
      // The fast tiers: every test well under the default 5 s. Property runs and the walks over the
      // 30,000-contact synthetic workspace are `*.slow.test.ts`, in their own project.
      { test: { name: 'domain', include: ['src/domain/**/*.test.ts', 'src/contracts/**/*.test.ts'], exclude: [...configDefaults.exclude, '**/*.slow.test.ts'] } },
      { test: { name: 'formats', include: ['src/formats/**/*.test.ts'], exclude: [...configDefaults.exclude, '**/*.slow.test.ts'] } },
      { test: { name: 'slow', include: ['src/**/*.slow.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'sqlite', include: dbSuites, env: { RAPPORT_TEST_DB: 'sqlite' } } },
      {
        test: {
          name: 'postgres',
          include: dbSuites,
          env: { RAPPORT_TEST_DB: 'postgres' },
          testTimeout: 20_000,
          hookTimeout: 60_000,
          // Each file creates its own database; a few at a time keeps the server comfortable.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      // Every answer of the in-process app is checked against its OpenAPI document (test/support/openapi-check.ts).
      { test: { name: 'http', include: ['test/http/**/*.test.ts'], setupFiles: ['test/support/openapi-setup.ts'] } },
      {
        // Server mode (accounts, sharing, several processes) exists on PostgreSQL only.
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          setupFiles: ['test/support/openapi-setup.ts'],
          env: { RAPPORT_TEST_DB: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      { test: { name: 'cli', include: ['test/cli/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
