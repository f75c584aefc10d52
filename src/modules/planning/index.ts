// The planning module's boundary. So far: coverage (days of supply); demand,
// material requirements and the scheduler come with issue 8.
export type { ComponentCoverage, ProductCoverage } from './coverage.js';
export { type Coverage, coverage } from './coverage-service.js';
export { type Forecast, listForecasts, setForecast } from './forecasts.js';
export { evaluate, formatRmSolution, parseRmInstance, type RmInstance } from './rm-instance.js';
export { planningRoutes } from './routes.js';
export { constructSchedule, solveSchedule } from './scheduler.js';
