import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeekFigures } from '../../api/maintenance';
import { i18n } from '../../i18n';
import { formatMinutes } from './labels';
import { type TrendLabels, trendOption, weekLabel } from './trend';

const week = (w: string, failures: number, mttrMinutes: number | null): WeekFigures => ({
  week: w,
  scheduledMinutes: 4800,
  failures,
  downtimeMinutes: 0,
  uptimeMinutes: 4800,
  mtbfMinutes: failures ? 4800 / failures : null,
  repairs: mttrMinutes === null ? 0 : 1,
  mttrMinutes,
  availability: 1,
  topReasons: [],
  topCauses: [],
});

const LABELS: TrendLabels = {
  failures: 'Failures',
  failuresAxis: 'failures',
  mttr: 'MTTR (min)',
  minutesAxis: 'min',
};

// The unit tests share one module cache: the language is set here and put back after.
let before = '';
beforeAll(async () => {
  before = i18n.language;
  await i18n.changeLanguage('en');
});
afterAll(async () => {
  await i18n.changeLanguage(before);
});

describe('the weekly trend chart', () => {
  it('draws failures as bars and MTTR as a line with gaps where no repair was closed', () => {
    const option = trendOption([week('2027-03-08', 0, null), week('2027-03-15', 2, 42.5)], LABELS);
    const series = option.series as { type: string; name: string; data: (number | null)[] }[];
    expect(series.map((s) => s.type)).toEqual(['bar', 'line']);
    expect(series.map((s) => s.name)).toEqual(['Failures', 'MTTR (min)']);
    expect(series[0]?.data).toEqual([0, 2]);
    expect(series[1]?.data).toEqual([null, 42.5]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['Mar 8', 'Mar 15']);
  });

  it('names a week by its Monday, in the reader’s language', async () => {
    expect(weekLabel('2027-01-04')).toBe('Jan 4');
    await i18n.changeLanguage('es');
    expect(weekLabel('2027-01-04')).toBe('4 ene');
    await i18n.changeLanguage('en');
  });
});

describe('maintenance durations', () => {
  it('writes lengths of time for people in either language', async () => {
    expect(formatMinutes(0.44)).toBe('0.4 min');
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatMinutes(120)).toBe('2 h');
    expect(formatMinutes(3000)).toBe('2 d 2 h');
    expect(formatMinutes(2880)).toBe('2 d');
    await i18n.changeLanguage('es');
    expect(formatMinutes(0.44)).toBe('0,4 min');
    expect(formatMinutes(3000)).toBe('2 d 2 h');
    await i18n.changeLanguage('en');
  });
});
