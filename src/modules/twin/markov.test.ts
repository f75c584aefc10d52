// The exact side of the twin's validation, checked against answers that need
// no solver: closed forms derived by hand in the comments, Hunt's classic
// figure for three stations without buffers, and properties any serial line
// must have (flow conservation, reversibility, the limits of large buffers).
import { describe, expect, it } from 'vitest';
import { isLotlineError } from '../../core/errors.js';
import {
  type SerialLine,
  serialLineChain,
  solveSerialLine,
  stationaryDistribution,
  type Transition,
} from './markov.js';

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

/**
 * Two stations, buffer k. With blocking after service the line is a birth–death chain on n, the
 * parts in the line besides the one station 1 works on or holds: n = 0, station 2 starved;
 * n = 1..k+1, both working and n-1 parts in the buffer; n = k+2, the buffer full and station 1
 * blocked. n → n+1 at μ1 for n ≤ k+1, n → n-1 at μ2 for n ≥ 1. So π_n ∝ ρⁿ with ρ = μ1/μ2 over k+3 states, and the throughput is μ2 (1 - π_0):
 * μ2 (ρ - ρ^(k+3)) / (1 - ρ^(k+3)), which tends to μ (k+2)/(k+3) as ρ → 1.
 */
function twoStationThroughput(mu1: number, mu2: number, k: number): number {
  if (mu1 === mu2) return (mu1 * (k + 2)) / (k + 3);
  const rho = mu1 / mu2;
  return (mu2 * (rho - rho ** (k + 3))) / (1 - rho ** (k + 3));
}

/** Max over states of |(πQ)_j| — zero for a stationary distribution. */
function balanceResidual(pi: Float64Array, transitions: readonly Transition[]): number {
  const net = new Float64Array(pi.length);
  for (const { from, to, rate } of transitions) {
    const flow = (pi[from] as number) * rate;
    net[from] = (net[from] as number) - flow;
    net[to] = (net[to] as number) + flow;
  }
  return Math.max(...Array.from(net, Math.abs));
}

/** Shares add up to 1 per station, and each station passes on what the last one sends out. */
function expectConsistent(line: SerialLine) {
  const s = solveSerialLine(line);
  line.rates.forEach((mu, i) => {
    const shares = [s.utilisation, s.blocked, s.starved, s.down].map((x) => x[i] as number);
    expect(sum(shares)).toBeCloseTo(1, 12);
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(0);
    // Every part is finished once at every station: utilisation × μ is the same flow everywhere.
    expect((s.utilisation[i] as number) * mu).toBeCloseTo(s.throughput, 12);
  });
  expect(s.starved[0]).toBe(0);
  expect(s.blocked[line.rates.length - 1]).toBe(0);
  line.buffers.forEach((capacity, b) => {
    expect(s.meanBuffer[b]).toBeGreaterThanOrEqual(0);
    expect(s.meanBuffer[b]).toBeLessThanOrEqual(capacity);
  });
  const chain = serialLineChain(line);
  const pi = stationaryDistribution(chain.states.length, chain.transitions);
  expect(sum(pi)).toBeCloseTo(1, 13);
  expect(Math.min(...pi)).toBeGreaterThan(0);
  expect(balanceResidual(pi, chain.transitions)).toBeLessThan(1e-13);
  return s;
}

describe('one station', () => {
  it('works all the time at its rate', () => {
    const s = solveSerialLine({ rates: [2.5], buffers: [] });
    expect(s).toEqual({
      throughput: 2.5,
      blocked: [0],
      starved: [0],
      utilisation: [1],
      down: [0],
      meanBuffer: [],
      states: 1,
    });
  });
});

