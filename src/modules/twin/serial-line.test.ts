// The line model against known answers: an M/M/1 queue, a line without
// failures at its bottleneck's rate, two stations with a finite buffer
// against the exact Markov chain, failures in calendar and operating time
// against their availability, rejects, and reproducibility for a seed.
import { describe, expect, it } from 'vitest';
import { constant, exponential } from './distributions.js';
import { Simulation } from './engine.js';
import { solveSerialLine } from './markov.js';
import { type LineSpec, type LineStatistics, SerialLines } from './serial-line.js';

function simulate(
  lines: LineSpec[],
  seed: number | string,
  warmUp: number,
  horizon: number,
): { stats: LineStatistics[]; span: number } {
  const simulation = new Simulation();
  const model = new SerialLines(simulation, lines, seed);
  simulation.run(model, warmUp);
  model.resetStatistics();
  simulation.run(model, warmUp + horizon);
  return { stats: model.statistics(), span: horizon };
}

describe('the serial-line model', () => {
  it('is an M/M/1 queue when an arrival station feeds one server through an unbounded buffer', () => {
    // λ = 0.8, μ = 1: ρ = 0.8, Lq = ρ²/(1 − ρ) = 3.2, Wq = Lq/λ = 4.
    const { stats, span } = simulate(
      [
        {
          name: 'MM1',
          stations: [
            { name: 'arrivals', cycle: exponential(1 / 0.8) },
            { name: 'server', cycle: exponential(1) },
          ],
          buffers: [1e9],
        },
      ],
      'mm1',
      10_000,
      400_000,
    );
    const [line] = stats;
    const server = line?.stations[1];
    const lq = line?.meanBuffer[0] as number;
    expect(server?.busy).toBeCloseTo(0.8, 1);
    expect(Math.abs((server?.busy as number) - 0.8)).toBeLessThan(0.01);
    // The queue's time average converges slowly (high autocorrelation at ρ = 0.8): 5 %.
    expect(Math.abs(lq - 3.2) / 3.2).toBeLessThan(0.05);
    expect(Math.abs(lq / 0.8 - 4) / 4).toBeLessThan(0.05);
    expect(Math.abs((line?.produced as number) / span - 0.8) / 0.8).toBeLessThan(0.01);
  });

  it('runs a line without failures at its bottleneck rate', () => {
    // Deterministic cycles 1.0, 1.25 (the bottleneck), 0.8 s: 0.8 parts a second.
    const { stats } = simulate(
      [
        {
          name: 'D',
          stations: [
            { name: 'A', cycle: constant(1) },
            { name: 'B', cycle: constant(1.25) },
            { name: 'C', cycle: constant(0.8) },
          ],
          buffers: [5, 5],
        },
      ],
      1,
      100,
      10_000,
    );
    expect(stats[0]?.produced).toBe(8000);
    expect(stats[0]?.stations[1]?.busy).toBeCloseTo(1, 9);
    // The station before the bottleneck spends the rest blocked, the one after it starved.
    expect(stats[0]?.stations[0]?.blocked).toBeCloseTo(0.2, 3);
    expect(stats[0]?.stations[2]?.starved).toBeCloseTo(1 - 0.8 * 0.8, 3);
  });

  for (const buffer of [0, 1, 3]) {
    it(`matches the exact Markov-chain throughput of two stations with a buffer of ${buffer}`, () => {
      const exact = solveSerialLine({ rates: [1, 1.2], buffers: [buffer] });
      const { stats, span } = simulate(
        [
          {
            name: 'two',
            stations: [
              { name: 'M1', cycle: exponential(1) },
              { name: 'M2', cycle: exponential(1 / 1.2) },
            ],
            buffers: [buffer],
          },
        ],
        `two-${buffer}`,
        1_000,
        400_000,
      );
      const throughput = (stats[0]?.produced as number) / span;
      // 400,000 time units at about 0.8 parts each: the standard error is well under 0.5 %.
      expect(Math.abs(throughput - exact.throughput) / exact.throughput).toBeLessThan(0.01);
      expect(
        Math.abs((stats[0]?.stations[0]?.blocked as number) - (exact.blocked[0] as number)),
      ).toBeLessThan(0.01);
      expect(
        Math.abs((stats[0]?.stations[1]?.starved as number) - (exact.starved[1] as number)),
      ).toBeLessThan(0.01);
    });
  }

  it('matches the Markov chain with operation-dependent failures on three stations', () => {
    const failures = [null, { failureRate: 0.05, repairRate: 0.5 }, null];
    const exact = solveSerialLine({ rates: [1.1, 1, 1.3], buffers: [2, 2], failures });
    const { stats, span } = simulate(
      [
        {
          name: 'three',
          stations: [
            { name: 'A', cycle: exponential(1 / 1.1) },
            {
              name: 'B',
              cycle: exponential(1),
              failure: {
                timeToFailure: exponential(20),
                timeToRepair: exponential(2),
                basis: 'operating',
              },
            },
            { name: 'C', cycle: exponential(1 / 1.3) },
          ],
          buffers: [2, 2],
        },
      ],
      'three',
      1_000,
      400_000,
    );
    const throughput = (stats[0]?.produced as number) / span;
    expect(Math.abs(throughput - exact.throughput) / exact.throughput).toBeLessThan(0.015);
  });

  it('loses to calendar-time failures what their availability says, pre-empted parts resuming', () => {
    // One station, cycle 1 s, fails every 900 s on average for 100 s: available 90 %.
    const { stats, span } = simulate(
      [
        {
          name: 'one',
          stations: [
            {
              name: 'A',
              cycle: constant(1),
              failure: {
                timeToFailure: exponential(900),
                timeToRepair: exponential(100),
                basis: 'calendar',
              },
            },
          ],
          buffers: [],
        },
      ],
      'calendar',
      0,
      2_000_000,
    );
    const station = stats[0]?.stations[0];
    expect(Math.abs((station?.down as number) - 0.1)).toBeLessThan(0.01);
    // Resumed parts keep the work done before the failure: output is the busy time, to the part.
    expect(
      Math.abs((stats[0]?.produced as number) - (station?.busy as number) * span),
    ).toBeLessThanOrEqual(1);
  });

  it('runs several independent stop processes: operating-time ones give 1/(1 + Σ λᵢ/μᵢ)', () => {
    // A station that always has work: micro-stops every 50 operating minutes for 5 (λ/μ = 0.1) and
    // breakdowns every 200 for 20 (0.1). Stops in operating time cannot come while it is down:
    // available 1/(1 + 0.1 + 0.1) = 0.8333.
    const station = (basis: 'operating' | 'calendar') => ({
      name: 'A',
      cycle: constant(1),
      stops: [
        { name: 'MICRO', timeToFailure: exponential(50), timeToRepair: exponential(5), basis },
        {
          name: 'BREAKDOWN',
          timeToFailure: exponential(200),
          timeToRepair: exponential(20),
          basis,
        },
      ],
    });
    const operating = simulate(
      [{ name: 'two', stations: [station('operating')], buffers: [] }],
      'two-stops',
      0,
      4_000_000,
    ).stats[0]?.stations[0];
    expect(Math.abs((operating?.busy as number) - 1 / 1.2)).toBeLessThan(0.004);
    expect(Math.abs((operating?.down as number) - 0.2 / 1.2)).toBeLessThan(0.004);
    // About 4,000,000 / 1.2 × (1/50 + 1/200) = 83,333 stops.
    expect(Math.abs((operating?.failures as number) - 83_333) / 83_333).toBeLessThan(0.02);
    // In calendar time each process comes and goes whatever the other does: up only when both
    // are, 1/1.1² = 0.8264.
    const calendar = simulate(
      [{ name: 'two', stations: [station('calendar')], buffers: [] }],
      'two-stops',
      0,
      4_000_000,
    ).stats[0]?.stations[0];
    expect(Math.abs((calendar?.busy as number) - 1 / 1.1 ** 2)).toBeLessThan(0.004);
  });

  it('keeps a process’s draws when another process is added', () => {
    // Each process draws from its own stream: adding micro-stops leaves the breakdowns' sequence.
    const breakdowns = (extra: boolean): LineSpec[] => [
      {
        name: 'S',
        stations: [
          {
            name: 'A',
            cycle: constant(1),
            failure: {
              timeToFailure: exponential(100),
              timeToRepair: exponential(10),
              basis: 'calendar',
            },
            ...(extra
              ? {
                  stops: [
                    {
                      name: 'MICRO',
                      timeToFailure: exponential(20),
                      timeToRepair: constant(1),
                      basis: 'calendar' as const,
                    },
                  ],
                }
              : {}),
          },
        ],
        buffers: [],
      },
    ];
    // Calendar-time breakdowns fall at the same instants either way: the station's failures grow
    // by the micro-stops alone (about one in 21 minutes).
    const alone = simulate(breakdowns(false), 9, 0, 100_000).stats[0]?.stations[0];
    const both = simulate(breakdowns(true), 9, 0, 100_000).stats[0]?.stations[0];
    const micro = (both?.failures as number) - (alone?.failures as number);
    expect(Math.abs(micro - 100_000 / 21) / (100_000 / 21)).toBeLessThan(0.05);
    expect(() =>
      simulate(
        [
          {
            name: 'X',
            stations: [
              {
                name: 'A',
                cycle: constant(1),
                stops: [
                  {
                    name: 'M',
                    timeToFailure: constant(1),
                    timeToRepair: constant(1),
                    basis: 'operating',
                  },
                  {
                    name: 'M',
                    timeToFailure: constant(1),
                    timeToRepair: constant(1),
                    basis: 'operating',
                  },
                ],
              },
            ],
            buffers: [],
          },
        ],
        1,
        0,
        1,
      ),
    ).toThrow(/two stop processes named "M"/);
  });

  it('removes rejects at their station and counts them', () => {
    const { stats } = simulate(
      [
        {
          name: 'R',
          stations: [
            { name: 'A', cycle: constant(1), rejectProbability: 0.1 },
            { name: 'B', cycle: constant(0.5) },
          ],
          buffers: [10],
        },
      ],
      'rejects',
      0,
      100_000,
    );
    const line = stats[0] as LineStatistics;
    expect(line.stations[0]?.finished).toBe(100_000);
    expect(Math.abs(line.rejected - 10_000)).toBeLessThan(5 * Math.sqrt(100_000 * 0.1 * 0.9));
    expect(line.produced + line.rejected).toBeGreaterThanOrEqual(99_999);
  });

  it('gives the same run for the same seed, and another for another seed', () => {
    const spec: LineSpec[] = [
      {
        name: 'S',
        stations: [
          { name: 'A', cycle: exponential(0.2) },
          {
            name: 'B',
            cycle: exponential(0.2),
            failure: {
              timeToFailure: exponential(50),
              timeToRepair: exponential(5),
              basis: 'calendar',
            },
          },
        ],
        buffers: [5],
      },
    ];
    const a = simulate(spec, 42, 0, 5_000).stats;
    const b = simulate(spec, 42, 0, 5_000).stats;
    const c = simulate(spec, 43, 0, 5_000).stats;
    expect(a).toEqual(b);
    expect(a[0]?.produced).not.toBe(c[0]?.produced);
  });
});
