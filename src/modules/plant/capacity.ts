// Rated capacity: what the lines make in a year at their rated rates in every
// scheduled minute of the shift calendar, less breaks, holidays and planned
// maintenance. It is the ceiling that OEE losses come off (ISO 22400-2: planned
// busy time × rated rate); changeovers are a loss of the plan, not of the rating.

import type { Calendar, Line, PlantFile, Weekday } from './model.js';
import { shiftSpanMinutes } from './validate.js';

export interface ProductCapacity {
  product: string;
  ratePerMinute: number;
  /** Share of the line's time assumed for this product in the rated mix. */
  share: number;
  /** Cartridges a year if the line made only this product. */
  dedicatedPerYear: number;
  /** Cartridges a year of this product at its share of the rated mix. */
  plannedPerYear: number;
}

export interface LineCapacity {
  line: string;
  name: string;
  year: number;
  calendar: string;
  /** Days with at least one shift worked. */
  workingDays: number;
  /** Shift time on scheduled weekdays, before any deduction (minutes). Breaks,
   * holidays and maintenance below are each a part of it. */
  shiftMinutes: number;
  breakMinutes: number;
  holidayMinutes: number;
  maintenanceMinutes: number;
  /** Planned busy time: shift time less breaks, holidays and maintenance (minutes). */
  availableMinutes: number;
  /** Rated rate of the line's product mix, cartridges per minute. */
  mixRatePerMinute: number;
  ratedPerYear: number;
  products: ProductCapacity[];
}

export interface PlantCapacity {
  year: number;
  lines: LineCapacity[];
  ratedPerYear: number;
}

const WEEKDAY_OF_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_MS = 86_400_000;

export function plantCapacity(plant: PlantFile, year: number): PlantCapacity {
  const lines = plant.lines.map((line) => lineCapacity(plant, line, year));
  return { year, lines, ratedPerYear: lines.reduce((sum, l) => sum + l.ratedPerYear, 0) };
}

export function lineCapacity(plant: PlantFile, line: Line, year: number): LineCapacity {
  const calendar = plant.calendars.find((c) => c.code === line.calendar);
  if (!calendar)
    throw new Error(`line ${line.code}: calendar ${line.calendar} is not in the plant`);
  const maintenanceDays = new Set<string>();
  for (const window of plant.maintenance) {
    if (!window.lines.includes(line.code)) continue;
    for (const day of daysBetween(window.from, window.to)) maintenanceDays.add(day);
  }
  const holidays = holidayDates(calendar, year);

  let workingDays = 0;
  let shiftMinutes = 0;
  let breakMinutes = 0;
  let holidayMinutes = 0;
  let maintenanceMinutes = 0;
  for (const day of daysOfYear(year)) {
    const weekday = WEEKDAY_OF_UTC_DAY[new Date(`${day}T00:00:00Z`).getUTCDay()] as Weekday;
    // A shift that runs past midnight belongs to the day it starts.
    const shifts = calendar.shifts.filter((s) => s.days.includes(weekday));
    if (shifts.length === 0) continue;
    const span = shifts.reduce((sum, s) => sum + shiftSpanMinutes(s.start, s.end), 0);
    const breaks = shifts.reduce((sum, s) => sum + s.breakMinutes, 0);
    shiftMinutes += span;
    if (holidays.has(day)) holidayMinutes += span;
    else if (maintenanceDays.has(day)) maintenanceMinutes += span;
    else {
      breakMinutes += breaks;
      workingDays += 1;
    }
  }
  const availableMinutes = shiftMinutes - breakMinutes - holidayMinutes - maintenanceMinutes;
  const products = productMix(line, availableMinutes);
  const mixRatePerMinute = mixRate(products);
  return {
    line: line.code,
    name: line.name,
    year,
    calendar: calendar.code,
    workingDays,
    shiftMinutes,
    breakMinutes,
    holidayMinutes,
    maintenanceMinutes,
    availableMinutes,
    mixRatePerMinute,
    ratedPerYear: Math.round(availableMinutes * mixRatePerMinute),
    products,
  };
}

// Without planned shares the line is rated on its first product, the one it
// is set up for; with shares, the rate of the mix is the time-weighted one.
function productMix(line: Line, availableMinutes: number): ProductCapacity[] {
  const hasShares = line.products.every((p) => p.share !== undefined);
  return line.products.map((p, i) => {
    const share = hasShares ? (p.share ?? 0) : i === 0 ? 1 : 0;
    return {
      product: p.product,
      ratePerMinute: p.ratePerMinute,
      share,
      dedicatedPerYear: Math.round(availableMinutes * p.ratePerMinute),
      plannedPerYear: Math.round(availableMinutes * share * p.ratePerMinute),
    };
  });
}

function mixRate(products: readonly ProductCapacity[]): number {
  return products.reduce((sum, p) => sum + p.share * p.ratePerMinute, 0);
}

function holidayDates(calendar: Calendar, year: number): Set<string> {
  const dates = new Set<string>();
  for (const holiday of calendar.holidays) {
    if (holiday.date?.startsWith(`${year}-`)) dates.add(holiday.date);
    if (holiday.annual) dates.add(`${year}-${holiday.annual}`);
  }
  return dates;
}

export function* daysOfYear(year: number): Generator<string> {
  yield* daysBetween(`${year}-01-01`, `${year}-12-31`);
}

function* daysBetween(from: string, to: string): Generator<string> {
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += DAY_MS) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}
