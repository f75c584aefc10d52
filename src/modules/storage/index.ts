// The storage module's boundary. So far the stock ledger that the genealogy
// module posts to (receipts, line-side issue, consumption, production output,
// shipments, scrap, count adjustments) and the balances derived from it; the
// explosives-safety interlocks and the shipping documents come with issue 7.

export { type CountInput, type CountResult, recordCount } from './counts.js';
export {
  formatKg,
  movementInterlock,
  type NeqByDivision,
  neqByLocation,
  neqOf,
  type Refusal as InterlockRefusal,
  type StockLine,
} from './hazard.js';
export {
  type BalanceRow,
  balancesOf,
  consumedSince,
  knownLocations,
  type Movement,
  type MovementTotals,
  movementsOf,
  movementTotals,
  moveStock,
  recordMovement,
  type ShippedRow,
  shipmentsOf,
  stockByLot,
  stockLines,
} from './ledger.js';
export {
  isLineSide,
  lineSideLocation,
  MOVEMENT_KINDS,
  type MovementInput,
  type MovementKind,
  movementProblem,
} from './model.js';
export {
  capacityNeq,
  type QdReport,
  qdFactors,
  quantityDistanceReport,
} from './quantity-distance.js';
export { type LotDirectory, storageRoutes } from './routes.js';
