// What a benchmark file exports: a named suite that emits its result lines.
import { readFileSync } from 'node:fs';
import { type PlantFile, readPlantText } from '../../src/modules/plant/index.js';
import type { BenchResult } from './measure.js';

export interface Suite {
  /** Dotted name; `npm run bench -- NAME` runs the suites whose name contains NAME. */
  name: string;
  run(emit: (result: BenchResult) => void): Promise<void>;
}

export const REFERENCE_PLANT_PATH = new URL('../../plants/reference.yaml', import.meta.url);

export function referencePlantText(): string {
  return readFileSync(REFERENCE_PLANT_PATH, 'utf8');
}

/** Reads and checks a plant text; a benchmark of an invalid plant would time the error path. */
export function checkedPlant(text: string): PlantFile {
  const result = readPlantText(text);
  if (!result.ok) {
    const issues = result.issues.map((i) => `${i.path}: ${i.message}`).join('\n  ');
    throw new Error(`the benchmark plant is not valid:\n  ${issues}`);
  }
  return result.plant;
}
