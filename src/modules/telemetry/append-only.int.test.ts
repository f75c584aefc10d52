// Machine events and dead letters are what the machines said: the database
// itself refuses to change or remove them, whoever asks.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/database.js';
import type { Store } from '../../core/db/store.js';

let store: Store;

beforeAll(async () => {
  store = await createTestStore();
  await store.db.execute(sql`
    insert into telemetry.machine_events
      (received_at, message_key, metric_index, message_type, group_id, node, device, metric,
       datatype, value_number, birth, metric_at, seq, bd_seq)
    values (now(), 'k1', 0, 'DDATA', 'G', 'L1', 'CF', 'Counts/Good', 'UInt64', 42, false, now(), 1, 0)`);
  await store.db.execute(sql`
    insert into telemetry.dead_letters (received_at, message_key, topic, payload, reason)
    values (now(), 'k2', 'spBv1.0/G/DDATA/L1/CF', '\\x00ff'::bytea, 'not a Sparkplug B payload')`);
});

afterAll(async () => {
  await store.close();
});

describe('machine data is append-only', () => {
  for (const table of ['telemetry.machine_events', 'telemetry.dead_letters']) {
    it(`refuses UPDATE, DELETE and TRUNCATE of ${table}`, async () => {
      const column = table.endsWith('machine_events') ? 'metric' : 'reason';
      for (const statement of [
        `update ${table} set ${column} = 'changed'`,
        `delete from ${table}`,
        `truncate ${table}`,
      ]) {
        const error = await store.db.execute(sql.raw(statement)).then(
          () => undefined,
          (e: unknown) => e as Error & { cause?: Error },
        );
        // The trigger's refusal, not some other failure of the statement.
        expect(`${error?.message} ${error?.cause?.message}`, statement).toMatch(/append-only/);
      }
      const rows = await store.db.execute(sql.raw(`select count(*)::int as n from ${table}`));
      expect((rows as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
    });
  }
});
