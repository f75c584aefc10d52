// What the planner says about a plan, in data and in English: the independent
// validator's findings and the reasons an order could not be planned. Each is
// a stable code, the values it names (params) and its English sentence
// (text, for API clients and logs), so the web app can word it in the
// reader's language (locale namespace `planning`, `findings.<code>`).
//
// Plans stored before findings had codes hold plain English sentences (and
// unplanned orders as `{ id, reason }`): they are read back with code null,
// and the web app shows their text as it is.
import { type ErrorParams, type ParamsFor, renderTemplate } from '../../core/errors.js';

/** One English template per code; a span's findings come for the order and for the changeover before it. */
const TEMPLATES = {
  // The validator's findings.
  order_planned_twice: '{{order}} is planned twice',
  order_not_to_plan: '{{order}} is not an order to plan',
  order_planned_otherwise:
    '{{order}} is planned as {{quantity}} {{product}}, not {{expectedQuantity}} {{expectedProduct}}',
  order_not_planned: '{{order}} is not planned',
  product_not_on_line: '{{order}} on {{line}}: the line may not make {{product}}',
  changeover_too_short:
    '{{order}} on {{line}}: {{minutes}} min of changeover from {{from}}, {{needed}} needed',
  order_starts_too_early: '{{order}} on {{line}}: starts at {{start}}, before {{notBefore}}',
  order_starts_outside_working_time:
    '{{order}} on {{line}}: starts at {{start}}, outside working time',
  order_ends_outside_working_time: '{{order}} on {{line}}: ends at {{end}}, outside working time',
  order_working_minutes_wrong:
    '{{order}} on {{line}}: {{worked}} working minutes between {{start}} and {{end}}, {{needed}} needed',
  changeover_starts_too_early:
    '{{order}} on {{line}} changeover: starts at {{start}}, before {{notBefore}}',
  changeover_starts_outside_working_time:
    '{{order}} on {{line}} changeover: starts at {{start}}, outside working time',
  changeover_ends_outside_working_time:
    '{{order}} on {{line}} changeover: ends at {{end}}, outside working time',
  changeover_working_minutes_wrong:
    '{{order}} on {{line}} changeover: {{worked}} working minutes between {{start}} and {{end}}, {{needed}} needed',
  tardiness_misstated:
    '{{order}} on {{line}}: {{claimed}} min late claimed, {{late}} by its due time',
  order_on_unknown_line: '{{order}} is on {{line}}, not a line of the plant',
  frozen_not_at_head:
    '{{line}}: the frozen orders {{frozen}} are not at its head in order (found {{found}})',
  // Why an order could not be planned.
  no_line_for_product: '{{reference}}: no line of the plan may make {{product}}',
  order_line_not_in_plan: '{{reference}}: its line {{line}} is not in the plan',
  order_on_hold: '{{reference}} is on hold',
} as const;

export type PlanFindingCode = keyof typeof TEMPLATES;

/** Every code a finding or an unplanned order's reason may have; each has a message in every language of the web app. */
export const PLAN_FINDING_CODES = Object.keys(TEMPLATES) as readonly PlanFindingCode[];

/** The English template of a code: its {{placeholders}} are the params the finding carries. */
export const findingTemplate = (code: PlanFindingCode): string => TEMPLATES[code];

/** The values a finding names: product and line codes, order ids, numbers, ISO times, lists of order ids. */
export type FindingParams = Readonly<Record<string, string | number | string[]>>;

export interface PlanFinding {
  readonly code: PlanFindingCode;
  readonly params: FindingParams;
  readonly text: string;
}

/** A finding of a stored plan: one kept before findings had codes is its text alone (code null). */
export interface StoredFinding {
  readonly code: PlanFindingCode | null;
  readonly params: FindingParams;
  readonly text: string;
}

/** An order that could not be planned, and why. */
export type UnplannedOrder = { readonly id: string } & PlanFinding;
export type StoredUnplanned = { readonly id: string } & StoredFinding;

/** A finding, its params checked against its code's template by the compiler. */
export function finding<C extends PlanFindingCode>(
  code: C,
  ...[params]: ParamsFor<(typeof TEMPLATES)[C]>
): PlanFinding {
  const values: ErrorParams = params ?? {};
  // Lists are copied: the finding is stored, and must not change with the caller's arrays.
  const copied = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'object' ? [...value] : value,
    ]),
  );
  return { code, params: copied, text: renderTemplate(TEMPLATES[code], values) };
}

/** A finding as stored by any version: a plain sentence of an older plan has no code. */
export const readFinding = (stored: StoredFinding | string): StoredFinding =>
  typeof stored === 'string' ? { code: null, params: {}, text: stored } : stored;

/** An unplanned order as stored by any version: an older plan kept `{ id, reason }`. */
export const readUnplanned = (
  stored: StoredUnplanned | { id: string; reason: string },
): StoredUnplanned =>
  'reason' in stored ? { id: stored.id, code: null, params: {}, text: stored.reason } : stored;