describe('two stations', () => {
  it('with no buffer and equal rates: the three-state chain solved by hand gives 2/3 μ', () => {
    // States (station 1, station 2): (W,S) station 2 starved, (W,W), (B,W) station 1 blocked.
    // (W,S) → (W,W) at μ1; (W,W) → (B,W) at μ1 and → (W,S) at μ2; (B,W) → (W,W) at μ2 (station
    // 2 takes the blocked part, station 1 starts another). Balance:
    //   π(W,S) μ1 = π(W,W) μ2,   π(B,W) μ2 = π(W,W) μ1,
    // so with μ1 = μ2 all three are 1/3 and the throughput μ2 (π(W,W) + π(B,W)) = 2/3 μ.
    const chain = serialLineChain({ rates: [1, 1], buffers: [0] });
    expect(chain.states).toEqual([
      { stations: ['working', 'starved'], buffers: [0] },
      { stations: ['working', 'working'], buffers: [0] },
      { stations: ['blocked', 'working'], buffers: [0] },
    ]);
    expect(chain.transitions).toEqual([
      { from: 0, to: 1, rate: 1 },
      { from: 1, to: 2, rate: 1 },
      { from: 1, to: 0, rate: 1 },
      { from: 2, to: 1, rate: 1 },
    ]);
    const s = solveSerialLine({ rates: [1, 1], buffers: [0] });
    expect(s.throughput).toBeCloseTo(2 / 3, 14);
    expect(s.blocked[0]).toBeCloseTo(1 / 3, 14);
    expect(s.starved[1]).toBeCloseTo(1 / 3, 14);
    expect(solveSerialLine({ rates: [3, 3], buffers: [0] }).throughput).toBeCloseTo(2, 14);
  });

  it('with equal rates gives μ (k+2)/(k+3) for buffers 0..k', () => {
    for (let k = 0; k <= 12; k++) {
      const s = solveSerialLine({ rates: [1.7, 1.7], buffers: [k] });
      expect(s.throughput, `k = ${k}`).toBeCloseTo((1.7 * (k + 2)) / (k + 3), 13);
      expect(s.states).toBe(k + 3);
      // π_n = 1/(k+3) for every n; the buffer holds n-1 parts for n = 1..k+1 and k for n = k+2.
      expect(s.meanBuffer[0]).toBeCloseTo(((k * (k + 1)) / 2 + k) / (k + 3), 12);
    }
  });

  it('with unequal rates and no buffer matches the hand-derived chain', () => {
    // From the balance above with x = π(W,W): π(W,S) = x μ2/μ1, π(B,W) = x μ1/μ2, so
    // x = 1 / (1 + μ2/μ1 + μ1/μ2) and TH = μ2 x (1 + μ1/μ2) = μ1 μ2 (μ1 + μ2) / (μ1² + μ1 μ2 + μ2²).
    for (const [mu1, mu2] of [
      [1, 2],
      [2, 1],
      [0.3, 5],
    ] as const) {
      const expected = (mu1 * mu2 * (mu1 + mu2)) / (mu1 ** 2 + mu1 * mu2 + mu2 ** 2);
      expect(solveSerialLine({ rates: [mu1, mu2], buffers: [0] }).throughput).toBeCloseTo(
        expected,
        13,
      );
    }
    // μ1 = 1, μ2 = 2: 2·3/7.
    expect(solveSerialLine({ rates: [1, 2], buffers: [0] }).throughput).toBeCloseTo(6 / 7, 14);
  });

  it('with unequal rates and a buffer of one matches the hand-derived chain', () => {
    // States (W,S,0), (W,W,0), (W,W,1), (B,W,1): a chain n = 0..3, up at μ1, down at μ2.
    //   π1 = ρ π0, π2 = ρ π1, π3 = ρ π2 (ρ = μ1/μ2), TH = μ2 (π1 + π2 + π3) = μ2 (1 - π0).
    // μ1 = 1, μ2 = 2: π ∝ 1, 1/2, 1/4, 1/8, π0 = 8/15, TH = 2 · 7/15 = 14/15.
    // μ1 = 2, μ2 = 1: π ∝ 1, 2, 4, 8, π0 = 1/15, TH = 14/15 too (the line reversed).
    const s = solveSerialLine({ rates: [1, 2], buffers: [1] });
    expect(s.throughput).toBeCloseTo(14 / 15, 14);
    expect(s.starved[1]).toBeCloseTo(8 / 15, 14);
    expect(s.blocked[0]).toBeCloseTo(1 / 15, 14);
    expect(s.meanBuffer[0]).toBeCloseTo(3 / 15, 14);
    expect(solveSerialLine({ rates: [2, 1], buffers: [1] }).throughput).toBeCloseTo(14 / 15, 14);
  });

  it('matches the birth–death closed form for any rates and buffer', () => {
    for (const [mu1, mu2] of [
      [1, 1.5],
      [1.5, 1],
      [0.8, 0.81],
      [4, 0.5],
    ] as const) {
      for (const k of [0, 1, 2, 5, 20]) {
        const s = solveSerialLine({ rates: [mu1, mu2], buffers: [k] });
        expect(s.throughput, `${mu1}, ${mu2}, k = ${k}`).toBeCloseTo(
          twoStationThroughput(mu1, mu2, k),
          12,
        );
      }
    }
  });

  it('gains throughput with every buffer place, towards the slower station', () => {
    for (const rates of [
      [1, 1.5],
      [1.5, 1],
    ]) {
      let previous = 0;
      for (let k = 0; k <= 50; k++) {
        const th = solveSerialLine({ rates, buffers: [k] }).throughput;
        expect(th).toBeGreaterThan(previous);
        expect(th).toBeLessThan(1);
        previous = th;
      }
      expect(previous).toBeGreaterThan(0.99);
    }
    // Equal rates approach the limit slowly: 1/(k+3) short of it.
    expect(solveSerialLine({ rates: [1, 1], buffers: [50] }).throughput).toBeCloseTo(52 / 53, 13);
  });
});

