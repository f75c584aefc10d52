// Genealogy and recall in a real browser. A small history is made through the
// HTTP API first: supplier lots received and released, a work order on L1 run
// with its feeders loaded, and a second order that takes the same primer lot.
// Then a QA manager opens the first order's lot, reads its backward graph,
// expands the primer lot forward (the second order's lot joins the graph),
// goes on to the primer lot's page and recalls it with a signature; the report
// lists every affected lot. A viewer sees the lot but no recall. The lot pages
// read Spanish for a user who speaks it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { callApi, type Served, serveReferencePlant } from './harness.js';

const POLL = { timeout: 10_000 };
const SHOTS = path.resolve('.tmp');

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

/** The lots of the history, by name. */
const lots: Record<string, Json> = {};
let qa: Session;
let viewer: Session;
let planner: Session;
let operator: Session;

/** Plans, releases and starts an order of C762-BALL on L1; answers the order and its output lot. */
async function startOrder(planner: Session, operator: Session) {
  const order = await api(planner, 'POST', '/api/production/work-orders', {
    product: 'C762-BALL',
    line: 'L1',
    quantity: 2000,
  });
  await api(planner, 'POST', `/api/production/work-orders/${order.id}/release`, {});
  await api(operator, 'POST', `/api/production/work-orders/${order.id}/start`, {});
  const made = (await api(
    viewer,
    'GET',
    '/api/genealogy/lots?material=C762-BALL',
  )) as unknown as Json[];
  const output = made.find((l) => l.workOrderId === order.id);
  if (!output) throw new Error(`work order ${order.number} opened no output lot`);
  return { order, output };
}

beforeAll(async () => {
  served = await serveReferencePlant();
  const { app, store } = served;
  const keeper = await signInAs(app, store.db, 'kim', ['storekeeper']);
  planner = await signInAs(app, store.db, 'pablo', ['planner']);
  operator = await signInAs(app, store.db, 'olga', ['line_operator']);
  qa = await signInAs(app, store.db, 'quinn', ['qa_manager']);
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);

  const receipts: [string, Record<string, unknown>][] = [
    [
      'case',
      { material: 'CASE-762', supplier: 'SUP-CASES', location: 'ST-CASES', quantity: 10_000 },
    ],
    [
      'primer',
      { material: 'PRIMER-762', supplier: 'SUP-PRIMERS', location: 'MAG-04', quantity: 6_000 },
    ],
    ['powder', { material: 'PROP-BALL', supplier: 'SUP-POWDER', location: 'MAG-03', quantity: 20 }],
    [
      'bullet',
      { material: 'BULLET-PS', supplier: 'SUP-BULLETS', location: 'ST-BULLETS', quantity: 10_000 },
    ],
  ];
  for (const [name, body] of receipts) {
    lots[name] = await api(keeper, 'POST', '/api/genealogy/lots/receipts', {
      ...body,
      supplierLot: `E2E-${name.toUpperCase()}`,
      certificate: `COC-${name.toUpperCase()}`,
    });
    // Released on the supplier's certificate, signed by the QA manager.
    await api(
      qa,
      'POST',
      `/api/quality/lots/${lots[name]?.number}/disposition`,
      { decision: 'release', basis: 'supplier_certificate' },
      signedHeaders(qa),
    );
  }

  // The first order takes all four components; without machine data it consumes nothing,
  // but every load is a genealogy edge all the same.
  const first = await startOrder(planner, operator);
  lots.first = first.output;
  for (const [station, name] of [
    ['CF', 'case'],
    ['PR', 'primer'],
    ['CH', 'powder'],
    ['BS', 'bullet'],
  ] as const) {
    await api(operator, 'POST', `/api/genealogy/work-orders/${first.order.id}/feeders/load`, {
      station,
      lot: lots[name]?.number,
      quantity: name === 'powder' ? 5 : 2_000,
    });
  }
  await api(operator, 'POST', `/api/production/work-orders/${first.order.id}/complete`, {});

  // The second order takes the same primer lot: it is what a forward expansion finds.
  const second = await startOrder(planner, operator);
  lots.second = second.output;
  await api(operator, 'POST', `/api/genealogy/work-orders/${second.order.id}/feeders/load`, {
    station: 'PR',
    lot: lots.primer?.number,
    quantity: 1_000,
  });
  await api(operator, 'POST', `/api/production/work-orders/${second.order.id}/complete`, {});

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
  return page;
}

