// The calendar read in the plant's time zone, and the ISO 22400-2 time
// elements of a window, against times worked out by hand.
import { describe, expect, it } from 'vitest';
import type { PlantFile } from '../plant/index.js';
import type { TimeWindow } from './model.js';
import {
  checkIntervals,
  type OperationCalendar,
  type StateInterval,
  shiftInstances,
  type TimeElements,
  timeElements,
} from './time-model.js';

type Calendar = PlantFile['calendars'][number];

const MIN = 60_000;
/** A wall-clock time in Caracas (UTC−4 all year) as an instant. */
const vet = (local: string) => Date.parse(`${local}:00-04:00`);

const WEEKDAYS: Calendar['shifts'][number]['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** Shifts A 06:00–14:00 and B 14:00–22:00 on weekdays, as the reference plant's TWO-SHIFT. */
const twoShift: Calendar = {
  code: 'TWO-SHIFT',
  name: 'Two shifts',
  shifts: [
    { code: 'A', name: 'Morning', start: '06:00', end: '14:00', days: WEEKDAYS, breakMinutes: 30 },
    { code: 'B', name: 'Evening', start: '14:00', end: '22:00', days: WEEKDAYS, breakMinutes: 30 },
  ],
  holidays: [{ annual: '03-03', name: 'A Wednesday holiday' }],
};
const caracas: OperationCalendar = { calendar: twoShift, timezone: 'America/Caracas' };

const elements = (
  intervals: StateInterval[],
  window: TimeWindow,
  operation: OperationCalendar = caracas,
): TimeElements => {
  const result = timeElements(intervals, window, operation);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

const minutes = (times: TimeElements) => {
  const { byState: _byState, ...rest } = times;
  return Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, v / MIN]));
};

describe('shift instances', () => {
  it('reads shift times in the plant zone and skips weekends and holidays', () => {
    // Mon 1 – Sun 7 March 2027; Wednesday 3 March is a holiday.
    const result = shiftInstances(caracas, {
      from: vet('2027-03-01T00:00'),
      to: vet('2027-03-08T00:00'),
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((s) => `${s.day} ${s.shift}`)).toEqual([
      '2027-03-01 A',
      '2027-03-01 B',
      '2027-03-02 A',
      '2027-03-02 B',
      '2027-03-04 A',
      '2027-03-04 B',
      '2027-03-05 A',
      '2027-03-05 B',
    ]);
    // 06:00 in Caracas is 10:00 UTC.
    expect(result.value[0]).toEqual({
      shift: 'A',
      day: '2027-03-01',
      from: Date.parse('2027-03-01T10:00:00Z'),
      to: Date.parse('2027-03-01T18:00:00Z'),
      maintenance: false,
    });
  });

  it('gives a night shift to the day it starts, including one that starts before the window', () => {
    const night: OperationCalendar = {
      timezone: 'America/Caracas',
      calendar: {
        ...twoShift,
        holidays: [],
        shifts: [
          {
            code: 'N',
            name: 'Night',
            start: '22:00',
            end: '06:00',
            days: ['mon'],
            breakMinutes: 0,
          },
        ],
      },
    };
    const result = shiftInstances(night, {
      from: vet('2027-03-02T03:00'),
      to: vet('2027-03-02T12:00'),
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toEqual([
      {
        shift: 'N',
        day: '2027-03-01',
        from: vet('2027-03-01T22:00'),
        to: vet('2027-03-02T06:00'),
        maintenance: false,
      },
    ]);
  });

  it('follows daylight-saving changes: a night shift lasts 7 h in spring and 9 h in autumn', () => {
    const berlin: OperationCalendar = {
      timezone: 'Europe/Berlin',
      calendar: {
        ...twoShift,
        holidays: [],
        shifts: [
          {
            code: 'N',
            name: 'Night',
            start: '22:00',
            end: '06:00',
            days: ['sat'],
            breakMinutes: 0,
          },
        ],
      },
    };
    // Clocks go forward on Sun 28 March 2027 and back on Sun 31 October 2027.
    const spring = shiftInstances(berlin, {
      from: Date.parse('2027-03-27T12:00:00Z'),
      to: Date.parse('2027-03-28T12:00:00Z'),
    });
    const autumn = shiftInstances(berlin, {
      from: Date.parse('2027-10-30T12:00:00Z'),
      to: Date.parse('2027-10-31T12:00:00Z'),
    });
    if (!spring.ok || !autumn.ok) throw new Error('refused');
    // 22:00 CET (UTC+1) to 06:00 CEST (UTC+2); 22:00 CEST to 06:00 CET.
    expect(
      spring.value.map((s) => [new Date(s.from).toISOString(), new Date(s.to).toISOString()]),
    ).toEqual([['2027-03-27T21:00:00.000Z', '2027-03-28T04:00:00.000Z']]);
    expect(
      autumn.value.map((s) => [new Date(s.from).toISOString(), new Date(s.to).toISOString()]),
    ).toEqual([['2027-10-30T20:00:00.000Z', '2027-10-31T05:00:00.000Z']]);
  });

  it('marks shifts on days of planned maintenance', () => {
    const result = shiftInstances(
      { ...caracas, maintenance: [{ from: '2027-03-02', to: '2027-03-02' }] },
      { from: vet('2027-03-01T00:00'), to: vet('2027-03-03T00:00') },
    );
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((s) => `${s.day} ${s.shift} ${s.maintenance}`)).toEqual([
      '2027-03-01 A false',
      '2027-03-01 B false',
      '2027-03-02 A true',
      '2027-03-02 B true',
    ]);
  });

  it('refuses an unknown time zone', () => {
    const result = shiftInstances({ ...caracas, timezone: 'America/Atlantis' }, { from: 0, to: 1 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid_timezone',
        message: 'unknown time zone "America/Atlantis"',
        params: { timezone: 'America/Atlantis' },
      },
    });
  });
});

describe('checking intervals', () => {
  const t = (hh: number) => vet(`2027-03-01T${String(hh).padStart(2, '0')}:00`);

  it('accepts sorted intervals with gaps and touching ends', () => {
    expect(
      checkIntervals([
        { from: t(6), to: t(7), state: 'running' },
        { from: t(7), to: t(8), state: 'down', reason: 'MECH-BS' },
        { from: t(9), to: t(10), state: 'running' },
      ]),
    ).toEqual({ ok: true, value: undefined });
  });

  it('refuses unsorted, overlapping and backward intervals, naming them', () => {
    expect(
      checkIntervals([
        { from: t(8), to: t(9), state: 'running' },
        { from: t(6), to: t(7), state: 'idle' },
      ]),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'unsorted_intervals',
        message:
          'interval 1 starts at 2027-03-01T10:00:00.000Z, before interval 0 (2027-03-01T12:00:00.000Z); sort the intervals by start',
      },
    });
    expect(
      checkIntervals([
        { from: t(6), to: t(8), state: 'running' },
        { from: t(7), to: t(9), state: 'down' },
      ]),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'overlapping_intervals',
        message:
          'interval 1 (down) starts at 2027-03-01T11:00:00.000Z, before interval 0 (running) ends at 2027-03-01T12:00:00.000Z',
      },
    });
    const backwards = checkIntervals([{ from: t(9), to: t(8), state: 'running' }]);
    expect(backwards.ok || backwards.error.code).toBe('invalid_interval');
    const notANumber = checkIntervals([{ from: Number.NaN, to: t(8), state: 'running' }]);
    expect(notANumber.ok || notANumber.error.code).toBe('invalid_interval');
  });
});

