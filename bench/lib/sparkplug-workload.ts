// Machine data for the ingest benchmark: the reference plant's lines, run by
// the line simulator from the start of a production day, as the Sparkplug B
// messages their edge nodes would publish (births, then data), encoded ahead
// of time so the benchmark times the ingest, not the simulation.
import type { PlantFile } from '../../src/modules/plant/index.js';
import { EdgeNodeMessages } from '../../src/modules/telemetry/edge-messages.js';
import { LineSimulator } from '../../src/modules/telemetry/simulator/line-model.js';
import { encodePayload, formatTopic } from '../../src/modules/telemetry/sparkplug.js';

export interface WireMessage {
  topic: string;
  payload: Buffer;
  metrics: number;
  /** Simulated time the message describes, ms. */
  at: number;
}

export interface Workload {
  messages: WireMessage[];
  metrics: number;
  /** Simulated time covered, ms. */
  spanMs: number;
}

/**
 * At least `minMetrics` metrics of every line of the plant, in simulated time
 * order across lines (each line's messages in its own order, as seq needs).
 */
export function plantWorkload(
  plant: PlantFile,
  group: string,
  start: number,
  minMetrics: number,
  stepMs = 1_000,
): Workload {
  const lines = plant.lines.map((line) => {
    const simulator = new LineSimulator({
      plant,
      line: line.code,
      seed: `bench:${line.code}`,
      start,
    });
    return { simulator, edge: new EdgeNodeMessages(group, line.code) };
  });
  const messages: WireMessage[] = [];
  let metrics = 0;
  const add = (list: ReturnType<EdgeNodeMessages['data']>, at: number) => {
    for (const m of list) {
      messages.push({
        topic: formatTopic(m.topic),
        payload: Buffer.from(encodePayload(m.payload)),
        metrics: m.payload.metrics.length,
        at,
      });
      metrics += m.payload.metrics.length;
    }
  };
  for (const { simulator, edge } of lines) add(edge.births(simulator.snapshot(), 0), start);
  let t = start;
  while (metrics < minMetrics) {
    t += stepMs;
    for (const { simulator, edge } of lines) add(edge.data(simulator.advanceTo(t)), t);
  }
  return { messages, metrics, spanMs: t - start };
}
