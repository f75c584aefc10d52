// Runs the plant model: each line's year in its own simulation (lines share
// nothing but the plant file: each has its own working clock, campaigns and
// component stock), and the year's figures per line and product. One
// replication; scenarios run several with different seeds.
import { type LineYearResult, runLineYear } from './line-year.js';
import type { PlantModel } from './plant-model.js';

export type LineResult = LineYearResult;

export interface ReplicationResult {
  readonly seed: number | string;
  readonly lines: readonly LineResult[];
  /** Good cartridges, all lines. */
  readonly produced: number;
  readonly events: number;
}

export function runReplication(model: PlantModel, seed: number | string): ReplicationResult {
  const lines = model.lines.map((line) => runLineYear(line, `${seed}/${line.line}`));
  return {
    seed,
    lines,
    produced: lines.reduce((sum, l) => sum + l.produced, 0),
    events: lines.reduce((sum, l) => sum + l.events, 0),
  };
}
