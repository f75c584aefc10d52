// The plant page in a real browser: the built web app served by an in-process
// Lotline over the reference plant, read by a signed-in viewer, in English and
// then in Spanish. It checks what the page shows, not how it is built.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/service.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

const SCREENSHOT = path.resolve('.tmp/plant-page.png');
const TODAY = new Date('2026-06-15T12:00:00Z');
// The first paint waits for the API; give it more than expect.poll's default second.
const POLL = { timeout: 10_000 };

const VIEWER = { username: 'vera', password: 'plant-viewer-pass-1' };
/** A viewer who reads the app in Spanish. */
const LECTORA = { username: 'lucia', password: 'plant-viewer-pass-2' };
/** A locale key path shown instead of its words ("plant:page.lines"). */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.-]+\b/;

/** What a reader sees of the page's content (innerText: rendered, hidden text left out). */
const visibleText = (p: Page): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
  p.locator('main').innerText();

let served: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  served = await serveReferencePlant();
  await createUser(
    served.store.db,
    { ...VIEWER, displayName: 'Vera Viewer', roles: ['viewer'] },
    'test',
  );
  browser = await launchBrowser();
  context = await openContext(browser, served.baseUrl);
  await signIn(context, VIEWER.username, VIEWER.password);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await served?.close();
});

beforeEach(async () => {
  page = await context.newPage();
  // The page's "current year" is the browser's: pin it, so the default year and
  // the years offered do not depend on when the test runs.
  await page.clock.setFixedTime(TODAY);
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return async () => {
    await page.close();
    // An uncaught exception in the app fails the test that caused it.
    expect(pageErrors).toEqual([]);
  };
});

