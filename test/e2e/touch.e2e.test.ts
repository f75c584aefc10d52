// Touch screens and small screens in a real browser. The operator runs an
// order from the line terminal on a 1024×768 touch panel with taps only:
// picks the line, starts its order, records scrap on the number pad and sees
// the count change. Then a phone (390×844, touch, mobile): the terminal and its
// scrap pad, and the magazine keeper's pages — the storage map and its
// supplier-receipt form, the stock of a received lot, a magazine, moving a
// container into a bay, the lot's movements with its receipt. On every
// screen the page never scrolls
// sideways, every control is big enough to hit with a finger (44×44 CSS px on
// the terminal, 40×40 for the keeper's actions), and nothing is offered only
// under a hovering pointer.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { launchBrowser, signIn } from '../support/browser.js';
import { callApi, type Served, serveReferencePlant } from './harness.js';

const POLL = { timeout: 10_000 };
const TERMINAL_TARGET = 44;
const KEEPER_TARGET = 40;

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
type Json = { [key: string]: any };

const api = (
  session: Session,
  method: 'GET' | 'POST',
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => callApi(served, session, method, url, payload, headers);

const OPERATOR = 'olga';
const KEEPER = 'kim';
/** The order released on L2, and the primers received into MAG-04 with a can of them. */
let order = '';
let primers = '';
let can = '';

beforeAll(async () => {
  served = await serveReferencePlant();
  const { app, store } = served;
  const planner = await signInAs(app, store.db, 'pablo', ['planner']);
  const keeper = await signInAs(app, store.db, KEEPER, ['storekeeper']);
  const qa = await signInAs(app, store.db, 'quinn', ['qa_manager']);
  const operator = await signInAs(app, store.db, OPERATOR, ['line_operator']);

  const planned = await api(planner, 'POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line: 'L2',
    quantity: 3000,
  });
  await api(planner, 'POST', `/api/production/work-orders/${planned.id}/release`, {});
  order = planned.number;

  // Primers received and released on the supplier's certificate; 600 of them packed in a can.
  primers = (
    await api(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'TOUCH-PRIMER',
      certificate: 'COC-TOUCH',
      quantity: 6_000,
      location: 'MAG-04',
    })
  ).number;
  await api(
    qa,
    'POST',
    `/api/quality/lots/${primers}/disposition`,
    { decision: 'release', basis: 'supplier_certificate' },
    signedHeaders(qa),
  );
  // Packing is the line's work.
  const [made] = (await api(operator, 'POST', '/api/genealogy/handling-units', {
    kind: 'can',
    location: 'MAG-04',
    count: 1,
    material: 'CAN-660',
  })) as unknown as Json[];
  can = made?.serial;
  await api(operator, 'POST', `/api/genealogy/handling-units/${can}/pack`, {
    items: [{ lot: primers, quantity: 600 }],
  });

  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(pageErrors).toEqual([]);
});

const SCREENS = {
  panel: { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false },
  phone: {
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    hasTouch: true,
    isMobile: true,
  },
} as const;

async function touchPage(username: string, screen: keyof typeof SCREENS): Promise<Page> {
  const context = await browser.newContext({
    baseURL: served.baseUrl,
    locale: 'en-US',
    timezoneId: 'UTC',
    ...SCREENS[screen],
  });
  contexts.push(context);
  await signIn(context, username, TEST_PASSWORD);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return page;
}

/** How far the page scrolls sideways: 0 when it fits the screen. */
const sidewaysScroll = (page: Page): Promise<number> =>
  page
    .locator('html')
    .evaluate((html) => html.scrollWidth - html.ownerDocument.defaultView.innerWidth);

/**
 * The controls under `scope` a finger cannot hit: smaller than `min` CSS px
 * either way, or reaching past the side of the screen (unless in a table:
 * a wide table scrolls sideways in its own frame). Only what is shown counts.
 */
