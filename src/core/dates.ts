// Calendar dates as ISO strings (YYYY-MM-DD), the form the plant file and the
// API use for days: arithmetic on the date alone, free of time zones.
const DAY_MS = 86_400_000;

/** The date `days` after (or before, when negative) `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
