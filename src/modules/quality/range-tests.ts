// Firing-range tests: the statistics a product specification sets limits on,
// computed from the rounds fired, and each test's verdict. Pure; the range
// instrument's CSV export is read by `readRangeCsv`.
//
// What each statistic means here (the specification names them):
// - mean, sd, min, max: of the rounds' measured values (velocity in m/s, trace
//   length in m, …); sd is the sample standard deviation (n − 1).
// - extreme_spread: for values, max − min; for impacts (x, y), the largest
//   distance between two impacts — the usual group size on a target.
// - mean_radius: the mean distance of the impacts from their centre (the mean
//   point of impact), the dispersion figure of ammunition acceptance.
// - failures: rounds marked failed (misfire, no trace, casualty).
import { parse } from 'csv-parse/sync';
import type { RANGE_STATISTICS } from '../plant/index.js';

export type RangeStatistic = (typeof RANGE_STATISTICS)[number];

export interface RangeLimit {
  statistic: RangeStatistic;
  min?: number;
  max?: number;
}

export interface RangeTestSpec {
  code: string;
  name: string;
  sampleSize: number;
  unit?: string;
  limits: readonly RangeLimit[];
}

/** One round fired: a measured value, an impact on the target, and/or whether it failed. */
export interface Round {
  value?: number;
  x?: number;
  y?: number;
  failed?: boolean;
}

export interface LimitCheck extends RangeLimit {
  value: number | null;
  pass: boolean;
  /** Plain words: "mean 712.4 m/s within 695–735". */
  message: string;
}

export interface RangeTestVerdict {
  test: string;
  rounds: number;
  /** Rounds the specification asks for; a short sample cannot pass. */
  sampleSize: number;
  statistics: Partial<Record<RangeStatistic, number>>;
  checks: LimitCheck[];
  pass: boolean;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function values(rounds: readonly Round[]): number[] {
  return rounds.flatMap((r) =>
    r.value !== undefined && Number.isFinite(r.value) ? [r.value] : [],
  );
}

function impacts(rounds: readonly Round[]): { x: number; y: number }[] {
  return rounds.flatMap((r) =>
    r.x !== undefined && r.y !== undefined && Number.isFinite(r.x) && Number.isFinite(r.y)
      ? [{ x: r.x, y: r.y }]
      : [],
  );
}

/** The statistic over the rounds, or null when the rounds do not carry what it needs. */
export function rangeStatistic(stat: RangeStatistic, rounds: readonly Round[]): number | null {
  const v = values(rounds);
  const hits = impacts(rounds);
  switch (stat) {
    case 'failures':
      return rounds.filter((r) => r.failed === true).length;
    case 'mean':
      return v.length ? round6(v.reduce((s, x) => s + x, 0) / v.length) : null;
    case 'sd': {
      if (v.length < 2) return null;
      const mean = v.reduce((s, x) => s + x, 0) / v.length;
      return round6(Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1)));
    }
    case 'min':
      return v.length ? Math.min(...v) : null;
    case 'max':
      return v.length ? Math.max(...v) : null;
    case 'extreme_spread': {
      if (hits.length >= 2) {
        let widest = 0;
        for (let i = 0; i < hits.length; i++) {
          for (let j = i + 1; j < hits.length; j++) {
            const a = hits[i] as { x: number; y: number };
            const b = hits[j] as { x: number; y: number };
            widest = Math.max(widest, Math.hypot(a.x - b.x, a.y - b.y));
          }
        }
        return round6(widest);
      }
      return v.length >= 2 ? round6(Math.max(...v) - Math.min(...v)) : null;
    }
    case 'mean_radius': {
      if (hits.length === 0) return null;
      const cx = hits.reduce((s, h) => s + h.x, 0) / hits.length;
      const cy = hits.reduce((s, h) => s + h.y, 0) / hits.length;
      return round6(hits.reduce((s, h) => s + Math.hypot(h.x - cx, h.y - cy), 0) / hits.length);
    }
    default: {
      const unknownStatistic: never = stat;
      return unknownStatistic;
    }
  }
}

function describeBounds(limit: RangeLimit, unit: string): string {
  const u = unit ? ` ${unit}` : '';
  if (limit.min !== undefined && limit.max !== undefined) return `${limit.min}–${limit.max}${u}`;
  if (limit.min !== undefined) return `at least ${limit.min}${u}`;
  return `at most ${limit.max}${u}`;
}

