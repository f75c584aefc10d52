import { describe, expect, it } from 'vitest';
import { componentCoverage, productCoverage } from './coverage.js';

describe('coverage of a finished product against open orders', () => {
  const orders = [
    { order: 'CO-2', due: '2027-03-20', quantity: 5_000 },
    { order: 'CO-1', due: '2027-03-18', quantity: 10_000 },
    { order: 'CO-3', due: '2027-04-02', quantity: 10_000 },
  ];

  it('finds the first due date the released stock cannot meet', () => {
    // 18,000 released: CO-1 (10,000 by 18 Mar) and CO-2 (5,000 by 20 Mar) are covered, 15,000 in all;
    // CO-3 brings it to 25,000 on 2 Apr: short by 7,000, 18 days from 15 Mar.
    expect(
      productCoverage('C762-BALL', { released: 18_000, quarantine: 4_000 }, orders, '2027-03-15'),
    ).toEqual({
      product: 'C762-BALL',
      released: 18_000,
      quarantine: 4_000,
      onOrder: 25_000,
      shortOn: '2027-04-02',
      daysOfSupply: 18,
      shortfall: 7_000,
    });
  });

  it('says the stock covers every open order when it does', () => {
    const covered = productCoverage(
      'C762-BALL',
      { released: 30_000, quarantine: 0 },
      orders,
      '2027-03-15',
    );
    expect(covered).toMatchObject({ shortOn: null, daysOfSupply: null, shortfall: 0 });
  });

  it('counts a late order as no days of supply', () => {
    const late = productCoverage('C762-BALL', { released: 0, quarantine: 0 }, orders, '2027-03-19');
    expect(late).toMatchObject({ shortOn: '2027-03-18', daysOfSupply: 0 });
  });
});

describe('coverage of a component', () => {
  it('divides released stock by the last 30 days’ use, and compares it with the open work orders', () => {
    // 90,000 primers used in 30 days: 3,000 a day; 45,000 released last 15 days.
    expect(
      componentCoverage(
        'PRIMER-762',
        'each',
        { released: 45_000, quarantine: 10_000 },
        50_000,
        90_000,
      ),
    ).toEqual({
      material: 'PRIMER-762',
      unit: 'each',
      released: 45_000,
      quarantine: 10_000,
      openWorkOrderNeed: 50_000,
      dailyUse: 3_000,
      daysOfSupply: 15,
      coversOpenWorkOrders: false,
    });
  });

  it('has no days of supply for what was not used', () => {
    expect(
      componentCoverage('SEALANT', 'kg', { released: 5, quarantine: 0 }, 0, 0).daysOfSupply,
    ).toBeNull();
  });
});
