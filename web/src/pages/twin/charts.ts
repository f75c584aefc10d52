// The Twin page's charts as ECharts options, built from the compared runs.
// Pure: ECharts is imported for its types only (the drawing module, TwinChart,
// is lazily loaded), so the options can be tested without a canvas.
//
// 1. Output: one panel per product and one for the plant, each with its own
//    scale (a bar from zero would hide a difference of a few per cent, and an
//    interval of a few hundredths of one): per run the mean, its 95 %
//    confidence interval as a whisker, and each replication as a dot.
// 2. OEE per line, runs side by side.
// 3. One run's line: each station's shares of time, stacked, the bottleneck named.
//
// Labels, legends and tooltips come from the `t` given, numbers in its language:
// the page builds the options again when the language changes.
import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
  EChartsOption,
} from 'echarts';
import type { TFunction } from 'i18next';
import type { LineReport, StationShares } from '../../api/twin';
import { formatInteger, formatPercent } from '../../format';
import { currentLocale } from '../../i18n';
import { type ComparedRun, outputOf, productsOf } from './compare';

const INK = '#111827';
const MUTED = '#5b6472';
const GRID_LINE = '#eef0f3';

export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const runTitle = (c: ComparedRun) =>
  `<strong style="color:${c.colour}">${c.letter}</strong> · ${escapeHtml(c.label)}${c.asked ? ` · ${escapeHtml(c.asked)}` : ''}`;

// ------------------------------------------------------------------ output

export interface OutputItem {
  compared: ComparedRun;
  mean: number;
  sd: number;
  low: number;
  high: number;
  values: number[];
  demand: number | null;
}

export interface OutputPanel {
  title: string;
  /** null: the plant's total. */
  product: string | null;
  /** One per compared run, in the comparison's order; absent where a run lacks the product. */
  items: (OutputItem | undefined)[];
  /** The axis: every mean, interval, replication and demand, with room around it. */
  min: number;
  max: number;
  /** Digits after the point of the axis labels, in millions. */
  digits: number;
}

/** The axis of a panel: around every value drawn, never empty even when all are equal. */
export function panelExtent(values: readonly number[]): {
  min: number;
  max: number;
  digits: number;
} {
  if (values.length === 0) return { min: 0, max: 1, digits: 1 };
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const middle = (lo + hi) / 2;
  // Equal values (the rated scenario's replications are identical) still get a window.
  const pad = Math.max((hi - lo) * 0.12, Math.abs(middle) * 0.0004, 1);
  const span = hi - lo + 2 * pad;
  // About five ticks: enough digits, in millions, that neighbouring labels differ.
  const digits = Math.min(4, Math.max(1, Math.ceil(-Math.log10(span / 5 / 1e6))));
  return { min: Math.max(0, lo - pad), max: hi + pad, digits };
}

export function outputPanels(t: TFunction, runs: readonly ComparedRun[]): OutputPanel[] {
  const panels: { title: string; product: string | null }[] = [
    ...productsOf(runs).map((product) => ({ title: product, product })),
    { title: t('twin:output.plantTotal'), product: null },
  ];
  return panels.map(({ title, product }) => {
    const items = runs.map((compared): OutputItem | undefined => {
      const output = outputOf(compared.run, product);
      if (!output) return undefined;
      const demands = compared.run.report.products
        .filter((p) => product === null || p.product === product)
        .map((p) => p.demand);
      // The plant's demand is its products' added up, when every product has one.
      const demand =
        demands.length > 0 && demands.every((d) => d !== null)
          ? demands.reduce<number>((sum, d) => sum + (d ?? 0), 0)
          : null;
      return { compared, ...output, demand };
    });
    const drawn = items.flatMap((item) =>
      item
        ? [item.mean, item.low, item.high, ...item.values, ...(item.demand ? [item.demand] : [])]
        : [],
    );
    return { title, product, items, ...panelExtent(drawn) };
  });
}

/**
 * Axis labels in millions, to as many digits as the panel needs: "70.33 M" (en), "70,33 M"
 * (es). format.ts has no fixed number of decimals, so the format is made here, in the locale
 * of the app's language.
 */
