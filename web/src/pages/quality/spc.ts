// What the SPC page says about a chart, its alarms, and the windows it offers.
// Pure but for the language in use, read when called.
import type { NelsonRule, SpcAlarm, SpcChartKind } from '../../api/quality';
import { formatInteger } from '../../format';
import { i18n } from '../../i18n';

/** The charts' names as a quality engineer reads them: "X̄ — subgroup means (mm)". */
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
      return {
        primary: i18n.t('quality:chartTitle.xbar', { unit: u }),
        secondary: i18n.t('quality:chartTitle.r', { unit: u }),
      };
    case 'xbar-s':
      return {
        primary: i18n.t('quality:chartTitle.xbar', { unit: u }),
        secondary: i18n.t('quality:chartTitle.s', { unit: u }),
      };
    case 'i-mr':
      return {
        primary: i18n.t('quality:chartTitle.i', { unit: u }),
        secondary: i18n.t('quality:chartTitle.mr', { unit: u }),
      };
    case 'p':
      return { primary: i18n.t('quality:chartTitle.p'), secondary: '' };
    case 'np':
      return { primary: i18n.t('quality:chartTitle.np'), secondary: '' };
    case 'c':
      return { primary: i18n.t('quality:chartTitle.c'), secondary: '' };
    case 'u':
      return { primary: i18n.t('quality:chartTitle.u'), secondary: '' };
    default: {
      const unknownKind: never = kind;
      return unknownKind;
    }
  }
}

/** A gauge chart's kind as the chart picker offers it: "X̄ and R". */
export const chartKindLabel = (kind: 'xbar-r' | 'xbar-s' | 'i-mr'): string =>
  i18n.t(`quality:chartKind.${kind}`);

/**
 * The windows a gauge chart is drawn over, back from now, in hours: an hour, a shift, a day,
 * 7 days, 31 days (the most the server takes).
 */
export const WINDOW_HOURS = [1, 8, 24, 168, 744] as const;
export type WindowHours = (typeof WINDOW_HOURS)[number];

export function windowLabel(hours: WindowHours): string {
  switch (hours) {
    case 1:
      return i18n.t('quality:spc.windows.lastHour');
    case 8:
      return i18n.t('quality:spc.windows.lastShift');
    case 24:
      return i18n.t('quality:spc.windows.lastDay');
    case 168:
      return i18n.t('quality:spc.windows.lastWeek');
    case 744:
      return i18n.t('quality:spc.windows.lastMonth');
    default: {
      const unknownWindow: never = hours;
      return unknownWindow;
    }
  }
}

/**
 * The gauge metrics of the telemetry contract (src/modules/telemetry/contract.ts):
 * what a gauging station publishes. Specifications may name further ones.
 */
export const CONTRACT_GAUGE_METRICS = ['Gauge/OAL', 'Gauge/Mass'] as const;

/** A window of `hours` ending at `now`, as the API takes it. */
export function windowBack(hours: number, now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - hours * 3_600_000).toISOString(), to: now.toISOString() };
}

export const NELSON_RULES: readonly NelsonRule[] = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'];

/** Each Nelson rule in a few words, beside its number: "beyond 3σ". */
export const ruleWords = (rule: NelsonRule): string => i18n.t(`quality:ruleWords.${rule}`);

/**
 * An alarm as the server reports it. The chart's alarms carry their direction
 * and the points flagged; a line's alarms (dashboard, a lot's evidence) carry
 * only the server's English message.
 */
export interface AlarmReport {
  rule: NelsonRule;
  message: string;
  direction?: SpcAlarm['direction'];
  points?: readonly number[];
}

type Direction = NonNullable<SpcAlarm['direction']>;

// The server's messages (src/modules/quality/run-rules.ts) name the direction
// and begin with the length of the run; they are read back only when the
// alarm does not carry them itself.
const DIRECTION_IN_MESSAGE = /\b(above|below|increasing|decreasing)\b/;
const RUN_IN_MESSAGE = /^(\d+) points in a row\b/;

/**
 * What an alarm says, in the language in use: "Point above the upper control
 * limit (Nelson rule 1)". An alarm whose direction or run cannot be told keeps
 * the server's words.
 */
export function alarmMessage(alarm: AlarmReport): string {
  const direction: Direction | undefined =
    alarm.direction ?? (DIRECTION_IN_MESSAGE.exec(alarm.message)?.[1] as Direction | undefined);
  const length = alarm.points?.length ?? Number(RUN_IN_MESSAGE.exec(alarm.message)?.[1] ?? 0);
  const run = length > 0 ? formatInteger(length) : undefined;
  const side = direction === 'above' || direction === 'below' ? direction : undefined;
  const trend = direction === 'increasing' || direction === 'decreasing' ? direction : undefined;
  const words = ((): string | undefined => {
    switch (alarm.rule) {
      case 'N1':
        return side && i18n.t(`quality:alarm.N1.${side}`);
      case 'N2':
        return side && run && i18n.t(`quality:alarm.N2.${side}`, { run });
      case 'N3':
        return trend && run && i18n.t(`quality:alarm.N3.${trend}`, { run });
      case 'N4':
        return run && i18n.t('quality:alarm.N4', { run });
      case 'N5':
        return side && i18n.t(`quality:alarm.N5.${side}`);
      case 'N6':
        return side && i18n.t(`quality:alarm.N6.${side}`);
      case 'N7':
        return run && i18n.t('quality:alarm.N7', { run });
      case 'N8':
        return run && i18n.t('quality:alarm.N8', { run });
      default: {
        const unknownRule: never = alarm.rule;
        return unknownRule;
      }
    }
  })();
  return words || alarm.message;
}
