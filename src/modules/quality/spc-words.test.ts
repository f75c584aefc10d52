// Every alarm a run rule raises (its rule and direction) and every note of a
// lot's evidence has a message in every language of the web app, naming only
// values the server sends; and the evidence note carries its cause as a code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { invalid } from '../../core/errors.js';
import { alarmsNotRead, EVIDENCE_NOTE_CODES, EVIDENCE_NOTE_PARAMS } from './disposition.js';
import { ALARM_TEMPLATES, NELSON_RULES } from './run-rules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCALES = path.join(ROOT, 'web/src/i18n/locales');
const LANGUAGES = readdirSync(LOCALES);

type Tree = { [key: string]: string | Tree };

/** Every message of a subtree, by its dotted key. */
function flatten(tree: Tree | undefined, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tree ?? {})) {
    if (typeof value === 'string') out[`${prefix}${key}`] = value;
    else Object.assign(out, flatten(value, `${prefix}${key}.`));
  }
  return out;
}

function quality(language: string): Tree {
  return JSON.parse(readFileSync(path.join(LOCALES, language, 'quality.json'), 'utf8')) as Tree;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)/g;
const placeholders = (text: string) =>
  new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string));

/** The plural forms a language's counts take (CLDR): es has a `many` form (1 000 000 de …). */
const pluralForms = (language: string) =>
  new Intl.PluralRules(language).resolvedOptions().pluralCategories;

/** Each alarm the server words, by key (<rule> or <rule>.<direction>), with its English template. */
const ALARMS: [string, string][] = NELSON_RULES.flatMap((rule) => {
  const template: string | Record<string, string> = ALARM_TEMPLATES[rule];
  return typeof template === 'string'
    ? [[rule, template] as [string, string]]
    : Object.entries(template).map(
        ([direction, t]) => [`${rule}.${direction}`, t] as [string, string],
      );
});

describe('alarm and evidence note messages', () => {
  it('the languages are there', () => {
    expect(LANGUAGES).toEqual(expect.arrayContaining(['en', 'es']));
  });

  for (const language of LANGUAGES) {
    const alarms = flatten(quality(language).alarm as Tree);
    const notes = flatten(quality(language).evidenceNotes as Tree);

    it(`${language}: every alarm has a message, with a form for every plural of a run`, () => {
      const missing = ALARMS.flatMap(([key, template]) => {
        const counted = placeholders(template).has('run');
        const keys = counted ? pluralForms(language).map((form) => `${key}_${form}`) : [key];
        return keys.filter((k) => typeof alarms[k] !== 'string');
      });
      expect(missing).toEqual([]);
    });

    it(`${language}: an alarm message is of an alarm, naming only its run (as {{n}})`, () => {
      const wrong = Object.entries(alarms).flatMap(([key, message]) => {
        const alarm = ALARMS.find(([k]) => k === key.replace(PLURAL_SUFFIX, ''));
        if (!alarm) return [`${key}: no such alarm`];
        const sent = placeholders(alarm[1]).has('run') ? new Set(['n']) : new Set<string>();
        return [...placeholders(message)]
          .filter((name) => !sent.has(name))
          .map((name) => `${key}: {{${name}}}`);
      });
      expect(wrong).toEqual([]);
    });

    it(`${language}: every evidence note has a message naming only its params`, () => {
      const missing = EVIDENCE_NOTE_CODES.filter((code) => typeof notes[code] !== 'string');
      expect(missing).toEqual([]);
      const wrong = Object.entries(notes).flatMap(([code, message]) => {
        const sent = EVIDENCE_NOTE_PARAMS[code as keyof typeof EVIDENCE_NOTE_PARAMS] as
          | readonly string[]
          | undefined;
        if (!sent) return [`${code}: no such note`];
        return [...placeholders(message)]
          .filter((name) => !sent.includes(name))
          .map((name) => `${code}: {{${name}}}`);
      });
      expect(wrong).toEqual([]);
    });
  }
});

describe('the evidence note', () => {
  it('passes the error on as its cause: code and params in data, message in English', () => {
    const error = invalid(
      'too_many_values',
      'the window holds more than {{maxValues, number}} {{metric}} values of {{line}}; ask for a shorter one',
      { maxValues: 50_000, metric: 'Gauge/OAL', line: 'L1' },
    );
    expect(alarmsNotRead(error)).toEqual({
      code: 'spc_alarms_not_read',
      params: { maxValues: 50_000, metric: 'Gauge/OAL', line: 'L1', cause: 'too_many_values' },
      text: 'SPC alarms not read: the window holds more than 50,000 Gauge/OAL values of L1; ask for a shorter one',
    });
  });

  it('names an error without a code unavailable, keeping its message in the text', () => {
    expect(alarmsNotRead(new Error('connection reset'))).toEqual({
      code: 'spc_alarms_not_read',
      params: { cause: 'unavailable' },
      text: 'SPC alarms not read: connection reset',
    });
  });
});
