// The planning module's boundary: coverage (days of supply), demand and the
// master production schedule, material requirements, the line plan and the
// benchmark-format scheduler.
export type { ComponentCoverage, ProductCoverage } from './coverage.js';
export { type Coverage, coverage, usableStock } from './coverage-service.js';
export { type Forecast, listForecasts, setForecast } from './forecasts.js';
export { masterSchedule, replan } from './plan-service.js';
export {
  clearOutageIn,
  latestPlan,
  type Outage,
  type OutageRecord,
  type OutageSource,
  type Plan,
  recordOutage,
} from './plan-store.js';
export { type PurchaseOrder, purchaseOrdersDue } from './purchase-orders.js';
export { evaluate, formatRmSolution, parseRmInstance, type RmInstance } from './rm-instance.js';
export { planningRoutes } from './routes.js';
export { scheduleRoutes } from './schedule-routes.js';
export { constructSchedule, solveSchedule } from './scheduler.js';
