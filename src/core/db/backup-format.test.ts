import { describe, expect, it } from 'vitest';
import {
  type BackupHeader,
  checkTrailer,
  compareSchema,
  copyFields,
  LineSplitter,
  lines,
  loadOrder,
  parseHeader,
  parseTrailer,
  RowDigest,
} from './backup-format.js';

const header: BackupHeader = {
  format: 1,
  lotline: '0.1.0',
  createdAt: '2027-03-15T10:00:00.000Z',
  store: 'pglite',
  schema: { migrations: 2, lastMigrationAt: 200, lastMigrationHash: 'b' },
  tables: [{ name: 'plant.sites', columns: ['code', 'name'], rows: 2 }],
  sequences: [{ name: 'production.work_order_numbers', lastValue: '7', isCalled: true }],
};

describe('the row digest', () => {
  it('does not depend on the order of the rows', () => {
    const a = new RowDigest();
    const b = new RowDigest();
    for (const row of ['1\tx', '2\ty', '3\tz']) a.add(row);
    for (const row of ['3\tz', '1\tx', '2\ty']) b.add(Buffer.from(row));
    expect(a.summary()).toEqual(b.summary());
    expect(a.summary().rows).toBe(3);
    expect(a.summary().digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a row is dropped, changed or doubled', () => {
    const of = (rows: string[]) => {
      const d = new RowDigest();
      for (const row of rows) d.add(row);
      return d.summary().digest;
    };
    const whole = of(['1\tx', '2\ty']);
    expect(of(['1\tx'])).not.toBe(whole);
    expect(of(['1\tx', '2\tY'])).not.toBe(whole);
    expect(of(['1\tx', '2\ty', '2\ty'])).not.toBe(of(['1\tx', '2\ty']));
    expect(of([])).toBe('0'.repeat(64));
  });
});

describe('cutting lines', () => {
  it('joins lines split across chunks and keeps empty lines', () => {
    const splitter = new LineSplitter();
    const got = [
      ...splitter.push(Buffer.from('ab')),
      ...splitter.push(Buffer.from('c\n\nd')),
      ...splitter.push(Buffer.from('e\nf')),
    ].map(String);
    expect(got).toEqual(['abc', '', 'de']);
    expect(String(splitter.rest())).toBe('f');
  });

  it('yields a last line without a newline', async () => {
    async function* chunks() {
      yield Buffer.from('one\ntw');
      yield Buffer.from('o\nthree');
    }
    const got: string[] = [];
    for await (const line of lines(chunks())) got.push(String(line));
    expect(got).toEqual(['one', 'two', 'three']);
  });
});

describe('COPY text fields', () => {
  it('unescapes what COPY escapes and reads \\N as null', () => {
    expect(copyFields('a\\tb\t\\N\tc\\\\d\\ne\t\\x41\\101')).toEqual([
      'a\tb',
      null,
      'c\\d\ne',
      'AA',
    ]);
  });
});

describe('the load order', () => {
  it('puts every table after the tables it references, ties by name', () => {
    const order = loadOrder(
      ['s.lots', 's.units', 's.materials', 's.sites'],
      [
        { from: 's.lots', to: 's.materials' },
        { from: 's.units', to: 's.lots' },
        { from: 's.units', to: 's.units' },
      ],
    );
    expect(order).toEqual(['s.materials', 's.lots', 's.sites', 's.units']);
  });

  it('refuses a cycle', () => {
    expect(() =>
      loadOrder(
        ['s.a', 's.b'],
        [
          { from: 's.a', to: 's.b' },
          { from: 's.b', to: 's.a' },
        ],
      ),
    ).toThrow(/s\.a, s\.b form a cycle/);
  });
});

describe('the schema of a backup against the known migrations', () => {
  const known = [
    { when: 100, hash: 'a' },
    { when: 200, hash: 'b' },
    { when: 300, hash: 'c' },
  ];
  it('tells the same, older, newer and unknown schemas apart', () => {
    expect(
      compareSchema({ migrations: 3, lastMigrationAt: 300, lastMigrationHash: 'c' }, known),
    ).toEqual({
      kind: 'same',
    });
    expect(
      compareSchema({ migrations: 2, lastMigrationAt: 200, lastMigrationHash: 'b' }, known),
    ).toEqual({
      kind: 'older',
      pending: 1,
    });
    expect(
      compareSchema({ migrations: 4, lastMigrationAt: 400, lastMigrationHash: 'd' }, known),
    ).toEqual({
      kind: 'newer',
    });
    // A migration this Lotline has, but with other content: not this Lotline's history.
    expect(
      compareSchema({ migrations: 2, lastMigrationAt: 200, lastMigrationHash: 'x' }, known),
    ).toEqual({
      kind: 'unknown',
    });
    expect(
      compareSchema({ migrations: 1, lastMigrationAt: 150, lastMigrationHash: 'b' }, known),
    ).toEqual({
      kind: 'unknown',
    });
  });
});

describe('the header and the trailer', () => {
  it('parses a header and refuses one that is not valid, naming the field', () => {
    expect(parseHeader(JSON.stringify(header))).toEqual(header);
    expect(() => parseHeader('{not json')).toThrow(/header is not valid JSON/);
    expect(() => parseHeader(JSON.stringify({ ...header, format: 2 }))).toThrow(/format/);
    expect(() =>
      parseHeader(
        JSON.stringify({ ...header, tables: [{ name: 'x; drop', columns: ['a'], rows: 1 }] }),
      ),
    ).toThrow(/tables\.0\.name|tables\[0\]\.name/);
  });

  it('accepts a trailer that matches what was read and refuses one that does not', () => {
    const digest = new RowDigest();
    digest.add('A\tAlpha');
    digest.add('B\tBeta');
    const read = new Map([['plant.sites', digest.summary()]]);
    const trailer = parseTrailer(
      JSON.stringify({
        end: true,
        tables: { 'plant.sites': digest.summary() },
        sha256: 'f'.repeat(64),
      }),
    );
    expect(() => checkTrailer(header, trailer, read, 'f'.repeat(64))).not.toThrow();
    expect(() => checkTrailer(header, trailer, read, 'e'.repeat(64))).toThrow(/checksum/);
    const short = new RowDigest();
    short.add('A\tAlpha');
    expect(() =>
      checkTrailer(header, trailer, new Map([['plant.sites', short.summary()]]), 'f'.repeat(64)),
    ).toThrow(/plant\.sites holds 1 row/);
  });
});
