// Rated capacity against figures worked out by hand: the reference plant's
// (its header comment shows the arithmetic) and a small plant built so that
// each calendar rule moves the result by a known amount.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LineCapacity, lineCapacity, plantCapacity } from './capacity.js';
import type { PlantFile, PlantFileInput } from './model.js';
import { readPlantText } from './plant-file.js';
import { validatePlant } from './validate.js';

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error('the reference plant is not valid');
  return result.plant;
}

function checked(input: PlantFileInput): PlantFile {
  const result = validatePlant(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

const line = (capacity: { lines: LineCapacity[] }, code: string) => {
  const found = capacity.lines.find((l) => l.line === code);
  if (!found) throw new Error(`no line ${code}`);
  return found;
};

describe('the reference plant', () => {
  const plant = referencePlant();

  it('is rated at 70,329,600 cartridges in 2027', () => {
    const capacity = plantCapacity(plant, 2027);
    expect(capacity.year).toBe(2027);
    expect(capacity.ratedPerYear).toBe(70_329_600);
    expect(capacity.lines.map((l) => [l.line, l.ratedPerYear])).toEqual([
      ['L1', 18_144_000],
      ['L2', 18_144_000],
      ['L3', 17_020_800],
      ['L4', 17_020_800],
    ]);
  });

  it('has 240 working days and 216,000 available minutes on every line in 2027', () => {
    for (const l of plantCapacity(plant, 2027).lines) {
      expect(l, l.line).toMatchObject({
        calendar: 'TWO-SHIFT',
        workingDays: 240,
        // 261 weekdays × 2 shifts × 480 min
        shiftMinutes: 250_560,
        // 11 weekday holidays and 10 days of maintenance, whole days of 960 min
        holidayMinutes: 10_560,
        maintenanceMinutes: 9_600,
        // 240 working days × 2 × 30 min
        breakMinutes: 14_400,
        availableMinutes: 216_000,
      });
    }
  });

  it('rates lines 3–4 on the time-weighted tracer/blank mix', () => {
    const l3 = line(plantCapacity(plant, 2027), 'L3');
    expect(l3.mixRatePerMinute).toBeCloseTo(0.6 * 68 + 0.4 * 95, 10);
    expect(l3.products).toEqual([
      {
        product: 'C762-TRACER',
        ratePerMinute: 68,
        share: 0.6,
        dedicatedPerYear: 14_688_000,
        plannedPerYear: 8_812_800,
      },
      {
        product: 'C762-BLANK',
        ratePerMinute: 95,
        share: 0.4,
        dedicatedPerYear: 20_520_000,
        plannedPerYear: 8_208_000,
      },
    ]);
    // The planned outputs of the mix add up to the line's rating.
    expect(l3.products.reduce((sum, p) => sum + p.plannedPerYear, 0)).toBe(l3.ratedPerYear);
  });

  it('is rated at 70,036,560 in 2026, with 239 working days', () => {
    const capacity = plantCapacity(plant, 2026);
    expect(capacity.ratedPerYear).toBe(70_036_560);
    for (const l of capacity.lines) {
      expect(l.workingDays, l.line).toBe(239);
      expect(l.availableMinutes, l.line).toBe(239 * 900);
    }
  });

  it('is about 70 million cartridges a year, as the design brief says (±2 %)', () => {
    for (const year of [2026, 2027]) {
      const rated = plantCapacity(plant, year).ratedPerYear;
      expect(Math.abs(rated - 70_000_000) / 70_000_000, String(year)).toBeLessThanOrEqual(0.02);
    }
  });

  it('has no maintenance planned in a year the file does not cover', () => {
    // 2028: only the annual holidays apply; a leap year starting on Saturday has 260 weekdays.
    const l1 = line(plantCapacity(plant, 2028), 'L1');
    expect(l1.maintenanceMinutes).toBe(0);
    expect(l1.shiftMinutes).toBe(260 * 960);
  });
});

// 2027 starts on a Friday and has 365 days: 53 Fridays and 52 of every other
// weekday, so 261 weekdays.
//
// Calendar MIX: a day shift 06:00–14:00 Mon–Fri (30 min breaks) and a night
// shift 22:00–06:00 on Fridays only (60 min breaks), which runs into Saturday
// but belongs to Friday. Holidays: 1 Jan (annual; a Friday, both shifts),
// 3 May 2027 (one-off; a Monday), 4 May 2026 (one-off, another year), 25 Dec
// (annual; a Saturday, no shift) and 2 Jan 2027 (one-off; the Saturday the
// first night shift runs into, no shift of its own).
//
// Line L1 has maintenance from Fri 1 Jan to Fri 8 Jan 2027; 1 Jan is already a
// holiday and must not count twice. Line L2 has none.
//
//   shift time      261 × 480 + 53 × 480                   = 150,720 min
//   holidays        1 Jan 960 + 3 May 480                    =   1,440 min
//   L1 maintenance  4 Jan–7 Jan 4 × 480 + 8 Jan 960          =   2,880 min
//   L1 working days 261 − 2 holidays − 5 maintenance days    =     254
//     of them Fridays 53 − 2 = 51, Mondays–Thursdays 203
//   L1 breaks       254 × 30 + 51 × 60                      =  10,680 min
//   L1 available    203 × 450 + 51 × (450 + 420)             = 135,720 min
//   L2 working days 261 − 2 = 259 (52 Fridays, 207 Mon–Thu)
//   L2 available    207 × 450 + 52 × 870                     = 138,390 min
//
// L1 makes BALL at 80/min and TRACER at 60/min without shares: rated on BALL,
// 135,720 × 80 = 10,857,600. L2 makes them 75 % / 25 % of the time:
// 0.75 × 80 + 0.25 × 60 = 75/min, 138,390 × 75 = 10,379,250.
function smallPlant(): PlantFileInput {
  return {
    schemaVersion: 1,
    site: { code: 'S', name: 'Small plant', country: 'VE', timezone: 'America/Caracas' },
    areas: [{ code: 'PROD', name: 'Production', kind: 'production' }],
    calendars: [
      {
        code: 'MIX',
        name: 'Day shift and a Friday night shift',
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
            name: 'Friday night',
            start: '22:00',
            end: '06:00',
            days: ['fri'],
            breakMinutes: 60,
          },
        ],
        holidays: [
          { annual: '01-01', name: 'New Year' },
          { date: '2027-05-03', name: 'Bridge day' },
          { date: '2026-05-04', name: 'Bridge day of another year' },
          { annual: '12-25', name: 'Christmas' },
          { date: '2027-01-02', name: 'Saturday after New Year' },
        ],
      },
    ],
    maintenance: [
      { code: 'PM-L1', lines: ['L1'], from: '2027-01-01', to: '2027-01-08', reason: 'Overhaul' },
    ],
    materials: [
      { code: 'BALL', name: 'Ball', kind: 'finished', category: 'cartridge', unit: 'each' },
      { code: 'TRACER', name: 'Tracer', kind: 'finished', category: 'cartridge', unit: 'each' },
      { code: 'CASE', name: 'Case', kind: 'component', category: 'case', unit: 'each' },
    ],
    boms: [
      { product: 'BALL', items: [{ material: 'CASE', quantity: 1000 }] },
      { product: 'TRACER', items: [{ material: 'CASE', quantity: 1000 }] },
    ],
    lines: [
      {
        code: 'L1',
        name: 'Line 1',
        area: 'PROD',
        calendar: 'MIX',
        stations: [{ code: 'ST', name: 'Station', kind: 'other', ratePerMinute: 100 }],
        products: [
          { product: 'BALL', ratePerMinute: 80 },
          { product: 'TRACER', ratePerMinute: 60 },
        ],
      },
      {
        code: 'L2',
        name: 'Line 2',
        area: 'PROD',
        calendar: 'MIX',
        stations: [{ code: 'ST', name: 'Station', kind: 'other', ratePerMinute: 100 }],
        products: [
          { product: 'BALL', ratePerMinute: 80, share: 0.75 },
          { product: 'TRACER', ratePerMinute: 60, share: 0.25 },
        ],
      },
    ],
  };
}

