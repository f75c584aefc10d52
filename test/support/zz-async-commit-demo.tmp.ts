// TEMPORARY demo (to be deleted): do commits acknowledged by a private PostgreSQL survive pg_ctl restart -m immediate?
import pg from 'pg';
import { startPrivatePostgres } from './private-postgres.js';

for (const sc of ['off', 'on']) {
  const server = await startPrivatePostgres({ settings: { synchronous_commit: sc } });
  await server.query('create table t (id int primary key)');
  const pool = new pg.Pool({ connectionString: server.url(), max: 4 });
  pool.on('error', () => {});
  pool.on('connect', (c) => c.on('error', () => {}));
  const acked: number[] = [];
  let stop = false;
  let n = 0;
  const workers = [0, 1, 2, 3].map(async () => {
    while (!stop) {
      const id = ++n;
      try {
        await pool.query('insert into t values ($1)', [id]);
        acked.push(id);
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  await server.restart('immediate');
  await new Promise((r) => setTimeout(r, 500));
  stop = true;
  await Promise.all(workers);
  const rows = await server.query<{ id: number }>('select id from t');
  const have = new Set(rows.map((r) => r.id));
  const lost = acked.filter((id) => !have.has(id));
  console.log(`synchronous_commit=${sc}: acknowledged ${acked.length}, lost after the crash ${lost.length}`, lost.slice(0, 10));
  await pool.end();
  await server.destroy();
}
