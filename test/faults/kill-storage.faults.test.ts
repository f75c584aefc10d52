// The server is killed with SIGKILL again and again while storekeepers and
// operators of the reference plant move stock through the API: supplier lots
// received into magazines and stores, crates moved between magazines, lots
// issued to line 1's feeders. After each kill, before anything is retried,
// every command whose answer never came is either wholly in the store or not
// at all, and every balance equals its ledger. Each is then sent again with
// its Idempotency-Key; at the end every command is in the store exactly once.
// Kill moments come from a seeded generator (KILL_SEED to repeat a run).
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

const SEED = Number(process.env.KILL_SEED ?? 20_270_315);
const ROUNDS = Number(process.env.KILL_ROUNDS ?? 4);
const BURST = 40;
const random = seeded(SEED);
const between = (low: number, high: number) => low + Math.floor(random() * (high - low));
const started = Date.now();
const trace = (what: string) => {
  if (process.env.KILL_TRACE)
    console.error(`${((Date.now() - started) / 1000).toFixed(1)}s ${what}`);
};

// biome-ignore lint/suspicious/noExplicitAny: rows of raw SQL, checked field by field
type Row = Record<string, any>;
async function rows(store: Store, query: ReturnType<typeof sql>): Promise<Row[]> {
  return ((await store.db.execute(query)) as unknown as { rows: Row[] }).rows;
}
const count = async (store: Store, query: ReturnType<typeof sql>) =>
  Number((await rows(store, query))[0]?.n ?? 0);

/** One command of the stream and how to find its effect in the store. */
type Command =
  | { kind: 'receipt'; supplierLot: string; body: Record<string, unknown> }
  | { kind: 'issue'; lotId: string; quantity: number; workOrderId: string; body: object }
  | { kind: 'move'; serial: string; from: string; to: string };

interface Sent {
  command: Command;
  record: CommandRecord;
}

/**
 * How many times the command's effect is in the store: 0 or 1 when whole,
 * 'partial: …' (what is there) when only some of what it writes is.
 */
