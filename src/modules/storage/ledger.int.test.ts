// The stock ledger under concurrent clients, as a property: whatever random
// movements several clients send at once — receipts, transfers back and
// forth, consumption, count adjustments, some of them asking for more than is
// there —, afterwards every balance equals the sum of its lot's movements at
// that location and none is negative. On PostgreSQL the clients really run
// in parallel (a connection each); on PGlite they interleave.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceStore } from '../../../test/support/database.js';
import type { Store } from '../../core/db/store.js';
import { isLotlineError } from '../../core/errors.js';
import { currentPlant, type PlantFile } from '../plant/index.js';
import { recordMovement } from './ledger.js';
import type { MovementInput } from './model.js';

let store: Store;
let plant: PlantFile;

beforeAll(async () => {
  store = await createReferenceStore();
  plant = (await currentPlant(store.db)).plant;
});

afterAll(async () => {
  await store.close();
});

const PLACES = ['ST-CASES', 'ST-BULLETS', 'ST-PACK'] as const;

type Step =
  | { kind: 'receipt'; lot: number; to: number; quantity: number }
  | { kind: 'transfer'; lot: number; from: number; to: number; quantity: number }
  | { kind: 'consumption'; lot: number; from: number; quantity: number }
  | { kind: 'adjustment'; lot: number; at: number; quantity: number; found: boolean };

const place = fc.integer({ min: 0, max: PLACES.length - 1 });
const lot = fc.integer({ min: 0, max: 2 });
const quantity = fc.integer({ min: 1, max: 60 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('receipt' as const), lot, to: place, quantity }),
  fc
    .record({ kind: fc.constant('transfer' as const), lot, from: place, to: place, quantity })
    .filter((s) => s.from !== s.to),
  fc.record({ kind: fc.constant('consumption' as const), lot, from: place, quantity }),
  fc.record({
    kind: fc.constant('adjustment' as const),
    lot,
    at: place,
    quantity,
    found: fc.boolean(),
  }),
);

function movementOf(s: Step, lots: readonly string[]): MovementInput {
  const base = {
    at: new Date(),
    lotId: lots[s.lot] as string,
    lotNumber: `T-${s.lot}`,
    material: 'CASE-762',
    quantity: s.quantity,
    actor: 'prop',
  };
  switch (s.kind) {
    case 'receipt':
      return { ...base, kind: 'receipt', to: PLACES[s.to] };
    case 'transfer':
      return { ...base, kind: 'transfer', from: PLACES[s.from], to: PLACES[s.to] };
    case 'consumption':
      return { ...base, kind: 'consumption', from: PLACES[s.from] };
    case 'adjustment':
      return {
        ...base,
        kind: 'adjustment',
        reason: 'cycle count',
        ...(s.found ? { to: PLACES[s.at] } : { from: PLACES[s.at] }),
      };
    default: {
      const unknownStep: never = s;
      return unknownStep;
    }
  }
}

describe('the stock ledger under concurrent clients', () => {
  it('keeps every balance equal to its movements and never negative', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(step, { minLength: 5, maxLength: 25 }), { minLength: 4, maxLength: 6 }),
        async (clients) => {
          const lots = [randomUUID(), randomUUID(), randomUUID()];
          let refused = 0;
          await Promise.all(
            clients.map(async (steps) => {
              for (const s of steps) {
                try {
                  await store.db.transaction((tx) =>
                    recordMovement(tx, movementOf(s, lots), plant),
                  );
                } catch (error) {
                  // Asking for more than is there is refused cleanly; anything else fails the property.
                  if (!isLotlineError(error) || error.code !== 'insufficient_stock') throw error;
                  refused += 1;
                }
              }
            }),
          );
          const result = await store.db.execute(sql`
          with ledger as (
            select location, lot_id, sum(q) as q from (
              select to_location as location, lot_id, quantity as q from storage.movements where to_location is not null
              union all
              select from_location, lot_id, -quantity from storage.movements where from_location is not null
            ) m
            where lot_id = any(${sql.param(lots)}::uuid[])
            group by location, lot_id
          )
          select l.location, l.lot_id, l.q as ledger, coalesce(b.quantity, 0) as balance
            from ledger l
            full join storage.balances b on b.location = l.location and b.lot_id = l.lot_id
           where coalesce(l.lot_id, b.lot_id) = any(${sql.param(lots)}::uuid[])`);
          const rows = (
            result as unknown as { rows: { location: string; ledger: string; balance: string }[] }
          ).rows;
          for (const row of rows) {
            expect(Number(row.balance), `balance of ${row.location}`).toBe(Number(row.ledger ?? 0));
            expect(Number(row.balance)).toBeGreaterThanOrEqual(0);
          }
          expect(refused).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);

  it('refuses a malformed movement with a reason, recording nothing', async () => {
    const lotId = randomUUID();
    const attempt = (m: Partial<MovementInput>) =>
      store.db.transaction((tx) =>
        recordMovement(
          tx,
          {
            at: new Date(),
            lotId,
            lotNumber: 'T-1',
            material: 'CASE-762',
            quantity: 1,
            actor: 't',
            kind: 'receipt',
            ...m,
          } as MovementInput,
          plant,
        ),
      );
    await expect(attempt({ quantity: -3, to: 'ST-CASES' })).rejects.toThrow(
      /quantity must be a positive number/,
    );
    await expect(attempt({ to: 'NOWHERE' })).rejects.toThrow(/to: unknown location "NOWHERE"/);
    await expect(attempt({ kind: 'transfer', from: 'ST-CASES', to: 'ST-CASES' })).rejects.toThrow(
      /two different locations/,
    );
    await expect(attempt({ kind: 'adjustment', to: 'ST-CASES' })).rejects.toThrow(/needs a reason/);
    await expect(attempt({ kind: 'consumption', from: 'ST-CASES', quantity: 5 })).rejects.toThrow(
      /not enough stock/,
    );
    const [count] = (
      (await store.db.execute(
        sql`select count(*) as n from storage.movements where lot_id = ${lotId}`,
      )) as unknown as {
        rows: { n: string }[];
      }
    ).rows;
    expect(Number(count?.n)).toBe(0);
  });
});
