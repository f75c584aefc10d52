// The schedule drawn with ECharts: a custom series on a time axis, one row per
// line. Loaded lazily (React.lazy in SchedulePage), as the control chart is:
// ECharts is a bundle of its own. Canvas pixels are not readable, so the page
// lists the same orders in a table beside it (OrdersByLine).

import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
} from 'echarts';
import { CustomChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Plan } from '../../api/planning';
import { formatDateTime, formatInteger } from '../../format';
import { currentLocale } from '../../i18n';
import { type GanttModel, ganttModel, productColours } from './gantt';
import { counted, formatMinutes } from './labels';

echarts.use([
  CustomChart,
  GridComponent,
  DataZoomComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const MUTED = '#5b6472';
const LATE = '#c92a2a';
const CHANGEOVER = '#8a94a3';
const BLOCK = '#6b7280';
const ROW_HEIGHT = 56;

/** Diagonal hatching for the time a line cannot work. */
function hatch(): HTMLCanvasElement | undefined {
  if (typeof document === 'undefined') return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = 8;
  canvas.height = 8;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.fillStyle = '#eceef1';
  context.fillRect(0, 0, 8, 8);
  context.strokeStyle = '#9aa1ab';
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(0, 8);
  context.lineTo(8, 0);
  context.moveTo(-2, 2);
  context.lineTo(2, -2);
  context.moveTo(6, 10);
  context.lineTo(10, 6);
  context.stroke();
  return canvas;
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A bar of `fraction` of the row's height, clipped to the plotting area; undefined when off screen. */
function barRect(
  params: CustomSeriesRenderItemParams,
  api: CustomSeriesRenderItemAPI,
  fraction: number,
) {
  const row = api.value(0) as number;
  const [x0, y] = api.coord([api.value(1), row]) as [number, number];
  const [x1] = api.coord([api.value(2), row]) as [number, number];
  const band = (api.size?.([0, 1]) as number[] | undefined)?.[1] ?? ROW_HEIGHT;
  const height = band * fraction;
  const area = params.coordSys as unknown as {
    x: number;
    y: number;
    width: number;
    height: number;
  };
  return echarts.graphic.clipRectByRect(
    { x: x0, y: y - height / 2, width: Math.max(x1 - x0, 1), height },
    { x: area.x, y: area.y, width: area.width, height: area.height },
  );
}

type Datum = [row: number, start: number, end: number, index: number];

/**
 * The time axis's labels in the reader's language: a day at midnight ("Jun 15",
 * "15 jun"), the time of day otherwise. ECharts would write its own English
 * month names; format.ts has no such short formats, so they are made here.
 */
function axisTimeLabel(): (value: number) => string {
  const locale = currentLocale();
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  return (value) => {
    const at = new Date(value);
    return at.getHours() === 0 && at.getMinutes() === 0
      ? day.format(at).replace(/\.$/, '')
      : time.format(at);
  };
}

function optionFor(model: GanttModel, t: TFunction) {
  const colours = productColours(model.products);
  const pattern = hatch();
  const orderOf = (i: number) => model.orders[i];

  const renderOrder = (
    params: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const rect = barRect(params, api, 0.56);
    const bar = orderOf(api.value(3) as number);
    if (!rect || !bar) return null;
    const label = bar.item.reference;
    // About 6.5 px a character at 11 px: the reference only where it fits.
    const fits = rect.width > label.length * 6.5 + 8;
    return {
      type: 'group',
      children: [
        {
          type: 'rect',
          shape: { ...rect, r: 2 },
          style: {
            fill: colours.get(bar.item.product) ?? '#1d4ed8',
            stroke: bar.late ? LATE : 'rgba(255,255,255,0.9)',
            lineWidth: bar.late ? 2.5 : 1,
          },
        },
        ...(fits
          ? [
              {
                type: 'text' as const,
                x: rect.x + 4,
                y: rect.y + rect.height / 2,
                style: {
                  text: label,
                  fill: '#fff',
                  font: '600 11px system-ui, sans-serif',
                  verticalAlign: 'middle' as const,
                },
                silent: true,
              },
            ]
          : []),
      ],
    };
  };

  const renderChangeover = (
    params: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const rect = barRect(params, api, 0.3);
    return rect ? { type: 'rect', shape: rect, style: { fill: CHANGEOVER } } : null;
  };

  const renderBlock = (
    params: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const rect = barRect(params, api, 0.9);
    return rect
      ? {
          type: 'rect',
          shape: rect,
          style: {
            fill: pattern ? { image: pattern, repeat: 'repeat' } : '#e5e7eb',
            stroke: BLOCK,
            lineWidth: 1,
          },
          z2: -1,
        }
      : null;
  };

  const tooltip = (params: unknown): string => {
    const { seriesId, value } = params as { seriesId: string; value: Datum };
    const index = value[3];
    const when = (start: number, end: number) =>
      `${escapeHtml(formatDateTime(new Date(start).toISOString()))} – ${escapeHtml(formatDateTime(new Date(end).toISOString()))}`;
    // Words and data are put together first, then escaped as a whole: the
    // tooltip is HTML, and a reason or a reference may hold any character.
    if (seriesId === 'blocks') {
      const block = model.blocks[index];
      if (!block) return '';
      const title = t('planning:gantt.block', {
        kind: t(`planning:unavailable.${block.item.kind}`),
        line: block.item.line,
      });
      return `<strong>${escapeHtml(title)}</strong><br/>${when(block.start, block.end)}<br/>${escapeHtml(block.item.reason)}`;
    }
    if (seriesId === 'changeovers') {
      const bar = model.changeovers[index];
      if (!bar) return '';
      const title = t('planning:gantt.changeoverTo', { product: bar.item.product });
      const before = t('planning:gantt.changeoverBefore', { reference: bar.item.reference });
      const length = formatMinutes(bar.item.changeover?.minutes ?? 0);
      return `<strong>${escapeHtml(title)}</strong> ${escapeHtml(before)}<br/>${when(bar.start, bar.end)} (${escapeHtml(length)})`;
    }
    const bar = model.orders[index];
    if (!bar) return '';
    const o = bar.item;
    const proposal = o.kind === 'proposal' ? ` (${escapeHtml(t('planning:proposal'))})` : '';
    return [
      `<strong>${escapeHtml(o.reference)}</strong>${proposal} · ${escapeHtml(o.product)} · ${escapeHtml(formatInteger(o.quantity))}`,
      `${when(bar.start, bar.end)} ${escapeHtml(t('planning:gantt.onLine', { line: o.line }))}`,
      escapeHtml(
        t('planning:gantt.dueAndPriority', {
          due: o.due ? formatDateTime(o.due) : '—',
          priority: t(`planning:priority.${o.priority}`),
        }),
      ),
      bar.late
        ? `<span style="color:${LATE};font-weight:600">${escapeHtml(t('planning:gantt.lateBy', { time: formatMinutes(o.tardinessMinutes) }))}</span>`
        : escapeHtml(t('planning:gantt.onTime')),
      ...(o.frozen
        ? [escapeHtml(t('planning:gantt.frozen', { reason: t(`planning:frozen.${o.frozen}`) }))]
        : []),
    ].join('<br/>');
  };

  const data = (bars: { row: number; start: number; end: number }[]): Datum[] =>
    bars.map((b, i) => [b.row, b.start, b.end, i]);
  const encode = { x: [1, 2], y: 0 };

  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    tooltip: { trigger: 'item' as const, formatter: tooltip, confine: true },
    grid: { left: 56, right: 24, top: 16, bottom: 64 },
    xAxis: {
      type: 'time' as const,
      min: model.extent[0],
      max: model.extent[1],
      axisLabel: { color: MUTED, hideOverlap: true, formatter: axisTimeLabel() },
      splitLine: { show: true, lineStyle: { color: '#eef0f3' } },
    },
    yAxis: {
      type: 'category' as const,
      data: model.lines.map((l) => l.code),
      inverse: true,
      axisTick: { show: false },
      axisLabel: { color: '#111827', fontWeight: 600 },
      splitLine: { show: true, lineStyle: { color: '#e9ecf0' } },
    },
    dataZoom: [
      {
        type: 'slider' as const,
        xAxisIndex: 0,
        filterMode: 'weakFilter' as const,
        startValue: model.initialWindow[0],
        endValue: model.initialWindow[1],
        height: 22,
        bottom: 12,
        labelFormatter: (value: number) => formatDateTime(new Date(value).toISOString()),
      },
      { type: 'inside' as const, xAxisIndex: 0, filterMode: 'weakFilter' as const },
    ],
    series: [
      {
        id: 'blocks',
        name: t('planning:gantt.series.blocks'),
        type: 'custom' as const,
        renderItem: renderBlock,
        encode,
        data: data(model.blocks),
        z: 1,
      },
      {
        id: 'changeovers',
        name: t('planning:gantt.series.changeovers'),
        type: 'custom' as const,
        renderItem: renderChangeover,
        encode,
        data: data(model.changeovers),
        z: 2,
      },
      {
        id: 'orders',
        name: t('planning:gantt.series.orders'),
        type: 'custom' as const,
        renderItem: renderOrder,
        encode,
        data: data(model.orders),
        z: 3,
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: '#111827', type: 'dashed' as const, width: 1 },
          // Named in the legend under the chart: a label here would stand on the first bars.
          label: { show: false },
          data: [{ xAxis: model.origin }],
        },
      },
    ],
  };
}

/** The plan by line: orders coloured by product (late ones outlined red), changeovers, downtime hatched. */
export default function GanttChart({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | undefined>(undefined);
  const model = useMemo(() => ganttModel(plan), [plan]);
  // t is new when the language changes: the tooltips and the time axis follow it.
  const option = useMemo(() => optionFor(model, t), [model, t]);

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

  const late = model.orders.filter((o) => o.late).length;
  return (
    <div
      ref={container}
      className="planning-gantt"
      style={{ height: `${model.lines.length * ROW_HEIGHT + 96}px` }}
      role="img"
      aria-label={t('planning:gantt.label', {
        lines: t('planning:gantt.lines', counted(model.lines.length)),
        orders: t('planning:gantt.orders', counted(model.orders.length)),
        late: formatInteger(late),
        blocks: t('planning:gantt.blocks', counted(model.blocks.length)),
      })}
      data-testid="gantt-chart"
      data-orders={model.orders.length}
      data-lines={model.lines.map((l) => l.code).join(' ')}
    />
  );
}
