// The control chart drawn with ECharts. Loaded lazily (React.lazy in
// SpcPage): the chart library is a bundle of its own, fetched only by the
// pages that draw a chart. Only the parts of ECharts used here are taken in.
import { LineChart } from 'echarts/charts';
import { GridComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpcAlarm, SpcChart, SpcPoint } from '../../api/quality';
import { formatDateTime, formatExact, formatInteger } from '../../format';
import { i18n } from '../../i18n';
import { chartTitles } from './spc';

echarts.use([LineChart, GridComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

const INK = '#374151';
const MUTED = '#5b6472';
const LIMIT = '#a4231b';
const CENTRE = '#1f7a45';
const VALUE = '#1d4ed8';
const ALARM = '#d9480f';

interface ControlChartProps {
  chart: SpcChart;
  alarms: readonly SpcAlarm[];
  unit: string | null;
}

const round = (v: number) => Number(v.toPrecision(6));

/** The series of one chart (X̄, I, p… or R, S, MR) in grid `grid`, alarm points marked. */
function seriesOf(points: readonly SpcPoint[], flagged: ReadonlySet<number>, grid: number) {
  const limit = (name: string, pick: (p: SpcPoint) => number, color: string, dashed: boolean) => ({
    name,
    type: 'line' as const,
    xAxisIndex: grid,
    yAxisIndex: grid,
    step: 'middle' as const,
    symbol: 'none',
    silent: true,
    lineStyle: {
      color,
      width: dashed ? 1.5 : 1,
      type: dashed ? ('dashed' as const) : ('solid' as const),
    },
    data: points.map((p) => round(pick(p))),
  });
  return [
    limit(i18n.t('quality:chart.ucl'), (p) => p.ucl, LIMIT, true),
    limit(i18n.t('quality:chart.cl'), (p) => p.cl, CENTRE, false),
    limit(i18n.t('quality:chart.lcl'), (p) => p.lcl, LIMIT, true),
    {
      name: i18n.t('quality:chart.value'),
      type: 'line' as const,
      xAxisIndex: grid,
      yAxisIndex: grid,
      symbol: 'circle',
      symbolSize: 5,
      lineStyle: { color: VALUE, width: 1.5 },
      itemStyle: { color: VALUE },
      data: points.map((p) =>
        flagged.has(p.index)
          ? {
              value: round(p.value),
              symbolSize: 11,
              itemStyle: { color: ALARM, borderColor: '#fff', borderWidth: 1.5 },
            }
          : round(p.value),
      ),
    },
  ];
}

function optionFor(chart: SpcChart, alarms: readonly SpcAlarm[], unit: string | null) {
  const titles = chartTitles(chart.kind, unit);
  const flaggedOf = (which: SpcAlarm['chart']) =>
    new Set(alarms.filter((a) => a.chart === which).flatMap((a) => a.points));
  const secondary = chart.secondary;
  const grids = secondary
    ? [
        { left: 64, right: 24, top: 36, height: '48%' },
        { left: 64, right: 24, top: '67%', bottom: 40 },
      ]
    : [{ left: 64, right: 24, top: 36, bottom: 40 }];
  const labels = chart.points.map((p) => p.lot ?? formatDateTime(p.at));
  const axis = (grid: number) => ({
    type: 'category' as const,
    gridIndex: grid,
    data: labels,
    axisLabel: { color: MUTED, hideOverlap: true, show: grid === grids.length - 1 },
    axisLine: { lineStyle: { color: '#9aa4b2' } },
  });
  const valueAxis = (grid: number) => ({
    type: 'value' as const,
    gridIndex: grid,
    scale: true,
    // ECharts writes numbers its own (English) way: the language's locale instead.
    axisLabel: { color: MUTED, formatter: (v: number) => formatExact(v) },
    splitLine: { lineStyle: { color: '#e9ecf0' } },
  });
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    title: [
      { text: titles.primary, left: 8, top: 4, textStyle: { fontSize: 13, color: INK } },
      ...(secondary
        ? [{ text: titles.secondary, left: 8, top: '61%', textStyle: { fontSize: 13, color: INK } }]
        : []),
    ],
    tooltip: {
      trigger: 'axis' as const,
      valueFormatter: (v: unknown) => (typeof v === 'number' ? formatExact(v) : String(v)),
    },
    grid: grids,
    xAxis: grids.map((_, i) => axis(i)),
    yAxis: grids.map((_, i) => valueAxis(i)),
    series: [
      ...seriesOf(chart.points, flaggedOf('primary'), 0),
      ...(secondary ? seriesOf(secondary.points, flaggedOf('secondary'), 1) : []),
    ],
  };
}

/** A control chart: the statistic, its centre line and limits, the points an alarm flagged in orange. */
export default function ControlChart({ chart, alarms, unit }: ControlChartProps) {
  const {
    t,
    i18n: { language },
  } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | undefined>(undefined);
  // The chart's titles, series names and numbers are in the language in use: drawn again when it changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `language` asks for new words
  const option = useMemo(() => optionFor(chart, alarms, unit), [chart, alarms, unit, language]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const drawn = echarts.init(element, undefined, { renderer: 'canvas' });
    instance.current = drawn;
    const observer = new ResizeObserver(() => drawn.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      drawn.dispose();
      instance.current = undefined;
    };
  }, []);

  useEffect(() => {
    instance.current?.setOption(option, { notMerge: true });
  }, [option]);

  const flagged = new Set(alarms.flatMap((a) => a.points.map((i) => `${a.chart}:${i}`))).size;
  const titles = chartTitles(chart.kind, unit);
  return (
    <div
      ref={container}
      className={`q-chart${chart.secondary ? ' q-chart--two' : ''}`}
      role="img"
      aria-label={
        chart.secondary
          ? t('quality:chart.describeTwo', {
              count: chart.points.length,
              primary: titles.primary,
              secondary: titles.secondary,
              points: formatInteger(chart.points.length),
              flagged: formatInteger(flagged),
            })
          : t('quality:chart.describeOne', {
              count: chart.points.length,
              primary: titles.primary,
              points: formatInteger(chart.points.length),
              flagged: formatInteger(flagged),
            })
      }
      data-testid="spc-chart"
      data-points={chart.points.length}
      data-flagged={flagged}
    />
  );
}
