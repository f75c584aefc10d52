// The benchmarks' synthetic plants must stay valid plant files as the schema
// and the cross-checks grow; otherwise the benchmarks would time the error path.

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readPlantText } from '../../src/modules/plant/index.js';
import {
  countEntities,
  generatePlant,
  LINES_PER_BLOCK,
  LOCATIONS_PER_BLOCK,
  MATERIALS_PER_BLOCK,
  STATIONS_PER_LINE,
} from './plant-generator.js';

describe('generatePlant', () => {
  it.each([1, 10])('makes a valid plant of %i block(s) of the stated size', (blocks) => {
    const document = generatePlant(blocks);
    const result = readPlantText(stringify(document));
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(document.lines).toHaveLength(LINES_PER_BLOCK * blocks);
    expect(document.lines.every((l) => l.stations.length === STATIONS_PER_LINE)).toBe(true);
    expect(document.materials).toHaveLength(MATERIALS_PER_BLOCK * blocks);
    expect(document.locations).toHaveLength(LOCATIONS_PER_BLOCK * blocks);
  });

  it('grows linearly, with a fixed part (site, areas, calendar) too small to matter', () => {
    const [one, two, ten] = [1, 2, 10].map((k) => countEntities(generatePlant(k))) as number[];
    const perBlock = two! - one!;
    expect(ten! - one!).toBe(9 * perBlock);
    expect(one! - perBlock).toBeLessThan(0.05 * perBlock);
  });
});
