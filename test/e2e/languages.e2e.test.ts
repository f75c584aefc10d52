// Every page of the app, in both of its languages. A user holding every role
// visits every route of the web app's router — the list below, which the
// first test holds against web/src/router.tsx and the sections' route files,
// so that a new route cannot go unvisited — over the reference plant, with
// what the detail pages need made through the API first: a work order and
// its lot (inspected, released, packed, shipped and recalled), a customer
// order, a nonconformance and a maintenance job.
//
// On each page, once it has settled, in Spanish (es-VE):
//   (a) no raw i18n key shows: no "ns:key.path" text, and no text that is a
//       key path of the locale files (i18next shows a missing key as its path);
//   (b) in Spanish, no text is an English string of the locale files that
//       reads differently in Spanish;
//   (c) no uncaught error in the page;
//   (d) in Spanish, no text reads as an English sentence (English-only words
//       such as "the", "of", "with"), which catches words never moved to the
//       locale files at all, outside the plant's own data;
//   (e) the page drew what it is for: no error panel, no "no access", and
//       "page not found" only where no page is.
// Besides, every role and permission of the server has a name in every language.
// Code (<code>, <pre>) is data — lot numbers, stream keys, JSON — and text
// marked as another language (lang="en", as a language's own name) is that
// language's by intent: neither is held to the reader's language.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_PERMISSIONS, ALL_ROLES } from '../../src/core/auth/roles.js';
import { decide } from '../../src/modules/genealogy/index.js';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import { type Session, signedHeaders, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { launchBrowser, signIn } from '../support/browser.js';
import { REFERENCE_PLANT } from '../support/database.js';
import { packerCountRows } from '../support/machine-events.js';
import { declaredRoutes } from '../support/web-routes.js';
import { callApi, type Served, serveReferencePlant } from './harness.js';

const LANGUAGE_LOCALES = { es: 'es-VE', en: 'en-US' } as const;
type Language = keyof typeof LANGUAGE_LOCALES;
const USERNAME = 'omnia';

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
type Json = { [key: string]: any };

// ---------------------------------------------------------------- the routes

interface RouteVisit {
  /** The route as the router declares it. */
  route: string;
  /** A path that opens it on the test's plant. */
  path: () => string;
  /** Pages for nobody signed in (the sign-in page sends a signed-in user on). */
  signedOut?: boolean;
  /** The page is the app's "page not found". */
  notFound?: boolean;
}

/** What the detail routes open, made in beforeAll. */
const made = {
  workOrderId: '',
  lot: '',
  inspection: '',
  nonconformance: '',
  recall: '',
  order: '',
  shipment: '',
  job: '',
};

const STREAM = 'product:C762-BALL:major';

const ROUTES: RouteVisit[] = [
  { route: '/sign-in', path: () => '/sign-in', signedOut: true },
  { route: '/change-password', path: () => '/change-password' },
  { route: '/production/terminal/:line', path: () => '/production/terminal/L1' },
  { route: '/', path: () => '/' },
  { route: '/plant', path: () => '/plant' },
  { route: '/floor', path: () => '/floor' },
  { route: '/floor/lines/:line', path: () => '/floor/lines/L1' },
  { route: '/plant/lines/:code', path: () => '/plant/lines/L1' },
  { route: '/production', path: () => '/production' },
  {
    route: '/production/work-orders/:id',
    path: () => `/production/work-orders/${made.workOrderId}`,
  },
  { route: '/production/terminal', path: () => '/production/terminal' },
  { route: '/lots', path: () => '/lots' },
  { route: '/lots/:lot', path: () => `/lots/${made.lot}` },
  { route: '/recalls', path: () => '/recalls' },
  { route: '/recalls/:number', path: () => `/recalls/${made.recall}` },
  { route: '/quality', path: () => '/quality' },
  { route: '/quality/inspections/:number', path: () => `/quality/inspections/${made.inspection}` },
  { route: '/quality/lots/:lot', path: () => `/quality/lots/${made.lot}` },
  { route: '/quality/spc', path: () => '/quality/spc' },
  {
    route: '/quality/switching/:stream',
    path: () => `/quality/switching/${encodeURIComponent(STREAM)}`,
  },
  { route: '/quality/nonconformances', path: () => '/quality/nonconformances' },
  {
    route: '/quality/nonconformances/:number',
    path: () => `/quality/nonconformances/${made.nonconformance}`,
  },
  { route: '/storage', path: () => '/storage' },
  { route: '/storage/stock', path: () => '/storage/stock' },
  { route: '/storage/locations/:code', path: () => '/storage/locations/MAG-01' },
  { route: '/storage/lots/:lot', path: () => `/storage/lots/${made.lot}` },
  { route: '/storage/orders', path: () => '/storage/orders' },
  { route: '/storage/orders/:number', path: () => `/storage/orders/${made.order}` },
  {
    route: '/storage/orders/:number/picking-list',
    path: () => `/storage/orders/${made.order}/picking-list`,
  },
  { route: '/storage/shipments', path: () => '/storage/shipments' },
  { route: '/storage/shipments/:number', path: () => `/storage/shipments/${made.shipment}` },
  { route: '/planning', path: () => '/planning' },
  { route: '/planning/schedule', path: () => '/planning/schedule' },
  { route: '/planning/shortages', path: () => '/planning/shortages' },
  { route: '/planning/disruption', path: () => '/planning/disruption' },
  { route: '/planning/mps', path: () => '/planning/mps' },
  { route: '/twin', path: () => '/twin' },
  { route: '/twin/calibration', path: () => '/twin/calibration' },
  { route: '/maintenance', path: () => '/maintenance' },
  { route: '/maintenance/equipment', path: () => '/maintenance/equipment' },
  {
    route: '/maintenance/equipment/:line/:station',
    path: () => '/maintenance/equipment/L1/CF',
  },
  { route: '/maintenance/jobs/:number', path: () => `/maintenance/jobs/${made.job}` },
  { route: '/maintenance/spare-parts', path: () => '/maintenance/spare-parts' },
  { route: '/reports', path: () => '/reports' },
  { route: '/audit', path: () => '/audit' },
  { route: '/admin/users', path: () => '/admin/users' },
  { route: '/admin/status', path: () => '/admin/status' },
  { route: '*', path: () => '/no-such-page', notFound: true },
];

// ---------------------------------------------------------------- the words

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** Every string of a language's locale files, by "namespace:key.path". */
function localeStrings(language: Language): Map<string, string> {
  const dir = path.resolve('web/src/i18n/locales', language);
  const strings = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const namespace = path.basename(file, '.json');
    const tree = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Tree;
    for (const [key, value] of flatten(tree)) strings.set(`${namespace}:${key}`, value);
  }
  return strings;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const PLACEHOLDER = /\{\{[^}]+\}\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text that looks like an i18n key shown as such: "nav:sections.plant". */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.]+\b/;

