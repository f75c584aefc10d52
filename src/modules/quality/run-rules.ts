// Run rules on a Shewhart chart — the Nelson rules N1–N8 (L. S. Nelson, "Technical Aids", Journal
// of Quality Technology 16(4), 1984) and the Western Electric rules WE1–WE4 (Western Electric
// Statistical Quality Control Handbook, 1956) — as alarms over a chart's points. Pure: no I/O.
//
// Zones (per point, so p and u charts with varying n get their own): C within 1σ of the centre
// line, B between 1σ and 2σ, A between 2σ and 3σ, σ being the plotted statistic's. Choices where
// the sources are silent or differ (../shared/reference/spc/rules.md):
// - "Beyond kσ" is strictly beyond: a point exactly on a zone boundary is inside (the sources say
//   "more than kσ"); a point exactly on a control limit is in control. A value within
//   1e-9·(σ + |CL|) of a boundary counts as on it, so the last bit of a computed mean decides nothing.
// - A point exactly on the centre line (same tolerance) is on neither side: it breaks a run on one
//   side (N2, WE4), and counts as within 1σ (N7).
// - N1/WE1 use the chart's own limits (lcl may be clamped at 0, and with k ≠ 3 the limits are not
//   at 3σ): "beyond the control limits", as R's qcc reports beyondLimits.
// - Ties: equal successive values are neither a rise nor a fall, so a tie breaks a trend (N3) and
//   an alternation (N4). Values are compared exactly: they are the measured or counted data.
// - N3 is 6 points (5 successive rises or falls), N4 14 points (13 alternating differences), as
//   Nelson 1984 is usually reproduced.
// - N8 needs points on both sides of the centre line ("8 points in a row on both sides of the
//   centreline with none in zone C"): 8 points beyond 1σ all on one side are N6's and N2's concern.
// - Windows are full: a rule fires at the point that completes a window of its length (N5 at the
//   earliest on the third point), and the window's points are the ones flagged.
// - Points marked excluded (phase I, assignable cause found) are skipped: the rules run over the
//   included points in order, as if the excluded ones had not been plotted.
// - One alarm per episode: while a rule keeps firing on overlapping windows with the same
//   direction (a run of 12 above the centre line fires N2 at its 9th, 10th, 11th and 12th point),
//   that is one alarm with every firing point listed, not four.

export const NELSON_RULES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8'] as const;
export const WESTERN_ELECTRIC_RULES = ['WE1', 'WE2', 'WE3', 'WE4'] as const;
export type NelsonRule = (typeof NELSON_RULES)[number];
export type WesternElectricRule = (typeof WESTERN_ELECTRIC_RULES)[number];
export type RuleId = NelsonRule | WesternElectricRule;
export type RuleSet = 'nelson' | 'western-electric';

/** What the rules read from a chart point (spc.ts's ChartPoint has all of it). */
export interface RulePoint {
  index: number;
  value: number;
  cl: number;
  ucl: number;
  lcl: number;
  sigma: number;
  excluded?: boolean;
}

export const ALARM_DIRECTIONS = ['above', 'below', 'increasing', 'decreasing'] as const;
export type AlarmDirection = (typeof ALARM_DIRECTIONS)[number];

export interface Alarm {
  rule: RuleId;
  /** The point at which the rule first fired (its `index`). */
  index: number;
  /** Every point at which the rule's window test held during this episode. */
  firedAt: number[];
  /** The points flagged: the union of the windows that fired, in order. */
  points: number[];
  /** The side or trend, where the rule has one (N4, N7, N8 have none). */
  direction?: AlarmDirection;
  /** The length of the run: how many points are flagged. */
  run: number;
  /** In English, e.g. "9 points in a row above the centre line (Nelson rule 2)". */
  message: string;
}

// ------------------------------------------------------------- zones ------

type Side = 'above' | 'below';

const tolerance = (p: RulePoint): number => 1e-9 * (p.sigma + Math.abs(p.cl));

/** The side of the centre line, or undefined on it. */
function sideOf(p: RulePoint): Side | undefined {
  const d = p.value - p.cl;
  if (d > tolerance(p)) return 'above';
  if (d < -tolerance(p)) return 'below';
  return undefined;
}

