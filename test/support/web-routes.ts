// The routes the web app's router declares, read from its source
// (web/src/router.tsx and the sections' route files), so that a browser test
// that walks every page can prove its list has them all: each as an absolute
// path ('/storage/orders/:number'), the layout's index route as '/', the
// catch-all as '*', and the sections not built yet (sections.ts), which the
// router serves from their own paths.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

export function declaredRoutes(): string[] {
  const router = read('web/src/router.tsx');
  const sources = [
    router,
    read('web/src/pages/planning/routes.tsx'),
    read('web/src/pages/maintenance/routes.tsx'),
  ];
  const routes = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/\bpath:\s*'([^']*)'/g)) {
      const route = match[1] ?? '';
      routes.add(route === '*' || route.startsWith('/') ? route : `/${route}`);
    }
  }
  if (router.includes('index: true')) routes.add('/');
  for (const section of read('web/src/sections.ts').matchAll(/\{[^{}]*\}/g)) {
    const notBuilt = section[0].includes('comingWith:') && /path: '([^']*)'/.exec(section[0]);
    if (notBuilt) routes.add(notBuilt[1] ?? '');
  }
  return [...routes].sort();
}
