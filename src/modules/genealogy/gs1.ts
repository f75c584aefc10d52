// GS1 identifiers and element strings for crate and pallet labels: check
// digits, the SSCC, and the Application Identifier (AI) data that the label's
// barcodes carry. Section numbers are those of the GS1 General Specifications.
import {
  type ErrorMessage,
  errorMessage,
  fieldIssue,
  invalid,
  invalidField,
  issueAt,
  LotlineError,
  restated,
} from '../../core/errors.js';
import { gs1CheckDigit as checkDigitOf, hasValidCheckDigit } from '../../core/gs1-check-digit.js';
import type { LabelData } from './labels.js';

export interface ElementString {
  ai: string;
  value: string;
}

/** ASCII GS: what a scanner transmits for an FNC1 used as a field separator. */
export const GS = '\x1d';

/** GS1 mod-10 check digit (§7.9.1): weights 3,1,3,… from the rightmost digit. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (!/^\d+$/.test(digitsWithoutCheck)) {
    throw invalid(
      'gs1_check_digit_not_digits',
      'a GS1 check digit needs digits only, got "{{value}}"',
      {
        value: digitsWithoutCheck,
      },
    );
  }
  return checkDigitOf(digitsWithoutCheck);
}

/** GTIN-8, -12, -13 or -14 with a correct check digit. */
export function isValidGtin(gtin: string): boolean {
  return /^(\d{8}|\d{12,14})$/.test(gtin) && hasValidCheckDigit(gtin);
}

export function isValidSscc(sscc: string): boolean {
  return /^\d{18}$/.test(sscc) && hasValidCheckDigit(sscc);
}

/**
 * SSCC from extension digit (0-9), GS1 company prefix (6-12 digits) and a serial reference that
 * fills the rest. Throws a clear error if the serial does not fit.
 */
