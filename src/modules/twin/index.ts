// The twin module's boundary: scenarios of the plant simulated from its master
// data, and their reports.

export {
  behaviourFromCalibration,
  MAINTENANCE_BREAKDOWNS,
  type MeasuredBehaviour,
  withRecordedBreakdowns,
} from './calibrated-assumptions.js';
export { calibrateStations, MAX_CALIBRATION_DAYS, type StationCalibration } from './calibration.js';
export { measuredBehaviour } from './measured-behaviour.js';
export type { ScenarioReport } from './report.js';
export { twinRoutes } from './routes.js';
export { MAX_REPLICATIONS, runScenario } from './run-scenario.js';
export type { TwinRun } from './runs.js';
export {
  buildScenario,
  SCENARIO_DESCRIPTIONS,
  SCENARIOS,
  type ScenarioInput,
  type ScenarioName,
} from './scenario.js';
