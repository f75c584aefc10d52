// The equipment page's weekly trend as an ECharts option. Pure: ECharts is
// imported for its types only (the drawing module is lazily loaded), so the
// option can be tested without a canvas.
//
// Failures are counted per week (bars, left axis); MTTR and MTBF are lengths
// of time of very different size — a repair takes minutes, the time between
// failures days — so MTTR has the right axis in minutes and MTBF is left to
// the table under the chart. A week without a repair has no MTTR: a gap in
// the line, not a zero.
import type { EChartsOption } from 'echarts';
import type { WeekFigures } from '../../api/maintenance';
import { currentLocale } from '../../i18n';

const INK = '#111827';
const MUTED = '#5b6472';
const GRID_LINE = '#eef0f3';
const FAILURES = '#a4231b';
const MTTR = '#1d4ed8';

/** The words of the chart, in the reader's language. */
export interface TrendLabels {
  /** The bars' series and legend entry: "Failures". */
  failures: string;
  /** The left axis: "failures". */
  failuresAxis: string;
  /** The line's series and legend entry: "MTTR (min)". */
  mttr: string;
  /** The right axis: "min". */
  minutesAxis: string;
}

// format.ts has no day-and-month formatter: a local one in the language's locale.
const weekFormats = new Map<string, Intl.DateTimeFormat>();

/** "2027-03-15" → "Mar 15" (en-US), "15 mar" (es-VE). */
export function weekLabel(week: string): string {
  const locale = currentLocale();
  let format = weekFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    weekFormats.set(locale, format);
  }
  return format.format(new Date(`${week}T12:00:00Z`)).replace(/\.$/, '');
}

export function trendOption(trend: readonly WeekFigures[], labels: TrendLabels): EChartsOption {
  return {
    animation: false,
    textStyle: { color: INK },
    grid: { left: 48, right: 56, top: 36, bottom: 36 },
    legend: { top: 0, data: [labels.failures, labels.mttr] },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: trend.map((w) => weekLabel(w.week)),
      axisLabel: { color: MUTED },
    },
    yAxis: [
      {
        type: 'value',
        name: labels.failuresAxis,
        minInterval: 1,
        axisLabel: { color: MUTED },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      {
        type: 'value',
        name: labels.minutesAxis,
        axisLabel: { color: MUTED },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: labels.failures,
        type: 'bar',
        yAxisIndex: 0,
        itemStyle: { color: FAILURES },
        data: trend.map((w) => w.failures),
      },
      {
        name: labels.mttr,
        type: 'line',
        yAxisIndex: 1,
        connectNulls: false,
        symbolSize: 7,
        itemStyle: { color: MTTR },
        lineStyle: { color: MTTR, width: 2 },
        data: trend.map((w) => (w.mttrMinutes === null ? null : w.mttrMinutes)),
      },
    ],
  };
}
