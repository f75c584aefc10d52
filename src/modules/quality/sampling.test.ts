import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import table from './data/iso2859-1.json' with { type: 'json' };
import {
  CODE_LETTERS,
  type CodeLetter,
  codeLetterFor,
  INSPECTION_LEVELS,
  type InspectionLevel,
  masterTableCell,
  PREFERRED_AQLS,
  planOneAqlStepTighter,
  type SamplingPlan,
  SEVERITIES,
  type Severity,
  samplingPlanFor,
  verdictOf,
} from './sampling.js';

// The tables are read here straight from the JSON, independently of sampling.ts's loader.
type RawCell = [number, number, number, string | null];
const rawCell = (severity: Severity, letter: CodeLetter, aqlIndex: number): RawCell =>
  (table.singleSampling[severity] as unknown as Record<string, RawCell[]>)[letter]![aqlIndex]!;

const ranges = table.lotSizeRanges as [number, number | null][];

/** Every (level, lot size) pair at both ends of each Table I range; the open range's top is a large lot. */
const tableIBoundaries: { level: InspectionLevel; lotSize: number; letter: string }[] =
  INSPECTION_LEVELS.flatMap((level) =>
    ranges.flatMap(([min, max], i) => {
      const letter = table.codeLetters[level][i]!;
      return [
        { level, lotSize: min, letter },
        { level, lotSize: max ?? 10_000_000, letter },
      ];
    }),
  );

/** For each code letter, one lot size and level that Table I maps to it (the first found). */
const lotFor = new Map<string, { level: InspectionLevel; lotSize: number }>();
for (const { level, lotSize, letter } of tableIBoundaries) {
  if (!lotFor.has(letter)) lotFor.set(letter, { level, lotSize });
}

