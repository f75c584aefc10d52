// A line's year against answers worked out by hand: deterministic cycles,
// stops and deliveries, so each figure is exact. A change of product loses
// the changeover time (and the run-out and refill of a line of several
// stations); a line with stock for N trays and no deliveries makes N and
// then waits for material; deliveries come as ordered; a repair under way at
// the end of a shift goes on off shift, a calendar-time clock to failure
// keeps running off shift and an operating-time one does not.
import { describe, expect, it } from 'vitest';
import { constant, type Distribution } from './distributions.js';
import { runLineYear } from './line-year.js';
import type { Campaign, LineModel, LineSupplyPlan, ProductPlan } from './plant-model.js';
import type { StopProcess } from './serial-line.js';

function line(options: {
  minutes: number;
  /** Cycle of each station, per product. */
  products: readonly (readonly number[])[];
  campaigns?: readonly Campaign[];
  stops?: readonly StopProcess[];
  offShift?: LineModel['offShift'];
  supply?: LineSupplyPlan;
  perTray?: readonly (readonly number[])[];
}): LineModel {
  const products = options.products.map(
    (cycles, i): ProductPlan => ({
      product: `P${i + 1}`,
      ratePerMinute: 1 / Math.max(...cycles),
      share: 1 / options.products.length,
      cycles: cycles.map((c): Distribution => constant(c)),
      perTray: options.perTray?.[i] ?? [],
    }),
  );
  const stations = options.products[0] ?? [];
  return {
    line: 'T',
    spec: {
      name: 'T',
      stations: stations.map((c, s) => ({
        name: `S${s + 1}`,
        cycle: constant(c),
        ...(s === 0 && options.stops ? { stops: options.stops } : {}),
      })),
      buffers: stations.slice(1).map(() => 5),
    },
    unit: 1,
    workingMinutes: options.minutes,
    products,
    campaigns: options.campaigns ?? [{ product: 0, changeoverMinutes: 0, end: options.minutes }],
    offShift: options.offShift ?? [],
    supply: options.supply ?? null,
  };
}

