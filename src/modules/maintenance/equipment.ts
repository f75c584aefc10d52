// The plant's stations as maintainable assets: what machine each is (the
// plant file's equipment data), what the breakdown watcher last saw of it,
// its open work, its history and its reliability.
import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../core/db/store.js';
import type { PlantFile } from '../plant/index.js';
import { watchKey } from './breakdown-detection.js';
import type { ReliabilityFigures, Span, WeekFigures } from './reliability.js';
import { stationReliability } from './reliability-service.js';
import { breakdowns, stationWatch, workOrders } from './schema.js';
import { assetOf, listWorkOrders, type WorkOrderView } from './work-orders.js';

export interface StationCounts {
  good: number;
  reject: number;
  state: string | null;
  reason: string;
  /** When the breakdown it is in began (ms); null when in service. */
  inBreakdownSince: number | null;
}

/** Each station's counters and state as the breakdown watcher last saw them. */
export async function stationCounts(
  db: Database,
  group: string,
): Promise<Map<string, StationCounts>> {
  const rows = await db.select().from(stationWatch).where(eq(stationWatch.groupId, group));
  return new Map(
    rows.map((r) => [
      watchKey(r.line, r.station),
      {
        good: r.good,
        reject: r.reject,
        state: r.state,
        reason: r.reason,
        inBreakdownSince: r.openDownAt?.getTime() ?? null,
      },
    ]),
  );
}

/** Open work orders (requests and preventive) by station. */
async function openOrderCounts(db: Database): Promise<Map<string, number>> {
  const rows = await db
    .select({ line: workOrders.line, station: workOrders.station, n: sql<number>`count(*)::int` })
    .from(workOrders)
    .where(and(inArray(workOrders.state, ['open', 'in_progress']), isNotNull(workOrders.station)))
    .groupBy(workOrders.line, workOrders.station);
  return new Map(rows.map((r) => [watchKey(r.line, r.station ?? ''), Number(r.n)]));
}

export interface Asset {
  line: string;
  station: string;
  name: string;
  kind: string;
  make: string | null;
  model: string | null;
  serial: string | null;
  criticality: 'A' | 'B' | 'C' | null;
  /** What the machine data last said, through the watcher; null before it saw the station. */
  state: string | null;
  /** When the breakdown the station is in began, ISO; null when in service. */
  inBreakdownSince: string | null;
  openWorkOrders: number;
  /** Units the station counted since the watcher first saw it. */
  counts: { cartridges: number; cycles: number };
}

export async function listEquipment(
  db: Database,
  plant: PlantFile,
  group: string,
  filter: { line?: string } = {},
): Promise<Asset[]> {
  const counts = await stationCounts(db, group);
  const open = await openOrderCounts(db);
  return plant.lines
    .filter((l) => !filter.line || l.code === filter.line)
    .flatMap((line) =>
      line.stations.map((station) => {
        const key = watchKey(line.code, station.code);
        const seen = counts.get(key);
        return {
          line: line.code,
          station: station.code,
          name: station.name,
          kind: station.kind,
          make: station.equipment?.make ?? null,
          model: station.equipment?.model ?? null,
          serial: station.equipment?.serial ?? null,
          criticality: station.equipment?.criticality ?? null,
          state: seen?.state ?? null,
          inBreakdownSince:
            seen?.inBreakdownSince != null ? new Date(seen.inBreakdownSince).toISOString() : null,
          openWorkOrders: open.get(key) ?? 0,
          counts: {
            cartridges: seen?.good ?? 0,
            cycles: (seen?.good ?? 0) + (seen?.reject ?? 0),
          },
        };
      }),
    );
}

export interface AssetHistory {
  asset: Asset;
  window: { from: string; to: string };
  reliability: ReliabilityFigures;
  trend: WeekFigures[];
  workOrders: WorkOrderView[];
  breakdowns: {
    reason: string;
    downAt: string;
    upAt: string | null;
    request: string | null;
  }[];
}

const HISTORY_LIMIT = 200;

/** One asset with its history (work orders, breakdowns, newest first) and its reliability over the window. */
export async function assetHistory(
  db: Database,
  plant: PlantFile,
  group: string,
  line: string,
  station: string,
  window: Span,
  now: Date,
): Promise<AssetHistory> {
  assetOf(plant, line, station);
  const asset = (await listEquipment(db, plant, group, { line })).find(
    (a) => a.station === station,
  );
  if (!asset) throw new Error(`no asset ${line}/${station}`); // assetOf checked it
  const orders = await listWorkOrders(db, { line, station, limit: HISTORY_LIMIT }, plant, now);
  const stops = await db
    .select({
      reason: breakdowns.reason,
      downAt: breakdowns.downAt,
      upAt: breakdowns.upAt,
      request: workOrders.number,
    })
    .from(breakdowns)
    .leftJoin(workOrders, eq(workOrders.id, breakdowns.workOrderId))
    .where(
      and(
        eq(breakdowns.groupId, group),
        eq(breakdowns.line, line),
        eq(breakdowns.station, station),
      ),
    )
    .orderBy(desc(breakdowns.downAt))
    .limit(HISTORY_LIMIT);
  const { figures, trend } = await stationReliability(db, plant, line, station, window);
  return {
    asset,
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    reliability: figures,
    trend,
    workOrders: orders,
    breakdowns: stops.map((s) => ({
      reason: s.reason,
      downAt: s.downAt.toISOString(),
      upAt: s.upAt?.toISOString() ?? null,
      request: s.request,
    })),
  };
}
