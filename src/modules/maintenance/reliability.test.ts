// Reliability figures against values worked out by hand from a known
// sequence of machine states and repair records (times in minutes from 0).
import { describe, expect, it } from 'vitest';
import { advanceWatch, type WatchedRow } from './breakdown-detection.js';
import {
  type Failure,
  reliabilityFigures,
  repairMs,
  union,
  weeklyTrend,
  weeksOf,
} from './reliability.js';

const MIN = 60_000;
const BREAKDOWNS = new Set(['MECH-CF', 'ELEC-DRIVE']);

/** The station's reports: [minute, state, reason]. */
const REPORTS: [number, string, string][] = [
  [0, 'running', ''],
  [100, 'down', 'MICRO'], // a micro-stop: no breakdown
  [102, 'running', ''],
  [200, 'down', 'MECH-CF'], // breakdown 1
  [230, 'running', ''], //   back after 30
  [470, 'down', 'ELEC-DRIVE'], // breakdown 2
  [480, 'planned_stop', 'PLN-BREAK'], //   the break pauses it (60 min)
  [540, 'down', 'ELEC-DRIVE'],
  [560, 'running', ''], //   back: 90 − 60 = 30 of repair
  [700, 'down', 'MICRO'], // breakdown 3: a stop first called a micro-stop…
  [705, 'down', 'MECH-CF'], //   …is a breakdown from its start at 700
  [745, 'starved', ''], //   back in service (waiting for cases): 45
  [900, 'down', 'MECH-CF'], // breakdown 4, still down at the window's end
];

function rows(): WatchedRow[] {
  let id = 0;
  return REPORTS.flatMap(([minute, state, reason]) => [
    {
      id: ++id,
      line: 'L1',
      station: 'CF',
      metric: 'State',
      at: minute * MIN,
      number: null,
      text: state,
      birth: false,
    },
    {
      id: ++id,
      line: 'L1',
      station: 'CF',
      metric: 'State/Reason',
      at: minute * MIN,
      number: null,
      text: reason,
      birth: false,
    },
  ]);
}

/** The watch's breakdowns with the technicians' closing records. */
function failures(): Failure[] {
  const { changes } = advanceWatch(new Map(), rows(), (r) => BREAKDOWNS.has(r));
  const closings: Record<number, { closed: number; cause: string }> = {
    200: { closed: 240, cause: 'bearing worn' },
    470: { closed: 600, cause: 'drive fault' },
    700: { closed: 760, cause: 'bearing worn' },
  };
  return changes.flatMap((c) => {
    if (c.kind !== 'down') return [];
    const up = changes.find((u) => u.kind === 'up' && u.downAt === c.at);
    const closing = closings[c.at / MIN];
    return [
      {
        line: c.line,
        station: c.station,
        reason: c.reason,
        down: c.at,
        up: up?.kind === 'up' ? up.at : null,
        pausedMs: up?.kind === 'up' ? up.pausedMs : 0,
        closed: closing ? closing.closed * MIN : null,
        cause: closing?.cause ?? null,
      },
    ];
  });
}

const WINDOW = { from: 0, to: 1000 * MIN };
// Production time: 0–480 and 540–1000 (a break of 60 minutes), 940 minutes.
const SCHEDULED = [
  { from: 0, to: 480 * MIN },
  { from: 540 * MIN, to: 1000 * MIN },
];

