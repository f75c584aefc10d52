// An inspection lot's plan and verdict, without the database. The plan is
// fixed when the inspection opens: for each attribute characteristic the
// ISO 2859-1 single sampling plan at the severity its stream is on (one
// stream per product — or per supplier and material — and defect class,
// ISO 2859-1 §9.1); for each variable characteristic the sample to measure
// against its specification limits; for each firing-range test the rounds
// the specification asks for. The verdict: every line recorded and accepted.
import { type ErrorMessage, errorMessage } from '../../core/errors.js';
import type { Specification } from '../plant/index.js';
import { type RangeTestVerdict, type Round, rangeTestVerdict } from './range-tests.js';
import {
  type InspectionLevel,
  type Outcome,
  type SamplingPlan,
  type Severity,
  samplingPlanFor,
  verdictOf,
} from './sampling.js';

export type InspectionScope = 'lot_acceptance' | 'incoming';

export interface AttributeLine {
  kind: 'attribute';
  characteristic: string;
  name: string;
  defectClass: 'critical' | 'major' | 'minor';
  stream: string;
  plan: SamplingPlan;
}

export interface VariableLine {
  kind: 'variable';
  characteristic: string;
  name: string;
  unit: string;
  lsl?: number;
  usl?: number;
  /** Units to measure: the normal sample size of the lot's code letter at level II. */
  sampleSize: number;
}

export interface RangeLine {
  kind: 'range';
  characteristic: string;
  name: string;
  unit?: string;
  sampleSize: number;
  limits: {
    statistic: RangeTestVerdict['checks'][number]['statistic'];
    min?: number;
    max?: number;
  }[];
}

export type PlanLine = AttributeLine | VariableLine | RangeLine;

export interface InspectionPlan {
  specification: string;
  scope: InspectionScope;
  lotSize: number;
  lines: PlanLine[];
}

/** The switching stream of an attribute characteristic's class (ISO 2859-1 §9.1: each class switches on its own). */
export function streamKey(
  scope: InspectionScope,
  material: string,
  supplier: string | null,
  defectClass: string,
): string {
  return scope === 'incoming'
    ? `incoming:${supplier ?? '*'}:${material}:${defectClass}`
    : `product:${material}:${defectClass}`;
}

export function inspectionPlanFor(
  spec: Specification,
  lotSize: number,
  supplier: string | null,
  severityOf: (stream: string) => Severity,
): Outcome<InspectionPlan> {
  const lines: PlanLine[] = [];
  for (const ch of spec.characteristics) {
    if (ch.type === 'attribute') {
      const stream = streamKey(spec.scope, spec.product, supplier, ch.defectClass);
      const plan = samplingPlanFor({
        lotSize,
        level: ch.inspectionLevel as InspectionLevel,
        aql: ch.aql,
        severity: severityOf(stream),
      });
      if (!plan.ok) {
        return {
          ok: false,
          error: { ...plan.error, message: `${ch.code}: ${plan.error.message}` },
        };
      }
      lines.push({
        kind: 'attribute',
        characteristic: ch.code,
        name: ch.name,
        defectClass: ch.defectClass,
        stream,
        plan: plan.value,
      });
    } else {
      // Measured at the general level II, normal sample size of the lot's code letter.
      const sample = samplingPlanFor({ lotSize, level: 'II', aql: 1, severity: 'normal' });
      const sampleSize = sample.ok ? Math.min(sample.value.n, lotSize) : Math.min(5, lotSize);
      lines.push({
        kind: 'variable',
        characteristic: ch.code,
        name: ch.name,
        unit: ch.unit,
        ...(ch.lsl !== undefined ? { lsl: ch.lsl } : {}),
        ...(ch.usl !== undefined ? { usl: ch.usl } : {}),
        sampleSize,
      });
    }
  }
  for (const test of spec.rangeTests) {
    lines.push({
      kind: 'range',
      characteristic: test.code,
      name: test.name,
      ...(test.unit !== undefined ? { unit: test.unit } : {}),
      sampleSize: test.sampleSize,
      limits: test.limits.map((l) => ({
        statistic: l.statistic,
        ...(l.min !== undefined ? { min: l.min } : {}),
        ...(l.max !== undefined ? { max: l.max } : {}),
      })),
    });
  }
  return {
    ok: true,
    value: { specification: spec.code, scope: spec.scope, lotSize, lines },
  };
}

export type ResultData =
  | { kind: 'attribute'; nonconforming: number; sampled?: number }
  | { kind: 'variable'; values: number[] }
  | { kind: 'range'; rounds: Round[] };

export interface LineVerdict {
  characteristic: string;
  accepted: boolean;
  /** Plain words for the evidence page and the certificate. */
  summary: string;
  /** Attribute lines: the reduced gap's "accept, but back to normal" (105E 4.10.1.4). */
  reinstateNormal?: boolean;
  detail?: Record<string, unknown>;
}

const fmt = (v: number) => Number(v.toFixed(6)).toString();

