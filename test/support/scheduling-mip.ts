// An exact mixed-integer model of unrelated parallel machines with
// sequence-dependent setups, solved by HiGHS (npm `highs`, a WebAssembly
// build), for tests to prove optima the heuristics are measured against.
//
// The formulation is Avalos-Rosales, Angel-Bello & Alvarez (2015), "Efficient
// metaheuristic algorithm and re-formulations for the unrelated parallel
// machine scheduling problem with sequence and machine-dependent setup times",
// Int J Adv Manuf Technol 76:1705-1718 — the model of Vallada & Ruiz (2011)
// with a dummy job per machine, plus each machine's span written as the sum of
// its processing and setup times, which gives a far better LP bound for the
// makespan than the big-M completion constraints alone:
//
//   x_i_j_k  binary, job j directly after i on machine k (i = d: j is first;
//            j = d: i is last), only where both may run on k
//   y_j_k    binary, job j runs on machine k
//   c_j      completion time of job j;  o_k  span of machine k
//
//   sum_k y_j_k = 1                                       each job once
//   sum_i x_i_j_k = y_j_k,  sum_i x_j_i_k = y_j_k          one predecessor, one successor on k
//   sum_j x_d_j_k <= 1                                    one sequence per machine
//   c_j >= c_i + s_ijk + p_jk - V (1 - x_i_j_k)           timing; also breaks sub-tours
//   c_j >= (s0_kj + p_jk) x_d_j_k                         the first job
//   o_k = sum s_ijk x_i_j_k + sum p_jk y_j_k              span (setup of the first job = s0)
//   makespan:           min cmax,  cmax >= o_k
//   weighted tardiness: min sum w_j t_j,  t_j >= c_j - due_j,  t_j >= 0
//
// The timing rows break sub-tours only because every eligible processing time
// is positive, which `buildSchedulingMip` checks. Times are measured from 0,
// machines are idle at 0, and the model never inserts idle time on purpose (a
// minimising objective gains nothing from it).
import type { InitOptions, LegacyHighs, LegacyHighsOptions } from 'highs';

export interface SchedulingMipInstance {
  readonly machines: number;
  /** p[j][k]: processing time of job j on machine k; Infinity when j may not run on k. */
  readonly p: readonly (readonly number[])[];
  /** setup[k][i][j]: changeover on machine k when job j directly follows job i. */
  readonly setup: readonly (readonly (readonly number[])[])[];
  /** initialSetup[k][j]: setup before j when it is first on k; 0 by default (the benchmark's rule). */
  readonly initialSetup?: readonly (readonly number[])[];
  /** Due date of each job; needed for 'weightedTardiness'. */
  readonly due?: readonly number[];
  /** Weight of each job; 1 by default. */
  readonly weight?: readonly number[];
}

export type SchedulingMipObjective = 'makespan' | 'weightedTardiness';

export interface SchedulingMipResult {
  /** 'optimal' when HiGHS proved the optimum, else HiGHS's own status text (e.g. 'Time limit reached'). */
  readonly status: 'optimal' | string;
  /** The objective of the best solution found; NaN when there is none. */
  readonly objective: number;
  /** Each machine's jobs in processing order, decoded from x; empty when there is no solution. */
  readonly sequences: number[][];
}

export interface SchedulingMipOptions {
  /** Wall-clock limit of the solve in seconds; none by default. */
  readonly timeLimitSeconds?: number;
}

const DUMMY = 'd';
/** CPLEX's LP format allows at most 510 characters a line. */
const LINE_WIDTH = 100;

const x = (i: number | typeof DUMMY, j: number | typeof DUMMY, k: number) => `x_${i}_${j}_${k}`;
const y = (j: number, k: number) => `y_${j}_${k}`;

interface Term {
  readonly coefficient: number;
  readonly variable: string;
}

function term(coefficient: number, variable: string): Term {
  return { coefficient, variable };
}

