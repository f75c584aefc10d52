// ISO 22400-2 KPIs against cases worked out by hand, the arithmetic beside
// each expectation; shift and day splits; work orders; the downtime Pareto.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlantFile } from '../plant/index.js';
import { readPlantText } from '../plant/plant-file.js';
import {
  type CountRecord,
  downtimePareto,
  type KpiInput,
  type KpiReport,
  type Kpis,
  kpisByDay,
  kpisByShift,
  kpisOf,
  lineKpis,
  reasonGroup,
  workOrderKpis,
} from './kpi.js';
import type { Outcome } from './model.js';
import { type OperationCalendar, operationCalendarFor, type StateInterval } from './time-model.js';

const MIN = 60_000;
/** A wall-clock time in Caracas (UTC−4 all year) as an instant. */
const vet = (local: string) => Date.parse(`${local}:00-04:00`);

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error('the reference plant is not valid');
  return result.plant;
}
const plant = referencePlant();

function value<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new Error(`${outcome.error.code}: ${outcome.error.message}`);
  return outcome.value;
}

/** Line 1 of the reference plant: shifts A 06:00–14:00 and B 14:00–22:00 on weekdays, Caracas. */
const l1Calendar: OperationCalendar = value(operationCalendarFor(plant, 'L1'));

const expectNoNaN = (kpis: Kpis) => {
  for (const [name, v] of Object.entries(kpis)) {
    if (v !== undefined) expect(Number.isFinite(v), name).toBe(true);
  }
};

describe('the worked check of the KPI reference (constructed, ISO 22400-2 formulas)', () => {
  // PBT = 480 min, ADOT = 30, ADET = 20, ASUT = 40 → AUBT = 450, AUPT = 430, APT = 390.
  // PRU = 0.05 min/unit (3 s), PQ = 7,000, GQ = 6,860.
  it('gives the published figures', () => {
    const kpis = kpisOf(
      { pbt: 480, aubt: 450, aupt: 430, apt: 390, asut: 40, adet: 20 },
      { good: 6_860, scrap: 140, rework: 0, produced: 7_000 },
      0.05,
    );
    expect(kpis.availability).toBeCloseTo(0.8125, 12); // 390 / 480
    expect(kpis.effectiveness).toBeCloseTo(0.897436, 6); // 0.05 × 7000 / 390
    expect(kpis.qualityRatio).toBeCloseTo(0.98, 12); // 6860 / 7000
    expect(kpis.oee).toBeCloseTo(0.714583, 6); // 0.05 × 6860 / 480
    expect(kpis.nee).toBeCloseTo(0.787874, 6); // 430/480 × 0.897436 × 0.98
    expect(kpis.technicalEfficiency).toBeCloseTo(0.95122, 5); // 390 / 410
  });
});