function millions(t: TFunction, digits: number): (value: number) => string {
  const format = new Intl.NumberFormat(currentLocale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return (value) => t('twin:output.millions', { n: format.format(value / 1e6) });
}

/** Small horizontal offsets for the replication dots, the same for every draw. */
const jitter = (j: number) => (((j * 7) % 5) - 2) * 2.2;

export function outputOption(t: TFunction, runs: readonly ComparedRun[]): EChartsOption {
  const panels = outputPanels(t, runs);
  const n = panels.length;
  const slot = 100 / n;
  const letters = runs.map((c) => c.letter);

  const render =
    (panel: OutputPanel) =>
    (
      _params: CustomSeriesRenderItemParams,
      api: CustomSeriesRenderItemAPI,
    ): CustomSeriesRenderItemReturn => {
      const index = api.value(0) as number;
      const item = panel.items[index];
      if (!item) return null;
      const colour = item.compared.colour;
      const at = (value: number) => api.coord([index, value]) as [number, number];
      const [x, yMean] = at(item.mean);
      const yLow = at(item.low)[1];
      const yHigh = at(item.high)[1];
      const band = (api.size?.([1, 0]) as number[] | undefined)?.[0] ?? 60;
      const cap = Math.min(band * 0.16, 12);
      const dots = x + Math.min(band * 0.28, 22);
      return {
        type: 'group',
        children: [
          ...item.values.map((value, j) => ({
            type: 'circle' as const,
            shape: { cx: dots + jitter(j), cy: at(value)[1], r: 2.6 },
            style: { fill: colour, opacity: 0.45 },
          })),
          ...(item.demand
            ? [
                {
                  type: 'line' as const,
                  shape: {
                    x1: x - cap * 1.8,
                    y1: at(item.demand)[1],
                    x2: x + cap * 1.8,
                    y2: at(item.demand)[1],
                  },
                  style: { stroke: INK, lineWidth: 1.5, lineDash: [4, 3] },
                },
              ]
            : []),
          {
            type: 'line' as const,
            shape: { x1: x, y1: yLow, x2: x, y2: yHigh },
            style: { stroke: colour, lineWidth: 2 },
          },
          {
            type: 'line' as const,
            shape: { x1: x - cap, y1: yLow, x2: x + cap, y2: yLow },
            style: { stroke: colour, lineWidth: 2 },
          },
          {
            type: 'line' as const,
            shape: { x1: x - cap, y1: yHigh, x2: x + cap, y2: yHigh },
            style: { stroke: colour, lineWidth: 2 },
          },
          {
            type: 'rect' as const,
            shape: { x: x - cap * 1.2, y: yMean - 2, width: cap * 2.4, height: 4 },
            style: { fill: colour },
          },
        ],
      };
    };

  const tooltip = (params: unknown): string => {
    const { seriesIndex, value } = params as { seriesIndex: number; value: number[] };
    const panel = panels[seriesIndex];
    const item = panel?.items[value[0] ?? -1];
    if (!panel || !item) return '';
    const least = Math.min(...item.values);
    const most = Math.max(...item.values);
    return [
      runTitle(item.compared),
      t('twin:output.tooltipMean', {
        panel: escapeHtml(panel.title),
        mean: formatInteger(item.mean),
      }),
      escapeHtml(
        t('twin:output.tooltipInterval', {
          low: formatInteger(item.low),
          high: formatInteger(item.high),
        }),
      ),
      escapeHtml(
        t('twin:output.tooltipReplications', {
          replications: t('twin:replications', {
            count: item.values.length,
            n: formatInteger(item.values.length),
          }),
          least: formatInteger(least),
          most: formatInteger(most),
          sd: formatInteger(item.sd),
        }),
      ),
      ...(item.demand !== null
        ? [
            escapeHtml(
              t('twin:output.tooltipDemand', {
                demand: formatInteger(item.demand),
                short: formatInteger(Math.max(0, item.demand - item.mean)),
              }),
            ),
          ]
        : []),
    ].join('<br/>');
  };

  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    tooltip: { trigger: 'item', formatter: tooltip, confine: true },
    title: panels.map((panel, k) => ({
      text: panel.title,
      left: `${slot * k + slot / 2 + 2}%`,
      textAlign: 'center',
      top: 6,
      textStyle: { fontSize: 13, fontWeight: 600, color: INK },
    })),
    grid: panels.map((_, k) => ({
      left: `${slot * k + 6}%`,
      width: `${slot - 8}%`,
      top: 40,
      bottom: 30,
    })),
    xAxis: panels.map((_, k) => ({
      type: 'category',
      gridIndex: k,
      data: letters,
      axisTick: { show: false },
      axisLabel: {
        fontWeight: 700,
        color: (_value?: string | number, index?: number) => runs[index ?? 0]?.colour ?? INK,
      },
    })),
    yAxis: panels.map((panel, k) => ({
      type: 'value',
      gridIndex: k,
      min: panel.min,
      max: panel.max,
      splitNumber: 4,
      axisLabel: {
        color: MUTED,
        fontSize: 11,
        formatter: millions(t, panel.digits),
        showMinLabel: false,
        showMaxLabel: false,
      },
      splitLine: { lineStyle: { color: GRID_LINE } },
    })),
    series: panels.map((panel, k) => ({
      type: 'custom',
      name: panel.title,
      xAxisIndex: k,
      yAxisIndex: k,
      renderItem: render(panel),
      encode: { x: 0, y: [1, 2, 3] },
      data: panel.items.flatMap((item, i) => (item ? [[i, item.mean, item.low, item.high]] : [])),
    })),
  };
}

// --------------------------------------------------------------------- OEE

const lineOf = (c: ComparedRun, line: string): LineReport | undefined =>
  c.run.report.lines.find((l) => l.line === line);

