// The maintenance module's boundary: the stations as maintainable assets,
// breakdown requests opened from the machine data by the breakdown watcher,
// preventive plans by calendar and by counter, spare parts through the stock
// ledger, and reliability figures — among them the measured failure
// behaviour the twin may calibrate from.
export { type Asset, listEquipment } from './equipment.js';
export {
  breakdownReasons,
  MAINTENANCE_KINDS,
  MAINTENANCE_STATES,
  type MaintenanceKind,
  type MaintenanceOrder,
  type MaintenanceState,
} from './model.js';
export { createPlan, generatePreventive, listPlans, type PlanInput } from './plans.js';
export {
  type Failure,
  type ReliabilityFigures,
  reliabilityFigures,
  repairMs,
} from './reliability.js';
export {
  type MeasuredFailureBehaviour,
  measuredFailureBehaviour,
  reliabilityReport,
} from './reliability-service.js';
export { maintenanceRoutes } from './routes.js';
export { sparePartShortages, sparePartStock } from './spare-parts.js';
export {
  pollBreakdowns,
  type RunningWatcher,
  startMaintenanceWatcher,
  WATCHER_ACTOR,
} from './watcher.js';
export {
  commandWorkOrder,
  getWorkOrder,
  listWorkOrders,
  type MaintenanceContext,
  openRequest,
} from './work-orders.js';
