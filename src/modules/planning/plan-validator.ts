// An independent check of a plan against the plant file: it shares no code
// with the solver or the builder. It lays out each line's working time again
// from the calendar (its own time-zone arithmetic, the plant's rules: shifts
// on their weekdays, breaks in one piece in the middle of the shift, no work
// on holidays, planned maintenance or outages) and checks every placed order
// and changeover against it, and the plan's claims against the orders.
import type { PlantFile } from '../plant/index.js';
import { finding, type PlanFinding, type PlanFindingCode } from './plan-findings.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Slack for fractional minutes carried through floating point. */
const EPSILON_MINUTES = 1e-4;

export interface PlacedOrder {
  readonly id: string;
  readonly product: string;
  readonly quantity: number;
  readonly line: string;
  /** ms since the epoch. */
  readonly start: number;
  readonly end: number;
  readonly changeover: {
    readonly start: number;
    readonly end: number;
    readonly minutes: number;
  } | null;
  readonly due: number | null;
  readonly tardinessMinutes: number;
}

export interface PlanToValidate {
  readonly origin: number;
  readonly orders: readonly PlacedOrder[];
}

export interface ValidationContext {
  /** Every order that had to be planned, by id. */
  readonly expected: ReadonlyMap<string, { product: string; quantity: number; due: number | null }>;
  /** Orders that had to stay on a line at its head, in this order. */
  readonly frozen?: readonly { id: string; line: string }[];
  readonly outages?: readonly { line: string; from: number; to: number | null }[];
  readonly setUpFor?: Readonly<Record<string, string | null>>;
}

export function validatePlan(
  plant: PlantFile,
  plan: PlanToValidate,
  context: ValidationContext,
): PlanFinding[] {
  const problems: PlanFinding[] = [];
  const seen = new Set<string>();
  for (const order of plan.orders) {
    if (seen.has(order.id)) problems.push(finding('order_planned_twice', { order: order.id }));
    seen.add(order.id);
    const expected = context.expected.get(order.id);
    if (!expected) problems.push(finding('order_not_to_plan', { order: order.id }));
    else if (expected.product !== order.product || expected.quantity !== order.quantity) {
      problems.push(
        finding('order_planned_otherwise', {
          order: order.id,
          quantity: order.quantity,
          product: order.product,
          expectedQuantity: expected.quantity,
          expectedProduct: expected.product,
        }),
      );
    }
  }
  for (const id of context.expected.keys())
    if (!seen.has(id)) problems.push(finding('order_not_planned', { order: id }));

  const latest = Math.max(plan.origin, ...plan.orders.map((o) => o.end));
  for (const line of plant.lines) {
    const placed = plan.orders
      .filter((o) => o.line === line.code)
      .sort((a, b) => a.start - b.start);
    if (placed.length === 0) continue;
    const windows = workingWindows(
      plant,
      line.code,
      plan.origin,
      latest + DAY_MS,
      context.outages ?? [],
    );
    const rate = new Map(line.products.map((p) => [p.product, p.ratePerMinute]));
    let previousEnd = plan.origin;
    let previousProduct = context.setUpFor?.[line.code] ?? null;
    for (const order of placed) {
      const where = { order: order.id, line: line.code };
      const perMinute = rate.get(order.product);
      if (!perMinute) {
        problems.push(finding('product_not_on_line', { ...where, product: order.product }));
        continue;
      }
      const needed =
        previousProduct === null || previousProduct === order.product
          ? 0
          : changeoverOf(line, previousProduct, order.product);
      const changeoverMinutes = order.changeover?.minutes ?? 0;
      if (previousProduct !== null && changeoverMinutes + EPSILON_MINUTES < needed) {
        problems.push(
          finding('changeover_too_short', {
            ...where,
            minutes: changeoverMinutes,
            from: previousProduct,
            needed,
          }),
        );
      }
      if (order.changeover) {
        problems.push(
          ...checkSpan(
            where,
            'changeover',
            order.changeover.start,
            order.changeover.end,
            order.changeover.minutes,
            windows,
            previousEnd,
          ),
        );
        previousEnd = order.changeover.end;
      }
      problems.push(
        ...checkSpan(
          where,
          'order',
          order.start,
          order.end,
          order.quantity / perMinute,
          windows,
          previousEnd,
        ),
      );
      previousEnd = order.end;
      previousProduct = order.product;
      const late = order.due === null ? 0 : Math.max(0, (order.end - order.due) / MINUTE_MS);
      if (Math.abs(late - order.tardinessMinutes) > EPSILON_MINUTES) {
        problems.push(
          finding('tardiness_misstated', { ...where, claimed: order.tardinessMinutes, late }),
        );
      }
    }
  }
  for (const order of plan.orders) {
    if (!plant.lines.some((l) => l.code === order.line))
      problems.push(finding('order_on_unknown_line', { order: order.id, line: order.line }));
  }

  // Frozen orders: on their line, ahead of every other order there, in the given order.
  const frozen = context.frozen ?? [];
  const frozenByLine = new Map<string, string[]>();
  for (const f of frozen) frozenByLine.set(f.line, [...(frozenByLine.get(f.line) ?? []), f.id]);
  for (const [line, ids] of frozenByLine) {
    const head = plan.orders
      .filter((o) => o.line === line)
      .sort((a, b) => a.start - b.start)
      .slice(0, ids.length)
      .map((o) => o.id);
    if (head.join() !== ids.join()) {
      problems.push(finding('frozen_not_at_head', { line, frozen: ids, found: head }));
    }
  }
  return problems;
}

