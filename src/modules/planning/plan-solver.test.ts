// The plant scheduler: working time on the calendar, hand-worked plans,
// brute-force optima on tiny problems, the frozen horizon, re-planning that
// moves little, and a reference-plant quarter checked by the independent
// validator.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PlantFile, readPlantText } from '../plant/index.js';
import { buildPlanProblem, type OrderToPlan, placeOrders } from './plan-builder.js';
import { changeoverMinutes, type PlanLine, type PlanProblem, WorkingTime } from './plan-problem.js';
import { planLines } from './plan-solver.js';
import { validatePlan } from './plan-validator.js';
import { seededRandom } from './search-support.js';
import { yearDemand } from './year-demand.js';

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

describe('working time', () => {
  const time = new WorkingTime([
    { start: 0, end: 100 },
    { start: 200, end: 300 },
  ]);
  it('maps working minutes onto the calendar, a window end staying in its window', () => {
    expect(time.total).toBe(200);
    expect(time.endOf(50)).toBe(50);
    expect(time.endOf(100)).toBe(100);
    expect(time.startOf(100)).toBe(200);
    expect(time.endOf(150)).toBe(250);
    expect(time.before(250)).toBe(150);
    expect(time.before(150)).toBe(100);
    expect(time.before(-5)).toBe(0);
  });
  it('runs on without a break past the horizon', () => {
    expect(time.endOf(250)).toBe(350);
    expect(time.before(350)).toBe(250);
  });
  it('refuses overlapping windows', () => {
    expect(
      () =>
        new WorkingTime([
          { start: 0, end: 10 },
          { start: 5, end: 20 },
        ]),
    ).toThrow(/ascending, disjoint/);
  });
});

const always = [{ start: 0, end: 1_000_000 }];
const line = (
  code: string,
  rates: Record<string, number>,
  extra: Partial<PlanLine> = {},
): PlanLine => ({
  code,
  windows: always,
  rates,
  changeovers: {},
  defaultChangeover: 0,
  setUpFor: null,
  ...extra,
});

/** Lexicographic cost of an explicit plan, computed the plain way. */
function costOf(problem: PlanProblem, sequences: number[][]): number[] {
  let tardiness = 0;
  let moved = 0;
  let changeover = 0;
  let makespan = 0;
  sequences.forEach((seq, l) => {
    const planLine = problem.lines[l] as PlanLine;
    const time = new WorkingTime(planLine.windows);
    let w = 0;
    let previous = planLine.setUpFor;
    for (const j of seq) {
      const job = problem.jobs[j]!;
      const s = changeoverMinutes(planLine, previous, job.product);
      w += s + job.quantity / (planLine.rates[job.product] as number);
      changeover += s;
      const end = time.endOf(w);
      tardiness += (job.weight * Math.max(0, end - job.due)) / 60;
      makespan = Math.max(makespan, end);
      if (job.previousLine !== undefined && job.previousLine !== planLine.code) moved++;
      previous = job.product;
    }
  });
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  return [r(tardiness), moved, r(changeover), r(makespan)];
}

/** Every assignment and order of the jobs: the lexicographic optimum. */
function bruteForce(problem: PlanProblem): number[] {
  const n = problem.jobs.length;
  const L = problem.lines.length;
  let best: number[] | null = null;
  const better = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++)
      if (a[i] !== b[i]) return (a[i] as number) < (b[i] as number);
    return false;
  };
  const permutations = (items: number[]): number[][] =>
    items.length <= 1
      ? [items]
      : items.flatMap((x, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]),
        );
  for (const order of permutations([...Array(n).keys()])) {
    for (let code = 0; code < L ** n; code++) {
      const sequences: number[][] = Array.from({ length: L }, () => []);
      let ok = true;
      let c = code;
      for (const j of order) {
        const l = c % L;
        c = Math.floor(c / L);
        if (!((problem.lines[l]?.rates[problem.jobs[j]!.product] ?? 0) > 0)) ok = false;
        sequences[l]!.push(j);
      }
      if (!ok) continue;
      const cost = costOf(problem, sequences);
      if (!best || better(cost, best)) best = cost;
    }
  }
  return best ?? [];
}

