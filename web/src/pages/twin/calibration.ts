// The calibration view's pure part: the stations grouped by line, what the twin takes from
// each, the verdict of a fit's Kolmogorov–Smirnov test, durations in words, and the fit plots
// as ECharts options (a histogram of the sample's density under the fitted density; a Q-Q
// plot against y = x). ECharts is imported for its types only, as in charts.ts, so all of it
// is tested without a canvas. Words come from the `t` given, numbers in its language.
//
// The server gives every duration in minutes (the twin's unit). A cycle is under a second, so
// each plot is drawn in the unit that suits its sample, and the densities are rescaled with it:
// a density per minute is a sixtieth of one per second.
import type {
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
  EChartsOption,
} from 'echarts';
import type { TFunction } from 'i18next';
import type { FitReport, StationCalibration } from '../../api/twin';
import { formatInteger } from '../../format';
import { currentLocale } from '../../i18n';
import { escapeHtml } from './charts';

const INK = '#111827';
const MUTED = '#5b6472';
const GRID_LINE = '#eef0f3';
const SAMPLE = '#74a9cf';
const FITTED = '#c92a2a';

// ------------------------------------------------------------------ quantities

export const QUANTITIES = ['cycle', 'uptime', 'repair'] as const;
export type Quantity = (typeof QUANTITIES)[number];

/** A duration sample's name as a heading: "Between stops". */
export const quantityLabel = (t: TFunction, quantity: Quantity): string =>
  t(`twin:quantity.${quantity}`);

/** The same inside a sentence: "time between stops". */
export const quantityInSentence = (t: TFunction, quantity: Quantity): string =>
  t(`twin:quantityInSentence.${quantity}`);

/** What each sample is, for the captions under the plots. */
export const quantityDetail = (t: TFunction, quantity: Quantity): string =>
  t(`twin:quantityDetail.${quantity}`);

/** The distributions the server fits (src/modules/twin/fitting.ts). */
export const FIT_KINDS = ['exponential', 'lognormal', 'weibull', 'gamma', 'normal'] as const;

/** A fitted distribution's name; a kind this page does not know is shown as the server names it. */
export const distributionName = (t: TFunction, kind: string): string =>
  (FIT_KINDS as readonly string[]).includes(kind) ? t(`twin:distribution.${kind}`) : kind;

export const isQuantity = (value: string | null): value is Quantity =>
  (QUANTITIES as readonly string[]).includes(value ?? '');

/** The server fits a sample of at least this many observations (fitting.ts, MIN_FIT_SAMPLE). */
export const MIN_FIT_SAMPLE = 10;

export const stationKey = (s: { line: string; station: string }): string =>
  `${s.line}/${s.station}`;

export interface LineCalibration {
  line: string;
  stations: StationCalibration[];
}

/** The stations by line, lines and stations in the order the server gave (the plant's flow). */
export function byLine(stations: readonly StationCalibration[]): LineCalibration[] {
  const lines: LineCalibration[] = [];
  for (const station of stations) {
    const last = lines.at(-1);
    if (last?.line === station.line) last.stations.push(station);
    else lines.push({ line: station.line, stations: [station] });
  }
  return lines;
}

export const fittedQuantities = (station: StationCalibration): Quantity[] =>
  QUANTITIES.filter((q) => station[q] !== null);

/** A station that recorded nothing in the window: no cycle, stop or part. */
export const recordedNothing = (station: StationCalibration): boolean => {
  const o = station.observations;
  return o.cycles === 0 && o.stops === 0 && o.uptimes === 0 && o.repairs === 0 && o.parts === 0;
};

/** Whether any station has any fit: without one there is nothing to plot. */
export const anyFit = (stations: readonly StationCalibration[]): boolean =>
  stations.some((s) => fittedQuantities(s).length > 0);

export interface Pick {
  station: StationCalibration;
  quantity: Quantity;
  report: FitReport;
}

/**
 * The station and quantity to plot: the one asked for while it has a fit; else the asked-for
 * station's first fitted quantity; else the first station with a fit. Undefined when none has.
 */
