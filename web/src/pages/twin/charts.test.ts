import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { oeeOption, outputOption, outputPanels, panelExtent, stationOption } from './charts';
import { comparedRuns } from './compare';
import { inLanguage } from './in-language';
import { twinRun } from './sample-runs';

const t = i18n.getFixedT('en');

const runs = comparedRuns(t, [
  twinRun('a', '2026-01-01T00:00:00Z', { scenario: 'rated', year: 2027 }, [100, 100], [50, 50]),
  twinRun(
    'b',
    '2026-01-02T00:00:00Z',
    { scenario: 'demand-surge', year: 2027, surge: 0.2 },
    [90, 96],
    [40, 44],
  ),
]);

describe('the output panels', () => {
  it('has one panel per product and one for the plant, each item a run in comparison order', () => {
    const panels = outputPanels(t, runs);
    expect(panels.map((p) => p.title)).toEqual(['BALL', 'BLANK', 'Plant total']);
    expect(panels[2]?.items.map((i) => i?.values)).toEqual([
      [150, 150],
      [130, 140],
    ]);
    for (const panel of panels) {
      const drawn = panel.items.flatMap((i) => (i ? [i.low, i.high, ...i.values] : []));
      expect(panel.min).toBeLessThan(Math.min(...drawn));
      expect(panel.max).toBeGreaterThan(Math.max(...drawn));
    }
  });

  it('draws a run’s demand, and the plant’s as its products’ added up', () => {
    const [first, second] = runs;
    if (!first || !second) throw new Error('two runs');
    const withDemand = comparedRuns(t, [
      first.run,
      {
        ...second.run,
        report: {
          ...second.run.report,
          products: second.run.report.products.map((p) => ({ ...p, demand: 120 })),
        },
      },
    ]);
    const panels = outputPanels(t, withDemand);
    expect(panels.map((p) => p.items[1]?.demand)).toEqual([120, 120, 240]);
    expect(panels.map((p) => p.items[0]?.demand)).toEqual([null, null, null]);
    expect(panels[2]?.max).toBeGreaterThan(240);
  });

  it('gives equal values a window, and enough digits that the axis labels differ', () => {
    const equal = panelExtent([70_329_600, 70_329_600]);
    expect(equal.min).toBeLessThan(70_329_600);
    expect(equal.max).toBeGreaterThan(70_329_600);
    expect(equal.digits).toBeGreaterThanOrEqual(2);
    expect(panelExtent([30e6, 36e6]).digits).toBe(1);
    expect(panelExtent([]).max).toBeGreaterThan(0);
  });

  it('builds one grid, axis pair and series per panel', () => {
    const option = outputOption(t, runs);
    expect(option.grid).toHaveLength(3);
    expect(option.xAxis).toHaveLength(3);
    expect(option.series).toHaveLength(3);
    const xAxis = (option.xAxis as { data: string[] }[])[0];
    expect(xAxis?.data).toEqual(['A', 'B']);
  });
});

describe('the OEE and station charts', () => {
  it('has a bar series per run over the lines', () => {
    const option = oeeOption(t, runs, ['L1', 'L2', 'L9']);
    const series = option.series as { name: string; data: (number | null)[] }[];
    expect(series.map((s) => s.name)).toEqual(['A', 'B']);
    expect(series[0]?.data).toEqual([0.8, 0.9, null]);
  });

  it('stacks the five shares of each station and outlines the bottleneck', () => {
    const line = runs[0]?.run.report.lines[0];
    if (!line) throw new Error('a line');
    const option = stationOption(t, line);
    const series = option.series as { stack: string; data: unknown[] }[];
    expect(series).toHaveLength(5);
    expect(series.every((s) => s.stack === 'time')).toBe(true);
    expect(series[0]?.data).toEqual([
      0.8,
      { value: 1, itemStyle: { borderColor: '#111827', borderWidth: 2 } },
    ]);
  });
});

describe('the charts in Spanish', () => {
  it('names the panels, legends and shares in Spanish, and writes millions the Venezuelan way', async () => {
    await inLanguage('es', (es) => {
      const spanish = comparedRuns(
        es,
        runs.map((c) => c.run),
      );
      expect(outputPanels(es, spanish).map((p) => p.title)).toEqual([
        'BALL',
        'BLANK',
        'Total de la planta',
      ]);
      const axis = (outputOption(es, spanish).yAxis as { axisLabel: { formatter: unknown } }[])[0];
      const millions = axis?.axisLabel.formatter as (value: number) => string;
      expect(millions(70_329_600)).toMatch(/^70,3\d* M$/);
      const line = spanish[0]?.run.report.lines[0];
      if (!line) throw new Error('a line');
      const station = stationOption(es, line);
      expect((station.legend as { data: string[] }).data).toEqual([
        'Trabajando',
        'Bloqueada (sin espacio aguas abajo)',
        'Sin alimentación (nada desde aguas arriba)',
        'Detenida (en parada)',
        'Cambio de formato (a otro producto)',
      ]);
      const tooltip = (
        oeeOption(es, spanish, ['L1']).tooltip as {
          formatter: (params: unknown) => string;
        }
      ).formatter({ seriesIndex: 0, dataIndex: 0 });
      expect(tooltip).toContain('disponibilidad 90');
      expect(tooltip).toContain('Nominal 2027');
    });
  });
});