describe('reliability figures from a known event sequence', () => {
  it('finds the four breakdowns, not the micro-stops, with their repair times', () => {
    const list = failures();
    expect(list.map((f) => [f.down / MIN, f.reason, f.up === null ? null : f.up / MIN])).toEqual([
      [200, 'MECH-CF', 230],
      [470, 'ELEC-DRIVE', 560],
      [700, 'MECH-CF', 745],
      [900, 'MECH-CF', null],
    ]);
    expect(list.map((f) => repairMs(f))).toEqual([30 * MIN, 30 * MIN, 45 * MIN, null]);
  });

  it('gives MTBF, MTTR, availability and the top causes as worked out by hand', () => {
    // Downtime in production time: 30 + (10 + 20) + 45 + 100 (still down) = 205.
    // Uptime 940 − 205 = 735; MTBF 735 / 4 = 183.75; MTTR (30 + 30 + 45) / 3 = 35.
    const figures = reliabilityFigures(failures(), WINDOW, SCHEDULED);
    expect(figures).toMatchObject({
      scheduledMinutes: 940,
      failures: 4,
      downtimeMinutes: 205,
      uptimeMinutes: 735,
      mtbfMinutes: 183.75,
      repairs: 3,
      mttrMinutes: 35,
      availability: 0.781915, // 735 / 940
    });
    expect(figures.topReasons).toEqual([
      { reason: 'MECH-CF', failures: 3, downtimeMinutes: 175 },
      { reason: 'ELEC-DRIVE', failures: 1, downtimeMinutes: 30 },
    ]);
    expect(figures.topCauses).toEqual([
      { cause: 'bearing worn', repairs: 2 },
      { cause: 'drive fault', repairs: 1 },
    ]);
  });

  it('counts a repair in MTTR only once its request is closed', () => {
    const open = failures().map((f) => (f.down === 700 * MIN ? { ...f, closed: null } : f));
    const figures = reliabilityFigures(open, WINDOW, SCHEDULED);
    expect(figures.repairs).toBe(2);
    expect(figures.mttrMinutes).toBe(30);
    // The failure still counts, and so does its downtime.
    expect(figures.failures).toBe(4);
    expect(figures.downtimeMinutes).toBe(205);
  });

  it('takes the whole window as production time when no calendar is given', () => {
    // Downtime 30 + 90 + 45 + 100 = 265 of 1000; uptime 735 → the break counts as down.
    const figures = reliabilityFigures(failures(), WINDOW);
    expect(figures.scheduledMinutes).toBe(1000);
    expect(figures.downtimeMinutes).toBe(265);
    expect(figures.mtbfMinutes).toBe(183.75);
  });

  it('counts only what falls in a shorter window', () => {
    // [400, 800): breakdowns 2 and 3 begin in it; downtime 30 + 45; production 80 + 260 = 340.
    const figures = reliabilityFigures(failures(), { from: 400 * MIN, to: 800 * MIN }, SCHEDULED);
    expect(figures).toMatchObject({
      failures: 2,
      scheduledMinutes: 340,
      downtimeMinutes: 75,
      mtbfMinutes: 132.5,
      repairs: 2,
      mttrMinutes: 37.5,
    });
  });

  it('repairs without machine data run from down to the request’s close', () => {
    const byHand: Failure = {
      line: 'L1',
      station: 'CF',
      reason: null,
      down: 100 * MIN,
      up: null,
      pausedMs: 0,
      closed: 160 * MIN,
      cause: 'belt',
    };
    expect(repairMs(byHand)).toBe(60 * MIN);
    const figures = reliabilityFigures([byHand], WINDOW);
    expect(figures).toMatchObject({ failures: 1, downtimeMinutes: 60, mttrMinutes: 60 });
  });

  it('has no MTBF or MTTR without failures, and full availability', () => {
    expect(reliabilityFigures([], WINDOW, SCHEDULED)).toMatchObject({
      failures: 0,
      mtbfMinutes: null,
      mttrMinutes: null,
      availability: 1,
      uptimeMinutes: 940,
    });
  });

  it('counts a line down once when two stations are down at once', () => {
    const a: Failure = {
      line: 'L1',
      station: 'CF',
      reason: 'MECH-CF',
      down: 100 * MIN,
      up: 160 * MIN,
      pausedMs: 0,
      closed: 170 * MIN,
      cause: null,
    };
    const b: Failure = { ...a, station: 'PR', reason: 'MECH-PR', down: 140 * MIN, up: 200 * MIN };
    // Union 100–200: 100 minutes; uptime 900; two failures.
    expect(
      union([
        { from: 1, to: 3 },
        { from: 2, to: 5 },
        { from: 7, to: 8 },
      ]),
    ).toEqual([
      { from: 1, to: 5 },
      { from: 7, to: 8 },
    ]);
    expect(reliabilityFigures([a, b], WINDOW)).toMatchObject({
      failures: 2,
      downtimeMinutes: 100,
      mtbfMinutes: 450,
      mttrMinutes: 60,
    });
  });
});

describe('the weekly trend', () => {
  it('splits the window at Mondays in the plant’s time zone', () => {
    const from = Date.parse('2027-03-10T00:00:00-04:00'); // a Wednesday
    const to = Date.parse('2027-03-24T12:00:00-04:00');
    const weeks = weeksOf({ from, to }, 'America/Caracas');
    expect(weeks.map((w) => w.week)).toEqual(['2027-03-08', '2027-03-15', '2027-03-22']);
    expect(weeks[0]?.span).toEqual({ from, to: Date.parse('2027-03-15T00:00:00-04:00') });
    expect(weeks[2]?.span.to).toBe(to);
  });

  it('gives each week its own failures and repairs', () => {
    const monday = Date.parse('2027-03-15T00:00:00-04:00');
    const failure = (down: number, minutes: number): Failure => ({
      line: 'L1',
      station: 'CF',
      reason: 'MECH-CF',
      down,
      up: down + minutes * MIN,
      pausedMs: 0,
      closed: down + (minutes + 5) * MIN,
      cause: 'x',
    });
    const list = [
      failure(monday - 86_400_000, 20), // Sunday of the week before
      failure(monday + 3_600_000, 10),
      failure(monday + 7_200_000, 30),
    ];
    const trend = weeklyTrend(
      list,
      { from: monday - 7 * 86_400_000, to: monday + 7 * 86_400_000 },
      'America/Caracas',
    );
    expect(trend.map((w) => [w.week, w.failures, w.mttrMinutes])).toEqual([
      ['2027-03-08', 1, 20],
      ['2027-03-15', 2, 20],
    ]);
  });
});