/** The test's verdict: every limit met, on a sample of the size the specification asks for. */
export function rangeTestVerdict(spec: RangeTestSpec, rounds: readonly Round[]): RangeTestVerdict {
  const unit = spec.unit ?? '';
  const statistics: Partial<Record<RangeStatistic, number>> = {};
  const checks: LimitCheck[] = spec.limits.map((limit) => {
    const value = rangeStatistic(limit.statistic, rounds);
    if (value !== null) statistics[limit.statistic] = value;
    const bounds = describeBounds(limit, limit.statistic === 'failures' ? '' : unit);
    if (value === null) {
      return {
        ...limit,
        value,
        pass: false,
        message: `${limit.statistic}: the rounds carry no data for it (needs ${limit.statistic === 'mean_radius' ? 'impacts x, y' : 'measured values'})`,
      };
    }
    const pass =
      (limit.min === undefined || value >= limit.min) &&
      (limit.max === undefined || value <= limit.max);
    return {
      ...limit,
      value,
      pass,
      message: `${limit.statistic} ${value}${limit.statistic === 'failures' || !unit ? '' : ` ${unit}`} ${pass ? 'within' : 'outside'} ${bounds}`,
    };
  });
  const shortSample = rounds.length < spec.sampleSize;
  if (shortSample) {
    checks.push({
      statistic: 'failures',
      value: rounds.length,
      pass: false,
      message: `${rounds.length} rounds recorded; the specification asks for ${spec.sampleSize}`,
    });
  }
  return {
    test: spec.code,
    rounds: rounds.length,
    sampleSize: spec.sampleSize,
    statistics,
    checks,
    pass: checks.every((c) => c.pass),
  };
}

export type CsvRead =
  | { ok: true; rounds: Round[] }
  | { ok: false; errors: { line: number; message: string }[] };

const COLUMN_NAMES: Record<keyof Round, readonly string[]> = {
  // English and Spanish headers: the reference plant's instruments speak Spanish.
  value: [
    'value',
    'velocity',
    'v',
    'speed',
    'length',
    'trace',
    'measurement',
    'valor',
    'velocidad',
    'longitud',
    'traza',
  ],
  x: ['x', 'x_cm', 'horizontal'],
  y: ['y', 'y_cm', 'vertical'],
  failed: [
    'failed',
    'failure',
    'fail',
    'result',
    'status',
    'resultado',
    'falla',
    'fallo',
    'estado',
  ],
};

const FAILED = new Set([
  '1',
  'true',
  'yes',
  'y',
  'x',
  'fail',
  'failed',
  'failure',
  'misfire',
  'no trace',
]);
const PASSED = new Set(['', '0', 'false', 'no', 'n', 'ok', 'pass', 'passed', 'good']);

/**
 * Reads a range instrument's CSV export: a header row naming the columns
 * (value / velocity, x, y, failed / result; a round or shot number column is
 * ignored), then one row per round. Decimal commas are accepted when the
 * separator is a semicolon, as Spanish-locale instruments write them.
 */
export function readRangeCsv(text: string): CsvRead {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  let records: string[][];
  try {
    records = parse(text, {
      delimiter,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (error) {
    return {
      ok: false,
      errors: [{ line: 0, message: `not readable as CSV: ${(error as Error).message}` }],
    };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: [{ line: 1, message: 'the file is empty' }] };
  const names = header.map((h) =>
    h
      .toLowerCase()
      .replace(/\s*\(.*\)\s*$/, '')
      .trim(),
  );
  const columnOf = (field: keyof Round) => names.findIndex((n) => COLUMN_NAMES[field].includes(n));
  const columns = {
    value: columnOf('value'),
    x: columnOf('x'),
    y: columnOf('y'),
    failed: columnOf('failed'),
  };
  if (Object.values(columns).every((c) => c < 0)) {
    return {
      ok: false,
      errors: [
        {
          line: 1,
          message: `no known column in the header (${header.join(', ')}); expected value or velocity, x and y, failed or result`,
        },
      ],
    };
  }
  const errors: { line: number; message: string }[] = [];
  const rounds: Round[] = [];
  const number = (cell: string | undefined, line: number, field: string): number | undefined => {
    if (cell === undefined || cell === '') return undefined;
    const normal = delimiter === ';' ? cell.replace(',', '.') : cell;
    const value = Number(normal);
    if (!Number.isFinite(value)) {
      errors.push({ line, message: `${field}: "${cell}" is not a number` });
      return undefined;
    }
    return value;
  };
  rows.forEach((row, i) => {
    const line = i + 2;
    const round: Round = {};
    const value =
      columns.value >= 0
        ? number(row[columns.value], line, names[columns.value] ?? 'value')
        : undefined;
    const x = columns.x >= 0 ? number(row[columns.x], line, 'x') : undefined;
    const y = columns.y >= 0 ? number(row[columns.y], line, 'y') : undefined;
    if (value !== undefined) round.value = value;
    if (x !== undefined) round.x = x;
    if (y !== undefined) round.y = y;
    if ((x === undefined) !== (y === undefined)) {
      errors.push({ line, message: 'an impact needs both x and y' });
    }
    if (columns.failed >= 0) {
      const cell = (row[columns.failed] ?? '').toLowerCase();
      if (FAILED.has(cell)) round.failed = true;
      else if (PASSED.has(cell)) round.failed = false;
      else
        errors.push({
          line,
          message: `${names[columns.failed]}: "${cell}" is neither a pass nor a failure`,
        });
    }
    rounds.push(round);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rounds };
}
