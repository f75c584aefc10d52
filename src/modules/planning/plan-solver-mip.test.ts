// The plant scheduler's weighted tardiness against the exact MIP (HiGHS) on
// random small problems with continuous working time: each job its own
// product, so changeovers are the MIP's sequence-dependent setups, and the
// line's starting set-up gives the setups before the first job.
import { describe, expect, it } from 'vitest';
import { solveSchedulingMip } from '../../../test/support/scheduling-mip.js';
import type { PlanLine, PlanProblem } from './plan-problem.js';
import { planLines } from './plan-solver.js';
import { seededRandom } from './search-support.js';

describe('plant scheduler against the MIP', () => {
  it('reaches the proven minimum weighted tardiness, or reports the gap', async () => {
    const random = seededRandom('plan-mip');
    const draw = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    const gaps: number[] = [];
    for (let trial = 0; trial < 10; trial++) {
      const n = draw(4, 6);
      const m = 2;
      const p = Array.from({ length: n }, () => Array.from({ length: m }, () => draw(10, 99)));
      const setup = Array.from({ length: m }, () =>
        Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) => (i === j ? 0 : draw(1, 30))),
        ),
      );
      const initialSetup = Array.from({ length: m }, () =>
        Array.from({ length: n }, () => draw(1, 30)),
      );
      const due = Array.from({ length: n }, () => draw(20, 150));
      const weight = Array.from({ length: n }, () => [1, 2, 4, 8][draw(0, 3)] as number);
      const exact = await solveSchedulingMip(
        { machines: m, p, setup, initialSetup, due, weight },
        'weightedTardiness',
      );
      expect(exact.status).toBe('optimal');

      const lines: PlanLine[] = Array.from({ length: m }, (_, k) => {
        const changeovers: Record<string, Record<string, number>> = { START: {} };
        for (let j = 0; j < n; j++) {
          (changeovers.START as Record<string, number>)[`P${j}`] = initialSetup[k]?.[j] as number;
          changeovers[`P${j}`] = Object.fromEntries(
            Array.from({ length: n }, (_, i) => [`P${i}`, setup[k]?.[j]?.[i] as number]),
          );
        }
        // One unit per job, made at 1 / p per minute: p minutes.
        const rates = Object.fromEntries(
          Array.from({ length: n }, (_, j) => [`P${j}`, 1 / (p[j]?.[k] as number)]),
        );
        return {
          code: `M${k}`,
          windows: [{ start: 0, end: 1e9 }],
          rates,
          changeovers,
          defaultChangeover: 0,
          setUpFor: 'START',
        };
      });
      const problem: PlanProblem = {
        lines,
        jobs: Array.from({ length: n }, (_, j) => ({
          id: `j${j}`,
          product: `P${j}`,
          quantity: 1,
          due: due[j] as number,
          weight: weight[j] as number,
        })),
      };
      const plan = planLines(problem, { seed: trial, maxIterations: 300 });
      // The plan counts weight × hours; the MIP weight × minutes.
      const found = Math.round(plan.objective.weightedTardiness * 60 * 1e4) / 1e4;
      const gap = exact.objective === 0 ? found : (found - exact.objective) / exact.objective;
      gaps.push(gap);
      expect(found, `trial ${trial}: MIP ${exact.objective}`).toBeGreaterThanOrEqual(
        exact.objective - 1e-6,
      );
    }
    console.info(
      `plan solver vs MIP (weighted tardiness): ${gaps.length} instances, ${gaps.filter((g) => g < 1e-9).length} matched, max gap ${(Math.max(...gaps) * 100).toFixed(2)} %`,
    );
    expect(Math.max(...gaps)).toBeLessThan(1e-9);
  }, 120_000);
});
