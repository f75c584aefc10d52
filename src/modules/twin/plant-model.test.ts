// The twin built from the reference plant: under the rating's assumptions it
// makes the rated capacity (70.3 million in 2027, as `lotline plant show`
// says); with losses it makes less, the line that stops most is where the
// time goes, and a line's products add up to its output with its changeovers
// taken as the plant file says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type PlantFile, plantCapacity, readPlantText } from '../plant/index.js';
import { exponential } from './distributions.js';
import { type Assumptions, buildPlantModel, RATED, workingMinutes } from './plant-model.js';
import { runReplication } from './plant-run.js';

function referencePlant(): PlantFile {
  const result = readPlantText(readFileSync(path.resolve('plants/reference.yaml'), 'utf8'));
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.plant;
}

describe('the plant model', () => {
  const plant = referencePlant();

  it('counts the working minutes rated capacity counts', () => {
    const rated = plantCapacity(plant, 2027);
    for (const line of rated.lines)
      expect(workingMinutes(plant, line.line, 2027)).toBe(line.availableMinutes);
  });

  it('makes the rated capacity under the rated assumptions', () => {
    const model = buildPlantModel(plant, 2027, RATED);
    const run = runReplication(model, 1);
    const rated = plantCapacity(plant, 2027);
    expect(rated.ratedPerYear).toBe(70_329_600);
    // The year starts with empty lines (the first tray takes the line's fill time, a few hundred
    // cartridges), and a line that changes product runs out first: L3 and L4 empty about 60 trays
    // of tracer at 68 a minute where blanks would run at 95 (3,800 cartridges).
    expect(Math.abs(run.produced - rated.ratedPerYear) / rated.ratedPerYear).toBeLessThan(0.0002);
    for (const line of rated.lines) {
      const made = run.lines.find((l) => l.line === line.line);
      expect(Math.abs((made?.produced ?? 0) - line.ratedPerYear) / line.ratedPerYear).toBeLessThan(
        0.0003,
      );
      // No changeover time in the rating: the products share the year as the rated mix says.
      expect(made?.changeoverMinutes).toBe(0);
      for (const p of line.products) {
        const product = made?.products.find((x) => x.product === p.product);
        expect(Math.abs((product?.produced ?? 0) - p.plannedPerYear)).toBeLessThan(
          0.001 * line.ratedPerYear,
        );
      }
    }
  });

  it('makes less with stops, rejects and changeovers, reproducibly for a seed', () => {
    const lossy: Assumptions = {
      behaviour: { kind: 'uncalibrated' },
      unit: 100,
      bufferCartridges: 2000,
      campaignsPerYear: 26,
      changeovers: true,
      supply: null,
      station: (_line, _station, kind) => ({
        cycleCv: 0.2,
        stops: [
          {
            meanMinutesBetween: kind === 'charging' ? 120 : 480,
            repair: exponential(kind === 'charging' ? 10 : 15),
          },
        ],
        rejectRate: kind === 'gauging' ? 0.004 : 0,
      }),
    };
    const model = buildPlantModel(plant, 2027, lossy);
    const a = runReplication(model, 7);
    const b = runReplication(model, 7);
    expect(a.produced).toBe(b.produced);
    expect(a.produced).toBeLessThan(0.95 * 70_329_600);
    expect(a.produced).toBeGreaterThan(0.5 * 70_329_600);
    for (const line of a.lines) {
      // Each product's output adds up to the line's.
      expect(line.products.reduce((sum, p) => sum + p.produced, 0)).toBe(line.produced);
      // Charging stops four times as often: it is down the most on every line.
      const down = line.stations.map((s) => s.down);
      const charging = line.stations.findIndex((s) => s.name === 'CH');
      expect(down.indexOf(Math.max(...down))).toBe(charging);
    }
    // The tracer-and-blank lines change over 26 times a year each way: 26 × (240 + 300) minutes,
    // the year beginning with the change from blank back to tracer; their stations spend that
    // share of the working year in changeover unless they are down.
    const l3 = a.lines.find((l) => l.line === 'L3');
    expect(l3?.changeoverMinutes).toBe(26 * 540);
    const share = (26 * 540) / (l3?.workingMinutes ?? 1);
    for (const s of l3?.stations ?? []) {
      expect(s.changeover).toBeLessThanOrEqual(share + 1e-12);
      expect(s.changeover).toBeGreaterThan(share * 0.9);
    }
    expect(a.lines.find((l) => l.line === 'L1')?.changeoverMinutes).toBe(0);
    // Both products are made, in about their planned shares of the time left.
    const [tracer, blank] = l3?.products ?? [];
    expect((tracer?.produced ?? 0) / 68 / ((blank?.produced ?? 0) / 95)).toBeCloseTo(0.6 / 0.4, 0);
  }, 30_000);
});