export function oeeOption(
  t: TFunction,
  runs: readonly ComparedRun[],
  lines: readonly string[],
): EChartsOption {
  const tooltip = (params: unknown): string => {
    const { seriesIndex, dataIndex } = params as { seriesIndex: number; dataIndex: number };
    const compared = runs[seriesIndex];
    const line = lines[dataIndex];
    const report = compared && line ? lineOf(compared, line) : undefined;
    if (!compared || !report) return '';
    return [
      runTitle(compared),
      t('twin:oee.tooltipOee', { line: escapeHtml(report.line), oee: formatPercent(report.oee) }),
      escapeHtml(
        t('twin:oee.tooltipFactors', {
          availability: formatPercent(report.availability),
          performance: formatPercent(report.performance),
          quality: formatPercent(report.quality),
        }),
      ),
      escapeHtml(
        t('twin:oee.tooltipGood', {
          good: formatInteger(report.produced.mean),
          bottleneck: report.bottleneck,
        }),
      ),
    ].join('<br/>');
  };
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    tooltip: { trigger: 'item', formatter: tooltip, confine: true },
    legend: { top: 4, data: runs.map((c) => c.letter), textStyle: { color: INK } },
    grid: { left: 56, right: 16, top: 40, bottom: 32 },
    xAxis: {
      type: 'category',
      data: [...lines],
      axisTick: { show: false },
      axisLabel: { color: INK, fontWeight: 600 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { color: MUTED, formatter: (v: number) => formatPercent(v) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: runs.map((c) => ({
      type: 'bar',
      name: c.letter,
      itemStyle: { color: c.colour },
      barMaxWidth: 36,
      data: lines.map((line) => lineOf(c, line)?.oee ?? null),
    })),
  };
}

// ----------------------------------------------------------------- stations

export const SHARES = ['busy', 'blocked', 'starved', 'down', 'changeover'] as const;
export type Share = (typeof SHARES)[number];

/** A share of a station's time in words: "Blocked (no room downstream)". */
export const shareLabel = (t: TFunction, share: Share): string => t(`twin:share.${share}`);

export const SHARE_COLOUR: Readonly<Record<Share, string>> = {
  busy: '#2f9e44',
  blocked: '#e8590c',
  starved: '#74c0fc',
  down: '#c92a2a',
  changeover: '#9c36b5',
};

/** A station's share of time; runs made before changeovers were simulated have none. */
export const shareOf = (station: StationShares, share: Share): number => station[share] ?? 0;

/** Each station of one run's line stacked by share of time; the bottleneck is named under its bar. */
export function stationOption(
  t: TFunction,
  report: LineReport,
  names: ReadonlyMap<string, string> = new Map(),
): EChartsOption {
  const stations: StationShares[] = report.stations;
  const labels = Object.fromEntries(SHARES.map((share) => [share, shareLabel(t, share)])) as Record<
    Share,
    string
  >;
  const note = t('twin:bottlenecks.note');
  const tooltip = (params: unknown): string => {
    const rows = params as { dataIndex: number }[];
    const station = stations[rows[0]?.dataIndex ?? -1];
    if (!station) return '';
    const name = names.get(station.station);
    return [
      `<strong>${escapeHtml(station.station)}</strong>${name ? ` ${escapeHtml(name)}` : ''}${station.station === report.bottleneck ? escapeHtml(t('twin:bottlenecks.tooltipBottleneck')) : ''}`,
      ...SHARES.map(
        (share) =>
          `<span style="color:${SHARE_COLOUR[share]}">■</span> ${escapeHtml(labels[share])}: ${formatPercent(shareOf(station, share))}`,
      ),
    ].join('<br/>');
  };
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: tooltip,
      confine: true,
    },
    legend: { top: 4, data: SHARES.map((s) => labels[s]), textStyle: { color: INK } },
    grid: { left: 56, right: 16, top: 44, bottom: 48 },
    xAxis: {
      type: 'category',
      data: stations.map((s) => s.station),
      axisTick: { show: false },
      axisLabel: {
        interval: 0,
        formatter: (code: string) =>
          code === report.bottleneck ? `{bottleneck|${code}}\n{note|${note}}` : code,
        rich: {
          bottleneck: { fontWeight: 800, color: INK, fontSize: 13, lineHeight: 18 },
          note: { color: INK, fontSize: 11, lineHeight: 14 },
        },
        color: INK,
        lineHeight: 18,
      },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      axisLabel: { color: MUTED, formatter: (v: number) => formatPercent(v) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: SHARES.map((share) => ({
      type: 'bar',
      name: labels[share],
      stack: 'time',
      barMaxWidth: 48,
      itemStyle: { color: SHARE_COLOUR[share] },
      // The bottleneck's column outlined: the one station hardly ever blocked or starved.
      data: stations.map((s) =>
        s.station === report.bottleneck
          ? { value: shareOf(s, share), itemStyle: { borderColor: INK, borderWidth: 2 } }
          : shareOf(s, share),
      ),
    })),
  };
}
