// The private PostgreSQL the fault tests crash must itself keep every commit
// it acknowledged across a crash (`pg_ctl restart -m immediate`): otherwise a
// lost record in a fault test is the test server's doing, not Lotline's.
// With synchronous_commit off it reports a commit before its WAL is written,
// and the crash drops the last fraction of a second of acknowledged commits.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres.js';
import { sleep } from './services-load.js';

let postgres: PrivatePostgres;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  await postgres.query('create table acknowledged (id integer primary key)');
});

afterAll(async () => {
  await postgres?.destroy();
});

describe('the private PostgreSQL', () => {
  it('keeps every acknowledged commit across a crash and recovery', async () => {
    const pool = new pg.Pool({ connectionString: postgres.url(), max: 4 });
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    const acknowledged: number[] = [];
    let next = 0;
    let stopping = false;
    // Four writers committing one row at a time, as fast as the server takes them.
    const writers = [1, 2, 3, 4].map(async () => {
      while (!stopping) {
        next += 1;
        const id = next;
        try {
          await pool.query('insert into acknowledged (id) values ($1)', [id]);
          acknowledged.push(id);
        } catch {
          await sleep(20); // the server is down or recovering
        }
      }
    });
    try {
      await sleep(1_000);
      const beforeCrash = acknowledged.length;
      await postgres.restart('immediate');
      await sleep(300);
      stopping = true;
      await Promise.all(writers);
      expect(beforeCrash).toBeGreaterThan(100);
      const rows = await postgres.query<{ id: number }>('select id from acknowledged');
      const stored = new Set(rows.map((r) => r.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      stopping = true;
      await Promise.all(writers);
      await pool.end();
    }
  });
});
