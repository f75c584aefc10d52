// Accessibility in a real browser: axe-core's WCAG 2.1 A and AA rules on every
// route of the web app, in English and in Spanish, as a user who holds every
// role (so every command and form is offered), and on the main dialogs opened
// over them: the signed disposition and dispatch, the recall, the storekeeper's
// receipt, move, count and order forms, the terminal's scrap pad and pause reasons. A
// serious or critical violation fails the test, listed with its rule, impact,
// selector and help; so does a page that failed to load, has not exactly one
// first-level heading, or names the wrong language. Then the keyboard: tabbing
// through the navigation and the terminal's commands reaches each of them and
// shows a focus ring on every element reached, at 3:1 against its surroundings.
// The routes are opened as the app's links open them (no reload), which keeps
// the file within a minute and a half.
//
// The records the pages show are made through the HTTP API first: a lot of
// ball cartridges made on L1 (3,500 good), inspected, released and packed in
// two cans in MAG-02; one can dispatched on a customer order, the other
// allocated and picked for a second; a second order running on L1; two
// receipts of primers in quarantine, one of them recalled; a nonconformance
// and a maintenance request.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ROLES } from '../../src/core/auth/roles.js';
import { decide } from '../../src/modules/genealogy/index.js';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import {
  auditPage,
  describeFindings,
  type Finding,
  type Focused,
  pressTab,
  trackRequests,
} from '../support/accessibility.js';
import { type Session, signedHeaders, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { packerCountRows } from '../support/machine-events.js';
import { declaredRoutes } from '../support/web-routes.js';
import { type Served, serveReferencePlant } from './harness.js';

// 47 routes and 10 dialogs, each waited for and audited: about 40 s a language here.
const LANGUAGE_BUDGET_MS = 180_000;

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
type Json = { [key: string]: any };

let admin: Session;

async function api(
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = admin.headers,
) {
  const response = await served.app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json() as Json;
}

/** Who reads the pages in each language: every role, so every command is on the page. */
const READERS = { en: 'ana', es: 'aurelio' } as const;
type Language = keyof typeof READERS;

/** What the parameterised routes open, made in beforeAll. */
const made = {
  workOrder: '',
  lot: '',
  receipt: '',
  recall: '',
  inspection: '',
  stream: '',
  nonconformance: '',
  dispatchedOrder: '',
  pickedOrder: '',
  shipment: '',
  job: '',
};

/** Plans, releases and starts an order of C762-BALL on L1; answers it and its output lot. */
async function startOrder(quantity: number) {
  const order = await api('POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line: 'L1',
    quantity,
  });
  await api('POST', `/api/production/work-orders/${order.id}/release`, {});
  await api('POST', `/api/production/work-orders/${order.id}/start`, {});
  const lots = (await api('GET', '/api/genealogy/lots?material=C762-BALL')) as unknown as Json[];
  const lot = lots.find((l) => l.workOrderId === order.id)?.number as string;
  return { order, lot };
}

/** An order of one can's worth for the lot's product, allocated and picked. */
async function pickedOrder(customer: string) {
  const order = await api('POST', '/api/shipping/orders', {
    customer,
    lines: [
      {
        product: 'C762-BALL',
        quantity: 660,
        due: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
      },
    ],
  });
  await api('POST', `/api/shipping/orders/${order.number}/allocate`, {});
  await api('POST', `/api/shipping/orders/${order.number}/pick`, {});
  return order.number as string;
}

