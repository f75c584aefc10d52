// Lot numbers on a real database: taken concurrently they are all different
// and consecutive; a full interfix series hands over to the next interfix of
// the material's block; a full block is refused, saying why, writing nothing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReferenceStore } from '../../../test/support/database.js';
import type { Store } from '../../core/db/store.js';
import { balancesOf } from '../storage/index.js';
import { findLot, type GenealogyContext, receiveLot } from './lots.js';
import { lotSeries, lots } from './schema.js';

let store: Store;
let context: GenealogyContext;
const march = new Date('2027-03-10T12:00:00-04:00');

beforeAll(async () => {
  store = await createReferenceStore();
  context = { db: store.db, clock: () => march };
});

afterAll(async () => {
  await store.close();
});

const receipt = (material: string, supplier: string, supplierLot: string) => ({
  material,
  supplier,
  supplierLot,
  quantity: 1000,
  location: 'MAG-04',
});

describe('lot numbers', () => {
  it('are unique and consecutive when many receipts arrive at once', async () => {
    const received = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        receiveLot(context, receipt('PRIMER-762', 'SUP-PRIMERS', `PAR-${i}`), 'kim'),
      ),
    );
    const numbers = received.map((l) => l.number).sort();
    expect(new Set(numbers).size).toBe(24);
    expect(numbers[0]).toBe('LTL27C400-001');
    expect(numbers.at(-1)).toBe('LTL27C400-024');
    // Every receipt is in stock exactly once.
    const stock = await balancesOf(
      store.db,
      received.map((l) => l.id),
    );
    expect(stock.map((b) => b.quantity)).toEqual(Array(24).fill(1000));
  });

  it('moves on to the next interfix of the block when a series is full', async () => {
    // Propellant for blanks draws on interfixes 550–599.
    await store.db
      .insert(lotSeries)
      .values({ manufacturer: 'LTL', interfix: 550, lastSequence: 998 });
    const a = await receiveLot(
      context,
      { ...receipt('PROP-BLANK', 'SUP-POWDER', 'PSC-1'), location: 'MAG-03' },
      'kim',
    );
    const b = await receiveLot(
      context,
      { ...receipt('PROP-BLANK', 'SUP-POWDER', 'PSC-2'), location: 'MAG-03' },
      'kim',
    );
    expect([a.number, b.number]).toEqual(['LTL27C550-999', 'LTL27C551-001']);
  });

  it('refuses a receipt when the block is used up, and writes nothing', async () => {
    // Bullets for ball cartridges: 600–649, every series full.
    await store.db.insert(lotSeries).values(
      Array.from({ length: 50 }, (_, i) => ({
        manufacturer: 'LTL',
        interfix: 600 + i,
        lastSequence: 999,
      })),
    );
    await expect(
      receiveLot(
        context,
        { ...receipt('BULLET-PS', 'SUP-BULLETS', 'PYC-1'), location: 'ST-BULLETS' },
        'kim',
      ),
    ).rejects.toThrow(
      /no lot number left for BULLET-PS: every lot number of interfixes 600–649 is taken/,
    );
    expect(await store.db.select().from(lots).where(eq(lots.supplierLot, 'PYC-1'))).toEqual([]);
  });
});

describe('finding a lot by its number', () => {
  it('finds it again by the id it learned, and by its number when that id holds another number', async () => {
    const lot = await receiveLot(context, receipt('PRIMER-762', 'SUP-PRIMERS', 'FIND-1'), 'kim');
    expect((await findLot(store.db, lot.number)).id).toBe(lot.id);
    expect((await findLot(store.db, lot.number)).id).toBe(lot.id);
    expect((await findLot(store.db, lot.id)).number).toBe(lot.number);
    // The app never renumbers a lot, but a restore can put back data where the id holds another number.
    await store.db
      .update(lots)
      .set({ number: `${lot.number}X` })
      .where(eq(lots.id, lot.id));
    await expect(findLot(store.db, lot.number)).rejects.toThrow(/does not exist/);
    expect((await findLot(store.db, `${lot.number}X`)).id).toBe(lot.id);
    await store.db.update(lots).set({ number: lot.number }).where(eq(lots.id, lot.id));
    expect((await findLot(store.db, lot.number)).id).toBe(lot.id);
  });
});
