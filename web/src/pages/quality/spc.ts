// What the SPC page says about a chart, and the windows it offers. Pure.
import type { NelsonRule, SpcChartKind } from '../../api/quality';

/** The charts' names as a quality engineer reads them: "X̄ chart of OAL (mm)". */
export function chartTitles(
  kind: SpcChartKind,
  unit: string | null,
): {
  primary: string;
  secondary: string;
} {
  const u = unit ? ` (${unit})` : '';
  switch (kind) {
    case 'xbar-r':
      return { primary: `X̄ — subgroup means${u}`, secondary: `R — subgroup ranges${u}` };
    case 'xbar-s':
      return {
        primary: `X̄ — subgroup means${u}`,
        secondary: `S — subgroup standard deviations${u}`,
      };
    case 'i-mr':
      return { primary: `I — individual values${u}`, secondary: `MR — moving ranges${u}` };
    case 'p':
      return { primary: 'p — fraction nonconforming', secondary: '' };
    case 'np':
      return { primary: 'np — nonconforming units', secondary: '' };
    case 'c':
      return { primary: 'c — nonconformities', secondary: '' };
    case 'u':
      return { primary: 'u — nonconformities per unit', secondary: '' };
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
}

export const CHART_KIND_LABEL: Readonly<Record<'xbar-r' | 'xbar-s' | 'i-mr', string>> = {
  'xbar-r': 'X̄ and R',
  'xbar-s': 'X̄ and S',
  'i-mr': 'Individuals and moving range',
};

/** The windows a gauge chart is drawn over, back from now; the server takes at most 31 days. */
export const WINDOWS = [
  { hours: 1, label: 'Last hour' },
  { hours: 8, label: 'Last 8 hours (a shift)' },
  { hours: 24, label: 'Last 24 hours' },
  { hours: 24 * 7, label: 'Last 7 days' },
  { hours: 24 * 31, label: 'Last 31 days' },
] as const;

/**
 * The gauge metrics of the telemetry contract (src/modules/telemetry/contract.ts):
 * what a gauging station publishes. Specifications may name further ones.
 */
export const CONTRACT_GAUGE_METRICS = ['Gauge/OAL', 'Gauge/Mass'] as const;

/** A window of `hours` ending at `now`, as the API takes it. */
export function windowBack(hours: number, now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: now.toISOString() };
}

/** Each Nelson rule in a few words, beside its number. */
export const RULE_WORDS: Readonly<Record<NelsonRule, string>> = {
  N1: 'beyond 3σ',
  N2: '9 on one side',
  N3: '6 rising or falling',
  N4: '14 alternating',
  N5: '2 of 3 beyond 2σ',
  N6: '4 of 5 beyond 1σ',
  N7: '15 within 1σ',
  N8: '8 outside 1σ',
};
