// The public benchmark format for unrelated parallel machines with
// sequence-dependent setups (Rm | S_ijk | Cmax; Vallada & Ruiz 2011, the
// RSDST set; see ./data/README.md), its solution format, and an evaluator that
// checks a solution on its own: it shares no code with the scheduler, so the
// scheduler's bookkeeping cannot hide its own mistakes.
import { invalid } from '../../core/errors.js';

export interface RmInstance {
  readonly jobs: number;
  readonly machines: number;
  /** p[j][k]: processing time of job j on machine k; Infinity when j may not run on k. */
  readonly p: readonly (readonly number[])[];
  /** setup[k][i][j]: changeover on machine k when job j directly follows job i. */
  readonly setup: readonly (readonly (readonly number[])[])[];
}

/** Each machine's jobs in processing order. */
export type RmSolution = readonly (readonly number[])[];

interface Line {
  readonly no: number;
  readonly tokens: readonly string[];
}

/**
 * Reads an instance in the benchmark format. A job line may list fewer
 * machines than there are: the missing ones are machines the job may not run
 * on. Throws an `invalid` error naming the line for malformed input.
 */
export function parseRmInstance(text: string, source = 'instance'): RmInstance {
  const lines: Line[] = text
    .split(/\r?\n/)
    .map((line, i) => ({ no: i + 1, tokens: line.trim().split(/\s+/).filter(Boolean) }))
    .filter((line) => line.tokens.length > 0);
  let cursor = 0;
  // The format is a research benchmark's, read by engineers: the problem stays in English.
  const fail = (line: Line | undefined, problem: string) =>
    line
      ? invalid('rm_instance_malformed', '{{source}} line {{line}}: {{problem}}', {
          source,
          line: line.no,
          problem,
        })
      : invalid('rm_instance_malformed', '{{source}} at the end: {{problem}}', { source, problem });
  const next = (what: string): Line => {
    const line = lines[cursor++];
    if (!line) throw fail(undefined, `expected ${what}, found the end of the file`);
    return line;
  };
  const integer = (line: Line, token: string, what: string, min: number, max = 2 ** 31): number => {
    const value = /^-?\d+$/.test(token) ? Number(token) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      const range = max === 2 ** 31 ? `at least ${min}` : `${min} to ${max}`;
      throw fail(line, `expected ${what} (an integer ${range}), found "${token}"`);
    }
    return value;
  };
  const literal = (word: string) => {
    const line = next(`"${word}"`);
    if (line.tokens.length !== 1 || line.tokens[0] !== word) {
      throw fail(line, `expected "${word}", found "${line.tokens.join(' ')}"`);
    }
  };

  const header = next('the header "jobs machines 1"');
  if (header.tokens.length !== 3) {
    throw fail(header, `expected "jobs machines 1", found "${header.tokens.join(' ')}"`);
  }
  const [nToken, mToken, stageToken] = header.tokens as [string, string, string];
  const jobs = integer(header, nToken, 'the number of jobs', 1);
  const machines = integer(header, mToken, 'the number of machines', 1);
  if (stageToken !== '1') {
    throw fail(header, `expected 1 stage (this format has a single stage), found "${stageToken}"`);
  }
  const repeat = next('the number of machines again');
  const again = integer(repeat, repeat.tokens.join(' '), 'the number of machines', 1);
  if (again !== machines) {
    throw fail(repeat, `the machine count ${again} differs from the header's ${machines}`);
  }

  const p: number[][] = [];
  for (let j = 0; j < jobs; j++) {
    const line = next(`the processing times of job ${j}`);
    if (line.tokens.length % 2 !== 0) {
      throw fail(line, `job ${j}: expected pairs "machine time", found an odd count of numbers`);
    }
    const row = new Array<number>(machines).fill(Number.POSITIVE_INFINITY);
    for (let t = 0; t < line.tokens.length; t += 2) {
      const k = integer(line, line.tokens[t] as string, `job ${j}: a machine`, 0, machines - 1);
      if (Number.isFinite(row[k])) throw fail(line, `job ${j}: machine ${k} is listed twice`);
      row[k] = integer(line, line.tokens[t + 1] as string, `job ${j}: a processing time`, 0);
    }
    if (line.tokens.length === 0 || !row.some(Number.isFinite)) {
      throw fail(line, `job ${j} may run on no machine`);
    }
    p.push(row);
  }

  literal('SSD');
  const setup: number[][][] = [];
  for (let k = 0; k < machines; k++) {
    literal(`M${k}`);
    const matrix: number[][] = [];
    for (let i = 0; i < jobs; i++) {
      const line = next(`row ${i} of the setup matrix of machine ${k}`);
      if (line.tokens.length !== jobs) {
        throw fail(
          line,
          `setup matrix of machine ${k}, row ${i}: expected ${jobs} numbers, found ${line.tokens.length}`,
        );
      }
      matrix.push(line.tokens.map((token) => integer(line, token, 'a setup time', 0)));
    }
    setup.push(matrix);
  }
  const extra = lines[cursor];
  if (extra) throw fail(extra, `unexpected "${extra.tokens.join(' ')}" after the last matrix`);
  return { jobs, machines, p, setup };
}

