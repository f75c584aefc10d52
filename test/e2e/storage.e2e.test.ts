// Storage and shipping in a real browser. Made through the HTTP API first:
// the safety officer's plant file forbids propellant (group C) with anything
// of group S in one storage site; 20 kg of propellant wait in the receiving
// quarantine QUAR-02; a lot of ball cartridges is made on L1 (3,500 good),
// released, and packed into four cans of 660 and two crates of two cans;
// crate B goes to magazine MAG-02. Then the storekeeper opens the storage
// map, tries to move crate A into MAG-03 (the 1.3C powder magazine: refused
// for its division) and into QUAR-02 (refused: S clashes with the propellant
// there), each refusal shown in full with its code, and moves it into bay A
// of MAG-01, which takes it. The map's quantity-distance check finds no
// violation: on the reference plant no distance has a verified rule (HD 1.3
// and 1.4), so the twelve distances of the magazines at their limits are
// listed as not checked, with the inhabited buildings and the road drawn on
// the site plan. A location lists its containers from one request. A signed cycle count finds ten cartridges
// missing in QUAR-01. The storekeeper enters a customer order, allocates
// crate A, prints the picking list, picks by scanning, dispatches with the
// signature and downloads the dangerous-goods declaration of the shipment.
// The storekeeper receives a supplier's lot of primers through the form: the
// interlock refuses it beside the propellant, the primer magazine takes it,
// and the lot's new number leads to its stock; the same supplier lot again
// is refused. A viewer sees stock and a picked order, but neither moves,
// receives nor dispatches. Last, a storekeeper who reads Spanish, in a
// Spanish browser, goes through every page: the words, the numbers and dates
// in es-VE, a refused and an accepted move, an order entered and cancelled,
// and a receipt of cases with its expiry date, with no raw translation key
// anywhere.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/modules/genealogy/index.js';
import { currentPlant, loadPlant } from '../../src/modules/plant/index.js';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import { type Session, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { dateInputParts, launchBrowser, openContext, signIn } from '../support/browser.js';
import { packerCountRows } from '../support/machine-events.js';
import { type Served, serveReferencePlant } from './harness.js';

const POLL = { timeout: 10_000 };
const SHOTS = path.resolve('.tmp');

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
/** The API requests each page made, by user. */
const requests = new Map<string, string[]>();

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

let keeper: Session;
let viewer: Session;
let operator: Session;
/** A storekeeper who reads the pages in Spanish. */
const SPANISH_KEEPER = 'ester';
/** The lot of ball cartridges, the propellant lot, and the two crates. */
let lot = '';
let powder = '';
let crateA = '';
let crateB = '';
const ORDER = 'EJ-E2E-0001';

beforeAll(async () => {
  served = await serveReferencePlant();
  const { app, store } = served;
  keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
  const planner = await signInAs(app, store.db, 'pablo', ['planner']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
  await signInAs(app, store.db, SPANISH_KEEPER, ['storekeeper']);

  // The safety officer forbids C with S in one site, stricter than the verified default.
  const { plant } = await currentPlant(store.db);
  await loadPlant(
    store.db,
    {
      ...plant,
      safety: {
        ...plant.safety,
        mixing: [
          {
            groups: ['C', 'S'],
            allowed: false,
            note: 'site rule: propellant apart from primers and cartridges',
          },
        ],
        exposures: plant.safety?.exposures ?? [],
      },
    },
    { source: 'test', actor: 'safety-officer' },
  );
  powder = (
    await api(keeper, 'POST', '/api/genealogy/lots/receipts', {
      material: 'PROP-BALL',
      supplier: 'SUP-POWDER',
      supplierLot: 'E2E-PSC',
      quantity: 20,
      location: 'QUAR-02',
    })
  ).number;

  // A lot of ball cartridges: the packer counts 3,500 good while the order runs.
  const order = await api(planner, 'POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line: 'L1',
    quantity: 4000,
  });
  await api(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
  await api(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
  const made = (await api(
    viewer,
    'GET',
    '/api/genealogy/lots?material=C762-BALL',
  )) as unknown as Json[];
  lot = made.find((l) => l.workOrderId === order.id)?.number;
  await store.db.insert(machineEvents).values(packerCountRows('storage-e2e', 3500));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await api(operator, 'POST', `/api/production/work-orders/${order.id}/complete`, {});
  await decide({ db: store.db, clock: () => new Date() }, lot, 'release', 'quinn');
  expect(await api(viewer, 'GET', `/api/genealogy/lots/${lot}`)).toMatchObject({
    status: 'released',
    quantity: 3500,
  });

  // Four cans of 660 in two crates, at the finished-goods quarantine where the lot is.
  const units = (kind: string, n: number, material: string) =>
    api(operator, 'POST', '/api/genealogy/handling-units', {
      kind,
      location: 'QUAR-01',
      count: n,
      material,
    }) as unknown as Promise<Json[]>;
  const cans = await units('can', 4, 'CAN-660');
  const crates = await units('crate', 2, 'CRATE-1320');
  for (const can of cans) {
    await api(operator, 'POST', `/api/genealogy/handling-units/${can.serial}/pack`, {
      items: [{ lot, quantity: 660 }],
    });
  }
  for (const [i, crate] of crates.entries()) {
    await api(operator, 'POST', `/api/genealogy/handling-units/${crate.serial}/pack`, {
      items: [{ unit: cans[2 * i]?.serial }, { unit: cans[2 * i + 1]?.serial }],
    });
  }
  crateA = crates[0]?.serial;
  crateB = crates[1]?.serial;
  await api(keeper, 'POST', '/api/genealogy/handling-units/move', {
    serials: [crateB],
    to: 'MAG-02',
  });

  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(pageErrors).toEqual([]);
});

async function pageFor(username: string, language: 'en' | 'es' = 'en'): Promise<Page> {
  const context = await openContext(browser, served.baseUrl, { language });
  contexts.push(context);
  await signIn(context, username, TEST_PASSWORD, { language });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const made: string[] = [];
  requests.set(username, made);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) made.push(`${url.pathname}${url.search}`);
  });
  return page;
}

