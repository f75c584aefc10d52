// The whole check: the locale files agree with each other, and the web app's
// source names only keys that exist and writes no words of its own.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { baseKey, checkLocales, type Problem } from './check-locales.js';
import { checkSource, type KeyIndex } from './check-sources.js';
import { flatten, readLocales } from './locales.js';

export interface CheckInput {
  /** The web app's source folder (web/src). */
  sourceDir: string;
  /** Its locale folder (web/src/i18n/locales). */
  localesDir: string;
  /** The reports module's catalogues (src/modules/reports/locales), checked as `documents`. */
  documentsDir?: string;
  /** Problems name files relative to it (default: the working directory). */
  root?: string;
}

export function checkTranslations({
  sourceDir,
  localesDir,
  documentsDir,
  root,
}: CheckInput): Problem[] {
  const locales = readLocales(localesDir, documentsDir);
  const problems = checkLocales(locales);
  const flats = [...locales.values()].map((namespaces) => flatten(namespaces));
  const keys = new Map<string, unknown>();
  for (const flat of flats) for (const [key, value] of flat) keys.set(key, value);
  const complete = new Set<string>();
  for (const key of keys.keys()) {
    const base = baseKey(key, keys);
    if (flats.every((flat) => flat.has(key) || flat.has(`${base}_other`))) {
      complete.add(key);
      complete.add(base);
    }
  }
  const index: KeyIndex = {
    namespaces: new Set([...locales.values()].flatMap((namespaces) => [...namespaces.keys()])),
    keys,
    complete,
  };
  for (const file of sourceFiles(sourceDir)) {
    const where = path.relative(root ?? process.cwd(), file);
    problems.push(...checkSource(where, readFileSync(file, 'utf8'), index));
  }
  return problems;
}

/** The app's components and modules; tests and the i18n core itself are not shown to anyone. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'i18n') files.push(...sourceFiles(full));
    } else if (/\.tsx?$/.test(entry.name) && !/\.(test|d)\.tsx?$/.test(entry.name)) {
      files.push(full);
    }
  }
  return files.sort();
}