const number = (name: string): string => {
  const found = lots[name]?.number;
  if (typeof found !== 'string') throw new Error(`no lot ${name} in the history`);
  return found;
};

/** Where the graph placed each lot, across: the x of its box in the graph's own coordinates. */
async function layerPositions(page: Page): Promise<Record<string, number>> {
  const nodes = await page.locator('.react-flow__node').evaluateAll((elements) =>
    elements.map((node) => ({
      lot: node.querySelector('[data-testid^="graph-lot-"]')?.getAttribute('data-testid') ?? '',
      transform: node.getAttribute('style') ?? '',
    })),
  );
  return Object.fromEntries(
    nodes.map(({ lot, transform }) => [
      lot.slice('graph-lot-'.length),
      Number(/translate\(([-\d.]+)px/.exec(transform)?.[1]),
    ]),
  );
}

/**
 * What of the page reads as an i18n key rather than words: "recalls:list.title", or "list.title" as
 * i18next shows a missing key (without its namespace). Codes (`<code>`) are data and left out.
 */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').evaluate((body) => {
    const words: string[] = [];
    const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
    const walker = body.ownerDocument.createTreeWalker(body, SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.parentElement?.closest('code, script, style')) words.push(node.textContent ?? '');
    }
    return words.join(' ');
  });
  return text.match(/\b[a-z]+:[a-zA-Z.]+\b|\b[a-z][a-zA-Z]*(?:\.[a-zA-Z_]+)+\b/g) ?? [];
}

/** The element with the focus: its test id, or its text. */
async function focused(page: Page): Promise<string> {
  const element = page.locator(':focus');
  return (
    (await element.getAttribute('data-testid')) ?? ((await element.textContent()) ?? '').trim()
  );
}

