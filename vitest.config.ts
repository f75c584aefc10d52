import { defineConfig } from 'vitest/config';

// Three tiers, named by file suffix: `*.test.ts` pure unit tests, `*.int.test.ts`
// integration tests against a real database (PGlite, or PostgreSQL when
// LOTLINE_TEST_DATABASE_URL is set), `*.e2e.test.ts` browser tests (own config).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