export function pickOf(
  stations: readonly StationCalibration[],
  asked: { key?: string | null; quantity?: string | null } = {},
): Pick | undefined {
  const wanted = stations.find((s) => stationKey(s) === asked.key);
  const quantity = isQuantity(asked.quantity ?? null) ? (asked.quantity as Quantity) : undefined;
  const candidates = [
    ...(wanted && quantity ? [{ station: wanted, quantity }] : []),
    ...(wanted ? fittedQuantities(wanted).map((q) => ({ station: wanted, quantity: q })) : []),
    ...stations.flatMap((s) => fittedQuantities(s).map((q) => ({ station: s, quantity: q }))),
  ];
  for (const { station, quantity: q } of candidates) {
    const report = station[q];
    if (report) return { station, quantity: q, report };
  }
  return undefined;
}

/**
 * What the twin takes from a station's calibration, as calibrated-assumptions.ts decides: the
 * cycle CV, the stops (time between them and their length, both needed) and the reject rate
 * each measured where the data has them, the placeholder otherwise.
 */
export function measuredForTwin(station: StationCalibration): {
  cycleCv: boolean;
  stops: boolean;
  rejectRate: boolean;
} {
  return {
    cycleCv: station.cycleCv !== null,
    stops: station.uptime !== null && station.repair !== null && station.repair.summary.mean > 0,
    rejectRate: station.rejectRate !== null,
  };
}

/** How many stations have each of what the twin takes measured. */
export function coverage(stations: readonly StationCalibration[]): {
  stations: number;
  cycleCv: number;
  stops: number;
  rejectRate: number;
} {
  const measured = stations.map(measuredForTwin);
  const count = (key: 'cycleCv' | 'stops' | 'rejectRate') => measured.filter((m) => m[key]).length;
  return {
    stations: stations.length,
    cycleCv: count('cycleCv'),
    stops: count('stops'),
    rejectRate: count('rejectRate'),
  };
}

// ------------------------------------------------------------------ the KS verdict

/** The level of the Kolmogorov–Smirnov test. */
export const KS_LEVEL = 0.05;

export type Verdict = 'rejected' | 'not-rejected';

export const ksVerdict = (pValue: number): Verdict =>
  pValue < KS_LEVEL ? 'rejected' : 'not-rejected';

export const verdictText = (t: TFunction, verdict: Verdict): string => t(`twin:verdict.${verdict}`);

// ------------------------------------------------------------------ durations

export interface TimeUnit {
  /** The symbol: s, min, h. */
  symbol: 's' | 'min' | 'h';
  /** How many of the unit a minute is. */
  perMinute: number;
}

export const SECONDS: TimeUnit = { symbol: 's', perMinute: 60 };
export const MINUTES: TimeUnit = { symbol: 'min', perMinute: 1 };
export const HOURS: TimeUnit = { symbol: 'h', perMinute: 1 / 60 };

/** Seconds under a minute, hours from two hours on, minutes between. */
export const unitFor = (minutes: number): TimeUnit =>
  Math.abs(minutes) < 1 ? SECONDS : Math.abs(minutes) >= 120 ? HOURS : MINUTES;

