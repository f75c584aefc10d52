// The plant module's boundary: what other modules, the CLI and the app may use.
export type { LineCapacity, PlantCapacity } from './capacity.js';
export { plantCapacity } from './capacity.js';
export { loadPlantFile, readPlantFile } from './load-file.js';
export type {
  Line,
  Location as StorageLocation,
  Material,
  PlantFile,
  PlantFileInput,
  PlantIssue,
  Specification,
} from './model.js';
export { RANGE_STATISTICS } from './model.js';
export { formatIssue, type LocatedIssue, plantToYaml, readPlantText } from './plant-file.js';
export { plantRoutes } from './routes.js';
export {
  type ChangeResult,
  type CurrentPlant,
  currentPlant,
  findCurrentPlant,
  keepPlantHead,
  listRevisions,
  loadPlant,
  type PlantRevision,
} from './service.js';
export { localDate, type ProductionWindow, ShiftCalendar, zonedEpoch } from './shift-calendar.js';
export { validatePlant } from './validate.js';
