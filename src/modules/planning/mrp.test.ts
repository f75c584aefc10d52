// Material requirements on a hand-worked example: primers for three weeks of
// ball cartridges, two lots in stock (one expiring), one delivery on order.
import { describe, expect, it } from 'vitest';
import { materialRequirements, netMaterial, supplierDisruption } from './mrp.js';

const requirements = [
  { material: 'PRIMER-762', date: '2027-03-15', quantity: 40_000, source: 'WO-000101' },
  { material: 'PRIMER-762', date: '2027-03-22', quantity: 40_000, source: 'WO-000102' },
  { material: 'PRIMER-762', date: '2027-03-29', quantity: 40_000, source: 'WO-000103' },
  { material: 'CASE-762', date: '2027-03-15', quantity: 40_000, source: 'WO-000101' },
];
const stock = [
  // Lot A expires on 20 March: it can serve only the first week.
  { material: 'PRIMER-762', lot: 'A', quantity: 50_000, expiresOn: '2027-03-20' },
  { material: 'PRIMER-762', lot: 'B', quantity: 30_000, expiresOn: '2028-01-31' },
  { material: 'CASE-762', lot: 'C', quantity: 100_000, expiresOn: null },
];
const receipts = [
  {
    material: 'PRIMER-762',
    date: '2027-03-25',
    quantity: 25_000,
    supplier: 'SUP-PRIMERS',
    reference: 'PO-7',
  },
];

describe('netting a material', () => {
  it('meets requirements first-expiry-first, then from receipts, and says what is short and what it stops', () => {
    // Week 1 (15 Mar): 40,000 from lot A (expires 20 Mar) → A keeps 10,000, which then expires unused.
    // Week 2 (22 Mar): A has expired; 30,000 from lot B; PO-7 arrives only on 25 Mar → 10,000 short.
    // Week 3 (29 Mar): 25,000 from PO-7 → 15,000 short.
    const plan = netMaterial('PRIMER-762', requirements, stock, receipts);
    expect(plan).toEqual({
      material: 'PRIMER-762',
      required: 120_000,
      fromStock: 70_000,
      fromReceipts: 25_000,
      expiredUnused: [{ lot: 'A', quantity: 10_000, expiresOn: '2027-03-20' }],
      shortage: {
        material: 'PRIMER-762',
        startsOn: '2027-03-22',
        quantity: 25_000,
        stops: [
          { source: 'WO-000102', date: '2027-03-22', missing: 10_000 },
          { source: 'WO-000103', date: '2027-03-29', missing: 15_000 },
        ],
      },
    });
  });

  it('lists the shortages first, by the date they start', () => {
    const plans = materialRequirements(requirements, stock, receipts);
    expect(plans.map((p) => [p.material, p.shortage?.startsOn ?? null])).toEqual([
      ['PRIMER-762', '2027-03-22'],
      ['CASE-762', null],
    ]);
  });
});

describe('a supplier that delivers nothing from a date', () => {
  it('shows when each work order first runs short without its deliveries', () => {
    // Without PO-7, week 3 misses all 40,000.
    const { plans, firstShortBySource } = supplierDisruption(
      'SUP-PRIMERS',
      '2027-03-16',
      requirements,
      stock,
      receipts,
    );
    expect(plans[0]?.shortage?.quantity).toBe(50_000);
    expect([...firstShortBySource]).toEqual([
      ['WO-000102', '2027-03-22'],
      ['WO-000103', '2027-03-29'],
    ]);
  });
});
