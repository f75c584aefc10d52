// Every note an SPC chart can carry has a message in every language of the web
// app (quality:spcNotes.<code>), naming only values the note sends; and the
// charting and capability refusals become the notes they should.
import { describe, expect, it } from 'vitest';
import { LOCALE_LANGUAGES, localeNamespace } from '../../../test/support/locales.js';
import { processCapability } from './capability.js';
import { individualsChart, xbarRChart } from './spc.js';
import {
  noCapabilityNote,
  noChartNote,
  SPC_NOTE_CODES,
  spcNote,
  spcNoteTemplate,
} from './spc-notes.js';

const LANGUAGES = LOCALE_LANGUAGES;

type Tree = { [key: string]: string | Tree };

function spcNotes(language: string): Record<string, string> {
  const quality = localeNamespace<Tree>(language, 'quality');
  return (quality.spcNotes ?? {}) as Record<string, string>;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)/g;
const placeholders = (text: string) => new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));

/** The plural forms a language's counts take (CLDR): es has a `many` form (1 000 000 de …). */
const pluralForms = (language: string) =>
  new Intl.PluralRules(language).resolvedOptions().pluralCategories;

describe('note messages', () => {
  it('the languages are there', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'es']));
  });

  for (const language of LANGUAGES) {
    const messages = spcNotes(language);

    it(`${language}: every note has a message, with a form for every plural of a count`, () => {
      const missing = SPC_NOTE_CODES.flatMap((code) => {
        const counted = placeholders(spcNoteTemplate(code)).has('count');
        const keys = counted ? pluralForms(language).map((form) => `${code}_${form}`) : [code];
        return keys.filter((key) => typeof messages[key] !== 'string');
      });
      expect(missing).toEqual([]);
    });

    it(`${language}: a message names only values its note sends (a count as {{n}})`, () => {
      const unsent = Object.entries(messages).flatMap(([key, message]) => {
        const code = SPC_NOTE_CODES.find((c) => c === key.replace(PLURAL_SUFFIX, ''));
        if (!code) return [`${key}: no such note`];
        const sent = placeholders(spcNoteTemplate(code));
        if (sent.has('count')) sent.add('n');
        return [...placeholders(message)]
          .filter((name) => !sent.has(name))
          .map((name) => `${key}: {{${name}}}`);
      });
      expect(unsent).toEqual([]);
    });
  }
});

describe('notes', () => {
  it('fill the English template with the params', () => {
    expect(spcNote('incomplete_subgroup', { count: 3, size: 5 })).toEqual({
      code: 'incomplete_subgroup',
      params: { count: 3, size: 5 },
      text: 'the last 3 values do not fill a subgroup of 5 and are left off',
    });
    expect(spcNote('no_spec_limits')).toEqual({
      code: 'no_spec_limits',
      params: {},
      text: 'no specification limits: name a specification or give lsl/usl for capability',
    });
  });

  it('say why the charting core drew no chart', () => {
    const refusal = (outcome: ReturnType<typeof xbarRChart>) => {
      if (outcome.ok) throw new Error('expected a refusal');
      return outcome.error;
    };
    expect(noChartNote(refusal(xbarRChart([])))).toEqual({
      code: 'no_chart_no_data',
      params: { what: 'subgroups' },
      text: 'no chart: subgroups is empty',
    });
    expect(noChartNote(refusal(individualsChart([5])))).toMatchObject({
      code: 'no_chart_too_few_points',
      params: { what: 'values', count: 1, minimum: 2 },
    });
    // Any other reason: its code as the param, the core's own words as the text.
    expect(noChartNote(refusal(xbarRChart([[1, Number.NaN]])))).toEqual({
      code: 'no_chart',
      params: { reason: 'invalid_value' },
      text: 'no chart: subgroup 0 holds a value that is not a finite number',
    });
  });

  it('say why the capability core gave no indices', () => {
    const refusal = (outcome: ReturnType<typeof processCapability>) => {
      if (outcome.ok) throw new Error('expected a refusal');
      return outcome.error;
    };
    expect(noCapabilityNote(refusal(processCapability({ values: [5, 5, 5] }, { usl: 6 })))).toEqual(
      {
        code: 'no_capability_no_spread',
        params: {},
        text: 'no capability: the values show no spread: the indices would be infinite',
      },
    );
    expect(
      noCapabilityNote(refusal(processCapability({ values: [5, 6] }, { lsl: 7, usl: 6 }))),
    ).toMatchObject({ code: 'no_capability_inverted_limits', params: { lsl: 7, usl: 6 } });
    expect(noCapabilityNote(refusal(processCapability({ values: [5] }, { usl: 6 })))).toEqual({
      code: 'no_capability',
      params: { reason: 'too_few_values' },
      text: 'no capability: capability needs at least 2 values, got 1',
    });
  });
});
