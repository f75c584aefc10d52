// Scenarios of the reference plant: the rating reproduced, the baseline below
// it with a confidence interval, each what-if changing what it should, runs
// reproducible for a seed whatever the number of worker threads, and bad
// input refused with the field named.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type PlantFile, readPlantText } from '../plant/index.js';
import { runScenario } from './run-scenario.js';
import { buildScenario, coverDaysOfStock } from './scenario.js';

let plant: PlantFile;
beforeAll(() => {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  plant = result.plant;
});

const year = 2027;
const minutesOf = (scenario: ReturnType<typeof buildScenario>, line: string) =>
  scenario.model.lines.find((l) => l.line === line)?.workingMinutes ?? 0;

describe('twin scenarios', () => {
  it('reproduces the rated capacity, with no spread between replications', async () => {
    const report = await runScenario(
      plant,
      { scenario: 'rated', year },
      { replications: 2, workers: 0 },
    );
    expect(Math.abs(report.total.mean - 70_329_600) / 70_329_600).toBeLessThan(0.0002);
    expect(report.total.sd).toBe(0);
    for (const line of report.lines) expect(line.oee).toBeGreaterThan(0.999);
  });

  it('runs the baseline below the rating, the same for a seed on the caller or on workers', async () => {
    const onWorkers = await runScenario(
      plant,
      { scenario: 'baseline', year },
      { replications: 3, seed: 11, workers: 2 },
    );
    const here = await runScenario(
      plant,
      { scenario: 'baseline', year },
      { replications: 3, seed: 11, workers: 0 },
    );
    expect(onWorkers.products.map((p) => p.perReplication)).toEqual(
      here.products.map((p) => p.perReplication),
    );
    const { total } = onWorkers;
    expect(total.mean).toBeLessThan(0.95 * 70_329_600);
    expect(total.low).toBeLessThan(total.mean);
    expect(total.high).toBeGreaterThan(total.mean);
    for (const line of onWorkers.lines) {
      expect(line.oee).toBeGreaterThan(0.4);
      expect(line.oee).toBeLessThan(0.95);
      expect(line.oee).toBeCloseTo(line.availability * line.performance * line.quality, 9);
      for (const s of line.stations)
        expect(s.busy + s.blocked + s.starved + s.down + s.changeover).toBeCloseTo(1, 6);
      expect(line.stations.map((s) => s.station)).toContain(line.bottleneck);
    }
  }, 60_000);

  it('changes the plant as each what-if says', () => {
    const baseline = buildScenario(plant, { scenario: 'baseline', year });
    // A night shift of 450 minutes on every working weekday.
    const night = buildScenario(plant, { scenario: 'extra-shift', year });
    expect(minutesOf(night, 'L1') / minutesOf(baseline, 'L1')).toBeCloseTo(1.5, 2);
    // L2 out for four weeks from 3 May 2027: 20 weekdays of 900 minutes (no holiday or maintenance falls in them).
    const out = buildScenario(plant, {
      scenario: 'line-out',
      year,
      line: 'L2',
      weeks: 4,
      from: '2027-05-03',
    });
    expect(minutesOf(baseline, 'L2') - minutesOf(out, 'L2')).toBe(20 * 900);
    expect(minutesOf(out, 'L1')).toBe(minutesOf(baseline, 'L1'));
    // The only primer supplier stops: from 1 July its primers stop coming and each line holds 14
    // days of its rated use (every product needs primers). The stock count is an event of each line.
    const primers = buildScenario(plant, {
      scenario: 'supplier-stop',
      year,
      supplier: 'SUP-PRIMERS',
      from: '2027-07-01',
      coverDays: 14,
    });
    for (const line of primers.model.lines) {
      const supply = line.supply;
      const m = supply?.materials.indexOf('PRIMER-762') ?? -1;
      expect(supply?.stop?.materials).toEqual([m]);
      expect(supply?.stop?.stock[0]).toBeCloseTo(14 * (supply?.perDay[m] as number), 6);
    }
    // L1 makes 84 a minute at its rated mix: 18,144,000 primers a year, 695,912 in 14 days.
    expect(primers.model.lines[0]?.supply?.stop?.stock[0]).toBeCloseTo((14 * 18_144_000) / 365, 3);
    const surge = buildScenario(plant, { scenario: 'demand-surge', year, surge: 0.25 });
    expect(surge.demand?.['C762-BALL']).toBeCloseTo(2 * 18_144_000 * 1.25, 0);
    const buffers = buildScenario(plant, { scenario: 'buffer', year, bufferCartridges: 5000 });
    expect(buffers.model.lines[0]?.spec.buffers[0]).toBe(50);
  });

  it('states what each scenario assumed, in data', () => {
    const assumed = (input: Parameters<typeof buildScenario>[1]) =>
      buildScenario(plant, input).model.assumed;
    const placeholderSupply = { reviewDays: 7, leadTimeDays: 3, stockDays: 14 };
    expect(assumed({ scenario: 'rated', year })).toEqual({
      behaviour: { kind: 'rated' },
      supply: null,
    });
    expect(assumed({ scenario: 'baseline', year })).toEqual({
      behaviour: { kind: 'uncalibrated' },
      supply: placeholderSupply,
    });
    expect(assumed({ scenario: 'buffer', year, bufferCartridges: 5000 })).toEqual({
      behaviour: { kind: 'uncalibrated', buffers: 5000 },
      supply: placeholderSupply,
    });
  });

  it('stops a supplier through the lines’ stock: a line stops when what it needs runs out', async () => {
    const input = { year, replications: 1, seed: 5, workers: 0 } as const;
    const baseline = await runScenario(plant, { scenario: 'baseline', year }, input);
    // Only tracer bullets stop coming: L3 and L4 make no tracers once theirs are used up, but blanks
    // as before; L1 and L2 need none and make exactly what they make in the baseline.
    const tracer = await runScenario(
      plant,
      {
        scenario: 'supplier-stop',
        year,
        supplier: 'SUP-TRACER',
        from: '2027-07-01',
        coverDays: 14,
      },
      input,
    );
    const line = (r: typeof baseline, code: string) => r.lines.find((l) => l.line === code);
    const product = (r: typeof baseline, code: string) =>
      r.products.find((p) => p.product === code)?.output.mean ?? 0;
    for (const code of ['L1', 'L2']) {
      expect(line(tracer, code)?.produced.mean).toBe(line(baseline, code)?.produced.mean);
      expect(line(tracer, code)?.materialStarvedMinutes).toBe(0);
    }
    expect(line(baseline, 'L3')?.materialStarvedMinutes).toBe(0);
    for (const code of ['L3', 'L4']) {
      expect(line(tracer, code)?.shortOf).toEqual(['BULLET-T']);
      // Half a year of tracer campaigns (60 % of the time) less the two weeks' stock, at least.
      expect(line(tracer, code)?.materialStarvedMinutes).toBeGreaterThan(0.2 * 108_000);
      expect(line(tracer, code)?.availability).toBeLessThan(
        (line(baseline, code)?.availability as number) - 0.2,
      );
    }
    expect(product(tracer, 'C762-TRACER') / product(baseline, 'C762-TRACER')).toBeGreaterThan(0.45);
    expect(product(tracer, 'C762-TRACER') / product(baseline, 'C762-TRACER')).toBeLessThan(0.6);
    expect(product(tracer, 'C762-BLANK') / product(baseline, 'C762-BLANK')).toBeGreaterThan(0.98);
  }, 60_000);

  it('measures the cover a supplier leaves by the stock of what only it delivers', () => {
    // Every cartridge takes one primer: 70,329,600 a year at the rated mix, so a million primers last 5.19 days.
    const cover = coverDaysOfStock(
      plant,
      year,
      'SUP-PRIMERS',
      new Map([['PRIMER-762', 1_000_000]]),
    );
    expect(cover).toBeCloseTo((1_000_000 / 70_329_600) * 365, 6);
    expect(coverDaysOfStock(plant, year, 'SUP-PRIMERS', new Map())).toBe(0);
  });

  it('refuses bad input with the field named', async () => {
    expect(() => buildScenario(plant, { scenario: 'line-out', year, line: 'L9' })).toThrow(
      /^line: unknown line "L9"/,
    );
    expect(() =>
      buildScenario(plant, { scenario: 'supplier-stop', year, supplier: 'NOBODY' }),
    ).toThrow(/^supplier: /);
    expect(() => buildScenario(plant, { scenario: 'nothing' as 'rated', year })).toThrow(
      /^scenario: unknown scenario/,
    );
    await expect(
      runScenario(plant, { scenario: 'rated', year }, { replications: 0 }),
    ).rejects.toThrow(/^replications: /);
  });
});