async function presence(store: Store, sent: Sent, moves: Sent[]): Promise<number | string> {
  const c = sent.command;
  const keys = await count(
    store,
    sql`select count(*) as n from idempotency.command_keys where key = ${sent.record.key}`,
  );
  let parts: number[];
  if (c.kind === 'receipt') {
    const lots = await rows(
      store,
      sql`select l.id, l.number,
            (select count(*) from storage.movements m where m.lot_id = l.id and m.kind = 'receipt') as moved,
            (select count(*) from storage.balances b where b.lot_id = l.id) as balances,
            (select count(*) from audit.entries a where a.action = 'lot.received' and a.entity_id = l.number) as audited,
            (select count(*) from genealogy.lot_events e where e.lot_id = l.id and e.type = 'lot.received') as events
          from genealogy.lots l where l.supplier_lot = ${c.supplierLot}`,
    );
    const sum = (field: string) => lots.reduce((s, l) => s + Number(l[field]), 0);
    parts = [lots.length, sum('moved'), sum('balances'), sum('audited'), sum('events'), keys];
  } else if (c.kind === 'issue') {
    const moved = await count(
      store,
      sql`select count(*) as n from storage.movements where lot_id = ${c.lotId}
            and kind = 'transfer' and to_location = 'LINESIDE-L1' and quantity = ${c.quantity}`,
    );
    const loads = await count(
      store,
      sql`select count(*) as n from genealogy.feeder_loads where lot_id = ${c.lotId} and issued = ${c.quantity}`,
    );
    parts = [moved, loads, keys];
  } else {
    // A crate's moves are sent one after another: its ledger is the list of
    // moves taken so far, and the command is the next one or not there yet.
    const mine = moves.filter((m) => m.command.kind === 'move' && m.command.serial === c.serial);
    const before = mine.slice(0, mine.indexOf(sent));
    const ledger = await rows(
      store,
      sql`select from_location as "from", to_location as "to" from storage.movements
          where handling_unit = ${c.serial} and kind = 'transfer' order by seq`,
    );
    const [unit] = await rows(
      store,
      sql`select location from genealogy.handling_units where serial = ${c.serial}`,
    );
    const expected = before.map((m) => m.command as { from: string; to: string });
    const prefix = ledger.slice(0, expected.length).map((l) => ({ from: l.from, to: l.to }));
    if (JSON.stringify(prefix) !== JSON.stringify(expected.map(({ from, to }) => ({ from, to }))))
      return `partial: ledger ${JSON.stringify(ledger)}, moves before ${JSON.stringify(expected)}`;
    const next = ledger[expected.length];
    const taken = next ? 1 : 0;
    if (next && (next.from !== c.from || next.to !== c.to)) {
      return `partial: next in the ledger ${JSON.stringify(next)}`;
    }
    // Where the crate stands says the same, while this is its latest move.
    const latest = mine.at(-1) === sent;
    const placed = unit?.location === (taken ? c.to : c.from) ? taken : 1 - taken;
    parts = latest ? [taken, placed, keys] : [taken, keys];
  }
  return parts.every((p) => p === parts[0])
    ? (parts[0] as number)
    : `partial: ${JSON.stringify(parts)}`;
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

describe('stock movements across SIGKILL', () => {
  it('keeps every acknowledged command once, every unacknowledged one whole or absent, and every balance equal to its ledger', {
    timeout: 900_000,
  }, async () => {
    const keeperToken = await seedReferencePlant(place);
    supervisor = new Supervisor(place.env);
    trace('store ready');
    await supervisor.start();
    trace('server up');
    const keeper = new Client(supervisor, keeperToken);
    const qa = new Client(supervisor, await signIn(supervisor, 'quinn', TEST_PASSWORD));
    const ok = async (answer: Promise<Answer | CommandRecord>): Promise<Row> => {
      const got = await answer;
      const a = 'key' in got ? (got.answer as Answer) : got;
      expect(a.status, JSON.stringify(a.body)).toBeLessThan(300);
      return a.body;
    };

    // The plant before the shift: released primer and bullet lots for line 1's
    // feeders, primer lots in cans packed in crates in magazine 4, a work order running.
    const receive = (material: string, supplier: string, supplierLot: string, location: string) =>
      ok(
        keeper.command('/api/genealogy/lots/receipts', {
          material,
          supplier,
          supplierLot,
          certificate: `COC-${supplierLot}`,
          quantity: 50_000,
          location,
        }),
      );
    const primers = [
      await receive('PRIMER-762', 'SUP-PRIMERS', 'PCI-1', 'MAG-04'),
      await receive('PRIMER-762', 'SUP-PRIMERS', 'PCI-2', 'MAG-04'),
    ];
    const bullets = [
      await receive('BULLET-PS', 'SUP-BULLETS', 'PYC-1', 'ST-BULLETS'),
      await receive('BULLET-PS', 'SUP-BULLETS', 'PYC-2', 'ST-BULLETS'),
    ];
    const crated = [];
    for (let i = 0; i < 3; i++) {
      crated.push(await receive('PRIMER-762', 'SUP-PRIMERS', `PCI-C${i}`, 'MAG-04'));
    }
    for (const lot of [...primers, ...bullets, ...crated]) {
      await ok(
        qa.command(
          `/api/quality/lots/${lot.number}/disposition`,
          { decision: 'release', basis: 'supplier_certificate' },
          { headers: { 'x-signature-password': TEST_PASSWORD } },
        ),
      );
    }
    const order = await ok(
      keeper.command('/api/production/work-orders', {
        product: 'C762-BALL',
        line: 'L1',
        quantity: 100_000,
      }),
    );
    await ok(keeper.command(`/api/production/work-orders/${order.id}/release`, {}));
    await ok(keeper.command(`/api/production/work-orders/${order.id}/start`, {}));
    const crates = (await ok(
      keeper.command('/api/genealogy/handling-units', {
        kind: 'crate',
        location: 'MAG-04',
        material: 'CRATE-1320',
        count: crated.length,
      }),
    )) as unknown as Row[];
    const cans = (await ok(
      keeper.command('/api/genealogy/handling-units', {
        kind: 'can',
        location: 'MAG-04',
        material: 'CAN-660',
        count: crated.length,
      }),
    )) as unknown as Row[];
    for (const [i, crate] of crates.entries()) {
      const can = cans[i] as Row;
      await ok(
        keeper.command(`/api/genealogy/handling-units/${can.serial}/pack`, {
          items: [{ lot: crated[i]?.number, quantity: 10_000 + i }],
        }),
      );
      await ok(
        keeper.command(`/api/genealogy/handling-units/${crate.serial}/pack`, {
          items: [{ unit: can.serial }],
        }),
      );
    }

    trace('set-up done');
    // The shift: each worker sends its commands one after another, as a
    // terminal does, and goes on to the next only when one is answered.
    const sent: Sent[] = [];
    const moves: Sent[] = [];
    const inFlight = new Set<Sent>();
    let acked = 0;
    const answeredAtLeast = async (n: number) => {
      while (acked < n) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    let stopping = false;
    let workers = 0;
    const failures: string[] = [];
    const run = async (client: Client, path: string, body: unknown, command: Command) => {
      const item: Sent = { command, record: { key: randomUUID(), lost: 0 } };
      sent.push(item);
      if (command.kind === 'move') moves.push(item);
      inFlight.add(item);
      await client.command(path, body, { record: item.record });
      inFlight.delete(item);
      acked += 1;
      const answer = item.record.answer as Answer;
      if (answer.status >= 300)
        failures.push(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    const worker = async (step: (i: number) => Promise<void>) => {
      workers += 1;
      try {
        for (let i = 0; !stopping; i++) await step(i);
      } finally {
        workers -= 1;
      }
    };
    const receiver = (name: string, material: string, supplier: string, location: string) =>
      worker((i) => {
        const body = {
          material,
          supplier,
          supplierLot: `${name}-${i}`,
          certificate: `COC-${name}-${i}`,
          quantity: 1000 + i,
          location,
        };
        return run(keeper, '/api/genealogy/lots/receipts', body, {
          kind: 'receipt',
          supplierLot: body.supplierLot,
          body,
        });
      });
    const issuer = (station: string, lots: Row[], from: string) =>
      worker((i) => {
        // Lots take turns in the feeder; each load issues a quantity no other load of the lot issues.
        const lot = lots[i % lots.length] as Row;
        const quantity = 1 + Math.floor(i / lots.length);
        const body = { station, lot: lot.number, quantity, from };
        return run(keeper, `/api/genealogy/work-orders/${order.id}/feeders/load`, body, {
          kind: 'issue',
          lotId: lot.id,
          quantity,
          workOrderId: order.id,
          body,
        });
      });
    const route = ['MAG-01-A', 'MAG-01-B', 'MAG-02', 'MAG-04'];
    const mover = (serial: string, offset: number) =>
      worker((i) => {
        const from = i === 0 ? 'MAG-04' : (route[(i - 1 + offset) % route.length] as string);
        const to = route[(i + offset) % route.length] as string;
        return run(
          keeper,
          '/api/genealogy/handling-units/move',
          { serials: [serial], to },
          { kind: 'move', serial, from, to },
        );
      });

    const streams = [
      receiver('PCI-R', 'PRIMER-762', 'SUP-PRIMERS', 'MAG-04'),
      receiver('VC-R', 'CASE-762', 'SUP-CASES', 'ST-CASES'),
      issuer('PR', primers, 'MAG-04'),
      issuer('BS', bullets, 'ST-BULLETS'),
      ...crates.map((crate, i) => mover(crate.serial, i)),
    ];
    const burstRound = between(1, ROUNDS);
    const rounds: {
      afterAnswers: number;
      kill: number;
      lost: number;
      whole: number;
      absent: number;
    }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // A kill lands mid-stream: after a random number of answered commands
      // (a fresh server is slow to answer its first ones), then a random delay.
      await answeredAtLeast(acked + between(5, 40));
      const kill = between(0, 250);
      let burst: Promise<void>[] = [];
      if (round === burstRound) {
        // Many requests at once, and the kill lands while most are in flight.
        burst = Array.from({ length: BURST }, (_, i) => {
          const body = {
            material: 'PRIMER-762',
            supplier: 'SUP-PRIMERS',
            supplierLot: `PCI-B-${i}`,
            certificate: `COC-B-${i}`,
            quantity: 500 + i,
            location: 'MAG-04',
          };
          return run(keeper, '/api/genealogy/lots/receipts', body, {
            kind: 'receipt',
            supplierLot: body.supplierLot,
            body,
          });
        });
      }
      await new Promise((resolve) => setTimeout(resolve, kill));
      const killed = await supervisor.kill('SIGKILL');
      expect(killed.signal).toBe('SIGKILL');
      // Every worker and every request of a burst waits on a dead server.
      await supervisor.untilBlocked(() => Math.max(inFlight.size, workers));
      // Dead: nothing is retried yet. What it left must be whole.
      const pending = [...inFlight];
      const tally = { afterAnswers: acked, kill, lost: 0, whole: 0, absent: 0 };
      await withStore(place, async (store) => {
        for (const item of pending) {
          const found = await presence(store, item, moves);
          if (item.record.lost === 0) continue; // not sent yet: it cannot be there
          tally.lost += 1;
          expect(
            [0, 1],
            `${item.command.kind} ${item.record.key} after kill ${round}: ${found}`,
          ).toContain(found);
          if (found === 1) tally.whole += 1;
          else {
            expect(found).toBe(0);
            tally.absent += 1;
          }
        }
        expect(await ledgerMismatches(store)).toEqual([]);
      });
      rounds.push(tally);
      trace(`round ${round} checked: ${JSON.stringify(tally)}, ${sent.length} commands so far`);
      await supervisor.start();
      trace('server up');
      await Promise.all(burst);
    }
    // One more stretch of work on the last server, then the shift ends.
    await answeredAtLeast(acked + 20);
    stopping = true;
    await Promise.all(streams);
    expect(failures).toEqual([]);

    // A retry of any answered command, with its key, is answered the same
    // and does nothing; the same key with another command is refused.
    const retried = sent.filter((_, i) => i % 7 === 0);
    for (const item of retried) {
      const again = await keeper.command(pathOf(item.command, order.id), bodyOf(item.command), {
        key: item.record.key,
      });
      expect(again.answer?.status).toBe(item.record.answer?.status);
      expect(again.answer?.replayed).toBe(true);
      expect(again.answer?.body).toEqual(item.record.answer?.body);
    }
    const first = sent.find((s) => s.command.kind === 'receipt');
    const misuse = await keeper.command(
      '/api/genealogy/lots/receipts',
      { ...(bodyOf(first?.command as Command) as object), supplierLot: 'PCI-other' },
      { key: first?.record.key as string },
    );
    expect(misuse.answer?.status).toBe(409);
    expect(misuse.answer?.body.code).toBe('idempotency_key_reused');

    const stopped = await supervisor.kill('SIGTERM');
    expect(stopped.code).toBe(0);

    await withStore(place, async (store) => {
      for (const item of sent) {
        expect(await presence(store, item, moves), `${item.command.kind} ${item.record.key}`).toBe(
          1,
        );
      }
      expect(await ledgerMismatches(store)).toEqual([]);
      const keys = sent.map((s) => s.record.key);
      const stored = await count(
        store,
        sql`select count(*) as n from idempotency.command_keys where key in ${keys}`,
      );
      expect(stored).toBe(sent.length);
    });

    const lost = sent.filter((s) => s.record.lost > 0).length;
    console.log(
      JSON.stringify({
        test: 'kill-storage',
        store: place.kind,
        seed: SEED,
        rounds: rounds.length,
        commands: sent.length,
        retriedAfterKill: lost,
        perRound: rounds,
      }),
    );
    expect(rounds.reduce((s, r) => s + r.lost, 0)).toBeGreaterThan(0);
  });
});

function pathOf(command: Command, workOrderId: string): string {
  switch (command.kind) {
    case 'receipt':
      return '/api/genealogy/lots/receipts';
    case 'issue':
      return `/api/genealogy/work-orders/${workOrderId}/feeders/load`;
    case 'move':
      return '/api/genealogy/handling-units/move';
  }
}

function bodyOf(command: Command): unknown {
  switch (command.kind) {
    case 'receipt':
    case 'issue':
      return command.body;
    case 'move':
      return { serials: [command.serial], to: command.to };
  }
}