/** The codes of a span's findings: the order's own, or the changeover's before it. */
const SPAN_CODES = {
  order: {
    early: 'order_starts_too_early',
    startsOutside: 'order_starts_outside_working_time',
    endsOutside: 'order_ends_outside_working_time',
    minutes: 'order_working_minutes_wrong',
  },
  changeover: {
    early: 'changeover_starts_too_early',
    startsOutside: 'changeover_starts_outside_working_time',
    endsOutside: 'changeover_ends_outside_working_time',
    minutes: 'changeover_working_minutes_wrong',
  },
} as const satisfies Record<string, Record<string, PlanFindingCode>>;

/** A span must start and end in working time, after what came before it, and hold exactly its working minutes. */
function checkSpan(
  where: { order: string; line: string },
  span: keyof typeof SPAN_CODES,
  start: number,
  end: number,
  minutes: number,
  windows: readonly [number, number][],
  notBefore: number,
): PlanFinding[] {
  const codes = SPAN_CODES[span];
  const problems: PlanFinding[] = [];
  if (start + EPSILON_MINUTES * MINUTE_MS < notBefore)
    problems.push(finding(codes.early, { ...where, start: iso(start), notBefore: iso(notBefore) }));
  if (!windows.some(([s, e]) => s <= start + 1 && start < e))
    problems.push(finding(codes.startsOutside, { ...where, start: iso(start) }));
  if (!windows.some(([s, e]) => s < end && end <= e + 1))
    problems.push(finding(codes.endsOutside, { ...where, end: iso(end) }));
  let worked = 0;
  for (const [s, e] of windows) {
    const overlap = Math.min(e, end) - Math.max(s, start);
    if (overlap > 0) worked += overlap;
  }
  if (Math.abs(worked / MINUTE_MS - minutes) > EPSILON_MINUTES * 10) {
    problems.push(
      finding(codes.minutes, {
        ...where,
        worked: round(worked / MINUTE_MS),
        start: iso(start),
        end: iso(end),
        needed: round(minutes),
      }),
    );
  }
  return problems;
}

function changeoverOf(line: PlantFile['lines'][number], from: string, to: string): number {
  return (
    line.changeovers.find((c) => c.from === from && c.to === to)?.minutes ??
    line.defaultChangeoverMinutes ??
    0
  );
}

const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The line's working time in [from, to) as [start, end) pairs in ms, ascending. */
function workingWindows(
  plant: PlantFile,
  lineCode: string,
  from: number,
  to: number,
  outages: readonly { line: string; from: number; to: number | null }[],
): [number, number][] {
  const line = plant.lines.find((l) => l.code === lineCode);
  const calendar = plant.calendars.find((c) => c.code === line?.calendar);
  if (!line || !calendar) return [];
  const zone = plant.site.timezone;
  const pieces: [number, number][] = [];
  for (let day = localDay(from - DAY_MS, zone); day <= localDay(to, zone); day = nextDay(day)) {
    const holiday = calendar.holidays.some((h) => h.date === day || h.annual === day.slice(5));
    const maintenance = plant.maintenance.some(
      (m) => m.lines.includes(lineCode) && m.from <= day && day <= m.to,
    );
    if (holiday || maintenance) continue;
    const weekday = WEEKDAY_NAMES[new Date(`${day}T00:00:00Z`).getUTCDay()] as string;
    for (const shift of calendar.shifts) {
      if (!(shift.days as string[]).includes(weekday)) continue;
      const [sh, sm] = shift.start.split(':').map(Number) as [number, number];
      const [eh, em] = shift.end.split(':').map(Number) as [number, number];
      let length = eh * 60 + em - (sh * 60 + sm);
      if (length <= 0) length += 24 * 60;
      const begin = localToEpoch(day, sh * 60 + sm, zone);
      const at = (minute: number) => begin + minute * MINUTE_MS;
      if (shift.breakMinutes > 0) {
        const first = Math.floor((length - shift.breakMinutes) / 2);
        pieces.push([at(0), at(first)], [at(first + shift.breakMinutes), at(length)]);
      } else pieces.push([at(0), at(length)]);
    }
  }
  const down = outages.filter((o) => o.line === lineCode);
  const working: [number, number][] = [];
  for (const [s, e] of pieces.sort((a, b) => a[0] - b[0])) {
    // Cut every outage out of the piece.
    let parts: [number, number][] = [[Math.max(s, from), Math.min(e, to)]];
    for (const o of down) {
      const oe = o.to ?? Number.POSITIVE_INFINITY;
      parts = parts.flatMap(([a, b]): [number, number][] => {
        if (oe <= a || o.from >= b) return [[a, b]];
        const kept: [number, number][] = [];
        if (o.from > a) kept.push([a, o.from]);
        if (oe < b) kept.push([oe, b]);
        return kept;
      });
    }
    for (const [a, b] of parts) if (b > a) working.push([a, b]);
  }
  return working;
}

/** The plant's local date of an instant. */
function localDay(epoch: number, zone: string): string {
  const f = formatter(
    `day:${zone}`,
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }),
  );
  return f.format(new Date(epoch));
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** The instant when the local clock of `zone` reads `minutes` after midnight of `day`, from the zone's offset then. */
function localToEpoch(day: string, minutes: number, zone: string): number {
  const naive = Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE_MS;
  const offset = offsetMinutes(naive, zone);
  const guess = naive - offset * MINUTE_MS;
  // Across a change of offset the guess's own offset is the right one.
  return naive - offsetMinutes(guess, zone) * MINUTE_MS;
}

/** The zone's offset from UTC in minutes at an instant ("GMT-04:00" → −240). */
function offsetMinutes(epoch: number, zone: string): number {
  const name = formatter(
    `offset:${zone}`,
    () => new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }),
  )
    .formatToParts(new Date(epoch))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  const value = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -value : value;
}

const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number) => Math.round(x * 100) / 100;