describe('three and more stations', () => {
  it('without buffers and equal rates: Hunt (1956), 22/39 μ, from the chain written by hand', () => {
    // Stations' states W working, S starved, B blocked. The eight reachable states and their
    // events, each at rate 1:
    const names = ['WSS', 'WWS', 'BWS', 'WSW', 'WWW', 'BWW', 'WBW', 'BBW'];
    const moves: [string, string][] = [
      ['WSS', 'WWS'], // 1 ends, 2 takes the part
      ['WWS', 'BWS'], // 1 ends, 2 busy: 1 blocked
      ['WWS', 'WSW'], // 2 ends, 3 takes it
      ['BWS', 'WWW'], // 2 ends: 3 takes it, 2 takes 1's part, 1 starts another
      ['WSW', 'WWW'], // 1 ends
      ['WSW', 'WSS'], // 3 ends
      ['WWW', 'BWW'],
      ['WWW', 'WBW'],
      ['WWW', 'WWS'],
      ['BWW', 'BBW'], // 2 ends, 3 busy: 2 blocked too
      ['BWW', 'BWS'],
      ['WBW', 'BBW'],
      ['WBW', 'WSW'], // 3 ends, takes 2's part; 1 is still working, so 2 starves
      ['BBW', 'WWW'], // 3 ends: every part moves one station on
    ];
    const byHand = moves.map(([a, b]) => ({
      from: names.indexOf(a),
      to: names.indexOf(b),
      rate: 1,
    }));
    // Exact solution (39ths): 4, 5, 8, 4, 6, 3, 3, 6 — check balance: e.g. WWW's outflow 3·6/39
    // equals its inflow from BWS, WSW and BBW, (8 + 4 + 6)/39.
    const exact = [4, 5, 8, 4, 6, 3, 3, 6].map((x) => x / 39);
    expect(balanceResidual(Float64Array.from(exact), byHand)).toBeLessThan(1e-15);
    const pi = stationaryDistribution(names.length, byHand);
    pi.forEach((p, i) => {
      expect(p).toBeCloseTo(exact[i] as number, 15);
    });

    const s = solveSerialLine({ rates: [1, 1, 1], buffers: [0, 0] });
    expect(s.states).toBe(8);
    // Last station working in WSW, WWW, BWW, WBW, BBW: (4 + 6 + 3 + 3 + 6)/39.
    expect(s.throughput).toBeCloseTo(22 / 39, 14);
    // Four stations: Hunt's table gives 0.5148.
    expect(solveSerialLine({ rates: [1, 1, 1, 1], buffers: [0, 0, 0] }).throughput).toBeCloseTo(
      0.5148,
      4,
    );
  });

  it('never beats the slowest station, and the line reversed has the same throughput', () => {
    const lines: SerialLine[] = [
      { rates: [1, 2, 3], buffers: [2, 5] },
      { rates: [1, 1, 1], buffers: [0, 3] },
      { rates: [0.7, 1.3, 0.9], buffers: [4, 1] },
      { rates: [2, 0.5, 2], buffers: [0, 0] },
      { rates: [1.1, 0.9, 1.2, 1], buffers: [2, 0, 3] },
    ];
    for (const line of lines) {
      const forward = solveSerialLine(line);
      const reversed = solveSerialLine({
        rates: [...line.rates].reverse(),
        buffers: [...line.buffers].reverse(),
      });
      expect(forward.throughput).toBeLessThan(Math.min(...line.rates));
      // Reversibility of lines with blocking after service (Yamazaki & Sakasegawa 1975, Muth 1979).
      expect(Math.abs(forward.throughput - reversed.throughput)).toBeLessThan(1e-9);
      expectConsistent(line);
    }
  });

  it('keeps reversibility with operation-dependent failures', () => {
    // A part's time at a station, failures and repairs included, is still independent of the
    // rest of the line (a phase-type service time), so the reversal theorem still applies.
    const line: SerialLine = {
      rates: [1.2, 1, 1.1],
      buffers: [3, 4],
      failures: [{ failureRate: 0.1, repairRate: 0.5 }, null, { failureRate: 0.05, repairRate: 1 }],
    };
    const reversed: SerialLine = {
      rates: [...line.rates].reverse(),
      buffers: [...line.buffers].reverse(),
      failures: [...(line.failures ?? [])].reverse(),
    };
    expect(
      Math.abs(solveSerialLine(line).throughput - solveSerialLine(reversed).throughput),
    ).toBeLessThan(1e-9);
  });
});

