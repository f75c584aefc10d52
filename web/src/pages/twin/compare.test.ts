import { describe, expect, it } from 'vitest';
import {
  askedFor,
  comparedRuns,
  defaultPicks,
  MAX_COMPARED,
  outputOf,
  parsePicks,
  togglePick,
  totalPerReplication,
} from './compare';
import { twinRun } from './sample-runs';

describe('the runs compared', () => {
  it('reads the picks from the address: absent, empty, or ids without repeats', () => {
    expect(parsePicks(null)).toBeUndefined();
    expect(parsePicks('')).toEqual([]);
    expect(parsePicks('a, b,,a')).toEqual(['a', 'b']);
    expect(parsePicks('a,b,c,d,e,f,g,h')).toHaveLength(MAX_COMPARED);
  });

  it('compares the newest three runs when none were picked', () => {
    const runs = ['d', 'c', 'b', 'a'].map((id) =>
      twinRun(id, `2026-01-0${id.charCodeAt(0) - 96}T00:00:00Z`, {
        scenario: 'baseline',
        year: 2027,
      }),
    );
    expect(defaultPicks(runs)).toEqual(['d', 'c', 'b']);
    expect(defaultPicks([])).toEqual([]);
  });

  it('ticks and unticks, refusing a tick past the limit', () => {
    expect(togglePick(['a'], 'b')).toEqual(['a', 'b']);
    expect(togglePick(['a', 'b'], 'a')).toEqual(['b']);
    const full = ['1', '2', '3', '4', '5', '6'];
    expect(togglePick(full, '7')).toEqual(full);
  });

  it('letters the runs in the order they were made, each with its own colour', () => {
    const later = twinRun('x', '2026-03-02T10:00:00Z', {
      scenario: 'line-out',
      year: 2027,
      line: 'L1',
      weeks: 8,
    });
    const earlier = twinRun('y', '2026-03-01T10:00:00Z', { scenario: 'rated', year: 2027 });
    const compared = comparedRuns([later, earlier]);
    expect(compared.map((c) => [c.letter, c.run.id, c.label])).toEqual([
      ['A', 'y', 'rated 2027'],
      ['B', 'x', 'line-out 2027'],
    ]);
    expect(compared[0]?.colour).not.toBe(compared[1]?.colour);
    expect(compared[1]?.asked).toBe('L1 out for 8 weeks from the first Monday of March');
  });

  it('says what each scenario asked for, with the server’s defaults where left out', () => {
    expect(askedFor({ scenario: 'baseline', year: 2027 })).toBe('');
    expect(
      askedFor({ scenario: 'line-out', year: 2027, line: 'L3', weeks: 2, from: '2027-05-03' }),
    ).toBe('L3 out for 2 weeks from 2027-05-03');
    expect(askedFor({ scenario: 'supplier-stop', year: 2027, supplier: 'SUP-PRIMERS' })).toBe(
      'SUP-PRIMERS stops from 2027-07-01, the default days of stock',
    );
    expect(askedFor({ scenario: 'demand-surge', year: 2027, surge: 0.2 })).toMatch(
      /^demand \+20\s?% over the rated mix$/,
    );
    expect(askedFor({ scenario: 'demand-surge', year: 2027, surge: -0.1 })).toMatch(
      /^demand −10\s?%/,
    );
    expect(askedFor({ scenario: 'buffer', year: 2027 })).toBe('buffers of 4,000 cartridges');
  });

  it('adds the products up into the plant’s output of each replication', () => {
    const run = twinRun('r', '2026-01-01T00:00:00Z', { scenario: 'baseline', year: 2027 });
    expect(totalPerReplication(run)).toEqual([150, 150]);
    expect(outputOf(run, null)).toMatchObject({ mean: 150, values: [150, 150] });
    expect(outputOf(run, 'BALL')).toMatchObject({
      mean: 105,
      low: 100,
      high: 110,
      values: [100, 110],
    });
    expect(outputOf(run, 'TRACER')).toBeUndefined();
  });
});
