// What the SPC page says about a chart, its alarms, and the windows it offers.
// Pure but for the language in use, read when called.
import type { NelsonRule, SpcAlarm, SpcChartKind } from '../../api/quality';
import { formatInteger } from '../../format';
import { i18n } from '../../i18n';
import type { NoteText } from './spcNotes';

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
 * An alarm as the server reports it: its rule, direction and run, beside the
 * server's English. An alarm of a lot's evidence stored before alarms carried
 * their run has only the English.
 */
export interface AlarmReport {
  rule: NelsonRule;
  direction?: SpcAlarm['direction'];
  run?: number;
  message: string;
}

/**
 * What an alarm says, in the language in use: "Point above the upper control
 * limit (Nelson rule 1)", a run counted in the locale's digits and its plural
 * ("9 points in a row …"). An alarm without its run (stored before alarms had
 * one), or one this app has no words for, keeps the server's English, marked.
 */
export function alarmWords(alarm: AlarmReport): NoteText {
  const english: NoteText = { text: alarm.message, lang: 'en' };
  if (alarm.run === undefined) return english;
  const key = alarm.direction
    ? `quality:alarm.${alarm.rule}.${alarm.direction}`
    : `quality:alarm.${alarm.rule}`;
  const values = { count: alarm.run, n: formatInteger(alarm.run) };
  if (!i18n.exists(key, values)) return english;
  // A rule with a direction is a group of messages: an alarm without one has no words.
  const words: unknown = i18n.t(key, { ...values, returnObjects: true });
  return typeof words === 'string' ? { text: words } : english;
}

/** An alarm's words, for where no language mark can go (a draft's title). */
export const alarmMessage = (alarm: AlarmReport): string => alarmWords(alarm).text;