function planOrThrow(input: Parameters<typeof samplingPlanFor>[0]): SamplingPlan {
  const outcome = samplingPlanFor(input);
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.message}`);
  return outcome.value;
}

describe('the copied table', () => {
  const shared = fileURLToPath(
    new URL('../../../../shared/reference/sampling/iso2859-1.json', import.meta.url),
  );
  // Only in the working tree beside ../shared; a fresh clone has no shared folder.
  it.skipIf(!existsSync(shared))('is identical to the shared reference', () => {
    const copy = fileURLToPath(new URL('./data/iso2859-1.json', import.meta.url));
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('has 26 preferred AQLs and every code letter reachable from Table I', () => {
    expect(PREFERRED_AQLS).toHaveLength(26);
    expect(PREFERRED_AQLS[0]).toBe(0.01);
    expect(PREFERRED_AQLS.at(-1)).toBe(1000);
    // All 16 rows of the master tables are reachable from a lot size, so every cell below is
    // checked through samplingPlanFor and none needs the bare table lookup.
    expect([...lotFor.keys()].sort()).toEqual([...CODE_LETTERS].sort());
  });
});

describe('Table I: codeLetterFor', () => {
  it.each(tableIBoundaries)(
    'level $level, lot size $lotSize → $letter',
    ({ level, lotSize, letter }) => {
      expect(codeLetterFor(lotSize, level)).toBe(letter);
    },
  );

  it('agrees with a few rows read off the standard', () => {
    expect(codeLetterFor(1000, 'II')).toBe('J');
    expect(codeLetterFor(500_001, 'III')).toBe('R');
    expect(codeLetterFor(2, 'S-1')).toBe('A');
    expect(codeLetterFor(3201, 'S-4')).toBe('G');
  });

  it('throws on a lot size or level samplingPlanFor would refuse', () => {
    expect(() => codeLetterFor(1, 'II')).toThrow(RangeError);
    expect(() => codeLetterFor(2.5, 'II')).toThrow(RangeError);
    expect(() => codeLetterFor(100, 'IV' as InspectionLevel)).toThrow(RangeError);
  });
});

describe('Tables II-A, II-B, II-C cell by cell', () => {
  const cells = SEVERITIES.flatMap((severity) =>
    CODE_LETTERS.flatMap((letter) =>
      table.aql.map((aqlText, aqlIndex) => ({ severity, letter, aqlText, aqlIndex })),
    ),
  );

  it('covers 3 severities × 16 code letters × 26 AQLs', () => {
    expect(cells).toHaveLength(3 * 16 * 26);
  });

  it.each(cells)('$severity $letter AQL $aqlText', ({ severity, letter, aqlText, aqlIndex }) => {
    const [n, ac, re, planCodeLetter] = rawCell(severity, letter, aqlIndex);
    const { level, lotSize } = lotFor.get(letter)!;
    const plan = planOrThrow({ lotSize, level, aql: Number(aqlText), severity });
    expect(plan).toEqual({
      codeLetter: letter,
      planCodeLetter,
      n,
      ac,
      re,
      severity,
      aql: Number(aqlText),
      level,
      lotSize,
      hundredPercent: n >= lotSize,
    });
    expect(masterTableCell(severity, letter, Number(aqlText))).toEqual({
      n,
      ac,
      re,
      planCodeLetter,
    });
  });

  it('gives the same cell for every level and Table I boundary that maps to the code letter', () => {
    let checked = 0;
    for (const { level, lotSize, letter } of tableIBoundaries) {
      for (const severity of SEVERITIES) {
        table.aql.forEach((aqlText, aqlIndex) => {
          const [n, ac, re, planCodeLetter] = rawCell(severity, letter as CodeLetter, aqlIndex);
          const plan = planOrThrow({ lotSize, level, aql: Number(aqlText), severity });
          expect([plan.codeLetter, plan.n, plan.ac, plan.re, plan.planCodeLetter]).toEqual([
            letter,
            n,
            ac,
            re,
            planCodeLetter,
          ]);
          checked += 1;
        });
      }
    }
    expect(checked).toBe(7 * 15 * 2 * 3 * 26);
  });

  it('normal and tightened plans have Re = Ac + 1; only reduced plans have a gap', () => {
    for (const severity of SEVERITIES) {
      for (const letter of CODE_LETTERS) {
        for (const aql of PREFERRED_AQLS) {
          const cell = masterTableCell(severity, letter, aql)!;
          if (severity !== 'reduced') expect(cell.re).toBe(cell.ac + 1);
          else expect(cell.re).toBeGreaterThanOrEqual(cell.ac + 1);
        }
      }
    }
  });

  it('has no cell for an AQL outside the table', () => {
    expect(masterTableCell('normal', 'J', 0.5)).toBeUndefined();
  });
});

describe('the reference test vectors', () => {
  it.each(table.testVectors)('lot $lotSize, level $level, AQL $aql, $severity', (vector) => {
    const plan = planOrThrow({
      lotSize: vector.lotSize,
      level: vector.level as InspectionLevel,
      aql: Number(vector.aql),
      severity: vector.severity as Severity,
    });
    expect([plan.codeLetter, plan.n, plan.ac, plan.re]).toEqual([
      vector.codeLetter,
      vector.n,
      vector.ac,
      vector.re,
    ]);
  });

  it('holds all 22, twelve of them six published ISO 2859-1:1999 plans at two lot sizes', () => {
    expect(table.testVectors).toHaveLength(22);
    expect(table.testVectors.filter((v) => v.externalSource !== null)).toHaveLength(12);
  });
});

describe('the ambiguities the reference notes', () => {
  it('normal, code letter A, AQL 10 is code C’s plan n = 5, 1/2 (AQLSchemes; one source shows an up-arrow with nothing above)', () => {
    // ambiguities[0]: the file holds AQLSchemes' resolution; we assert what the file holds so a
    // correction of the reference shows up here rather than silently.
    const plan = planOrThrow({ lotSize: 5, level: 'II', aql: 10, severity: 'normal' });
    expect(plan).toMatchObject({ codeLetter: 'A', planCodeLetter: 'C', n: 5, ac: 1, re: 2 });
    expect(plan.hundredPercent).toBe(true);
  });

  it('reduced plans are the Z1.4 ones with the Ac/Re gap, not ISO 2859-1:1999 Table 2-C', () => {
    // ambiguities[1]: single source for II-C's arrows; the gap cells (e.g. 1/3, 3/6, 10/13) are
    // the 105E/Z1.4 plans. ISO 2859-1:1999 removed the gap (Re = Ac + 1).
    const plan = planOrThrow({ lotSize: 1000, level: 'II', aql: 1.0, severity: 'reduced' });
    expect(plan).toMatchObject({ codeLetter: 'J', planCodeLetter: 'J', n: 32, ac: 1, re: 3 });
    expect(masterTableCell('reduced', 'K', 2.5)).toEqual({
      n: 50,
      ac: 3,
      re: 6,
      planCodeLetter: 'K',
    });
    // n = 2 in the reduced table: the reference does not say which of rows A, B, C it is.
    expect(masterTableCell('reduced', 'A', 6.5)?.planCodeLetter).toBeNull();
  });
});

describe('samplingPlanFor refusals', () => {
  const good = {
    lotSize: 1000,
    level: 'II' as InspectionLevel,
    aql: 1.0,
    severity: 'normal' as Severity,
  };

  it.each([
    [{ lotSize: 1 }, 'lotSize', 'invalid_lot_size'],
    [{ lotSize: 0 }, 'lotSize', 'invalid_lot_size'],
    [{ lotSize: -5 }, 'lotSize', 'invalid_lot_size'],
    [{ lotSize: 100.5 }, 'lotSize', 'invalid_lot_size'],
    [{ lotSize: Number.NaN }, 'lotSize', 'invalid_lot_size'],
    [{ lotSize: Number.POSITIVE_INFINITY }, 'lotSize', 'invalid_lot_size'],
    [{ level: 'IV' }, 'level', 'unknown_inspection_level'],
    [{ level: 's-1' }, 'level', 'unknown_inspection_level'],
    [{ aql: 0.5 }, 'aql', 'unknown_aql'],
    [{ aql: 0.6499 }, 'aql', 'unknown_aql'],
    [{ aql: 2000 }, 'aql', 'unknown_aql'],
    [{ severity: 'skip-lot' }, 'severity', 'unknown_severity'],
  ])('%o is refused naming %s', (change, field, code) => {
    const outcome = samplingPlanFor({ ...good, ...(change as object) } as typeof good);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ code, field });
    expect(outcome.error.message).toContain(field);
  });

  it('accepts an AQL as written in the table or as a number', () => {
    expect(samplingPlanFor({ ...good, aql: Number('0.65') }).ok).toBe(true);
    expect(samplingPlanFor({ ...good, aql: 0.65 }).ok).toBe(true);
    expect(samplingPlanFor({ ...good, aql: 10 }).ok).toBe(true);
  });
});

describe('verdictOf', () => {
  const normal = planOrThrow({ lotSize: 1000, level: 'II', aql: 1.0, severity: 'normal' }); // 80, 2/3
  const reduced = planOrThrow({ lotSize: 1000, level: 'II', aql: 1.0, severity: 'reduced' }); // 32, 1/3

  it('accepts at Ac or below and rejects at Re or above', () => {
    expect(verdictOf(normal, 0)).toBe('accept');
    expect(verdictOf(normal, 2)).toBe('accept');
    expect(verdictOf(normal, 3)).toBe('reject');
    expect(verdictOf(normal, 40)).toBe('reject');
  });

  it('in the gap of a reduced plan, accepts and reinstates normal (105E 4.10.1.4)', () => {
    expect(verdictOf(reduced, 1)).toBe('accept');
    expect(verdictOf(reduced, 2)).toBe('accept_and_reinstate_normal');
    expect(verdictOf(reduced, 3)).toBe('reject');
    const wide = planOrThrow({ lotSize: 2000, level: 'II', aql: 2.5, severity: 'reduced' }); // 50, 3/6
    expect([3, 4, 5, 6].map((d) => verdictOf(wide, d))).toEqual([
      'accept',
      'accept_and_reinstate_normal',
      'accept_and_reinstate_normal',
      'reject',
    ]);
  });

  it('applies Ac/Re to the whole lot when the sample is the whole lot', () => {
    // Lot of 8, code A, AQL 0.65: the arrow leads to n = 20 > 8, so all 8 are inspected, 0/1.
    const plan = planOrThrow({ lotSize: 8, level: 'II', aql: 0.65, severity: 'normal' });
    expect(plan).toMatchObject({ codeLetter: 'A', n: 20, ac: 0, re: 1, hundredPercent: true });
    expect(verdictOf(plan, 0)).toBe('accept');
    expect(verdictOf(plan, 1)).toBe('reject');
    // n equal to the lot size is 100 % as well.
    expect(planOrThrow({ lotSize: 2, level: 'II', aql: 6.5, severity: 'normal' })).toMatchObject({
      n: 2,
      hundredPercent: true,
    });
    // Code B, AQL 6.5: the up-arrow leads to row A, n = 2 < 9: a sample, not the whole lot.
    expect(planOrThrow({ lotSize: 9, level: 'II', aql: 6.5, severity: 'normal' })).toMatchObject({
      planCodeLetter: 'A',
      n: 2,
      hundredPercent: false,
    });
  });

  it('counts nonconformities beyond n (AQL above 10 is per 100 units)', () => {
    const plan = planOrThrow({ lotSize: 20, level: 'S-2', aql: 1000, severity: 'normal' }); // 2, 30/31
    expect(plan).toMatchObject({ n: 2, ac: 30, re: 31 });
    expect(verdictOf(plan, 30)).toBe('accept');
    expect(verdictOf(plan, 31)).toBe('reject');
  });

  it('throws on a count that is not a whole number', () => {
    expect(() => verdictOf(normal, -1)).toThrow(RangeError);
    expect(() => verdictOf(normal, 1.5)).toThrow(RangeError);
  });
});

describe('planOneAqlStepTighter', () => {
  it('judges the same sample at the next smaller AQL', () => {
    const plan = planOrThrow({ lotSize: 1000, level: 'II', aql: 1.0, severity: 'normal' }); // J 80 2/3
    expect(planOneAqlStepTighter(plan)).toMatchObject({ aql: 0.65, n: 80, ac: 1, re: 2 });
  });

  it('follows the row the sample came from when an arrow moved the plan', () => {
    // Code F, AQL 100 normal: up-arrow to row E, n = 13, 21/22. Row F at AQL 65 has n = 20, row E
    // has n = 13, 14/15: the 13 units sampled are judged against 14.
    const plan = planOrThrow({ lotSize: 100, level: 'II', aql: 100, severity: 'normal' });
    expect(plan).toMatchObject({ codeLetter: 'F', planCodeLetter: 'E', n: 13, ac: 21 });
    expect(planOneAqlStepTighter(plan)).toMatchObject({ aql: 65, n: 13, ac: 14, re: 15 });
  });

  it('exists with the same n for every normal plan with Ac ≥ 2 (the switching score needs it)', () => {
    for (const letter of CODE_LETTERS) {
      const { level, lotSize } = lotFor.get(letter)!;
      for (const aql of PREFERRED_AQLS) {
        const plan = planOrThrow({ lotSize, level, aql, severity: 'normal' });
        if (plan.ac < 2) continue;
        const tighter = planOneAqlStepTighter(plan);
        expect(tighter, `${letter} AQL ${aql}`).toBeDefined();
        expect(tighter!.n).toBe(plan.n);
        expect(tighter!.ac).toBeLessThan(plan.ac);
      }
    }
  });

  it('is undefined at the tightest AQL', () => {
    const plan = planOrThrow({ lotSize: 1000, level: 'II', aql: 0.01, severity: 'normal' });
    expect(planOneAqlStepTighter(plan)).toBeUndefined();
  });
});
