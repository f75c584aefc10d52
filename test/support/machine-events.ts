// Machine data for tests, as ingest stores it: one telemetry.machine_events
// row per metric value of a line's station, each with its own message key.
import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../../src/core/db/store.js';
import { deadLetters, machineEvents } from '../../src/modules/telemetry/index.js';

type MachineEventRow = typeof machineEvents.$inferInsert;

/**
 * A row maker for one line: `row(at, station, metric, value, birth?)`. Keys
 * are `${prefix}-1`, `${prefix}-2`, … so test files never collide.
 */
export function machineEventRows(prefix: string, line = 'L1', group = 'PLT-01') {
  let key = 0;
  return (
    at: Date,
    device: string,
    metric: string,
    value: number | string,
    birth = false,
  ): MachineEventRow => {
    key += 1;
    return {
      receivedAt: at,
      messageKey: `${prefix}-${key}`,
      metricIndex: 0,
      messageType: birth ? 'DBIRTH' : 'DDATA',
      groupId: group,
      node: line,
      device,
      metric,
      datatype: typeof value === 'number' ? 'UInt64' : 'String',
      ...(typeof value === 'number' ? { valueNumber: value } : { valueText: value }),
      birth,
      metricAt: at,
    };
  };
}

/**
 * Of the messages a broker carried (their keys), which the ingest stored as
 * machine events of `group` and which it dead-lettered: what the crash and
 * scale-out tests hold against "every message once, as one or the other".
 */
export async function storedAndDeadLettered(
  db: Database,
  group: string,
  keys: readonly string[],
): Promise<{ stored: Set<string>; dead: Set<string> }> {
  const stored = new Set(
    (
      await db
        .selectDistinct({ key: machineEvents.messageKey })
        .from(machineEvents)
        .where(eq(machineEvents.groupId, group))
    ).map((r) => r.key),
  );
  const dead = new Set(
    keys.length === 0
      ? []
      : (
          await db
            .select({ key: deadLetters.messageKey })
            .from(deadLetters)
            .where(inArray(deadLetters.messageKey, [...keys]))
        ).map((r) => r.key),
  );
  return { stored, dead };
}

/**
 * A line's packer (its output station) counting `good` units now: its birth
 * at zero, then one report 100 ms later. What the browser tests insert before
 * completing a work order, so that the order's output lot has a quantity.
 */
export function packerCountRows(prefix: string, good: number, line = 'L1'): MachineEventRow[] {
  const row = machineEventRows(prefix, line);
  const now = Date.now();
  return [
    row(new Date(now), 'PK', 'Counts/Good', 0, true),
    row(new Date(now + 100), 'PK', 'Counts/Good', good),
  ];
}
