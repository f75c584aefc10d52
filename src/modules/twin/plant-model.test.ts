// The twin built from the reference plant: under the rating's assumptions it
// makes the rated capacity (70.3 million in 2027, as `lotline plant show`
// says); with losses it makes less, and the line that stops most is where the
// time goes.
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
    // Each segment starts with empty stations: the first tray takes the line's fill time, a few hundred cartridges.
    expect(Math.abs(run.produced - rated.ratedPerYear) / rated.ratedPerYear).toBeLessThan(0.0002);
    for (const line of rated.lines) {
      const made = run.segments
        .filter((s) => s.line === line.line)
        .reduce((sum, s) => sum + s.produced, 0);
      expect(Math.abs(made - line.ratedPerYear) / line.ratedPerYear).toBeLessThan(0.0002);
    }
  });

  it('makes less with stops, rejects and changeovers, reproducibly for a seed', () => {
    const lossy: Assumptions = {
      name: 'test losses',
      unit: 100,
      bufferCartridges: 2000,
      campaignsPerYear: 26,
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
    // The tracer-and-blank lines lose 26 × (240 + 300) minutes a year to changeovers.
    expect(model.lines.find((l) => l.line === 'L3')?.changeoverMinutes).toBe(26 * 540);
    // Charging stops four times as often: it is down the most on every segment.
    for (const segment of a.segments) {
      const down = segment.stations.map((s) => s.down);
      const charging = segment.stations.findIndex((s) => s.name === 'CH');
      expect(down.indexOf(Math.max(...down))).toBe(charging);
    }
  });
});
