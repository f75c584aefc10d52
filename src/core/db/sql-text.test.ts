// SQL text for the hot paths: every value a numbered parameter, in order,
// fragments joined in as written, and nothing of a value ever in the text.
import { describe, expect, it } from 'vitest';
import { joined, nothing, raw, rendered, text, valueList, whereAll } from './sql-text.js';

describe('SQL text', () => {
  it('numbers each value as a parameter, in the order it is written', () => {
    expect(rendered(text`select 1 where a = ${'x'} and b = ${2}`)).toEqual({
      text: 'select 1 where a = $1 and b = $2',
      params: ['x', 2],
    });
    expect(rendered(text`select 1`)).toEqual({ text: 'select 1', params: [] });
  });

  it('joins fragments in and numbers their values with the rest', () => {
    const lock = raw(' for update');
    const where = joined([text`"line" = ${'L1'}`, text`"state" = ${'running'}`], ' and ');
    expect(rendered(text`select * from t where ${where}${lock} limit ${5}`)).toEqual({
      text: 'select * from t where "line" = $1 and "state" = $2 for update limit $3',
      params: ['L1', 'running', 5],
    });
    expect(rendered(text`select * from t${nothing} limit ${1}`)).toEqual({
      text: 'select * from t limit $1',
      params: [1],
    });
    expect(rendered(joined([], ', '))).toEqual({ text: '', params: [] });
  });

  it('lists values one parameter each, and keeps values that look like SQL as values', () => {
    const hostile = "x'); drop table t; --";
    expect(rendered(text`select * from t where id in (${valueList(['a', hostile, 'c'])})`)).toEqual(
      {
        text: 'select * from t where id in ($1, $2, $3)',
        params: ['a', hostile, 'c'],
      },
    );
    // null and undefined are values too, not text.
    expect(rendered(text`insert into t values (${null}, ${undefined})`).params).toEqual([
      null,
      undefined,
    ]);
  });

  it('writes a where clause of every condition given, and none for no condition', () => {
    const conditions = [text`"line_code" = ${'L1'}`, text`"state" = ${'running'}`];
    expect(rendered(text`select 1 from t${whereAll(conditions)} limit ${5}`)).toEqual({
      text: 'select 1 from t where "line_code" = $1 and "state" = $2 limit $3',
      params: ['L1', 'running', 5],
    });
    expect(rendered(text`select 1 from t${whereAll([])} limit ${5}`)).toEqual({
      text: 'select 1 from t limit $1',
      params: [5],
    });
  });
});