/** Opens the move panel of the location page, scans the crate and moves it. */
async function moveCrateHere(page: Page, serial: string) {
  await page.getByTestId('location-commands').locator('[data-command="move-here"]').click();
  const panel = page.getByTestId('move-panel');
  await panel.waitFor();
  // Focus starts in the scan field; a scanner types the serial and Enter.
  await page.keyboard.type(serial);
  await page.keyboard.press('Enter');
  await panel.getByTestId('move-serials').getByText(serial).waitFor();
  await panel.locator('[data-command="move-submit"]').click();
}

describe('storage and shipping', () => {
  let keeperPage: Page;

  it('draws the magazines on the map with their fill, and the other locations', async () => {
    const page = await pageFor('kim');
    keeperPage = page;
    await page.goto('/plant');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Storage' })
      .click();
    await page.waitForURL('**/storage');
    await page.getByRole('heading', { level: 1, name: 'Storage' }).waitFor();
    const map = page.getByTestId('storage-map');
    for (const code of ['MAG-01', 'MAG-01-A', 'MAG-01-B', 'MAG-02', 'MAG-03', 'MAG-04']) {
      await map.getByTestId(`map-${code}`).waitFor(POLL);
    }
    // Crate B: 1,320 cartridges at 1.7 g = 2.244 kg NEQ of MAG-02's 8,000.
    expect(await map.getByTestId('map-MAG-02').getAttribute('aria-label')).toContain(
      '2.244 kg of 8,000 kg NEQ',
    );
    const mag02 = page.getByTestId('magazines-table').getByTestId('magazine-MAG-02');
    expect(await mag02.getByTestId('fill').textContent()).toContain('2.244 kg of 8,000 kg NEQ');
    expect(await mag02.getByTestId('groups-present').textContent()).toBe('S');
    // The propellant in the receiving quarantine: 20 kg of its 500, group C.
    const quar02 = page.getByTestId('locations-table').getByTestId('location-QUAR-02');
    expect(await quar02.textContent()).toContain('20 kg of 500 kg NEQ');
    expect(await quar02.textContent()).toContain('Quarantine');
    await page.screenshot({ path: path.join(SHOTS, 'storage-map.png'), fullPage: true });
  });

  it('checks the quantity-distance: no violation, twelve distances with no verified rule', async () => {
    const page = keeperPage;
    const section = page.getByTestId('qd-section');
    const report = section.getByTestId('qd-report');
    await report.waitFor(POLL);
    const count = (name: string) =>
      section.getByTestId(`qd-count-${name}`).locator('.counts__value').textContent();
    // Sited at their limits, the default: what each magazine may hold, not what it holds.
    expect(await report.getAttribute('data-basis')).toBe('limit');
    expect(await count('violations')).toBe('0');
    expect(await count('checked')).toBe('0');
    expect(await count('not-checked')).toBe('12');
    expect(await section.getByTestId('qd-violations').count()).toBe(0);
    expect(await section.getByTestId('qd-no-violation').textContent()).toContain('No violation');
    expect(await section.getByTestId('qd-no-checks').count()).toBe(1);
    // Not alarming: a missing rule, the safety officer's to give, not a violation.
    const noRule = await section.getByTestId('qd-no-rule').textContent();
    expect(noRule).toContain(
      'No verified distance rule for HD 1.3 and HD 1.4: the safety officer’s factors go in the plant file',
    );
    expect(noRule).toContain('This is not a violation');
    expect(await section.getByTestId('qd-gap-count').textContent()).toBe('12');
    const gaps = section.getByTestId('qd-gaps');
    for (const code of ['MAG-01', 'MAG-02', 'MAG-03', 'MAG-04']) {
      expect(await gaps.getByTestId(`qd-gap-${code}`).getAttribute('data-count')).toBe('3');
    }
    const mag03 = await gaps.getByTestId('qd-gap-MAG-03').textContent();
    expect(mag03).toContain('HD 1.3 · 12,000 kg');
    expect(mag03).toContain('inhabited buildings, public traffic routes, other magazines');
    expect(mag03).toContain('no verified distance rule for HD 1.3');
    // The same as the API says.
    const limit = await api(viewer, 'GET', '/api/storage/quantity-distance?basis=limit');
    expect([limit.violations.length, limit.gaps.length]).toEqual([0, 12]);

    // The site plan: the magazines, the plant file's inhabited buildings and its road.
    const plan = section.getByTestId('qd-site-plan');
    for (const code of ['MAG-01', 'MAG-02', 'MAG-03', 'MAG-04']) {
      await plan.getByTestId(`plan-${code}`).waitFor(POLL);
    }
    for (const code of ['OFICINAS', 'COMEDOR', 'CASERIO', 'CARRETERA']) {
      await plan.getByTestId(`plan-exposure-${code}`).waitFor(POLL);
    }
    expect(await plan.getByTestId('plan-exposure-CARRETERA').locator('polyline').count()).toBe(1);
    await section.screenshot({ path: path.join(SHOTS, 'storage-quantity-distance.png') });

    // Stock now: only MAG-02 holds anything (crate B, 2.244 kg of HD 1.4).
    await section.getByTestId('qd-basis').getByText('Stock now').click();
    await expect.poll(() => report.getAttribute('data-basis'), POLL).toBe('stock');
    expect(await count('not-checked')).toBe('3');
    expect(await count('violations')).toBe('0');
    expect(await gaps.locator('tbody tr').count()).toBe(1);
    expect(await gaps.getByTestId('qd-gap-MAG-02').textContent()).toContain('HD 1.4 · 2.244 kg');
    expect(await section.getByTestId('qd-no-rule').textContent()).toContain(
      'No verified distance rule for HD 1.4:',
    );
  });

  it('refuses the crate in the powder magazine and beside the propellant, in plain words', async () => {
    const page = keeperPage;
    // MAG-03 from the map: a 1.3C magazine.
    await page.getByTestId('storage-map').getByTestId('map-MAG-03').click();
    await page.waitForURL('**/storage/locations/MAG-03');
    expect(await page.getByTestId('location-code').textContent()).toBe('MAG-03');
    await moveCrateHere(page, crateA);
    const refusal = page.getByTestId('interlock-refusal');
    await refusal.waitFor(POLL);
    expect(await refusal.getAttribute('data-code')).toBe('division_not_allowed');
    expect(await refusal.getByTestId('interlock-code').textContent()).toBe('division_not_allowed');
    expect(await refusal.getByTestId('interlock-detail').textContent()).toBe(
      // The interlock's message for its code, in the reader's language (English here).
      `Lot ${lot} is 1.4S (UN0012) and MAG-03 may hold hazard division 1.3 only.`,
    );
    expect(await refusal.textContent()).toContain('nothing was moved');
    await page.screenshot({ path: path.join(SHOTS, 'storage-refused-division.png') });

    // QUAR-02, from the list of other locations: takes 1.4S, but holds propellant (group C).
    await page.goto('/storage');
    await page
      .getByTestId('locations-table')
      .getByTestId('location-QUAR-02')
      .getByRole('link', { name: 'QUAR-02' })
      .click();
    await page.waitForURL('**/storage/locations/QUAR-02');
    await page.getByTestId(`stock-${powder}`).waitFor(POLL);
    // The propellant is in stock loose: no container stands here.
    await page.getByTestId('no-containers').waitFor(POLL);
    expect(await page.getByTestId('no-containers').textContent()).toContain('loose');
    await moveCrateHere(page, crateA);
    await refusal.waitFor(POLL);
    expect(await refusal.getAttribute('data-code')).toBe('mixing_forbidden');
    const clash = await refusal.getByTestId('interlock-detail').textContent();
    expect(clash).toContain(
      `lot ${lot} (group S) clashes with lot ${powder} (group C) already in QUAR-02`,
    );
    expect(clash).toContain('site rule: propellant apart from primers and cartridges');
    expect(await refusal.textContent()).toContain(
      'These compatibility groups may not be stored together',
    );
    await page.screenshot({ path: path.join(SHOTS, 'storage-refused-clash.png') });
    // Nothing moved: the crate still stands in QUAR-01.
    const stock = await api(viewer, 'GET', `/api/storage/stock?lot=${lot}`);
    expect(stock.map((s: Json) => [s.location, s.quantity])).toEqual([
      ['MAG-02', 1320],
      ['QUAR-01', 2180],
    ]);
  });

  it('moves the crate into a bay of the finished-goods magazine, which takes it', async () => {
    const page = keeperPage;
    await page.goto('/storage');
    await page.getByTestId('storage-map').getByTestId('map-MAG-01-A').click();
    await page.waitForURL('**/storage/locations/MAG-01-A');
    await page.getByTestId('no-stock').waitFor(POLL);
    await moveCrateHere(page, crateA);
    const done = page.getByTestId('move-done');
    await done.waitFor(POLL);
    expect(await done.textContent()).toContain(`crate ${crateA}`);
    expect(await page.getByTestId('move-panel').count()).toBe(0);
    await page.getByTestId(`stock-${lot}`).waitFor(POLL);
    expect(await page.getByTestId(`stock-${lot}`).textContent()).toContain('1,320');
    expect(await page.getByTestId(`stock-${lot}`).textContent()).toContain('2.244 kg');
    const container = page.getByTestId(`container-${crateA}`);
    await container.waitFor(POLL);
    expect(await container.textContent()).toContain('2 inside');
    expect(await container.textContent()).toContain(lot);
    expect(await container.textContent()).toContain('1,320');
    expect(await page.getByTestId('containers-table').locator('tbody tr').count()).toBe(1);
    // One request for the containers at the location, no trace of each lot there.
    const made = requests.get('kim') ?? [];
    expect(made).toContain('/api/genealogy/handling-units?location=MAG-01-A');
    expect(made.filter((url) => url.includes('/trace'))).toEqual([]);
    expect(await page.getByTestId('location-facts').textContent()).toContain(
      '2.244 kg of 4,000 kg NEQ',
    );
    await page.screenshot({ path: path.join(SHOTS, 'storage-location.png'), fullPage: true });

    // The lot's history: made into QUAR-01, then crate B to MAG-02, crate A to MAG-01-A.
    await page.getByTestId(`stock-${lot}`).getByRole('link', { name: 'Movements' }).click();
    await page.waitForURL(`**/storage/lots/${lot}`);
    const rows = page.getByTestId('movements-table').locator('tbody tr');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    expect(await rows.nth(0).getAttribute('data-kind')).toBe('production_output');
    expect(await rows.nth(2).textContent()).toContain('QUAR-01 → MAG-01-A');
    expect(await rows.nth(2).textContent()).toContain(crateA);
    expect(await rows.nth(2).textContent()).toContain('kim');
  });

  it('records a signed cycle count, whose difference becomes an adjustment', async () => {
    const page = keeperPage;
    await page.goto('/storage/locations/QUAR-01');
    await page.getByTestId(`stock-${lot}`).waitFor(POLL);
    await page.getByTestId('location-commands').locator('[data-command="cycle-count"]').click();
    const dialog = page.getByTestId('count-dialog');
    await dialog.getByLabel(`Counted of lot ${lot}`).fill('850');
    await dialog.getByLabel('Reason').fill('monthly cycle count');
    await dialog.getByRole('button', { name: 'Review and sign…' }).click();
    expect(await dialog.getByTestId('signature-statement').textContent()).toContain(
      'record the cycle count of QUAR-01: 1 lot counted, 1 difference',
    );
    await dialog.getByLabel('Password (electronic signature)').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Sign and save' }).click();
    const done = page.getByTestId('count-done');
    await done.waitFor(POLL);
    expect(await done.textContent()).toContain('1 adjustment');
    expect(await done.textContent()).toContain(`Count adjustment of lot ${lot}: 860 → 850`);
    await expect.poll(() => page.getByTestId(`stock-${lot}`).textContent(), POLL).toContain('850');
  });

  let shipment = '';

  it('enters an order, allocates, picks by scanning and dispatches it with the signature', async () => {
    const page = keeperPage;
    await page.goto('/storage/orders');
    await page.getByTestId('no-orders').waitFor(POLL);
    await page.getByTestId('orders-commands').locator('[data-command="new-order"]').click();
    const form = page.getByTestId('new-order-form');
    await form.getByLabel('Customer', { exact: true }).selectOption('EJ-LOG');
    await form.getByLabel('Customer’s order number (optional)').fill(ORDER);
    const line = form.getByTestId('order-line-1');
    await line.getByLabel('Product').selectOption('C762-BALL');
    await line.getByLabel('Quantity').fill('1320');
    await form.getByRole('button', { name: 'Enter order' }).click();
    await page.waitForURL(`**/storage/orders/${ORDER}`);
    const state = () =>
      page.getByTestId('order-number').getByTestId('order-state').getAttribute('data-state');
    await expect.poll(state, POLL).toBe('open');

    // Allocation: crate A, whole, first expiry first (crate B is the same lot: by serial).
    const commands = page.getByTestId('order-commands');
    await commands.locator('[data-command="allocate"]').click();
    const report = page.getByTestId('allocation-report');
    await report.waitFor(POLL);
    expect(await report.textContent()).toContain('1,320 of 1,320 allocated, nothing short');
    await expect.poll(state, POLL).toBe('allocated');
    const picking = page.getByTestId('picking-list');
    await picking.waitFor(POLL);
    const [allocated] = await picking.locator('tbody tr code').allTextContents();
    expect([crateA, crateB]).toContain(allocated);
    const crate = allocated as string;
    const where = crate === crateA ? 'MAG-01-A' : 'MAG-02';
    expect(await page.getByTestId(`pick-row-${crate}`).textContent()).toContain(where);
    await page.screenshot({ path: path.join(SHOTS, 'order-allocated.png'), fullPage: true });

    // The printable picking list.
    await commands.getByTestId('picking-list-link').click();
    await page.waitForURL(`**/storage/orders/${ORDER}/picking-list`);
    // The order page has the same rows: wait for the picking list's own, not the URL alone.
    await page.getByTestId('picking-list-page').getByTestId(`pick-row-${crate}`).waitFor(POLL);
    expect(await page.locator('[data-command="print"]').count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Sections' }).isVisible()).toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'picking-list-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await page.getByRole('link', { name: 'Back to the order' }).click();
    await page.waitForURL(`**/storage/orders/${ORDER}`);

    // Picking: the crate scanned, taken to the dock.
    await commands.locator('[data-command="pick"]').click();
    const pick = page.getByTestId('pick-panel');
    await pick.waitFor();
    // The docks come with the plant's locations, which load after the panel opens.
    await expect.poll(() => pick.getByLabel('Take them to').inputValue(), POLL).toBe('DOCK-01');
    await page.keyboard.type(crate);
    await page.keyboard.press('Enter');
    expect(await pick.getByTestId(`pick-${crate}`).getAttribute('data-picked')).toBe('true');
    expect(await pick.getByTestId('pick-progress').textContent()).toBe('1 of 1 scanned');
    await pick.locator('[data-command="pick-submit"]').click();
    await expect.poll(state, POLL).toBe('picked');
    await expect
      .poll(() => page.getByTestId(`pick-row-${crate}`).textContent(), POLL)
      .toContain('DOCK-01');

    // Dispatch, signed.
    await commands.locator('[data-command="dispatch"]').click();
    const dialog = page.getByTestId('dispatch-dialog');
    await dialog.getByLabel('Carrier (optional)').fill('Transportes Militares E2E');
    await dialog.getByLabel('Vehicle (optional)').fill('A12BC3D');
    await dialog.getByRole('button', { name: 'Review and sign…' }).click();
    expect(await dialog.getByTestId('signature-statement').textContent()).toContain(
      `dispatch order ${ORDER} to EJ-LOG: 1 crate (1,320 C762-BALL)`,
    );
    await dialog.getByLabel('Password (electronic signature)').fill(TEST_PASSWORD);
    await page.screenshot({ path: path.join(SHOTS, 'dispatch-signature.png') });
    await dialog.getByRole('button', { name: 'Sign and save' }).click();

    await page.waitForURL('**/storage/shipments/SH-*');
    const heading = page.getByTestId('shipment-number');
    await expect.poll(() => heading.textContent(), POLL).toMatch(/^SH-\d{6}$/);
    shipment = (await heading.textContent()) ?? '';
    const dg = page.getByTestId('dangerous-goods').getByTestId('dg-UN0012');
    expect(await dg.textContent()).toContain('CARTRIDGES, SMALL ARMS');
    expect(await dg.textContent()).toContain('1 · 1.4S');
    expect(await dg.textContent()).toContain('1 crate (CRATE-1320)');
    expect(await page.getByTestId('shipment-neq').textContent()).toBe('2.244 kg');
    expect(await page.getByTestId('shipment-signature').textContent()).toContain('Signature valid');
    expect(await page.getByTestId('shipment-facts').textContent()).toContain(
      'Transportes Militares E2E',
    );
    await page.screenshot({ path: path.join(SHOTS, 'shipment.png'), fullPage: true });

    // The dangerous-goods declaration, downloaded.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('dangerous-goods-link').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`dangerous-goods-${shipment}.pdf`);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const packing = await page.request.get(
      (await page.getByTestId('packing-list-link').getAttribute('href')) ?? '',
    );
    expect(packing.status()).toBe(200);
    expect((await packing.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // The order says where it went; the shipments list has it; the lot's history ends at the customer.
    await page.getByRole('link', { name: ORDER }).click();
    await expect.poll(state, POLL).toBe('dispatched');
    expect(await page.getByTestId('order-commands').locator('[data-command]').count()).toBe(0);
    await page.goto('/storage/shipments');
    expect(await page.getByTestId(`shipment-${shipment}`).textContent()).toContain('EJ-LOG');
    await page.goto(`/storage/lots/${lot}`);
    const last = page.getByTestId('movements-table').locator('tbody tr').last();
    await expect.poll(() => last.getAttribute('data-kind'), POLL).toBe('shipment');
    expect(await last.textContent()).toContain(`EJ-LOG · ${shipment}`);
    await page.screenshot({ path: path.join(SHOTS, 'lot-movements.png'), fullPage: true });
  });

  it('receives a supplier lot through the form: refused beside the propellant, taken by the primer magazine', async () => {
    const page = keeperPage;
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/genealogy/lots/receipts')) {
        keys.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    await page.goto('/storage');
    await page.getByTestId('storage-map').waitFor(POLL);
    const open = page.getByTestId('storage-commands').locator('[data-command="receive"]');
    expect(await open.textContent()).toBe('Receive a supplier lot…');
    await open.click();
    const form = page.getByTestId('receipt-form');
    await form.getByRole('heading', { name: 'Receive a supplier lot' }).waitFor();
    // Nothing chosen yet: the form says what is missing and sends nothing.
    await form.locator('[data-command="receive-submit"]').click();
    expect(await form.getByTestId('receipt-error').textContent()).toBe(
      'Choose the material received.',
    );
    // Primers have one approved supplier: the form chooses it.
    const material = form.getByLabel('Material', { exact: true });
    expect(await material.locator('option[value="C762-BALL"]').count()).toBe(0);
    await material.selectOption('PRIMER-762');
    expect(await form.getByTestId('receipt-error').count()).toBe(0);
    await expect
      .poll(() => form.getByLabel('Supplier', { exact: true }).inputValue(), POLL)
      .toBe('SUP-PRIMERS');
    await form.getByLabel('Supplier’s lot number').fill('E2E-FORM-PRIMERS');
    await form.getByLabel('Certificate of analysis or conformity (optional)').fill('COC-E2E-1');
    await form.getByLabel('Quantity (pieces)').fill('1200');
    expect(await form.textContent()).toContain(
      'Empty: 1,825 days from today, the material’s shelf life.',
    );
    await form.getByLabel('Put into').selectOption('QUAR-02');
    await form.locator('[data-command="receive-submit"]').click();
    // Group S beside the propellant (C) in the receiving quarantine: refused, nothing received.
    const refusal = form.getByTestId('interlock-refusal');
    await refusal.waitFor(POLL);
    expect(await refusal.getAttribute('data-code')).toBe('mixing_forbidden');
    expect(await refusal.textContent()).toContain('nothing was moved');
    expect(await api(viewer, 'GET', '/api/genealogy/lots?material=PRIMER-762')).toEqual([]);

    await form.getByLabel('Put into').selectOption('MAG-04');
    await form.locator('[data-command="receive-submit"]').click();
    const done = page.getByTestId('receipt-done');
    await done.waitFor(POLL);
    expect(await form.count()).toBe(0);
    const number = (await done.getByTestId('receipt-lot').textContent()) ?? '';
    expect(await done.textContent()).toContain(
      `Received as lot ${number}: 1,200 of PRIMER-762 into MAG-04, in quarantine until Quality releases it.`,
    );
    expect(await api(viewer, 'GET', `/api/genealogy/lots/${number}`)).toMatchObject({
      material: 'PRIMER-762',
      supplier: 'SUP-PRIMERS',
      supplierLot: 'E2E-FORM-PRIMERS',
      certificate: 'COC-E2E-1',
      quantity: 1200,
      status: 'quarantine',
    });
    // Each attempt carried a key of its own: the refused one and the one taken.
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f-]{36}$/);

    // Where it is: all of it in the primer magazine.
    await done.getByTestId('receipt-stock').click();
    await page.waitForURL('**/storage/stock?lot=*');
    const line = page.getByTestId(`stock-${number}`);
    await line.waitFor(POLL);
    expect(await line.textContent()).toContain('MAG-04');
    expect(await line.textContent()).toContain('1,200');

    // The same supplier lot again: refused, in words, naming the lot it became.
    await page.goto('/storage');
    await page.getByTestId('storage-commands').locator('[data-command="receive"]').click();
    await form.getByLabel('Material', { exact: true }).selectOption('PRIMER-762');
    await form.getByLabel('Supplier’s lot number').fill('E2E-FORM-PRIMERS');
    await form.getByLabel('Quantity (pieces)').fill('1200');
    await form.getByLabel('Put into').selectOption('MAG-04');
    await form.locator('[data-command="receive-submit"]').click();
    const error = form.getByTestId('receipt-error');
    await error.waitFor(POLL);
    expect(await error.getAttribute('data-code')).toBe('supplier_lot_received_before');
    expect(await error.textContent()).toBe(
      `Supplier lot E2E-FORM-PRIMERS of SUP-PRIMERS was received before as lot ${number}.`,
    );
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await form.count()).toBe(0);
  });

  it('shows a viewer the stock and a picked order, but no move, count or dispatch', async () => {
    expect(shipment).toMatch(/^SH-/);
    // A second order, picked through the API with what there is: it waits for its dispatch.
    const second = await api(keeper, 'POST', '/api/shipping/orders', {
      customer: 'PNB',
      // Due in a fortnight: long before the lot expires (ten years after it was made).
      lines: [
        {
          product: 'C762-BALL',
          quantity: 2000,
          due: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
        },
      ],
    });
    // The last crate (1,320) is allocated; the 850 left in QUAR-01 are loose: 680 short.
    const allocation = await api(
      keeper,
      'POST',
      `/api/shipping/orders/${second.number}/allocate`,
      {},
    );
    expect(allocation.lines[0]).toMatchObject({ allocated: 1320, shortfall: 680 });
    await api(keeper, 'POST', `/api/shipping/orders/${second.number}/pick`, {});

    const page = await pageFor('vic');
    await page.goto('/storage');
    await page.getByTestId('storage-map').waitFor(POLL);
    expect(await page.locator('[data-command="receive"]').count()).toBe(0);
    await page.goto('/storage/locations/MAG-02');
    await page.getByTestId('location-facts').waitFor(POLL);
    await page.getByTestId('stock-table').waitFor(POLL);
    expect(await page.getByTestId('location-commands').count()).toBe(0);
    expect(await page.locator('[data-command="move-here"]').count()).toBe(0);

    // The crate picked for the second order still stands in its magazine, with its two cans.
    const crates = await Promise.all(
      [crateA, crateB].map((serial) =>
        api(viewer, 'GET', `/api/genealogy/handling-units/${serial}`),
      ),
    );
    const stored = crates.find((c) => ['MAG-01-A', 'MAG-02'].includes(c.unit.location));
    const where = stored?.unit.location as string;
    const serial = stored?.unit.serial as string;
    const there = (await api(
      viewer,
      'GET',
      `/api/genealogy/handling-units?location=${where}`,
    )) as unknown as Json[];
    expect(there.map((c) => c.unit.serial)).toEqual([serial]);
    await page.goto(`/storage/locations/${where}`);
    const waiting = page.getByTestId(`container-${serial}`);
    await waiting.waitFor(POLL);
    expect(await waiting.textContent()).toContain('2 inside');
    expect(await page.getByTestId('containers-table').locator('tbody tr').count()).toBe(1);

    await page.goto(`/storage/orders/${second.number}`);
    await expect
      .poll(
        () =>
          page.getByTestId('order-number').getByTestId('order-state').getAttribute('data-state'),
        POLL,
      )
      .toBe('picked');
    expect(await page.getByTestId('order-commands').locator('[data-command]').count()).toBe(0);
    expect(await page.getByTestId('order-lines').getByTestId('line-1').textContent()).toContain(
      '680',
    );
    await page.goto('/storage/orders');
    await page.getByTestId('orders-table').waitFor(POLL);
    expect(await page.locator('[data-command="new-order"]').count()).toBe(0);

    // Nor does the API let a viewer do either.
    const move = await served.app.inject({
      method: 'POST',
      url: '/api/genealogy/handling-units/move',
      headers: viewer.headers,
      payload: { serials: [crateB], to: 'MAG-01-B' },
    });
    expect(move.statusCode).toBe(403);
    const receipt = await served.app.inject({
      method: 'POST',
      url: '/api/genealogy/lots/receipts',
      headers: viewer.headers,
      payload: {
        material: 'CASE-762',
        supplier: 'SUP-CASES',
        supplierLot: 'E2E-VIEWER',
        quantity: 1,
        location: 'ST-CASES',
      },
    });
    expect(receipt.statusCode).toBe(403);
    const dispatch = await served.app.inject({
      method: 'POST',
      url: `/api/shipping/orders/${second.number}/dispatch`,
      headers: { ...viewer.headers, 'x-signature-password': TEST_PASSWORD },
      payload: {},
    });
    expect(dispatch.statusCode).toBe(403);
  });
});

