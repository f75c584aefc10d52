// A throw site states code, English template and params once; the English
// detail is the template rendered, and the error carries code and params for
// a client to word in its own language.
import { describe, expect, it } from 'vitest';
import {
  causedBy,
  conflict,
  errorMessage,
  invalid,
  invalidField,
  renderTemplate,
  unauthorized,
  unknownReference,
} from './errors.js';

describe('an error stated at its throw site', () => {
  it('renders its template with its params as the English message', () => {
    const error = conflict(
      'insufficient_stock',
      '{{location}} holds {{available}}, not {{quantity}}',
      {
        location: 'MAG-01',
        available: 12,
        quantity: 20,
      },
    );
    expect(error).toMatchObject({
      kind: 'conflict',
      code: 'insufficient_stock',
      params: { location: 'MAG-01', available: 12, quantity: 20 },
      message: 'MAG-01 holds 12, not 20',
      issues: [],
    });
  });

  it('writes lists with commas, numbers as given or grouped, codes as words', () => {
    expect(
      renderTemplate('{{groups}}; {{kg}} or {{kg, number}} kg; {{status, words}}; {{missing}}', {
        groups: ['B', 'D'],
        kg: 8123.4,
        status: 'on_hold',
      }),
    ).toBe('B, D; 8123.4 or 8,123.4 kg; on hold; {{missing}}');
  });

  it('points at a field: "<path>: <message>", with the issue carrying the same code', () => {
    const error = invalidField(
      'lines.0.product',
      'product_unknown',
      'unknown product "{{product}}"',
      {
        product: 'X',
      },
    );
    expect(error.message).toBe('lines.0.product: unknown product "X"');
    expect(error.issues).toEqual([
      {
        path: 'lines.0.product',
        message: 'unknown product "X"',
        code: 'product_unknown',
        params: { product: 'X' },
      },
    ]);
    expect(invalidField('lot', errorMessage('lot_empty', 'is empty')).message).toBe(
      'lot: is empty',
    );
    expect(unknownReference('to', 'location_unknown', 'location', 'NOWHERE')).toMatchObject({
      message: 'to: unknown location "NOWHERE"',
      params: { location: 'NOWHERE' },
      issues: [{ path: 'to', message: 'unknown location', code: 'location_unknown' }],
    });
  });

  it('adds field issues to an error without changing what it says', () => {
    const error = invalid('request_invalid', 'the request is not valid').withIssues([
      { path: 'quantity', message: 'expected a number' },
    ]);
    expect(error).toMatchObject({ kind: 'invalid', code: 'request_invalid', params: {} });
    expect(error.issues).toHaveLength(1);
  });

  it("passes another error's code on as the cause, in words after its own", () => {
    const wrong = unauthorized('wrong_credentials', 'the user name or the password is wrong');
    expect(causedBy('signature_refused', 'signature refused', wrong)).toEqual({
      code: 'signature_refused',
      params: { cause: 'wrong_credentials' },
      text: 'signature refused: the user name or the password is wrong',
    });
  });
});