describe('genealogy and recall', () => {
  let recallNumber = '';

  it('opens the made lot from the lot list and draws its backward genealogy as a graph', async () => {
    const page = await pageFor('quinn');
    await page.goto('/lots');
    await page.getByRole('heading', { level: 1, name: 'Lots' }).waitFor();
    // Found by number, through the search form, with the keyboard.
    await page.getByLabel('Lot number').fill(number('first'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('lots-table').locator('tbody tr').count(), POLL)
      .toBe(1);
    await page
      .getByTestId(`lot-${number('first')}`)
      .getByRole('link', { name: number('first') })
      .click();

    await page.waitForURL(`**/lots/${number('first')}`);
    await expect
      .poll(() => page.getByTestId('lot-number').textContent(), POLL)
      .toContain(number('first'));
    expect(
      await page.getByTestId('lot-number').getByTestId('lot-status').getAttribute('data-status'),
    ).toBe('quarantine');
    await page.getByTestId('mass-balance').waitFor();
    expect(await page.getByTestId('balance-verdict').textContent()).toContain('Balanced');

    // A made lot opens on its backward trace: the four component lots, one edge each.
    const graph = page.getByTestId('genealogy-graph');
    await graph.getByTestId(`graph-lot-${number('primer')}`).waitFor(POLL);
    for (const name of ['first', 'case', 'primer', 'powder', 'bullet']) {
      await graph.getByTestId(`graph-lot-${number(name)}`).waitFor();
    }
    expect(await graph.locator('.react-flow__edge').count()).toBe(4);
    expect(await page.getByTestId('trace-summary').textContent()).toContain('5 lots, 4 links');
    // Layered: every component lot left of the lot made from it.
    const x = await layerPositions(page);
    expect(x[number('primer')]).toBeLessThan(x[number('first')] ?? Number.NaN);
    expect(x[number('case')]).toBe(x[number('primer')]);
    expect(await page.getByTestId('trace-lots').textContent()).toContain('SUP-PRIMERS');
    await page.screenshot({ path: path.join(SHOTS, 'lot-backward-graph.png'), fullPage: true });

    // Expanding the primer lot forward merges in the second order's lot.
    await graph.getByTestId(`expand-forward-${number('primer')}`).click();
    await graph.getByTestId(`graph-lot-${number('second')}`).waitFor(POLL);
    await expect
      .poll(() => page.getByTestId('trace-summary').textContent(), POLL)
      .toContain('6 lots, 5 links');
    expect(await graph.getByTestId(`expand-forward-${number('primer')}`).count()).toBe(0);
    const details = page.getByTestId('lot-details');
    expect(await details.getAttribute('data-lot')).toBe(number('primer'));
    const wentInto = await details.getByTestId('lot-details-out').textContent();
    expect(wentInto).toContain(number('first'));
    expect(wentInto).toContain(number('second'));
    await page.screenshot({ path: path.join(SHOTS, 'lot-expanded-graph.png'), fullPage: true });

    // The keyboard reaches a lot of the graph: Tab onto it, Enter selects it.
    const caseNode = graph.locator('.react-flow__node', {
      has: page.getByTestId(`graph-lot-${number('case')}`),
    });
    await caseNode.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => details.getAttribute('data-lot'), POLL).toBe(number('case'));
    // Its link to the lot's own page is the next stop.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe(number('case'));
    // The direction switch is a radio group: arrow keys change it.
    await page.getByLabel('Made from (backward)').focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForURL('**direction=forward');
    await graph.getByTestId(`graph-lot-${number('first')}`).waitFor(POLL);
    await expect
      .poll(() => page.getByTestId('trace-summary').textContent(), POLL)
      .toContain('nothing made from this lot yet');
  });

  it('recalls the primer lot from its page, signed, and shows the report', async () => {
    const page = await pageFor('quinn');
    await page.goto(`/lots/${number('first')}`);
    const graph = page.getByTestId('genealogy-graph');
    await graph.getByTestId(`graph-lot-${number('primer')}`).waitFor(POLL);
    // A component lot of the graph opens its own page: a supplier's lot opens forward.
    await graph.getByRole('link', { name: number('primer') }).click();
    await page.waitForURL(`**/lots/${number('primer')}`);
    await graph.getByTestId(`graph-lot-${number('second')}`).waitFor(POLL);
    expect(await page.getByTestId('trace-summary').textContent()).toContain('3 lots, 2 links');
    await page.getByTestId('where-now').waitFor();
    expect(await page.getByTestId('where-on-hand').textContent()).toContain('MAG-04');
    await page.screenshot({ path: path.join(SHOTS, 'lot-forward-graph.png'), fullPage: true });

    // Recall, from the keyboard: the command, the reason, then the signature.
    const recall = page.getByTestId('lot-commands').locator('[data-command="recall"]');
    await recall.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('recall-dialog');
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByTestId('recall-preview').textContent(), POLL)
      .toContain('3 lots, of which 3 would go on hold now');
    // Focus starts in the reason.
    await page.keyboard.type('Primer lot failed the sensitivity test (NCR-0042)');
    await dialog.getByRole('button', { name: 'Review and sign…' }).click();
    const signature = dialog.locator('form.signature');
    await signature.waitFor();
    expect(await dialog.getByTestId('signature-statement').textContent()).toContain(
      `recall lot ${number('primer')}`,
    );
    // A wrong password is refused in the dialog, and nothing is recalled.
    await page.keyboard.type('not-my-password');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => dialog.getByTestId('signature-error').textContent(), POLL)
      .toMatch(/^Signature refused: the user name or the password is wrong/);
    await page.keyboard.type(TEST_PASSWORD);
    await page.screenshot({ path: path.join(SHOTS, 'recall-signature.png') });
    await page.keyboard.press('Enter');

    await page.waitForURL('**/recalls/RC-*');
    const heading = page.getByTestId('recall-number');
    await expect.poll(() => heading.textContent(), POLL).toMatch(/^RC-\d{5}$/);
    recallNumber = (await heading.textContent()) ?? '';
    expect(await page.getByTestId('recall-reason').textContent()).toBe(
      'Primer lot failed the sensitivity test (NCR-0042)',
    );
    const affected = page.getByTestId('recall-lots');
    for (const name of ['primer', 'first', 'second']) {
      const row = affected.getByTestId(`recall-lot-${number(name)}`);
      await row.waitFor();
      expect(await row.textContent()).toContain('Yes');
      expect(await row.getByTestId('lot-status').nth(1).getAttribute('data-status')).toBe(
        'on_hold',
      );
    }
    expect(await affected.locator('tbody tr').count()).toBe(3);
    expect(await page.getByTestId('recall-totals').textContent()).toContain('3 lots put on hold');
    expect(await page.getByTestId('recall-nothing-shipped').count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'recall-report.png'), fullPage: true });

    // The report as CSV and PDF, behind the page's links.
    const downloads = page.getByTestId('recall-downloads');
    const csvHref = await downloads
      .getByRole('link', { name: 'Report as CSV' })
      .getAttribute('href');
    expect(csvHref).toBe(`/api/genealogy/recalls/${recallNumber}/report.csv`);
    const csv = await page.request.get(csvHref ?? '');
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    for (const name of ['primer', 'first', 'second']) expect(text).toContain(number(name));
    const pdfHref = await downloads
      .getByRole('link', { name: 'Report as PDF' })
      .getAttribute('href');
    const pdf = await page.request.get(pdfHref ?? '');
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    // The suspect lot's page, and the list of recalls, say so.
    await page.getByTestId('recall-suspect').click();
    await page.waitForURL(`**/lots/${number('primer')}?direction=forward`);
    await expect
      .poll(
        () => page.getByTestId('lot-number').getByTestId('lot-status').getAttribute('data-status'),
        POLL,
      )
      .toBe('on_hold');
    await page.goto('/recalls');
    const row = page.getByTestId(`recall-${recallNumber}`);
    await row.waitFor();
    expect(await row.textContent()).toContain(number('primer'));
  });

  it('shows a viewer the lot and the recall report, but no recall command', async () => {
    expect(recallNumber).toMatch(/^RC-/);
    const page = await pageFor('vic');
    await page.goto(`/lots/${number('second')}`);
    await page
      .getByTestId('genealogy-graph')
      .getByTestId(`graph-lot-${number('primer')}`)
      .waitFor(POLL);
    expect(await page.getByTestId('lot-commands').count()).toBe(0);
    expect(
      await page.getByTestId('lot-number').getByTestId('lot-status').getAttribute('data-status'),
    ).toBe('on_hold');
    await page.goto(`/recalls/${recallNumber}`);
    await page.getByTestId('recall-lots').waitFor(POLL);
    expect(await page.getByTestId('recall-lots').locator('tbody tr').count()).toBe(3);
  });

  it('shows the recalls and the recall report in Spanish', async () => {
    expect(recallNumber).toMatch(/^RC-/);
    const page = await pageFor('quinn', 'es');
    await page.goto('/recalls');
    await page.getByRole('heading', { level: 1, name: 'Retiros' }).waitFor();
    const table = page.getByTestId('recalls-table');
    await table.waitFor(POLL);
    expect(await table.locator('thead').textContent()).toContain('Lote sospechoso');
    // The primer lot's 6,000 units still in the plant, in es-VE.
    const row = await table.getByTestId(`recall-${recallNumber}`).textContent();
    expect(row).toContain(number('primer'));
    expect(row).toContain('6.000');
    expect(await rawKeys(page)).toEqual([]);

    await table.getByRole('link', { name: recallNumber }).click();
    await page.waitForURL(`**/recalls/${recallNumber}`);
    const affected = page.getByTestId('recall-lots');
    await affected.waitFor(POLL);
    expect(await page.getByRole('heading', { name: 'Lotes afectados' }).count()).toBe(1);
    expect(await affected.getByTestId(`recall-lot-${number('primer')}`).textContent()).toContain(
      'sospechoso',
    );
    expect(await affected.getByTestId(`recall-lot-${number('first')}`).textContent()).toContain(
      'Sí',
    );
    const totals = await page.getByTestId('recall-totals').textContent();
    expect(totals).toContain('3 lotes puestos en retención');
    expect(totals).toContain('6.000 aún en la planta');
    expect(await page.getByTestId('recall-nothing-shipped').textContent()).toBe(
      'No se ha despachado nada de los lotes afectados.',
    );
    // Started "26 nov. 2026, 4:14 p. m.", by the QA manager, signed.
    const facts = await page.getByTestId('recall-facts').textContent();
    expect(facts).toMatch(
      /Iniciado\d{1,2} [a-z]{3,4}\.? \d{4}, \d{1,2}:\d{2}\s?[ap]\.\s?m\.\s?por quinn/,
    );
    expect(facts).toContain('FirmaFirmado');
    expect(await rawKeys(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'recall-report-es.png'), fullPage: true });

    // The report as CSV, behind the Spanish link.
    const csvHref = await page
      .getByTestId('recall-downloads')
      .getByRole('link', { name: 'Informe en CSV' })
      .getAttribute('href');
    const csv = await page.request.get(csvHref ?? '');
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(number('primer'));
  });
});