/** The side the point is strictly beyond kσ on, or undefined within kσ (boundary inside). */
function beyond(p: RulePoint, k: number): Side | undefined {
  const d = p.value - p.cl;
  const edge = k * p.sigma + tolerance(p);
  if (d > edge) return 'above';
  if (d < -edge) return 'below';
  return undefined;
}

function outsideLimits(p: RulePoint): Side | undefined {
  if (p.value > p.ucl + tolerance(p)) return 'above';
  if (p.value < p.lcl - tolerance(p)) return 'below';
  return undefined;
}

const trend = (from: RulePoint, to: RulePoint): 1 | -1 | 0 =>
  to.value > from.value ? 1 : to.value < from.value ? -1 : 0;

// ------------------------------------------------------------- rules ------

interface RuleDefinition {
  /** Points in the window. */
  window: number;
  /** The window test over `points` (exactly `window` of them); a direction, 'none', or false. */
  test: (points: readonly RulePoint[]) => AlarmDirection | 'none' | false;
}

/** All points on one side, none on the centre line. */
function allOnOneSide(points: readonly RulePoint[]): Side | false {
  const side = sideOf(points[0] as RulePoint);
  return side !== undefined && points.every((p) => sideOf(p) === side) ? side : false;
}

/** At least `count` of the window beyond kσ on one side. */
function countBeyond(points: readonly RulePoint[], k: number, count: number): Side | false {
  const sides = points.map((p) => beyond(p, k));
  if (sides.filter((s) => s === 'above').length >= count) return 'above';
  if (sides.filter((s) => s === 'below').length >= count) return 'below';
  return false;
}

function steadyTrend(points: readonly RulePoint[]): 'increasing' | 'decreasing' | false {
  const steps = points.slice(1).map((p, i) => trend(points[i] as RulePoint, p));
  if (steps.every((s) => s === 1)) return 'increasing';
  if (steps.every((s) => s === -1)) return 'decreasing';
  return false;
}

function alternating(points: readonly RulePoint[]): boolean {
  const steps = points.slice(1).map((p, i) => trend(points[i] as RulePoint, p));
  return steps.every((s, i) => s !== 0 && (i === 0 || s === -(steps[i - 1] as number)));
}

// ------------------------------------------------------------ words ------

/**
 * Each Nelson rule's alarm in English, by its direction where the rule has one: `{{run}}` is
 * the length of the run (the points flagged). The web app's locale files word the same keys
 * (quality:alarm.<rule>[.<direction>], spc-words.test.ts), so an alarm is its rule,
 * direction and run, and this text is only for API clients and logs.
 */
export const ALARM_TEMPLATES = {
  N1: {
    above: 'Point above the upper control limit',
    below: 'Point below the lower control limit',
  },
  N2: {
    above: '{{run}} points in a row above the centre line',
    below: '{{run}} points in a row below the centre line',
  },
  N3: {
    increasing: '{{run}} points in a row steadily increasing',
    decreasing: '{{run}} points in a row steadily decreasing',
  },
  N4: '{{run}} points in a row alternating up and down',
  N5: {
    above: '2 of 3 points in a row more than 2σ above the centre line',
    below: '2 of 3 points in a row more than 2σ below the centre line',
  },
  N6: {
    above: '4 of 5 points in a row more than 1σ above the centre line',
    below: '4 of 5 points in a row more than 1σ below the centre line',
  },
  N7: '{{run}} points in a row within 1σ of the centre line',
  N8: '{{run}} points in a row more than 1σ from the centre line on both sides, none within 1σ',
} as const satisfies Record<NelsonRule, string | Partial<Record<AlarmDirection, string>>>;

/** The Western Electric rules say what the Nelson rule of the same test says. */
const SAME_WORDS: Record<WesternElectricRule, NelsonRule> = {
  WE1: 'N1',
  WE2: 'N5',
  WE3: 'N6',
  WE4: 'N2',
};

function nelsonOrWe(rule: RuleId): string {
  return rule.startsWith('WE')
    ? `Western Electric rule ${rule.slice(2)}`
    : `Nelson rule ${rule.slice(1)}`;
}

