import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FitReport, StationCalibration } from '../../api/twin';
import { i18n } from '../../i18n';
import {
  anyFit,
  byLine,
  coverage,
  densityBins,
  formatDuration,
  formatPValue,
  formatRate,
  histogramOption,
  ksVerdict,
  MINUTES,
  measuredForTwin,
  pickOf,
  plotUnit,
  pValueText,
  qqModel,
  qqOption,
  recordedNothing,
  SECONDS,
  unitFor,
} from './calibration';
import { inLanguage } from './in-language';

const t = i18n.getFixedT('en');
// The figures are checked as English writes them; the Spanish ones at the end.
let before = '';
beforeAll(async () => {
  before = i18n.language;
  await i18n.changeLanguage('en');
});
afterAll(() => i18n.changeLanguage(before));

const fitOf = (kind: string, aic: number, pValue: number) => ({
  kind,
  spec: { kind, mean: 2 },
  mean: 2,
  n: 10,
  logLikelihood: -aic / 2 + 1,
  aic,
  ks: { statistic: 0.2, pValue },
  ad: 0.4,
});

/** Ten durations of 0.5 to 3.5 minutes in three bins, the last twice as wide. */
const report = (scale = 1): FitReport => ({
  best: fitOf('gamma', 30, 0.4),
  candidates: [fitOf('gamma', 30, 0.4), fitOf('normal', 33, 0.01)],
  histogram: [
    { from: 0.5 * scale, to: 1 * scale, count: 2, density: 0.3 / scale },
    { from: 1 * scale, to: 1.5 * scale, count: 6, density: 1 / scale },
    { from: 1.5 * scale, to: 2.5 * scale, count: 2, density: 0.25 / scale },
  ],
  qq: [
    { theoretical: 0.6 * scale, observed: 0.5 * scale },
    { theoretical: 1.2 * scale, observed: 1.25 * scale },
    { theoretical: 2.2 * scale, observed: 2.5 * scale },
  ],
  summary: {
    n: 10,
    mean: 1.3 * scale,
    sd: 0.5 * scale,
    min: 0.5 * scale,
    median: 1.2 * scale,
    max: 2.5 * scale,
  },
});

const station = (
  line: string,
  code: string,
  fits: Partial<Pick<StationCalibration, 'cycle' | 'uptime' | 'repair'>> = {},
): StationCalibration => ({
  group: 'PLT-01',
  line,
  station: code,
  cycle: null,
  cycleSource: null,
  cycleCv: null,
  uptime: null,
  repair: null,
  rejectRate: null,
  observations: {
    cycles: 0,
    stops: 0,
    uptimes: 0,
    repairs: 0,
    parts: 0,
    rejects: 0,
    runningMinutes: 0,
  },
  stopsByReason: [],
  notes: ['cycle: not enough data (0 observations, need 10)'],
  unfitted: [
    {
      quantity: 'cycle',
      code: 'not_enough_data',
      params: { observations: 0, minimum: 10 },
      text: 'cycle: not enough data (0 observations, need 10)',
    },
  ],
  ...fits,
});

describe('the sample density from the histogram', () => {
  it('is count / (n × width), adding up to one over the bins', () => {
    const bins = densityBins(report());
    expect(bins.map((b) => b.sample)).toEqual([0.4, 1.2, 0.2]);
    const area = bins.reduce((sum, b) => sum + b.sample * (b.to - b.from), 0);
    expect(area).toBeCloseTo(1, 12);
    // The fitted density is the server's, at each bin's midpoint.
    expect(bins.map((b) => b.fitted)).toEqual([0.3, 1, 0.25]);
    expect(bins.map((b) => b.count)).toEqual([2, 6, 2]);
  });

  it('rescales bins and both densities to the plot’s unit', () => {
    const inSeconds = densityBins(report(), SECONDS);
    expect(inSeconds.map((b) => [b.from, b.to])).toEqual([
      [30, 60],
      [60, 90],
      [90, 150],
    ]);
    expect(inSeconds[1]?.sample).toBeCloseTo(1.2 / 60, 12);
    expect(inSeconds[1]?.fitted).toBeCloseTo(1 / 60, 12);
    const area = inSeconds.reduce((sum, b) => sum + b.sample * (b.to - b.from), 0);
    expect(area).toBeCloseTo(1, 12);
  });

  it('gives an empty bin and a bin without width no density of the sample', () => {
    const r = report();
    r.histogram = [
      { from: 1, to: 1, count: 3, density: 0.5 },
      { from: 1, to: 2, count: 0, density: 0.5 },
    ];
    expect(densityBins(r).map((b) => b.sample)).toEqual([0, 0]);
  });
});