/** `3 x + y - 2 z`, wrapped after a leading `head` onto continuation lines. */
function linear(head: string, terms: readonly Term[], tail = ''): string {
  const parts = terms
    .filter((t) => t.coefficient !== 0)
    .map((t, index) => {
      const sign = t.coefficient < 0 ? '- ' : index === 0 ? '' : '+ ';
      const magnitude = Math.abs(t.coefficient);
      return `${sign}${magnitude === 1 ? '' : `${magnitude} `}${t.variable}`;
    });
  const lines: string[] = [];
  let line = head;
  for (const part of tail ? [...parts, tail] : parts) {
    if (line.length + part.length + 1 > LINE_WIDTH) {
      lines.push(line);
      line = ' ';
    }
    line += ` ${part}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** A constraint `name: terms sense rhs`. */
function row(name: string, terms: readonly Term[], sense: '<=' | '>=' | '=', rhs: number): string {
  return linear(` ${name}:`, terms, `${sense} ${rhs}`);
}

function checkInstance(instance: SchedulingMipInstance, objective: SchedulingMipObjective): void {
  const n = instance.p.length;
  const m = instance.machines;
  const finite = (value: number | undefined, what: string) => {
    if (value === undefined || !Number.isFinite(value) || value < 0) {
      throw new Error(`scheduling MIP: ${what} must be a finite number >= 0, found ${value}`);
    }
  };
  if (!Number.isInteger(m) || m < 1) throw new Error('scheduling MIP: at least one machine');
  if (n < 1) throw new Error('scheduling MIP: at least one job');
  instance.p.forEach((row, j) => {
    if (row.length !== m) throw new Error(`scheduling MIP: p[${j}] needs ${m} machines`);
    if (!row.some(Number.isFinite))
      throw new Error(`scheduling MIP: job ${j} may run on no machine`);
    row.forEach((value, k) => {
      // A zero time would let a cycle of jobs satisfy the timing rows detached from the dummy.
      if (value !== Number.POSITIVE_INFINITY && !(value > 0 && Number.isFinite(value))) {
        throw new Error(`scheduling MIP: p[${j}][${k}] must be > 0 or Infinity, found ${value}`);
      }
    });
  });
  for (let k = 0; k < m; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i !== j) finite(instance.setup[k]?.[i]?.[j], `setup[${k}][${i}][${j}]`);
      }
      if (instance.initialSetup) finite(instance.initialSetup[k]?.[i], `initialSetup[${k}][${i}]`);
    }
  }
  if (objective === 'weightedTardiness') {
    for (let j = 0; j < n; j++) {
      finite(instance.due?.[j], `due[${j}]`);
      if (instance.weight) finite(instance.weight[j], `weight[${j}]`);
    }
  }
}

/**
 * The model as CPLEX LP text. Deterministic: the same instance and objective
 * give the same text, rows and columns in index order. Jobs keep their
 * 0-based indices in the names; the dummy job is `d`.
 */
export function buildSchedulingMip(
  instance: SchedulingMipInstance,
  objective: SchedulingMipObjective,
): string {
  checkInstance(instance, objective);
  const n = instance.p.length;
  const m = instance.machines;
  const jobs = Array.from({ length: n }, (_, j) => j);
  const machines = Array.from({ length: m }, (_, k) => k);
  const p = (j: number, k: number) => instance.p[j]?.[k] ?? Number.POSITIVE_INFINITY;
  const eligible = (j: number, k: number) => Number.isFinite(p(j, k));
  const s = (k: number, i: number, j: number) => instance.setup[k]?.[i]?.[j] ?? 0;
  const s0 = (k: number, j: number) => instance.initialSetup?.[k]?.[j] ?? 0;
  const on = (k: number) => jobs.filter((j) => eligible(j, k));

  // Big-M. Without idle time no job on k completes after H_k, the machine's
  // work with the largest setup before each of its jobs, and none before the
  // least of its processing times; so c_i - c_j <= H_i - lb_j whatever the arcs.
  const horizonOf = (k: number) =>
    on(k).reduce(
      (sum, j) =>
        sum + p(j, k) + Math.max(s0(k, j), ...on(k).map((i) => (i === j ? 0 : s(k, i, j)))),
      0,
    );
  const machineHorizon = machines.map(horizonOf);
  const horizon = jobs.map((j) =>
    Math.max(...machines.filter((k) => eligible(j, k)).map((k) => machineHorizon[k] ?? 0)),
  );
  const lowest = jobs.map((j) =>
    Math.min(...machines.filter((k) => eligible(j, k)).map((k) => p(j, k))),
  );
  const integral = [
    ...instance.p.flat().filter(Number.isFinite),
    ...instance.setup.flat(2),
    ...(instance.initialSetup?.flat() ?? []),
    ...(objective === 'weightedTardiness' ? (instance.due ?? []) : []),
  ].every(Number.isInteger);

  const rows: string[] = [];
  for (const j of jobs) {
    rows.push(
      row(
        `assign_${j}`,
        machines.filter((k) => eligible(j, k)).map((k) => term(1, y(j, k))),
        '=',
        1,
      ),
    );
  }
  for (const k of machines) {
    const here = on(k);
    for (const j of here) {
      const before = [DUMMY, ...here.filter((i) => i !== j)] as const;
      rows.push(
        row(
          `pred_${j}_${k}`,
          [...before.map((i) => term(1, x(i, j, k))), term(-1, y(j, k))],
          '=',
          0,
        ),
      );
      rows.push(
        row(
          `succ_${j}_${k}`,
          [...before.map((i) => term(1, x(j, i, k))), term(-1, y(j, k))],
          '=',
          0,
        ),
      );
    }
    if (here.length > 0) {
      rows.push(
        row(
          `start_${k}`,
          here.map((j) => term(1, x(DUMMY, j, k))),
          '<=',
          1,
        ),
      );
    }
  }
  // Timing, summed over the machines (at most one arc i -> j is used):
  // n^2 rows instead of n^2 m, and solved faster on the reference instances.
  for (const j of jobs) {
    const firstOn = machines.filter((k) => eligible(j, k));
    rows.push(
      row(
        `first_${j}`,
        [term(1, `c_${j}`), ...firstOn.map((k) => term(-(s0(k, j) + p(j, k)), x(DUMMY, j, k)))],
        '>=',
        0,
      ),
    );
    for (const i of jobs) {
      const shared = firstOn.filter((k) => i !== j && eligible(i, k));
      if (shared.length === 0) continue;
      const big = (horizon[i] ?? 0) - (lowest[j] ?? 0);
      // c_j - c_i >= sum_k (s_ijk + p_jk) x_ijk - V (1 - sum_k x_ijk)
      rows.push(
        row(
          `time_${i}_${j}`,
          [
            term(1, `c_${j}`),
            term(-1, `c_${i}`),
            ...shared.map((k) => term(-(s(k, i, j) + p(j, k) + big), x(i, j, k))),
          ],
          '>=',
          -big,
        ),
      );
    }
  }
  if (objective === 'makespan') {
    for (const k of machines) {
      const here = on(k);
      const span: Term[] = [];
      for (const j of here) {
        span.push(term(s0(k, j), x(DUMMY, j, k)));
        for (const i of here) if (i !== j) span.push(term(s(k, i, j), x(i, j, k)));
        span.push(term(p(j, k), y(j, k)));
      }
      rows.push(
        row(
          `span_${k}`,
          [term(1, `o_${k}`), ...span.map((t) => term(-t.coefficient, t.variable))],
          '=',
          0,
        ),
      );
      rows.push(row(`cmax_${k}`, [term(1, 'cmax'), term(-1, `o_${k}`)], '>=', 0));
    }
  }
  if (objective === 'weightedTardiness') {
    for (const j of jobs) {
      rows.push(
        row(`late_${j}`, [term(1, `t_${j}`), term(-1, `c_${j}`)], '>=', -(instance.due?.[j] ?? 0)),
      );
    }
  }

  const goal =
    objective === 'makespan'
      ? [term(1, 'cmax')]
      : jobs.map((j) => term(instance.weight?.[j] ?? 1, `t_${j}`));
  const binaries: string[] = [];
  for (const k of machines) {
    const here = on(k);
    for (const j of here) binaries.push(y(j, k), x(DUMMY, j, k), x(j, DUMMY, k));
    for (const i of here) for (const j of here) if (i !== j) binaries.push(x(i, j, k));
  }
  const bounds = jobs.map((j) => ` c_${j} <= ${horizon[j]}`);
  // With integral data the optimal makespan and the tardiness are integral:
  // saying so lets HiGHS round its bound up, which closes the gap much sooner.
  const generals = !integral ? [] : objective === 'makespan' ? ['cmax'] : jobs.map((j) => `t_${j}`);
  return [
    `\\ Rm|S_ijk|${objective}: ${n} jobs, ${m} machines (Avalos-Rosales et al. 2015)`,
    'Minimize',
    linear(' obj:', goal),
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(generals.length > 0 ? ['General', ...wrap(generals)] : []),
    'Binary',
    ...wrap(binaries),
    'End',
    '',
  ].join('\n');
}

function wrap(names: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line.length + name.length + 1 > LINE_WIDTH) {
      lines.push(line);
      line = '';
    }
    line += ` ${name}`;
  }
  if (line) lines.push(line);
  return lines;
}

// highs ships one types.d.ts for its CommonJS and ES builds in a "type":
// "commonjs" package, so TypeScript (NodeNext) reads its `export default` as
// the CommonJS module object; Node's import gets the ES build, whose default
// export is the loader itself.
type Loader = (options?: InitOptions) => Promise<LegacyHighs>;
let loaded: Promise<LegacyHighs> | undefined;

/** The WebAssembly solver, loaded once per test worker. */
function highs(): Promise<LegacyHighs> {
  loaded ??= import('highs').then((module) => (module.default as unknown as Loader)());
  return loaded;
}

/** Follows x from the dummy on each machine; throws when the jobs do not form one sequence each. */
function decode(
  instance: SchedulingMipInstance,
  value: (name: string) => number | undefined,
): number[][] {
  const n = instance.p.length;
  const seen = new Set<number>();
  const sequences: number[][] = [];
  for (let k = 0; k < instance.machines; k++) {
    const here = Array.from({ length: n }, (_, j) => j).filter((j) =>
      Number.isFinite(instance.p[j]?.[k] ?? Number.POSITIVE_INFINITY),
    );
    const successor = (i: number | typeof DUMMY) =>
      here.find((j) => j !== i && (value(x(i, j, k)) ?? 0) > 0.5);
    const sequence: number[] = [];
    for (let j = successor(DUMMY); j !== undefined; j = successor(j)) {
      if (seen.has(j)) throw new Error(`scheduling MIP: job ${j} is sequenced twice`);
      seen.add(j);
      sequence.push(j);
    }
    sequences.push(sequence);
  }
  if (seen.size !== n) {
    throw new Error(`scheduling MIP: the solution sequences ${seen.size} of ${n} jobs`);
  }
  return sequences;
}

/**
 * Builds and solves the model. Rejects only on a malformed instance or a
 * solver error; a time limit is a status, with the best schedule found.
 */
export async function solveSchedulingMip(
  instance: SchedulingMipInstance,
  objective: SchedulingMipObjective,
  options: SchedulingMipOptions = {},
): Promise<SchedulingMipResult> {
  const text = buildSchedulingMip(instance, objective);
  const solver = await highs();
  const settings: LegacyHighsOptions = {
    // Prove the optimum, not merely come within HiGHS's default 0.01 %.
    mip_rel_gap: 0,
    output_flag: false,
    random_seed: 0,
    ...(options.timeLimitSeconds === undefined ? {} : { time_limit: options.timeLimitSeconds }),
  };
  const solution = solver.solve(text, settings);
  const status = solution.Status === 'Optimal' ? 'optimal' : solution.Status;
  const columns = solution.Columns as Record<string, { Primal?: number } | undefined>;
  // Stopped before a first solution, HiGHS reports an infinite objective and zero columns.
  if (!Number.isFinite(solution.ObjectiveValue))
    return { status, objective: Number.NaN, sequences: [] };
  return {
    status,
    // Integer columns come back within HiGHS's tolerance (74.0000000000011).
    objective: Math.round(solution.ObjectiveValue * 1e6) / 1e6,
    sequences: decode(instance, (name) => columns[name]?.Primal),
  };
}