/** No i18n key (lots:trace.title) shows on the page in place of its words. */
async function expectNoRawKeys(page: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not hidden markup
  const text = await page.locator('body').innerText();
  expect(text.match(/\b[a-z]+:[a-zA-Z.]+\b/g) ?? []).toEqual([]);
}

describe('the lot pages in Spanish', () => {
  it('finds a lot, reads its mass balance and genealogy, and expands the graph in Spanish', async () => {
    const page = await pageFor('quinn', 'es');
    await page.goto('/lots');
    await page.getByRole('heading', { level: 1, name: 'Lotes' }).waitFor();
    await page.getByLabel('Número de lote').fill(number('first'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('lots-table').locator('tbody tr').count(), POLL)
      .toBe(1);
    // Recalled earlier: the lot is held.
    expect(await page.getByTestId(`lot-${number('first')}`).textContent()).toContain('Retenido');
    await expectNoRawKeys(page);
    await page
      .getByTestId(`lot-${number('first')}`)
      .getByRole('link', { name: number('first') })
      .click();

    await page.waitForURL(`**/lots/${number('first')}`);
    await page.getByRole('heading', { level: 2, name: 'Balance de masa' }).waitFor();
    await page.getByTestId('mass-balance').waitFor();
    expect(await page.getByTestId('balance-verdict').textContent()).toContain('Cuadra');
    expect(await page.getByLabel('Fabricado con (hacia atrás)').isChecked()).toBe(true);
    const graph = page.getByTestId('genealogy-graph');
    await graph.getByTestId(`graph-lot-${number('primer')}`).waitFor(POLL);
    await expect
      .poll(() => page.getByTestId('trace-summary').textContent(), POLL)
      .toBe('5 lotes, 4 vínculos.');
    await graph.getByTestId(`expand-forward-${number('primer')}`).click();
    await expect
      .poll(() => page.getByTestId('trace-summary').textContent(), POLL)
      .toBe('6 lotes, 5 vínculos.');
    expect(await page.getByTestId('lot-details').textContent()).toContain('Usado en');
    expect(await graph.getByRole('button', { name: 'Acercar' }).getAttribute('aria-label')).toBe(
      'Acercar',
    );
    await expectNoRawKeys(page);
    await page.screenshot({ path: path.join(SHOTS, 'lot-graph-es.png'), fullPage: true });

    // A supplier's lot: its quantity in es-VE, and the recall dialog in Spanish (cancelled).
    await page.goto(`/lots/${number('case')}`);
    await expect.poll(() => page.getByTestId('lot-quantity').textContent(), POLL).toBe('10.000');
    expect(await page.getByText('Lote de proveedor', { exact: true }).count()).toBe(1);
    await page.getByTestId('lot-commands').getByRole('button', { name: 'Iniciar retiro…' }).click();
    const dialog = page.getByTestId('recall-dialog');
    await dialog.getByRole('heading', { name: `Retiro del lote ${number('case')}` }).waitFor();
    await expect
      .poll(() => dialog.getByTestId('recall-preview').textContent(), POLL)
      .toContain('Su trazabilidad hacia adelante abarca 2 lotes');
    await dialog.getByRole('button', { name: 'Revisar y firmar…' }).click();
    expect(await dialog.getByTestId('recall-error').textContent()).toBe(
      'Indicar por qué se retira el lote.',
    );
    await expectNoRawKeys(page);
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await expect.poll(() => dialog.count(), POLL).toBe(0);
  });
});

describe('the genealogy graph for a user who asks for reduced motion', () => {
  it('draws an open load with moving dashes, and with still ones under reduced motion', async () => {
    // A third order, still running, with the case lot in its feeder: an open load.
    const third = await startOrder(planner, operator);
    await api(operator, 'POST', `/api/genealogy/work-orders/${third.order.id}/feeders/load`, {
      station: 'CF',
      lot: number('case'),
      quantity: 1_000,
    });
    const openLoadAnimation = async (page: Page): Promise<string> => {
      await page.goto(`/lots/${number('case')}`);
      const openLoad = page.locator('.genealogy-edge--open .react-flow__edge-path');
      await openLoad.waitFor(POLL);
      return openLoad.evaluate(
        (path) => path.ownerDocument.defaultView.getComputedStyle(path).animationName,
      );
    };
    expect(await openLoadAnimation(await pageFor('vic'))).toBe('dashdraw');
    const still = await pageFor('vic');
    await still.emulateMedia({ reducedMotion: 'reduce' });
    expect(await openLoadAnimation(still)).toBe('none');
  });
});