beforeAll(async () => {
  served = await serveReferencePlant();
  const { app, store } = served;
  admin = await signInAs(app, store.db, READERS.en, [...ALL_ROLES]);
  await signInAs(app, store.db, READERS.es, [...ALL_ROLES]);

  // A finished lot: the packer counts 3,500 good while the order runs.
  const first = await startOrder(4000);
  made.workOrder = first.order.id;
  made.lot = first.lot;
  await store.db.insert(machineEvents).values(packerCountRows('a11y-e2e', 3500));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await api('POST', `/api/production/work-orders/${first.order.id}/complete`, {});
  made.inspection = (await api('POST', '/api/quality/inspections', { lot: made.lot })).number;
  made.stream = 'product:C762-BALL:critical';
  made.nonconformance = (
    await api('POST', '/api/quality/nonconformances', {
      title: 'Case mouth splits',
      description: 'Split case mouths found at the packer.',
      lots: [made.lot],
    })
  ).number;
  await decide({ db: store.db, clock: () => new Date() }, made.lot, 'release', READERS.en);

  // Two cans of 660 in MAG-02: one dispatched, one allocated and picked.
  const cans = (await api('POST', '/api/genealogy/handling-units', {
    kind: 'can',
    location: 'QUAR-01',
    count: 2,
    material: 'CAN-660',
  })) as unknown as Json[];
  for (const can of cans) {
    await api('POST', `/api/genealogy/handling-units/${can.serial}/pack`, {
      items: [{ lot: made.lot, quantity: 660 }],
    });
  }
  await api('POST', '/api/genealogy/handling-units/move', {
    serials: cans.map((c) => c.serial),
    to: 'MAG-02',
  });
  made.dispatchedOrder = await pickedOrder('EJ-LOG');
  made.shipment = (
    await api(
      'POST',
      `/api/shipping/orders/${made.dispatchedOrder}/dispatch`,
      {},
      signedHeaders(admin),
    )
  ).shipment;
  made.pickedOrder = await pickedOrder('PNB');

  // The line runs a second order: the terminal offers pause, scrap and complete.
  await startOrder(2000);

  // Primers received: one waits in quarantine for its disposition, the other is recalled.
  const receive = (supplierLot: string) =>
    api('POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot,
      quantity: 6_000,
      location: 'MAG-04',
    });
  made.receipt = (await receive('A11Y-PRIMER-1')).number;
  const recalled = (await receive('A11Y-PRIMER-2')).number;
  made.recall = (
    await api(
      'POST',
      '/api/genealogy/recalls',
      { lot: recalled, reason: 'primer sensitivity out of specification' },
      signedHeaders(admin),
    )
  ).number;

  made.job = (
    await api('POST', '/api/maintenance/requests', {
      kind: 'breakdown',
      line: 'L1',
      station: 'CS',
      title: 'Sealant nozzle blocked',
      reason: 'MECH-CS',
      downAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    })
  ).number;

  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(pageErrors).toEqual([]);
});

/** A dialog opened over a page: the command that opens it, and what it shows. */
interface Dialog {
  name: string;
  open: (page: Page) => Promise<void>;
  shows: string;
}

interface Visit {
  /** The route as the router writes it. */
  route: string;
  url: () => string;
  /** Visited without a session (the sign-in page). */
  signedOut?: boolean;
  dialogs?: Dialog[];
}

const command = (scope: string, name: string) => (page: Page) =>
  page.getByTestId(scope).locator(`[data-command="${name}"]`).click();