// format.ts has no formatter to a number of significant digits, nor a percentage to two
// decimals: these two are made here, in the locale of the app's language, cached like its own.
const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const locale = currentLocale();
  const key = `${locale}|${name}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formats.set(key, format);
  }
  return format;
}

/** Up to three significant digits, but whole numbers whole: 0.736, 12.3, 1,234 (en). */
export function formatSignificant(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const digits = Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(Math.abs(value)))));
  return numberFormat(`significant${digits}`, { maximumFractionDigits: digits }).format(value);
}

/**
 * A duration given in minutes, in the unit that suits it ("0.736 s", "8.71 min", "10.2 h"), or
 * in the unit given, for figures read side by side.
 */
export function formatDuration(minutes: number | null | undefined, unit?: TimeUnit): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const shown = unit ?? unitFor(minutes);
  return `${formatSignificant(minutes * shown.perMinute)} ${shown.symbol}`;
}

/** The smallest p-value told apart: below it, "< 0.001". */
const P_FLOOR = 0.001;

/** A fit's p-value: "0.64", "0.026", "< 0.001". */
export function formatPValue(p: number): string {
  if (p < P_FLOOR) return `< ${formatSignificant(P_FLOOR)}`;
  return formatSignificant(p);
}

/** A p-value with its relation: "p = 0.64", "p < 0.001". */
export const pValueText = (p: number): string =>
  p < P_FLOOR ? `p < ${formatSignificant(P_FLOOR)}` : `p = ${formatSignificant(p)}`;

/** A reject rate: small shares to two decimals of a per cent ("0.24 %"). */
export function formatRate(share: number | null): string {
  if (share === null) return '—';
  const digits = share < 0.1 ? 2 : 1;
  return numberFormat(`percent${digits}`, {
    style: 'percent',
    maximumFractionDigits: digits,
  }).format(share);
}

// ------------------------------------------------------------------ chart models

/** The unit a sample is plotted in: the one that suits its largest value, so the axis reads well. */
export const plotUnit = (report: FitReport): TimeUnit => unitFor(report.summary.max);

export interface DensityBin {
  /** The bin's ends, in the plot's unit. */
  from: number;
  to: number;
  count: number;
  /** The sample's own density in the bin: count / (n × width), per plot unit. */
  sample: number;
  /** The best fit's density at the bin's midpoint, per plot unit. */
  fitted: number;
}

/**
 * The histogram as densities in `unit`: the sample's, count / (n × (to − from)), which adds up
 * to one over the bins; the fit's, the server's density at the bin's midpoint. Both are per
 * unit of time, so they shrink as the unit shrinks.
 */
export function densityBins(report: FitReport, unit: TimeUnit = MINUTES): DensityBin[] {
  const n = report.summary.n;
  const k = unit.perMinute;
  return report.histogram.map((bin) => {
    const width = bin.to - bin.from;
    const sample = n > 0 && width > 0 ? bin.count / (n * width) : 0;
    return {
      from: bin.from * k,
      to: bin.to * k,
      count: bin.count,
      sample: sample / k,
      fitted: bin.density / k,
    };
  });
}

export interface QqModel {
  /** [theoretical, observed] in the plot's unit. */
  points: [number, number][];
  /** Both axes' extent: every point with a margin, the same on x and y so y = x is the diagonal. */
  min: number;
  max: number;
  /** The y = x line across the extent. */
  diagonal: [[number, number], [number, number]];
}

export function qqModel(report: FitReport, unit: TimeUnit = MINUTES): QqModel {
  const k = unit.perMinute;
  const points = report.qq.map((p): [number, number] => [p.theoretical * k, p.observed * k]);
  const values = points.flat().filter(Number.isFinite);
  const lo = values.length > 0 ? Math.min(...values) : 0;
  const hi = values.length > 0 ? Math.max(...values) : 1;
  const pad = (hi - lo) * 0.04 || Math.abs(hi) * 0.04 || 1;
  // Durations are positive: the axes need not reach below zero.
  const min = Math.max(0, lo - pad);
  const max = hi + pad;
  return {
    points,
    min,
    max,
    diagonal: [
      [min, min],
      [max, max],
    ],
  };
}

// ------------------------------------------------------------------ chart options

const axisLabel = { color: MUTED, fontSize: 11, formatter: (v: number) => formatSignificant(v) };
// The data's own ends (the first bin's start, the Q-Q margin) are odd numbers that crowd the
// round ticks next to them.
const roundLabels = { ...axisLabel, showMinLabel: false, showMaxLabel: false };

/** The histogram of the sample's density with the best fit's density drawn over it. */
export function histogramOption(
  t: TFunction,
  report: FitReport,
  quantity: Quantity,
): EChartsOption {
  const unit = plotUnit(report);
  const bins = densityBins(report, unit);
  const kind = distributionName(t, report.best.kind);
  const fitted = t('twin:chart.fitted', { kind });
  const sample = t('twin:chart.sample');
  const first = bins[0];
  const last = bins.at(-1);

  const render = (
    _params: CustomSeriesRenderItemParams,
    api: CustomSeriesRenderItemAPI,
  ): CustomSeriesRenderItemReturn => {
    const from = api.value(0) as number;
    const to = api.value(1) as number;
    const height = api.value(2) as number;
    const [x0, y0] = api.coord([from, height]) as [number, number];
    const [x1, yBase] = api.coord([to, 0]) as [number, number];
    return {
      type: 'rect',
      shape: { x: x0, y: y0, width: Math.max(0, x1 - x0 - 1), height: yBase - y0 },
      style: { fill: SAMPLE, stroke: '#4a84b0', lineWidth: 0.5 },
    };
  };

  const tooltip = (params: unknown): string => {
    const { seriesIndex, dataIndex } = params as { seriesIndex: number; dataIndex: number };
    const bin = bins[dataIndex];
    if (!bin) return '';
    const range = `${formatSignificant(bin.from)} – ${formatSignificant(bin.to)} ${unit.symbol}`;
    return seriesIndex === 0
      ? [
          `<strong>${escapeHtml(range)}</strong>`,
          escapeHtml(
            t('twin:chart.binObservations', {
              k: formatInteger(bin.count),
              n: formatInteger(report.summary.n),
            }),
          ),
          escapeHtml(
            t('twin:chart.sampleDensity', {
              value: formatSignificant(bin.sample),
              unit: unit.symbol,
            }),
          ),
          escapeHtml(
            t('twin:chart.fittedDensity', {
              kind,
              value: formatSignificant(bin.fitted),
              unit: unit.symbol,
            }),
          ),
        ].join('<br/>')
      : escapeHtml(
          t('twin:chart.fittedAt', {
            kind,
            at: formatSignificant((bin.from + bin.to) / 2),
            value: formatSignificant(bin.fitted),
            unit: unit.symbol,
          }),
        );
  };

  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    tooltip: { trigger: 'item', formatter: tooltip, confine: true },
    legend: {
      top: 4,
      data: [sample, fitted],
      textStyle: { color: INK },
    },
    grid: { left: 64, right: 20, top: 40, bottom: 48 },
    xAxis: {
      type: 'value',
      name: t('twin:chart.axis', { quantity: quantityLabel(t, quantity), unit: unit.symbol }),
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle: { color: INK },
      min: first?.from ?? 0,
      max: last?.to ?? 1,
      axisLabel: roundLabels,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      name: t('twin:chart.density', { unit: unit.symbol }),
      nameTextStyle: { color: INK, align: 'left' },
      min: 0,
      axisLabel,
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        type: 'custom',
        name: sample,
        renderItem: render,
        itemStyle: { color: SAMPLE },
        encode: { x: [0, 1], y: 2 },
        data: bins.map((b) => [b.from, b.to, b.sample]),
      },
      {
        type: 'line',
        name: fitted,
        smooth: true,
        symbol: 'circle',
        symbolSize: 4,
        showSymbol: bins.length <= 20,
        lineStyle: { color: FITTED, width: 2 },
        itemStyle: { color: FITTED },
        data: bins.map((b) => [(b.from + b.to) / 2, b.fitted]),
      },
    ],
  };
}

/** The Q-Q plot's diagonal: a formula, the same in every language. */
const DIAGONAL = 'y = x';

/** The observed order statistics against the best fit's quantiles, with y = x. */
export function qqOption(t: TFunction, report: FitReport, quantity: Quantity): EChartsOption {
  const unit = plotUnit(report);
  const model = qqModel(report, unit);
  const kind = distributionName(t, report.best.kind);
  const observedName = t('twin:chart.observed');
  const tooltip = (params: unknown): string => {
    const { seriesIndex, value } = params as { seriesIndex: number; value: number[] };
    if (seriesIndex !== 0) return escapeHtml(t('twin:chart.diagonal'));
    const [theoretical, observed] = value;
    return [
      t('twin:chart.quantileTooltip', {
        kind,
        value: formatSignificant(theoretical ?? 0),
        unit: unit.symbol,
      }),
      t('twin:chart.observedTooltip', {
        value: formatSignificant(observed ?? 0),
        unit: unit.symbol,
      }),
    ]
      .map(escapeHtml)
      .join('<br/>');
  };
  const axis = (name: string) => ({
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 40,
    nameTextStyle: { color: INK },
    min: model.min,
    max: model.max,
    axisLabel: roundLabels,
    splitLine: { lineStyle: { color: GRID_LINE } },
  });
  return {
    animation: false,
    textStyle: { fontFamily: 'inherit' },
    tooltip: { trigger: 'item', formatter: tooltip, confine: true },
    legend: { top: 4, data: [observedName, DIAGONAL], textStyle: { color: INK } },
    grid: { left: 64, right: 20, top: 40, bottom: 48 },
    xAxis: { ...axis(t('twin:chart.quantileAxis', { kind, unit: unit.symbol })), nameGap: 28 },
    yAxis: axis(
      t('twin:chart.observedAxis', { quantity: quantityLabel(t, quantity), unit: unit.symbol }),
    ),
    series: [
      {
        type: 'scatter',
        name: observedName,
        symbolSize: 5,
        itemStyle: { color: SAMPLE, borderColor: '#4a84b0', borderWidth: 0.5 },
        data: model.points,
      },
      {
        type: 'line',
        name: DIAGONAL,
        symbol: 'none',
        lineStyle: { color: INK, width: 1.5, type: 'dashed' },
        itemStyle: { color: INK },
        data: model.diagonal,
      },
    ],
  };
}
