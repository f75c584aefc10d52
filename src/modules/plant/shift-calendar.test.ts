// Production windows from the shift calendar: shifts in the plant's time
// zone, breaks in the middle, no production on weekends, holidays or planned
// maintenance; a night shift runs into the next day, across a DST change too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PlantFile, readPlantText } from './index.js';
import { localDate, ShiftCalendar, zonedEpoch } from './shift-calendar.js';

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

const plant = referencePlant();
const line = (code: string) => {
  const found = plant.lines.find((l) => l.code === code);
  if (!found) throw new Error(`no line ${code}`);
  return found;
};
const utc = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString().slice(0, 16);
const HOUR = 3_600_000;

describe('shift calendar', () => {
  it('gives the two shifts of a weekday, each split by its break (America/Caracas, UTC−4)', () => {
    const calendar = new ShiftCalendar(plant, line('L1'));
    const windows = calendar.windowsBetween(
      utc('2027-03-15T04:00:00Z'),
      utc('2027-03-16T04:00:00Z'),
    );
    expect(windows.map((w) => [w.shift, w.date, iso(w.start), iso(w.end)])).toEqual([
      ['A', '2027-03-15', '2027-03-15T10:00', '2027-03-15T13:45'],
      ['A', '2027-03-15', '2027-03-15T14:15', '2027-03-15T18:00'],
      ['B', '2027-03-15', '2027-03-15T18:00', '2027-03-15T21:45'],
      ['B', '2027-03-15', '2027-03-15T22:15', '2027-03-16T02:00'],
    ]);
    // 2 × (480 − 30) minutes, as rated capacity counts them.
    const minutes = windows.reduce((sum, w) => sum + (w.end - w.start), 0) / 60_000;
    expect(minutes).toBe(900);
  });

  it('has no production on weekends, holidays or the line’s planned maintenance', () => {
    const between = (code: string, from: string, to: string) =>
      new ShiftCalendar(plant, line(code)).windowsBetween(utc(from), utc(to));
    // Saturday and Sunday.
    expect(between('L1', '2027-03-20T04:00:00Z', '2027-03-22T04:00:00Z')).toEqual([]);
    // Jueves Santo 2027 (a dated holiday) and 12-24 (an annual one).
    expect(between('L1', '2027-03-25T04:00:00Z', '2027-03-26T04:00:00Z')).toEqual([]);
    expect(between('L1', '2027-12-24T04:00:00Z', '2027-12-25T04:00:00Z')).toEqual([]);
    // L1 is overhauled 2027-01-11 to 01-22; L2 works those days.
    expect(between('L1', '2027-01-13T04:00:00Z', '2027-01-14T04:00:00Z')).toEqual([]);
    expect(between('L2', '2027-01-13T04:00:00Z', '2027-01-14T04:00:00Z')).toHaveLength(4);
  });

  it('starts inside a running shift and goes on without end', () => {
    const calendar = new ShiftCalendar(plant, line('L1'));
    const windows = calendar.windowsFrom(utc('2027-03-19T20:00:00Z'));
    const first = windows.next().value;
    expect(first && [first.shift, iso(first.start), iso(first.end)]).toEqual([
      'B',
      '2027-03-19T18:00',
      '2027-03-19T21:45',
    ]);
    // Friday's last piece, then Monday.
    expect(iso(windows.next().value?.start ?? 0)).toBe('2027-03-19T22:15');
    expect(iso(windows.next().value?.start ?? 0)).toBe('2027-03-22T10:00');
  });

  it('runs a night shift into the next day, across a change to summer time', () => {
    const nightLine = { ...line('L1'), calendar: 'NIGHT' };
    const madrid: PlantFile = {
      ...plant,
      site: { ...plant.site, timezone: 'Europe/Madrid' },
      calendars: [
        {
          code: 'NIGHT',
          name: 'Night',
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
      ],
      maintenance: [],
      lines: [nightLine],
    };
    const calendar = new ShiftCalendar(madrid, nightLine);
    const windows = calendar.windowsBetween(
      utc('2027-03-20T00:00:00Z'),
      utc('2027-03-29T00:00:00Z'),
    );
    // Clocks go forward on Sunday 28 March 2027 at 02:00: that night is an hour short.
    expect(windows.map((w) => [w.date, iso(w.start), (w.end - w.start) / HOUR])).toEqual([
      ['2027-03-20', '2027-03-20T21:00', 8],
      ['2027-03-27', '2027-03-27T21:00', 7],
    ]);
  });

  it('converts between instants and local dates and times', () => {
    expect(zonedEpoch('2027-03-15', 6 * 60, 'America/Caracas')).toBe(utc('2027-03-15T10:00:00Z'));
    expect(zonedEpoch('2027-07-01', 9 * 60, 'Europe/Madrid')).toBe(utc('2027-07-01T07:00:00Z'));
    expect(localDate(utc('2027-03-16T03:59:00Z'), 'America/Caracas')).toBe('2027-03-15');
    expect(localDate(utc('2027-03-16T04:00:00Z'), 'America/Caracas')).toBe('2027-03-16');
  });
});
