// Maintenance in a real browser, fed by the machine data. The served app has
// its machine side (embedded broker and ingest, as `npm start` runs them) and
// the breakdown watcher runs beside it as src/app.ts starts it: its first
// tick places its cursor before the machines' births. Crimping and sealing on
// L1 (L1/CS) already has one repair closed: a breakdown reported by hand 90
// minutes ago, closed now, so its MTTR is about 90 minutes; 30 bearings lie
// in the maintenance store.
//
// Then L1's edge node reports CS down for MECH-CS over Sparkplug B. The
// watcher opens a breakdown request, which a line operator sees on the board
// at 1024×768 (filtered by line, and beside a fault the operator opens by
// hand). A technician on a phone (390×844, touch) opens it from the board,
// takes it, records cause, action and labour, reserves and issues two
// bearings; the machine reports CS running again, and the technician closes
// the job. The station's equipment page then shows an MTTR that moved from
// about 90 minutes to the mean of the two repairs, the cause among the top
// causes and the job in the history; the bearings have left the stock.
//
// Last, in Spanish: a technician who reads the app in Spanish sees the board
// (a counter plan's interval with es-VE thousands separators), takes the
// operator's fault and records work on it, and reads the equipment and spare
// parts pages, with no English left and no raw translation key.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningWatcher,
  startMaintenanceWatcher,
} from '../../src/modules/maintenance/index.js';
import { connectEdgeNode, type EdgeNode } from '../../src/modules/telemetry/index.js';
import type { LineSnapshot } from '../../src/modules/telemetry/simulator/line-model.js';
import { createTestUser, type Session, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { BROWSER_LOCALES, launchBrowser, openContext, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

// Generous: ingest, the watcher, the pages' refresh (10 s) and the browser share two cores.
const POLL = { timeout: 30_000 };
const SHOTS = path.resolve('.tmp');
const STATION = 'CS';
const EQUIPMENT = `/maintenance/equipment/L1/${STATION}`;
const CAUSE = 'Crimp die cracked at the seating shoulder';
const ACTION = 'Replaced the crimp die and both bearings of the crimp head; test run of 200';

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
let watcher: RunningWatcher | undefined;
let edge: EdgeNode | undefined;
let tech: Session;
let operatorPage: Page;
let phone: Page;
/** The station as the machine reports it. */
const cs = { state: 'running', reason: '', good: 0 };
/** MTTR of L1/CS on its equipment page before the breakdown, minutes. */
let mttrBefore = Number.NaN;
/** The request the breakdown opened. */
let request = '';
const PLAN = 'PM-L1-CS-WEEKLY';
/** The preventive job the plan made. */
let planned: Json = {};

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
type Json = { [key: string]: any };

async function api(session: Session, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await served.app.inject({
    method,
    url,
    headers: session.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json() as Json;
}

async function pageFor(
  username: string,
  options: { width: number; height: number; touch?: boolean; language?: 'en' | 'es' },
): Promise<Page> {
  const language = options.language ?? 'en';
  const context = options.touch
    ? await browser.newContext({
        baseURL: served.baseUrl,
        locale: BROWSER_LOCALES[language],
        timezoneId: 'UTC',
        viewport: { width: options.width, height: options.height },
        hasTouch: true,
        isMobile: true,
      })
    : await openContext(browser, served.baseUrl, { language });
  contexts.push(context);
  await signIn(context, username, TEST_PASSWORD, { language });
  const page = await context.newPage();
  if (!options.touch) await page.setViewportSize({ width: options.width, height: options.height });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

function snapshot(): LineSnapshot {
  return {
    line: 'L1',
    timestamp: Date.now(),
    node: [{ name: 'Line/Product', datatype: 'String', value: 'C762-BALL' }],
    devices: [
      {
        device: STATION,
        metrics: [
          { name: 'Counts/Good', datatype: 'UInt64', value: cs.good },
          { name: 'Counts/Reject', datatype: 'UInt64', value: 0 },
          { name: 'State', datatype: 'String', value: cs.state },
          { name: 'State/Reason', datatype: 'String', value: cs.reason },
        ],
      },
    ],
  };
}

/** The station reports a new state and its reason in one message, as a machine does. */
async function report(state: string, reason: string) {
  cs.state = state;
  cs.reason = reason;
  const at = Date.now();
  await edge?.publish([
    { device: STATION, name: 'State', value: state, timestamp: at },
    { device: STATION, name: 'State/Reason', value: reason, timestamp: at },
  ]);
}

/** The figure's exact value (data-value), in minutes; NaN while it has none. */
const figure = async (page: Page, key: string) => {
  const value = await page.getByTestId(`figure-${key}`).getAttribute('data-value');
  return value ? Number(value) : Number.NaN;
};

/**
 * No part of the page reaches past the right edge of a screen this wide. (A
 * mobile viewport widens itself to what overflows, so the width is asked for,
 * not read from the window.)
 */
const fitsWidth = async (page: Page, width: number) =>
  (await page.evaluate<number>('document.documentElement.scrollWidth')) <= width;

const heightOf = async (locator: Locator) => (await locator.boundingBox())?.height ?? 0;

/** A translation key shown as itself ("maintenance:board.title") where its words should be. */
const RAW_KEY = /\b[a-z]+:[a-zA-Z.]+\b/;
/** Spanish short month names, as es-VE writes them ("15 jun", "26 nov 2026"). */
const ES_MONTH = '(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)\\.?';

/**
 * Every text node of the page, hidden ones too (a closed <details>, a
 * visually-hidden label), one a line: words of two elements never run together.
 */
const PAGE_TEXT = `(() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent);
  return parts.join('\\n');
})()`;

/** The page's text has no raw key and none of the English words given. */
async function expectSpanishOnly(page: Page, english: string[]) {
  const text = await page.evaluate<string>(PAGE_TEXT);
  expect(text).not.toMatch(RAW_KEY);
  for (const words of english) expect(text, words).not.toContain(words);
}

beforeAll(async () => {
  served = await serveReferencePlant({ machineData: true });
  const { app, store } = served;
  const machines = served.machines;
  if (!machines) throw new Error('the harness started no machine side');
  tech = await signInAs(app, store.db, 'teo', ['maintenance_technician']);
  const keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  await createTestUser(store.db, 'olga', ['line_operator']);

  // The breakdown watcher, as src/app.ts starts it: its first tick, before the
  // machines are connected, places its cursor ahead of their births.
  watcher = startMaintenanceWatcher({
    db: store.db,
    clock: () => new Date(),
    group: machines.group,
    logger: pino({ level: 'silent' }),
    intervalMs: 500,
  });
  await watcher.tick();

  // An earlier repair of L1/CS: reported by hand 90 minutes after it went down, closed now.
  const earlier = await api(tech, 'POST', '/api/maintenance/requests', {
    kind: 'breakdown',
    line: 'L1',
    station: STATION,
    title: 'Sealant nozzle blocked',
    reason: 'MECH-CS',
    downAt: new Date(Date.now() - 90 * 60_000).toISOString(),
  });
  await api(tech, 'POST', `/api/maintenance/work-orders/${earlier.number}/take`, {});
  await api(tech, 'POST', `/api/maintenance/work-orders/${earlier.number}/close`, {
    cause: 'Sealant dried in the nozzle over the weekend',
    action: 'Cleaned the nozzle and purged the line',
  });

  // A weekly preventive plan of the station, made a week ahead: its first job is due in 7 days.
  await api(tech, 'POST', '/api/maintenance/plans', {
    code: PLAN,
    title: 'Crimp head: lubricate, check die wear',
    line: 'L1',
    station: STATION,
    trigger: 'calendar',
    everyDays: 7,
    leadDays: 7,
    durationMinutes: 45,
  });
  await watcher.tick();
  const [job] = (await api(tech, 'GET', '/api/maintenance/work-orders/due?line=L1')) as Json[];
  expect(job).toMatchObject({ kind: 'preventive', plan: PLAN, state: 'open' });
  planned = job as Json;

  await api(keeper, 'POST', '/api/genealogy/lots/receipts', {
    material: 'SP-BEARING-6205',
    supplier: 'SUP-SPARES',
    supplierLot: 'SKF-E2E-0001',
    quantity: 30,
    location: 'ST-SPARES',
  });

  edge = await connectEdgeNode({
    url: machines.mqttUrl,
    group: machines.group,
    node: 'L1',
    snapshot,
  });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await watcher?.stop();
  await edge?.close().catch(() => {});
  for (const context of contexts) await context.close();
  await browser?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(pageErrors).toEqual([]);
});

describe('maintenance', () => {
  it('shows the station with its one repair so far', async () => {
    operatorPage = await pageFor('olga', { width: 1024, height: 768 });
    const page = operatorPage;
    await page.goto('/maintenance/equipment');
    const asset = page.getByTestId(`asset-L1-${STATION}`);
    await asset.waitFor(POLL);
    expect(await asset.textContent()).toContain('ENS-105');
    await asset.getByRole('link', { name: `L1/${STATION}` }).click();
    await page.waitForURL(`**${EQUIPMENT}`);
    await page.getByRole('heading', { level: 1, name: /L1\/CS/ }).waitFor();
    expect(await page.getByTestId('asset-make').textContent()).toContain('Maquinaria Ávila');
    expect(await page.getByTestId('asset-serial').textContent()).toContain('ENS-14-10581');
    expect(await page.getByTestId('asset-criticality').textContent()).toContain('B');
    await expect.poll(() => figure(page, 'mttr'), POLL).toBeGreaterThan(0);
    mttrBefore = await figure(page, 'mttr');
    // Down 90 minutes before it was closed (and a moment for the requests in between).
    expect(mttrBefore).toBeGreaterThanOrEqual(90);
    expect(mttrBefore).toBeLessThan(91);
    expect(await page.getByTestId('figure-mttr-text').textContent()).toBe('1 h 30 min');
    console.info(`MTTR of L1/CS before the breakdown: ${mttrBefore} min`);
  });

  it('a breakdown in the machine data opens a request on the board (1024×768)', async () => {
    const page = operatorPage;
    await page.goto('/floor');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Maintenance' })
      .click();
    await page.waitForURL('**/maintenance');
    await page.getByRole('heading', { level: 1, name: 'Maintenance board' }).waitFor();
    await page.getByTestId('no-open-requests').waitFor(POLL);

    await report('down', 'MECH-CS');
    const card = page.locator(`[data-kind="breakdown"][data-station="${STATION}"]`);
    await card.waitFor(POLL);
    request = (await card.getAttribute('data-testid'))?.replace('request-', '') ?? '';
    expect(request).toMatch(/^MWO-\d+$/);
    expect(await card.getAttribute('data-state')).toBe('open');
    expect(await card.textContent()).toContain('Avería en engarce y sellado');
    expect(await card.textContent()).toContain('nobody yet');
    // Opened by the watcher from the machine data, with the station, the reason and the time.
    const opened = await api(tech, 'GET', `/api/maintenance/work-orders/${request}`);
    expect(opened).toMatchObject({
      kind: 'breakdown',
      line: 'L1',
      station: STATION,
      reason: 'MECH-CS',
      openedBy: 'lotline:breakdown-watcher',
    });

    // The line filter: on L2 the board has no open request; on L1 it is there.
    const line = page.getByTestId('board-filters').getByLabel('Line');
    await line.selectOption('L2');
    await page.getByTestId('no-open-requests').waitFor(POLL);
    await line.selectOption('L1');
    await card.waitFor(POLL);
    expect(page.url()).toContain('line=L1');

    // The planned job, with its due date and window, and the plan it came from.
    const row = page.getByTestId(`planned-${planned.number}`);
    await row.waitFor(POLL);
    expect(await row.textContent()).toContain(PLAN);
    expect(await row.getAttribute('data-overdue')).toBe(String(planned.overdue));
    expect(await page.getByTestId(`plan-${PLAN}`).textContent()).toContain('7 days');

    // The operator reports a fault by hand: it does not stop the gauge yet.
    // By keyboard: the command takes Enter, and the form then has the focus.
    await page.locator('[data-command="open-request"]').focus();
    await page.keyboard.press('Enter');
    const form = page.getByTestId('open-request-form');
    await form.waitFor();
    expect(
      await page.evaluate<string | null>('document.activeElement?.getAttribute("type") ?? null'),
    ).toBe('radio');
    await form.getByLabel('Fault — it still runs').check();
    await form.getByLabel('Station').selectOption('GA');
    await form.getByLabel('What is wrong').fill('Gauge rejects every tenth case as long');
    await form.locator('[data-command="submit-request"]').click();
    await form.waitFor({ state: 'detached' });
    const fault = page.locator('[data-kind="corrective"][data-station="GA"]');
    await fault.waitFor(POLL);
    expect(await page.getByTestId('open-requests').locator('article').count()).toBe(2);
    expect(await fitsWidth(page, 1024)).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'maintenance-board-1024.png'), fullPage: true });
  });

  it('a technician on a phone takes the request, records the work and closes it', async () => {
    phone = await pageFor('teo', { width: 390, height: 844, touch: true });
    await phone.goto('/maintenance');
    const link = phone.getByTestId(`request-${request}`).getByRole('link', { name: request });
    await link.waitFor(POLL);
    expect(await heightOf(link)).toBeGreaterThanOrEqual(44);
    expect(await fitsWidth(phone, 390)).toBe(true);
    await phone.screenshot({ path: path.join(SHOTS, 'maintenance-board-390.png') });
    await link.tap();
    await phone.waitForURL(`**/maintenance/jobs/${request}`);
    const job = phone.getByTestId('job');
    await job.waitFor();
    expect(await job.getAttribute('data-state')).toBe('open');
    expect(await fitsWidth(phone, 390)).toBe(true);

    const take = phone.locator('[data-command="take"]');
    expect(await heightOf(take)).toBeGreaterThanOrEqual(44);
    await take.tap();
    await expect.poll(() => job.getAttribute('data-state'), POLL).toBe('in_progress');
    expect(await phone.getByTestId('job-taken-by').textContent()).toBe('teo');

    // The work so far: cause, action and labour, saved before the machine is back.
    const work = phone.getByTestId('work-form');
    await work.getByLabel('Cause').fill(CAUSE);
    await work.getByLabel('Action').fill(ACTION);
    await work.getByLabel('Labour (minutes)').fill('35');
    await work.getByLabel('Labour note (optional)').fill('die change');
    await work.locator('[data-command="record-work"]').tap();
    await expect
      .poll(() => phone.getByTestId('job-labour-total').textContent(), POLL)
      .toContain('35 min in 1 entry');

    // Two bearings: reserved, then issued from the maintenance store.
    const parts = phone.getByTestId('parts-form');
    await parts.getByLabel('Part').selectOption('SP-BEARING-6205');
    await parts.getByLabel('Quantity').fill('2');
    await parts.locator('[data-command="reserve-part"]').tap();
    const reservation = phone.getByTestId('reservation-SP-BEARING-6205');
    await expect.poll(() => reservation.textContent(), POLL).toContain('reserved 2, issued 0');
    // The form sets its quantity back to 1 once the reservation is answered:
    // a quantity typed before that lands in the middle of it (12, not 2).
    await expect.poll(() => parts.getByLabel('Quantity').inputValue(), POLL).toBe('1');
    await parts.getByLabel('Quantity').fill('2');
    await parts.locator('[data-command="issue-part"]').tap();
    await expect.poll(() => reservation.textContent(), POLL).toContain('reserved 2, issued 2');
    expect(await phone.getByTestId('issue-SP-BEARING-6205').textContent()).toContain('ST-SPARES');
    expect(await fitsWidth(phone, 390)).toBe(true);
    await phone.screenshot({
      path: path.join(SHOTS, 'maintenance-work-in-progress-390.png'),
      fullPage: true,
    });

    // The machine runs again; the watcher sees it back in service.
    await report('running', '');
    await expect
      .poll(
        async () => (await api(tech, 'GET', `/api/maintenance/work-orders/${request}`)).upAt,
        POLL,
      )
      .not.toBeNull();

    await work.getByLabel('Labour (minutes)').fill('10');
    const close = work.locator('[data-command="close"]');
    expect(await heightOf(close)).toBeGreaterThanOrEqual(44);
    await close.tap();
    await expect.poll(() => job.getAttribute('data-state'), POLL).toBe('closed');
    expect(await phone.getByTestId('job-done').textContent()).toContain(`${request} is closed`);
    expect(await phone.getByTestId('job-cause').textContent()).toBe(CAUSE);
    expect(await phone.getByTestId('job-labour-total').textContent()).toContain(
      '45 min in 2 entries',
    );
    expect(await phone.locator('[data-command="take"]').count()).toBe(0);
    expect(await fitsWidth(phone, 390)).toBe(true);
    await phone.screenshot({ path: path.join(SHOTS, 'maintenance-work-390.png'), fullPage: true });
  });

  it("the station's equipment page shows the MTTR moved, the cause and the job", async () => {
    const closed = await api(tech, 'GET', `/api/maintenance/work-orders/${request}`);
    expect(closed.state).toBe('closed');
    const repair = closed.repairMinutes as number;
    // Down → back in service by the machine data: the seconds the test took.
    expect(repair).toBeGreaterThan(0);
    expect(repair).toBeLessThan(10);

    const page = operatorPage;
    await page.goto(EQUIPMENT);
    await page.getByTestId('reliability-figures').waitFor();
    await expect.poll(() => figure(page, 'mttr'), POLL).not.toBe(mttrBefore);
    const mttrAfter = await figure(page, 'mttr');
    console.info(
      `MTTR of L1/CS after ${request} (repair ${repair} min): ${mttrAfter} min (was ${mttrBefore})`,
    );
    // The mean of the two repairs.
    expect(mttrAfter).toBeCloseTo((mttrBefore + repair) / 2, 1);
    expect(mttrAfter).toBeLessThan(mttrBefore);
    expect(await page.getByTestId('top-causes').textContent()).toContain(CAUSE);
    const row = page.getByTestId(`history-${request}`);
    expect(await row.textContent()).toContain('Closed');
    expect(await page.getByTestId('asset-breakdowns').textContent()).toContain(request);
    // The weekly trend is drawn.
    await page.getByTestId('reliability-trend').locator('canvas').first().waitFor(POLL);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({
      path: path.join(SHOTS, 'maintenance-equipment-1280.png'),
      fullPage: true,
    });

    // The two bearings left the stock through the ledger.
    await page.goto('/maintenance/spare-parts');
    const bearing = page.getByTestId('part-SP-BEARING-6205');
    await bearing.waitFor(POLL);
    expect(await bearing.getAttribute('data-on-hand')).toBe('28');
    await page.getByTestId('shortage-SP-BELT-HTD8M').waitFor();
  });
});

describe('maintenance in Spanish', () => {
  const COUNTER_PLAN = 'PM-L1-GA-COUNT';

  it('shows the board, a job, the equipment and the spare parts in Spanish (es-VE)', async () => {
    await createTestUser(served.store.db, 'tomas', ['maintenance_technician']);
    // A plan by counter: its interval reads with es-VE thousands separators.
    await api(tech, 'POST', '/api/maintenance/plans', {
      code: COUNTER_PLAN,
      title: 'Calibrado: revisar galgas',
      line: 'L1',
      station: 'GA',
      trigger: 'counter',
      counter: 'cycles',
      every: 250_000,
      durationMinutes: 30,
    });
    const page = await pageFor('tomas', { width: 1280, height: 900, language: 'es' });

    // The board: headings, the operator's fault with its kind and state in words, the plans.
    await page.goto('/maintenance');
    await page.getByRole('heading', { level: 1, name: 'Tablero de mantenimiento' }).waitFor(POLL);
    await page.getByRole('heading', { level: 2, name: 'Solicitudes abiertas' }).waitFor();
    expect(await page.getByRole('button', { name: 'Abrir una solicitud' }).count()).toBe(1);
    const fault = page.locator('[data-kind="corrective"][data-station="GA"]');
    await fault.waitFor(POLL);
    const faultText = (await fault.textContent()) ?? '';
    expect(faultText).toContain('Falla');
    expect(faultText).toContain('Abierta');
    expect(faultText).toContain('nadie todavía');
    const counterPlan = page.getByTestId(`plan-${COUNTER_PLAN}`);
    await counterPlan.waitFor(POLL);
    expect(await counterPlan.textContent()).toContain('250.000 ciclos');
    expect(await page.getByTestId(`plan-${PLAN}`).textContent()).toContain('7 días');
    await expectSpanishOnly(page, [
      'Open requests',
      'Planned jobs',
      'Preventive plans',
      'Taken by',
    ]);

    // The fault's job: taken and worked on, in Spanish.
    const number = (await fault.getAttribute('data-testid'))?.replace('request-', '') ?? '';
    await fault.getByRole('link', { name: number }).click();
    await page.waitForURL(`**/maintenance/jobs/${number}`);
    const job = page.getByTestId('job');
    await job.waitFor(POLL);
    await page.getByRole('button', { name: 'Tomar este trabajo' }).click();
    await expect.poll(() => job.getAttribute('data-state'), POLL).toBe('in_progress');
    expect(await page.getByTestId('job-done').textContent()).toContain(`${number} tomada`);
    expect(await job.textContent()).toContain('En curso');
    const work = page.getByTestId('work-form');
    await work.getByLabel('Causa').fill('Galga de longitud desgastada');
    await work.getByLabel('Acción').fill('Se cambió la galga y se verificó con patrones');
    await work.getByLabel('Mano de obra (minutos)').fill('20');
    await work.getByRole('button', { name: 'Guardar trabajo' }).click();
    await expect
      .poll(() => page.getByTestId('job-labour-total').textContent(), POLL)
      .toBe('Mano de obra: 20 min en 1 registro.');
    expect(await page.getByRole('button', { name: 'Cancelar la orden…' }).count()).toBe(1);
    await expectSpanishOnly(page, ['Record the work', 'Spare parts', 'Labour and history']);
    await page.screenshot({ path: path.join(SHOTS, 'maintenance-work-es.png'), fullPage: true });

    // The equipment page: facts, figures and dates in es-VE.
    await page.goto(EQUIPMENT);
    await page.getByRole('heading', { level: 2, name: 'Confiabilidad' }).waitFor(POLL);
    expect(await page.getByTestId('asset-criticality').textContent()).toContain(
      'B — detiene su línea',
    );
    expect(await page.getByTestId('asset-facts').textContent()).toContain('engarce y sellado');
    expect(await page.getByTestId('reliability-figures').textContent()).toContain('Disponibilidad');
    const opened = await page.getByTestId(`history-${request}`).locator('td').nth(2).textContent();
    expect(opened).toMatch(
      new RegExp(`^\\d{1,2}\\s${ES_MONTH}\\s\\d{4},\\s\\d{1,2}:\\d{2}\\s[ap]\\.\\s?m\\.$`),
    );
    const week = await page.getByTestId('trend-table').locator('tbody th').first().textContent();
    expect(week).toMatch(new RegExp(`^\\d{1,2}\\s${ES_MONTH}$`));
    await expectSpanishOnly(page, ['Reliability', 'Weekly trend', 'The asset', 'History']);

    // The spare parts: the bearings' stock, headings in Spanish.
    await page.goto('/maintenance/spare-parts');
    await page.getByRole('heading', { level: 1, name: 'Repuestos' }).waitFor(POLL);
    await page.getByRole('heading', { level: 2, name: 'Lista de faltantes' }).waitFor();
    const bearing = page.getByTestId('part-SP-BEARING-6205');
    await bearing.waitFor(POLL);
    expect(await bearing.getAttribute('data-on-hand')).toBe('28');
    expect(await page.getByTestId('spare-parts').locator('thead').textContent()).toContain(
      'Punto de reorden',
    );
    await expectSpanishOnly(page, ['Shortage list', 'Reorder point', 'On hand']);
  });
});