const ROUTES: Visit[] = [
  { route: '/sign-in', url: () => '/sign-in', signedOut: true },
  { route: '/change-password', url: () => '/change-password' },
  {
    route: '/production/terminal/:line',
    url: () => '/production/terminal/L1',
    dialogs: [
      {
        name: 'scrap pad',
        open: (page) => page.getByTestId('terminal-actions').getByRole('button').nth(1).click(),
        shows: 'scrap-pad',
      },
      {
        name: 'pause reasons',
        open: (page) => page.getByTestId('terminal-actions').getByRole('button').nth(0).click(),
        shows: 'reason-picker',
      },
    ],
  },
  { route: '', url: () => '/' },
  { route: 'plant', url: () => '/plant' },
  { route: 'floor', url: () => '/floor' },
  { route: 'floor/lines/:line', url: () => '/floor/lines/L1' },
  { route: 'plant/lines/:code', url: () => '/plant/lines/L1' },
  { route: 'production', url: () => '/production' },
  { route: 'production/work-orders/:id', url: () => `/production/work-orders/${made.workOrder}` },
  { route: 'production/terminal', url: () => '/production/terminal' },
  { route: 'lots', url: () => '/lots' },
  {
    route: 'lots/:lot',
    url: () => `/lots/${made.lot}`,
    dialogs: [{ name: 'recall', open: command('lot-commands', 'recall'), shows: 'recall-dialog' }],
  },
  { route: 'recalls', url: () => '/recalls' },
  { route: 'recalls/:number', url: () => `/recalls/${made.recall}` },
  { route: 'quality', url: () => '/quality' },
  { route: 'quality/inspections/:number', url: () => `/quality/inspections/${made.inspection}` },
  {
    route: 'quality/lots/:lot',
    url: () => `/quality/lots/${made.receipt}`,
    dialogs: [
      {
        name: 'signed release',
        open: command('disposition-commands', 'release'),
        shows: 'disposition-dialog',
      },
    ],
  },
  { route: 'quality/spc', url: () => '/quality/spc' },
  {
    route: 'quality/switching/:stream',
    url: () => `/quality/switching/${encodeURIComponent(made.stream)}`,
  },
  { route: 'quality/nonconformances', url: () => '/quality/nonconformances' },
  {
    route: 'quality/nonconformances/:number',
    url: () => `/quality/nonconformances/${made.nonconformance}`,
  },
  {
    route: 'storage',
    url: () => '/storage',
    dialogs: [
      {
        name: 'supplier receipt',
        open: command('storage-commands', 'receive'),
        shows: 'receipt-form',
      },
    ],
  },
  { route: 'storage/stock', url: () => `/storage/stock?lot=${made.lot}` },
  {
    route: 'storage/locations/:code',
    url: () => '/storage/locations/MAG-02',
    dialogs: [
      { name: 'move', open: command('location-commands', 'move-here'), shows: 'move-panel' },
      {
        name: 'cycle count',
        open: command('location-commands', 'cycle-count'),
        shows: 'count-dialog',
      },
    ],
  },
  { route: 'storage/lots/:lot', url: () => `/storage/lots/${made.lot}` },
  {
    route: 'storage/orders',
    url: () => '/storage/orders',
    dialogs: [
      { name: 'new order', open: command('orders-commands', 'new-order'), shows: 'new-order-form' },
    ],
  },
  {
    route: 'storage/orders/:number',
    url: () => `/storage/orders/${made.pickedOrder}`,
    dialogs: [
      {
        name: 'signed dispatch',
        open: command('order-commands', 'dispatch'),
        shows: 'dispatch-dialog',
      },
    ],
  },
  {
    route: 'storage/orders/:number/picking-list',
    url: () => `/storage/orders/${made.pickedOrder}/picking-list`,
  },
  { route: 'storage/shipments', url: () => '/storage/shipments' },
  { route: 'storage/shipments/:number', url: () => `/storage/shipments/${made.shipment}` },
  { route: 'planning', url: () => '/planning' },
  { route: 'planning/schedule', url: () => '/planning/schedule' },
  { route: 'planning/shortages', url: () => '/planning/shortages' },
  { route: 'planning/disruption', url: () => '/planning/disruption' },
  { route: 'planning/mps', url: () => '/planning/mps' },
  { route: 'twin', url: () => '/twin' },
  { route: 'twin/calibration', url: () => '/twin/calibration' },
  {
    route: 'maintenance',
    url: () => '/maintenance',
    dialogs: [
      {
        name: 'maintenance request',
        open: command('maintenance-board', 'open-request'),
        shows: 'open-request-form',
      },
    ],
  },
  { route: 'maintenance/equipment', url: () => '/maintenance/equipment' },
  { route: 'maintenance/equipment/:line/:station', url: () => '/maintenance/equipment/L1/CS' },
  { route: 'maintenance/jobs/:number', url: () => `/maintenance/jobs/${made.job}` },
  { route: 'maintenance/spare-parts', url: () => '/maintenance/spare-parts' },
  { route: 'reports', url: () => '/reports' },
  { route: 'audit', url: () => '/audit' },
  { route: 'admin/users', url: () => '/admin/users' },
  { route: 'admin/status', url: () => '/admin/status' },
  { route: '*', url: () => '/no-such-page' },
];

interface Reader {
  page: Page;
  requests: ReturnType<typeof trackRequests>;
}
const readers = new Map<Language, Reader>();

/** The signed-in page of the language's reader, opened once and reused. */
async function readerIn(language: Language): Promise<Reader> {
  const open = readers.get(language);
  if (open) return open;
  const context = await openContext(browser, served.baseUrl, { language });
  contexts.push(context);
  await signIn(context, READERS[language], TEST_PASSWORD, { language });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  const reader = { page, requests: trackRequests(page) };
  readers.set(language, reader);
  return reader;
}

