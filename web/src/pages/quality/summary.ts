// A recorded line's result in words, in the language in use: "0 nonconforming
// in 200 (Ac 0, Re 1, normal, code L, AQL 0.065)". The server words its verdict
// in English (src/modules/quality/inspection.ts judgeLine); the same facts are
// read here from the recorded data and the plan line, with the rules the entry
// preview follows (entry.ts), so that each reader sees them in their language.
// The verdict itself — accepted or not — is always the server's.
import type { PlanLine, RecordedResult } from '../../api/quality';
import { formatExact, formatInteger } from '../../format';
import { i18n } from '../../i18n';
import { rangePreview, variablePreview } from './entry';
import { describeLimit, severityWord, statisticWord } from './labels';

/** What was recorded for `line`, in words; the server's words when the data does not fit the line. */
export function resultSummary(line: PlanLine, result: RecordedResult): string {
  const data = result.data;
  if (line.kind === 'attribute' && data.kind === 'attribute') {
    const p = line.plan;
    return i18n.t('quality:summary.attribute', {
      count: data.nonconforming,
      nonconforming: formatInteger(data.nonconforming),
      n: formatInteger(data.sampled ?? p.n),
      ac: formatInteger(p.ac),
      re: formatInteger(p.re),
      severity: severityWord(p.severity),
      code: p.codeLetter,
      aql: formatExact(p.aql),
    });
  }
  if (line.kind === 'variable' && data.kind === 'variable') {
    const v = variablePreview(line, data.values);
    if (v.short) {
      return i18n.t('quality:summary.variableShort', {
        count: line.sampleSize,
        measured: formatInteger(v.measured),
        size: formatInteger(line.sampleSize),
      });
    }
    return i18n.t('quality:summary.variable', {
      measured: formatInteger(v.measured),
      outside: formatInteger(v.outside),
      limits: describeLimit({ min: line.lsl, max: line.usl }, line.unit),
      mean: formatExact(Number((v.mean ?? 0).toFixed(6))),
      min: formatExact(v.min ?? 0),
      max: formatExact(v.max ?? 0),
    });
  }
  if (line.kind === 'range' && data.kind === 'range') {
    const preview = rangePreview(line, data.rounds);
    const checks = preview.checks.map((check, i) => {
      const limit = line.limits[i] ?? { statistic: check.statistic };
      const unit = check.statistic === 'failures' ? undefined : line.unit;
      if (check.value === null) {
        return check.statistic === 'mean_radius'
          ? i18n.t('quality:summary.range.needsImpacts', {
              statistic: statisticWord(check.statistic),
            })
          : i18n.t('quality:summary.range.needsValues', {
              statistic: statisticWord(check.statistic),
            });
      }
      const words = {
        statistic: statisticWord(check.statistic),
        value: unit ? `${formatExact(check.value)} ${unit}` : formatExact(check.value),
        bounds: describeLimit(limit, unit),
      };
      return check.pass
        ? i18n.t('quality:summary.range.within', words)
        : i18n.t('quality:summary.range.outside', words);
    });
    if (preview.short) {
      checks.push(
        i18n.t('quality:summary.range.short', {
          count: preview.rounds,
          rounds: formatInteger(preview.rounds),
          size: formatInteger(line.sampleSize),
        }),
      );
    }
    return checks.join('; ');
  }
  return result.verdict.summary;
}
