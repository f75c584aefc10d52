// The genealogy module's boundary: lots and their numbers, consumption from
// feeders, the packaging hierarchy, trace, mass balance, recall, labels and
// EPCIS export.
export {
  type FeederLoad,
  genealogyWorkOrderHook,
  loadFeeder,
  loadsOf,
  unloadFeeder,
} from './feeders.js';
export {
  decide,
  decideLot,
  findLot,
  type GenealogyContext,
  LOT_DECISIONS,
  type Lot,
  type LotDecision,
  listLots,
  lockLot,
  lotNumbers,
  lotStatuses,
  receiveLot,
  reworkLot,
  reworkLotInTransaction,
} from './lots.js';
export { LOT_STATUSES, type LotStatus } from './model.js';
export {
  contentsOf,
  createHandlingUnits,
  type HandlingUnit,
  moveHandlingUnits,
  pack,
  shipHandlingUnits,
  unpack,
} from './packing.js';
export { findRecall, type Recall, type RecallReport, startRecall } from './recall.js';
export { genealogyRoutes } from './routes.js';
export { lotMassBalance, type Trace, traceContainer, traceLot } from './trace.js';