/** The verdict of one line on what was recorded for it, or a refusal when the data does not fit the line. */
export function judgeLine(line: PlanLine, data: ResultData): Outcome<LineVerdict> {
  const characteristic = { characteristic: line.characteristic };
  const wrong = (reason: ErrorMessage): Outcome<LineVerdict> => ({
    ok: false,
    error: {
      code: reason.code,
      message: `${line.characteristic}: ${reason.text}`,
      field: 'result',
      params: { ...characteristic, ...reason.params },
    },
  });
  if (line.kind !== data.kind) {
    return wrong(
      errorMessage(
        'result_kind_mismatch',
        'a {{lineKind}} characteristic takes {{lineKind}} results, not {{resultKind}}',
        { lineKind: line.kind, resultKind: data.kind },
      ),
    );
  }
  switch (line.kind) {
    case 'attribute': {
      const { nonconforming, sampled } = data as Extract<ResultData, { kind: 'attribute' }>;
      if (!Number.isInteger(nonconforming) || nonconforming < 0) {
        return wrong(
          errorMessage(
            'nonconforming_count_invalid',
            'the count of nonconforming units is a whole number ≥ 0',
          ),
        );
      }
      const n = sampled ?? line.plan.n;
      if (n !== line.plan.n && !line.plan.hundredPercent) {
        return wrong(
          errorMessage(
            'sample_size_differs',
            'the plan samples {{planned}} units, not {{sampled}}',
            {
              planned: line.plan.n,
              sampled: n,
            },
          ),
        );
      }
      if (nonconforming > n) {
        return wrong(
          errorMessage(
            'nonconforming_exceeds_sample',
            '{{nonconforming}} nonconforming in a sample of {{sampled}}',
            { nonconforming, sampled: n },
          ),
        );
      }
      const verdict = verdictOf(line.plan, nonconforming);
      const accepted = verdict !== 'reject';
      return {
        ok: true,
        value: {
          characteristic: line.characteristic,
          accepted,
          summary:
            `${nonconforming} nonconforming in ${n} (Ac ${line.plan.ac}, Re ${line.plan.re}, ` +
            `${line.plan.severity}, code ${line.plan.codeLetter}, AQL ${line.plan.aql})`,
          ...(verdict === 'accept_and_reinstate_normal' ? { reinstateNormal: true } : {}),
          detail: { nonconforming, sampled: n },
        },
      };
    }
    case 'variable': {
      const { values } = data as Extract<ResultData, { kind: 'variable' }>;
      if (values.length === 0 || values.some((v) => !Number.isFinite(v))) {
        return wrong(
          errorMessage(
            'measured_values_invalid',
            'measured values are finite numbers, at least one',
          ),
        );
      }
      const outside = values.filter(
        (v) => (line.lsl !== undefined && v < line.lsl) || (line.usl !== undefined && v > line.usl),
      ).length;
      const short = values.length < line.sampleSize;
      const min = Math.min(...values);
      const max = Math.max(...values);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const limits = `${line.lsl ?? '−∞'}–${line.usl ?? '∞'} ${line.unit}`;
      return {
        ok: true,
        value: {
          characteristic: line.characteristic,
          accepted: outside === 0 && !short,
          summary: short
            ? `${values.length} of ${line.sampleSize} units measured`
            : `${values.length} measured, ${outside} outside ${limits} (mean ${fmt(mean)}, min ${fmt(min)}, max ${fmt(max)})`,
          detail: { measured: values.length, outside, mean: Number(fmt(mean)), min, max },
        },
      };
    }
    case 'range': {
      const { rounds } = data as Extract<ResultData, { kind: 'range' }>;
      const verdict = rangeTestVerdict(
        {
          code: line.characteristic,
          name: line.name,
          sampleSize: line.sampleSize,
          ...(line.unit !== undefined ? { unit: line.unit } : {}),
          limits: line.limits,
        },
        rounds,
      );
      return {
        ok: true,
        value: {
          characteristic: line.characteristic,
          accepted: verdict.pass,
          summary: verdict.checks.map((c) => c.message).join('; '),
          detail: { statistics: verdict.statistics, rounds: verdict.rounds },
        },
      };
    }
    default: {
      const unknownLine: never = line;
      return unknownLine;
    }
  }
}

export interface InspectionVerdict {
  complete: boolean;
  /** Characteristics with nothing recorded yet. */
  missing: string[];
  accepted: boolean;
  /** Per attribute stream: whether the lot was accepted for that class, for the switching rules. */
  streams: {
    stream: string;
    accepted: boolean;
    nonconforming: number;
    plan: SamplingPlan;
    reinstateNormal: boolean;
  }[];
}

/** The whole inspection's verdict from the verdicts of its lines. */
export function inspectionVerdict(
  plan: InspectionPlan,
  verdicts: ReadonlyMap<string, LineVerdict>,
): InspectionVerdict {
  const missing = plan.lines
    .filter((l) => !verdicts.has(l.characteristic))
    .map((l) => l.characteristic);
  const streams = new Map<string, InspectionVerdict['streams'][number]>();
  for (const line of plan.lines) {
    if (line.kind !== 'attribute') continue;
    const verdict = verdicts.get(line.characteristic);
    if (!verdict) continue;
    const nonconforming = Number(verdict.detail?.nonconforming ?? 0);
    const entry = streams.get(line.stream);
    if (entry) {
      entry.accepted &&= verdict.accepted;
      entry.nonconforming += nonconforming;
      entry.reinstateNormal ||= verdict.reinstateNormal === true;
    } else {
      streams.set(line.stream, {
        stream: line.stream,
        accepted: verdict.accepted,
        nonconforming,
        plan: line.plan,
        reinstateNormal: verdict.reinstateNormal === true,
      });
    }
  }
  return {
    complete: missing.length === 0,
    missing,
    accepted: missing.length === 0 && [...verdicts.values()].every((v) => v.accepted),
    streams: [...streams.values()],
  };
}