describe('time elements', () => {
  const shiftA = { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T14:00') };

  it('splits a shift into the elements of the ISO time model', () => {
    const times = elements(
      [
        { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T07:00'), state: 'setup' }, // 60
        { from: vet('2027-03-01T07:00'), to: vet('2027-03-01T09:00'), state: 'running' }, // 120
        { from: vet('2027-03-01T09:00'), to: vet('2027-03-01T09:10'), state: 'starved' }, // 10
        { from: vet('2027-03-01T09:10'), to: vet('2027-03-01T10:00'), state: 'running' }, // 50
        { from: vet('2027-03-01T10:00'), to: vet('2027-03-01T10:30'), state: 'planned_stop' }, // 30
        { from: vet('2027-03-01T10:30'), to: vet('2027-03-01T10:35'), state: 'blocked' }, // 5
        { from: vet('2027-03-01T10:35'), to: vet('2027-03-01T12:00'), state: 'running' }, // 85
        { from: vet('2027-03-01T12:00'), to: vet('2027-03-01T12:15'), state: 'down' }, // 15
        { from: vet('2027-03-01T12:15'), to: vet('2027-03-01T13:00'), state: 'idle' }, // 45
        // 13:00–13:20 nothing reported: 20
        { from: vet('2027-03-01T13:20'), to: vet('2027-03-01T14:00'), state: 'running' }, // 40
      ],
      shiftA,
    );
    // POT 480; planned down 30 → PBT 450
    // APT 120 + 50 + 85 + 40 = 295; ASUT 60; ADET 10 + 5 + 15 = 30; ADOT idle 45 + unrecorded 20 = 65
    // AUPT 295 + 60 = 355; AUBT 355 + 30 = 385; PBT = AUBT + ADOT = 385 + 65 = 450 ✓
    expect(minutes(times)).toEqual({
      pot: 480,
      plannedDowntime: 30,
      pbt: 450,
      aubt: 385,
      aupt: 355,
      apt: 295,
      asut: 60,
      adet: 30,
      adot: 65,
      unrecorded: 20,
      overtime: 0,
    });
    expect(times.byState).toEqual({
      running: 295 * MIN,
      idle: 45 * MIN,
      starved: 10 * MIN,
      blocked: 5 * MIN,
      down: 15 * MIN,
      setup: 60 * MIN,
      planned_stop: 30 * MIN,
      off_shift: 0,
    });
  });

  it('clips intervals to the window', () => {
    // Window 08:00–12:00 of shift A; the intervals run from 04:00 to 16:00.
    const times = elements(
      [
        { from: vet('2027-03-01T04:00'), to: vet('2027-03-01T09:00'), state: 'running' }, // 60 in the window
        { from: vet('2027-03-01T09:00'), to: vet('2027-03-01T11:00'), state: 'down' }, // 120
        { from: vet('2027-03-01T11:00'), to: vet('2027-03-01T16:00'), state: 'running' }, // 60 in the window
      ],
      { from: vet('2027-03-01T08:00'), to: vet('2027-03-01T12:00') },
    );
    expect(minutes(times)).toMatchObject({ pot: 240, pbt: 240, apt: 120, adet: 120, adot: 0 });
    expect(times.byState.running).toBe(120 * MIN);
  });

  it('counts running and setup outside the calendar as overtime, and nothing else there', () => {
    // Saturday 6 March: no shift. The line is set up for 30 min, runs 2 h,
    // then stands down for 10 h with a latched fault.
    const times = elements(
      [
        { from: vet('2027-03-06T06:00'), to: vet('2027-03-06T06:30'), state: 'setup' },
        { from: vet('2027-03-06T06:30'), to: vet('2027-03-06T08:30'), state: 'running' },
        { from: vet('2027-03-06T08:30'), to: vet('2027-03-06T18:30'), state: 'down' },
      ],
      { from: vet('2027-03-06T00:00'), to: vet('2027-03-07T00:00') },
    );
    expect(minutes(times)).toEqual({
      pot: 150,
      plannedDowntime: 0,
      pbt: 150,
      aubt: 150,
      aupt: 150,
      apt: 120,
      asut: 30,
      adet: 0,
      adot: 0,
      unrecorded: 0,
      overtime: 150,
    });
  });

  it('treats a maintenance day as planned down time, except where the line ran', () => {
    // Tuesday 2 March under maintenance: shifts A and B, 960 min, of which 60 min running.
    const times = elements(
      [{ from: vet('2027-03-02T14:00'), to: vet('2027-03-02T15:00'), state: 'running' }],
      { from: vet('2027-03-02T00:00'), to: vet('2027-03-03T00:00') },
      { ...caracas, maintenance: [{ from: '2027-03-02', to: '2027-03-02' }] },
    );
    expect(minutes(times)).toMatchObject({
      pot: 960,
      plannedDowntime: 900,
      pbt: 60,
      apt: 60,
      adot: 0,
      unrecorded: 0,
    });
  });

  it('counts off_shift reported inside a shift as planned down time', () => {
    // The evening shift was not staffed: the line reports off_shift from 14:00.
    const times = elements(
      [
        { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T14:00'), state: 'running' },
        { from: vet('2027-03-01T14:00'), to: vet('2027-03-02T06:00'), state: 'off_shift' },
      ],
      { from: vet('2027-03-01T06:00'), to: vet('2027-03-01T22:00') },
    );
    expect(minutes(times)).toMatchObject({ pot: 960, plannedDowntime: 480, pbt: 480, apt: 480 });
  });

  it('is all zeros for an empty window and for a window without shifts', () => {
    const zero = {
      pot: 0,
      plannedDowntime: 0,
      pbt: 0,
      aubt: 0,
      aupt: 0,
      apt: 0,
      asut: 0,
      adet: 0,
      adot: 0,
      unrecorded: 0,
      overtime: 0,
    };
    const at = vet('2027-03-01T08:00');
    expect(minutes(elements([], { from: at, to: at }))).toEqual(zero);
    // Wednesday 3 March is a holiday; the line reports idle all day.
    const holiday = { from: vet('2027-03-03T00:00'), to: vet('2027-03-04T00:00') };
    expect(minutes(elements([{ ...holiday, state: 'idle' }], holiday))).toEqual(zero);
  });

  it('refuses a window that ends before it starts', () => {
    const result = timeElements(
      [],
      { from: vet('2027-03-01T08:00'), to: vet('2027-03-01T07:00') },
      caracas,
    );
    expect(result.ok || result.error.code).toBe('invalid_window');
  });
});
