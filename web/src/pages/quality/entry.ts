// What an inspector types, read into results, and the verdict it would get
// shown while typing. Pure. The recorded verdict is always the server's
// (src/modules/quality/inspection.ts judgeLine); the preview follows the same
// rules so that the inspector sees at once what a count or a list amounts to.
// The problems found are worded in the language in use when called.
import type {
  AttributeLine,
  RangeLine,
  RangeStatistic,
  Round,
  VariableLine,
} from '../../api/quality';
import { formatInteger } from '../../format';
import { i18n } from '../../i18n';

export interface Parsed<T> {
  value: T;
  /** Tokens or lines that are not numbers, in words. */
  errors: string[];
}

/**
 * A list of measured values as pasted from a gauge or typed: separated by
 * spaces, new lines, tabs or semicolons; a comma separates values too
 * ("55.7,55.8"), except in a token without a point, where it is a decimal
 * comma ("55,75" is 55.75), as Spanish-locale gauges write them.
 */
export function parseValues(text: string): Parsed<number[]> {
  const values: number[] = [];
  const errors: string[] = [];
  for (const token of text.split(/[\s;]+/).filter(Boolean)) {
    const parts = /^[-+]?\d+,\d+$/.test(token)
      ? [token.replace(',', '.')]
      : token.split(',').filter(Boolean);
    for (const part of parts) {
      const value = Number(part);
      if (part.trim() === '' || !Number.isFinite(value))
        errors.push(i18n.t('quality:entry.notANumber', { value: part }));
      else values.push(value);
    }
  }
  return { value: values, errors };
}

/** Impacts on the target, one round a line: "x y" (or "x; y", "x, y" with decimal points). */
export function parseImpacts(text: string): Parsed<Round[]> {
  const rounds: Round[] = [];
  const errors: string[] = [];
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .forEach((line, index) => {
      if (line === '') return;
      const { value, errors: wrong } = parseValues(line);
      if (wrong.length > 0 || value.length !== 2) {
        errors.push(
          i18n.t('quality:entry.notAnImpact', { line: formatInteger(index + 1), text: line }),
        );
        return;
      }
      const [x, y] = value as [number, number];
      rounds.push({ x, y });
    });
  return { value: rounds, errors };
}

/**
 * How a range test's rounds are typed, from what its limits need: impacts for
 * a dispersion (mean radius), only the failures for a function test, else the
 * measured value of each round.
 */
export type RangeEntryMode = 'values' | 'impacts' | 'failures';

export function rangeEntryMode(line: RangeLine): RangeEntryMode {
  const stats = new Set(line.limits.map((l) => l.statistic));
  if (stats.has('mean_radius')) return 'impacts';
  if ([...stats].every((s) => s === 'failures')) return 'failures';
  return 'values';
}

/** A function test's rounds: `fired` rounds, the first `failures` of them failed. */
export function failureRounds(fired: number, failures: number): Round[] {
  return Array.from({ length: fired }, (_, i) => ({ failed: i < failures }));
}

export type AttributePreview = 'accept' | 'reject' | 'accept_and_reinstate_normal';

/** ISO 2859-1 §9.3.3: on reduced inspection a count between Ac and Re accepts the lot but reinstates normal. */
export function attributePreview(line: AttributeLine, nonconforming: number): AttributePreview {
  if (nonconforming <= line.plan.ac) return 'accept';
  if (nonconforming >= line.plan.re) return 'reject';
  return 'accept_and_reinstate_normal';
}

export interface VariablePreview {
  measured: number;
  outside: number;
  /** Fewer values than the sample asks for: the line cannot be accepted yet. */
  short: boolean;
  mean: number | null;
  min: number | null;
  max: number | null;
  accepted: boolean;
}

export function variablePreview(line: VariableLine, values: readonly number[]): VariablePreview {
  const outside = values.filter(
    (v) => (line.lsl !== undefined && v < line.lsl) || (line.usl !== undefined && v > line.usl),
  ).length;
  const short = values.length < line.sampleSize;
  const n = values.length;
  return {
    measured: n,
    outside,
    short,
    mean: n ? values.reduce((s, v) => s + v, 0) / n : null,
    min: n ? Math.min(...values) : null,
    max: n ? Math.max(...values) : null,
    accepted: n > 0 && outside === 0 && !short,
  };
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** One statistic over the rounds, as the server computes it (range-tests.ts), or null without the data. */
export function rangeStatistic(stat: RangeStatistic, rounds: readonly Round[]): number | null {
  const v = rounds.flatMap((r) => (r.value !== undefined ? [r.value] : []));
  const hits = rounds.flatMap((r) =>
    r.x !== undefined && r.y !== undefined ? [{ x: r.x, y: r.y }] : [],
  );
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  switch (stat) {
    case 'failures':
      return rounds.filter((r) => r.failed === true).length;
    case 'mean':
      return v.length ? round6(mean(v)) : null;
    case 'sd': {
      if (v.length < 2) return null;
      const m = mean(v);
      return round6(Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / (v.length - 1)));
    }
    case 'min':
      return v.length ? Math.min(...v) : null;
    case 'max':
      return v.length ? Math.max(...v) : null;
    case 'extreme_spread': {
      if (hits.length >= 2) {
        let widest = 0;
        for (const a of hits) {
          for (const b of hits) widest = Math.max(widest, Math.hypot(a.x - b.x, a.y - b.y));
        }
        return round6(widest);
      }
      return v.length >= 2 ? round6(Math.max(...v) - Math.min(...v)) : null;
    }
    case 'mean_radius': {
      if (hits.length === 0) return null;
      const cx = mean(hits.map((h) => h.x));
      const cy = mean(hits.map((h) => h.y));
      return round6(mean(hits.map((h) => Math.hypot(h.x - cx, h.y - cy))));
    }
    default: {
      const unknownStatistic: never = stat;
      return unknownStatistic;
    }
  }
}

export interface RangePreview {
  rounds: number;
  short: boolean;
  checks: { statistic: RangeStatistic; value: number | null; pass: boolean }[];
  accepted: boolean;
}

export function rangePreview(line: RangeLine, rounds: readonly Round[]): RangePreview {
  const checks = line.limits.map((limit) => {
    const value = rangeStatistic(limit.statistic, rounds);
    const pass =
      value !== null &&
      (limit.min === undefined || value >= limit.min) &&
      (limit.max === undefined || value <= limit.max);
    return { statistic: limit.statistic, value, pass };
  });
  const short = rounds.length < line.sampleSize;
  return {
    rounds: rounds.length,
    short,
    checks,
    accepted: !short && checks.every((c) => c.pass),
  };
}
