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

const INK = '#111827';
const MUTED = '#5b6472';
const GRID_LINE = '#eef0f3';
const FAILURES = '#a4231b';
const MTTR = '#1d4ed8';

/** "2027-03-15" → "15 Mar". */
export function weekLabel(week: string): string {
  const date = new Date(`${week}T12:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(date)
    .replace(/\.$/, '');
}

export function trendOption(trend: readonly WeekFigures[]): EChartsOption {
  return {
    animation: false,
    textStyle: { color: INK },
    grid: { left: 48, right: 56, top: 36, bottom: 36 },
    legend: { top: 0, data: ['Failures', 'MTTR (min)'] },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: trend.map((w) => weekLabel(w.week)),
      axisLabel: { color: MUTED },
    },
    yAxis: [
      {
        type: 'value',
        name: 'failures',
        minInterval: 1,
        axisLabel: { color: MUTED },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      {
        type: 'value',
        name: 'min',
        axisLabel: { color: MUTED },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: 'Failures',
        type: 'bar',
        yAxisIndex: 0,
        itemStyle: { color: FAILURES },
        data: trend.map((w) => w.failures),
      },
      {
        name: 'MTTR (min)',
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
