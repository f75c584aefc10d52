// Assumptions from measured station behaviour: measured figures where there
// are some, the placeholder elsewhere, saying how many stations were measured; and a run with
// them reproducible on the caller and on worker threads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlantText } from '../plant/index.js';
import {
  assumptionsFrom,
  MAINTENANCE_BREAKDOWNS,
  type MeasuredBehaviour,
  withRecordedBreakdowns,
} from './calibrated-assumptions.js';
import { runScenario } from './run-scenario.js';
import { UNCALIBRATED } from './scenario.js';

const measured: MeasuredBehaviour[] = [
  {
    line: 'L1',
    station: 'CH',
    cycleCv: 0.05,
    meanMinutesBetweenStops: 30,
    repairMeanMinutes: 4,
    repairSdMinutes: 2,
    rejectRate: 0.001,
  },
  {
    line: 'L1',
    station: 'PR',
    cycleCv: null,
    meanMinutesBetweenStops: null,
    repairMeanMinutes: null,
    repairSdMinutes: null,
    rejectRate: null,
  },
];

describe('calibrated assumptions', () => {
  it('use what was measured and the placeholder for the rest, and say so', () => {
    const assumptions = assumptionsFrom(measured);
    expect(assumptions.behaviour).toEqual({
      kind: 'calibrated',
      complete: 1,
      stations: 2,
      rest: 'uncalibrated',
    });
    const ch = assumptions.station('L1', 'CH', 'charging');
    expect(ch.cycleCv).toBe(0.05);
    expect(ch.rejectRate).toBe(0.001);
    expect(ch.stops[0]?.meanMinutesBetween).toBe(30);
    expect(ch.stops[0]?.repair.mean).toBeCloseTo(4, 9);
    expect(Math.sqrt(ch.stops[0]?.repair.variance as number)).toBeCloseTo(2, 9);
    // Nothing measured at PR, and nothing at all on L2: the placeholder.
    expect(assumptions.station('L1', 'PR', 'priming')).toEqual(
      UNCALIBRATED.station('L1', 'PR', 'priming'),
    );
    expect(assumptions.station('L2', 'CH', 'charging')).toEqual(
      UNCALIBRATED.station('L2', 'CH', 'charging'),
    );
    expect(assumptionsFrom([]).behaviour).toEqual({ kind: 'uncalibrated' });
  });

  it('make each measured reason of stop a stop process of its own', () => {
    const assumptions = assumptionsFrom([
      {
        ...(measured[0] as MeasuredBehaviour),
        stopsByReason: [
          { reason: 'MICRO', meanMinutesBetween: 12, repairMeanMinutes: 0.5, repairSdMinutes: 0.2 },
          {
            reason: 'MECH-CH',
            meanMinutesBetween: 240,
            repairMeanMinutes: 25,
            repairSdMinutes: null,
          },
          // Never ended in the window: as long as the station's stops are.
          {
            reason: 'ELEC',
            meanMinutesBetween: 900,
            repairMeanMinutes: null,
            repairSdMinutes: null,
          },
        ],
      },
    ]);
    const stops = assumptions.station('L1', 'CH', 'charging').stops;
    expect(stops.map((s) => [s.reason, s.meanMinutesBetween, s.repair.mean])).toEqual([
      ['MICRO', 12, expect.closeTo(0.5, 9)],
      ['MECH-CH', 240, expect.closeTo(25, 9)],
      ['ELEC', 900, expect.closeTo(4, 9)],
    ]);
    expect(Math.sqrt(stops[0]?.repair.variance as number)).toBeCloseTo(0.2, 9);
    // One complete stop has no spread: its mean stands for it.
    expect(Math.sqrt(stops[1]?.repair.variance as number)).toBeCloseTo(25, 6);
    expect(Math.sqrt(stops[2]?.repair.variance as number)).toBeCloseTo(2, 9);
  });

  it('drive a run, the same on worker threads as on the caller', async () => {
    const read = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
    if (!read.ok) throw new Error('reference plant');
    const input = { scenario: 'baseline' as const, year: 2027 };
    const here = await runScenario(read.plant, input, {
      replications: 1,
      workers: 0,
      measured,
      seed: 3,
    });
    const there = await runScenario(read.plant, input, {
      replications: 1,
      workers: 1,
      measured,
      seed: 3,
    });
    const plain = await runScenario(read.plant, input, { replications: 1, workers: 0, seed: 3 });
    expect(there.total.mean).toBe(here.total.mean);
    expect(here.assumptions).toMatch(/^calibrated from machine data/);
    expect(here.assumed.behaviour).toMatchObject({ kind: 'calibrated', complete: 1, stations: 2 });
    // L1's charging station stops three times as often as the placeholder says: L1 makes less.
    const l1 = (r: typeof here) => r.lines.find((l) => l.line === 'L1')?.produced.mean as number;
    expect(l1(here)).toBeLessThan(l1(plain));
  }, 60_000);
});

describe('breakdowns from the maintenance records', () => {
  const station: MeasuredBehaviour = {
    line: 'L1',
    station: 'CH',
    cycleCv: 0.05,
    meanMinutesBetweenStops: 9,
    repairMeanMinutes: 1.5,
    repairSdMinutes: 3,
    rejectRate: 0.001,
    stopsByReason: [
      { reason: 'MICRO', meanMinutesBetween: 10, repairMeanMinutes: 0.5, repairSdMinutes: 0.2 },
      { reason: 'MECH-JAM', meanMinutesBetween: 90, repairMeanMinutes: 6, repairSdMinutes: 2 },
    ],
  };
  const breakdowns = new Set(['MECH-JAM', 'ELEC-DRIVE']);

  it('replace the breakdown reasons of the machine data, keeping the other stops', () => {
    const [merged] = withRecordedBreakdowns(
      [station],
      [{ line: 'L1', station: 'CH', mtbfMinutes: 120, repairMinutes: [10, 20, 30] }],
      breakdowns,
    );
    expect(merged?.stopsByReason).toEqual([
      { reason: 'MICRO', meanMinutesBetween: 10, repairMeanMinutes: 0.5, repairSdMinutes: 0.2 },
      {
        reason: MAINTENANCE_BREAKDOWNS,
        meanMinutesBetween: 120,
        repairMeanMinutes: 20,
        repairSdMinutes: 10,
      },
    ]);
    // The twin then runs them as two stop processes of the station.
    const behaviour = assumptionsFrom(merged ? [merged] : []).station('L1', 'CH', 'charging');
    expect(behaviour.stops.map((s) => s.meanMinutesBetween)).toEqual([10, 120]);
    expect(behaviour.stops[1]?.repair.mean).toBeCloseTo(20, 9);
  });

  it('leave a station alone without a recorded breakdown or a known repair time', () => {
    const none = withRecordedBreakdowns(
      [station],
      [{ line: 'L1', station: 'CH', mtbfMinutes: null, repairMinutes: [] }],
      breakdowns,
    );
    expect(none).toEqual([station]);
    const unrepaired = withRecordedBreakdowns(
      [station],
      [{ line: 'L1', station: 'CH', mtbfMinutes: 300, repairMinutes: [] }],
      breakdowns,
    );
    expect(unrepaired).toEqual([station]);
    expect(withRecordedBreakdowns([station], [], breakdowns)).toEqual([station]);
  });
});
