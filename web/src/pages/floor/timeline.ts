// The layout of a state timeline: where each interval sits in the window, in
// per cent, and how long the line spent in each state. Pure, for the SVG.
import type { TimelineInterval } from '../../api/machine';

export interface Segment extends TimelineInterval {
  /** Left edge and width, per cent of the window. */
  x: number;
  width: number;
}

export interface StateTotal {
  state: string;
  ms: number;
  /** Share of the window. */
  share: number;
}

/** The intervals clipped to the window, placed in it; empty or reversed ones are left out. */
export function timelineSegments(
  intervals: readonly TimelineInterval[],
  window: { from: number; to: number },
): Segment[] {
  const span = window.to - window.from;
  if (!(span > 0)) return [];
  const segments: Segment[] = [];
  for (const interval of intervals) {
    const from = Math.max(interval.from, window.from);
    const to = Math.min(interval.to, window.to);
    if (!(to > from)) continue;
    segments.push({
      ...interval,
      from,
      to,
      x: ((from - window.from) / span) * 100,
      width: ((to - from) / span) * 100,
    });
  }
  return segments;
}

/** Time in each state within the window, longest first; time with no state is `unknown`. */
export function stateTotals(
  segments: readonly Segment[],
  window: { from: number; to: number },
): StateTotal[] {
  const span = window.to - window.from;
  if (!(span > 0)) return [];
  const totals = new Map<string, number>();
  let known = 0;
  for (const s of segments) {
    totals.set(s.state, (totals.get(s.state) ?? 0) + (s.to - s.from));
    known += s.to - s.from;
  }
  if (span - known > 0) totals.set('unknown', span - known);
  return [...totals.entries()]
    .map(([state, ms]) => ({ state, ms, share: ms / span }))
    .sort((a, b) => b.ms - a.ms);
}

/** Whole hours inside the window, for the axis: at most about `most` of them. */
export function hourTicks(window: { from: number; to: number }, most = 12): number[] {
  const hour = 3_600_000;
  const span = window.to - window.from;
  if (!(span > 0)) return [];
  const step = Math.max(1, Math.ceil(span / hour / most)) * hour;
  const ticks: number[] = [];
  for (let t = Math.ceil(window.from / step) * step; t <= window.to; t += step) ticks.push(t);
  return ticks;
}