describe('the Q-Q plot', () => {
  it('has the points in the plot’s unit and the same extent on both axes for y = x', () => {
    const model = qqModel(report(), MINUTES);
    expect(model.points).toEqual([
      [0.6, 0.5],
      [1.2, 1.25],
      [2.2, 2.5],
    ]);
    expect(model.min).toBeLessThan(0.5);
    expect(model.min).toBeGreaterThanOrEqual(0);
    expect(model.max).toBeGreaterThan(2.5);
    expect(model.diagonal).toEqual([
      [model.min, model.min],
      [model.max, model.max],
    ]);
    expect(qqModel(report(), SECONDS).points[0]).toEqual([36, 30]);
  });

  it('builds a scatter of the points and a dashed diagonal on equal axes', () => {
    const option = qqOption(t, report(), 'uptime');
    const series = option.series as { type: string; data: number[][] }[];
    expect(series.map((s) => s.type)).toEqual(['scatter', 'line']);
    expect(series[0]?.data).toHaveLength(3);
    const x = option.xAxis as { min: number; max: number; name: string };
    const y = option.yAxis as { min: number; max: number; name: string };
    expect([x.min, x.max]).toEqual([y.min, y.max]);
    expect(x.name).toBe('Fitted gamma quantile (min)');
    expect(series[1]?.data).toEqual([
      [x.min, x.min],
      [x.max, x.max],
    ]);
  });
});

describe('the histogram chart', () => {
  it('draws a cycle under a minute in seconds: bars of the sample, the fit at the midpoints', () => {
    // Cycle times of 0.5–2.5 s, given in minutes.
    const cycle = report(1 / 60);
    expect(plotUnit(cycle)).toBe(SECONDS);
    const option = histogramOption(t, cycle, 'cycle');
    const [bars, curve] = option.series as { type: string; data: number[][] }[];
    expect(bars?.type).toBe('custom');
    expect(bars?.data.map((d) => d.map((v) => Number(v.toFixed(9))))).toEqual([
      [0.5, 1, 0.4],
      [1, 1.5, 1.2],
      [1.5, 2.5, 0.2],
    ]);
    expect(curve?.type).toBe('line');
    expect(curve?.data.map((d) => d.map((v) => Number(v.toFixed(9))))).toEqual([
      [0.75, 0.3],
      [1.25, 1],
      [2, 0.25],
    ]);
    const x = option.xAxis as { min: number; max: number; name: string };
    expect(x.name).toBe('Cycle time (s)');
    expect([x.min, x.max].map((v) => Number(v.toFixed(9)))).toEqual([0.5, 2.5]);
  });
});

