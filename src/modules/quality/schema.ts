// The quality module's tables (PostgreSQL schema `quality`).
//
// - inspections: an inspection lot — the plan fixed when it opened, its state
//   and verdict. results: what was recorded per characteristic (re-recording
//   while open replaces the row; the audit trail keeps every version).
// - switching_streams / switching_steps: the ISO 2859-1 switching state of
//   each stream (product or supplier material, and defect class) and every
//   lot that moved it, with the switches in plain words: the history.
// - dispositions: QA's signed decisions on lots, with the evidence as it
//   stood when signed.
// - nonconformances and the lots each concerns.
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { InspectionPlan, LineVerdict, ResultData } from './inspection.js';
import type { SwitchingState, SwitchingTransition } from './switching.js';

export const qualitySchema = pgSchema('quality');

export const inspectionNumbers = qualitySchema.sequence('inspection_numbers');
export const nonconformanceNumbers = qualitySchema.sequence('nonconformance_numbers');

export const inspections = qualitySchema.table(
  'inspections',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    lotId: uuid('lot_id').notNull(),
    lotNumber: text('lot_number').notNull(),
    material: text('material').notNull(),
    supplier: text('supplier'),
    scope: text('scope').notNull(),
    specification: text('specification').notNull(),
    plan: jsonb('plan').$type<InspectionPlan>().notNull(),
    /** open, accepted or rejected. */
    state: text('state').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedBy: text('opened_by').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: text('completed_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('inspections_lot_idx').on(t.lotId, t.openedAt),
    index('inspections_state_idx').on(t.state),
  ],
);

export const results = qualitySchema.table(
  'results',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id),
    characteristic: text('characteristic').notNull(),
    data: jsonb('data').$type<ResultData>().notNull(),
    verdict: jsonb('verdict').$type<LineVerdict>().notNull(),
    accepted: boolean('accepted').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.characteristic] })],
);

export const switchingStreams = qualitySchema.table('switching_streams', {
  stream: text('stream').primaryKey(),
  state: jsonb('state').$type<SwitchingState>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const switchingSteps = qualitySchema.table(
  'switching_steps',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    stream: text('stream').notNull(),
    inspectionId: uuid('inspection_id'),
    lotNumber: text('lot_number'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    accepted: boolean('accepted'),
    severityBefore: text('severity_before').notNull(),
    severityAfter: text('severity_after').notNull(),
    transition: jsonb('transition').$type<SwitchingTransition>(),
    /** Why the lot did not count, when it did not. */
    ignored: text('ignored'),
    actor: text('actor').notNull(),
  },
  (t) => [index('switching_steps_stream_idx').on(t.stream, t.seq)],
);

export const dispositions = qualitySchema.table(
  'dispositions',
  {
    id: uuid('id').primaryKey(),
    lotId: uuid('lot_id').notNull(),
    lotNumber: text('lot_number').notNull(),
    /** release, reject, hold or release_hold. */
    decision: text('decision').notNull(),
    basis: text('basis'),
    reason: text('reason'),
    signatureId: text('signature_id').notNull(),
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    by: text('by').notNull(),
  },
  (t) => [index('dispositions_lot_idx').on(t.lotId, t.at)],
);

export const nonconformances = qualitySchema.table(
  'nonconformances',
  {
    id: uuid('id').primaryKey(),
    number: text('number').notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** inspection, spc or manual. */
    source: text('source').notNull(),
    inspectionId: uuid('inspection_id'),
    /** open → investigating → decided → closed. */
    state: text('state').notNull(),
    investigation: text('investigation'),
    /** scrap, rework or use_as_is. */
    decision: text('decision'),
    decisionNote: text('decision_note'),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedBy: text('opened_by').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: text('decided_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedBy: text('closed_by'),
    signatureId: text('signature_id'),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('nonconformances_state_idx').on(t.state)],
);

export const nonconformanceLots = qualitySchema.table(
  'nonconformance_lots',
  {
    nonconformanceId: uuid('nonconformance_id')
      .notNull()
      .references(() => nonconformances.id),
    lotId: uuid('lot_id').notNull(),
    lotNumber: text('lot_number').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.nonconformanceId, t.lotId] }),
    index('nonconformance_lots_lot_idx').on(t.lotId),
  ],
);
