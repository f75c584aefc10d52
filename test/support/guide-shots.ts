// The user guide's pictures (docs/guide/<language>/img/<role>-<step>.png).
// test/e2e/guide.e2e.test.ts takes and checks every one of them on every
// browser-test run, so a guide that no longer matches its pages fails the
// run. They are written into the guide only when asked (LOTLINE_GUIDE_SHOTS=1,
// `npm run guide:shots`); otherwise into .tmp/guide, which git ignores: the
// pictures change with every run (times, dates), and rewriting them in the
// repository each time is churn nobody reviews. Before a picture is taken the
// page must show the words the guide names — read from the web app's own
// locale files, in the guide's language — and no raw translation key: a
// broken page fails the test instead of ending up in the guide.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page, Request } from 'playwright-core';

export const GUIDE_LANGUAGES = ['es', 'en'] as const;
export type GuideLanguage = (typeof GUIDE_LANGUAGES)[number];

/** One guide per role; its pictures are named after it (operator-scrap.png). */
export type GuideRole = 'operator' | 'quality' | 'storekeeper' | 'planner' | 'admin';

/** The environment variable that sends the pictures into the guide itself. */
export const GUIDE_SHOTS_VARIABLE = 'LOTLINE_GUIDE_SHOTS';

/** Whether this run refreshes the guide's pictures (LOTLINE_GUIDE_SHOTS=1). */
export const refreshesGuide = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env[GUIDE_SHOTS_VARIABLE] === '1';

/** The guide's own picture folder: docs/guide/<language>/img. */
export function guideImageDir(language: GuideLanguage): string {
  return path.resolve('docs', 'guide', language, 'img');
}

/**
 * Where this run writes a language's pictures: the guide's folder when it
 * refreshes the guide, else .tmp/guide/<language>/img (ignored by git).
 */
export function shotDir(language: GuideLanguage, env: NodeJS.ProcessEnv = process.env): string {
  return refreshesGuide(env)
    ? guideImageDir(language)
    : path.resolve('.tmp', 'guide', language, 'img');
}

/** The pictures a guide's pages show (![…](img/<name>.png)), by file name. */
export function picturesShown(language: GuideLanguage): Set<string> {
  const dir = path.resolve('docs', 'guide', language);
  const shown = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/!\[[^\]]*\]\(img\/([^)]+\.png)\)/g)) {
      if (match[1]) shown.add(match[1]);
    }
  }
  return shown;
}

// ------------------------------------------------------------ the words

type Tree = { [key: string]: string | Tree };

const LOCALES = path.resolve('web', 'src', 'i18n', 'locales');
const trees = new Map<string, Tree>();

function localeTree(language: string, namespace: string): Tree | undefined {
  const id = `${language}/${namespace}`;
  if (!trees.has(id)) {
    const file = path.join(LOCALES, language, `${namespace}.json`);
    if (!existsSync(file)) return undefined;
    trees.set(id, JSON.parse(readFileSync(file, 'utf8')) as Tree);
  }
  return trees.get(id);
}

function lookUp(tree: Tree | undefined, dotted: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of dotted.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const interpolate = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );

/**
 * What the app says for a key ("production:terminals.title") in a language,
 * with its {{values}} filled in. A missing key fails the test: the guide
 * names words the app must have.
 */
export function words(
  language: GuideLanguage,
  key: string,
  values: Record<string, string | number> = {},
): string {
  const [namespace = '', dotted = ''] = key.split(':');
  const text = lookUp(localeTree(language, namespace), dotted);
  if (text === undefined) throw new Error(`no ${language} words for ${key}`);
  return interpolate(text, values);
}

/** Every string of a locale tree with its dotted key. */
function* strings(tree: Tree, prefix = ''): Generator<[string, string]> {
  for (const [key, value] of Object.entries(tree)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') yield [dotted, value];
    else yield* strings(value, dotted);
  }
}

/**
 * The words a page shows in a language for text that is English in its
 * source today (the navigation shell and the administration pages, whose
 * translation lands separately): the translations of every key whose English
 * is exactly that text, or — while no locale file holds it — the English
 * itself. The assertion then tightens by itself once the translation lands.
 */
