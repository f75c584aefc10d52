// Single sampling by attributes — ISO 2859-1 / ANSI/ASQ Z1.4 / MIL-STD-105E: from the lot size,
// the inspection level and the AQL, the sample size code letter (Table I) and the plan n, Ac, Re
// for normal, tightened and reduced inspection (Tables II-A, II-B, II-C). Pure: no I/O.
//
// The tables are ./data/iso2859-1.json, a copy of the shared reference (see ./data/README.md),
// with the arrows already resolved: a cell may hold the plan of another row ("use the first
// sampling plan below/above the arrow"), and then n is that row's sample size and
// planCodeLetter names it. The code letter of the lot stays what Table I says.
//
// Two warnings carried from the reference:
// - The reduced plans are MIL-STD-105E / Z1.4 Table II-C, which has a gap between Ac and Re
//   (e.g. 1/3, 2/5): a count inside the gap accepts the lot but reinstates normal inspection
//   (105E 4.10.1.4, Z1.4 10.1.4). ISO 2859-1:1999 Table 2-C removed the gap (Re = Ac + 1) and was
//   not obtained, so for reduced inspection these are the Z1.4 plans, not the 1999 ISO ones.
// - Normal, code letter A, AQL 10 resolves to code C's plan (n = 5, 1/2) after one source's
//   up-arrow with nothing above it; confirm against a legible copy before relying on that cell.
import { type ErrorMessage, errorMessage } from '../../core/errors.js';
import table from './data/iso2859-1.json' with { type: 'json' };

// -------------------------------------------------------------- refusals ------

/** An expected refusal, returned as a value: a stable code, a sentence, and the field at fault. */
export interface Refusal {
  code: string;
  message: string;
  field?: string;
  /** The values the sentence names, for a client that words it in its own language. */
  params?: Readonly<Record<string, string | number | readonly string[]>>;
}

// The same shape as production's Outcome, defined here so the sampling core depends on nothing.
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Refusal };

// The sampling core depends on nothing but the error vocabulary: a refusal is
// stated as errors are, with its code, English template and params.
const refused = (field: string, reason: ErrorMessage): { ok: false; error: Refusal } => ({
  ok: false,
  error: { code: reason.code, message: reason.text, field, params: reason.params },
});

// ----------------------------------------------------------------- types ------

export const INSPECTION_LEVELS = ['S-1', 'S-2', 'S-3', 'S-4', 'I', 'II', 'III'] as const;
/** Special levels S-1…S-4 for small samples (destructive or costly tests); general I, II, III. */
export type InspectionLevel = (typeof INSPECTION_LEVELS)[number];

export const SEVERITIES = ['normal', 'tightened', 'reduced'] as const;
export type Severity = (typeof SEVERITIES)[number];

// ISO 2859-1 Table 1: I and O are not used as code letters.
export const CODE_LETTERS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'J',
  'K',
  'L',
  'M',
  'N',
  'P',
  'Q',
  'R',
] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];
/** A row of the master tables: a code letter, or S (n = 3150), which only Table II-B has. */
export type PlanRow = CodeLetter | 'S';

/** Acceptance quality limit, percent nonconforming or nonconformities per 100 units (above 10: nonconformities only). */
export type Aql = number;

/** The 26 preferred AQLs of the master tables, tightest first. */
export const PREFERRED_AQLS: readonly Aql[] = table.aql.map(Number);

export interface SamplingPlan {
  /** The lot's sample size code letter (Table I). */
  codeLetter: CodeLetter;
  /**
   * The row of the master table the plan comes from after following the arrows: the code letter
   * itself, another row, or S. null where the reduced table gives n = 2 and the reference does
   * not say which of rows A, B, C (all n = 2) it is.
   */
  planCodeLetter: PlanRow | null;
  n: number;
  ac: number;
  re: number;
  severity: Severity;
  aql: Aql;
  level: InspectionLevel;
  lotSize: number;
  /** n ≥ lot size: inspect every unit (100 %), Ac/Re apply to the whole lot. */
  hundredPercent: boolean;
}

/** A count in the gap of a reduced plan (Ac < d < Re) accepts the lot and reinstates normal inspection (105E 4.10.1.4). */
export type LotVerdict = 'accept' | 'reject' | 'accept_and_reinstate_normal';

// ---------------------------------------------------------- the tables ------

interface TableCell {
  n: number;
  ac: number;
  re: number;
  planRow: PlanRow | null;
}

const isPlanRow = (value: unknown): value is PlanRow =>
  value === 'S' || (CODE_LETTERS as readonly unknown[]).includes(value);