/** A translation key shown as itself (storage:move.title): a key missing from a locale file. */
const RAW_KEY = /\b[a-z]+:[a-zA-Z.]+\b/g;

/** The page's visible text holds no raw translation key. */
async function expectNoRawKeys(page: Page) {
  // The text as the reader sees it, element by element, not the DOM's run-together text.
  // biome-ignore lint/performance/useDomNodeTextContent: the visible text is what is checked
  const text = await page.locator('body').innerText();
  expect(text.match(RAW_KEY) ?? [], `raw keys on ${page.url()}`).toEqual([]);
}

/** A number as es-VE writes it: 1.320, 0,017. */
const es = (n: number) => new Intl.NumberFormat('es-VE', { maximumFractionDigits: 8 }).format(n);

describe('storage and shipping in Spanish', () => {
  /** The Spanish storekeeper's page, in a Spanish browser (sign-ins are few: 10 a minute). */
  let spanish: Page;

  it('speaks Spanish on every page, with es-VE numbers and dates, through a move and an order', async () => {
    spanish = await pageFor(SPANISH_KEEPER, 'es');
    const page = spanish;

    // The map: the same quantities, in Spanish words and es-VE numbers.
    await page.goto('/storage');
    await page.getByRole('heading', { level: 1, name: 'Almacenamiento' }).waitFor(POLL);
    const map = page.getByTestId('storage-map');
    await map.getByTestId('map-MAG-03').waitFor(POLL);
    expect(await map.getByTestId('map-MAG-03').getAttribute('aria-label')).toContain(
      'de 12.000 kg CNE',
    );
    const quar02 = page.getByTestId('locations-table').getByTestId('location-QUAR-02');
    expect(await quar02.textContent()).toContain('20 kg de 500 kg CNE');
    expect(await quar02.textContent()).toContain('Cuarentena');
    const section = page.getByTestId('qd-section');
    await section.getByTestId('qd-report').waitFor(POLL);
    expect(await section.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'Cantidad-distancia',
    );
    expect(await section.getByTestId('qd-no-rule').textContent()).toContain(
      'No hay regla de distancia verificada para Div. 1.3 y Div. 1.4',
    );
    expect(
      await section.getByTestId('qd-gaps').getByTestId('qd-gap-MAG-03').textContent(),
    ).toContain('Div. 1.3 · 12.000 kg');
    expect(await page.getByTestId('storage-counts').textContent()).toContain('polvorines');
    await expectNoRawKeys(page);
    await page.screenshot({ path: path.join(SHOTS, 'storage-map-es.png'), fullPage: true });

    // Where the lot is: its stock summed up in es-VE.
    const stock = (await api(viewer, 'GET', `/api/storage/stock?lot=${lot}`)) as unknown as Json[];
    const total = stock.reduce((sum, s) => sum + s.quantity, 0);
    await page.goto(`/storage/stock?lot=${lot}`);
    await page
      .getByRole('heading', { level: 1, name: `Existencias del lote ${lot}` })
      .waitFor(POLL);
    await expect
      .poll(() => page.getByTestId('stock-summary').textContent(), POLL)
      .toContain(`${es(total)} en existencia en ${stock.length} ubicaciones.`);
    expect(total).toBeGreaterThanOrEqual(1000);
    await expectNoRawKeys(page);

    // A can of ten cartridges, refused by the powder magazine and taken by bay B of MAG-01.
    const [can] = (await api(operator, 'POST', '/api/genealogy/handling-units', {
      kind: 'can',
      location: 'QUAR-01',
      count: 1,
      material: 'CAN-660',
    })) as unknown as Json[];
    const serial = can?.serial as string;
    await api(operator, 'POST', `/api/genealogy/handling-units/${serial}/pack`, {
      items: [{ lot, quantity: 10 }],
    });
    await page.goto('/storage/locations/MAG-03');
    await page.getByTestId('location-facts').waitFor(POLL);
    expect(await page.getByTestId('location-facts').textContent()).toContain(
      'Cantidad neta de explosivo (CNE)',
    );
    expect(await page.getByTestId('location-commands').textContent()).toContain(
      'Mover contenedores aquí…',
    );
    await moveCrateHere(page, serial);
    const refusal = page.getByTestId('interlock-refusal');
    await refusal.waitFor(POLL);
    expect(await refusal.getAttribute('data-code')).toBe('division_not_allowed');
    expect(await refusal.textContent()).toContain(
      'Esta división de riesgo no puede almacenarse aquí',
    );
    expect(await refusal.textContent()).toContain('no se movió nada');
    await expectNoRawKeys(page);

    await page.goto('/storage/locations/MAG-01-B');
    await page.getByTestId('location-facts').waitFor(POLL);
    await moveCrateHere(page, serial);
    const done = page.getByTestId('move-done');
    await done.waitFor(POLL);
    expect(await done.textContent()).toBe(`Trasladado a MAG-01-B: lata ${serial}.`);
    // 10 cartridges at 1.7 g: 0.017 kg, with the decimal comma.
    await expect
      .poll(() => page.getByTestId(`stock-${lot}`).textContent(), POLL)
      .toContain('0,017 kg');
    expect(await page.getByTestId(`container-${serial}`).textContent()).toContain('lata');
    await expectNoRawKeys(page);

    // The lot's history ends with the transfer, in Spanish.
    await page.goto(`/storage/lots/${lot}`);
    const last = page.getByTestId('movements-table').locator('tbody tr').last();
    await expect.poll(() => last.getAttribute('data-kind'), POLL).toBe('transfer');
    expect(await last.textContent()).toContain('Traslado');
    expect(await last.textContent()).toContain('QUAR-01 → MAG-01-B');
    expect(await page.getByTestId('movements-table').locator('thead').textContent()).toContain(
      'Origen → destino',
    );
    await expectNoRawKeys(page);

    // An order entered in Spanish, its due date in es-VE, then cancelled.
    await page.goto('/storage/orders');
    await page.getByRole('heading', { level: 1, name: 'Pedidos de clientes' }).waitFor(POLL);
    expect(await page.getByTestId(`order-${ORDER}`).getByTestId('order-state').textContent()).toBe(
      'Despachado',
    );
    await expectNoRawKeys(page);
    await page.getByTestId('orders-commands').locator('[data-command="new-order"]').click();
    const form = page.getByTestId('new-order-form');
    await form.getByLabel('Cliente', { exact: true }).selectOption('EJ-LOG');
    await form.getByLabel('Número de pedido del cliente (opcional)').fill('EJ-E2E-ES01');
    const line = form.getByTestId('order-line-1');
    await line.getByLabel('Producto').selectOption('C762-BALL');
    await line.getByLabel('Cantidad').fill('10');
    await expectNoRawKeys(page);
    await form.getByRole('button', { name: 'Registrar pedido' }).click();
    await page.waitForURL('**/storage/orders/EJ-E2E-ES01');
    const state = page.getByTestId('order-number').getByTestId('order-state');
    await expect.poll(() => state.textContent(), POLL).toBe('Abierto');
    const entered = await api(viewer, 'GET', '/api/shipping/orders/EJ-E2E-ES01');
    const due = new Intl.DateTimeFormat('es-VE', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${entered.lines[0].due}T00:00:00Z`),
    );
    expect(await page.getByTestId('order-lines').getByTestId('line-1').textContent()).toContain(
      due,
    );
    await expectNoRawKeys(page);
    await page.getByTestId('order-commands').locator('[data-command="cancel"]').click();
    const cancel = page.getByTestId('cancel-dialog');
    await cancel.getByRole('heading', { name: 'Cancelar el pedido EJ-E2E-ES01' }).waitFor();
    await cancel.getByLabel('Motivo').fill('pedido duplicado');
    await cancel.getByRole('button', { name: 'Cancelar el pedido' }).click();
    await expect.poll(() => state.textContent(), POLL).toBe('Cancelado');
    expect(await page.getByTestId('order-facts').textContent()).toContain('pedido duplicado');
    await expectNoRawKeys(page);

    // The dispatched order names its shipment; the picked one has its picking list.
    await page.goto(`/storage/orders/${ORDER}`);
    await expect.poll(() => state.textContent(), POLL).toBe('Despachado');
    expect(await page.getByTestId('shipment-link').textContent()).toMatch(/^Despacho SH-\d{6}$/);
    await expectNoRawKeys(page);
    const [picked] = (await api(
      viewer,
      'GET',
      '/api/shipping/orders?state=picked',
    )) as unknown as Json[];
    await page.goto(`/storage/orders/${picked?.number}`);
    await expect.poll(() => state.textContent(), POLL).toBe('Preparado');
    await page.getByTestId('picking-list-link').click();
    await page.waitForURL(`**/storage/orders/${picked?.number}/picking-list`);
    await page.getByRole('heading', { level: 1, name: `Pedido ${picked?.number}` }).waitFor(POLL);
    expect(await page.getByTestId('picking-list').locator('tfoot').textContent()).toContain(
      '1 contenedor',
    );
    expect(await page.getByRole('button', { name: 'Imprimir' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Volver al pedido' }).count()).toBe(1);
    await expectNoRawKeys(page);

    await page.goto('/storage/shipments');
    await page.getByRole('heading', { level: 1, name: 'Despachos' }).waitFor(POLL);
    const row = page.getByTestId('shipments-table').locator('tbody tr').first();
    expect(await row.textContent()).toContain('EJ-LOG');
    expect(await row.textContent()).toContain('Lista de empaque');
    await expectNoRawKeys(page);
    await row.getByRole('link').first().click();
    await page.waitForURL('**/storage/shipments/SH-*');
    await page.getByTestId('shipment-number').waitFor(POLL);
    expect(await page.getByTestId('shipment-neq').textContent()).toBe('2,244 kg');
    expect(await page.getByTestId('shipment-signature').textContent()).toContain('Firma válida');
    expect(await page.getByTestId('shipment-signature').textContent()).toContain('aprobado');
    expect(
      await page.getByTestId('dangerous-goods').getByTestId('dg-UN0012').textContent(),
    ).toContain('1 caja (CRATE-1320)');
    expect(await page.getByTestId('dangerous-goods-link').textContent()).toBe(
      'Declaración de mercancías peligrosas (PDF)',
    );
    await expectNoRawKeys(page);
    await page.screenshot({ path: path.join(SHOTS, 'shipment-es.png'), fullPage: true });
  });

  it('receives a supplier lot through the form in Spanish, its expiry in a Spanish date input', async () => {
    const page = spanish;
    // A Spanish user's browser is Spanish.
    expect(await page.evaluate<string>('navigator.language')).toBe('es-VE');
    await page.goto('/storage');
    await page.getByRole('heading', { level: 1, name: 'Almacenamiento' }).waitFor(POLL);
    const open = page.getByTestId('storage-commands').locator('[data-command="receive"]');
    expect(await open.textContent()).toBe('Recibir un lote de proveedor…');
    await open.click();
    const form = page.getByTestId('receipt-form');
    await form.getByRole('heading', { name: 'Recibir un lote de proveedor' }).waitFor();
    await form.locator('[data-command="receive-submit"]').click();
    expect(await form.getByTestId('receipt-error').textContent()).toBe(
      'Elija el material recibido.',
    );
    await form.getByLabel('Material', { exact: true }).selectOption('CASE-762');
    await expect
      .poll(() => form.getByLabel('Proveedor', { exact: true }).inputValue(), POLL)
      .toBe('SUP-CASES');
    await form.getByLabel('Número de lote del proveedor').fill('E2E-VAINAS-01');
    await form.getByLabel('Certificado de análisis o de conformidad (opcional)').fill('CC-0042');
    await form.getByLabel('Cantidad (piezas)').fill('50000');
    expect(await form.textContent()).toContain('Vacío: sin fecha de vencimiento.');
    const expires = form.getByLabel('Vence el (opcional)');
    await expires.fill('2031-06-30');
    // The browser's own date input reads the Spanish way: 30/06/2031.
    expect(await dateInputParts(expires)).toEqual([30, 6, 2031]);
    await form.getByLabel('Ubicar en').selectOption('ST-CASES');
    await expectNoRawKeys(page);
    await page.screenshot({ path: path.join(SHOTS, 'receipt-es.png'), fullPage: true });
    await form.locator('[data-command="receive-submit"]').click();

    const done = page.getByTestId('receipt-done');
    await done.waitFor(POLL);
    const number = (await done.getByTestId('receipt-lot').textContent()) ?? '';
    expect(await done.textContent()).toContain(
      `Recibido como lote ${number}: 50.000 de CASE-762 en ST-CASES, en cuarentena hasta que Calidad lo libere.`,
    );
    expect(await api(viewer, 'GET', `/api/genealogy/lots/${number}`)).toMatchObject({
      supplierLot: 'E2E-VAINAS-01',
      certificate: 'CC-0042',
      quantity: 50_000,
      expiresOn: '2031-06-30',
      status: 'quarantine',
    });
    await done.getByRole('link', { name: 'Dónde está en existencia' }).click();
    await page.getByRole('heading', { level: 1, name: `Existencias del lote ${number}` }).waitFor();
    await expect
      .poll(() => page.getByTestId('stock-summary').textContent(), POLL)
      .toContain('50.000 en existencia en 1 ubicación.');
    expect(await page.getByTestId(`stock-${number}`).textContent()).toContain('ST-CASES');
    await expectNoRawKeys(page);

    // The same supplier lot again: refused, in Spanish.
    await page.goto('/storage');
    await page.getByTestId('storage-commands').locator('[data-command="receive"]').click();
    await form.getByLabel('Material', { exact: true }).selectOption('CASE-762');
    await form.getByLabel('Número de lote del proveedor').fill('E2E-VAINAS-01');
    await form.getByLabel('Cantidad (piezas)').fill('50000');
    await form.getByLabel('Ubicar en').selectOption('ST-CASES');
    await form.locator('[data-command="receive-submit"]').click();
    const error = form.getByTestId('receipt-error');
    await error.waitFor(POLL);
    expect(await error.textContent()).toBe(
      `El lote de proveedor E2E-VAINAS-01 de SUP-CASES ya se recibió como lote ${number}.`,
    );
    await expectNoRawKeys(page);
  });
});