describe('the plant page', () => {
  it('opens the plant, with the site in the header and every section in the navigation', async () => {
    // (/ opens the live plant floor for those who may see production: floor.e2e.test.ts.)
    await page.goto('/plant');
    await expect
      .poll(() => page.getByTestId('site-name').textContent(), POLL)
      .toContain('Planta de Cartuchos — referencia Lotline');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const links = await nav.getByRole('link').allTextContents();
    expect(links).toEqual([
      'Plant',
      'Floor',
      'Production',
      'Lots',
      'Quality',
      'Storage',
      'Planning',
      'Twin',
      'Maintenance',
      'Reports',
    ]);
    expect(await nav.getByRole('link', { name: 'Plant' }).getAttribute('aria-current')).toBe(
      'page',
    );
    // The document's language is the locale the app formats in.
    expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
  });

  it('shows the four lines with their names, products and stations', async () => {
    await page.goto('/plant');
    const lines = page.getByTestId('line-list').getByRole('article');
    await lines.first().waitFor();
    expect(await lines.count()).toBe(4);
    const names = await page
      .getByTestId('line-list')
      .getByRole('heading', { level: 3 })
      .allTextContents();
    expect(names).toEqual([
      'Línea 1 — cartucho ordinario',
      'Línea 2 — cartucho ordinario',
      'Línea 3 — trazador y fogueo',
      'Línea 4 — trazador y fogueo',
    ]);

    const l1 = page.getByTestId('line-L1');
    const l1Products = await l1.getByTestId('products-L1').textContent();
    expect(l1Products).toContain('C762-BALL');
    expect(l1Products).toContain('84');

    const l3Products = page.getByTestId('products-L3');
    expect(await l3Products.textContent()).toContain('C762-TRACER');
    expect(await l3Products.textContent()).toContain('C762-BLANK');
    expect(await l3Products.getByRole('row', { name: /C762-TRACER/ }).textContent()).toMatch(
      /68.*60%/,
    );

    const stationRows = l1.getByTestId('stations-L1').locator('tbody tr');
    expect(await stationRows.count()).toBe(7);
    const stationNames = await l1.getByTestId('stations-L1').locator('tbody th').allTextContents();
    expect(stationNames[0]).toContain('Alimentación de vainas');
    expect(stationNames[6]).toContain('Empaque');
    // The slowest stations of line 1 (charging and bullet seating, 100 /min) bound its rate.
    const bottlenecks = await l1
      .getByTestId('stations-L1')
      .locator('tbody tr', { hasText: 'Bottleneck' })
      .locator('th')
      .allTextContents();
    expect(bottlenecks).toHaveLength(2);
    expect(bottlenecks.join(' ')).toContain('Carga');
    expect(bottlenecks.join(' ')).toContain('Asentamiento de proyectil');
  });

  it('shows the plant rated capacity for this year, and for 2027 once that year is selected', async () => {
    await page.goto('/plant');
    const select = page.getByLabel('Capacity year');
    await select.waitFor();
    expect(await select.locator('option').allTextContents()).toEqual([
      '2025',
      '2026',
      '2027',
      '2028',
    ]);
    expect(await select.inputValue()).toBe('2026');
    const headline = page.getByTestId('plant-capacity');
    await expect
      .poll(() => page.getByTestId('plant-capacity-exact').textContent(), POLL)
      .toContain('70,036,560');
    expect(await headline.getByRole('heading').textContent()).toBe('Rated capacity 2026');

    await select.selectOption('2027');
    await expect
      .poll(() => headline.getByRole('heading').textContent(), POLL)
      .toBe('Rated capacity 2027');
    await expect
      .poll(() => page.getByTestId('plant-capacity-exact').textContent(), POLL)
      .toContain('70,329,600');
    expect(await page.getByTestId('plant-capacity-compact').textContent()).toContain(
      '70.3 million cartridges / year',
    );
    // Line 3: 240 working days, 216,000 available minutes, 17,020,800 rated.
    const l3 = page.getByTestId('capacity-L3');
    expect(await l3.textContent()).toContain('240');
    expect(await l3.textContent()).toContain('216,000');
    expect(await page.getByTestId('rated-L3').textContent()).toBe('17,020,800');
    expect(await page.getByTestId('rated-L1').textContent()).toBe('18,144,000');
    expect(page.url()).toContain('year=2027');

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('shows storage locations and suppliers in the master data tabs', async () => {
    await page.goto('/plant');
    await page.getByRole('tab', { name: /Storage locations/ }).click();
    const locations = page.getByTestId('locations-table');
    await locations.waitFor();
    const mag03 = await locations.getByRole('row', { name: /MAG-03/ }).textContent();
    expect(mag03).toContain('12,000');
    expect(mag03).toContain('1.3');

    await page.getByRole('tab', { name: /Suppliers/ }).click();
    const powder = await page
      .getByTestId('suppliers-table')
      .getByRole('row', { name: /SUP-POWDER/ })
      .textContent();
    expect(powder).toContain('180');
    expect(powder).toContain('imported');

    await page.getByRole('tab', { name: /Materials/ }).click();
    const primer = await page
      .getByTestId('materials-table')
      .getByRole('row', { name: /PRIMER-762/ })
      .textContent();
    expect(primer).toContain('UN0044');
    expect(primer).toContain('1.4S');
  });

  it('renders a line from a deep link, with its changeovers', async () => {
    await page.goto('/plant/lines/L3');
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), POLL).toBe('Línea 3 — trazador y fogueo');
    expect(await page.getByRole('article').count()).toBe(1);
    const changeovers = page.getByTestId('changeovers-L3');
    const tracerToBlank = await changeovers
      .getByRole('row', { name: /C762-TRACER C762-BLANK/ })
      .textContent();
    expect(tracerToBlank).toContain('240');
    const blankToTracer = await changeovers
      .getByRole('row', { name: /C762-BLANK C762-TRACER/ })
      .textContent();
    expect(blankToTracer).toContain('300');
    expect(await page.getByTestId('stations-L3').locator('tbody tr').count()).toBe(7);
  });

  it('shows the problem detail when the API refuses, e.g. for a line that does not exist', async () => {
    await page.goto('/plant/lines/NOPE');
    const panel = page.getByTestId('error-panel');
    await panel.waitFor();
    expect(await panel.getAttribute('role')).toBe('alert');
    expect(await panel.getAttribute('data-code')).toBe('plant_entity_not_found');
    expect(await panel.getByTestId('error-detail').textContent()).toBe('There is no line "NOPE".');
    expect(await panel.textContent()).toContain('Not found (404)');
  });
});

