// Pure types and rules of line execution shared by work orders and KPIs: the
// refusal value every command and computation returns, the states a line
// reports, and the plant's reason tables as execution looks them up. No I/O.
import { type ErrorMessage, type ErrorParams, errorMessage } from '../../core/errors.js';
import type { PlantFile } from '../plant/index.js';

/**
 * An expected refusal, returned as a value: a stable code for clients, a
 * sentence for people, and the values the sentence names (for a client that
 * words it in its own language).
 */
export interface Refusal {
  code: string;
  message: string;
  params?: ErrorParams;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Refusal };

/** A refusal stated as errors are (errorMessage: code, English template, params). */
export const refuse = (reason: ErrorMessage): { ok: false; error: Refusal } => ({
  ok: false,
  error: { code: reason.code, message: reason.text, params: reason.params },
});

/** Milliseconds since the Unix epoch: instants are numbers so time arithmetic stays exact. */
export type EpochMs = number;

/** A half-open span of time [from, to). */
export interface TimeWindow {
  from: EpochMs;
  to: EpochMs;
}

// What a work unit (a line) is doing, as machine data reports it. Each state
// maps to one element of the ISO 22400-2 time model (see time-model.ts).
export const LINE_STATES = [
  'running',
  'idle',
  'starved',
  'blocked',
  'down',
  'setup',
  'planned_stop',
  'off_shift',
] as const;
export type LineState = (typeof LINE_STATES)[number];

declare const workOrderIdBrand: unique symbol;
/** A work order's identity; branded so it cannot be swapped with another id. */
export type WorkOrderId = string & { readonly [workOrderIdBrand]: true };
export const workOrderId = (id: string) => id as WorkOrderId;

type DowntimeReasonNode = PlantFile['downtimeReasons'][number];
export type ScrapReasonEntry = PlantFile['scrapReasons'][number];

/** One reason of the plant's downtime tree with where it sits. */
export interface DowntimeReasonEntry {
  code: string;
  name: string;
  category: DowntimeReasonNode['category'];
  /** Codes of the groups above it, outermost first. */
  ancestors: readonly string[];
  /** Reported reasons are leaves; groups only collect them. */
  leaf: boolean;
}

/** Every reason of the tree by code (the plant validator keeps codes unique across it). */
export function downtimeReasonIndex(plant: PlantFile): Map<string, DowntimeReasonEntry> {
  const index = new Map<string, DowntimeReasonEntry>();
  const walk = (list: readonly DowntimeReasonNode[], ancestors: readonly string[]) => {
    for (const reason of list) {
      const children = reason.children ?? [];
      index.set(reason.code, {
        code: reason.code,
        name: reason.name,
        category: reason.category,
        ancestors,
        leaf: children.length === 0,
      });
      walk(children, [...ancestors, reason.code]);
    }
  };
  walk(plant.downtimeReasons, []);
  return index;
}

/** The leaf a machine or operator may report, or why the code is not one. */
export function reportableDowntimeReason(
  plant: PlantFile,
  code: string,
): Outcome<DowntimeReasonEntry> {
  const index = downtimeReasonIndex(plant);
  const entry = index.get(code);
  if (!entry) {
    return refuse(
      errorMessage('unknown_downtime_reason', 'unknown downtime reason "{{reason}}"', {
        reason: code,
      }),
    );
  }
  if (!entry.leaf) {
    const leaves = [...index.values()]
      .filter((e) => e.leaf && e.ancestors.includes(code))
      .map((e) => e.code);
    return refuse(
      errorMessage(
        'downtime_reason_not_a_leaf',
        'downtime reason "{{reason}}" is a group; report one of its reasons: {{leaves}}',
        { reason: code, leaves },
      ),
    );
  }
  return { ok: true, value: entry };
}

export function findScrapReason(plant: PlantFile, code: string): ScrapReasonEntry | undefined {
  return plant.scrapReasons.find((r) => r.code === code);
}
