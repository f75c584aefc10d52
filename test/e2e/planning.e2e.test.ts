// Planning in a real browser. Made through the HTTP API first: customer
// orders for ball, tracer and blank cartridges due over the next weeks (one
// urgent) and a forecast of ball. Then the planner opens the schedule,
// re-plans, and finds the Gantt chart of the four lines with ball on L1 and
// L2 and tracer and blank on L3 and L4, as the accessible table of orders by
// line says. L3 is marked down from now for three weeks: the page re-plans,
// says how many orders moved, lists the outage, and no order starts on L3
// while it is out; the line comes back. The shortages, the what-if of a
// supplier that stops delivering and the master production schedule render
// what the API answers. Last, a planner who reads the app in Spanish re-plans
// and asks the what-if: every page in Spanish, quantities in es-VE (300.000),
// no raw translation key, and the work order on hold that the plan leaves out
// said in Spanish too.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type Session, signInAs } from '../support/auth.js';
import {
  openSignedInPage,
  type Served,
  type SignedInPage,
  serveReferencePlant,
} from './harness.js';

const POLL = { timeout: 10_000 };
/** A re-plan searches for 2 s by default; with the request around it, allow more. */
const REPLAN = { timeout: 30_000 };
const SHOTS = path.resolve('.tmp');
const DAY_MS = 86_400_000;

let served: Served;
let browserSide: SignedInPage;
let page: Page;
let planner: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
type Json = { [key: string]: any };

