import { defineConfig } from 'vitest/config';

// Fault tests (`test/faults/*.faults.test.ts`): whole Lotline processes killed
// with SIGKILL and restarted, private PostgreSQL and Mosquitto instances
// restarted under load, a full disk and an exhausted connection pool. They run
// real processes and servers of their own (so they never disturb the shared
// ones the other suites use), need root for some of it (a small tmpfs for the
// full disk), and take minutes: `npm run test:faults`, a step of its own in CI.
export default defineConfig({
  test: {
    name: 'faults',
    include: ['test/faults/**/*.faults.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    maxWorkers: 2,
  },
});