interface Vocabulary {
  /** English strings that read differently in Spanish (and are no Spanish string either). */
  englishOnly: Set<string>;
  /** The same for strings with values put in: "Loading {{what}}…" → /^Loading .+?…$/. */
  englishTemplates: RegExp[];
  /** Key paths without their namespace, as i18next shows a missing key: "sections.plant". */
  keyPaths: Set<string>;
}

function vocabulary(): Vocabulary {
  const english = localeStrings('en');
  const spanish = localeStrings('es');
  const spanishValues = new Set(spanish.values());
  const englishOnly = new Set<string>();
  const englishTemplates: RegExp[] = [];
  for (const [key, value] of english) {
    const counterpart = spanish.get(key) ?? spanish.get(key.replace(PLURAL, '_other'));
    if (value === counterpart || spanishValues.has(value)) continue;
    if (!value.includes('{{')) {
      englishOnly.add(value.trim());
      continue;
    }
    // Only templates with words of their own: "{{value}} s" would match anything.
    const words = value.replace(PLACEHOLDER, '').match(/\p{L}/gu) ?? [];
    if (words.length < 4) continue;
    const pattern = value.split(PLACEHOLDER).map(escapeRegExp).join('.+?');
    englishTemplates.push(new RegExp(`^${pattern}$`, 'su'));
  }
  const keyPaths = new Set<string>();
  for (const key of [...english.keys(), ...spanish.keys()]) {
    const keyPath = (key.split(':')[1] ?? '').replace(PLURAL, '');
    if (keyPath.includes('.')) keyPaths.add(keyPath);
  }
  return { englishOnly, englishTemplates, keyPaths };
}

