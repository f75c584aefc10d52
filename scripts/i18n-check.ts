// `npm run i18n:check` (part of `npm run lint`): fails when a key is missing in
// a language, a plural form is missing, or a component writes its own words.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTranslations } from './i18n/check.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const problems = checkTranslations({
  sourceDir: path.join(root, 'web/src'),
  localesDir: path.join(root, 'web/src/i18n/locales'),
  documentsDir: path.join(root, 'src/modules/reports/locales'),
  root,
});
for (const problem of problems) console.error(`${problem.where}: ${problem.message}`);
if (problems.length > 0) {
  console.error(`i18n: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log('i18n: every key in every language, no words written into components');