describe('the plant page in Spanish', () => {
  let spanish: BrowserContext;
  let es: Page;
  let errors: string[] = [];

  beforeAll(async () => {
    await createUser(
      served.store.db,
      { ...LECTORA, displayName: 'Lucía Lectora', roles: ['viewer'] },
      'test',
    );
    spanish = await openContext(browser, served.baseUrl, { language: 'es' });
    await signIn(spanish, LECTORA.username, LECTORA.password, { language: 'es' });
  });

  afterAll(async () => {
    await spanish?.close();
  });

  beforeEach(async () => {
    es = await spanish.newPage();
    await es.clock.setFixedTime(TODAY);
    errors = [];
    es.on('pageerror', (error) => errors.push(error.message));
    return async () => {
      await es.close();
      expect(errors).toEqual([]);
    };
  });

  it('shows the plant, its capacity and its lines in Spanish, numbers as es-VE writes them', async () => {
    await es.goto('/plant');
    await es.getByRole('heading', { level: 2, name: 'Líneas de producción' }).waitFor(POLL);
    expect(await es.locator('html').getAttribute('lang')).toBe('es-VE');
    expect(await es.locator('.page-header__eyebrow').textContent()).toBe('Planta');
    const headline = es.getByTestId('plant-capacity');
    await expect
      .poll(() => es.getByTestId('plant-capacity-exact').textContent(), POLL)
      .toBe('70.036.560 cartuchos nominales en 4 líneas');
    expect(await headline.getByRole('heading').textContent()).toBe('Capacidad nominal 2026');
    expect(await es.getByTestId('plant-capacity-compact').textContent()).toMatch(
      /^70 millones cartuchos \/ año$/,
    );

    // The main action: another year's capacity.
    await es.getByLabel('Año de capacidad').selectOption('2027');
    await expect
      .poll(() => headline.getByRole('heading').textContent(), POLL)
      .toBe('Capacidad nominal 2027');
    await expect.poll(() => es.getByTestId('rated-L1').textContent(), POLL).toBe('18.144.000');
    expect(await es.getByTestId('capacity-L3').textContent()).toContain('216.000');

    const l1 = es.getByTestId('line-L1');
    expect(await l1.locator('.line-card__meta').textContent()).toMatch(/^Línea L1 · área /);
    const stations = l1.getByTestId('stations-L1');
    expect(await stations.locator('caption').textContent()).toBe('Estaciones en orden de flujo');
    expect(await stations.locator('tbody tr', { hasText: 'Cuello de botella' }).count()).toBe(2);
    expect(await stations.locator('tbody tr').first().textContent()).toContain(
      'alimentación de vainas',
    );
    const tracer = await es
      .getByTestId('products-L3')
      .getByRole('row', { name: /C762-TRACER/ })
      .textContent();
    expect(tracer).toMatch(/68.*60\s?%/);

    const text = await visibleText(es);
    expect(text).not.toMatch(RAW_KEY);
    for (const english of ['Production lines', 'Rated capacity', 'Stations in flow order'])
      expect(text).not.toContain(english);
    await es.screenshot({ path: SCREENSHOT.replace('.png', '-es.png'), fullPage: true });
  });

  it('shows the master data tabs in Spanish', async () => {
    await es.goto('/plant');
    await es.getByRole('heading', { level: 2, name: 'Datos maestros' }).waitFor(POLL);
    await es.getByRole('tab', { name: /Ubicaciones de almacenamiento/ }).click();
    const mag03 = await es
      .getByTestId('locations-table')
      .getByRole('row', { name: /MAG-03/ })
      .textContent();
    expect(mag03).toContain('polvorín');
    expect(mag03).toContain('12.000');

    await es.getByRole('tab', { name: /Proveedores/ }).click();
    const powder = await es
      .getByTestId('suppliers-table')
      .getByRole('row', { name: /SUP-POWDER/ })
      .textContent();
    expect(powder).toContain('importado');
    expect(await es.getByTestId('suppliers-table').locator('thead').textContent()).toContain(
      'Tiempo de entrega (días)',
    );

    await es.getByRole('tab', { name: /Materiales/ }).click();
    const primer = await es
      .getByTestId('materials-table')
      .getByRole('row', { name: /PRIMER-762/ })
      .textContent();
    expect(primer).toContain('fulminante');
    expect(primer).toContain('1.4S');

    await es.getByRole('tab', { name: /Revisiones/ }).click();
    await es.getByTestId('revisions-table').waitFor(POLL);
    expect(await es.getByTestId('revisions-table').locator('thead').textContent()).toContain(
      'Origen',
    );
    // A revision's source ("file:plants/reference.yaml") is data, not a key.
    const text = (await visibleText(es)).replaceAll(/\bfile:\S+/g, '');
    expect(text).not.toMatch(RAW_KEY);
    expect(text).toMatch(/\d+ agregados/);
  });

  it('renders a line from a deep link in Spanish, with its changeovers', async () => {
    await es.goto('/plant/lines/L3');
    await expect
      .poll(() => es.getByRole('heading', { level: 1 }).textContent(), POLL)
      .toBe('Línea 3 — trazador y fogueo');
    expect(await es.locator('.breadcrumbs [aria-current="page"]').textContent()).toBe('Línea L3');
    const changeovers = es.getByTestId('changeovers-L3');
    expect(await changeovers.locator('caption').textContent()).toBe('Cambios de formato');
    expect(await changeovers.locator('thead').textContent()).toBe('DesdeHastaMinutos');
    const breakdown = es.getByTestId('minutes-L3');
    expect(await breakdown.locator('caption').textContent()).toMatch(
      /^Producción nominal 2026, calendario /,
    );
    expect(await visibleText(es)).not.toMatch(RAW_KEY);
  });
});
