// Finding the languages in the web app's locale folder: both layouts, and a
// malformed language file stops startup with a message naming it.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverLanguages, LOCALES_FOLDER } from './languages.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-languages-'));
  cpSync(LOCALES_FOLDER, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string) => writeFileSync(path.join(dir, name), content);

describe('discoverLanguages', () => {
  it('finds the app’s languages in its own folder, Spanish first', () => {
    const languages = discoverLanguages();
    expect(languages.codes[0]).toBe('es');
    expect(languages.codes).toContain('en');
    expect(languages.get('es')).toMatchObject({ name: 'Español', locale: 'es-VE' });
    expect(languages.has('en')).toBe(true);
    expect(languages.has('fr')).toBe(false);
  });

  it('adds a language from one file, regional codes too', () => {
    write('pt-BR.json', JSON.stringify({ meta: { name: 'Português', locale: 'pt-BR' } }));
    write('fr.json', JSON.stringify({ meta: { name: 'Français' }, common: { ok: 'OK' } }));
    write('notes.txt', 'not a language');
    const languages = discoverLanguages(dir);
    expect(languages.codes).toEqual(['es', 'en', 'fr', 'pt-BR']);
    expect(languages.get('fr')).toMatchObject({ name: 'Français', locale: 'fr' });
    expect(languages.get('fr')?.namespaces?.common).toEqual({ ok: 'OK' });
  });

  it('refuses a file that is not JSON, has no name, or is not named by a language code', () => {
    write('fr.json', '{ "meta": ');
    expect(() => discoverLanguages(dir)).toThrow(/fr\.json is not valid JSON/);
    write('fr.json', JSON.stringify({ common: { ok: 'OK' } }));
    expect(() => discoverLanguages(dir)).toThrow(
      /fr\.json: expected a meta with the language's name/,
    );
    rmSync(path.join(dir, 'fr.json'));
    write('French.json', JSON.stringify({ meta: { name: 'Français' } }));
    expect(() => discoverLanguages(dir)).toThrow(/"French" is not a language code/);
  });
});