export function wordsOf(language: GuideLanguage, english: string): string[] {
  const found = new Set<string>();
  for (const file of readdirSync(path.join(LOCALES, 'en')).filter((f) => f.endsWith('.json'))) {
    const namespace = file.slice(0, -'.json'.length);
    const tree = localeTree('en', namespace);
    if (!tree) continue;
    for (const [key, value] of strings(tree)) {
      if (value !== english) continue;
      const translated = lookUp(localeTree(language, namespace), key);
      if (translated !== undefined) found.add(translated);
    }
  }
  return found.size > 0 ? [...found] : [english];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern matching text that starts with any of the words given. */
export const startsWithAny = (texts: readonly string[]): RegExp =>
  new RegExp(`^\\s*(?:${texts.map(escapeRegExp).join('|')})`);

// ------------------------------------------------------------ a quiet page

const inFlight = new WeakMap<Page, Set<Request>>();

/**
 * Counts the page's requests in flight from now on. Call it on a new page
 * before its first navigation; a picture then waits for the network to rest.
 */
export function watchNetwork(page: Page): void {
  const open = new Set<Request>();
  inFlight.set(page, open);
  page.on('request', (request) => open.add(request));
  page.on('requestfinished', (request) => open.delete(request));
  page.on('requestfailed', (request) => open.delete(request));
}

/**
 * Waits until no request has been in flight for `quietMs`. Playwright's own
 * 'networkidle' fires once per navigation; a picture taken after a click must
 * wait for what the click asked for too.
 */
async function networkAtRest(page: Page, quietMs = 500, timeoutMs = 15_000): Promise<void> {
  const open = inFlight.get(page);
  if (!open) throw new Error('watchNetwork(page) was not called for this page');
  const deadline = Date.now() + timeoutMs;
  let quietSince = open.size === 0 ? Date.now() : undefined;
  while (quietSince === undefined || Date.now() - quietSince < quietMs) {
    if (Date.now() > deadline) {
      const urls = [...open].map((r) => r.url()).join(', ');
      throw new Error(`the network did not come to rest: ${urls}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (open.size > 0) quietSince = undefined;
    else quietSince ??= Date.now();
  }
}

/** A translation key shown as itself ("storage:move.title") where its words belong. */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.]+\b/g;

export interface GuideShot {
  language: GuideLanguage;
  role: GuideRole;
  /** A short name of the step: operator-<step>.png. */
  step: string;
  /** What the page must show first, in the guide's language (a heading, a label). */
  shows: Locator;
  /** The whole page rather than the window (for pages that are read top to bottom). */
  fullPage?: boolean;
}

/**
 * Asserts that the page shows what the step names and no raw translation
 * key, waits until the page rests (network quiet, fonts loaded), then writes
 * the picture (shotDir: into the guide only when asked). Returns its path.
 */
export async function guideShot(page: Page, shot: GuideShot): Promise<string> {
  await shot.shows.waitFor({ state: 'visible', timeout: 15_000 });
  await networkAtRest(page);
  await page.evaluate('document.fonts.ready.then(() => true)');
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what is checked
  const text = await page.locator('body').innerText();
  const raw = text.match(RAW_KEY) ?? [];
  if (raw.length > 0) {
    throw new Error(`${shot.role}-${shot.step} (${shot.language}) shows raw keys: ${raw}`);
  }
  const dir = shotDir(shot.language);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${shot.role}-${shot.step}.png`);
  await page.screenshot({
    path: file,
    animations: 'disabled',
    caret: 'hide',
    fullPage: shot.fullPage ?? false,
  });
  return file;
}

// ------------------------------------------------------------ staleness

// Runs in the blank page; a script, because the test's own code has no DOM types.
const GREY_DISTANCE = `async (takenPng, guidePng) => {
  const load = (base64) => new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('not a picture'));
    image.src = 'data:image/png;base64,' + base64;
  });
  const size = 32;
  const grey = (image) => {
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0, size, size);
    const rgba = context.getImageData(0, 0, size, size).data;
    const values = [];
    for (let i = 0; i < rgba.length; i += 4) {
      values.push((rgba[i] * 0.299 + rgba[i + 1] * 0.587 + rgba[i + 2] * 0.114) / 255);
    }
    return { values, ratio: image.width / image.height };
  };
  const [a, b] = await Promise.all([load(takenPng), load(guidePng)]);
  const ga = grey(a);
  const gb = grey(b);
  let sum = 0;
  for (let i = 0; i < ga.values.length; i++) sum += Math.abs(ga.values[i] - gb.values[i]);
  return { pixels: sum / ga.values.length, shape: Math.abs(ga.ratio - gb.ratio) / gb.ratio };
}`;

/**
 * How far a picture just taken is from the guide's own: both drawn at 32 × 32
 * in grey and compared pixel by pixel (0: the same, 1: black against white),
 * with the difference of their shapes. Times, dates and generated numbers
 * barely move a picture this small; a page laid out anew moves it a lot. The
 * pictures are drawn by Chromium, in a blank page of the given browser, so no
 * image library is needed.
 */
export async function pictureDistance(
  blank: Page,
  taken: Buffer,
  guide: Buffer,
): Promise<{ pixels: number; shape: number }> {
  return blank.evaluate(
    `(${GREY_DISTANCE})(${JSON.stringify(taken.toString('base64'))}, ${JSON.stringify(guide.toString('base64'))})`,
  ) as Promise<{ pixels: number; shape: number }>;
}