export function makeSscc(
  extension: number,
  companyPrefix: string,
  serial: number | bigint,
): string {
  if (!Number.isInteger(extension) || extension < 0 || extension > 9) {
    throw invalid('sscc_extension_invalid', 'SSCC extension digit must be 0-9, got {{extension}}', {
      extension,
    }).withIssues([fieldIssue('extension', 'sscc_extension_invalid', 'expected a digit 0-9')]);
  }
  if (!/^\d{6,12}$/.test(companyPrefix)) {
    throw invalid(
      'gs1_company_prefix_invalid',
      'GS1 company prefix must be 6 to 12 digits, got "{{companyPrefix}}"',
      { companyPrefix },
    ).withIssues([
      fieldIssue('companyPrefix', 'gs1_company_prefix_invalid', 'expected 6 to 12 digits'),
    ]);
  }
  if (typeof serial === 'number' && !Number.isSafeInteger(serial)) {
    throw invalid(
      'sscc_serial_not_whole',
      'SSCC serial reference must be a whole number, got {{serial}}',
      { serial },
    ).withIssues([fieldIssue('serial', 'expected_whole_number', 'expected a whole number')]);
  }
  // AI (00): extension digit + company prefix + serial reference = 17 digits, then the check digit.
  const width = 16 - companyPrefix.length;
  const value = BigInt(serial);
  if (value < 0n || value >= 10n ** BigInt(width)) {
    const facts = {
      serial: value.toString(),
      width,
      prefixDigits: companyPrefix.length,
      maximum: (10n ** BigInt(width) - 1n).toString(),
    };
    throw invalid(
      'sscc_serial_too_wide',
      'SSCC serial reference {{serial}} does not fit the {{width}} digits left by a {{prefixDigits}}-digit company prefix',
      facts,
    ).withIssues([
      fieldIssue('serial', 'sscc_serial_too_wide', 'expected 0 to {{maximum}}', facts),
    ]);
  }
  const body = `${extension}${companyPrefix}${value.toString().padStart(width, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

type AiFormat =
  | { kind: 'digits'; length: number; check?: true }
  | { kind: 'date' }
  | { kind: 'count'; max: number }
  | { kind: 'cset82'; max: number };

interface AiDefinition {
  title: string;
  format: AiFormat;
  /**
   * The General Specifications' table of element strings with predefined length (§7.8.5): AIs
   * whose length follows from their first two digits need no separator after them. Every other AI is followed by FNC1 (GS) unless it ends the data.
   */
  predefinedLength: boolean;
}

// The AIs a Lotline label uses, and three more a scanner of its labels may meet (§3.2).
const AIS: Readonly<Record<string, AiDefinition>> = {
  '00': {
    title: 'SSCC',
    format: { kind: 'digits', length: 18, check: true },
    predefinedLength: true,
  },
  '01': {
    title: 'GTIN',
    format: { kind: 'digits', length: 14, check: true },
    predefinedLength: true,
  },
  '02': {
    title: 'CONTENT',
    format: { kind: 'digits', length: 14, check: true },
    predefinedLength: true,
  },
  '10': { title: 'BATCH/LOT', format: { kind: 'cset82', max: 20 }, predefinedLength: false },
  '11': { title: 'PROD DATE', format: { kind: 'date' }, predefinedLength: true },
  '15': { title: 'BEST BEFORE', format: { kind: 'date' }, predefinedLength: true },
  '17': { title: 'USE BY', format: { kind: 'date' }, predefinedLength: true },
  '21': { title: 'SERIAL', format: { kind: 'cset82', max: 20 }, predefinedLength: false },
  '37': { title: 'COUNT', format: { kind: 'count', max: 8 }, predefinedLength: false },
};

/** §7.11 Figure 7.11-1: GS1 AI encodable character set 82. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

function definition(ai: string): AiDefinition {
  const found = AIS[ai];
  if (!found) throw invalid('gs1_ai_unknown', 'GS1 AI ({{ai}}) is not one Lotline knows', { ai });
  return found;
}

/** A separator must follow this element when another one comes after it. */
function needsSeparator(ai: string): boolean {
  return !definition(ai).predefinedLength;
}

function isValidYymmdd(value: string): boolean {
  if (!/^\d{6}$/.test(value)) return false;
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12) return false;
  // §7.12: day 00 stands for the month's last day. Lotline prints 2000-2099 dates only, so the
  // leap years are those of that century.
  const year = 2000 + Number(value.slice(0, 2));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** Why an element's value breaks its AI's format, or undefined when it is fine. */
function elementProblem(ai: string, value: string): ErrorMessage | undefined {
  const { format, title } = definition(ai);
  const element = { ai, title, value };
  switch (format.kind) {
    case 'digits':
      if (!new RegExp(`^\\d{${format.length}}$`).test(value)) {
        return errorMessage(
          'gs1_element_digits',
          '({{ai}}) {{title}} must be {{length}} digits, got "{{value}}"',
          { ...element, length: format.length },
        );
      }
      if (format.check && !hasValidCheckDigit(value)) {
        return errorMessage(
          'gs1_element_check_digit',
          '({{ai}}) {{title}} "{{value}}" has a wrong check digit (expected {{expected}})',
          { ...element, expected: gs1CheckDigit(value.slice(0, -1)) },
        );
      }
      return undefined;
    case 'date':
      return isValidYymmdd(value)
        ? undefined
        : errorMessage(
            'gs1_element_date',
            '({{ai}}) {{title}} must be a date YYMMDD, got "{{value}}"',
            element,
          );
    case 'count':
      return new RegExp(`^\\d{1,${format.max}}$`).test(value)
        ? undefined
        : errorMessage(
            'gs1_element_count',
            '({{ai}}) {{title}} must be 1 to {{max}} digits, got "{{value}}"',
            { ...element, max: format.max },
          );
    case 'cset82':
      if (value.length < 1 || value.length > format.max) {
        return errorMessage(
          'gs1_element_length',
          '({{ai}}) {{title}} must be 1 to {{max}} characters, got {{length}}',
          { ...element, max: format.max, length: value.length },
        );
      }
      return CSET82.test(value)
        ? undefined
        : errorMessage(
            'gs1_element_characters',
            '({{ai}}) {{title}} "{{value}}" has characters outside GS1 character set 82',
            element,
          );
  }
}

function checkElements(elements: readonly ElementString[]): void {
  if (elements.length === 0) {
    throw invalid('gs1_data_empty', 'GS1 data needs at least one element string');
  }
  for (const { ai, value } of elements) {
    const problem = elementProblem(ai, value);
    if (problem) throw new LotlineError('invalid', problem, [issueAt(`(${ai})`, problem)]);
  }
}

/** "YYYY-MM-DD" as GS1's YYMMDD; `field` names the label field in the error. */
function gs1Date(date: string, field: string): string {
  // YYMMDD drops the century: §7.12 has the reader pick the one that puts the date less than 50
  // years before or 51 after the day it scans, which any production or expiry date on a label
  // meets. Years outside 2000-2099 are refused as typos.
  const match = /^20(\d{2})-(\d{2})-(\d{2})$/.exec(date);
  const yymmdd = match ? `${match[1]}${match[2]}${match[3]}` : '';
  if (!match || match[3] === '00' || !isValidYymmdd(yymmdd)) {
    throw invalid(
      'label_date_invalid',
      '{{field}}: "{{date}}" is not a date YYYY-MM-DD in 2000-2099',
      {
        field,
        date,
      },
    ).withIssues([
      fieldIssue(field, 'label_date_invalid', 'expected a date YYYY-MM-DD in 2000-2099', { date }),
    ]);
  }
  return yymmdd;
}

/**
 * GS1 element strings for a logistic label, in the GS1 order: (00) SSCC, (02) content GTIN + (37)
 * count when a GTIN is known, (10) lot, (11) production date YYMMDD, (17) expiry YYMMDD.
 */
export function logisticElements(data: LabelData): ElementString[] {
  if (!isValidSscc(data.sscc)) {
    throw invalidField(
      'sscc',
      'sscc_invalid',
      '"{{sscc}}" is not an SSCC (18 digits with a GS1 check digit)',
      { sscc: data.sscc },
    );
  }
  const elements: ElementString[] = [{ ai: '00', value: data.sscc }];
  if (data.gtin !== undefined) {
    if (!isValidGtin(data.gtin)) {
      throw invalidField(
        'gtin',
        'gtin_invalid',
        '"{{gtin}}" is not a GTIN (8, 12, 13 or 14 digits with a GS1 check digit)',
        { gtin: data.gtin },
      );
    }
    if (!Number.isInteger(data.quantity) || data.quantity < 1 || data.quantity > 99_999_999) {
      throw invalidField(
        'quantity',
        'label_count_invalid',
        '{{quantity}} is not a count of 1 to 99999999',
        {
          quantity: data.quantity,
        },
      );
    }
    // AI (02) is always 14 digits: shorter GTINs are right-aligned with leading zeros.
    elements.push({ ai: '02', value: data.gtin.padStart(14, '0') });
    // (37) counts the trade items in the logistic unit and is valid only beside (02).
    elements.push({ ai: '37', value: String(data.quantity) });
  }
  const lotProblem = elementProblem('10', data.lot);
  if (lotProblem) throw invalidField('lot', lotProblem);
  elements.push({ ai: '10', value: data.lot });
  elements.push({ ai: '11', value: gs1Date(data.productionDate, 'productionDate') });
  if (data.expiryDate !== undefined) {
    elements.push({ ai: '17', value: gs1Date(data.expiryDate, 'expiryDate') });
  }
  return elements;
}

/** Human-readable form "(00)…(02)…(37)…" */
export function humanReadable(elements: ElementString[]): string {
  return elements.map(({ ai, value }) => `(${ai})${value}`).join('');
}

/**
 * Raw GS1 data as a scanner reports it: AIs concatenated, FNC1/GS (\x1d) after every
 * variable-length field that is not last.
 */
export function gs1DataString(elements: ElementString[]): string {
  checkElements(elements);
  return elements
    .map(({ ai, value }, i) =>
      needsSeparator(ai) && i < elements.length - 1 ? `${ai}${value}${GS}` : `${ai}${value}`,
    )
    .join('');
}

// Symbology identifiers (ISO/IEC 15424) a scanner may prefix: GS1-128, GS1 DataMatrix, GS1 QR
// Code, GS1 DataBar. They say the data is GS1, and are not part of it.
const SYMBOLOGY_IDENTIFIER = /^\](C1|d2|Q3|e0)/;

/**
 * Parses such a data string (with \x1d separators, as scanners output) back into element strings;
 * knows the AIs above (fixed and variable lengths).
 */
export function parseGs1DataString(data: string): ElementString[] {
  let rest = data.replace(SYMBOLOGY_IDENTIFIER, '');
  // Some readers transmit the leading FNC1 as GS too.
  if (rest.startsWith(GS)) rest = rest.slice(1);
  const elements: ElementString[] = [];
  let at = 0;
  while (at < rest.length) {
    const ai = rest.slice(at, at + 2);
    const found = AIS[ai];
    if (!found) {
      throw invalid(
        'gs1_data_unknown_ai',
        'GS1 data: unknown AI "{{ai}}" at position {{position}} of "{{data}}"',
        { ai, position: at, data: printable(data) },
      );
    }
    at += 2;
    let value: string;
    const { format } = found;
    if (format.kind === 'digits' || format.kind === 'date') {
      const length = format.kind === 'digits' ? format.length : 6;
      value = rest.slice(at, at + length);
      at += length;
      // A separator after a predefined-length field is redundant but harmless.
      if (rest[at] === GS) at += 1;
    } else {
      const end = rest.indexOf(GS, at);
      value = rest.slice(at, end === -1 ? rest.length : end);
      at = end === -1 ? rest.length : end + 1;
    }
    const problem = elementProblem(ai, value);
    if (problem) throw new LotlineError('invalid', restated(problem, `GS1 data: ${problem.text}`));
    elements.push({ ai, value });
  }
  if (elements.length === 0) throw invalid('gs1_data_empty', 'GS1 data is empty');
  return elements;
}

function printable(data: string): string {
  return data.replaceAll(GS, '<GS>');
}