describe('stations, picks and words', () => {
  const withFits = [
    station('L1', 'CF'),
    station('L1', 'PR', { uptime: report() }),
    station('L2', 'CF', { cycle: report(1 / 60), repair: report() }),
  ];

  it('groups the stations by line in the server’s order', () => {
    expect(byLine(withFits).map((l) => [l.line, l.stations.map((s) => s.station)])).toEqual([
      ['L1', ['CF', 'PR']],
      ['L2', ['CF']],
    ]);
  });

  it('picks what was asked for while it has a fit, else the nearest fit there is', () => {
    const at = (key: string | null, quantity: string | null) => {
      const pick = pickOf(withFits, { key, quantity });
      return pick && `${pick.station.line}/${pick.station.station} ${pick.quantity}`;
    };
    expect(at('L2/CF', 'repair')).toBe('L2/CF repair');
    expect(at('L2/CF', 'uptime')).toBe('L2/CF cycle');
    expect(at('L1/CF', 'cycle')).toBe('L1/PR uptime');
    expect(at(null, null)).toBe('L1/PR uptime');
    expect(pickOf([station('L1', 'CF')])).toBeUndefined();
    expect(anyFit(withFits)).toBe(true);
    expect(anyFit([station('L1', 'CF'), station('L1', 'PR')])).toBe(false);
    // A fresh plant's station recorded nothing at all; one with a few stops did record something.
    expect(recordedNothing(station('L1', 'CF'))).toBe(true);
    const few = station('L1', 'CF');
    expect(recordedNothing({ ...few, observations: { ...few.observations, stops: 3 } })).toBe(
      false,
    );
  });

  it('says what the twin takes as measured: stops need both their spacing and their length', () => {
    expect(measuredForTwin(withFits[1] as StationCalibration)).toEqual({
      cycleCv: false,
      stops: false,
      rejectRate: false,
    });
    const both = station('L1', 'CH', { uptime: report(), repair: report() });
    expect(measuredForTwin({ ...both, cycleCv: 0.05, rejectRate: 0.002 })).toEqual({
      cycleCv: true,
      stops: true,
      rejectRate: true,
    });
    expect(coverage([...withFits, { ...both, rejectRate: 0.002 }])).toEqual({
      stations: 4,
      cycleCv: 0,
      stops: 1,
      rejectRate: 1,
    });
  });

  it('rejects a fit at p < 0.05 only', () => {
    expect(ksVerdict(0.049)).toBe('rejected');
    expect(ksVerdict(0.05)).toBe('not-rejected');
    expect(ksVerdict(0.9)).toBe('not-rejected');
    expect(formatPValue(0.0004)).toBe('< 0.001');
    expect(pValueText(0.0004)).toBe('p < 0.001');
    expect(pValueText(0.262)).toBe('p = 0.262');
  });

  it('gives durations in seconds under a minute and in hours from two hours', () => {
    expect(unitFor(0.5)).toBe(SECONDS);
    expect(unitFor(1)).toBe(MINUTES);
    expect(unitFor(120)).toEqual({ symbol: 'h', perMinute: 1 / 60 });
    expect(formatDuration(0.0123)).toBe('0.738 s');
    expect(formatDuration(8.7115)).toBe('8.71 min');
    expect(formatDuration(612)).toBe('10.2 h');
    expect(formatDuration(null)).toBe('—');
    // Side by side, in one unit: 30 s is 0.5 min.
    expect(formatDuration(0.5, MINUTES)).toBe('0.5 min');
  });
});

describe('the figures in Spanish', () => {
  it('writes durations, p-values, rates and axis names the Venezuelan way', async () => {
    await inLanguage('es', (es) => {
      expect(formatDuration(0.0123)).toBe('0,738 s');
      expect(formatDuration(612)).toBe('10,2 h');
      expect(formatPValue(0.0004)).toBe('< 0,001');
      expect(pValueText(0.262)).toBe('p = 0,262');
      expect(formatRate(0.0024)).toMatch(/^0,24\s?%$/);
      const option = qqOption(es, report(), 'uptime');
      expect((option.xAxis as { name: string }).name).toBe('Cuantil de la gamma ajustada (min)');
      expect((option.yAxis as { name: string }).name).toBe('Entre paradas, observado (min)');
      const histogram = histogramOption(es, report(1 / 60), 'cycle');
      expect((histogram.legend as { data: string[] }).data).toEqual(['Muestra', 'Ajuste gamma']);
    });
  });
});