/** A context with no session, its browser in the language's locale (the sign-in page follows it). */
async function signedOutPage(language: Language): Promise<Page> {
  const context = await browser.newContext({
    baseURL: served.baseUrl,
    locale: language === 'es' ? 'es-VE' : 'en-US',
    timezoneId: 'UTC',
    viewport: { width: 1440, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/**
 * Opens a path as the app's own links do, without reloading the page (and
 * axe with it); the first path of a page is loaded.
 */
async function openPath(page: Page, path: string) {
  if (!page.url().startsWith(served.baseUrl)) {
    await page.goto(path);
    return;
  }
  await page.locator('html').evaluate((html, to) => {
    const view = html.ownerDocument.defaultView;
    view.history.pushState(null, '', to);
    view.dispatchEvent(new view.PopStateEvent('popstate'));
  }, path);
}

/** Visits every route once in the language, with its dialogs, and answers what axe found. */
async function auditEveryRoute(language: Language): Promise<Finding[]> {
  const reader = await readerIn(language);
  const page = reader.page;
  const signedOut = await signedOutPage(language);
  const requests = { page: reader.requests, signedOut: trackRequests(signedOut) };
  const findings: Finding[] = [];
  const expectedLang = language === 'es' ? 'es-VE' : 'en-US';
  for (const visit of ROUTES) {
    const target = visit.signedOut ? signedOut : page;
    const settled = visit.signedOut ? requests.signedOut : requests.page;
    const url = visit.url();
    await openPath(target, url);
    await settled.settled();
    // The page itself, not a failure to load it, under one first-level heading; and it says
    // which language it is in (a screen reader picks its voice by it).
    expect(await target.getByTestId('error-panel').count(), `${url} failed to load`).toBe(0);
    expect(await target.locator('h1').count(), `${url} first-level headings`).toBe(1);
    expect(await target.locator('html').getAttribute('lang'), url).toBe(expectedLang);
    findings.push(...(await auditPage(target, `${language} ${url}`)));
    for (const dialog of visit.dialogs ?? []) {
      await dialog.open(target);
      await target.getByTestId(dialog.shows).waitFor();
      await settled.settled();
      findings.push(...(await auditPage(target, `${language} ${url} [${dialog.name}]`)));
      // A modal closes on Escape; a form opened in the page stays until the next visit.
      const shown = target.getByTestId(dialog.shows);
      if ((await shown.evaluate((element) => element.tagName)) === 'DIALOG') {
        await target.keyboard.press('Escape');
        await shown.waitFor({ state: 'detached' });
      }
    }
  }
  return findings;
}

/** The least contrast a focus ring keeps with its surroundings (WCAG 1.4.11). */
const RING_CONTRAST = 3;
const NAVIGATION = 'nav.app-nav';
const TERMINAL_ACTIONS = '[data-testid="terminal-actions"]';

/** Tabs from the top of the page until `enough` says so (or 40 Tabs): every element reached. */
async function tabUntil(page: Page, enough: (reached: Focused[]) => boolean): Promise<Focused[]> {
  const reached: Focused[] = [];
  while (reached.length < 40 && !enough(reached)) {
    reached.push(await pressTab(page, [NAVIGATION, TERMINAL_ACTIONS]));
  }
  return reached;
}

/** The elements reached without a ring, or with one too faint to find. */
const unmarked = (reached: Focused[]) =>
  reached
    .filter((f) => f.ring === null || f.ring.contrast < RING_CONTRAST)
    .map((f) => `${f.name}: ${f.ring ? `${f.ring.contrast}:1` : 'no ring'}`);

const within = (reached: Focused[], region: string) =>
  reached.filter((f) => f.region === region).map((f) => f.name);

describe('accessibility: WCAG 2.1 AA by axe-core', () => {
  it('visits every route the router declares, and no other', () => {
    const declared = declaredRoutes();
    // This list names routes as the router writes them: a child route without its leading slash.
    const visited = ROUTES.map((r) =>
      r.route === '*' || r.route.startsWith('/') ? r.route : `/${r.route}`,
    );
    expect(declared.filter((path) => !visited.includes(path))).toEqual([]);
    expect(visited.filter((path) => !declared.includes(path))).toEqual([]);
    expect(new Set(visited).size).toBe(visited.length);
  });

  for (const language of ['en', 'es'] as const) {
    it(
      `finds no serious or critical violation on any page or dialog (${language})`,
      async () => {
        const findings = await auditEveryRoute(language);
        expect(describeFindings(findings)).toEqual([]);
      },
      LANGUAGE_BUDGET_MS,
    );
  }

  it('shows the keyboard focus on every link of the navigation and every terminal command', async () => {
    const { page, requests } = await readerIn('en');

    // The frame: skip link, home, user menu, then the sections and the administration pages.
    await page.goto('/plant');
    await requests.settled();
    const sections = await page.locator('nav.app-nav a').count();
    expect(sections).toBe(13);
    const frame = await tabUntil(
      page,
      (reached) => within(reached, NAVIGATION).length === sections,
    );
    expect(within(frame, NAVIGATION)).toEqual(
      await page.locator('nav.app-nav a').allTextContents(),
    );
    expect(unmarked(frame)).toEqual([]);

    // The terminal of L1, where an order runs: back to the lines, the user menu, the commands.
    await page.goto('/production/terminal/L1');
    await requests.settled();
    const commands = page.getByTestId('terminal-actions').getByRole('button');
    expect(await commands.allTextContents()).toEqual(['Pause', 'Record scrap', 'Complete']);
    const terminal = await tabUntil(
      page,
      (reached) => within(reached, TERMINAL_ACTIONS).length === 3,
    );
    expect(within(terminal, TERMINAL_ACTIONS)).toEqual(['Pause', 'Record scrap', 'Complete']);
    expect(unmarked(terminal)).toEqual([]);

    // Enter on a focused command opens its dialog, which takes the focus and shows it too.
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-complete');
    await confirm.waitFor();
    expect(unmarked([await pressTab(page, [])])).toEqual([]);
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
  });
});
