// Births one ingest process stores are what another resolves through: through
// the real store (PGlite, or PostgreSQL with LOTLINE_TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '../../../test/support/database.js';
import type { Store } from '../../core/db/store.js';
import { HostSession } from './host-session.js';
import { writeBatch } from './ingest-writer.js';
import { SharedBirths } from './shared-births.js';
import type { SparkplugPayload } from './sparkplug.js';

const G = 'SHARED-BIRTHS';
const T0 = Date.parse('2027-03-15T10:00:00Z');

let store: Store;
beforeAll(async () => {
  store = await createTestStore();
});
afterAll(async () => {
  await store?.close();
});

const nbirth = (bdSeq: number, timestamp: number): SparkplugPayload => ({
  timestamp,
  seq: 0,
  metrics: [{ name: 'bdSeq', datatype: 'Int64', value: bdSeq }],
});
const dbirth = (timestamp: number, alias: number): SparkplugPayload => ({
  timestamp,
  seq: 1,
  metrics: [{ name: 'Counts/Good', alias, datatype: 'UInt64', value: 10 }],
});

describe('shared births', () => {
  it('are stored with a batch and adopted by another process, the newest winning', async () => {
    const a = new HostSession({ sharedStream: true });
    const b = new HostSession({ sharedStream: true });
    const bBirths = new SharedBirths(store.db, G, b);
    await bBirths.refresh();

    const store1 = async (steps: ReturnType<HostSession['receive']>[]) => {
      await writeBatch(
        store.db,
        {
          messages: [],
          deadLetters: [],
          offline: [],
          births: steps.map((s) => s.birth).filter((x) => x !== undefined),
          sequence: [],
        },
        { sharedBy: 'a' },
      );
    };
    const node = a.receive(
      { topic: { type: 'NBIRTH', group: G, node: 'L1' }, payload: nbirth(1, T0) },
      T0,
      'n1',
    );
    const device = a.receive(
      { topic: { type: 'DBIRTH', group: G, node: 'L1', device: 'CF' }, payload: dbirth(T0, 5) },
      T0,
      'd1',
    );
    await store1([node, device]);
    expect(await bBirths.refresh()).toBe(2);
    const ddata = (alias: number, at: number) =>
      b.receive(
        {
          topic: { type: 'DDATA', group: G, node: 'L1', device: 'CF' },
          payload: { timestamp: at, seq: 2, metrics: [{ alias, value: 11 }] },
        },
        at,
        `x${at}`,
      );
    expect(ddata(5, T0 + 1).updates[0]?.name).toBe('Counts/Good');

    // A newer session read by a: b's refresh supersedes what it holds.
    const node2 = a.receive(
      { topic: { type: 'NBIRTH', group: G, node: 'L1' }, payload: nbirth(2, T0 + 60_000) },
      T0 + 60_000,
      'n2',
    );
    const device2 = a.receive(
      {
        topic: { type: 'DBIRTH', group: G, node: 'L1', device: 'CF' },
        payload: dbirth(T0 + 60_000, 9),
      },
      T0 + 60_000,
      'd2',
    );
    await store1([node2, device2]);
    expect(await bBirths.refresh()).toBe(2);
    expect(b.status(G, 'L1')?.bdSeq).toBe(2);
    expect(ddata(9, T0 + 60_001).updates[0]?.name).toBe('Counts/Good');
    expect(ddata(5, T0 + 60_002).awaitingBirth).toBe(true);

    // A process that starts later takes the newest session.
    const c = new HostSession({ sharedStream: true });
    expect(await new SharedBirths(store.db, G, c).refresh()).toBe(2);
    expect(c.status(G, 'L1')).toMatchObject({ bdSeq: 2, online: true });
  });
});