async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const response = await served.app.inject({
    method,
    url,
    headers: planner.headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json() as Json;
}

const dateIn = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

/** The Monday `weeks` weeks after this one (UTC), YYYY-MM-DD. */
function mondayIn(weeks: number): string {
  const now = new Date();
  const sinceMonday = (now.getUTCDay() + 6) % 7;
  return new Date(now.getTime() + (7 * weeks - sinceMonday) * DAY_MS).toISOString().slice(0, 10);
}

interface Row {
  line: string;
  reference: string;
  product: string;
  start: string;
  end: string;
}

/** The orders of the accessible table under the chart. */
const plannedRows = (p: Page): Promise<Row[]> =>
  p
    .getByTestId('orders-by-line')
    .locator('tr[data-testid="planned-order"]')
    .evaluateAll((rows) =>
      rows.map((row) => ({
        line: row.getAttribute('data-line') ?? '',
        reference: row.getAttribute('data-reference') ?? '',
        product: row.getAttribute('data-product') ?? '',
        start: row.getAttribute('data-start') ?? '',
        end: row.getAttribute('data-end') ?? '',
      })),
    );

/** A translation key shown as itself ("planning:schedule.title") where its words should be. */
const RAW_KEY = /\b[a-z]+:[a-zA-Z.]+\b/;
/** A week's Monday as es-VE writes it short: "15 jun". */
const ES_WEEK = /^\d{1,2}\s(ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic)$/;

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
async function expectSpanishOnly(p: Page, english: string[]) {
  const text = await p.evaluate<string>(PAGE_TEXT);
  expect(text).not.toMatch(RAW_KEY);
  for (const words of english) expect(text, words).not.toContain(words);
}

const linesOf = (rows: Row[], products: string[]) =>
  [...new Set(rows.filter((r) => products.includes(r.product)).map((r) => r.line))].sort();

beforeAll(async () => {
  served = await serveReferencePlant();
  planner = await signInAs(served.app, served.store.db, 'pia', ['planner']);
  const order = (number: string, priority: string, lines: [string, number, number][]) =>
    api('POST', '/api/shipping/orders', {
      customer: 'EJ-LOG',
      number,
      priority,
      lines: lines.map(([product, quantity, days]) => ({ product, quantity, due: dateIn(days) })),
    });
  await order('PLN-E2E-1', 'normal', [
    ['C762-BALL', 300_000, 9],
    ['C762-TRACER', 200_000, 8],
  ]);
  // Due tomorrow, more than two lines make in a day: late whatever the plan.
  await order('PLN-E2E-0', 'urgent', [['C762-BALL', 400_000, 1]]);
  await order('PLN-E2E-2', 'urgent', [
    ['C762-TRACER', 150_000, 15],
    ['C762-BLANK', 150_000, 12],
  ]);
  await order('PLN-E2E-3', 'high', [
    ['C762-BALL', 300_000, 20],
    ['C762-BLANK', 100_000, 24],
  ]);
  await api('PUT', '/api/planning/forecasts', {
    product: 'C762-BALL',
    weeks: [
      { week: mondayIn(2), quantity: 100_000 },
      { week: mondayIn(3), quantity: 100_000 },
    ],
  });

  mkdirSync(SHOTS, { recursive: true });
  browserSide = await openSignedInPage(served, 'pia');
  page = browserSide.page;
});

afterAll(async () => {
  await browserSide?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(browserSide?.pageErrors ?? []).toEqual([]);
});

describe('planning', () => {
  it('re-plans and draws the lines: ball on L1 and L2, tracer and blank on L3 and L4', async () => {
    await page.goto('/plant');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Planning' })
      .click();
    await page.waitForURL('**/planning');
    await page.getByRole('heading', { level: 1, name: 'Schedule' }).waitFor();
    await page.getByTestId('no-plan').waitFor(POLL);

    await page.getByTestId('schedule-commands').locator('[data-command="replan"]').click();
    const result = page.getByTestId('replan-result');
    await result.waitFor(REPLAN);
    expect(await result.textContent()).toMatch(/Re-planned: moved \d+ orders? to another line/);

    const { plan } = await api('GET', '/api/planning/schedule');
    expect(plan.problems).toEqual([]);
    expect(await page.getByTestId('plan-figures').getAttribute('data-plan')).toBe(plan.id);
    const late = plan.orders.filter((o: Json) => o.tardinessMinutes > 0).length;
    expect(await page.getByTestId('plan-late').getByTestId('value').textContent()).toBe(
      String(late),
    );

    // The chart: a canvas with a row per line and every order of the plan.
    const chart = page.getByTestId('gantt-chart');
    await chart.locator('canvas').first().waitFor(POLL);
    expect(await chart.getAttribute('data-lines')).toBe('L1 L2 L3 L4');
    expect(Number(await chart.getAttribute('data-orders'))).toBe(plan.orders.length);
    const box = await chart.boundingBox();
    expect(box?.height).toBeGreaterThan(200);

    // What the canvas draws, readable: each order on the line the plan put it on.
    const rows = await plannedRows(page);
    expect(rows).toHaveLength(plan.orders.length);
    expect(rows.length).toBeGreaterThan(4);
    expect(linesOf(rows, ['C762-BALL'])).toEqual(['L1', 'L2']);
    expect(linesOf(rows, ['C762-TRACER', 'C762-BLANK'])).toEqual(['L3', 'L4']);
    for (const row of rows) {
      const planned = plan.orders.find((o: Json) => o.reference === row.reference);
      expect(planned, row.reference).toMatchObject({ line: row.line, start: row.start });
    }
    // The late orders are listed in their own table too.
    expect(late).toBeGreaterThan(0);
    expect(await page.getByTestId('late-orders').locator('tbody tr').count()).toBe(late);
    await page.screenshot({ path: path.join(SHOTS, 'planning-schedule.png'), fullPage: true });
  });

  it('marks L3 down for three weeks, re-plans around it, and brings it back', async () => {
    const form = page.getByTestId('line-down-form');
    await form.getByLabel('Line', { exact: true }).selectOption('L3');
    // The browser's clock is UTC (test/support/browser.ts): the field's time is UTC.
    const until = new Date(Date.now() + 21 * DAY_MS).toISOString().slice(0, 16);
    await form.getByLabel('To (optional)').fill(until);
    await form.getByLabel('Reason').fill('priming press overhaul');
    await form.getByRole('button', { name: 'Mark down and re-plan' }).click();

    const result = page.getByTestId('replan-result');
    await expect.poll(() => result.textContent(), REPLAN).toContain('L3 is down');
    expect(await result.textContent()).toMatch(/Re-planned: moved \d+ orders? to another line/);
    const outage = page.getByTestId('outages').getByTestId('outage');
    await outage.waitFor(POLL);
    expect(await outage.getAttribute('data-line')).toBe('L3');
    expect(await outage.getByTestId('outage-reason').textContent()).toBe('priming press overhaul');

    const [down] = (await api('GET', '/api/planning/outages')) as unknown as Json[];
    expect(down).toMatchObject({ line: 'L3', reason: 'priming press overhaul', createdBy: 'pia' });
    expect(Date.parse(down?.to) - Date.parse(down?.from)).toBeGreaterThan(20 * DAY_MS);
    const { plan } = await api('GET', '/api/planning/schedule');
    expect(plan.problems).toEqual([]);
    await expect
      .poll(() => page.getByTestId('plan-figures').getAttribute('data-plan'), POLL)
      .toBe(plan.id);
    // The plan draws the outage on L3's row.
    expect(plan.unavailable.some((u: Json) => u.line === 'L3' && u.kind === 'outage')).toBe(true);

    // No order starts on L3 while it is out: tracer and blank went to L4 or after it.
    const rows = await plannedRows(page);
    expect(rows).toHaveLength(plan.orders.length);
    const from = Date.parse(down?.from);
    const to = Date.parse(down?.to);
    const insideOutage = rows.filter((r) => {
      const start = Date.parse(r.start);
      return r.line === 'L3' && start >= from && start < to;
    });
    expect(insideOutage).toEqual([]);
    expect(linesOf(rows, ['C762-BALL'])).toEqual(['L1', 'L2']);
    const tracerAndBlank = rows.filter((r) => r.product !== 'C762-BALL');
    expect(tracerAndBlank.some((r) => r.line === 'L4')).toBe(true);
    for (const r of tracerAndBlank) {
      expect(r.line === 'L4' || Date.parse(r.start) >= to, `${r.reference} on ${r.line}`).toBe(
        true,
      );
    }
    await page.screenshot({ path: path.join(SHOTS, 'planning-line-down.png'), fullPage: true });

    // The line is back: the outage ends and the plan may use L3 again.
    await page.getByRole('button', { name: 'Line back: L3' }).click();
    await expect.poll(() => result.textContent(), REPLAN).toContain('L3 is back');
    await page.getByTestId('no-outages').waitFor(POLL);
    expect(await api('GET', '/api/planning/outages')).toEqual([]);
  });

  it('firms the proposals of the next 48 hours into work orders', async () => {
    const { plan } = await api('GET', '/api/planning/schedule');
    const soon = plan.orders.filter(
      (o: Json) =>
        o.kind === 'proposal' && Date.parse(o.start) < Date.parse(plan.origin) + 48 * 3_600_000,
    );
    expect(soon.length).toBeGreaterThan(0);
    const button = page.getByTestId('schedule-commands').locator('[data-command="firm"]');
    expect(await button.textContent()).toBe(`Firm the next 48 h (${soon.length})`);
    await button.click();
    const result = page.getByTestId('replan-result');
    await expect
      .poll(() => result.textContent(), REPLAN)
      .toMatch(/^Firmed \d+ proposals? into work orders? WO-/);
    const after = (await api('GET', '/api/planning/schedule')).plan;
    for (const proposal of soon) {
      const placed = after.orders.find(
        (o: Json) => o.line === proposal.line && o.start === proposal.start,
      );
      expect(placed, proposal.reference).toMatchObject({
        kind: 'work_order',
        quantity: proposal.quantity,
      });
    }
    await expect.poll(() => button.textContent(), POLL).toBe('Firm the next 48 h (0)');
  });

  it('lists the shortages, shortages first, with what each stops', async () => {
    await page
      .getByRole('navigation', { name: 'Planning pages' })
      .getByRole('link', { name: 'Shortages' })
      .click();
    await page.waitForURL('**/planning/shortages');
    const plans = (await api('GET', '/api/planning/material-requirements')) as unknown as Json[];
    const short = plans.filter((p) => p.shortage);
    expect(plans.length).toBeGreaterThan(0);
    if (short.length > 0) {
      const table = page.getByTestId('shortages-table');
      await table.waitFor(POLL);
      const materials = await table
        .locator('tr[data-testid="shortage"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-material')));
      expect(materials).toEqual(short.map((p) => p.material));
      const first = table.locator('tr[data-testid="shortage"]').first();
      expect(await first.getByTestId('stops').locator('li').count()).toBe(
        short[0]?.shortage.stops.length,
      );
    } else {
      await page.getByTestId('no-shortages').waitFor(POLL);
    }
    const covered = plans.length - short.length;
    if (covered > 0) {
      await page.getByTestId('covered-table').waitFor(POLL);
      expect(await page.getByTestId('covered-table').locator('tbody tr').count()).toBe(covered);
    }
    await page.screenshot({ path: path.join(SHOTS, 'planning-shortages.png'), fullPage: true });
  });

  it('answers the what-if of a supplier that stops delivering', async () => {
    await page.goto('/planning/disruption');
    const form = page.getByTestId('disruption-form');
    await form.getByLabel('Supplier').selectOption('SUP-PRIMERS');
    await form.getByRole('button', { name: 'Show what runs short' }).click();
    await page.waitForURL('**/planning/disruption?supplier=SUP-PRIMERS*');
    const section = page.getByTestId('disruption-result');
    await section.waitFor(POLL);
    const answer = await api(
      'GET',
      `/api/planning/supplier-disruption?supplier=SUP-PRIMERS&from=${new URL(page.url()).searchParams.get('from')}`,
    );
    if (answer.firstShort.length > 0) {
      // Grouped by product: every requirement is an order of the plan, whose product is known.
      const products = await section
        .getByTestId('disruption-product')
        .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-product')));
      expect(products.length).toBeGreaterThan(0);
      for (const product of products) {
        expect(['C762-BALL', 'C762-TRACER', 'C762-BLANK']).toContain(product);
      }
      expect(await section.getByTestId('disruption-table').locator('tbody tr').count()).toBe(
        answer.firstShort.length,
      );
    } else {
      await section.getByTestId('disruption-none').waitFor();
    }
    await page.screenshot({ path: path.join(SHOTS, 'planning-what-if.png'), fullPage: true });
  });

  it('shows the master production schedule by product and week', async () => {
    await page.goto('/planning/mps');
    const mps = await api('GET', '/api/planning/mps?weeks=12');
    const ball = page.getByTestId('mps-C762-BALL');
    await ball.waitFor(POLL);
    expect(await ball.locator('thead th').count()).toBe(1 + mps.weeks.length);
    expect(await ball.locator('tbody tr').count()).toBe(6);
    const planned = (mps.products as Json[])
      .find((p) => p.product === 'C762-BALL')
      ?.rows.reduce((sum: number, r: Json) => sum + r.planned, 0);
    expect(planned).toBeGreaterThan(0);
    const plannedCells = await ball
      .locator('tr[data-measure="planned"] td')
      .evaluateAll((cells) => cells.map((c) => Number(c.textContent?.replaceAll(',', ''))));
    expect(plannedCells.reduce((a, b) => a + b, 0)).toBe(planned);
    for (const product of ['C762-TRACER', 'C762-BLANK']) {
      await page.getByTestId(`mps-${product}`).waitFor(POLL);
    }
    await page.screenshot({ path: path.join(SHOTS, 'planning-mps.png'), fullPage: true });
  });
});

