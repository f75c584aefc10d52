// The load test's floor: a server that does nothing of Lotline's but the
// least the mix must cost on this machine. Reads are answered from memory,
// as if every one were a hit of the read cache. Each write is one
// transaction on the same PostgreSQL that locks the row the mix's command
// locks — the work order a scrap is recorded on (four run at once), the
// crate a move takes, the supplier's lot series a receipt numbers from —
// then writes one event and updates the row: BEGIN, SELECT … FOR UPDATE,
// INSERT, UPDATE, COMMIT. No authentication, validation, audit chain or
// cache invalidation.
//
// What Lotline answers beside it, on the same load, says how much of the
// shortfall is Lotline's own work and how much is the mix itself on these
// two cores: writes that queue on a few hot rows, behind one event loop.
import Fastify from 'fastify';
import type pg from 'pg';

/** A read's answer: about the size of a work order as the terminals poll it. */
const ANSWER = {
  id: '6f1d6d52-2c1e-4c43-9d0b-3d2b5b8a0c11',
  history: Array.from({ length: 8 }, (_, i) => ({
    from: 'released',
    to: 'running',
    command: 'start',
    at: new Date(Date.UTC(2027, 2, 1, 6, i)).toISOString(),
    actor: 'operator',
  })),
};

/** The row a write of the mix locks, named from its path and body. */
export function lockedRow(path: string, body: unknown): string {
  const scrap = path.match(/^\/api\/production\/work-orders\/([^/]+)\/scrap$/);
  if (scrap) return `work-order:${scrap[1]}`;
  if (path.endsWith('/handling-units/move')) {
    const serial = (body as { serials?: string[] } | undefined)?.serials?.[0];
    return `crate:${serial ?? '?'}`;
  }
  // A receipt numbers its lot from the supplier material's one series.
  return 'lot-series';
}

export interface FloorServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the floor server on a pool of the bench's database, in a schema of its own. */
export async function startFloorServer(pool: pg.Pool): Promise<FloorServer> {
  await pool.query('DROP SCHEMA IF EXISTS bench_floor CASCADE');
  await pool.query('CREATE SCHEMA bench_floor');
  await pool.query(
    'CREATE TABLE bench_floor.rows (key text PRIMARY KEY, writes int NOT NULL, last jsonb)',
  );
  await pool.query(
    'CREATE TABLE bench_floor.events (seq bigserial PRIMARY KEY, key text NOT NULL, body jsonb NOT NULL)',
  );
  const known = new Set<string>();
  const app = Fastify({ logger: false });
  app.get('/*', async () => ANSWER);
  app.post('/*', async (request, reply) => {
    const key = lockedRow(request.url, request.body);
    const body = JSON.stringify(request.body ?? {});
    if (!known.has(key)) {
      await pool.query(
        'INSERT INTO bench_floor.rows (key, writes) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING',
        [key],
      );
      known.add(key);
    }
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT writes FROM bench_floor.rows WHERE key = $1 FOR UPDATE', [key]);
      await client.query('INSERT INTO bench_floor.events (key, body) VALUES ($1, $2)', [key, body]);
      await client.query(
        'UPDATE bench_floor.rows SET writes = writes + 1, last = $2 WHERE key = $1',
        [key, body],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return reply.code(200).send({ ok: true });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    close: async () => {
      await app.close();
      await pool.query('DROP SCHEMA IF EXISTS bench_floor CASCADE');
    },
  };
}
