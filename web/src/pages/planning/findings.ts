// The planner's findings about a plan (the validator's, and why an order could
// not be planned) in the reader's words: the message of the finding's code,
// `planning:findings.<code>`, filled in with its values as the language writes
// them — orders by their reference in the plan, numbers and times through
// format.ts, lists joined as the language joins them. A finding with no code
// (a plan stored before findings had codes), a code this app does not know,
// or a message naming a value the finding lacks shows the server's English.
import type { FindingParam, Plan, PlanFinding } from '../../api/planning';
import { formatDateTime, formatDecimal, withLocalTimes } from '../../format';
import { currentLocale, i18n } from '../../i18n';

/** The params that name orders of the plan by id. */
const ORDER_PARAMS = new Set(['order', 'frozen', 'found']);
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)/g;

/** An order's reference in the plan, or its id when the plan does not hold it. */
export function referencesOf(plan: Pick<Plan, 'orders'>): (id: string) => string {
  const byId = new Map(plan.orders.map((o) => [o.id, o.reference]));
  return (id) => byId.get(id) ?? id;
}

function formatParam(name: string, value: FindingParam, referenceOf: (id: string) => string) {
  if (typeof value === 'number') return formatDecimal(value);
  if (typeof value !== 'string') {
    const items = ORDER_PARAMS.has(name) ? value.map(referenceOf) : [...value];
    if (items.length === 0) return '—';
    return new Intl.ListFormat(currentLocale(), { style: 'long', type: 'conjunction' }).format(
      items,
    );
  }
  if (ORDER_PARAMS.has(name)) return referenceOf(value);
  return ISO_TIMESTAMP.test(value) ? formatDateTime(value) : value;
}

/** A finding in the language in use. */
export function findingText(
  finding: PlanFinding,
  referenceOf: (id: string) => string = (id) => id,
): string {
  const message =
    finding.code === null
      ? undefined
      : (i18n.getResource(i18n.language, 'planning', `findings.${finding.code}`) as unknown);
  if (typeof message !== 'string') return withLocalTimes(finding.text);
  const needed = [...message.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  if (needed.some((name) => finding.params[name] === undefined)) {
    return withLocalTimes(finding.text);
  }
  const values: Record<string, string> = {};
  for (const name of needed) {
    values[name] = formatParam(name, finding.params[name] as FindingParam, referenceOf);
  }
  return i18n.t(`planning:findings.${finding.code}`, values);
}
