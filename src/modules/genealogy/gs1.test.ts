// GS1 identifiers against published examples and sums worked by hand, and the element strings
// of a logistic label: their order, separators and the parse back from scanner data.
import { describe, expect, it } from 'vitest';
import {
  type ElementString,
  gs1CheckDigit,
  gs1DataString,
  humanReadable,
  isValidGtin,
  isValidSscc,
  logisticElements,
  makeSscc,
  parseGs1DataString,
} from './gs1.js';
import type { LabelData } from './labels.js';

const GS = '\x1d';

const pallet: LabelData = {
  kind: 'pallet',
  sscc: '106141412345678908',
  lot: 'LTL27C001-004',
  gtin: '10614141000415',
  quantity: 660,
  productCode: 'C762-BALL',
  productName: '7.62 × 51 mm Ball',
  productionDate: '2027-03-01',
  expiryDate: '2037-02-28',
  siteName: 'Plant Norte',
};

describe('gs1CheckDigit', () => {
  it('matches published identifiers', () => {
    // GS1 General Specifications §7.9.1, the worked GTIN-13 example: 629104150021 → 3.
    expect(gs1CheckDigit('629104150021')).toBe(3);
    // Their example SSCC for AI (00): 1 0614141 234567890 8.
    expect(gs1CheckDigit('10614141234567890')).toBe(8);
    // The UPC-A 0 36000 29145 2 and EAN-8 9638507 4 found in most descriptions of the codes.
    expect(gs1CheckDigit('03600029145')).toBe(2);
    expect(gs1CheckDigit('9638507')).toBe(4);
  });

  it('matches a GTIN-14 worked by hand', () => {
    // 1061414100041, weights 3,1,3,… from the right:
    // 1·3 + 4 + 0·3 + 0 + 0·3 + 1 + 4·3 + 1 + 4·3 + 1 + 6·3 + 0 + 1·3 = 55 → 10 − 5 = 5.
    expect(gs1CheckDigit('1061414100041')).toBe(5);
    // A sum that is a multiple of ten gives 0, not 10: 0000000000000 → 0.
    expect(gs1CheckDigit('0000000000000')).toBe(0);
  });

  it('refuses anything but digits', () => {
    expect(() => gs1CheckDigit('12a4')).toThrow(/digits only/);
    expect(() => gs1CheckDigit('')).toThrow(/digits only/);
  });
});

describe('isValidGtin and isValidSscc', () => {
  it('accept the four GTIN lengths with a right check digit', () => {
    for (const gtin of ['96385074', '036000291452', '6291041500213', '10614141000415']) {
      expect(isValidGtin(gtin), gtin).toBe(true);
    }
  });

  it('refuse a wrong check digit, another length or other characters', () => {
    for (const gtin of [
      '96385075',
      '6291041500214',
      '10614141000416',
      '123456789',
      '12345678901',
      'A0614141000415',
      '',
    ]) {
      expect(isValidGtin(gtin), gtin).toBe(false);
    }
  });

  it('accept the SSCC of the General Specifications and refuse near misses', () => {
    expect(isValidSscc('106141412345678908')).toBe(true);
    expect(isValidSscc('106141412345678907')).toBe(false);
    expect(isValidSscc('10614141234567890')).toBe(false);
    expect(isValidSscc('1061414123456789080')).toBe(false);
  });
});

describe('makeSscc', () => {
  it('builds the published SSCC from its parts', () => {
    expect(makeSscc(1, '0614141', 234567890)).toBe('106141412345678908');
    expect(makeSscc(1, '0614141', 234567890n)).toBe('106141412345678908');
  });

  it('pads the serial reference to the digits the company prefix leaves', () => {
    const sscc = makeSscc(0, '789012345678', 42);
    expect(sscc).toHaveLength(18);
    expect(sscc.slice(0, 17)).toBe('07890123456780042');
    expect(isValidSscc(sscc)).toBe(true);
    // A 6-digit prefix leaves 10 digits; the largest serial is all nines.
    expect(isValidSscc(makeSscc(9, '123456', 9_999_999_999))).toBe(true);
  });

  it('says clearly when the serial does not fit', () => {
    expect(() => makeSscc(0, '789012345678', 10_000)).toThrow(
      /serial reference 10000 does not fit the 4 digits left by a 12-digit company prefix/,
    );
    expect(() => makeSscc(0, '0614141', -1)).toThrow(/does not fit/);
    expect(() => makeSscc(0, '0614141', 1.5)).toThrow(/whole number/);
    expect(() => makeSscc(10, '0614141', 1)).toThrow(/extension digit/);
    expect(() => makeSscc(0, '12345', 1)).toThrow(/company prefix/);
  });
});