function awkwardTargets(scope: Locator, selector: string, min: number): Promise<string[]> {
  return scope.evaluate(
    (root, { selector, min }) => {
      const screenWidth = root.ownerDocument.defaultView.innerWidth;
      const found: string[] = [];
      for (const control of root.querySelectorAll(selector)) {
        const box = control.getBoundingClientRect();
        // Not drawn, or kept above the page until focused (the skip link).
        if ((box.width === 0 && box.height === 0) || box.bottom <= 0) continue;
        const name = (
          control.getAttribute('aria-label') ??
          control.getAttribute('data-testid') ??
          control.textContent ??
          ''
        )
          .trim()
          .slice(0, 40);
        const size = `${Math.round(box.width)}×${Math.round(box.height)}`;
        if (box.width < min || box.height < min) found.push(`${name} (${size})`);
        else if ((box.left < 0 || box.right > screenWidth) && !control.closest('table')) {
          found.push(`${name} (${size} at ${Math.round(box.left)}, off the screen)`);
        }
      }
      return found;
    },
    { selector, min },
  );
}

/** Every button and link: all of them are the operator's actions on the terminal. */
const TERMINAL_CONTROLS = 'button, a[href], [role="button"], summary';
/**
 * The keeper's actions: buttons, links drawn as buttons, commands, and the
 * navigation of the frame. Links within text and tables (a lot number) are
 * not actions and keep their text's size.
 */
const KEEPER_ACTIONS =
  'button, [role="button"], a.button, [data-command], summary, .app-nav a, .brand, .section-nav a, input[type="submit"]';

/**
 * The style rules that show something only while the pointer hovers over
 * it: a rule on :hover that makes visible an element hidden now. A touch
 * screen has no hover, so whatever such a rule shows is out of reach.
 */
