// The operator terminal without a network, in a real browser on a 1024×768
// touch panel: the operator starts an order online; the connection breaks
// while the answer to a pause is on its way back (the server applied it); the
// operator goes on offline (resume, two scraps), sees them pending, reloads the
// page offline; the connection returns and the outbox sends everything in
// order with the original keys, each applied exactly once. Then a queued pause
// meets a planner's hold: refused, the complete behind it held, both discarded.
// Last, a terminal whose operator reads Spanish says all of it in Spanish.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/service.js';
import { BROWSER_LOCALES, launchBrowser, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

const POLL = { timeout: 15_000 };
const SHOTS = path.resolve('.tmp');

const PLANNER = { username: 'pia', password: 'plan-the-line-pass-2' };
const OPERATOR = { username: 'otto', password: 'run-the-line-pass-2' };

let served: Served;
let browser: Browser;
let operator: BrowserContext;
let planner: BrowserContext;
let page: Page;
const contextOptions = { locale: 'en-US', timezoneId: 'UTC' };
const pageErrors: string[] = [];
/** Every command request the terminal made: route and idempotency key. */
const commandRequests: { route: string; key: string | undefined }[] = [];

interface SavedOrder {
  id: string;
  number: string;
  state: string;
  history: { command: string; reason?: string }[];
  recordedScrap: number;
  scrapEntries: number;
  recentScrap: { quantity: number; reason: string }[];
}

/** A call to the API as the given context's user, with its CSRF token. */
async function call(
  request: APIRequestContext,
  method: 'GET' | 'POST',
  url: string,
  data?: unknown,
): Promise<unknown> {
  const me = (await (await request.get('/api/auth/me')).json()) as { csrfToken: string };
  const response = await request.fetch(url, {
    method,
    headers: { 'x-csrf-token': me.csrfToken },
    ...(data === undefined ? {} : { data }),
  });
  if (!response.ok())
    throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
  return response.json();
}

async function plannedAndReleased(quantity: number, line = 'L3'): Promise<SavedOrder> {
  const order = (await call(planner.request, 'POST', '/api/production/work-orders', {
    line,
    product: 'C762-BLANK',
    quantity,
  })) as SavedOrder;
  await call(planner.request, 'POST', `/api/production/work-orders/${order.id}/release`, {});
  return order;
}

const saved = async (id: string) =>
  (await call(operator.request, 'GET', `/api/production/work-orders/${id}`)) as SavedOrder;

const terminalState = () => page.getByTestId('terminal-state').getAttribute('data-state');
const pendingStatuses = () =>
  page
    .getByTestId('pending-action')
    .evaluateAll((items) =>
      items.map((i) => `${i.getAttribute('data-command')}:${i.getAttribute('data-status')}`),
    );
const actions = () => page.getByTestId('terminal-actions');

/** No i18n key (production:terminal.offline.title) shows on the page in place of its words. */
async function expectNoRawKeys(on: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not hidden markup
  const text = await on.locator('body').innerText();
  expect(text.match(/\b[a-z]+:[a-zA-Z.]+\b/g) ?? []).toEqual([]);
}

beforeAll(async () => {
  served = await serveReferencePlant();
  await createUser(
    served.store.db,
    { ...PLANNER, displayName: 'Pia Planner', roles: ['planner'] },
    'test',
  );
  await createUser(
    served.store.db,
    { ...OPERATOR, displayName: 'Otto Operator', roles: ['line_operator'] },
    'test',
  );
  browser = await launchBrowser();
  const options = { baseURL: served.baseUrl, ...contextOptions };
  planner = await browser.newContext(options);
  await signIn(planner, PLANNER.username, PLANNER.password);
  // The line's touch panel.
  operator = await browser.newContext({
    ...options,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
  });
  await signIn(operator, OPERATOR.username, OPERATOR.password);
  operator.on('request', (request: Request) => {
    const match = /\/api\/production\/work-orders\/[^/]+\/([a-z]+)$/.exec(request.url());
    if (request.method() === 'POST' && match?.[1]) {
      commandRequests.push({ route: match[1], key: request.headers()['idempotency-key'] });
    }
  });
  page = await operator.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await operator?.close();
  await planner?.close();
  await browser?.close();
  await served?.close();
  expect(pageErrors).toEqual([]);
});

describe('the operator terminal offline', () => {
  let order: SavedOrder;

  it('queues actions while offline, survives a reload, and sends each once when the network returns', async () => {
    order = await plannedAndReleased(5000);
    await page.goto('/production/terminal/L3');
    await expect
      .poll(() => page.getByTestId('terminal-number').textContent(), POLL)
      .toBe(order.number);
    // The service worker takes over the page; a reload then keeps the reads it needs.
    // (Strings, not functions: this file is compiled without the DOM's types.)
    await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
    await expect
      .poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), POLL)
      .toBe(true);
    await page.reload();
    await expect.poll(terminalState, POLL).toBe('released');

    // Online, an action goes through the outbox and straight out.
    await actions().getByRole('button', { name: 'Start' }).tap();
    await expect.poll(terminalState, POLL).toBe('running');
    await expect.poll(() => page.getByTestId('terminal-pending').count(), POLL).toBe(0);
    await expect.poll(async () => (await saved(order.id)).state, POLL).toBe('running');

    // The pause reaches the server, then the connection breaks before its answer is back.
    await operator.route('**/api/production/work-orders/*/pause', async (route) => {
      await route.fetch(); // the server applies it
      await operator.setOffline(true);
      await route.abort('connectionreset'); // the answer is lost
    });
    await actions().getByRole('button', { name: 'Pause' }).tap();
    const picker = page.getByTestId('reason-picker');
    await picker.getByTestId('reason-MECH').tap();
    await picker.getByTestId('reason-MECH-CS').tap();
    await picker.getByTestId('confirm-pause').tap();
    await page.getByTestId('terminal-offline').waitFor();
    await operator.unroute('**/api/production/work-orders/*/pause');
    expect((await saved(order.id)).history.map((t) => t.command)).toEqual([
      'create',
      'release',
      'start',
      'pause',
    ]);
    // The screen follows the queued pause and says it is not confirmed.
    await expect.poll(terminalState, POLL).toBe('paused');
    await page.getByTestId('terminal-unconfirmed').waitFor();

    // Offline: resume, then two scraps through the number pad.
    await actions().getByRole('button', { name: 'Resume' }).tap();
    await expect.poll(terminalState, POLL).toBe('running');
    for (const [digits, reason] of [
      ['7', 'SCR-CRIMP'],
      ['5', 'SCR-CRIMP'],
    ] as const) {
      await actions().getByRole('button', { name: 'Record scrap' }).tap();
      const pad = page.getByTestId('scrap-pad');
      await pad.getByTestId('offline-note').waitFor();
      await pad.getByRole('button', { name: digits, exact: true }).tap();
      await pad.getByTestId(`scrap-reason-${reason}`).tap();
      await pad.getByTestId('confirm-scrap').tap();
      await expect.poll(() => pad.count(), POLL).toBe(0);
    }
    await expect.poll(() => page.getByTestId('terminal-scrap').textContent(), POLL).toBe('12');
    // Polled: while offline the outbox still retries, and for the moment of a
    // retry the first action reads "Sending…" instead of waiting.
    await expect
      .poll(pendingStatuses, POLL)
      .toEqual(['pause:waiting', 'resume:behind', 'recordScrap:behind', 'recordScrap:behind']);
    await expect
      .poll(() => page.getByTestId('pending-status').first().textContent(), POLL)
      .toBe('Waiting for the network');
    expect(await page.getByTestId('terminal-unconfirmed').textContent()).toContain('4 waiting');
    await page.screenshot({ path: path.join(SHOTS, 'terminal-offline-pending-1024.png') });
    // Every button on the panel is large enough for a gloved finger.
    for (const height of await page
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height))) {
      expect(height).toBeGreaterThanOrEqual(44);
    }

    // Reloaded without a network, the terminal comes up from the service
    // worker's copy, its queue intact.
    await page.reload();
    await page.getByTestId('terminal-offline').waitFor();
    // The banner comes first; what the terminal last knew follows once the
    // order is read back from the browser's store.
    await expect
      .poll(() => page.getByTestId('terminal-offline').textContent(), POLL)
      .toContain('last knew');
    await expect.poll(terminalState, POLL).toBe('running');
    expect(await page.getByTestId('terminal-number').textContent()).toBe(order.number);
    expect(await page.getByTestId('terminal-scrap').textContent()).toBe('12');
    expect(await pendingStatuses()).toHaveLength(4);
    await page.screenshot({ path: path.join(SHOTS, 'terminal-offline-reloaded-1024.png') });
    // Nothing more reached the server meanwhile.
    expect((await saved(order.id)).history.map((t) => t.command)).toEqual([
      'create',
      'release',
      'start',
      'pause',
    ]);

    // The network returns: the queue goes out in order and empties.
    await operator.setOffline(false);
    await expect.poll(() => page.getByTestId('terminal-pending').count(), POLL).toBe(0);
    await expect.poll(() => page.getByTestId('terminal-offline').count(), POLL).toBe(0);
    expect(await page.getByTestId('terminal-unconfirmed').count()).toBe(0);
    expect(await terminalState()).toBe('running');

    // Each action took effect exactly once.
    const after = await saved(order.id);
    expect(after.history.map((t) => t.command)).toEqual([
      'create',
      'release',
      'start',
      'pause',
      'resume',
    ]);
    expect(after.history[3]).toMatchObject({ reason: 'MECH-CS' });
    expect(after).toMatchObject({ recordedScrap: 12, scrapEntries: 2 });
    expect(after.recentScrap).toMatchObject([
      { quantity: 7, reason: 'SCR-CRIMP' },
      { quantity: 5, reason: 'SCR-CRIMP' },
    ]);
    const events = (await call(
      operator.request,
      'GET',
      `/api/production/work-orders/${order.id}/events`,
    )) as { type: string; command?: string; quantity?: number }[];
    expect(
      events.filter((e) => e.type === 'work_order.state_changed').map((e) => e.command),
    ).toEqual(['release', 'start', 'pause', 'resume']);
    expect(
      events.filter((e) => e.type === 'work_order.scrap_recorded').map((e) => e.quantity),
    ).toEqual([7, 5]);
    // The pause went out again and again (once reaching the server, then
    // while offline, then for good), always with one key; the server applied it once.
    const pauses = commandRequests.filter((r) => r.route === 'pause');
    expect(pauses.length).toBeGreaterThanOrEqual(2);
    expect(new Set(pauses.map((p) => p.key)).size).toBe(1);
  });

  it('shows a refusal, holds the actions behind it on the same order, and lets the operator discard them', async () => {
    await expect.poll(terminalState, POLL).toBe('running');
    await operator.setOffline(true);
    await actions().getByRole('button', { name: 'Pause' }).tap();
    const picker = page.getByTestId('reason-picker');
    await picker.getByTestId('reason-PLN').tap();
    await picker.getByTestId('reason-PLN-BREAK').tap();
    await picker.getByTestId('confirm-pause').tap();
    await expect.poll(terminalState, POLL).toBe('paused');
    await actions().getByRole('button', { name: 'Complete' }).tap();
    await page.getByTestId('confirm-complete-button').tap();
    await expect.poll(terminalState, POLL).toBe('completed');
    await page.getByTestId('terminal-offline').waitFor();

    // Meanwhile a planner puts the order on hold.
    await call(planner.request, 'POST', `/api/production/work-orders/${order.id}/hold`, {
      reason: 'NCR-17 crimp depth',
    });

    await operator.setOffline(false);
    const banner = page.getByTestId('terminal-error');
    await banner.waitFor(POLL);
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('terminal-error-detail').textContent()).toContain('unhold');
    expect(await pendingStatuses()).toEqual(['pause:refused', 'complete:behind']);
    expect(await page.getByTestId('pending-status').nth(1).textContent()).toBe(
      'Held: an earlier action on this order was refused',
    );
    // The screen shows the server's order, not the refused plan.
    await expect.poll(terminalState, POLL).toBe('on_hold');
    await page.screenshot({ path: path.join(SHOTS, 'terminal-offline-refused-1024.png') });

    await banner.getByRole('button', { name: 'Discard with the 1 after it' }).tap();
    await expect.poll(() => page.getByTestId('terminal-pending').count(), POLL).toBe(0);
    expect(await page.getByTestId('terminal-error').count()).toBe(0);
    const after = await saved(order.id);
    expect(after.state).toBe('on_hold');
    expect(after.history.map((t) => t.command)).toEqual([
      'create',
      'release',
      'start',
      'pause',
      'resume',
      'hold',
    ]);
    // Nothing was left behind in the terminal's storage.
    expect(await page.evaluate("localStorage.getItem('lotline.terminal.outbox.v1')")).toBeNull();
  });

  it('says it in Spanish: offline banner, unconfirmed order and pending list', async () => {
    // Another line's terminal, its operator reading Spanish.
    const order = await plannedAndReleased(3000, 'L4');
    const spanish = await browser.newContext({
      baseURL: served.baseUrl,
      ...contextOptions,
      locale: BROWSER_LOCALES.es,
      viewport: { width: 1024, height: 768 },
      hasTouch: true,
    });
    try {
      await signIn(spanish, OPERATOR.username, OPERATOR.password, { language: 'es' });
      const terminal = await spanish.newPage();
      terminal.on('pageerror', (error) => pageErrors.push(error.message));
      await terminal.goto('/production/terminal/L4');
      await expect
        .poll(() => terminal.getByTestId('terminal-number').textContent(), POLL)
        .toBe(order.number);
      expect(await terminal.getByTestId('terminal-quantity').textContent()).toBe('3.000');
      expect(await terminal.getByTestId('terminal-state').textContent()).toBe('Liberada');

      await spanish.setOffline(true);
      await terminal.getByTestId('terminal-actions').getByRole('button', { name: 'Iniciar' }).tap();
      const offline = terminal.getByTestId('terminal-offline');
      await offline.waitFor(POLL);
      expect(await offline.textContent()).toContain(
        'Sin conexión: no se puede contactar el servidor de Lotline',
      );
      expect(await offline.textContent()).toContain('(1 en espera)');
      await expect
        .poll(() => terminal.getByTestId('terminal-state').textContent(), POLL)
        .toBe('En ejecución');
      expect(await terminal.getByTestId('terminal-unconfirmed').textContent()).toBe(
        'Sin confirmar · 1 en espera',
      );
      const pending = terminal.getByTestId('terminal-pending');
      expect(await pending.getByRole('heading').textContent()).toContain(
        'Sin confirmar por el servidor (1)',
      );
      expect(await terminal.getByTestId('pending-action').textContent()).toContain('Iniciar');
      await expect
        .poll(() => terminal.getByTestId('pending-status').textContent(), POLL)
        .toBe('Esperando la red');
      await expectNoRawKeys(terminal);
      await terminal.screenshot({ path: path.join(SHOTS, 'terminal-offline-es-1024.png') });

      // The network returns: the start goes out once, and the Spanish notes go away.
      await spanish.setOffline(false);
      await expect.poll(() => pending.count(), POLL).toBe(0);
      await expect.poll(() => offline.count(), POLL).toBe(0);
      await expect.poll(async () => (await saved(order.id)).state, POLL).toBe('running');
    } finally {
      await spanish.close();
    }
  });
});