describe('logisticElements', () => {
  it('lists the elements in the GS1 order, dates as YYMMDD', () => {
    expect(logisticElements(pallet)).toEqual([
      { ai: '00', value: '106141412345678908' },
      { ai: '02', value: '10614141000415' },
      { ai: '37', value: '660' },
      { ai: '10', value: 'LTL27C001-004' },
      { ai: '11', value: '270301' },
      { ai: '17', value: '370228' },
    ]);
  });

  it('leaves out (02) and (37) without a GTIN, and (17) without an expiry', () => {
    const { gtin: _gtin, expiryDate: _expiry, ...rest } = pallet;
    expect(logisticElements(rest).map((e) => e.ai)).toEqual(['00', '10', '11']);
  });

  it('carries a shorter GTIN as the 14 digits of (02)', () => {
    const elements = logisticElements({ ...pallet, gtin: '6291041500213' });
    expect(elements[1]).toEqual({ ai: '02', value: '06291041500213' });
  });

  it('names the field that is wrong', () => {
    const bad: [Partial<LabelData>, RegExp][] = [
      [{ sscc: '106141412345678907' }, /^sscc: .* is not an SSCC/],
      [{ gtin: '10614141000416' }, /^gtin: .* is not a GTIN/],
      [{ quantity: 0 }, /^quantity: /],
      [{ lot: 'LOT WITH SPACES' }, /^lot: .*character set 82/],
      [{ lot: 'L'.repeat(21) }, /^lot: .*1 to 20 characters/],
      [{ productionDate: '2027-02-29' }, /^productionDate: "2027-02-29" is not a date/],
      [{ productionDate: '27-03-01' }, /^productionDate: /],
      [{ expiryDate: '1999-12-31' }, /^expiryDate: /],
    ];
    for (const [change, message] of bad) {
      expect(() => logisticElements({ ...pallet, ...change }), JSON.stringify(change)).toThrow(
        message,
      );
    }
  });

  it('takes 29 February in a leap year', () => {
    expect(logisticElements({ ...pallet, productionDate: '2028-02-29' })[4]).toEqual({
      ai: '11',
      value: '280229',
    });
  });
});

describe('element strings as text', () => {
  const elements = logisticElements(pallet);

  it('reads "(AI)value" for people', () => {
    expect(humanReadable(elements)).toBe(
      '(00)106141412345678908(02)10614141000415(37)660(10)LTL27C001-004(11)270301(17)370228',
    );
  });

  it('puts GS after a variable-length field only when another field follows', () => {
    expect(gs1DataString(elements)).toBe(
      `00106141412345678908021061414100041537660${GS}10LTL27C001-004${GS}1127030117370228`,
    );
    // (10) last: nothing after it. Fixed-length fields never take one.
    expect(
      gs1DataString([
        { ai: '11', value: '270301' },
        { ai: '10', value: 'A1' },
      ]),
    ).toBe('1127030110A1');
  });

  it('refuses a value its AI does not allow', () => {
    expect(() => gs1DataString([{ ai: '00', value: '106141412345678907' }])).toThrow(
      /\(00\) SSCC .* wrong check digit \(expected 8\)/,
    );
    expect(() => gs1DataString([{ ai: '17', value: '371301' }])).toThrow(/YYMMDD/);
    expect(() => gs1DataString([{ ai: '37', value: '123456789' }])).toThrow(/1 to 8 digits/);
    expect(() => gs1DataString([{ ai: '99', value: 'x' }])).toThrow(/\(99\)/);
  });

  it('parses scanner data back into the same elements', () => {
    expect(parseGs1DataString(gs1DataString(elements))).toEqual(elements);
    // With the symbology identifier a scanner may prefix, and a redundant GS after a fixed field.
    expect(parseGs1DataString(`]C100106141412345678908${GS}10A(1)B`)).toEqual([
      { ai: '00', value: '106141412345678908' },
      { ai: '10', value: 'A(1)B' },
    ]);
    const single: ElementString[] = [{ ai: '00', value: '106141412345678908' }];
    expect(parseGs1DataString(`]d2${gs1DataString(single)}`)).toEqual(single);
  });

  it('refuses scanner data it cannot read', () => {
    expect(() => parseGs1DataString('')).toThrow(/empty/);
    expect(() => parseGs1DataString('9912345')).toThrow(/unknown AI "99" at position 0/);
    expect(() => parseGs1DataString('00106141412345678907')).toThrow(/wrong check digit/);
    expect(() => parseGs1DataString('001061414123456789')).toThrow(/18 digits/);
    expect(() => parseGs1DataString(`10${'L'.repeat(21)}`)).toThrow(/1 to 20 characters/);
  });
});
