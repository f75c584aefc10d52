import { describe, expect, it } from 'vitest';
import { storeTrouble } from './unavailable.js';

/** A driver error as node-postgres raises it, wrapped as Drizzle wraps it. */
function wrapped(cause: Error & { code?: string }) {
  return new Error('Failed query: insert into …', { cause });
}
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('storeTrouble', () => {
  it('reads a server that is down, restarting or gone from the cause chain', () => {
    const cases = [
      pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006', 'connection failure'),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated due to connection timeout'),
    ];
    for (const error of cases) {
      expect(storeTrouble(wrapped(error)), error.message).toMatchObject({
        kind: 'unreachable',
        retryAfterSeconds: 5,
      });
    }
  });

  it('names a full disk and an exhausted pool', () => {
    expect(
      storeTrouble(wrapped(pgError('53100', 'could not extend file: No space left on device'))),
    ).toMatchObject({ kind: 'disk_full', detail: expect.stringMatching(/disk is full/) });
    expect(storeTrouble(new Error('timeout exceeded when trying to connect'))).toMatchObject({
      kind: 'busy',
      retryAfterSeconds: 1,
    });
    expect(storeTrouble(pgError('53300', 'sorry, too many clients already'))).toMatchObject({
      kind: 'busy',
    });
  });

  it('leaves every other error alone', () => {
    expect(storeTrouble(wrapped(pgError('23505', 'duplicate key')))).toBeUndefined();
    expect(storeTrouble(wrapped(pgError('22P02', 'invalid input syntax')))).toBeUndefined();
    expect(storeTrouble(new TypeError('x is undefined'))).toBeUndefined();
    expect(storeTrouble(undefined)).toBeUndefined();
  });
});