describe('the plant scheduler', () => {
  it('puts the heavier late order first on one line (hand-worked)', () => {
    // Two orders of 600 units at 10/min: 60 min each, both due at 60. Whichever
    // goes second is 60 min late; the weight-4 order first costs 2 × 1 h = 2.
    const problem: PlanProblem = {
      lines: [line('L1', { A: 10 })],
      jobs: [
        { id: 'light', product: 'A', quantity: 600, due: 60, weight: 2 },
        { id: 'heavy', product: 'A', quantity: 600, due: 60, weight: 4 },
      ],
    };
    const plan = planLines(problem, { maxIterations: 10 });
    expect(plan.sequences.L1).toEqual(['heavy', 'light']);
    expect(plan.objective).toEqual({
      weightedTardiness: 2,
      moved: 0,
      changeoverMinutes: 0,
      makespan: 120,
    });
  });

  it('groups products to save changeovers when nothing is late', () => {
    const problem: PlanProblem = {
      lines: [
        line(
          'L3',
          { T: 10, B: 10 },
          { changeovers: { T: { B: 240 }, B: { T: 300 } }, setUpFor: 'T' },
        ),
      ],
      jobs: [
        { id: 't1', product: 'T', quantity: 100, due: 100_000, weight: 1 },
        { id: 'b1', product: 'B', quantity: 100, due: 100_000, weight: 1 },
        { id: 't2', product: 'T', quantity: 100, due: 100_000, weight: 1 },
      ],
    };
    const plan = planLines(problem, { maxIterations: 20 });
    expect(plan.sequences.L3).toEqual(expect.arrayContaining(['t1', 't2']));
    expect(plan.sequences.L3?.[2]).toBe('b1');
    expect(plan.objective.changeoverMinutes).toBe(240);
  });

  it('lays work across shifts: an order spans the night gap', () => {
    // 8-hour shifts from minute 0, 1440, …: 600 working minutes end at 1440 + 120.
    const shifts = [0, 1, 2].map((d) => ({ start: d * 1440, end: d * 1440 + 480 }));
    const problem: PlanProblem = {
      lines: [line('L1', { A: 1 }, { windows: shifts })],
      jobs: [{ id: 'a', product: 'A', quantity: 600, due: 1000, weight: 1 }],
    };
    const plan = planLines(problem, { maxIterations: 1 });
    expect(plan.jobs[0]).toMatchObject({ start: 0, end: 1560, minutes: 600, tardiness: 560 });
  });

  it('matches the brute-force optimum on random tiny problems', () => {
    const random = seededRandom('tiny');
    const products = ['A', 'B', 'C'];
    let checked = 0;
    for (let trial = 0; trial < 40; trial++) {
      const lines = [0, 1].map((l) => {
        const rates: Record<string, number> = {};
        for (const p of products)
          if (random() < 0.8 || p === 'A') rates[p] = 5 + Math.floor(random() * 20);
        const changeovers: Record<string, Record<string, number>> = {};
        for (const a of products) {
          changeovers[a] = {};
          for (const b of products) if (a !== b) changeovers[a][b] = Math.floor(random() * 120);
        }
        const windows = Array.from({ length: 40 }, (_, d) => ({
          start: d * 1440 + 360,
          end: d * 1440 + 360 + 450 + Math.floor(random() * 300),
        }));
        return line(`L${l + 1}`, rates, {
          changeovers,
          windows,
          setUpFor: random() < 0.5 ? 'A' : null,
        });
      });
      const n = 3 + Math.floor(random() * 3);
      const jobs = Array.from({ length: n }, (_, j) => ({
        id: `j${j}`,
        product: j === 0 ? 'A' : (products[Math.floor(random() * 3)] as string),
        quantity: 500 + Math.floor(random() * 8000),
        due: Math.floor(random() * 3 * 1440),
        weight: [1, 2, 4, 8][Math.floor(random() * 4)] as number,
      }));
      const problem: PlanProblem = {
        lines,
        jobs: jobs.filter((j) => lines.some((l) => (l.rates[j.product] ?? 0) > 0)),
      };
      const plan = planLines(problem, { maxIterations: 200, seed: trial });
      const sequences = lines.map((l) =>
        (plan.sequences[l.code] ?? []).map((id) => problem.jobs.findIndex((j) => j.id === id)),
      );
      const found = costOf(problem, sequences);
      expect(found, `trial ${trial}`).toEqual(bruteForce(problem));
      checked++;
    }
    expect(checked).toBe(40);
  });

  it('is deterministic for a seed and an iteration cap', () => {
    const plant = referencePlant();
    const now = Date.parse('2027-01-04T10:00:00Z');
    const orders = yearDemand(plant, { from: '2027-01-04', weeks: 8, seed: 3 });
    const built = buildPlanProblem(plant, { now, orders });
    const a = planLines(built.problem, { seed: 9, maxIterations: 5 });
    const b = planLines(built.problem, { seed: 9, maxIterations: 5 });
    expect(a.sequences).toEqual(b.sequences);
    expect(a.objective).toEqual(b.objective);
  });
});

