import { describe, expect, it } from 'vitest';
import { componentCoverage, productCoverage, weekOf } from './coverage.js';

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
      forecast: 0,
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

describe('coverage of a finished product against orders and forecast', () => {
  it('takes each week’s demand as the larger of its forecast and its orders', () => {
    // Today Mon 15 Mar 2027. Forecast 8,000 a week for the weeks of 15, 22 and 29 Mar.
    // Week of 15 Mar: orders 10,000 (CO-1, 18 Mar) + 5,000 (CO-2, 20 Mar) > forecast → orders are the demand.
    // Week of 22 Mar: no orders → forecast 8,000. Week of 29 Mar: CO-3 is on 2 Apr → 10,000 > 8,000.
    // Stock 20,000: 15,000 after week 1, 23,000 after week 2 → short from Monday 22 March, 7 days away.
    const forecasts = [
      { week: '2027-03-15', quantity: 8_000 },
      { week: '2027-03-22', quantity: 8_000 },
      { week: '2027-03-29', quantity: 8_000 },
    ];
    const orders = [
      { order: 'CO-1', due: '2027-03-18', quantity: 10_000 },
      { order: 'CO-2', due: '2027-03-20', quantity: 5_000 },
      { order: 'CO-3', due: '2027-04-02', quantity: 10_000 },
    ];
    expect(
      productCoverage(
        'C762-BALL',
        { released: 20_000, quarantine: 0 },
        orders,
        '2027-03-15',
        forecasts,
      ),
    ).toEqual({
      product: 'C762-BALL',
      released: 20_000,
      quarantine: 0,
      onOrder: 25_000,
      forecast: 8_000,
      shortOn: '2027-03-22',
      daysOfSupply: 7,
      shortfall: 13_000,
    });
  });

  it('finds the Monday of any day’s week', () => {
    expect(weekOf('2027-03-21')).toBe('2027-03-15');
    expect(weekOf('2027-03-15')).toBe('2027-03-15');
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