/** An alarm in English: "9 points in a row above the centre line (Nelson rule 2)". */
export function alarmText(
  rule: RuleId,
  direction: AlarmDirection | undefined,
  run: number,
): string {
  const template: string | Partial<Record<AlarmDirection, string>> =
    ALARM_TEMPLATES[
      rule.startsWith('WE') ? SAME_WORDS[rule as WesternElectricRule] : (rule as NelsonRule)
    ];
  const words =
    typeof template === 'string'
      ? template
      : ((direction && template[direction]) ?? (Object.values(template)[0] as string));
  return `${words.replaceAll('{{run}}', String(run))} (${nelsonOrWe(rule)})`;
}

function beyondLimitsRule(): RuleDefinition {
  return { window: 1, test: ([p]) => outsideLimits(p as RulePoint) ?? false };
}

function sameSideRule(length: number): RuleDefinition {
  return { window: length, test: allOnOneSide };
}

function zoneRule(k: number, count: number, of: number): RuleDefinition {
  return { window: of, test: (points) => countBeyond(points, k, count) };
}

const RULES: Record<RuleId, RuleDefinition> = {
  N1: beyondLimitsRule(),
  N2: sameSideRule(9),
  N3: { window: 6, test: steadyTrend },
  N4: { window: 14, test: (points) => (alternating(points) ? 'none' : false) },
  N5: zoneRule(2, 2, 3),
  N6: zoneRule(1, 4, 5),
  N7: {
    window: 15,
    test: (points) => (points.every((p) => beyond(p, 1) === undefined) ? 'none' : false),
  },
  N8: {
    window: 8,
    test: (points) => {
      const sides = points.map((p) => beyond(p, 1));
      return sides.every((s) => s !== undefined) &&
        sides.includes('above') &&
        sides.includes('below')
        ? 'none'
        : false;
    },
  },
  WE1: beyondLimitsRule(),
  WE2: zoneRule(2, 2, 3),
  WE3: zoneRule(1, 4, 5),
  WE4: sameSideRule(8),
};

const RULE_ORDER: readonly RuleId[] = [...NELSON_RULES, ...WESTERN_ELECTRIC_RULES];

// ----------------------------------------------------------------- API --------

/**
 * The alarms the chosen rules raise over a chart's points (in plotting order), sorted by the point
 * each first fired at, then by rule. `rules` is a set ('nelson' = N1–N8, 'western-electric' =
 * WE1–WE4) or a list of rule ids.
 */
export function runRuleAlarms(
  points: readonly RulePoint[],
  rules: RuleSet | readonly RuleId[],
): Alarm[] {
  const chosen: readonly RuleId[] =
    rules === 'nelson'
      ? NELSON_RULES
      : rules === 'western-electric'
        ? WESTERN_ELECTRIC_RULES
        : rules;
  const included = points.filter((p) => !p.excluded);
  const alarms = [...new Set(chosen)].flatMap((rule) => alarmsFor(rule, included));
  return alarms.sort(
    (a, b) => a.index - b.index || RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule),
  );
}

function alarmsFor(rule: RuleId, points: readonly RulePoint[]): Alarm[] {
  const { window, test } = RULES[rule];
  const episodes: {
    direction: AlarmDirection | undefined;
    first: number;
    last: number;
    fired: number[];
  }[] = [];
  for (let end = window - 1; end < points.length; end++) {
    const result = test(points.slice(end - window + 1, end + 1));
    if (result === false) continue;
    const direction = result === 'none' ? undefined : result;
    const current = episodes.at(-1);
    // Overlapping windows (this one starts at or before the last firing point) with the same
    // direction continue the episode.
    if (current && current.direction === direction && end - window + 1 <= current.last) {
      current.last = end;
      current.fired.push(end);
    } else {
      episodes.push({ direction, first: end - window + 1, last: end, fired: [end] });
    }
  }
  return episodes.map(({ direction, first, last, fired }) => {
    const flagged = points.slice(first, last + 1).map((p) => p.index);
    return {
      rule,
      index: (points[fired[0] as number] as RulePoint).index,
      firedAt: fired.map((position) => (points[position] as RulePoint).index),
      points: flagged,
      ...(direction ? { direction } : {}),
      run: flagged.length,
      message: alarmText(rule, direction, flagged.length),
    };
  });
}
