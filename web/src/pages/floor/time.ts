import { useEffect, useState } from 'react';
import { currentLocale } from '../../i18n';

/** The current time, again every `everyMs`: durations on screen keep counting. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** A span as the floor says it: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

// Times of day, which web/src/format.ts has no formatter for: in the
// language's locale, cached per locale, style and zone.
const clocks = new Map<string, Intl.DateTimeFormat>();

function clockFormat(seconds: boolean, timeZone?: string): Intl.DateTimeFormat {
  const locale = currentLocale();
  const key = `${locale}|${seconds}|${timeZone ?? ''}`;
  let format = clocks.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeStyle: seconds ? 'medium' : 'short',
      ...(timeZone ? { timeZone } : {}),
    });
    clocks.set(key, format);
  }
  return format;
}

/** A time of day, in the plant's zone when it is known. */
export function formatClock(iso: string | number, timeZone?: string, seconds = false): string {
  const date = new Date(iso);
  if (timeZone) {
    try {
      return clockFormat(seconds, timeZone).format(date);
    } catch {
      // an unknown zone: the reader's own below
    }
  }
  return clockFormat(seconds).format(date);
}
