// The server is killed with SIGKILL while QA recalls suspect primer lots of
// the reference plant (each loaded into a running work order's feeder, so a
// recall holds the primer lot and the cartridge lot made from it). A recall
// is all or nothing: after a kill, before any retry, each recall whose answer
// never came is either wholly there (its recall record, its signature, its
// audit entry, every lot it held with that lot's event) or not at all (no
// lot held for it). Retried with its Idempotency-Key (and the password
// re-entered) it is there exactly once; retried again it makes no second
// recall. Kill moments come from a seeded generator (KILL_SEED to repeat).
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/db/store.js';
import { TEST_PASSWORD } from '../support/auth.js';
import {
  type Answer,
  Client,
  type CommandRecord,
  freshPlace,
  ledgerMismatches,
  type Place,
  Supervisor,
  seeded,
  seedReferencePlant,
  signIn,
  withStore,
} from '../support/killable-server.js';

const SEED = Number(process.env.KILL_SEED ?? 20_270_316);
const ROUNDS = Number(process.env.KILL_ROUNDS ?? 4);
/** Recalls started together in a round. */
const PER_ROUND = 4;
const random = seeded(SEED);
const between = (low: number, high: number) => low + Math.floor(random() * (high - low));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// biome-ignore lint/suspicious/noExplicitAny: rows of raw SQL, checked field by field
type Row = Record<string, any>;
async function rows(store: Store, query: ReturnType<typeof sql>): Promise<Row[]> {
  return ((await store.db.execute(query)) as unknown as { rows: Row[] }).rows;
}
const count = async (store: Store, query: ReturnType<typeof sql>) =>
  Number((await rows(store, query))[0]?.n ?? 0);

interface RecallCommand {
  suspect: Row;
  reason: string;
  record: CommandRecord;
}

/** How many times the recall is in the store (0 or 1), or 'partial' with what is missing. */
async function presence(store: Store, recall: RecallCommand): Promise<number | string> {
  const found = await rows(
    store,
    sql`select id, number, signature_id, report from genealogy.recalls
        where suspect_lot_id = ${recall.suspect.id} and reason = ${recall.reason}`,
  );
  const keys = await count(
    store,
    sql`select count(*) as n from idempotency.command_keys where key = ${recall.record.key}`,
  );
  const [suspect] = await rows(
    store,
    sql`select status from genealogy.lots where id = ${recall.suspect.id}`,
  );
  const heldFor = await count(
    store,
    sql`select count(*) as n from genealogy.lot_events
        where type = 'lot.held' and reason like ${`%: ${recall.reason}`}`,
  );
  if (found.length === 0) {
    const left = [keys, heldFor, suspect?.status === 'on_hold' ? 1 : 0];
    return left.every((n) => n === 0) ? 0 : `partial: no recall, yet ${JSON.stringify(left)}`;
  }
  if (found.length > 1) return found.length;
  const row = found[0] as Row;
  const signed = await count(
    store,
    sql`select count(*) as n from audit.signatures
        where entity_type = 'recall' and entity_id = ${row.number} and id = ${row.signature_id}`,
  );
  const audited = await count(
    store,
    sql`select count(*) as n from audit.entries where action = 'recall.started' and entity_id = ${row.number}`,
  );
  const events = await count(
    store,
    sql`select count(*) as n from genealogy.lot_events where recall_id = ${row.id}`,
  );
  const heldLots = Number(row.report.totals.heldLots);
  const whole =
    signed === 1 &&
    audited === 1 &&
    keys === 1 &&
    events === heldLots &&
    heldFor === heldLots &&
    heldLots >= 1 &&
    suspect?.status === 'on_hold';
  return whole
    ? 1
    : `partial: ${JSON.stringify({ signed, audited, keys, events, heldFor, heldLots, status: suspect?.status })}`;
}

/** Recalls, signatures and audit entries agree in number; no lot event names a recall that is not there. */
async function recallBooks(store: Store) {
  return {
    recalls: await count(store, sql`select count(*) as n from genealogy.recalls`),
    signatures: await count(
      store,
      sql`select count(*) as n from audit.signatures where entity_type = 'recall'`,
    ),
    audited: await count(
      store,
      sql`select count(*) as n from audit.entries where action = 'recall.started'`,
    ),
    orphanEvents: await count(
      store,
      sql`select count(*) as n from genealogy.lot_events e where e.recall_id is not null
          and not exists (select 1 from genealogy.recalls r where r.id = e.recall_id)`,
    ),
  };
}

let place: Place;
let supervisor: Supervisor;

beforeAll(async () => {
  place = await freshPlace();
});

afterAll(async () => {
  if (supervisor?.current) await supervisor.kill('SIGKILL');
  await place?.remove();
});

