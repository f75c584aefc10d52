// A second Lotline server for the load benchmark, in a process of its own, on
// the same PostgreSQL database as the first: what a plant gets by running two
// Lotline processes on its two cores behind one address (docs/operations.md,
// scale-out). It is the compiled server `npm start` runs (dist/, built by
// `npm run bench` first), logged as the first one is, into the void.
//
// Told the database's URL, it answers with its own URL; told to stop, it
// closes and exits.
import pino from 'pino';
import { buildApp } from '../../dist/app.js';
import { openPostgresStore } from '../../dist/core/db/store.js';

process.once('message', async ({ databaseUrl }) => {
  try {
    // The server's default pool (DATABASE_POOL_SIZE), as the first process's.
    const store = await openPostgresStore(databaseUrl, 10);
    const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
    const app = await buildApp({ store, logger });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    process.once('message', async () => {
      await app.close();
      await store.close();
      process.exit(0);
    });
    process.send({ ok: true, url });
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) });
  }
});
