// Runs made up for the Twin page's unit tests: small numbers that are easy to check by hand.
import type { ScenarioInput, TwinRun } from '../../api/twin';

const interval = (mean: number, half = 0) => ({
  mean,
  sd: half,
  low: mean - half,
  high: mean + half,
});

/** A run of two replications making BALL and BLANK on L1 and L2. */
export function twinRun(
  id: string,
  createdAt: string,
  input: ScenarioInput,
  ball: [number, number] = [100, 110],
  blank: [number, number] = [50, 40],
): TwinRun {
  const line = (code: string, oee: number) => ({
    line: code,
    workingMinutes: 1000,
    changeoverMinutes: 0,
    produced: interval(100),
    oee,
    availability: 0.9,
    performance: 0.95,
    quality: 0.99,
    bottleneck: 'CH',
    stations: [
      { station: 'CF', busy: 0.8, blocked: 0.2, starved: 0, down: 0 },
      { station: 'CH', busy: 1, blocked: 0, starved: 0, down: 0 },
    ],
  });
  return {
    id,
    createdAt,
    createdBy: 'pia',
    input,
    replications: 2,
    seed: '1',
    wallMs: 3000,
    report: {
      scenario: input.scenario,
      description: 'a scenario',
      year: input.year,
      assumptions: 'uncalibrated defaults',
      assumed: {
        behaviour: { kind: 'uncalibrated' },
        supply: { reviewDays: 7, leadTimeDays: 3, stockDays: 14 },
      },
      replications: 2,
      products: [
        {
          product: 'BALL',
          output: interval(105, 5),
          demand: null,
          shortfall: null,
          perReplication: ball,
        },
        {
          product: 'BLANK',
          output: interval(45, 5),
          demand: null,
          shortfall: null,
          perReplication: blank,
        },
      ],
      total: interval(150, 5),
      lines: [line('L1', 0.8), line('L2', 0.9)],
      eventsPerReplication: 1000,
    },
  };
}