/** The README's solution format: `m`, then per machine `count j1 j2 …`. */
export function formatRmSolution(solution: RmSolution): string {
  const rows = solution.map((jobs) => [jobs.length, ...jobs].join(' '));
  return `${solution.length}\n${rows.join('\n')}\n`;
}

/** Reads a solution in the README's format; checks its shape only (see `evaluate`). */
export function parseRmSolution(text: string, source = 'solution'): number[][] {
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ no: i + 1, tokens: line.trim().split(/\s+/).filter(Boolean) }))
    .filter((line) => line.tokens.length > 0);
  const numbers = (line: { no: number; tokens: string[] }) =>
    line.tokens.map((token) => {
      if (!/^\d+$/.test(token)) {
        throw invalid(
          'rm_solution_malformed',
          '{{source}} line {{line}}: expected an integer, found "{{token}}"',
          { source, line: line.no, token },
        );
      }
      return Number(token);
    });
  const [first, ...rows] = lines;
  if (!first) throw invalid('rm_solution_empty', '{{source}}: empty', { source });
  const [m] = numbers(first);
  if (first.tokens.length !== 1 || m === undefined) {
    throw invalid(
      'rm_solution_malformed',
      '{{source}} line {{line}}: expected the number of machines',
      { source, line: first.no },
    );
  }
  if (rows.length !== m) {
    throw invalid(
      'rm_solution_malformed',
      '{{source}}: expected {{machines}} machine lines, found {{found}}',
      { source, machines: m, found: rows.length },
    );
  }
  return rows.map((line) => {
    const [count, ...jobs] = numbers(line);
    if (count !== jobs.length) {
      throw invalid(
        'rm_solution_malformed',
        '{{source}} line {{line}}: says {{said}} jobs but lists {{listed}}',
        { source, line: line.no, said: String(count), listed: jobs.length },
      );
    }
    return jobs;
  });
}

export type RmEvaluation =
  | {
      readonly ok: true;
      /** When each machine finishes its last job (0 for an idle machine). */
      readonly completion: readonly number[];
      readonly makespan: number;
    }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a solution against an instance (every job exactly once, each on a
 * machine it may run on) and computes each machine's completion time and the
 * makespan. The first job on a machine has no setup.
 */
export function evaluate(instance: RmInstance, solution: RmSolution): RmEvaluation {
  const problems: string[] = [];
  if (solution.length !== instance.machines) {
    problems.push(`expected ${instance.machines} machines, found ${solution.length}`);
  }
  const seen = new Map<number, number>();
  const completion: number[] = [];
  solution.forEach((sequence, k) => {
    let time = 0;
    let previous: number | undefined;
    for (const job of sequence) {
      if (!Number.isInteger(job) || job < 0 || job >= instance.jobs) {
        problems.push(`machine ${k}: no job ${job}`);
        continue;
      }
      const where = seen.get(job);
      if (where !== undefined) problems.push(`job ${job} appears twice (machines ${where}, ${k})`);
      seen.set(job, k);
      const processing = instance.p[job]?.[k] ?? Number.POSITIVE_INFINITY;
      if (!Number.isFinite(processing)) problems.push(`job ${job} may not run on machine ${k}`);
      const changeover =
        previous === undefined ? 0 : (instance.setup[k]?.[previous]?.[job] ?? Number.NaN);
      time += changeover + processing;
      previous = job;
    }
    completion.push(time);
  });
  for (let job = 0; job < instance.jobs; job++) {
    if (!seen.has(job)) problems.push(`job ${job} is not scheduled`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, completion, makespan: Math.max(0, ...completion) };
}
