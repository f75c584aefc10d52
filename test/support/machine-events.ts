// Machine data for tests, as ingest stores it: one telemetry.machine_events
// row per metric value of a line's station, each with its own message key.
import type { machineEvents } from '../../src/modules/telemetry/index.js';

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
