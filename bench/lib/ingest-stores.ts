// Databases for the ingest benchmark: a fresh, migrated one per round, on the
// embedded default (in-memory PGlite) or on the PostgreSQL server, and a plain
// COPY of machine-event rows into one, the baseline the ingest is judged by.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import mqtt from 'mqtt';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openPostgresStore, type Store } from '../../src/core/db/store.js';
import { emptyStore } from './store.js';

// The columns ingest writes (the id is the table's own).
export const EVENT_COLUMNS =
  'received_at, message_key, metric_index, message_type, group_id, node, device, metric, ' +
  'datatype, value_number, value_text, value_bool, birth, metric_at, seq, bd_seq';

/** The PostgreSQL server and MQTT broker the `…services…` results run on. */
export const SERVICES = {
  databaseUrl:
    process.env.LOTLINE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  mqttUrl: process.env.LOTLINE_BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
};

/** Whether both services answer; a suite skips its services results when not. */
export async function servicesAnswer(): Promise<boolean> {
  try {
    const client = new pg.Client({
      connectionString: SERVICES.databaseUrl,
      connectionTimeoutMillis: 2_000,
    });
    await client.connect();
    await client.end();
    const broker = await mqtt.connectAsync(SERVICES.mqttUrl, {
      connectTimeout: 2_000,
      reconnectPeriod: 0,
    });
    await broker.endAsync();
    return true;
  } catch {
    return false;
  }
}

export interface BenchDatabase {
  kind: 'pglite' | 'postgres';
  store: Store;
  /** Machine-event rows as COPY text. */
  exportEvents(): Promise<string>;
  /** COPY … FROM of rows in COPY text. */
  copyEvents(text: string): Promise<void>;
  close(): Promise<void>;
}

function pgliteClient(store: Store): PGlite {
  return (store.db as unknown as { $client: PGlite }).$client;
}

export async function freshPglite(): Promise<BenchDatabase> {
  const store = await emptyStore();
  const client = pgliteClient(store);
  return {
    kind: 'pglite',
    store,
    async exportEvents() {
      const result = await client.query(
        `COPY (SELECT ${EVENT_COLUMNS} FROM telemetry.machine_events ORDER BY id) TO '/dev/blob'`,
      );
      return (result.blob as Blob).text();
    },
    async copyEvents(text) {
      await client.query(`COPY telemetry.machine_events (${EVENT_COLUMNS}) FROM '/dev/blob'`, [], {
        blob: new Blob([text]),
      });
    },
    close: () => store.close(),
  };
}

let serial = 0;

/** A new database on the server at `adminUrl`, migrated; dropped on close. */
export async function freshPostgres(adminUrl: string): Promise<BenchDatabase> {
  const name = `lotline_bench_${process.pid}_${++serial}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = await openPostgresStore(url.toString(), 4);
  await store.migrate();
  const raw = new pg.Client({ connectionString: url.toString() });
  await raw.connect();
  return {
    kind: 'postgres',
    store,
    async exportEvents() {
      const chunks: Buffer[] = [];
      const stream = raw.query(
        copyTo(
          `COPY (SELECT ${EVENT_COLUMNS} FROM telemetry.machine_events ORDER BY id) TO STDOUT`,
        ),
      );
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    async copyEvents(text) {
      await pipeline(
        Readable.from([Buffer.from(text)]),
        raw.query(copyFrom(`COPY telemetry.machine_events (${EVENT_COLUMNS}) FROM STDIN`)),
      );
    },
    async close() {
      await raw.end();
      await store.close();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