describe('a line’s year', () => {
  it('loses exactly the changeover time when the product changes', () => {
    // P1 a tray a minute until 400, then 100 minutes of changeover, then P2 two a minute.
    const result = runLineYear(
      line({
        minutes: 1000,
        products: [[1], [0.5]],
        campaigns: [
          { product: 0, changeoverMinutes: 0, end: 400 },
          { product: 1, changeoverMinutes: 100, end: 1000 },
        ],
      }),
      1,
    );
    expect(result.products).toEqual([
      { product: 'P1', produced: 400, rejected: 0 },
      { product: 'P2', produced: 1000, rejected: 0 },
    ]);
    expect(result.produced).toBe(1400);
    expect(result.changeoverMinutes).toBe(100);
    expect(result.stations[0]?.changeover).toBeCloseTo(0.1, 12);
    expect(result.stations[0]?.busy).toBeCloseTo(0.9, 12);
  });

  it('runs the line out before the change and fills it after', () => {
    // Three stations of one minute: the 400th tray, started at 399, leaves at 402; the changeover
    // runs from 402 to 502; P2's first tray leaves at 503.5, then one every half minute to 1000.
    const result = runLineYear(
      line({
        minutes: 1000,
        products: [
          [1, 1, 1],
          [0.5, 0.5, 0.5],
        ],
        campaigns: [
          { product: 0, changeoverMinutes: 0, end: 400 },
          { product: 1, changeoverMinutes: 100, end: 1000 },
        ],
      }),
      1,
    );
    expect(result.products.map((p) => p.produced)).toEqual([400, 994]);
    expect(result.changeoverMinutes).toBe(100);
    for (const s of result.stations) expect(s.changeover).toBeCloseTo(0.1, 12);
    // A campaign of each product in the year starts with the change into the first.
    const cycle = runLineYear(
      line({
        minutes: 1000,
        products: [[1], [0.5]],
        campaigns: [
          { product: 0, changeoverMinutes: 50, end: 400 },
          { product: 1, changeoverMinutes: 100, end: 1000 },
        ],
      }),
      1,
    );
    expect(cycle.products.map((p) => p.produced)).toEqual([350, 1000]);
    expect(cycle.changeoverMinutes).toBe(150);
  });

  it('makes what its stock allows and then waits for material', () => {
    // Two units of X a tray and 20 on hand: ten trays, then 990 minutes starved for material.
    const supply = (reviews: LineSupplyPlan['reviews']): LineSupplyPlan => ({
      materials: ['X'],
      target: [20],
      perDay: [1],
      reviews,
      stop: null,
    });
    const none = runLineYear(
      line({ minutes: 1000, products: [[1]], perTray: [[2]], supply: supply([]) }),
      1,
    );
    expect(none.produced).toBe(10);
    expect(none.materialStarvedMinutes).toBe(990);
    expect(none.shortOf).toEqual(['X']);
    expect(none.stations[0]?.starved).toBeCloseTo(0.99, 12);
    // A review at 500 orders the 20 used, delivered at 600: ten more trays, from 600 to 610.
    const one = runLineYear(
      line({
        minutes: 1000,
        products: [[1]],
        perTray: [[2]],
        supply: supply([{ at: 500, arrives: 600 }]),
      }),
      1,
    );
    expect(one.produced).toBe(20);
    expect(one.materialStarvedMinutes).toBe(590 + 390);
    // A supplier's stop at 300 leaves 6: three trays then, whatever was on order.
    const stopped = runLineYear(
      line({
        minutes: 1000,
        products: [[1]],
        perTray: [[2]],
        supply: {
          ...supply([{ at: 200, arrives: 400 }]),
          stop: { at: 300, materials: [0], stock: [6] },
        },
      }),
      1,
    );
    expect(stopped.produced).toBe(13);
    expect(stopped.materialStarvedMinutes).toBe(1000 - 13);
  });

  it('goes on repairing off shift: the line may start the next shift repaired', () => {
    // Stops after 50 operating minutes for 30 minutes; the shift ends at 60, the line stands 600.
    const stops: StopProcess[] = [
      { timeToFailure: constant(50), timeToRepair: constant(30), basis: 'operating' },
    ];
    const run = (offShift: LineModel['offShift']) =>
      runLineYear(line({ minutes: 120, products: [[1]], stops, offShift }), 1);
    // Working time concatenated: down from 50 to 80, working 80 to 120.
    const concatenated = run([]);
    expect(concatenated.produced).toBe(90);
    expect(concatenated.stations[0]?.down).toBeCloseTo(30 / 120, 12);
    // The repair ends in the night: down 50 to 60, then up from the next shift's start until it
    // stops again 50 operating minutes later, at 110.
    const overnight = run([{ at: 60, minutes: 600 }]);
    expect(overnight.produced).toBe(100);
    expect(overnight.stations[0]?.down).toBeCloseTo(20 / 120, 12);
    expect(overnight.stations[0]?.failures).toBe(2);
  });

  it('ages calendar-time clocks off shift and operating-time clocks not', () => {
    // A stop after 100 minutes for 10; 200 working minutes with 30 off shift after the first 60.
    const run = (basis: StopProcess['basis']) =>
      runLineYear(
        line({
          minutes: 200,
          products: [[1]],
          stops: [{ timeToFailure: constant(100), timeToRepair: constant(10), basis }],
          offShift: [{ at: 60, minutes: 30 }],
        }),
        1,
      );
    // Operating time: stops at working minute 100 and at 210 (after the year).
    expect(run('operating').produced).toBe(190);
    // Calendar time: at minute 100 of the clock, working minute 70, and again at 210 (working 180).
    const calendar = run('calendar');
    expect(calendar.produced).toBe(180);
    expect(calendar.stations[0]?.down).toBeCloseTo(20 / 200, 12);
    // A stop that falls and ends off shift costs no working time at all: at clock 69.5 (off
    // shift), repaired at 79.5; the next at clock 149.5 (working 119.5) costs its 10 minutes.
    const night = runLineYear(
      line({
        minutes: 190,
        products: [[1]],
        stops: [{ timeToFailure: constant(69.5), timeToRepair: constant(10), basis: 'calendar' }],
        offShift: [{ at: 60, minutes: 30 }],
      }),
      1,
    );
    expect(night.stations[0]?.failures).toBe(2);
    expect(night.stations[0]?.down).toBeCloseTo(10 / 190, 12);
    expect(night.produced).toBe(180);
  });
});
