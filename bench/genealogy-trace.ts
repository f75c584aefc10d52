// Trace and recall on a large genealogy (issue 5, point 9): ten plant-years
// of a five-plant company (lib/genealogy-history.ts) on the PostgreSQL server,
// and the times of
//
// - a forward trace (`traceLot`) of random component lots, beside a naive
//   trace that asks the database one query per hop: the edges of each lot it
//   reaches, then each reached lot on its own;
// - a backward trace of random finished lots, beside the same naive walk the
//   other way;
// - a recall (`startRecall`) of component lots whose cartridges are partly
//   still in the plant, beside the forward trace of the same lot, the part of
//   the recall that reads.
//
// Timed on a warm server: the history was just written or read, as a live
// plant's recent genealogy is. Subject and baseline alternate lot by lot.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { VerifiedSigner } from '../src/core/audit/signatures.js';
import { type Database, openPostgresStore, type Store } from '../src/core/db/store.js';
import { startRecall, traceLot } from '../src/modules/genealogy/index.js';
import { edges, lots } from '../src/modules/genealogy/schema.js';
import {
  type GenealogyDatabase,
  openGenealogyHistory,
  postgresAnswers,
} from './lib/genealogy-history.js';
import { SERVICES } from './lib/ingest-stores.js';
import { result } from './lib/measure.js';
import type { Suite } from './lib/suite.js';

const SCALE = Number(process.env.LOTLINE_BENCH_GENEALOGY_SCALE ?? 1);
const KEEP = process.env.LOTLINE_BENCH_GENEALOGY_KEEP || undefined;
const TRACES = 240;
const WARMUP = 20;
const RECALLS = 25;
/** Lots whose trace is also walked naively and compared, lot for lot. */
const COMPARED = 10;
/** Issue 5: a full forward trace of a component lot in under 50 ms at the 99th percentile. */
const TRACE_TARGET_MS = 50;
/** Issue 5: a recall of a component lot in under a second. */
const RECALL_TARGET_MS = 1_000;

type Direction = 'forward' | 'backward';

const now = () => performance.now();

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('percentile of nothing');
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

const ms = (value: number) => Number(value.toFixed(2));

/** Least-squares slope of ys on xs: what each further unit of x costs. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  let num = 0;
  let den = 0;
  for (const [i, x] of xs.entries()) {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/**
 * The baseline: a walk that asks for the edges of one lot at a time, then
 * fetches each lot it reached, one query each — what a trace written without
 * a recursive query does.
 */
async function naiveTrace(db: Database, root: string, direction: Direction): Promise<Set<string>> {
  const [from, to] =
    direction === 'forward'
      ? [edges.parentLotId, edges.childLotId]
      : [edges.childLotId, edges.parentLotId];
  const reached = new Set([root]);
  let frontier = [root];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const row of await db.select({ lot: to }).from(edges).where(eq(from, id))) {
        if (!reached.has(row.lot)) {
          reached.add(row.lot);
          next.push(row.lot);
        }
      }
    }
    frontier = next;
  }
  for (const id of reached) await db.select().from(lots).where(eq(lots.id, id));
  return reached;
}

