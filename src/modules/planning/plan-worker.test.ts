// The solver on a worker thread: the same plan as on the caller's thread,
// the caller's event loop free meanwhile, and the solver's refusals as errors.
import { describe, expect, it } from 'vitest';
import type { PlanProblem } from './plan-problem.js';
import { planLines } from './plan-solver.js';
import { planLinesInWorker } from './plan-worker.js';

const problem: PlanProblem = {
  lines: ['L1', 'L2'].map((code) => ({
    code,
    windows: Array.from({ length: 30 }, (_, d) => ({ start: d * 1440, end: d * 1440 + 900 })),
    rates: { A: 50, B: 40 },
    changeovers: { A: { B: 120 }, B: { A: 90 } },
    defaultChangeover: 60,
    setUpFor: null,
  })),
  jobs: Array.from({ length: 40 }, (_, j) => ({
    id: `j${j}`,
    product: j % 3 === 0 ? 'B' : 'A',
    quantity: 5_000 + ((j * 7919) % 20_000),
    due: ((j * 104_729) % 20) * 1440,
    weight: 1 + (j % 4),
  })),
};

describe('planning on a worker thread', () => {
  it('gives the plan the caller would get, leaving its event loop free', async () => {
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const inWorker = await planLinesInWorker(problem, { maxIterations: 3000, seed: 5 });
    spinning = false;
    // Blocked, the loop would not have turned at all while the search ran.
    expect(turns).toBeGreaterThan(50);
    const here = planLines(problem, { maxIterations: 3000, seed: 5 });
    console.info(
      `3,000 iterations: ${Math.round(inWorker.elapsedMs)} ms on the worker, ${turns} turns of the caller's loop meanwhile`,
    );
    expect(inWorker.sequences).toEqual(here.sequences);
    expect(inWorker.objective).toEqual(here.objective);
    // The plan is searched twice (worker and here) and the worker must start:
    // seconds on a busy 2-core machine, which the default 5 s does not always cover.
  }, 60_000);

  it("passes the solver's refusal back as an error", async () => {
    const bad: PlanProblem = {
      ...problem,
      jobs: [{ id: 'x', product: 'C', quantity: 1, due: 0, weight: 1 }],
    };
    await expect(planLinesInWorker(bad, { budgetMs: 50, seed: 1 })).rejects.toThrow(
      /no line of those allowed may make C/,
    );
  });
});
