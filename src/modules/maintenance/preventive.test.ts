// When preventive plans fall due, by calendar and by counter, and which due
// points are generated (each once; an overdue one a later one covers, not).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlantText } from '../plant/index.js';
import {
  type CalendarTrigger,
  type CounterTrigger,
  calendarDueDate,
  calendarPointsDue,
  counterDueCount,
  counterPointsDue,
  counterValue,
  jobWindow,
  MAX_POINTS_AHEAD,
  productionMinutes,
  whenMade,
} from './preventive.js';

const parsed = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
if (!parsed.ok) throw new Error('the reference plant is not valid');
const plant = parsed.plant;

describe('calendar plans', () => {
  const every14: CalendarTrigger = { kind: 'calendar', intervalDays: 14, firstDue: '2027-03-15' };

  it('fall due every N days from the first due date', () => {
    expect([1, 2, 3].map((k) => calendarDueDate(every14, k))).toEqual([
      '2027-03-15',
      '2027-03-29',
      '2027-04-12',
    ]);
  });

  it('generate a point on its day, or its lead time before', () => {
    expect(calendarPointsDue(every14, 0, 0, '2027-03-14')).toEqual([]);
    expect(calendarPointsDue(every14, 0, 0, '2027-03-15')).toEqual([
      { index: 1, due: '2027-03-15' },
    ]);
    // Three days of lead: the point of 29 March is generated on the 26th.
    expect(calendarPointsDue(every14, 1, 3, '2027-03-25')).toEqual([]);
    expect(calendarPointsDue(every14, 1, 3, '2027-03-26')).toEqual([
      { index: 2, due: '2027-03-29' },
    ]);
  });

  it('never generate a point twice', () => {
    expect(calendarPointsDue(every14, 1, 0, '2027-03-20')).toEqual([]);
  });

  it('leave out overdue points a later overdue one covers, and keep the ones ahead', () => {
    // Nothing generated since the start, on 13 April with 14 days of lead:
    // 15 and 29 March are covered by 12 April; 26 April is ahead, within the lead.
    expect(calendarPointsDue(every14, 0, 14, '2027-04-13')).toEqual([
      { index: 3, due: '2027-04-12' },
      { index: 4, due: '2027-04-26' },
    ]);
  });
});

describe('counter plans', () => {
  const every50k: CounterTrigger = {
    kind: 'counter',
    counter: 'cartridges',
    intervalCount: 50_000,
    baseline: 1_200,
    firstDueAfter: 50_000,
  };

  it('fall due every N units counted from the baseline', () => {
    expect([1, 2, 3].map((k) => counterDueCount(every50k, k))).toEqual([51_200, 101_200, 151_200]);
    expect(counterDueCount({ ...every50k, firstDueAfter: 10_000 }, 2)).toBe(61_200);
  });

  it('fire at the due count exactly, not a unit before', () => {
    expect(counterPointsDue(every50k, 0, 51_199, 0)).toEqual([]);
    expect(counterPointsDue(every50k, 0, 51_200, 0)).toEqual([{ index: 1, dueCount: 51_200 }]);
    expect(counterPointsDue(every50k, 1, 60_000, 0)).toEqual([]);
  });

  it('fire the lead ahead of the count', () => {
    expect(counterPointsDue(every50k, 0, 41_199, 10_000)).toEqual([]);
    expect(counterPointsDue(every50k, 0, 41_200, 10_000)).toEqual([{ index: 1, dueCount: 51_200 }]);
  });

  it('make one job when the counter jumped past several points', () => {
    expect(counterPointsDue(every50k, 0, 160_000, 0)).toEqual([{ index: 3, dueCount: 151_200 }]);
  });

  it('make at most a hundred jobs ahead at once', () => {
    const everyUnit = { ...every50k, intervalCount: 1, firstDueAfter: 1 };
    const points = counterPointsDue(everyUnit, 0, 1_200, 1_000);
    expect(points).toHaveLength(MAX_POINTS_AHEAD);
    expect(points[0]).toEqual({ index: 1, dueCount: 1_201 });
  });

  it('count cycles as good and rejected units, cartridges as good ones', () => {
    expect(counterValue('cycles', { good: 900, reject: 12 })).toBe(912);
    expect(counterValue('cartridges', { good: 900, reject: 12 })).toBe(900);
  });
});

describe('time on the line’s calendar', () => {
  // Reference plant: shifts 06:00–14:00 and 14:00–22:00 Monday–Friday, each
  // with a 30-minute break in its middle (09:45–10:15 and 17:45–18:15), Caracas time.
  const monday = (time: string) => Date.parse(`2027-03-15T${time}:00-04:00`);

  it('counts production minutes less breaks and nights', () => {
    expect(productionMinutes(plant, 'L1', monday('06:00'), monday('22:00'))).toBe(900);
    expect(productionMinutes(plant, 'L1', monday('05:00'), monday('07:00'))).toBe(60);
  });

  it('tells when a station will have made a number of units at its rate', () => {
    // CF at 120/min: 36,000 units are 300 production minutes from 06:00: 225 to
    // the break at 09:45, then 75 from 10:15.
    expect(whenMade(plant, 'L1', monday('06:00'), 36_000, 120)).toBe(monday('11:30'));
    expect(whenMade(plant, 'L1', monday('06:00'), 0, 120)).toBe(monday('06:00'));
  });

  it('starts a job window with the first shift of its day', () => {
    const sunday = Date.parse('2027-03-14T00:00:00-04:00');
    // Sunday has no shift: the window opens Monday 06:00.
    expect(jobWindow(plant, 'L1', sunday, 240)).toEqual({
      from: monday('06:00'),
      to: monday('10:00'),
    });
    // Mid-shift: from then.
    expect(jobWindow(plant, 'L1', monday('11:00'), 60).from).toBe(monday('11:00'));
  });
});