describe('one 8-hour shift worked out by hand', () => {
  // Monday 1 March 2027, shift A of line 1, 06:00–14:00 in Caracas; rated
  // 150 /min for this example (PRU = 1/150 min = 0.4 s).
  //   06:00–08:00 running           120 min
  //   08:00–08:20 setup (tool)       20 min  changeover
  //   08:20–10:00 running           100 min
  //   10:00–10:30 planned stop       30 min  shift break
  //   10:30–11:15 down (MECH-BS)     45 min  breakdown
  //   11:15–14:00 running           165 min
  const intervals: StateInterval[] = [
    { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T08:00'), state: 'running' },
    {
      from: vet('2027-03-01T08:00'),
      to: vet('2027-03-01T08:20'),
      state: 'setup',
      reason: 'PLN-SETUP-TOOL',
    },
    { from: vet('2027-03-01T08:20'), to: vet('2027-03-01T10:00'), state: 'running' },
    {
      from: vet('2027-03-01T10:00'),
      to: vet('2027-03-01T10:30'),
      state: 'planned_stop',
      reason: 'PLN-BREAK',
    },
    {
      from: vet('2027-03-01T10:30'),
      to: vet('2027-03-01T11:15'),
      state: 'down',
      reason: 'MECH-BS',
    },
    { from: vet('2027-03-01T11:15'), to: vet('2027-03-01T14:00'), state: 'running' },
  ];
  const shiftA = { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T14:00') };
  const input = (good: number, reject: number): KpiInput => ({
    window: shiftA,
    intervals,
    counts: { good, reject },
    ratedRatePerMinute: 150,
    calendar: l1Calendar,
  });

  it('has the time elements worked out by hand', () => {
    const { times, pruMs } = value(lineKpis(input(60_000, 400)));
    expect(pruMs).toBe(400); // 60,000 ms / 150
    expect(times.pot).toBe(480 * MIN); // the shift, 06:00–14:00
    expect(times.plannedDowntime).toBe(30 * MIN); // the break
    expect(times.pbt).toBe(450 * MIN); // 480 − 30
    expect(times.apt).toBe(385 * MIN); // 120 + 100 + 165 = 450 − 20 − 45
    expect(times.asut).toBe(20 * MIN);
    expect(times.adet).toBe(45 * MIN);
    expect(times.adot).toBe(0);
    expect(times.aupt).toBe(405 * MIN); // 385 + 20
    expect(times.aubt).toBe(450 * MIN); // 405 + 45 = PBT, nothing idle
  });

  it('60,000 good + 400 rejects: OEE 88.9 %, the line beating its rating', () => {
    const { kpis, quantities } = value(lineKpis(input(60_000, 400)));
    expect(quantities).toEqual({ good: 60_000, scrap: 400, rework: 0, produced: 60_400 });
    // Availability = APT / PBT = 385 / 450 = 0.855556
    expect(kpis.availability).toBeCloseTo(385 / 450, 12);
    expect(kpis.availability).toBeCloseTo(0.855556, 6);
    // Effectiveness = PRU × PQ / APT = (60,400 / 150) / 385 = 402.667 / 385 = 1.045887:
    // 60,400 units at 150 /min need 402.7 min, more than the 385 min run, so
    // the line ran faster than rated (the standard allows above 100 %).
    expect(kpis.effectiveness).toBeCloseTo(1.045887, 6);
    // Quality ratio = GQ / PQ = 60,000 / 60,400 = 0.993377
    expect(kpis.qualityRatio).toBeCloseTo(0.993377, 6);
    // OEE = PRU × GQ / PBT = (60,000 / 150) / 450 = 400 / 450 = 0.888889
    expect(kpis.oee).toBeCloseTo(0.888889, 6);
    // … and equals A × E × Q = 0.855556 × 1.045887 × 0.993377
    expect(kpis.oee).toBeCloseTo(kpis.availability! * kpis.effectiveness! * kpis.qualityRatio!, 12);
    // NEE = AUPT / PBT × E × Q = 405/450 × 400/385 = 0.9 × 1.038961 = 0.935065
    expect(kpis.nee).toBeCloseTo(0.935065, 6);
    // Setup rate = ASUT / AUPT = 20 / 405 = 0.049383
    expect(kpis.setupRate).toBeCloseTo(0.049383, 6);
    // Scrap ratio = SQ / PQ = 400 / 60,400 = 0.006623
    expect(kpis.scrapRatio).toBeCloseTo(0.006623, 6);
    expect(kpis.reworkRatio).toBe(0);
    // Technical efficiency = APT / (APT + ADET) = 385 / 430 = 0.895349
    expect(kpis.technicalEfficiency).toBeCloseTo(0.895349, 6);
    // Allocation efficiency = AUBT / PBT = 450 / 450; utilisation = APT / AUBT = 385 / 450
    expect(kpis.allocationEfficiency).toBe(1);
    expect(kpis.utilizationEfficiency).toBeCloseTo(385 / 450, 12);
  });

  it('50,000 good + 400 rejects: OEE 74.1 %', () => {
    const { kpis } = value(lineKpis(input(50_000, 400)));
    // E = (50,400 / 150) / 385 = 336 / 385 = 0.872727
    expect(kpis.effectiveness).toBeCloseTo(0.872727, 6);
    // Q = 50,000 / 50,400 = 0.992063
    expect(kpis.qualityRatio).toBeCloseTo(0.992063, 6);
    // OEE = (50,000 / 150) / 450 = 333.333 / 450 = 0.740741 = 0.855556 × 0.872727 × 0.992063
    expect(kpis.oee).toBeCloseTo(0.740741, 6);
    expect(kpis.oee).toBeCloseTo(kpis.availability! * kpis.effectiveness! * kpis.qualityRatio!, 12);
  });

  it('counts rework as produced but not good', () => {
    const { kpis, quantities } = value(
      lineKpis({ ...input(0, 0), counts: { good: 50_000, reject: 400, rework: 600 } }),
    );
    expect(quantities.produced).toBe(51_000);
    expect(kpis.reworkRatio).toBeCloseTo(600 / 51_000, 12);
    expect(kpis.qualityRatio).toBeCloseTo(50_000 / 51_000, 12);
  });
});

describe('edge cases', () => {
  const shiftA = { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T14:00') };

  it('a line that stood all shift: availability 0, OEE 0, the rest undefined', () => {
    const report = value(
      lineKpis({
        window: shiftA,
        intervals: [{ ...shiftA, state: 'starved', reason: 'STARVED-PRIMER' }],
        counts: { good: 0, reject: 0 },
        ratedRatePerMinute: 84,
        calendar: l1Calendar,
      }),
    );
    expect(report.kpis).toEqual({
      availability: 0,
      effectiveness: undefined, // 0 / 0
      qualityRatio: undefined, // 0 / 0
      oee: 0, // PRU × 0 / 480
      nee: 0,
      allocationEfficiency: 1,
      utilizationEfficiency: 0,
      technicalEfficiency: 0,
      setupRate: undefined,
      scrapRatio: undefined,
      reworkRatio: undefined,
    });
  });

  it('no planned time (a Saturday): every KPI undefined, none NaN', () => {
    const saturday = { from: vet('2027-03-06T00:00'), to: vet('2027-03-07T00:00') };
    const report = value(
      lineKpis({
        window: saturday,
        intervals: [{ ...saturday, state: 'off_shift' }],
        counts: { good: 0, reject: 0 },
        ratedRatePerMinute: 84,
        calendar: l1Calendar,
      }),
    );
    expect(report.times.pbt).toBe(0);
    expect(Object.values(report.kpis).every((v) => v === undefined)).toBe(true);
  });

  it('an empty window: every KPI undefined', () => {
    const at = vet('2027-03-01T08:00');
    const report = value(
      lineKpis({
        window: { from: at, to: at },
        intervals: [],
        counts: [],
        ratedRatePerMinute: 84,
        calendar: l1Calendar,
      }),
    );
    expect(report.times.pot).toBe(0);
    expect(Object.values(report.kpis).every((v) => v === undefined)).toBe(true);
  });

  it('counts without any run time: effectiveness undefined, OEE still PRU × GQ / PBT', () => {
    const report = value(
      lineKpis({
        window: shiftA,
        intervals: [{ ...shiftA, state: 'idle' }],
        counts: { good: 840, reject: 0 },
        ratedRatePerMinute: 84,
        calendar: l1Calendar,
      }),
    );
    expect(report.kpis.effectiveness).toBeUndefined();
    expect(report.kpis.nee).toBeUndefined();
    expect(report.kpis.oee).toBeCloseTo(10 / 480, 12); // 840 / 84 = 10 min of rated output
    expectNoNaN(report.kpis);
  });

  it('kpisOf with every time zero returns undefined, not NaN', () => {
    const kpis = kpisOf(
      { pbt: 0, aubt: 0, aupt: 0, apt: 0, asut: 0, adet: 0 },
      { good: 0, scrap: 0, rework: 0, produced: 0 },
      400,
    );
    expect(Object.values(kpis).every((v) => v === undefined)).toBe(true);
  });

  it('refuses bad input as values', () => {
    const base: KpiInput = {
      window: shiftA,
      intervals: [],
      counts: { good: 0, reject: 0 },
      ratedRatePerMinute: 84,
      calendar: l1Calendar,
    };
    const codeOf = (outcome: Outcome<KpiReport>) => (outcome.ok ? 'ok' : outcome.error.code);
    expect(codeOf(lineKpis({ ...base, ratedRatePerMinute: 0 }))).toBe('invalid_rate');
    expect(codeOf(lineKpis({ ...base, ratedRatePerMinute: Number.POSITIVE_INFINITY }))).toBe(
      'invalid_rate',
    );
    expect(codeOf(lineKpis({ ...base, counts: { good: -1, reject: 0 } }))).toBe('invalid_counts');
    expect(codeOf(lineKpis({ ...base, counts: { good: 1.5, reject: 0 } }))).toBe('invalid_counts');
    expect(codeOf(lineKpis({ ...base, window: { from: shiftA.to, to: shiftA.from } }))).toBe(
      'invalid_window',
    );
    expect(
      codeOf(
        lineKpis({
          ...base,
          intervals: [
            { from: vet('2027-03-01T07:00'), to: vet('2027-03-01T08:00'), state: 'running' },
            { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T07:00'), state: 'idle' },
          ],
        }),
      ),
    ).toBe('unsorted_intervals');
    expect(
      codeOf(
        lineKpis({
          ...base,
          intervals: [
            { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T08:00'), state: 'running' },
            { from: vet('2027-03-01T07:00'), to: vet('2027-03-01T09:00'), state: 'down' },
          ],
        }),
      ),
    ).toBe('overlapping_intervals');
  });

  it('clips to the window: half a shift counts half the planned time', () => {
    // Window 10:00–14:00. The break (10:00–10:30) and breakdown (10:30–11:15) fall inside,
    // the running from 06:00 does not.
    const report = value(
      lineKpis({
        window: { from: vet('2027-03-01T10:00'), to: vet('2027-03-01T14:00') },
        intervals: [
          { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T10:00'), state: 'running' },
          {
            from: vet('2027-03-01T10:00'),
            to: vet('2027-03-01T10:30'),
            state: 'planned_stop',
            reason: 'PLN-BREAK',
          },
          { from: vet('2027-03-01T10:30'), to: vet('2027-03-01T11:15'), state: 'down' },
          { from: vet('2027-03-01T11:15'), to: vet('2027-03-01T15:00'), state: 'running' },
        ],
        counts: [
          { at: vet('2027-03-01T09:59'), good: 20_000, reject: 100 }, // before the window
          { at: vet('2027-03-01T13:59'), good: 13_000, reject: 60 },
          { at: vet('2027-03-01T14:00'), good: 500, reject: 0 }, // at the end: the next window's
        ],
        ratedRatePerMinute: 84,
        calendar: l1Calendar,
      }),
    );
    // POT 240; PBT 240 − 30 = 210; APT 11:15–14:00 = 165; ADET 45.
    expect(report.times.pot).toBe(240 * MIN);
    expect(report.times.pbt).toBe(210 * MIN);
    expect(report.times.apt).toBe(165 * MIN);
    expect(report.times.adet).toBe(45 * MIN);
    expect(report.quantities).toEqual({ good: 13_000, scrap: 60, rework: 0, produced: 13_060 });
    // OEE = (13,000 / 84) / 210 = 154.762 / 210 = 0.736961
    expect(report.kpis.oee).toBeCloseTo(0.736961, 6);
  });
});

describe('per shift and per day', () => {
  // Line N: a night shift 22:00–06:00 Monday to Friday and a day shift 06:00–14:00, in Caracas.
  const nightAndDay: OperationCalendar = {
    timezone: 'America/Caracas',
    calendar: {
      code: 'ND',
      name: 'Night and day',
      shifts: [
        {
          code: 'D',
          name: 'Day',
          start: '06:00',
          end: '14:00',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          breakMinutes: 30,
        },
        {
          code: 'N',
          name: 'Night',
          start: '22:00',
          end: '06:00',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          breakMinutes: 30,
        },
      ],
      holidays: [],
    },
  };
  // Monday 1 March 2027 18:00 to Tuesday 2 March 10:00.
  //   Mon 22:00–Tue 01:00 running    180
  //   Tue 01:00–01:30 planned stop    30 (break)
  //   Tue 01:30–02:00 down            30 (MECH-CS)
  //   Tue 02:00–06:00 running        240   → night shift: PBT 450, APT 420
  //   Tue 06:00–06:40 setup           40
  //   Tue 06:40–10:00 running        200   → day shift (window ends 10:00): POT 240, APT 200
  const intervals: StateInterval[] = [
    { from: vet('2027-03-01T22:00'), to: vet('2027-03-02T01:00'), state: 'running' },
    {
      from: vet('2027-03-02T01:00'),
      to: vet('2027-03-02T01:30'),
      state: 'planned_stop',
      reason: 'PLN-BREAK',
    },
    {
      from: vet('2027-03-02T01:30'),
      to: vet('2027-03-02T02:00'),
      state: 'down',
      reason: 'MECH-CS',
    },
    { from: vet('2027-03-02T02:00'), to: vet('2027-03-02T06:00'), state: 'running' },
    {
      from: vet('2027-03-02T06:00'),
      to: vet('2027-03-02T06:40'),
      state: 'setup',
      reason: 'PLN-SETUP-PRODUCT',
    },
    { from: vet('2027-03-02T06:40'), to: vet('2027-03-02T10:00'), state: 'running' },
  ];
  const counts: CountRecord[] = [
    { at: vet('2027-03-01T23:59'), good: 10_000, reject: 50 }, // night, before midnight
    { at: vet('2027-03-02T05:59'), good: 20_000, reject: 150 }, // night, after midnight
    { at: vet('2027-03-02T09:59'), good: 15_000, reject: 100 }, // day shift
  ];
  const input: KpiInput = {
    window: { from: vet('2027-03-01T18:00'), to: vet('2027-03-02T10:00') },
    intervals,
    counts,
    ratedRatePerMinute: 80,
    calendar: nightAndDay,
  };

  it('keeps a night shift whole across midnight, with the counts of both days', () => {
    const shifts = value(kpisByShift(input));
    expect(shifts.map((s) => [s.day, s.shift])).toEqual([
      ['2027-03-01', 'N'],
      ['2027-03-02', 'D'],
    ]);
    const [night, day] = shifts;
    expect(night!.window).toEqual({ from: vet('2027-03-01T22:00'), to: vet('2027-03-02T06:00') });
    // Night: POT 480, PBT 450, APT 180 + 240 = 420, ADET 30
    expect(night!.times).toMatchObject({
      pot: 480 * MIN,
      pbt: 450 * MIN,
      apt: 420 * MIN,
      adet: 30 * MIN,
    });
    expect(night!.quantities).toEqual({ good: 30_000, scrap: 200, rework: 0, produced: 30_200 });
    // OEE = (30,000 / 80) / 450 = 375 / 450 = 0.833333
    expect(night!.kpis.oee).toBeCloseTo(0.833333, 6);
    // Day, clipped to 06:00–10:00: POT 240, APT 200, ASUT 40
    expect(day!.window).toEqual({ from: vet('2027-03-02T06:00'), to: vet('2027-03-02T10:00') });
    expect(day!.times).toMatchObject({
      pot: 240 * MIN,
      pbt: 240 * MIN,
      apt: 200 * MIN,
      asut: 40 * MIN,
    });
    // OEE = (15,000 / 80) / 240 = 187.5 / 240 = 0.78125
    expect(day!.kpis.oee).toBeCloseTo(0.78125, 12);
  });

  it('gives a night shift to the day it starts, and sums the shifts of a day', () => {
    // Widen the window to the whole of Tuesday's shifts: day shift D (06:00–14:00) and the
    // night shift that starts Tuesday 22:00 belong to Tuesday; Monday's night to Monday.
    const days = value(
      kpisByDay({
        ...input,
        window: { from: vet('2027-03-01T18:00'), to: vet('2027-03-03T06:00') },
      }),
    );
    expect(days.map((d) => [d.day, d.shifts])).toEqual([
      ['2027-03-01', ['N']],
      ['2027-03-02', ['D', 'N']],
    ]);
    const tuesday = days[1]!;
    // Tuesday: POT 480 + 480 = 960, nothing planned down reported; APT 200, ASUT 40,
    // the rest (D 10:00–14:00 240 min, all of N 480 min) unrecorded → ADOT 720.
    expect(tuesday.times).toMatchObject({
      pot: 960 * MIN,
      pbt: 960 * MIN,
      apt: 200 * MIN,
      asut: 40 * MIN,
      adot: 720 * MIN,
      unrecorded: 720 * MIN,
    });
    // OEE = (15,000 / 80) / 960 = 187.5 / 960 = 0.195313
    expect(tuesday.kpis.oee).toBeCloseTo(0.1953125, 12);
    expect(tuesday.window).toEqual({ from: vet('2027-03-02T06:00'), to: vet('2027-03-03T06:00') });
  });

  it('needs timestamped counts to split by shift', () => {
    const result = kpisByShift({ ...input, counts: { good: 1, reject: 0 } });
    expect(result.ok || result.error.code).toBe('counts_not_timestamped');
  });
});

describe('per work order', () => {
  it('takes its own intervals and counts, and the order execution time', () => {
    // The order ran 08:00–12:00 on shift A: running 08:00–10:00, break 10:00–10:30,
    // running 10:30–12:00. AOET 240, PBT 240 − 30 = 210, APT 210.
    const report = value(
      workOrderKpis({
        intervals: [
          { from: vet('2027-03-01T08:00'), to: vet('2027-03-01T10:00'), state: 'running' },
          {
            from: vet('2027-03-01T10:00'),
            to: vet('2027-03-01T10:30'),
            state: 'planned_stop',
            reason: 'PLN-BREAK',
          },
          { from: vet('2027-03-01T10:30'), to: vet('2027-03-01T12:00'), state: 'running' },
        ],
        counts: { good: 16_000, reject: 80 },
        ratedRatePerMinute: 84,
        calendar: l1Calendar,
      }),
    );
    expect(report.aoet).toBe(240 * MIN);
    expect(report.times).toMatchObject({ pot: 240 * MIN, pbt: 210 * MIN, apt: 210 * MIN });
    // Production process ratio = APT / AOET = 210 / 240 = 0.875
    expect(report.productionProcessRatio).toBe(0.875);
    // Throughput = PQ / AOET = 16,080 / 240 = 67 per minute
    expect(report.throughputPerMinute).toBe(67);
    // OEE = (16,000 / 84) / 210 = 190.476 / 210 = 0.907029
    expect(report.kpis.oee).toBeCloseTo(0.907029, 6);
  });

  it('needs intervals or a window', () => {
    const result = workOrderKpis({
      intervals: [],
      counts: { good: 0, reject: 0 },
      ratedRatePerMinute: 84,
      calendar: l1Calendar,
    });
    expect(result.ok || result.error.code).toBe('no_intervals');
  });
});

describe('downtime Pareto', () => {
  const t = (hhmm: string) => vet(`2027-03-01T${hhmm}`);
  const intervals: StateInterval[] = [
    { from: t('06:00'), to: t('06:30'), state: 'setup', reason: 'PLN-SETUP-TOOL' }, // 30
    { from: t('06:30'), to: t('07:00'), state: 'running' },
    { from: t('07:00'), to: t('07:10'), state: 'down', reason: 'MECH-BS' }, // 10
    { from: t('07:10'), to: t('08:00'), state: 'running' },
    { from: t('08:00'), to: t('08:25'), state: 'starved', reason: 'STARVED-PRIMER' }, // 25
    { from: t('08:25'), to: t('09:00'), state: 'running' },
    { from: t('09:00'), to: t('09:20'), state: 'down', reason: 'MECH-BS' }, // 20 (MECH-BS now 30)
    // One stop reported in two pieces (a rebirth in the middle): counted once.
    { from: t('09:20'), to: t('09:30'), state: 'down', reason: 'MECH-BS' }, // 10 (MECH-BS now 40)
    { from: t('09:30'), to: t('10:00'), state: 'running' },
    { from: t('10:00'), to: t('10:30'), state: 'planned_stop', reason: 'PLN-BREAK' }, // 30
    { from: t('10:30'), to: t('10:35'), state: 'down' }, // 5, no reason
    { from: t('10:35'), to: t('11:00'), state: 'running' },
    { from: t('11:00'), to: t('11:05'), state: 'blocked', reason: 'BLOCKED-PACK' }, // 5
    { from: t('11:05'), to: t('13:40'), state: 'running' },
    { from: t('13:40'), to: t('14:30'), state: 'down', reason: 'ELEC-PLC' }, // 20 in the window
    { from: t('14:30'), to: t('22:00'), state: 'off_shift' },
  ];
  const shiftA = { from: t('06:00'), to: t('14:00') };

  it('sorts reasons by time lost, then by stops, with shares adding up to 1', () => {
    const pareto = value(downtimePareto(intervals, shiftA));
    // Total 40 + 30 + 30 + 25 + 20 + 5 + 5 = 155 min.
    expect(
      pareto.map((e) => [
        e.reason,
        e.durationMs / MIN,
        e.count,
        +e.share.toFixed(4),
        +e.cumulativeShare.toFixed(4),
      ]),
    ).toEqual([
      ['MECH-BS', 40, 2, 0.2581, 0.2581], // 40/155
      // 30 min each; the tie goes to the code in order.
      ['PLN-BREAK', 30, 1, 0.1935, 0.4516], // 70/155
      ['PLN-SETUP-TOOL', 30, 1, 0.1935, 0.6452], // 100/155
      ['STARVED-PRIMER', 25, 1, 0.1613, 0.8065], // 125/155
      ['ELEC-PLC', 20, 1, 0.129, 0.9355], // 145/155, clipped at 14:00
      ['BLOCKED-PACK', 5, 1, 0.0323, 0.9677], // 150/155
      [null, 5, 1, 0.0323, 1], // no reason reported: last of equals
    ]);
    expect(pareto.at(-1)?.cumulativeShare).toBe(1);
  });

  it('rolls reasons up to the groups of the plant tree', () => {
    const pareto = value(downtimePareto(intervals, shiftA, { groupBy: reasonGroup(plant) }));
    expect(pareto.map((e) => [e.reason, e.durationMs / MIN, e.count])).toEqual([
      ['PLN', 60, 2], // break 30 + tool setup 30
      ['MECH', 40, 2],
      ['STARVED', 25, 1],
      ['ELEC', 20, 1],
      ['BLOCKED', 5, 1],
      [null, 5, 1],
    ]);
    // One level down, PLN-SETUP-TOOL sits in PLN-SETUP; a leaf right under a top group stays itself.
    const second = value(downtimePareto(intervals, shiftA, { groupBy: reasonGroup(plant, 1) }));
    expect(second.map((e) => e.reason)).toContain('PLN-SETUP');
    expect(second.map((e) => e.reason)).toContain('PLN-BREAK');
  });

  it('counts only the states asked for', () => {
    const unplanned = value(
      downtimePareto(intervals, shiftA, { states: ['down', 'starved', 'blocked'] }),
    );
    expect(unplanned.map((e) => e.reason)).toEqual([
      'MECH-BS',
      'STARVED-PRIMER',
      'ELEC-PLC',
      'BLOCKED-PACK',
      null,
    ]);
  });

  it('is empty for a window without stops, and refuses unsorted input', () => {
    expect(value(downtimePareto(intervals, { from: t('11:05'), to: t('13:40') }))).toEqual([]);
    const unsorted = downtimePareto([...intervals].reverse(), shiftA);
    expect(unsorted.ok || unsorted.error.code).toBe('unsorted_intervals');
  });
});
