// Runs the line simulator against the wall clock and publishes what it does
// as Sparkplug B through the broker, one edge node per line: the demo plant's
// machines. The model is pure; this is the only place it meets time and MQTT.
import type { PlantFile } from '../../plant/index.js';
import { connectEdgeNode, type EdgeNode } from '../publisher.js';
import { LineSimulator } from './line-model.js';

export interface SimulatedPlant {
  readonly lines: readonly string[];
  stop(): Promise<void>;
}

export interface RunSimulatorOptions {
  plant: PlantFile;
  mqttUrl: string;
  group: string;
  /** How often the model catches up with the clock and publishes (ms). */
  tickMs?: number;
  /** Seed of the random streams; the same seed replays the same plant. */
  seed?: string;
  now?: () => number;
  onError?: (error: Error) => void;
}

export async function runSimulatedPlant(options: RunSimulatorOptions): Promise<SimulatedPlant> {
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? 1_000;
  const start = now();
  const nodes: { simulator: LineSimulator; edge: EdgeNode }[] = [];
  try {
    for (const line of options.plant.lines) {
      const simulator = new LineSimulator({
        plant: options.plant,
        line: line.code,
        seed: `${options.seed ?? 'lotline'}:${line.code}`,
        start,
      });
      const edge = await connectEdgeNode({
        url: options.mqttUrl,
        group: options.group,
        node: line.code,
        snapshot: () => simulator.snapshot(),
        now,
        ...(options.onError ? { onError: options.onError } : {}),
      });
      nodes.push({ simulator, edge });
    }
  } catch (error) {
    await Promise.allSettled(nodes.map((n) => n.edge.close()));
    throw error;
  }

  let busy = false;
  const timer = setInterval(() => {
    // A slow broker must not pile up ticks: skip one while the last publishes.
    if (busy) return;
    busy = true;
    const until = now();
    Promise.all(nodes.map(({ simulator, edge }) => edge.publish(simulator.advanceTo(until))))
      .catch((error: unknown) => options.onError?.(error as Error))
      .finally(() => {
        busy = false;
      });
  }, tickMs);
  timer.unref();

  return {
    lines: nodes.map((n) => n.simulator.line.code),
    stop: async () => {
      clearInterval(timer);
      await Promise.allSettled(nodes.map((n) => n.edge.close()));
    },
  };
}
