import { useEffect, useState } from 'react';

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

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const clockSeconds = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A time of day, in the plant's zone when it is known. */
export function formatClock(iso: string | number, timeZone?: string, seconds = false): string {
  const date = new Date(iso);
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat(undefined, {
        timeStyle: seconds ? 'medium' : 'short',
        timeZone,
      }).format(date);
    } catch {
      // an unknown zone: the reader's own below
    }
  }
  return (seconds ? clockSeconds : clock).format(date);
}
