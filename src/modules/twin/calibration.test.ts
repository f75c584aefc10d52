// Why a station could not be calibrated, in data and in English: each note comes with its
// quantity, a code and the numbers it names, so a client says it in its reader's language.
import { describe, expect, it } from 'vitest';
import { type StationEventRow, stationCalibrationOf } from './calibration.js';

const key = { group: 'G', line: 'L1', station: 'CF' };
const row = (seconds: number, metric: string, value: number | string): StationEventRow => ({
  metric,
  at: seconds * 1_000,
  number: typeof value === 'number' ? value : null,
  text: typeof value === 'string' ? value : null,
  birth: false,
});
/** A station running for two minutes, reporting its mean cycle every 10 s; no counters. */
const cycleReports = (ms: (i: number) => number): StationEventRow[] => [
  row(0, 'State', 'running'),
  ...Array.from({ length: 12 }, (_, i) => row(10 * (i + 1), 'Cycle/Time', ms(i))),
];

describe('what a station’s calibration could not measure', () => {
  it('says, for a window without data, that each quantity had too little', () => {
    const c = stationCalibrationOf(key, [], { from: 0, to: 60_000 });
    const notEnough = (quantity: string) => ({
      quantity,
      code: 'not_enough_data',
      params: { observations: 0, minimum: 10 },
      text: `${quantity}: not enough data (0 observations, need 10)`,
    });
    expect(c.unfitted).toEqual([
      notEnough('cycle'),
      notEnough('uptime'),
      notEnough('repair'),
      {
        quantity: 'rejectRate',
        code: 'no_parts_counted',
        params: {},
        text: 'reject rate: not enough data (no parts counted)',
      },
    ]);
    expect(c.notes).toEqual(c.unfitted.map((u) => u.text));
  });

  it('passes on the fit’s refusal of durations all equal, with its numbers', () => {
    const c = stationCalibrationOf(
      key,
      cycleReports(() => 30_000),
      { from: 0, to: 120_000 },
    );
    expect(c.cycle).toBeNull();
    expect(c.unfitted[0]).toEqual({
      quantity: 'cycle',
      code: 'fit_sample_without_spread',
      params: { size: 12, value: '0.5' },
      text: 'cycle: all 12 durations are equal (0.5): no distribution with spread fits',
    });
  });

  it('says when the cycle fits but no report counted its units, so one cartridge’s CV is unknown', () => {
    const c = stationCalibrationOf(
      key,
      cycleReports((i) => 600 + 30 * (i % 3)),
      { from: 0, to: 120_000 },
    );
    expect(c.cycle).not.toBeNull();
    expect(c.cycleCv).toBeNull();
    expect(c.unfitted.map((u) => [u.quantity, u.code])).toEqual([
      ['uptime', 'not_enough_data'],
      ['repair', 'not_enough_data'],
      ['rejectRate', 'no_parts_counted'],
      ['cycleCv', 'too_few_counted_reports'],
    ]);
    expect(c.notes.at(-1)).toBe('cycle CV: too few reports with their units counted');
  });
});
