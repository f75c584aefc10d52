// API errors in the user's language: the message of the code, filled in with
// its params formatted for the locale (es-VE here), and the server's English
// detail for what the app has no words for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { ApiError, type Problem } from './client';
import { codeText, errorText, fieldProblemText, problemText, problemTitle } from './error-text';

const problem = (code: string, params: Problem['params'], detail = 'the English detail') =>
  ({
    type: `urn:lotline:problem:${code}`,
    title: 'Conflict',
    status: 409,
    code,
    params,
    detail,
  }) as Problem;

// What the ledger answers when the safety officer's matrix forbids B with D
// in a magazine (src/modules/storage/hazard.ts, mixing_forbidden).
const interlockRefusal = problem('mixing_forbidden', {
  lot: 'LTL27C400-012',
  group: 'B',
  clashingLot: 'LTL27C300-004',
  clashingGroup: 'D',
  location: 'MAG-05',
  destination: 'MAG-05',
  groups: ['B', 'D'],
  source: 'French arrêté of 26 September 1980, art. 7 [FR-1980]',
  rule: 'different groups among A–H, J and K are not stored together',
});

// The language is the i18n module's, shared with other test files: put back.
let before: string;
beforeAll(() => {
  before = i18n.language;
});
afterAll(async () => {
  await i18n.changeLanguage(before);
});

describe('error messages in Spanish', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('es');
  });

  it('names the clashing compatibility groups of an interlock refusal, joined as Spanish joins them', () => {
    expect(problemText(interlockRefusal)).toBe(
      'Los grupos de compatibilidad B y D no pueden almacenarse juntos: el lote LTL27C400-012 ' +
        '(grupo B) choca con el lote LTL27C300-004 (grupo D) que ya está en MAG-05 ' +
        '(different groups among A–H, J and K are not stored together: ' +
        'French arrêté of 26 September 1980, art. 7 [FR-1980]).',
    );
  });

  it('formats quantities in the es-VE locale', () => {
    const over = problem('explosive_limit_exceeded', {
      lot: 'LTL27P001-001',
      incomingKg: 1500,
      destination: 'MAG-01-A',
      limitedLocation: 'MAG-01',
      wouldHoldKg: 8123.4,
      overKg: 123.4,
      limitKg: 8000,
    });
    expect(problemText(over)).toBe(
      'El lote LTL27P001-001 lleva 1.500 kg de CNE a MAG-01-A: MAG-01 quedaría con 8.123,4 kg de CNE, ' +
        '123,4 kg por encima de su límite de 8.000 kg.',
    );
  });

  it('words enumerated values and joins a choice with "o"', () => {
    expect(
      codeText('lot_status_forbids_use', { lot: 'L-1', lotUse: 'ship', lotStatus: 'on_hold' }),
    ).toBe('El lote L-1 no se puede despachar: está retenido.');
    expect(codeText('value_not_allowed', { values: ['approved', 'reviewed', 'released'] })).toBe(
      'Se esperaba uno de approved, reviewed o released.',
    );
  });

  it('says the cause an error passes on in its own words', () => {
    expect(codeText('signature_refused', { cause: 'wrong_credentials' })).toBe(
      'Firma rechazada: el nombre de usuario o la contraseña son incorrectos.',
    );
  });

  it('falls back to the server detail for an unknown code or a missing param', () => {
    expect(problemText(problem('no_such_code', {}, 'something new went wrong'))).toBe(
      'something new went wrong',
    );
    expect(problemText(problem('mixing_forbidden', { lot: 'L-1' }, 'group B clashes'))).toBe(
      'group B clashes',
    );
  });

  it('words the findings of a plant change by their codes, values and numbers in Spanish', () => {
    // What the server answers for a line edit that breaks the plant's rules
    // (src/modules/plant/validate.ts): the problem plant_invalid and one field
    // issue per finding.
    expect(
      fieldProblemText({
        path: 'lines[0].products[0].ratePerMinute',
        message: '101.5/min exceeds the slowest station CH (100/min)',
        code: 'rate_above_slowest_station',
        params: {
          product: 'C762-BALL',
          line: 'L1',
          ratePerMinute: 101.5,
          station: 'CH',
          stationRatePerMinute: 100,
        },
      }),
    ).toBe('101,5/min supera la cadencia de la estación más lenta, CH (100/min).');
    expect(
      fieldProblemText({
        path: 'lines[0].area',
        message: 'area "MAGS" is a storage area, not production',
        code: 'area_not_production',
        params: { area: 'MAGS', areaKind: 'storage' },
      }),
    ).toBe('El área “MAGS” es un área de almacenamiento, no de producción.');
    expect(
      fieldProblemText({
        path: 'safety.mixing[0].maxNetExplosiveKg',
        message: 'a quantity condition applies only to groups that are allowed together',
        code: 'mixing_quantity_when_forbidden',
        params: { groups: ['B', 'C'] },
      }),
    ).toBe(
      'Una condición de cantidad solo se aplica a grupos que pueden almacenarse juntos; B y C no pueden.',
    );
  });

  it('words each bad field by its code, and the title by the status', () => {
    expect(
      fieldProblemText({
        path: 'quantity',
        message: 'expected a number ≥ 1',
        code: 'number_below_minimum',
        params: { minimum: 1000 },
      }),
    ).toBe('Se esperaba un número mayor o igual a 1.000.');
    expect(fieldProblemText({ path: 'x', message: 'the validator says so' })).toBe(
      'the validator says so',
    );
    expect(problemTitle({ status: 409 })).toBe('Conflicto (409)');
    expect(problemTitle({ status: 418 })).toBe('Error (418)');
    expect(errorText(new ApiError(interlockRefusal))).toMatch(
      /^Los grupos de compatibilidad B y D/,
    );
  });
});

describe('error messages in English', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('en');
  });

  it('names the groups with "and" and formats numbers in en-US', () => {
    expect(problemText(interlockRefusal)).toMatch(
      /^Compatibility groups B and D may not be stored together: lot LTL27C400-012/,
    );
    expect(codeText('window_too_long', { maxDays: 1095 })).toBe(
      'The window is longer than 1,095 days.',
    );
  });
});