describe('failures', () => {
  it('one station failing only while it works delivers μ / (1 + f/r)', () => {
    // States W and D: π_W f = π_D r, so π_W = r/(r + f) = 1/(1 + f/r) and TH = μ π_W.
    for (const [mu, f, r] of [
      [1, 0.1, 0.5],
      [3, 0.02, 0.25],
      [0.5, 2, 1],
    ] as const) {
      const s = solveSerialLine({
        rates: [mu],
        buffers: [],
        failures: [{ failureRate: f, repairRate: r }],
      });
      expect(s.throughput).toBeCloseTo(mu / (1 + f / r), 14);
      expect(s.down[0]).toBeCloseTo(f / r / (1 + f / r), 14);
      expect(s.states).toBe(2);
    }
  });

  it('a station failing in operating time is down f/r of the time it works', () => {
    const line: SerialLine = {
      rates: [1, 1.3, 0.9],
      buffers: [2, 3],
      failures: [
        { failureRate: 0.1, repairRate: 0.4 },
        { failureRate: 0.3, repairRate: 2 },
        { failureRate: 0.05, repairRate: 0.2 },
      ],
    };
    const s = expectConsistent(line);
    // Failures start only from working and each ends in a repair: π_down r = π_working f.
    line.failures?.forEach((fail, i) => {
      if (!fail) return;
      expect(s.down[i]).toBeCloseTo(
        ((s.utilisation[i] as number) * fail.failureRate) / fail.repairRate,
        13,
      );
    });
  });

  it('a station failing in calendar time is down f/(f + r) of all the time', () => {
    // Its failures and repairs run whatever the line does: an independent two-state chain.
    const failure = { failureRate: 0.2, repairRate: 0.8, basis: 'calendar' } as const;
    const line: SerialLine = {
      rates: [1, 1.2, 1],
      buffers: [1, 2],
      failures: [null, failure, failure],
    };
    const s = expectConsistent(line);
    expect(s.down[1]).toBeCloseTo(0.2, 13);
    expect(s.down[2]).toBeCloseTo(0.2, 13);
    // One station alone is always busy when up, so the two bases agree there.
    expect(
      solveSerialLine({ rates: [2], buffers: [], failures: [failure] }).throughput,
    ).toBeCloseTo(1.6, 14);
  });

  it('a large buffer decouples the stations: the slower one sets the pace, μ / (1 + f/r)', () => {
    const line: SerialLine = {
      rates: [1, 1.1],
      buffers: [1000],
      failures: [
        { failureRate: 0.1, repairRate: 0.5 },
        { failureRate: 0.1, repairRate: 0.5 },
      ],
    };
    const s = expectConsistent(line);
    expect(s.states).toBe(4008);
    expect(s.throughput).toBeCloseTo(1 / 1.2, 9);
  });
});