// The JSON is a file in this repository, so a malformed cell is a programming error: fail at load.
function cellFrom(raw: unknown, where: string): TableCell {
  if (!Array.isArray(raw) || raw.length !== 4)
    throw new Error(`sampling table ${where}: not a cell`);
  const [n, ac, re, planRow] = raw as unknown[];
  if (
    !Number.isSafeInteger(n) ||
    !Number.isSafeInteger(ac) ||
    !Number.isSafeInteger(re) ||
    (planRow !== null && !isPlanRow(planRow))
  ) {
    throw new Error(`sampling table ${where}: malformed cell ${JSON.stringify(raw)}`);
  }
  return { n: n as number, ac: ac as number, re: re as number, planRow };
}

const MASTER_TABLES: Record<Severity, Record<CodeLetter, readonly TableCell[]>> = (() => {
  const bySeverity = {} as Record<Severity, Record<CodeLetter, readonly TableCell[]>>;
  for (const severity of SEVERITIES) {
    const rows = table.singleSampling[severity] as Record<string, unknown[]>;
    const byLetter = {} as Record<CodeLetter, readonly TableCell[]>;
    for (const letter of CODE_LETTERS) {
      const row = rows[letter];
      if (!row || row.length !== PREFERRED_AQLS.length) {
        throw new Error(
          `sampling table ${severity} ${letter}: expected ${PREFERRED_AQLS.length} cells`,
        );
      }
      byLetter[letter] = row.map((cell, i) =>
        cellFrom(cell, `${severity} ${letter} AQL ${table.aql[i]}`),
      );
    }
    bySeverity[severity] = byLetter;
  }
  return bySeverity;
})();

/** Table I: inclusive lot-size ranges, the last open-ended (max Infinity). */
const LOT_SIZE_RANGES: readonly { min: number; max: number }[] = table.lotSizeRanges.map(
  ([min, max]) => ({ min: min as number, max: max ?? Number.POSITIVE_INFINITY }),
);

const TABLE_I: Record<InspectionLevel, readonly CodeLetter[]> = (() => {
  const byLevel = {} as Record<InspectionLevel, readonly CodeLetter[]>;
  for (const level of INSPECTION_LEVELS) {
    const letters: readonly unknown[] = table.codeLetters[level];
    if (letters.length !== LOT_SIZE_RANGES.length || !letters.every(isCodeLetter)) {
      throw new Error(`sampling table I, level ${level}: malformed`);
    }
    byLevel[level] = letters as CodeLetter[];
  }
  return byLevel;
})();

function isCodeLetter(value: unknown): value is CodeLetter {
  return (CODE_LETTERS as readonly unknown[]).includes(value);
}

export function isInspectionLevel(value: unknown): value is InspectionLevel {
  return (INSPECTION_LEVELS as readonly unknown[]).includes(value);
}

const isValidLotSize = (lotSize: number): boolean => Number.isSafeInteger(lotSize) && lotSize >= 2;

/** Index of an AQL among the preferred values, or -1. Exact match: 0.65 and '0.65' both parse to the same double. */
const aqlIndexOf = (aql: number): number => PREFERRED_AQLS.indexOf(aql);

// ----------------------------------------------------------------- API --------

/**
 * Table I (ISO 2859-1 Table 1, Z1.4 Table I): the sample size code letter for a lot size and an
 * inspection level. Throws RangeError on a lot size below 2 or not an integer, or an unknown level
 * (samplingPlanFor refuses those as values; this is the lookup beneath it).
 */
export function codeLetterFor(lotSize: number, level: InspectionLevel): CodeLetter {
  if (!isValidLotSize(lotSize))
    throw new RangeError(`lotSize must be an integer ≥ 2, got ${lotSize}`);
  const letters = TABLE_I[level];
  if (!letters) throw new RangeError(`unknown inspection level "${String(level)}"`);
  const index = LOT_SIZE_RANGES.findIndex(({ min, max }) => lotSize >= min && lotSize <= max);
  const letter = letters[index];
  if (letter === undefined) throw new RangeError(`lot size ${lotSize} is in no range of Table I`);
  return letter;
}

/** The cell of a master table for a code letter and a preferred AQL (arrows resolved), or undefined for an AQL not in the table. */
export function masterTableCell(
  severity: Severity,
  codeLetter: CodeLetter,
  aql: Aql,
): { n: number; ac: number; re: number; planCodeLetter: PlanRow | null } | undefined {
  const cell = MASTER_TABLES[severity][codeLetter][aqlIndexOf(aql)];
  return cell && { n: cell.n, ac: cell.ac, re: cell.re, planCodeLetter: cell.planRow };
}

