import { defineConfig } from 'vitest/config';

// Browser tests: headless Chromium (Debian's /usr/bin/chromium) against the
// built web app served by an in-process Lotline. `npm run test:e2e` builds first.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file serves its own Lotline on a free port with its own store and
    // browser, so two files run side by side.
    maxWorkers: 2,
    // The files of a worker share one module cache: importing the server and
    // playwright afresh for each file cost about 5 s of CPU apiece (96 s in
    // all for 18 files), as much as some files' tests.
    isolate: false,
  },
});
