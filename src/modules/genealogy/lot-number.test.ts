import { describe, expect, it } from 'vitest';
import {
  formatLotNumber,
  type LotNumberScheme,
  looksLikeMilStdLotNumber,
  nextInBlock,
  nextReworkSuffix,
  parseLotNumber,
  productionMonth,
} from './lot-number.js';

const XYZ: LotNumberScheme = { manufacturer: 'XYZ', identifier: '-', sequenceDigits: 3 };

describe('MIL-STD-1168C lot numbers', () => {
  it('writes the standard example XYZ07D006-004', () => {
    const number = formatLotNumber(
      {
        manufacturer: 'XYZ',
        year: 2007,
        month: 4,
        interfix: 6,
        identifier: '-',
        sequence: 4,
        suffix: '',
      },
      3,
    );
    expect(number).toBe('XYZ07D006-004');
    expect(number).toHaveLength(13);
    expect(looksLikeMilStdLotNumber(number)).toBe(true);
  });

  it('skips I among the month letters: September is J, December is M', () => {
    const at = (month: number) =>
      formatLotNumber(
        {
          manufacturer: 'XYZ',
          year: 2008,
          month,
          interfix: 6,
          identifier: '-',
          sequence: 15,
          suffix: '',
        },
        3,
      );
    expect(at(1)).toBe('XYZ08A006-015');
    expect(at(8)).toBe('XYZ08H006-015');
    expect(at(9)).toBe('XYZ08J006-015');
    expect(at(12)).toBe('XYZ08M006-015');
  });

  it('parses what it writes, suffix and identifier code included', () => {
    const parts = {
      manufacturer: 'LTL',
      year: 2027,
      month: 3,
      interfix: 101,
      identifier: 'P',
      sequence: 42,
      suffix: 'AB',
    };
    const scheme = { manufacturer: 'LTL', identifier: 'P', sequenceDigits: 4 };
    const text = formatLotNumber(parts, 4);
    expect(text).toBe('LTL27C101P0042AB');
    expect(parseLotNumber(text, scheme)).toEqual(parts);
    expect(parseLotNumber('SUPPLIER-LOT-7', scheme)).toBeUndefined();
  });

  it('takes the month in the plant time zone', () => {
    // 02:30 UTC on 1 April is still 31 March in Caracas (UTC−4).
    expect(productionMonth(new Date('2027-04-01T02:30:00Z'), 'America/Caracas')).toEqual({
      year: 2027,
      month: 3,
    });
    expect(productionMonth(new Date('2027-04-01T04:30:00Z'), 'America/Caracas')).toEqual({
      year: 2027,
      month: 4,
    });
  });
});

describe('the next number of an interfix block', () => {
  const block = { first: 6, last: 7 };

  it('starts a new series at sequence 1', () => {
    expect(nextInBlock(block, [], XYZ)).toEqual({ ok: true, interfix: 6, sequence: 1 });
  });

  it('continues the sequence of the series (it does not restart with the month)', () => {
    expect(nextInBlock(block, [{ interfix: 6, lastSequence: 14 }], XYZ)).toEqual({
      ok: true,
      interfix: 6,
      sequence: 15,
    });
  });

  it('moves to the next interfix of the block when a series is full', () => {
    expect(nextInBlock(block, [{ interfix: 6, lastSequence: 999 }], XYZ)).toEqual({
      ok: true,
      interfix: 7,
      sequence: 1,
    });
  });

  it('refuses, saying why, when the whole block is used', () => {
    const full = [
      { interfix: 6, lastSequence: 999 },
      { interfix: 7, lastSequence: 999 },
    ];
    const next = nextInBlock(block, full, XYZ);
    expect(next.ok).toBe(false);
    if (!next.ok) expect(next.reason).toMatch(/interfixes 006–007/);
  });
});

describe('rework suffixes', () => {
  it('runs A … Z, then AA … ZZ, then none', () => {
    expect(nextReworkSuffix('')).toBe('A');
    expect(nextReworkSuffix('A')).toBe('B');
    expect(nextReworkSuffix('Z')).toBe('AA');
    expect(nextReworkSuffix('AZ')).toBe('BA');
    expect(nextReworkSuffix('ZY')).toBe('ZZ');
    expect(nextReworkSuffix('ZZ')).toBeUndefined();
  });
});
