import { describe, expect, it } from 'vitest';
import { copyText } from './copy.js';

describe('copyText (COPY text format)', () => {
  it('writes a line a row, tab-separated, with \\N for NULL and t/f for booleans', () => {
    expect(
      copyText([
        ['a', 1, 2.5, true, null],
        ['b', -3, 0, false, undefined],
      ]),
    ).toBe('a\t1\t2.5\tt\t\\N\nb\t-3\t0\tf\t\\N\n');
  });

  it('escapes backslash, tab, newline and carriage return inside a value', () => {
    expect(copyText([['x\\y\tz\nw\rv']])).toBe('x\\\\y\\tz\\nw\\rv\n');
  });

  it('keeps a text "\\N" apart from NULL', () => {
    expect(copyText([['\\N', null]])).toBe('\\\\N\t\\N\n');
  });

  it('writes nothing for no rows', () => {
    expect(copyText([])).toBe('');
  });
});
