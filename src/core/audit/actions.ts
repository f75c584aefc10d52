// Every action the server writes to the audit trail, in one list. An entry
// keeps its action as this code — auditors search by it — and the web app
// shows a description of it in the reader's language beside it
// (`audit:actions.<code>`; actions.test.ts holds the locale files to this
// list). `recordAudit` takes only these codes, so a new action is added here
// first, where its description is then asked for.
//
// A code is dot-separated words ("area.thing.happened"); no code is the
// beginning of another ("lot" and "lot.held" could not both have a
// description in the nested locale files).

export const AUDIT_ACTIONS = [
  // Signing in and users (core/auth)
  'auth.signed_in',
  'auth.signed_out',
  'auth.failed',
  'auth.locked',
  'user.created',
  'user.updated',
  'user.password_changed',
  'user.password_reset',
  'token.created',
  'token.revoked',
  // Electronic signatures (core/audit/signatures.ts), the store's backup
  'signature.signed',
  'store.backup',
  // The plant's configuration (modules/plant)
  'plant.changed',
  // Lots and genealogy (modules/genealogy)
  'lot.received',
  'lot.released',
  'lot.rejected',
  'lot.held',
  'lot.hold_released',
  'lot.reworked',
  'feeder.loaded',
  'feeder.unloaded',
  'handling_unit.created',
  'handling_unit.packed',
  'handling_unit.unpacked',
  'handling_unit.moved',
  'shipment.dispatched',
  'recall.started',
  // Quality (modules/quality): inspections, QA's signed dispositions, nonconformances
  'inspection.opened',
  'inspection.result_recorded',
  'inspection.accepted',
  'inspection.rejected',
  'inspection.stream_resumed',
  'lot.disposition.release',
  'lot.disposition.reject',
  'lot.disposition.hold',
  'lot.disposition.release_hold',
  'nonconformance.opened',
  'nonconformance.investigated',
  'nonconformance.decided',
  'nonconformance.closed',
  // Production work orders (modules/production): planned, then one per command
  'work_order.planned',
  'work_order.release',
  'work_order.start',
  'work_order.pause',
  'work_order.resume',
  'work_order.hold',
  'work_order.unhold',
  'work_order.recordScrap',
  'work_order.complete',
  'work_order.close',
  'work_order.cancel',
  // Planning (modules/planning) and the digital twin (modules/twin)
  'planning.plan.made',
  'planning.proposals.firmed',
  'planning.outage.recorded',
  'planning.outage.cleared',
  'planning.forecast_set',
  'planning.purchase_order_added',
  'twin.run.made',
  // Shipping (modules/shipping) and storage (modules/storage)
  'shipping.order.created',
  'shipping.order.allocated',
  'shipping.order.deallocated',
  'shipping.order.picked',
  'shipping.order.cancelled',
  'shipping.order.dispatched',
  'storage.counted',
  // Maintenance (modules/maintenance)
  'maintenance.request.opened',
  'maintenance.request.linked_to_breakdown',
  'maintenance.work_order.generated',
  'maintenance.work_order.taken',
  'maintenance.work_order.worked',
  'maintenance.work_order.closed',
  'maintenance.work_order.cancelled',
  'maintenance.part.reserved',
  'maintenance.part.issued',
  'maintenance.plan.created',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

export const isAuditAction = (value: string): value is AuditAction => ACTIONS.has(value);
