// `npm run i18n:new-language -- fr [--name Français] [--locale fr-FR]`: writes
// web/src/i18n/locales/fr.json, every text in English to be translated. The
// app, the API and the reports speak the language as soon as the file is there.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { starterFile } from './i18n/new-language.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const localesDir = path.join(root, 'web/src/i18n/locales');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, locale: { type: 'string' } },
});
const code = positionals[0];
if (!code) {
  console.error('usage: npm run i18n:new-language -- <code> [--name <name>] [--locale <locale>]');
  process.exit(2);
}
const target = path.join(localesDir, `${code}.json`);
if (existsSync(target) || existsSync(path.join(localesDir, code))) {
  console.error(`${path.relative(root, target)}: the language is there already`);
  process.exit(1);
}
const file = starterFile(localesDir, path.join(root, 'src/modules/reports/locales'), {
  code,
  ...(values.name ? { name: values.name } : {}),
  ...(values.locale ? { locale: values.locale } : {}),
});
writeFileSync(target, `${JSON.stringify(file, null, 2)}\n`);
console.log(`wrote ${path.relative(root, target)}: translate its texts, then npm run lint`);
