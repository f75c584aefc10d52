// Plant totals of several lines' ISO 22400-2 reports: time elements and
// quantities add up, and the KPIs are computed from the sums by the
// production module's own kpisOf — the way a production day is made of its
// shifts (kpi.ts kpisByDay). Lines make different products at different
// rates, so the planned runtime per unit (PRU) of the total is the mean of
// the lines' PRU weighted by the units each produced, as machine-kpis.ts
// prices a line's mixed production; OEE = PRU × GQ / PBT stays the product
// of availability, effectiveness and quality ratio.
import { type Kpis, kpisOf, type Quantities, type TimeElements } from '../production/index.js';
import { addTimeElements, NO_TIME } from '../production/time-model.js';

export interface Figures {
  pruMs: number;
  times: TimeElements;
  quantities: Quantities;
  kpis: Kpis;
}

const NO_QUANTITIES: Quantities = { good: 0, scrap: 0, rework: 0, produced: 0 };

export function addQuantities(a: Quantities, b: Quantities): Quantities {
  return {
    good: a.good + b.good,
    scrap: a.scrap + b.scrap,
    rework: a.rework + b.rework,
    produced: a.produced + b.produced,
  };
}

/** The figures of several reports taken together. */
export function combinedFigures(reports: readonly Omit<Figures, 'kpis'>[]): Figures {
  let times = NO_TIME;
  let quantities = NO_QUANTITIES;
  let plannedMs = 0;
  for (const report of reports) {
    times = addTimeElements(times, report.times);
    quantities = addQuantities(quantities, report.quantities);
    plannedMs += report.pruMs * report.quantities.produced;
  }
  // Nothing produced: effectiveness and OEE do not depend on the PRU (0 units).
  const pruMs = quantities.produced > 0 ? plannedMs / quantities.produced : 0;
  return { pruMs, times, quantities, kpis: kpisOf(times, quantities, pruMs) };
}
