// Runs the plant model: each line segment (a line making one product for its
// share of the year's working minutes) in its own simulation, and the year's
// figures per line and product. One replication; scenarios run several with
// different seeds.
import { Simulation } from './engine.js';
import type { PlantModel } from './plant-model.js';
import { type LineStatistics, SerialLines } from './serial-line.js';

export interface SegmentResult {
  readonly line: string;
  readonly product: string;
  readonly minutes: number;
  /** Good cartridges. */
  readonly produced: number;
  readonly rejected: number;
  readonly events: number;
  readonly stations: LineStatistics['stations'];
}

export interface ReplicationResult {
  readonly seed: number | string;
  readonly segments: readonly SegmentResult[];
  readonly produced: number;
  readonly events: number;
}

export function runReplication(model: PlantModel, seed: number | string): ReplicationResult {
  const segments = model.segments.map((segment): SegmentResult => {
    const simulation = new Simulation();
    const lines = new SerialLines(
      simulation,
      [segment.spec],
      `${seed}/${segment.line}/${segment.product}`,
    );
    const { events } = simulation.run(lines, segment.minutes);
    const [stats] = lines.statistics();
    if (!stats) throw new Error('no statistics');
    return {
      line: segment.line,
      product: segment.product,
      minutes: segment.minutes,
      produced: stats.produced * segment.unit,
      rejected: stats.rejected * segment.unit,
      events,
      stations: stats.stations,
    };
  });
  return {
    seed,
    segments,
    produced: segments.reduce((sum, s) => sum + s.produced, 0),
    events: segments.reduce((sum, s) => sum + s.events, 0),
  };
}
