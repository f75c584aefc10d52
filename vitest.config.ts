import os from 'node:os';
import { defineConfig } from 'vitest/config';

// Three tiers, named by file suffix: `*.test.ts` pure unit tests, `*.int.test.ts`
// integration tests against a real database (PGlite, or PostgreSQL when
// LOTLINE_TEST_DATABASE_URL is set), `*.e2e.test.ts` browser tests (own config).
export default defineConfig({
  test: {
    // Vitest's default leaves one core free: on a 2-core machine that is one
    // worker, and the integration files spend much of their time waiting on
    // child processes, PGlite or the database server, so two run side by side.
    maxWorkers: Math.max(2, os.availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
            'web/src/**/*.test.ts',
          ],
          exclude: [
            '**/*.int.test.ts',
            '**/*.e2e.test.ts',
            '**/*.faults.test.ts',
            '**/node_modules/**',
          ],
          // Pure logic with no global state: the files share one module cache
          // instead of importing the domain afresh each (77 s → 32 s here).
          isolate: false,
          // A bound on a hang, not a speed target (those live in bench/): a
          // year of the twin's simulation took over 5 s, the default, on this
          // 2-core machine while other suites ran beside it.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Every file builds its own store and app, so they share the module
          // cache: importing the whole server afresh for each of ~50 files cost
          // a few seconds of CPU apiece.
          isolate: false,
        },
      },
    ],
  },
});
