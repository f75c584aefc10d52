// Issue 11: adding a third language is adding one file. A copy of the web
// app's locale folder gets a German `de.json` (partly translated, as a new
// language is), and an app built over that copy speaks German: a user may
// choose it and nothing unknown, and the printed reports come out in it, in
// English where the file says nothing.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../db/store.js';
import type { App } from '../http/server.js';

const GERMAN = {
  meta: { name: 'Deutsch', locale: 'de-DE' },
  common: { actions: { save: 'Speichern' } },
  // The printed reports' words: two of the shift report's, nothing else.
  documents: { shift: { title: 'Schichtbericht', summary: 'Zusammenfassung nach Linie' } },
};

let dir: string;
let store: Store;
let app: App;
let reader: Session;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-locales-'));
  cpSync(path.resolve('web/src/i18n/locales'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'de.json'), JSON.stringify(GERMAN));
  store = await createReferenceStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }), localesDir: dir });
  await app.ready();
  reader = await signInAs(app, store.db, 'dora.de', ['viewer']);
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const patchMe = (payload: Record<string, unknown>) =>
  app.inject({ method: 'PATCH', url: '/api/auth/me', headers: reader.headers, payload });
const get = (url: string) => app.inject({ method: 'GET', url, headers: reader.headers });

async function pdfText(url: string): Promise<string> {
  const response = await get(url);
  expect(response.statusCode, response.body).toBe(200);
  const pdf = await getDocumentProxy(new Uint8Array(response.rawPayload));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

describe('a language added as one file', () => {
  it('is one the app speaks: the default first, then the others', async () => {
    const config = await app.inject({ method: 'GET', url: '/api/auth/config' });
    expect(config.json().languages).toEqual(['es', 'de', 'en']);
    const options = await get('/api/reports/options');
    expect(options.statusCode, options.body).toBe(200);
    expect(options.json().languages).toEqual(['es', 'de', 'en']);
  });

  it('may be a user’s language; a language with no file may not', async () => {
    const refused = await patchMe({ language: 'fr' });
    expect(refused.statusCode, refused.body).toBe(400);
    const chosen = await patchMe({ language: 'de' });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json().user.language).toBe('de');
  });

  it('prints the reports in it, in English where its file says nothing', async () => {
    const url = '/api/reports/shift?date=2025-03-10&shift=A&line=L1';
    const response = await get(url);
    expect(response.headers['content-language']).toBe('de-DE');
    const text = await pdfText(url); // in the reader's own language, German
    expect(text).toContain('Schichtbericht');
    expect(text).toContain('Zusammenfassung nach Linie');
    expect(text).toContain('Plant total'); // not in de.json: English
    expect(text).not.toContain('Shift report');
    // Dates in the language's locale: "10.03.2025", not "Mar 10, 2025".
    expect(text).toMatch(/10\.03\.2025|10\. März 2025/);
    const asked = await get(`${url}&language=fr`);
    expect(asked.statusCode, asked.body).toBe(400);
  });
});