async function rows<T>(db: Database, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Lots drawn from `where`, the same ones on every run of the same history. */
async function sample(db: Database, where: ReturnType<typeof sql>, count: number) {
  const found = await rows<{ id: string }>(
    db,
    sql`select id from genealogy.lots where ${where} order by md5(id::text) limit ${count}`,
  );
  return found.map((r) => r.id);
}

interface Facts {
  database: string;
  databaseSize: string;
  scale: number;
  generationSeconds: number | null;
  lots: number;
  edges: number;
  containers: number;
  contents: number;
}

async function facts(store: Store, history: GenealogyDatabase): Promise<Facts> {
  const [row] = await rows<Record<string, string>>(
    store.db,
    sql`select pg_size_pretty(pg_database_size(current_database())) as size,
               (select count(*) from genealogy.lots) as lots,
               (select count(*) from genealogy.edges) as edges,
               (select count(*) from genealogy.handling_units) as containers,
               (select count(*) from genealogy.contents) as contents`,
  );
  return {
    database: history.name,
    databaseSize: row?.size ?? '',
    scale: SCALE,
    generationSeconds:
      history.generationSeconds === undefined ? null : Math.round(history.generationSeconds),
    lots: Number(row?.lots),
    edges: Number(row?.edges),
    containers: Number(row?.containers),
    contents: Number(row?.contents),
  };
}

async function measureTraces(
  db: Database,
  direction: Direction,
  ids: readonly string[],
): Promise<{ subject: number[]; naive: number[]; reached: number[] }> {
  const warm = ids.slice(0, WARMUP);
  for (const id of warm) {
    await traceLot(db, id, direction);
    await naiveTrace(db, id, direction);
  }
  const subject: number[] = [];
  const naive: number[] = [];
  const reached: number[] = [];
  for (const [i, id] of ids.slice(WARMUP).entries()) {
    // Alternate which side goes first, so neither always finds the other's pages in cache.
    const order = i % 2 === 0 ? (['subject', 'naive'] as const) : (['naive', 'subject'] as const);
    let traced: string[] = [];
    let walked = new Set<string>();
    for (const side of order) {
      const start = now();
      if (side === 'subject') {
        traced = (await traceLot(db, id, direction)).lots.map((l) => l.id);
        subject.push(now() - start);
      } else {
        walked = await naiveTrace(db, id, direction);
        naive.push(now() - start);
      }
    }
    reached.push(traced.length);
    if (i < COMPARED) {
      const same = traced.length === walked.size && traced.every((t) => walked.has(t));
      if (!same) {
        throw new Error(
          `genealogy.trace: the ${direction} trace of lot ${id} reached ${traced.length} lots, ` +
            `the naive walk ${walked.size}`,
        );
      }
    }
  }
  return { subject, naive, reached };
}

function traceResult(
  direction: Direction,
  measured: { subject: number[]; naive: number[]; reached: number[] },
  database: Facts,
  what: string,
) {
  const { subject, naive, reached } = measured;
  return result({
    bench: `genealogy.trace.${direction}`,
    unit: 'ms (p99)',
    value: percentile(subject, 0.99),
    baseline: `naive ${direction} walk, one query per lot for its edges and one per reached lot`,
    baselineValue: percentile(naive, 0.99),
    target: { on: 'value', max: TRACE_TARGET_MS },
    detail: {
      subject: `traceLot(${direction}) of ${subject.length} random ${what}`,
      p50: ms(percentile(subject, 0.5)),
      p99: ms(percentile(subject, 0.99)),
      max: ms(Math.max(...subject)),
      baselineP50: ms(percentile(naive, 0.5)),
      lotsReached: { p50: percentile(reached, 0.5), max: Math.max(...reached) },
      // What a trace costs per further lot it reaches: the headroom to the target.
      msPerLotReached: Number(slope(reached, subject).toPrecision(3)),
      database,
    },
  });
}

export const suite: Suite = {
  name: 'genealogy.trace',
  async run(emit) {
    const adminUrl = SERVICES.databaseUrl;
    if (!(await postgresAnswers(adminUrl))) {
      console.error(`bench: genealogy.trace skipped: no PostgreSQL at ${adminUrl}`);
      return;
    }
    if (!(SCALE > 0))
      throw new Error(`LOTLINE_BENCH_GENEALOGY_SCALE must be positive, got ${SCALE}`);
    const history = await openGenealogyHistory(adminUrl, {
      scale: SCALE,
      keep: KEEP,
      log: (line) => console.error(`bench: ${line}`),
    });
    let store: Store | undefined;
    try {
      store = await openPostgresStore(history.url, 8);
      const db = store.db;
      const database = await facts(store, history);
      console.error(`bench: genealogy.trace on ${JSON.stringify(database)}`);

      const components = await sample(db, sql`material not like 'CTG-%'`, TRACES + WARMUP);
      const forward = await measureTraces(db, 'forward', components);
      emit(traceResult('forward', forward, database, 'component lots (supplier lots and blends)'));

      const finished = await sample(db, sql`material like 'CTG-%'`, TRACES + WARMUP);
      const backward = await measureTraces(db, 'backward', finished);
      // The issue sets no backward target; a backward trace answers the same
      // interactive question (open a lot, see its genealogy), so it gets the same 50 ms.
      emit(traceResult('backward', backward, database, 'finished lots (rework lots among them)'));

      // Recalls of component lots from the last weeks of the history, whose
      // cartridges are partly still in the plant; each must hold some lot.
      const candidates = await sample(
        db,
        sql`material not like 'CTG-%' and status in ('released', 'consumed')
            and created_at > (select max(created_at) from genealogy.lots) - interval '45 days'`,
        RECALLS * 40,
      );
      const context = { db, clock: () => new Date() };
      const signer: VerifiedSigner = {
        userId: randomUUID(),
        username: 'bench-qa',
        displayName: 'Benchmark QA manager',
        meaning: 'approved',
        reason: 'benchmark recall',
      };
      const recallMs: number[] = [];
      const traceMs: number[] = [];
      const held: number[] = [];
      const affected: number[] = [];
      for (const id of candidates) {
        if (recallMs.length >= RECALLS) break;
        const start = now();
        const trace = await traceLot(db, id, 'forward');
        const traced = now() - start;
        if (!trace.lots.some((l) => l.status === 'quarantine' || l.status === 'released')) continue;
        const recallStart = now();
        const recall = await startRecall(
          context,
          { lot: id, reason: 'benchmark: suspect component lot' },
          signer,
        );
        recallMs.push(now() - recallStart);
        traceMs.push(traced);
        if (recall.report.totals.heldLots === 0) {
          throw new Error(`genealogy.recall: the recall of lot ${id} held nothing`);
        }
        held.push(recall.report.totals.heldLots);
        affected.push(recall.report.lots.length);
      }
      if (recallMs.length < RECALLS) {
        throw new Error(
          `genealogy.recall: only ${recallMs.length} of ${candidates.length} candidate lots had stock to hold`,
        );
      }
      emit(
        result({
          bench: 'genealogy.recall',
          unit: 'ms (p99)',
          value: percentile(recallMs, 0.99),
          baseline: 'traceLot(forward) of the same lot, the read part of the recall',
          baselineValue: percentile(traceMs, 0.99),
          target: { on: 'value', max: RECALL_TARGET_MS },
          detail: {
            subject: `startRecall of ${recallMs.length} component lots, each in its own transaction`,
            p50: ms(percentile(recallMs, 0.5)),
            p99: ms(percentile(recallMs, 0.99)),
            max: ms(Math.max(...recallMs)),
            baselineP50: ms(percentile(traceMs, 0.5)),
            lotsAffected: { p50: percentile(affected, 0.5), max: Math.max(...affected) },
            lotsHeld: { p50: percentile(held, 0.5), max: Math.max(...held) },
            // Each held lot is locked, updated, given a lot event and an audit entry, one
            // statement at a time: the recall's time grows by this much per lot it holds.
            msPerHeldLot: ms(slope(held, recallMs)),
            database,
          },
        }),
      );
    } finally {
      await store?.close();
      await history.close();
    }
  },
};