describe('a small plant, worked out by hand', () => {
  const plant = checked(smallPlant());
  const capacity = plantCapacity(plant, 2027);

  it('counts shifts, holidays, maintenance and breaks as worked out', () => {
    expect(line(capacity, 'L1')).toMatchObject({
      workingDays: 254,
      shiftMinutes: 150_720,
      holidayMinutes: 1_440,
      maintenanceMinutes: 2_880,
      breakMinutes: 10_680,
      availableMinutes: 135_720,
    });
    expect(line(capacity, 'L2')).toMatchObject({
      workingDays: 259,
      shiftMinutes: 150_720,
      holidayMinutes: 1_440,
      maintenanceMinutes: 0,
      breakMinutes: 10_890,
      availableMinutes: 138_390,
    });
  });

  it('rates a line without shares on its first product', () => {
    const l1 = line(capacity, 'L1');
    expect(l1.mixRatePerMinute).toBe(80);
    expect(l1.ratedPerYear).toBe(10_857_600);
    expect(l1.products).toEqual([
      {
        product: 'BALL',
        ratePerMinute: 80,
        share: 1,
        dedicatedPerYear: 10_857_600,
        plannedPerYear: 10_857_600,
      },
      {
        product: 'TRACER',
        ratePerMinute: 60,
        share: 0,
        dedicatedPerYear: 8_143_200,
        plannedPerYear: 0,
      },
    ]);
  });

  it('rates a line with shares on the time-weighted rate of its mix', () => {
    const l2 = line(capacity, 'L2');
    expect(l2.mixRatePerMinute).toBe(75);
    expect(l2.ratedPerYear).toBe(10_379_250);
  });

  it('adds the lines up for the plant', () => {
    expect(capacity.ratedPerYear).toBe(10_857_600 + 10_379_250);
  });

  it('counts a night shift on the day it starts, even across the year end', () => {
    // Only the Friday night shift: 53 Fridays in 2027, the last (31 Dec) running into 2028.
    const input = smallPlant();
    const calendar = input.calendars[0]!;
    calendar.shifts = calendar.shifts.filter((s) => s.code === 'N');
    calendar.holidays = [{ date: '2027-01-02', name: 'a Saturday' }];
    input.maintenance = [];
    const nightOnly = checked(input);
    const l2 = lineCapacity(nightOnly, nightOnly.lines[1]!, 2027);
    expect(l2.workingDays).toBe(53);
    expect(l2.holidayMinutes).toBe(0);
    expect(l2.availableMinutes).toBe(53 * 420);

    // A holiday on the Friday removes that night; one on the Saturday did not.
    calendar.holidays = [{ date: '2027-01-08', name: 'a Friday' }];
    const fridayOff = checked(input);
    const withFridayOff = lineCapacity(fridayOff, fridayOff.lines[1]!, 2027);
    expect(withFridayOff.workingDays).toBe(52);
    expect(withFridayOff.holidayMinutes).toBe(480);
    expect(withFridayOff.availableMinutes).toBe(52 * 420);
  });

  it('counts nothing on days without shifts', () => {
    // A Saturday-only calendar: 52 Saturdays in 2027, and the Friday holiday changes nothing.
    const input = smallPlant();
    const calendar = input.calendars[0]!;
    calendar.shifts = [
      { code: 'W', name: 'Weekend', start: '08:00', end: '12:00', days: ['sat'], breakMinutes: 0 },
    ];
    calendar.holidays = [{ annual: '01-01', name: 'New Year (a Friday)' }];
    input.maintenance = [];
    const l2 = line(plantCapacity(checked(input), 2027), 'L2');
    expect(l2).toMatchObject({
      workingDays: 52,
      shiftMinutes: 52 * 240,
      holidayMinutes: 0,
      availableMinutes: 52 * 240,
    });
  });

  it('applies a window to every line it names and only within the year', () => {
    const input = smallPlant();
    // Mon 28 Dec 2026 – Tue 5 Jan 2027: in 2027 that is Fri 1 (holiday), Mon 4, Tue 5.
    input.maintenance = [
      { code: 'PM', lines: ['L1', 'L2'], from: '2026-12-28', to: '2027-01-05', reason: 'Both' },
    ];
    const both = plantCapacity(checked(input), 2027);
    for (const code of ['L1', 'L2']) {
      expect(line(both, code).maintenanceMinutes, code).toBe(2 * 480);
      expect(line(both, code).holidayMinutes, code).toBe(1_440);
    }
    // In 2026 the same window takes Mon 28 – Thu 31 Dec (31 Dec is no holiday in this calendar).
    const before = plantCapacity(checked(input), 2026);
    expect(line(before, 'L1').maintenanceMinutes).toBe(4 * 480);
  });

  it('does not count a one-off holiday of another year', () => {
    // 4 May 2026 is a Monday; the same day in 2027 is a Tuesday and not a holiday.
    const l2in2026 = line(plantCapacity(plant, 2026), 'L2');
    // 2026: 1 Jan (Thursday, day shift only) and 4 May (Monday); 25 Dec 2026 is a Friday.
    expect(l2in2026.holidayMinutes).toBe(480 + 480 + 960);
  });
});