describe('planning in Spanish', () => {
  let spanish: SignedInPage | undefined;
  let held: Json;

  beforeAll(async () => {
    await createTestUser(served.store.db, 'pablo', ['planner']);
    spanish = await openSignedInPage(served, 'pablo', { language: 'es' });
    // A work order on hold: the next plan leaves it out, and says why.
    held = await api('POST', '/api/production/work-orders', {
      product: 'C762-BLANK',
      line: 'L4',
      quantity: 50_000,
    });
    await api('POST', `/api/production/work-orders/${held.id}/hold`, { reason: 'NCR-E2E' });
  });

  afterAll(async () => {
    await spanish?.close();
    expect(spanish?.pageErrors ?? []).toEqual([]);
  });

  it('re-plans in Spanish, with the quantities in es-VE', async () => {
    const p = (spanish as SignedInPage).page;
    await p.goto('/planning');
    await p.getByRole('heading', { level: 1, name: 'Programa de producción' }).waitFor(POLL);
    await p.getByTestId('plan-figures').waitFor(POLL);
    expect(await p.getByTestId('plan-weighted-tardiness').textContent()).toContain(
      'Atraso ponderado',
    );
    await p.getByRole('button', { name: 'Replanificar', exact: true }).click();
    const result = p.getByTestId('replan-result');
    await result.waitFor(REPLAN);
    expect(await result.textContent()).toMatch(
      /^Replanificado: se movi(ó|eron) \d+ órden(es)? a otra línea; \d+ órden(es)? (está|están) atrasadas?\.$/,
    );
    const { plan } = await api('GET', '/api/planning/schedule');
    await expect
      .poll(() => p.getByTestId('plan-figures').getAttribute('data-plan'), POLL)
      .toBe(plan.id);
    // Every order's quantity, as the table under the chart writes it: 300.000.
    const big = (plan.orders as Json[]).filter((o) => o.quantity >= 10_000);
    expect(big.length).toBeGreaterThan(0);
    for (const order of big) {
      const row = p
        .getByTestId('orders-by-line')
        .locator(`tr[data-testid="planned-order"][data-reference="${order.reference}"]`);
      const shown = (await row.locator('td').nth(2).textContent()) ?? '';
      expect(shown, order.reference).toMatch(/^\d{1,3}(\.\d{3})+$/);
      expect(Number(shown.replaceAll('.', ''))).toBe(order.quantity);
    }
    expect(await p.getByTestId('schedule-commands').textContent()).toContain(
      'Confirmar las próximas 48 h',
    );
    // The order on hold, left out: coded by the server, said in Spanish here.
    expect(plan.unplanned).toEqual([
      expect.objectContaining({
        id: held.id,
        code: 'order_on_hold',
        params: { reference: held.number },
      }),
    ]);
    const unplanned = p.getByTestId('plan-unplanned');
    expect(await unplanned.locator('strong').textContent()).toBe('Sin planificar (1):');
    expect(await unplanned.getByTestId('unplanned-order').textContent()).toBe(
      `${held.number} está retenida`,
    );
    await expectSpanishOnly(p, [
      'Re-plan',
      'Late orders',
      'Lines down',
      'Weighted tardiness',
      'is on hold',
    ]);
    await p.screenshot({ path: path.join(SHOTS, 'planning-schedule-es.png'), fullPage: true });
  });

  it('shows the shortages, the what-if and the master schedule in Spanish', async () => {
    const p = (spanish as SignedInPage).page;
    await p.goto('/planning/shortages');
    await p.getByRole('heading', { level: 1, name: 'Faltantes' }).waitFor(POLL);
    await p.getByRole('heading', { level: 2, name: /^En falta \(\d+\)$/ }).waitFor(POLL);
    expect(await p.locator('.page > p.muted').first().textContent()).toContain(
      'MRP (planificación de requerimientos de materiales)',
    );
    await expectSpanishOnly(p, ['Short (', 'Covered (', 'From stock']);

    // The what-if, asked in Spanish.
    await p.goto('/planning/disruption');
    await p
      .getByRole('heading', { level: 1, name: '¿Y si un proveedor deja de entregar?' })
      .waitFor(POLL);
    const form = p.getByTestId('disruption-form');
    await form.getByLabel('Proveedor').selectOption('SUP-PRIMERS');
    await form.getByRole('button', { name: 'Mostrar lo que queda en falta' }).click();
    await p.waitForURL('**/planning/disruption?supplier=SUP-PRIMERS*');
    const section = p.getByTestId('disruption-result');
    await section.waitFor(POLL);
    expect(await section.getByRole('heading', { level: 2 }).textContent()).toContain(
      'no entrega nada desde el',
    );
    await expectSpanishOnly(p, ['delivers nothing', 'What runs short', 'Show what runs short']);

    // The master schedule: measures in Spanish, weeks and quantities in es-VE.
    await p.goto('/planning/mps');
    await p.getByRole('heading', { level: 1, name: 'Plan maestro de producción' }).waitFor(POLL);
    const ball = p.getByTestId('mps-C762-BALL');
    await ball.waitFor(POLL);
    expect(await ball.locator('tr[data-measure="orders"] th').textContent()).toBe(
      'Pedidos de clientes',
    );
    expect(await ball.locator('thead th').nth(1).textContent()).toMatch(ES_WEEK);
    const mps = await api('GET', '/api/planning/mps?weeks=12');
    const planned = (mps.products as Json[])
      .find((product) => product.product === 'C762-BALL')
      ?.rows.reduce((sum: number, r: Json) => sum + r.planned, 0);
    const cells = await ball
      .locator('tr[data-measure="planned"] td')
      .evaluateAll((tds) => tds.map((td) => td.textContent ?? ''));
    expect(cells.some((c) => /^\d{1,3}(\.\d{3})+$/.test(c))).toBe(true);
    expect(cells.reduce((sum, c) => sum + Number(c.replaceAll('.', '')), 0)).toBe(planned);
    await expectSpanishOnly(p, ['Customer orders', 'Projected stock', 'Week of']);
    await p.screenshot({ path: path.join(SHOTS, 'planning-mps-es.png'), fullPage: true });
  });
});