describe('the chain', () => {
  it('is consistent on lines with and without failures', () => {
    expectConsistent({ rates: [1, 0.8, 1.1, 0.9], buffers: [1, 2, 0] });
    expectConsistent({
      rates: [1, 0.8, 1.1],
      buffers: [0, 2],
      failures: [
        { failureRate: 0.5, repairRate: 0.5, basis: 'calendar' },
        null,
        { failureRate: 1, repairRate: 3 },
      ],
    });
  });

  it('solves a generic chain whatever the spread of the rates', () => {
    // A birth–death chain with rates from 1e-6 to 1e6: π_n ∝ Π up/down, exactly.
    const up = [1e6, 1e-6, 3, 1e3];
    const down = [1, 1e-3, 1e5, 2];
    const transitions: Transition[] = [];
    up.forEach((rate, n) => {
      transitions.push(
        { from: n, to: n + 1, rate },
        { from: n + 1, to: n, rate: down[n] as number },
      );
    });
    const weights = [1];
    for (let n = 0; n < up.length; n++) {
      weights.push(((weights[n] as number) * (up[n] as number)) / (down[n] as number));
    }
    const total = sum(weights);
    const pi = stationaryDistribution(5, transitions);
    pi.forEach((p, n) => {
      expect(p / ((weights[n] as number) / total)).toBeCloseTo(1, 12);
    });
  });

  it('refuses what it cannot solve', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return isLotlineError(error) && error.kind === 'invalid';
      }
      return false;
    };
    expect(refused(() => solveSerialLine({ rates: [], buffers: [] }))).toBe(true);
    expect(refused(() => solveSerialLine({ rates: [1, 0], buffers: [1] }))).toBe(true);
    expect(refused(() => solveSerialLine({ rates: [1, 1], buffers: [] }))).toBe(true);
    expect(refused(() => solveSerialLine({ rates: [1, 1], buffers: [1.5] }))).toBe(true);
    expect(refused(() => solveSerialLine({ rates: [1, 1], buffers: [1], failures: [null] }))).toBe(
      true,
    );
    expect(
      refused(() =>
        solveSerialLine({ rates: [1], buffers: [], failures: [{ failureRate: 1, repairRate: 0 }] }),
      ),
    ).toBe(true);
    expect(
      refused(() => solveSerialLine({ rates: [1, 1, 1], buffers: [30, 30] }, { maxStates: 500 })),
    ).toBe(true);
    // Not irreducible: the second state never returns to the first, either way round.
    expect(refused(() => stationaryDistribution(2, [{ from: 0, to: 1, rate: 1 }]))).toBe(true);
    expect(refused(() => stationaryDistribution(2, [{ from: 1, to: 0, rate: 1 }]))).toBe(true);
    expect(
      refused(() =>
        stationaryDistribution(3, [
          { from: 0, to: 1, rate: 1 },
          { from: 1, to: 0, rate: 1 },
        ]),
      ),
    ).toBe(true);
  });
});