/**
 * Words of the plant's own data (names, reasons) with a space in them: data
 * stays as the plant wrote it (a maintenance plan's "Overhaul of line 1"), so
 * text holding one is not judged by its language.
 */
function plantPhrases(): string[] {
  const phrases = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') {
      if (/\s/.test(value.trim())) phrases.add(value.trim());
    } else if (Array.isArray(value)) {
      for (const item of value) collect(item);
    } else if (value && typeof value === 'object') {
      for (const item of Object.values(value)) collect(item);
    }
  };
  collect(parse(readFileSync(REFERENCE_PLANT, 'utf8')));
  return [...phrases];
}

/** Words that are English and never Spanish: text with one reads as an English sentence. */
const ENGLISH_WORDS =
  /\b(the|The|of|and|is|are|was|were|with|With|this|This|these|that|your|Your|you|You|not|been|from|From|for|For|will|to|To|in|In|on|by)\b/;

// ---------------------------------------------------------------- the page

/** A piece of text the page shows, where it shows it. */
interface Shown {
  text: string;
  /** The language the element declares (its closest lang attribute), lower case. */
  lang: string;
  /** Inside <code>, <pre>, <kbd> or <samp>: data, not words. */
  code: boolean;
  /** Set for an attribute's value (aria-label, title, placeholder, alt). */
  attribute?: string;
}

interface PageState {
  shown: Shown[];
  errorPanels: string[];
  noAccess: boolean;
  notFound: boolean;
}

// The page is read by scripts run in it. They are written as JavaScript text:
// the tests compile without the DOM's types, which the server code must not see.

/** Everything visible on the page (and its accessible names), read in the page. */
const READ_PAGE = `(() => {
  const langOf = (el) => (el.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase();
  const isCode = (el) => el.closest('code, pre, kbd, samp') !== null;
  const visible = (el) => {
    // An option has no box of its own: it shows when its select does.
    const box = el.closest('option, optgroup') ? el.closest('select') : el;
    return box ? box.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true }) : false;
  };
  const shown = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = (node.nodeValue ?? '').trim();
    const parent = node.parentElement;
    if (!text || !parent || parent.closest('script, style, noscript, template, textarea')) continue;
    if (visible(parent)) shown.push({ text, lang: langOf(parent), code: isCode(parent) });
  }
  for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
    if (!visible(el)) continue;
    for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
      const text = (el.getAttribute(attribute) ?? '').trim();
      if (text) shown.push({ text, lang: langOf(el), code: false, attribute });
    }
  }
  const seen = (selector) =>
    [...document.querySelectorAll(selector)].filter((el) => el.checkVisibility());
  return {
    shown,
    errorPanels: seen('.error-panel').map((el) => el.innerText.trim()),
    noAccess: seen('[data-testid="no-access"]').length > 0,
    notFound: seen('[data-testid="not-found"]').length > 0,
  };
})()`;

/** The page's text as a reader sees it, and whether anything is still loading. */
const READ_PROGRESS = `({
  text: document.body.innerText,
  busy: document.querySelector('.loading, [aria-busy="true"]') !== null,
})`;

const readPage = (page: Page) => page.evaluate<PageState>(READ_PAGE);

/**
 * Waits until the page speaks the language and has settled: nothing loading,
 * its text unchanged for a moment. A page whose figures move by themselves
 * (live machine data, the server's uptime) never stops changing: after a
 * while it is read as it stands.
 */