/**
 * The single sampling plan for a lot (ISO 2859-1 §10, Tables 1 and 2-A/2-B; reduced: Z1.4 Table
 * II-C). Refuses, naming the field, a lot size below 2 or not an integer, an unknown inspection
 * level or severity, and an AQL that is not one of the 26 preferred values.
 */
export function samplingPlanFor(input: {
  lotSize: number;
  level: InspectionLevel;
  aql: Aql;
  severity: Severity;
}): Outcome<SamplingPlan> {
  const { lotSize, level, aql, severity } = input;
  if (typeof lotSize !== 'number' || !isValidLotSize(lotSize)) {
    return refused(
      'lotSize',
      errorMessage('invalid_lot_size', 'lotSize must be an integer of 2 or more, got {{lotSize}}', {
        lotSize: String(lotSize),
      }),
    );
  }
  if (!isInspectionLevel(level)) {
    return refused(
      'level',
      errorMessage('unknown_inspection_level', 'level must be one of {{values}}, got "{{level}}"', {
        values: INSPECTION_LEVELS,
        level: String(level),
      }),
    );
  }
  if (typeof aql !== 'number' || aqlIndexOf(aql) < 0) {
    return refused(
      'aql',
      errorMessage(
        'unknown_aql',
        'aql must be one of the preferred values {{values}}, got {{aql}}',
        {
          values: table.aql.map(String),
          aql: String(aql),
        },
      ),
    );
  }
  if (!(SEVERITIES as readonly unknown[]).includes(severity)) {
    return refused(
      'severity',
      errorMessage('unknown_severity', 'severity must be one of {{values}}, got "{{severity}}"', {
        values: SEVERITIES,
        severity: String(severity),
      }),
    );
  }
  const codeLetter = codeLetterFor(lotSize, level);
  return { ok: true, value: planFromCell(codeLetter, severity, aql, level, lotSize) };
}

function planFromCell(
  codeLetter: CodeLetter,
  severity: Severity,
  aql: Aql,
  level: InspectionLevel,
  lotSize: number,
): SamplingPlan {
  const cell = MASTER_TABLES[severity][codeLetter][aqlIndexOf(aql)];
  if (!cell) throw new RangeError(`no cell for AQL ${aql}`);
  return {
    codeLetter,
    planCodeLetter: cell.planRow,
    n: cell.n,
    ac: cell.ac,
    re: cell.re,
    severity,
    aql,
    level,
    lotSize,
    // ISO 2859-1 §10.1 / 105E 4.9.4: when the sample size equals or exceeds the lot size,
    // inspect every unit of the lot.
    hundredPercent: cell.n >= lotSize,
  };
}

/**
 * The verdict on a lot from the number of nonconforming units (or nonconformities) found in its
 * sample: accept when d ≤ Ac, reject when d ≥ Re (ISO 2859-1 §11.1); a count in the gap of a
 * reduced plan (Ac < d < Re) accepts the lot and reinstates normal inspection from the next lot
 * (105E 4.10.1.4, Z1.4 10.1.4). The count is not bounded by n: nonconformities per 100 units may
 * exceed the sample size. Throws RangeError on a negative or fractional count.
 */
export function verdictOf(plan: SamplingPlan, nonconforming: number): LotVerdict {
  if (!Number.isSafeInteger(nonconforming) || nonconforming < 0) {
    throw new RangeError(`nonconforming must be a whole number ≥ 0, got ${nonconforming}`);
  }
  if (nonconforming <= plan.ac) return 'accept';
  if (nonconforming >= plan.re) return 'reject';
  return 'accept_and_reinstate_normal';
}

/**
 * The plan the same sample would be judged by at the next smaller preferred AQL, for the
 * ISO 2859-1:1999 switching score (§9.3.3: "would the lot have been accepted if the AQL had been
 * one step tighter?"). Looked up in the row the sample was drawn by (planCodeLetter), not the
 * lot's code letter: where an arrow moved the plan to another row, the lot's own row may give a
 * different sample size at the tighter AQL, and a count in n units cannot be judged against an
 * Ac for another n. undefined at the tightest AQL, for the reduced rows without a named row, for
 * row S, or where that row's tighter cell has another sample size.
 */
export function planOneAqlStepTighter(plan: SamplingPlan): SamplingPlan | undefined {
  const index = aqlIndexOf(plan.aql);
  const row = plan.planCodeLetter;
  const tighterAql = PREFERRED_AQLS[index - 1];
  if (tighterAql === undefined || row === null || !isCodeLetter(row)) return undefined;
  const cell = MASTER_TABLES[plan.severity][row][index - 1];
  if (!cell || cell.n !== plan.n) return undefined;
  return {
    ...plan,
    aql: tighterAql,
    planCodeLetter: cell.planRow,
    ac: cell.ac,
    re: cell.re,
  };
}
