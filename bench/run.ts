// Runs the benchmarks: `npm run bench` runs all, `npm run bench -- plant api`
// the suites whose name contains any of the words. Each result is one JSON
// line on stdout (progress goes to stderr); the exit code is non-zero when any
// result misses its target or a suite fails.
import { suite as apiRead } from './api-read.js';
import { suite as genealogyTrace } from './genealogy-trace.js';
import { suite as ingest } from './ingest.js';
import { suite as ingestRead } from './ingest-read.js';
import type { BenchResult } from './lib/measure.js';
import type { Suite } from './lib/suite.js';
import { suite as liveLatency } from './live-latency.js';
import { suite as load } from './load.js';
import { suite as planningYear } from './planning-year.js';
import { suite as plantCapacity } from './plant-capacity.js';
import { suite as plantLoad } from './plant-load.js';
import { suite as plantRead } from './plant-read.js';
import { suite as schedulingRm } from './scheduling-rm.js';
import { suite as twinLines } from './twin-lines.js';

const SUITES: Suite[] = [
  plantRead,
  plantCapacity,
  plantLoad,
  apiRead,
  ingest,
  ingestRead,
  liveLatency,
  load,
  genealogyTrace,
  schedulingRm,
  planningYear,
  twinLines,
];

async function main(): Promise<number> {
  const filters = process.argv.slice(2).filter((a) => a !== '--');
  // A word that names a suite exactly selects that suite alone (`load` is not `plant.load`).
  const selected = SUITES.filter(
    (s) =>
      filters.length === 0 ||
      filters.some((f) => (SUITES.some((x) => x.name === f) ? s.name === f : s.name.includes(f))),
  );
  if (selected.length === 0) {
    console.error(
      `bench: no suite matches ${filters.join(' ')}; suites: ${SUITES.map((s) => s.name).join(', ')}`,
    );
    return 2;
  }
  const results: BenchResult[] = [];
  const broken: string[] = [];
  const started = performance.now();
  for (const suite of selected) {
    const start = performance.now();
    console.error(`bench: ${suite.name} …`);
    try {
      await suite.run((r) => {
        results.push(r);
        process.stdout.write(`${JSON.stringify(r)}\n`);
      });
    } catch (error) {
      broken.push(suite.name);
      console.error(`bench: ${suite.name} failed:`, error);
    }
    console.error(`bench: ${suite.name} took ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  const missed = results.filter((r) => !r.ok);
  console.error(
    `bench: ${results.length - missed.length} of ${results.length} on target` +
      (missed.length ? `; missed: ${missed.map((r) => r.bench).join(', ')}` : '') +
      (broken.length ? `; suites that failed: ${broken.join(', ')}` : '') +
      ` (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  return missed.length > 0 || broken.length > 0 ? 1 : 0;
}

// Exit explicitly: a store or server left open must not keep the run alive.
process.exit(await main());
