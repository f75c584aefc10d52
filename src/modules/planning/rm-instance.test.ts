import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  evaluate,
  formatRmSolution,
  parseRmInstance,
  parseRmSolution,
  type RmInstance,
} from './rm-instance.js';

const NAMES = [
  'I_6_2_S_1-9_1',
  'I_8_3_S_1-49_2',
  'I_10_4_S_1-99_3',
  'I_12_2_S_1-9_5',
  'I_12_5_S_1-124_4',
];
const dataFile = (name: string) => fileURLToPath(new URL(`./data/${name}.txt`, import.meta.url));
const load = (name: string) => parseRmInstance(readFileSync(dataFile(name), 'utf8'), name);

const SMALL = `2 2 1
2
  0 3 1 5
  1 4
SSD
M0
0 1
2 0
M1
0 7
6 0
`;

describe('parseRmInstance', () => {
  it('reads the smallest reference instance', () => {
    const instance = load('I_6_2_S_1-9_1');
    expect(instance.jobs).toBe(6);
    expect(instance.machines).toBe(2);
    expect(instance.p[0]).toEqual([1, 4]);
    expect(instance.p[1]).toEqual([87, 21]);
    expect(instance.p[5]).toEqual([9, 48]);
    // Row i, column j: setup on machine k when job j follows job i.
    expect(instance.setup[0]?.[0]).toEqual([0, 1, 8, 1, 3, 9]);
    expect(instance.setup[1]?.[5]?.[1]).toBe(4);
    expect(instance.setup[1]?.[3]?.[4]).toBe(1);
  });

  it('reads all five reference instances with the sizes in their names', () => {
    for (const name of NAMES) {
      const [, n, m] = name.split('_').map(Number);
      const instance = load(name);
      expect([instance.jobs, instance.machines]).toEqual([n, m]);
      expect(instance.p).toHaveLength(instance.jobs);
      expect(instance.setup).toHaveLength(instance.machines);
      for (const matrix of instance.setup) {
        expect(matrix).toHaveLength(instance.jobs);
        for (const row of matrix) expect(row).toHaveLength(instance.jobs);
      }
    }
  });

  it('keeps the copies identical to the shared reference when it is present', () => {
    const reference = fileURLToPath(
      new URL('../../../../shared/reference/scheduling/', import.meta.url),
    );
    if (!existsSync(reference)) return;
    for (const name of NAMES) {
      expect(readFileSync(dataFile(name), 'utf8')).toBe(
        readFileSync(`${reference}${name}.txt`, 'utf8'),
      );
    }
  });

  it('takes a machine missing from a job line as one the job may not run on', () => {
    const instance = parseRmInstance(SMALL);
    expect(instance.p).toEqual([
      [3, 5],
      [Number.POSITIVE_INFINITY, 4],
    ]);
    expect(instance.setup).toEqual([
      [
        [0, 1],
        [2, 0],
      ],
      [
        [0, 7],
        [6, 0],
      ],
    ]);
  });

  const broken = (from: string, to: string) => SMALL.replace(from, to);
  it.each([
    ['a bad header', broken('2 2 1', '2 2'), /f line 1: expected "jobs machines 1"/],
    ['two stages', broken('2 2 1', '2 2 2'), /f line 1: expected 1 stage/],
    ['no jobs', broken('2 2 1', '0 2 1'), /f line 1: expected the number of jobs/],
    ['another machine count', broken('2 2 1\n2', '2 2 1\n3'), /f line 2: the machine count 3/],
    ['an odd job line', broken('1 4\n', '1 4 0\n'), /f line 4: job 1: expected pairs/],
    ['a machine out of range', broken('1 4\n', '2 4\n'), /f line 4: .*machine.*0 to 1.*"2"/],
    ['a machine twice', broken('1 4\n', '1 4 1 5\n'), /f line 4: job 1: machine 1 is listed twice/],
    ['a negative time', broken('1 4\n', '1 -4\n'), /f line 4: .*processing time.*"-4"/],
    ['no SSD', broken('SSD', 'SDS'), /f line 5: expected "SSD", found "SDS"/],
    ['a wrong matrix label', broken('M1', 'M2'), /f line 9: expected "M1"/],
    [
      'a short matrix row',
      broken('6 0\n', '6\n'),
      /f line 11: .*row 1: expected 2 numbers, found 1/,
    ],
    ['a word for a setup', broken('0 7', '0 x'), /f line 10: expected a setup time .*"x"/],
    ['a truncated file', broken('M1\n0 7\n6 0\n', 'M1\n0 7\n'), /f at the end: expected row 1/],
    ['something after the end', `${SMALL}7\n`, /f line 12: unexpected "7"/],
  ])('names the line for %s', (_what, text, message) => {
    expect(() => parseRmInstance(text, 'f')).toThrow(message);
  });
});

describe('the solution format', () => {
  it('writes m, then a line "count jobs…" per machine, and reads it back', () => {
    const solution = [[0, 2, 1], [], [3]];
    const text = formatRmSolution(solution);
    expect(text).toBe('3\n3 0 2 1\n0\n1 3\n');
    expect(parseRmSolution(text)).toEqual(solution);
  });

  it('rejects a line whose count disagrees with its jobs', () => {
    expect(() => parseRmSolution('1\n2 0\n', 's')).toThrow(/s line 2: says 2 jobs but lists 1/);
  });
});

describe('evaluate', () => {
  const instance = load('I_6_2_S_1-9_1');

  it('adds processing and setup times, with no setup before the first job', () => {
    // Machine 0: 1 + s(0,2)=8 + 28 + s(2,1)=3 + 87; machine 1: 17 + s(3,4)=1 + 43 + s(4,5)=9 + 48.
    const result = evaluate(instance, [
      [0, 2, 1],
      [3, 4, 5],
    ]);
    expect(result).toEqual({ ok: true, completion: [127, 118], makespan: 127 });
  });

  it('gives an idle machine completion 0', () => {
    const result = evaluate(instance, [[], [0, 1, 2, 3, 4, 5]]);
    expect(result.ok && result.completion[0]).toBe(0);
  });

  it('finds a job twice, a job missing, an unknown job and the wrong machine count', () => {
    const result = evaluate(instance, [[0, 1, 1], [2, 3, 4, 9], []]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'expected 2 machines, found 3',
        'job 1 appears twice (machines 0, 0)',
        'machine 1: no job 9',
        'job 5 is not scheduled',
      ]),
    );
  });

  it('refuses a job on a machine it may not run on', () => {
    const small: RmInstance = parseRmInstance(SMALL);
    const result = evaluate(small, [[0, 1], []]);
    expect(result).toEqual({ ok: false, problems: ['job 1 may not run on machine 0'] });
    expect(evaluate(small, [[0], [1]])).toEqual({ ok: true, completion: [3, 4], makespan: 4 });
  });
});