describe('plans of the reference plant', () => {
  const plant = referencePlant();
  const now = Date.parse('2027-01-04T10:00:00Z');
  const demand = yearDemand(plant, { from: '2027-01-04', weeks: 12, seed: 1 });
  const expected = (orders: readonly OrderToPlan[]) =>
    new Map(orders.map((o) => [o.id, { product: o.product, quantity: o.quantity, due: o.due }]));

  it('makes each product only where allowed, in shifts, around holidays and maintenance (independent validator)', () => {
    const built = buildPlanProblem(plant, { now, orders: demand });
    const plan = planLines(built.problem, { seed: 1, maxIterations: 3 });
    const placed = placeOrders(built, plan.jobs, demand);
    expect(
      validatePlan(plant, { origin: now, orders: placed }, { expected: expected(demand) }),
    ).toEqual([]);
    // Line 1 stands for maintenance from 2027-01-11 to 01-22 in the reference plant: nothing of it runs there.
    const l1 = placed.filter((o) => o.line === 'L1');
    expect(l1.length).toBeGreaterThan(0);
    for (const o of l1)
      expect(
        o.end <= Date.parse('2027-01-11T10:00:00Z') ||
          o.start >= Date.parse('2027-01-23T00:00:00Z') ||
          o.start < Date.parse('2027-01-11T10:00:00Z'),
      ).toBe(true);
  });

  it('the validator catches a plan that breaks the rules, each finding coded with its values', () => {
    const built = buildPlanProblem(plant, { now, orders: demand });
    const plan = planLines(built.problem, { seed: 1, maxIterations: 1 });
    const placed = placeOrders(built, plan.jobs, demand);
    const ball = placed.find((o) => o.product === 'C762-BALL')!;
    const check = (orders: typeof placed, frozen?: { id: string; line: string }[]) =>
      validatePlan(
        plant,
        { origin: now, orders },
        { expected: expected(demand), ...(frozen ? { frozen } : {}) },
      );
    const broken = placed.map((o) => (o === ball ? { ...o, line: 'L3' } : o));
    expect(check(broken)).toContainEqual({
      code: 'product_not_on_line',
      params: { order: ball.id, line: 'L3', product: 'C762-BALL' },
      text: `${ball.id} on L3: the line may not make C762-BALL`,
    });
    const sunday = placed.map((o) =>
      o === ball ? { ...o, start: Date.parse('2027-01-10T12:00:00Z') } : o,
    );
    expect(check(sunday)).toContainEqual(
      expect.objectContaining({
        code: 'order_starts_outside_working_time',
        params: { order: ball.id, line: ball.line, start: '2027-01-10T12:00:00.000Z' },
      }),
    );
    const dropped = placed.filter((o) => o !== ball);
    expect(check(dropped)).toEqual([
      {
        code: 'order_not_planned',
        params: { order: ball.id },
        text: `${ball.id} is not planned`,
      },
    ]);
    // An order said to be frozen at the head of its line that is not: both lists, in order.
    const onLine = placed.filter((o) => o.line === ball.line).sort((a, b) => a.start - b.start);
    const [head, second] = onLine;
    expect(second).toBeDefined();
    expect(check(placed, [{ id: second!.id, line: ball.line }])).toEqual([
      {
        code: 'frozen_not_at_head',
        params: { line: ball.line, frozen: [second!.id], found: [head!.id] },
        text: `${ball.line}: the frozen orders ${second!.id} are not at its head in order (found ${head!.id})`,
      },
    ]);
  });

  it('says why an order cannot be planned, coded with its values', () => {
    const order = (over: Partial<OrderToPlan>): OrderToPlan => ({
      id: 'x',
      reference: 'WO-9',
      kind: 'work_order',
      product: 'C762-BALL',
      quantity: 1000,
      due: null,
      priority: 'normal',
      ...over,
    });
    const built = buildPlanProblem(plant, {
      now,
      lines: ['L1', 'L2'],
      orders: [
        order({ id: 'no-line', reference: 'WO-7', product: 'C762-TRACER' }),
        order({ id: 'elsewhere', reference: 'WO-8', state: 'released', line: 'L4' }),
        order({ id: 'fine', reference: 'WO-9', state: 'planned', line: 'L1' }),
      ],
    });
    expect(built.unplanned).toEqual([
      {
        id: 'no-line',
        code: 'no_line_for_product',
        params: { reference: 'WO-7', product: 'C762-TRACER' },
        text: 'WO-7: no line of the plan may make C762-TRACER',
      },
      {
        id: 'elsewhere',
        code: 'order_line_not_in_plan',
        params: { reference: 'WO-8', line: 'L4' },
        text: 'WO-8: its line L4 is not in the plan',
      },
    ]);
    expect(built.problem.jobs.map((j) => j.id)).toEqual(['fine']);
  });

  it('keeps running and released orders where they are (frozen horizon)', () => {
    const running: OrderToPlan = {
      id: 'wo-run',
      reference: 'WO-1',
      kind: 'work_order',
      product: 'C762-BLANK',
      quantity: 50_000,
      due: null,
      priority: 'normal',
      state: 'running',
      line: 'L4',
    };
    const released: OrderToPlan = {
      id: 'wo-rel',
      reference: 'WO-2',
      kind: 'work_order',
      product: 'C762-BLANK',
      quantity: 80_000,
      due: null,
      priority: 'normal',
      state: 'released',
      line: 'L4',
    };
    const orders = [released, running, ...demand];
    const built = buildPlanProblem(plant, { now, orders, setUpFor: { L4: 'C762-BLANK' } });
    const plan = planLines(built.problem, { seed: 2, maxIterations: 3 });
    expect(plan.sequences.L4?.slice(0, 2)).toEqual(['wo-run', 'wo-rel']);
    const placed = placeOrders(built, plan.jobs, orders);
    const frozen = [
      { id: 'wo-run', line: 'L4' },
      { id: 'wo-rel', line: 'L4' },
    ];
    expect(
      validatePlan(
        plant,
        { origin: now, orders: placed },
        { expected: expected(orders), frozen, setUpFor: { L4: 'C762-BLANK' } },
      ),
    ).toEqual([]);
  });

  it('re-plans after a line goes down, moving fewer orders than planning afresh', () => {
    const built = buildPlanProblem(plant, { now, orders: demand });
    const first = planLines(built.problem, { seed: 1, maxIterations: 20 });
    const firstPlaced = placeOrders(built, first.jobs, demand);
    const previous = new Map(firstPlaced.map((o) => [o.id, { line: o.line, start: o.start }]));
    const outage = {
      line: 'L3',
      from: now + 3 * 86_400_000,
      to: now + 24 * 86_400_000,
      reason: 'breakdown',
    };
    const rebuilt = buildPlanProblem(plant, { now, orders: demand, outages: [outage], previous });
    const replanned = planLines(rebuilt.problem, { seed: 1, maxIterations: 20 });
    const placed = placeOrders(rebuilt, replanned.jobs, demand);
    const frozen = [...rebuilt.frozen.keys()].map((id) => ({ id, line: previous.get(id)!.line }));
    const sortedFrozen = frozen.sort(
      (a, b) => previous.get(a.id)!.start - previous.get(b.id)!.start,
    );
    expect(
      validatePlan(
        plant,
        { origin: now, orders: placed },
        { expected: expected(demand), frozen: sortedFrozen, outages: [outage] },
      ),
    ).toEqual([]);
    // Nothing starts on L3 while it is down (an order under way pauses over it: the validator counts its working time).
    for (const o of placed.filter((p) => p.line === 'L3')) {
      expect(o.start < outage.from || o.start >= outage.to, o.id).toBe(true);
    }
    // Planning afresh ignores the last plan: it moves more.
    const afresh = buildPlanProblem(plant, { now, orders: demand, outages: [outage] });
    const fresh = planLines(afresh.problem, { seed: 1, maxIterations: 20 });
    const movedAfresh = placeOrders(afresh, fresh.jobs, demand).filter(
      (o) => previous.get(o.id)!.line !== o.line,
    ).length;
    expect(replanned.objective.moved).toBeLessThanOrEqual(movedAfresh);
    expect(replanned.objective.moved).toBe(
      placed.filter((o) => previous.get(o.id)!.line !== o.line).length,
    );
    console.info(
      `re-plan after L3 down 3 weeks: moved ${replanned.objective.moved} of ${demand.length} (afresh: ${movedAfresh}); weighted tardiness ${first.objective.weightedTardiness} → ${replanned.objective.weightedTardiness}`,
    );
  });
});
