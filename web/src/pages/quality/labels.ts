// The words of the quality pages' enumerated values — states, scopes,
// severities, decisions, statistics — in the language in use. Every value the
// API can send has its key under the prefix (src/modules/quality/*.ts enums).
// Called at render time: the language changes at run time.
import type {
  DefectClass,
  InspectionScope,
  InspectionState,
  LotDecision,
  Nonconformance,
  NonconformanceDecision,
  NonconformanceState,
  RangeLimit,
  RangeStatistic,
  StreamSeverity,
} from '../../api/quality';
import { formatExact } from '../../format';
import { i18n } from '../../i18n';

export const inspectionStateLabel = (state: InspectionState): string =>
  i18n.t(`quality:inspectionState.${state}`);

export const scopeLabel = (scope: InspectionScope): string => i18n.t(`quality:scope.${scope}`);

export const severityLabel = (severity: StreamSeverity): string =>
  i18n.t(`quality:severity.${severity}`);

/** A severity inside a sentence: "stays on tightened inspection", "sigue en inspección rigurosa". */
export const severityWord = (severity: StreamSeverity): string =>
  i18n.t(`quality:severityWord.${severity}`);

const STREAM_SEVERITIES: ReadonlySet<string> = new Set<StreamSeverity>([
  'normal',
  'tightened',
  'reduced',
  'discontinued',
]);

export const isStreamSeverity = (value: string): value is StreamSeverity =>
  STREAM_SEVERITIES.has(value);

const DEFECT_CLASSES: ReadonlySet<string> = new Set<DefectClass>(['critical', 'major', 'minor']);

export const isDefectClass = (value: string): value is DefectClass => DEFECT_CLASSES.has(value);

/** A class of nonconformity on its own: "critical", "crítico". */
export const defectClassLabel = (defectClass: string): string =>
  isDefectClass(defectClass) ? i18n.t(`quality:defectClass.${defectClass}`) : defectClass;

/** The defects of a class: "critical defects", "defectos críticos". */
export const defectClassDefects = (defectClass: string): string =>
  isDefectClass(defectClass)
    ? i18n.t(`quality:defectClassDefects.${defectClass}`)
    : i18n.t('quality:defectClassDefectsOther', { defectClass });

export const ncStateLabel = (state: NonconformanceState): string =>
  i18n.t(`quality:ncState.${state}`);

export const ncDecisionLabel = (decision: NonconformanceDecision): string =>
  i18n.t(`quality:ncDecision.${decision}`);

/** What raised a nonconformance. */
export const ncSourceLabel = (source: Nonconformance['source']): string =>
  i18n.t(`quality:ncSource.${source}`);

/** A decision as its button says it. */
export const decisionLabel = (decision: LotDecision): string =>
  i18n.t(`quality:decision.${decision}`);

/** A decision once taken, as the history reads it. */
export const decisionDone = (decision: LotDecision): string =>
  i18n.t(`quality:decisionDone.${decision}`);

/** A statistic of a range test as a label: "Standard deviation". */
export const statisticLabel = (statistic: RangeStatistic): string =>
  i18n.t(`quality:statistic.${statistic}`);

/** A statistic inside a sentence or a list: "standard deviation at most 10 m/s". */
export const statisticWord = (statistic: RangeStatistic): string =>
  i18n.t(`quality:statisticWord.${statistic}`);

/** A limit's bounds in words: "695–735 m/s", "at most 10 m/s", "at least 2". */
export function describeLimit(limit: Pick<RangeLimit, 'min' | 'max'>, unit?: string): string {
  const u = unit ? ` ${unit}` : '';
  if (limit.min !== undefined && limit.max !== undefined) {
    return i18n.t('quality:limit.between', {
      min: formatExact(limit.min),
      max: formatExact(limit.max),
      unit: u,
    });
  }
  if (limit.min !== undefined) {
    return i18n.t('quality:limit.atLeast', { min: formatExact(limit.min), unit: u });
  }
  if (limit.max !== undefined) {
    return i18n.t('quality:limit.atMost', { max: formatExact(limit.max), unit: u });
  }
  return i18n.t('quality:limit.none');
}

export const inspectionPath = (number: string) =>
  `/quality/inspections/${encodeURIComponent(number)}`;
export const dispositionPath = (lot: string) => `/quality/lots/${encodeURIComponent(lot)}`;
export const nonconformancePath = (number: string) =>
  `/quality/nonconformances/${encodeURIComponent(number)}`;
