import type {
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

export const INSPECTION_STATE_LABEL: Readonly<Record<InspectionState, string>> = {
  open: 'Open',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

export const SCOPE_LABEL: Readonly<Record<InspectionScope, string>> = {
  lot_acceptance: 'Lot acceptance',
  incoming: 'Incoming',
};

export const SEVERITY_LABEL: Readonly<Record<StreamSeverity, string>> = {
  normal: 'Normal',
  tightened: 'Tightened',
  reduced: 'Reduced',
  discontinued: 'Discontinued',
};

export const NC_STATE_LABEL: Readonly<Record<NonconformanceState, string>> = {
  open: 'Open',
  investigating: 'Investigating',
  decided: 'Decided',
  closed: 'Closed',
};

export const NC_DECISION_LABEL: Readonly<Record<NonconformanceDecision, string>> = {
  scrap: 'Scrap',
  rework: 'Rework',
  use_as_is: 'Use as is',
};

/** What raised a nonconformance. */
export const NC_SOURCE_LABEL: Readonly<Record<Nonconformance['source'], string>> = {
  inspection: 'Failed inspection',
  spc: 'SPC alarm',
  manual: 'By hand',
};

/** A decision as its button says it, and as the history reads it. */
export const DECISION_LABEL: Readonly<Record<LotDecision, string>> = {
  release: 'Release',
  reject: 'Reject',
  hold: 'Hold',
  release_hold: 'Lift hold',
};

export const DECISION_DONE: Readonly<Record<LotDecision, string>> = {
  release: 'Released',
  reject: 'Rejected',
  hold: 'Held',
  release_hold: 'Hold lifted',
};

export const STATISTIC_LABEL: Readonly<Record<RangeStatistic, string>> = {
  mean: 'Mean',
  sd: 'Standard deviation',
  min: 'Minimum',
  max: 'Maximum',
  extreme_spread: 'Extreme spread',
  mean_radius: 'Mean radius',
  failures: 'Failures',
};

/** A limit's bounds in words: "695–735 m/s", "at most 10 m/s", "at least 2". */
export function describeLimit(limit: Pick<RangeLimit, 'min' | 'max'>, unit?: string): string {
  const u = unit ? ` ${unit}` : '';
  if (limit.min !== undefined && limit.max !== undefined)
    return `${formatExact(limit.min)}–${formatExact(limit.max)}${u}`;
  if (limit.min !== undefined) return `at least ${formatExact(limit.min)}${u}`;
  if (limit.max !== undefined) return `at most ${formatExact(limit.max)}${u}`;
  return 'no limit';
}

export const inspectionPath = (number: string) =>
  `/quality/inspections/${encodeURIComponent(number)}`;
export const dispositionPath = (lot: string) => `/quality/lots/${encodeURIComponent(lot)}`;
export const nonconformancePath = (number: string) =>
  `/quality/nonconformances/${encodeURIComponent(number)}`;
