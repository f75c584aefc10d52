import { describe, expect, it } from 'vitest';
import type { WeekFigures } from '../../api/maintenance';
import { trendOption, weekLabel } from './trend';

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

describe('the weekly trend chart', () => {
  it('draws failures as bars and MTTR as a line with gaps where no repair was closed', () => {
    const option = trendOption([week('2027-03-08', 0, null), week('2027-03-15', 2, 42.5)]);
    const series = option.series as { type: string; data: (number | null)[] }[];
    expect(series.map((s) => s.type)).toEqual(['bar', 'line']);
    expect(series[0]?.data).toEqual([0, 2]);
    expect(series[1]?.data).toEqual([null, 42.5]);
    expect((option.xAxis as { data: string[] }).data).toEqual(['8 Mar', '15 Mar']);
  });

  it('names a week by its Monday', () => {
    expect(weekLabel('2027-01-04')).toBe('4 Jan');
  });
});