async function settle(page: Page, locale: string): Promise<void> {
  await page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(locale)}`, null, {
    timeout: 15_000,
  });
  const deadline = Date.now() + 8_000;
  let last = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const { text, busy } = await page.evaluate<{ text: string; busy: boolean }>(READ_PROGRESS);
    if (text !== last) {
      last = text;
      since = Date.now();
    } else if (!busy && text.trim() !== '' && Date.now() - since >= 750) {
      return;
    }
    await page.waitForTimeout(150);
  }
}

/** What is wrong with a settled page in a language, one line a problem. */
function problemsOf(
  state: PageState,
  language: Language,
  visit: RouteVisit,
  words: Vocabulary,
  phrases: readonly string[],
): string[] {
  const problems: string[] = [];
  const where = (s: Shown) => (s.attribute ? ` (${s.attribute})` : '');
  for (const s of state.shown) {
    if (s.code) continue;
    if (RAW_KEY.test(s.text) || words.keyPaths.has(s.text)) {
      problems.push(`(a) raw key: "${s.text}"${where(s)}`);
    }
    // The rest holds text to the reader's language, unless it says it is in another.
    if (language !== 'es' || !s.lang.startsWith('es')) continue;
    if (words.englishOnly.has(s.text) || words.englishTemplates.some((t) => t.test(s.text))) {
      problems.push(`(b) English string: "${s.text}"${where(s)}`);
    } else if (ENGLISH_WORDS.test(s.text) && !phrases.some((p) => s.text.includes(p))) {
      problems.push(`(d) reads as English: "${s.text}"${where(s)}`);
    }
  }
  for (const panel of state.errorPanels) problems.push(`(e) error panel: ${panel}`);
  if (state.noAccess) problems.push('(e) "no access" for a user holding every role');
  if (state.notFound !== Boolean(visit.notFound)) {
    problems.push(visit.notFound ? '(e) no "page not found"' : '(e) "page not found"');
  }
  return [...new Set(problems)];
}

// ---------------------------------------------------------------- the plant

let served: Served;
let browser: Browser;
let omnia: Session;

const api = (
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = omnia.headers,
): Promise<Json> => callApi(served, omnia, method, url, payload, headers);

/**
 * A lot of ball cartridges made on L1 (1,320 good, counted by the packer),
 * inspected and released, packed in two cans in a crate, ordered by a
 * customer, picked and shipped; a nonconformance and a recall on it, and a
 * maintenance job on L1's case feeder.
 */
async function makePlantData(): Promise<void> {
  const { store } = served;
  const order = await api('POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line: 'L1',
    quantity: 1500,
  });
  made.workOrderId = order.id;
  await api('POST', `/api/production/work-orders/${order.id}/release`, {});
  await api('POST', `/api/production/work-orders/${order.id}/start`, {});
  const lots = (await api('GET', '/api/genealogy/lots?material=C762-BALL')) as unknown as Json[];
  made.lot = lots.find((l) => l.workOrderId === order.id)?.number;
  expect(made.lot).toBeTruthy();
  await store.db.insert(machineEvents).values(packerCountRows('languages-e2e', 1320));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await api('POST', `/api/production/work-orders/${order.id}/complete`, {});

  made.inspection = (await api('POST', '/api/quality/inspections', { lot: made.lot })).number;
  await decide({ db: store.db, clock: () => new Date() }, made.lot, 'release', USERNAME);

  const units = async (kind: string, n: number, material: string) =>
    (await api('POST', '/api/genealogy/handling-units', {
      kind,
      location: 'QUAR-01',
      count: n,
      material,
    })) as unknown as Json[];
  const cans = await units('can', 2, 'CAN-660');
  const [crate] = await units('crate', 1, 'CRATE-1320');
  for (const can of cans) {
    await api('POST', `/api/genealogy/handling-units/${can.serial}/pack`, {
      items: [{ lot: made.lot, quantity: 660 }],
    });
  }
  await api('POST', `/api/genealogy/handling-units/${crate?.serial}/pack`, {
    items: cans.map((can) => ({ unit: can.serial })),
  });

  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  made.order = (
    await api('POST', '/api/shipping/orders', {
      customer: 'EJ-LOG',
      lines: [{ product: 'C762-BALL', quantity: 1320, due }],
    })
  ).number;
  await api('POST', `/api/shipping/orders/${made.order}/allocate`, {});
  await api('POST', `/api/shipping/orders/${made.order}/pick`, {});
  await api('POST', `/api/shipping/orders/${made.order}/dispatch`, {}, signedHeaders(omnia));
  const [shipment] = (await api('GET', '/api/shipping/shipments')) as unknown as Json[];
  made.shipment = shipment?.shipment;

  made.nonconformance = (
    await api('POST', '/api/quality/nonconformances', {
      title: 'Rebaba en el cuello de la vaina',
      description: 'Rebaba visible en el cuello de algunas vainas del lote.',
      lots: [made.lot],
    })
  ).number;
  made.job = (
    await api('POST', '/api/maintenance/requests', {
      kind: 'corrective',
      line: 'L1',
      station: 'CF',
      title: 'Ruido en la alimentación de vainas',
    })
  ).number;
  made.recall = (
    await api(
      'POST',
      '/api/genealogy/recalls',
      { lot: made.lot, reason: 'Rebaba en el cuello de la vaina' },
      signedHeaders(omnia),
    )
  ).number;
}

beforeAll(async () => {
  served = await serveReferencePlant();
  omnia = await signInAs(served.app, served.store.db, USERNAME, [...ALL_ROLES]);
  await makePlantData();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

// ---------------------------------------------------------------- the tests

it('lists every route of the router, each once', () => {
  const listed = ROUTES.map((r) => r.route);
  expect(new Set(listed).size).toBe(listed.length);
  expect([...listed].sort()).toEqual(declaredRoutes());
});

it('made what the detail pages open', () => {
  for (const [what, value] of Object.entries(made)) {
    expect(value, what).toEqual(expect.stringMatching(/\S/));
  }
});

it('names every role and permission of the server in every language', () => {
  // Roles and permissions are fixed codes on the server; the pages name them by key.
  for (const language of Object.keys(LANGUAGE_LOCALES) as Language[]) {
    const strings = localeStrings(language);
    for (const role of ALL_ROLES) expect(strings.has(`common:roles.${role}`), role).toBe(true);
    for (const permission of ALL_PERMISSIONS) {
      expect(strings.has(`auth:permissions.${permission}`), permission).toBe(true);
    }
  }
});

const words = vocabulary();
const phrases = plantPhrases();

// The walk is in Spanish only. English is what every other browser test reads
// its pages in, and a raw key would show in both languages alike: the key
// check in CI holds the two locale trees to the same keys.
describe.each(['es'] as Language[])('in %s', (language) => {
  const locale = LANGUAGE_LOCALES[language];
  let signedIn: BrowserContext;
  let signedOut: BrowserContext;
  beforeAll(async () => {
    const options = { baseURL: served.baseUrl, locale, timezoneId: 'UTC' };
    signedIn = await browser.newContext({ ...options, viewport: { width: 1440, height: 900 } });
    await signIn(signedIn, USERNAME, TEST_PASSWORD, { language });
    signedOut = await browser.newContext({ ...options, viewport: { width: 1440, height: 900 } });
  });
  afterAll(async () => {
    await signedIn?.close();
    await signedOut?.close();
  });

  it.each(ROUTES.map((visit) => [visit.route, visit] as const))('%s', async (_route, visit) => {
    const page = await (visit.signedOut ? signedOut : signedIn).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.goto(visit.path());
      await settle(page, locale);
      const problems = [
        ...problemsOf(await readPage(page), language, visit, words, phrases),
        ...pageErrors.map((message) => `(c) page error: ${message}`),
      ];
      expect(problems, `${visit.path()} in ${language}`).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