async function hoverOnly(page: Page): Promise<string[]> {
  return page.locator('html').evaluate((html) => {
    const doc = html.ownerDocument;
    const view = doc.defaultView;
    const found: string[] = [];
    // Every style rule in force, those within media queries that apply now included.
    const pending = [...doc.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
    while (pending.length > 0) {
      const rule = pending.pop();
      if (rule.cssRules && (!rule.media || view.matchMedia(rule.media.mediaText).matches)) {
        pending.push(...rule.cssRules);
      }
      if (!rule.selectorText?.includes(':hover')) continue;
      const style = rule.style;
      const reveals =
        (style.display !== '' && style.display !== 'none') ||
        style.visibility === 'visible' ||
        (style.opacity !== '' && Number(style.opacity) > 0) ||
        style.pointerEvents === 'auto';
      if (!reveals) continue;
      for (const element of doc.querySelectorAll(rule.selectorText.replace(/:hover/g, ''))) {
        const now = view.getComputedStyle(element);
        if (now.display === 'none' || now.visibility === 'hidden' || now.opacity === '0') {
          found.push(`${rule.selectorText} shows ${element.tagName.toLowerCase()}`);
        }
      }
    }
    return found;
  });
}

/** The screen as a finger meets it: fits the width, big enough targets, nothing behind hover. */
async function expectTouchable(page: Page, scope: Locator, selector: string, min: number) {
  expect(await sidewaysScroll(page), `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
  expect(
    await awkwardTargets(scope, selector, min),
    `${page.url()} targets too small or off the screen`,
  ).toEqual([]);
  expect(await hoverOnly(page), `${page.url()} hover-only`).toEqual([]);
}

const terminalState = (page: Page) => page.getByTestId('terminal-state').getAttribute('data-state');

describe('the line terminal on a 1024×768 touch panel', () => {
  it('is run by taps: the line, start, scrap on the number pad, the count changes', async () => {
    const page = await touchPage(OPERATOR, 'panel');
    await page.goto('/production/terminal');
    await page.getByTestId('terminal-line-L2').waitFor(POLL);
    await expectTouchable(page, page.locator('body'), TERMINAL_CONTROLS, TERMINAL_TARGET);
    await page.getByTestId('terminal-line-L2').tap();
    await page.waitForURL('**/production/terminal/L2');
    await expect.poll(() => page.getByTestId('terminal-number').textContent(), POLL).toBe(order);
    expect(await terminalState(page)).toBe('released');
    const actions = page.getByTestId('terminal-actions');
    await expectTouchable(page, page.locator('body'), TERMINAL_CONTROLS, TERMINAL_TARGET);

    await actions.getByRole('button', { name: 'Start' }).tap();
    await expect.poll(() => terminalState(page), POLL).toBe('running');
    expect(await page.getByTestId('terminal-scrap').textContent()).toBe('0');
    await expectTouchable(page, page.locator('body'), TERMINAL_CONTROLS, TERMINAL_TARGET);

    // The buttons rest a moment after a command against double taps.
    const scrap = actions.getByRole('button', { name: 'Record scrap' });
    await expect.poll(() => scrap.isEnabled(), POLL).toBe(true);
    await scrap.tap();
    const pad = page.getByTestId('scrap-pad');
    await pad.waitFor();
    await expectTouchable(page, pad, TERMINAL_CONTROLS, TERMINAL_TARGET);
    for (const key of ['2', '5']) await pad.getByRole('button', { name: key, exact: true }).tap();
    expect(await pad.getByTestId('scrap-quantity').textContent()).toBe('25');
    await pad.getByTestId('scrap-reason-SCR-CRIMP').tap();
    await pad.getByTestId('confirm-scrap').tap();
    await expect.poll(() => page.getByTestId('terminal-scrap').textContent(), POLL).toBe('25');
    await expect.poll(() => pad.count(), POLL).toBe(0);
  });
});

describe('on a phone', () => {
  it('runs the terminal: the order, its commands and the scrap pad fit and are big enough', async () => {
    const page = await touchPage(OPERATOR, 'phone');
    await page.goto('/production/terminal/L2');
    await expect.poll(() => terminalState(page), POLL).toBe('running');
    const pause = page.getByTestId('terminal-actions').getByRole('button', { name: 'Pause' });
    await expect.poll(() => pause.isEnabled(), POLL).toBe(true);
    await expectTouchable(page, page.locator('body'), TERMINAL_CONTROLS, TERMINAL_TARGET);

    await page.getByTestId('terminal-actions').getByRole('button', { name: 'Record scrap' }).tap();
    const pad = page.getByTestId('scrap-pad');
    await pad.waitFor();
    await expectTouchable(page, pad, TERMINAL_CONTROLS, TERMINAL_TARGET);
    await pad.getByRole('button', { name: 'Close' }).tap();
    await expect.poll(() => pad.count(), POLL).toBe(0);

    await pause.tap();
    const picker = page.getByTestId('reason-picker');
    await picker.getByTestId('reason-groups').waitFor();
    await expectTouchable(page, picker, TERMINAL_CONTROLS, TERMINAL_TARGET);
  });

  it('serves the magazine keeper: the map, a lot’s stock, a magazine, a move, the receipt', async () => {
    const page = await touchPage(KEEPER, 'phone');
    const body = page.locator('body');

    await page.goto('/storage');
    await page.getByTestId('storage-map').getByTestId('map-MAG-04').waitFor(POLL);
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);
    // The receipt form, at the receiving bay: it fits the phone, its buttons a finger.
    await page.getByTestId('storage-commands').locator('[data-command="receive"]').tap();
    await page.getByTestId('receipt-form').waitFor();
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);

    await page.goto(`/storage/stock?lot=${primers}`);
    await page.getByTestId('stock-summary').waitFor(POLL);
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);

    // The can goes from the primer magazine into bay A of MAG-01, scanned in by typing.
    await page.goto('/storage/locations/MAG-01-A');
    await page.getByTestId('location-facts').waitFor(POLL);
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);
    await page.getByTestId('location-commands').locator('[data-command="move-here"]').tap();
    const panel = page.getByTestId('move-panel');
    await panel.waitFor();
    await panel.getByLabel('Container serial').fill(can);
    await panel.getByRole('button', { name: 'Add' }).tap();
    await panel.getByTestId('move-serials').getByText(can).waitFor();
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);
    await panel.locator('[data-command="move-submit"]').tap();
    await page.getByTestId('move-done').waitFor(POLL);
    await page.getByTestId(`container-${can}`).waitFor(POLL);
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);

    // The lot's movements: received into MAG-04, then the transfer.
    await page.goto(`/storage/lots/${primers}`);
    const rows = page.getByTestId('movements-table').locator('tbody tr');
    await expect.poll(() => rows.first().getAttribute('data-kind'), POLL).toBe('receipt');
    await expectTouchable(page, body, KEEPER_ACTIONS, KEEPER_TARGET);
  });
});
