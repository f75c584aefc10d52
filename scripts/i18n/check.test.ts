import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkTranslations } from './check.js';
import { starterFile } from './new-language.js';

const REAL_LOCALES = path.resolve('web/src/i18n/locales');

let dir: string;
let sourceDir: string;
let localesDir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-i18n-'));
  sourceDir = path.join(dir, 'src');
  localesDir = path.join(dir, 'locales');
  mkdirSync(sourceDir);
  cpSync(REAL_LOCALES, localesDir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const check = () => checkTranslations({ sourceDir, localesDir, root: dir });
const messages = () => check().map((p) => `${p.where}: ${p.message}`);

function editLocale(
  language: string,
  namespace: string,
  edit: (tree: Record<string, Record<string, unknown> | string>) => void,
) {
  const file = path.join(localesDir, language, `${namespace}.json`);
  const tree = JSON.parse(readFileSync(file, 'utf8'));
  edit(tree);
  writeFileSync(file, JSON.stringify(tree, null, 2));
}

const component = (body: string) =>
  writeFileSync(
    path.join(sourceDir, 'Page.tsx'),
    `export function Page({ t, x }: any) {\n  return ${body};\n}\n`,
  );

describe('the locale files', () => {
  it('pass as they are in the app', () => {
    expect(messages()).toEqual([]);
  });

  it('fail on a key deliberately removed from one language', () => {
    editLocale('es', 'common', (tree) => {
      delete (tree.actions as Record<string, unknown>).save;
    });
    expect(messages()).toEqual(['es/common:actions.save: is missing']);
  });

  it('fail on a plural form a language needs (Spanish counts have a "many" form)', () => {
    editLocale('en', 'common', (tree) => {
      tree.lots = { count_one: '{{count}} lot', count_other: '{{count}} lots' };
    });
    editLocale('es', 'common', (tree) => {
      tree.lots = { count_one: '{{count}} lote', count_other: '{{count}} lotes' };
    });
    expect(messages()).toEqual([
      'es/common:lots.count_many: is missing: es counts need the "many" form',
    ]);
  });

  it('fail when the languages interpolate different values, or a text is empty', () => {
    editLocale('en', 'common', (tree) => {
      tree.moved = 'Moved {{quantity}} to {{magazine}}';
      tree.blank = 'Blank';
    });
    editLocale('es', 'common', (tree) => {
      tree.moved = 'Se movieron {{cantidad}} a {{magazine}}';
      tree.blank = ' ';
    });
    expect(messages().sort()).toEqual([
      'es/common:blank: is empty',
      'es/common:moved: uses {{cantidad, magazine}} where en uses {{magazine, quantity}}',
    ]);
  });
});

describe('the source', () => {
  it('passes keys that exist, and keys built from a prefix whose children exist', () => {
    component(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the component's source, as text
      "<p title={t('common:actions.save')}>{t('common:words.status')} {t(`common:actions.${x}`)} {'—'}</p>",
    );
    expect(messages()).toEqual([]);
  });

  it('fails on a key missing from the locale files, or a prefix with no children', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the component's source, as text
    component("<p>{t('common:actions.launch')} {t(`common:verbs.${x}`)}</p>");
    expect(messages()).toEqual([
      'src/Page.tsx:2: key common:actions.launch is not in every language',
      'src/Page.tsx:2: no key starts with common:verbs. in every language',
    ]);
  });

  it('fails on words written into a component: text, read props and shown literals', () => {
    component(`<div>
    <p>Release the lot</p>
    <input aria-label="Quantity" placeholder={x ? 'Crates' : 'Rounds'} />
    <span>{x ? 'Yes' : t('common:words.no')}</span>
  </div>`);
    expect(messages()).toEqual([
      'src/Page.tsx:3: text written in the component: "Release the lot"',
      'src/Page.tsx:4: aria-label written in the component: "Quantity"',
      'src/Page.tsx:4: placeholder written in the component: "Crates"',
      'src/Page.tsx:4: placeholder written in the component: "Rounds"',
      'src/Page.tsx:5: text written in the component: "Yes"',
    ]);
  });

  it('skips a line marked i18n-ignore', () => {
    component(`<div>
    {/* i18n-ignore: the unit's own symbol */}
    <abbr>mm</abbr>
  </div>`);
    expect(messages()).toEqual([]);
  });
});

// A third language added the way a translator adds one: a single file.
describe('a language in one file', () => {
  const documentsDir = path.resolve('src/modules/reports/locales');
  const checkAll = () =>
    checkTranslations({ sourceDir, localesDir, documentsDir, root: dir }).map(
      (p) => `${p.where}: ${p.message}`,
    );
  type Namespace = Record<string, unknown>;
  type File = Record<string, Namespace>;
  const group = (namespace: Namespace | undefined, key: string) =>
    (namespace?.[key] ?? {}) as Namespace;
  const writeGerman = (edit: (file: File) => void) => {
    const file = starterFile(localesDir, documentsDir, { code: 'de', locale: 'de-DE' });
    edit(file as File);
    writeFileSync(path.join(localesDir, 'de.json'), JSON.stringify(file, null, 2));
  };

  it('passes when the starter file holds every key (the English texts, to translate)', () => {
    writeGerman(() => {});
    expect(checkAll()).toEqual([]);
  });

  it('fails on the keys, plural forms and values it lacks, as a folder language does', () => {
    writeGerman((file) => {
      delete group(file.common, 'actions').save;
      delete file.twin;
      delete group(file.documents, 'shift').title;
      file.lots = { ...file.lots, count_one: '{{count}} Los', count_other: '{{count}} Lose' };
      file.common = { ...file.common, moved: '{{menge}} bewegt' };
    });
    editLocale('en', 'common', (tree) => {
      tree.moved = 'Moved {{quantity}}';
    });
    editLocale('es', 'common', (tree) => {
      tree.moved = 'Se movieron {{quantity}}';
    });
    editLocale('en', 'lots', (tree) => {
      tree.count_one = '{{count}} lot';
      tree.count_other = '{{count}} lots';
    });
    editLocale('es', 'lots', (tree) => {
      tree.count_one = '{{count}} lote';
      tree.count_other = '{{count}} lotes';
    });
    const problems = checkAll();
    expect(problems).toContain('de/common:actions.save: is missing');
    expect(problems).toContain('de/documents:shift.title: is missing');
    expect(problems).toContain('de/common:moved: uses {{menge}} where en uses {{quantity}}');
    expect(problems).toContain('es/lots:count_many: is missing: es counts need the "many" form');
    const twin = problems.filter((p) => p.startsWith('de/twin:'));
    expect(twin.length).toBeGreaterThan(5);
    expect(twin.every((p) => p.endsWith(': is missing'))).toBe(true);
    expect(problems.filter((p) => !p.startsWith('de/twin:')).sort()).toEqual([
      'de/common:actions.save: is missing',
      'de/common:moved: uses {{menge}} where en uses {{quantity}}',
      'de/documents:shift.title: is missing',
      'es/lots:count_many: is missing: es counts need the "many" form',
    ]);
  });

  it('gives a new language the plural forms its rules need (French counts have "many")', () => {
    const file = starterFile(localesDir, documentsDir, { code: 'fr' });
    expect(file.meta).toEqual({ name: 'Français', locale: 'fr' });
    const recall = (file.documents as { recall: Record<string, string> }).recall;
    expect(Object.keys(recall).filter((k) => k.startsWith('totals_'))).toEqual([
      'totals_many',
      'totals_one',
      'totals_other',
    ]);
  });
});
