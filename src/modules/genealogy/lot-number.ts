// Lot numbers after MIL-STD-1168C (shared/reference/lots/lot-numbering.md):
//
//   <manufacturer><yy><month><interfix><identifier><sequence>[<suffix>]
//    LTL          27  C      001       -           004        [A]
//
// Pure: the service keeps the counters (one per manufacturer and interfix,
// locked while a number is taken), this module decides what the next number
// is and what a number says. Every lot gets a number when it is made or
// received (4.1.2), a reworked lot a suffix (4.6), and no number is ever
// issued twice: the sequence only rises within an interfix series, and a
// series that is full moves on to the next interfix of the material's block.

/** A–M without I (MIL-STD-1168C 4.2, table: month of production). */
export const MONTH_LETTERS = 'ABCDEFGHJKLM';

export interface LotNumberScheme {
  /** Manufacturer's identification symbol, 1–4 letters or digits (the site's). */
  manufacturer: string;
  /** The character between interfix and sequence: a hyphen or a lot identifier code. */
  identifier: string;
  sequenceDigits: number;
}

export interface InterfixBlock {
  first: number;
  last: number;
}

export interface LotNumberParts {
  manufacturer: string;
  year: number;
  /** 1–12. */
  month: number;
  interfix: number;
  identifier: string;
  sequence: number;
  /** Rework suffix, '' for an original lot. */
  suffix: string;
}

export const INTERFIX_DIGITS = 3;
export const DEFAULT_INTERFIXES: InterfixBlock = { first: 1, last: 999 };

export function maxSequence(scheme: LotNumberScheme): number {
  return 10 ** scheme.sequenceDigits - 1;
}

/** One formatter per time zone: making one costs far more than using it, and a plant has one zone. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();

function monthFormat(timeZone: string): Intl.DateTimeFormat {
  let format = monthFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
    monthFormats.set(timeZone, format);
  }
  return format;
}

/** Year and month of production in the plant's time zone (a lot made at 23:00 on 31 March local time is a March lot). */
export function productionMonth(at: Date, timeZone: string): { year: number; month: number } {
  const parts = monthFormat(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: value('year'), month: value('month') };
}

export function formatLotNumber(parts: LotNumberParts, sequenceDigits: number): string {
  const month = MONTH_LETTERS[parts.month - 1];
  if (month === undefined) throw new RangeError(`month ${parts.month} is not 1–12`);
  return (
    parts.manufacturer +
    String(parts.year % 100).padStart(2, '0') +
    month +
    String(parts.interfix).padStart(INTERFIX_DIGITS, '0') +
    parts.identifier +
    String(parts.sequence).padStart(sequenceDigits, '0') +
    parts.suffix
  );
}

const PATTERN = /^([A-Z0-9]{1,4}?)(\d{2})([A-HJ-M])(\d{3})([-A-Z])(\d{3,5})([A-Z]{0,2})$/;

/** The parts of a lot number written by this scheme, or undefined for anything else (a supplier's number, say). */
export function parseLotNumber(text: string, scheme: LotNumberScheme): LotNumberParts | undefined {
  if (!text.startsWith(scheme.manufacturer)) return undefined;
  const rest = text.slice(scheme.manufacturer.length);
  const match = new RegExp(
    `^(\\d{2})([A-HJ-M])(\\d{${INTERFIX_DIGITS}})(${escapeRegex(scheme.identifier)})(\\d{${scheme.sequenceDigits}})([A-Z]{0,2})$`,
  ).exec(rest);
  if (!match) return undefined;
  const [, yy, monthLetter, interfix, identifier, sequence, suffix] = match as unknown as string[];
  return {
    manufacturer: scheme.manufacturer,
    year: 2000 + Number(yy),
    month: MONTH_LETTERS.indexOf(monthLetter as string) + 1,
    interfix: Number(interfix),
    identifier: identifier as string,
    sequence: Number(sequence),
    suffix: suffix as string,
  };
}

/** Loose shape check of any MIL-STD-1168 lot number (reference: validation sketch; 13–16 characters). */
export function looksLikeMilStdLotNumber(text: string): boolean {
  return text.length >= 11 && text.length <= 16 && PATTERN.test(text);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

export interface SeriesCounter {
  interfix: number;
  /** The last sequence number issued in this series; 0 when none was. */
  lastSequence: number;
}

export type NextInSeries =
  | { ok: true; interfix: number; sequence: number }
  | { ok: false; reason: string };

/**
 * The next (interfix, sequence) of a material's block: the lowest interfix
 * whose series still has room, continuing its sequence (MIL-STD-1168C 4.5.3:
 * the sequence advances within an interfix series). `counters` holds the
 * series already used; an interfix not among them starts at sequence 1.
 */
export function nextInBlock(
  block: InterfixBlock,
  counters: readonly SeriesCounter[],
  scheme: LotNumberScheme,
): NextInSeries {
  const max = maxSequence(scheme);
  const used = new Map(counters.map((c) => [c.interfix, c.lastSequence]));
  for (let interfix = block.first; interfix <= block.last; interfix++) {
    const last = used.get(interfix) ?? 0;
    if (last < max) return { ok: true, interfix, sequence: last + 1 };
  }
  return {
    ok: false,
    reason:
      `every lot number of interfixes ${pad(block.first)}–${pad(block.last)} is taken ` +
      `(${max} a series); reserve a further interfix block for the material in the plant file`,
  };
}

const pad = (n: number) => String(n).padStart(INTERFIX_DIGITS, '0');

/** A, B, … Z, AA, AB, … ZZ (MIL-STD-1168C 4.6: one or two capital letters, in order). */
export function nextReworkSuffix(current: string): string | undefined {
  if (current === '') return 'A';
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  if (current.length === 1) {
    const i = letters.indexOf(current);
    return i < letters.length - 1 ? letters[i + 1] : 'AA';
  }
  const first = letters.indexOf(current[0] as string);
  const second = letters.indexOf(current[1] as string);
  if (second < letters.length - 1) return `${letters[first]}${letters[second + 1]}`;
  if (first < letters.length - 1) return `${letters[first + 1]}A`;
  return undefined;
}