describe('recall across SIGKILL', () => {
  it('makes each recall once and wholly, however often the server dies under it', {
    timeout: 900_000,
  }, async () => {
    const keeperToken = await seedReferencePlant(place);
    supervisor = new Supervisor(place.env);
    await supervisor.start();
    const keeper = new Client(supervisor, keeperToken);
    const qa = new Client(supervisor, await signIn(supervisor, 'quinn', TEST_PASSWORD));
    const signed = { 'x-signature-password': TEST_PASSWORD };
    const ok = async (pending: Promise<CommandRecord>): Promise<Row> => {
      const answer = (await pending).answer as Answer;
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
      return answer.body;
    };

    // Primer lots received and released, loaded one after another into the
    // primer feeders of work orders running on lines 1 and 2: every primer
    // lot is in a cartridge lot.
    const suspects: Row[] = [];
    for (let i = 0; i < ROUNDS * PER_ROUND; i++) {
      const lot = await ok(
        keeper.command('/api/genealogy/lots/receipts', {
          material: 'PRIMER-762',
          supplier: 'SUP-PRIMERS',
          supplierLot: `PCI-${i}`,
          certificate: `COC-PCI-${i}`,
          quantity: 20_000,
          location: 'MAG-04',
        }),
      );
      await ok(
        qa.command(
          `/api/quality/lots/${lot.number}/disposition`,
          { decision: 'release', basis: 'supplier_certificate' },
          { headers: signed },
        ),
      );
      suspects.push(lot);
    }
    const orders: Row[] = [];
    for (const line of ['L1', 'L2']) {
      const order = await ok(
        keeper.command('/api/production/work-orders', {
          product: 'C762-BALL',
          line,
          quantity: 100_000,
        }),
      );
      await ok(keeper.command(`/api/production/work-orders/${order.id}/release`, {}));
      await ok(keeper.command(`/api/production/work-orders/${order.id}/start`, {}));
      orders.push(order);
    }
    for (const [i, lot] of suspects.entries()) {
      const order = orders[i % orders.length] as Row;
      await ok(
        keeper.command(`/api/genealogy/work-orders/${order.id}/feeders/load`, {
          station: 'PR',
          lot: lot.number,
          quantity: 5_000,
        }),
      );
    }

    const recalls: RecallCommand[] = suspects.map((suspect, i) => ({
      suspect,
      reason: `supplier notice SN-${1000 + i}: primer sensitivity out of specification`,
      record: { key: randomUUID(), lost: 0 },
    }));
    const inFlight = new Set<RecallCommand>();
    let answered = 0;
    const started: Promise<void>[] = [];
    const rounds: {
      answered: number;
      kill: number;
      lost: number;
      whole: number;
      absent: number;
    }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const batch = recalls.slice(round * PER_ROUND, (round + 1) * PER_ROUND);
      for (const recall of batch) {
        inFlight.add(recall);
        started.push(
          (async () => {
            await sleep(between(0, 400));
            await qa.command(
              '/api/genealogy/recalls',
              { lot: recall.suspect.number, reason: recall.reason },
              { record: recall.record, headers: signed },
            );
            inFlight.delete(recall);
            answered += 1;
          })(),
        );
      }
      // The kill lands mid-recall: once the server has answered one more
      // recall (a fresh server is slow to answer its first), after a random delay.
      const target = answered + 1;
      while (answered < target) await sleep(10);
      const kill = between(0, 300);
      await sleep(kill);
      const killed = await supervisor.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      await supervisor.untilBlocked(() => inFlight.size);
      const tally = { answered, kill, lost: 0, whole: 0, absent: 0 };
      await withStore(place, async (store) => {
        for (const recall of inFlight) {
          const found = await presence(store, recall);
          if (recall.record.lost === 0) {
            expect(found).toBe(0); // never sent
            continue;
          }
          tally.lost += 1;
          expect([0, 1], `${recall.suspect.number} after kill ${round}: ${found}`).toContain(found);
          if (found === 1) tally.whole += 1;
          else tally.absent += 1;
        }
        const books = await recallBooks(store);
        expect(books.signatures).toBe(books.recalls);
        expect(books.audited).toBe(books.recalls);
        expect(books.orphanEvents).toBe(0);
        expect(await ledgerMismatches(store)).toEqual([]);
      });
      rounds.push(tally);
      await supervisor.start();
    }
    await Promise.all(started);

    // Every recall was answered (201), and once.
    for (const recall of recalls) {
      expect(recall.record.answer?.status, JSON.stringify(recall.record.answer?.body)).toBe(201);
    }
    const numbers = recalls.map((r) => r.record.answer?.body.number as string);
    expect(new Set(numbers).size).toBe(recalls.length);

    // Sent again with its key, a recall answers with the first recall and makes no second.
    for (const recall of recalls) {
      const again = await qa.command(
        '/api/genealogy/recalls',
        { lot: recall.suspect.number, reason: recall.reason },
        { key: recall.record.key, headers: signed },
      );
      expect(again.answer?.status).toBe(201);
      expect(again.answer?.replayed).toBe(true);
      expect(again.answer?.body).toEqual(recall.record.answer?.body);
    }
    // The same key for a recall of another lot is refused.
    const [first, second] = recalls as [RecallCommand, RecallCommand];
    const misuse = await qa.command(
      '/api/genealogy/recalls',
      { lot: second.suspect.number, reason: first.reason },
      { key: first.record.key, headers: signed },
    );
    expect(misuse.answer?.status).toBe(409);

    const stopped = await supervisor.kill('SIGTERM');
    expect(stopped.code).toBe(0);
    await withStore(place, async (store) => {
      for (const recall of recalls) {
        expect(await presence(store, recall), recall.suspect.number).toBe(1);
      }
      const books = await recallBooks(store);
      expect(books).toEqual({
        recalls: recalls.length,
        signatures: recalls.length,
        audited: recalls.length,
        orphanEvents: 0,
      });
      const stored = await rows(store, sql`select number from genealogy.recalls order by number`);
      expect(stored.map((r) => r.number)).toEqual([...numbers].sort());
    });

    console.log(
      JSON.stringify({
        test: 'kill-recall',
        store: place.kind,
        seed: SEED,
        rounds: rounds.length,
        recalls: recalls.length,
        retriedAfterKill: recalls.filter((r) => r.record.lost > 0).length,
        perRound: rounds,
      }),
    );
    expect(rounds.reduce((s, r) => s + r.lost, 0)).toBeGreaterThan(0);
  });
});
