// The twin's calibration page in a real browser. A fresh plant has no machine data: every
// station says "not enough data", nothing is plotted, and the page says the twin runs on its
// placeholder assumptions. Then one station's stops are stored, as ingest stores them, for the
// hours just past (a fixed list of stop and run lengths, so nothing depends on the clock's time
// of day): its time between stops and stop length are fitted, and their plots are drawn, while
// every other station still has too little data. Last, a planner who reads Spanish sees
// the same page, its notes and its plots in Spanish.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentPlant } from '../../src/modules/plant/index.js';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import { signInAs } from '../support/auth.js';
import { machineEventRows } from '../support/machine-events.js';
import {
  openSignedInPage,
  type Served,
  type SignedInPage,
  serveReferencePlant,
} from './harness.js';

const POLL = { timeout: 10_000 };
const MINUTE = 60_000;
const SHOTS = path.resolve('.tmp');

let served: Served;
let browserSide: SignedInPage;
let page: Page;

/** The chart's canvas is there and has been drawn on (not all transparent). */
const drawnCanvas = (chart: Locator): Promise<boolean> =>
  chart
    .locator('canvas')
    .first()
    .evaluate((element) => {
      const canvas = element as unknown as {
        width: number;
        height: number;
        getContext(kind: '2d'): {
          getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
        } | null;
      };
      const drawing = canvas.getContext('2d');
      if (!drawing || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = drawing.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return true;
      return false;
    });

/** A locale key path shown instead of its words ("twin:calibration.title"). */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.-]+\b/;

/** What a reader sees of the page's content (innerText: rendered, hidden text left out). */
const visibleText = (p: Page): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
  p.locator('main').innerText();

const stationRows = (p: Page) =>
  p.getByTestId('calibration-station').evaluateAll((rows) =>
    rows.map((row) => ({
      line: row.getAttribute('data-line') ?? '',
      station: row.getAttribute('data-station') ?? '',
      fits: Number(row.getAttribute('data-fits')),
      notes: row.querySelector('[data-testid="calibration-notes"]')?.textContent ?? '',
    })),
  );

beforeAll(async () => {
  served = await serveReferencePlant();
  await signInAs(served.app, served.store.db, 'tomas', ['planner']);
  mkdirSync(SHOTS, { recursive: true });
  browserSide = await openSignedInPage(served, 'tomas');
  page = browserSide.page;
});

afterAll(async () => {
  await browserSide?.close();
  await served?.close();
  expect(browserSide?.pageErrors ?? []).toEqual([]);
});

describe('twin calibration', () => {
  it('says plainly that a plant without machine data is not calibrated', async () => {
    await page.goto('/twin');
    await page.getByTestId('twin-calibration-link').click();
    await page.waitForURL('**/twin/calibration');
    await page.getByRole('heading', { level: 1, name: 'Calibration' }).waitFor(POLL);
    await page.getByTestId('calibration-uncalibrated').waitFor(POLL);
    expect(await page.getByTestId('calibration-uncalibrated').textContent()).toContain(
      'uncalibrated placeholder assumptions',
    );

    // Four lines of seven stations, none with a fit, each saying why.
    const rows = await stationRows(page);
    expect(rows).toHaveLength(28);
    expect(new Set(rows.map((r) => r.line))).toEqual(new Set(['L1', 'L2', 'L3', 'L4']));
    for (const row of rows) {
      expect(row.fits).toBe(0);
      expect(row.notes).toContain('Not enough data');
    }
    expect(await page.getByTestId('calibration-plots').count()).toBe(0);
    expect(await page.locator('canvas').count()).toBe(0);

    // One line, a day: the address keeps the choice.
    const filters = page.getByTestId('calibration-filters');
    await filters.getByLabel('Line').selectOption('L1');
    await expect.poll(async () => (await stationRows(page)).length, POLL).toBe(7);
    await filters.getByLabel('Window').selectOption('1');
    await page.getByTestId('calibration-uncalibrated').waitFor(POLL);
    const url = new URL(page.url());
    expect([url.searchParams.get('line'), url.searchParams.get('days')]).toEqual(['L1', '1']);
  });

  it('fits and plots the one station with stops recorded, the others still short of data', async () => {
    // L1's case feeder: running, then 14 stops of 0.5–2.9 minutes after 3–13 operating minutes.
    // Ingest stores the plant's site code as the Sparkplug group.
    const { plant } = await currentPlant(served.store.db);
    const row = machineEventRows('calibration-e2e', 'L1', plant.site.code);
    let at = Date.now() - 5 * 60 * MINUTE;
    const rows = [row(new Date(at), 'CF', 'State', 'running', true)];
    for (let i = 0; i < 14; i++) {
      at += (3 + ((i * 7) % 11)) * MINUTE;
      rows.push(row(new Date(at), 'CF', 'State/Reason', 'MICRO'));
      rows.push(row(new Date(at), 'CF', 'State', 'down'));
      at += (0.5 + ((i * 5) % 7) * 0.4) * MINUTE;
      rows.push(row(new Date(at), 'CF', 'State', 'running'));
    }
    await served.store.db.insert(machineEvents).values(rows);

    await page.goto('/twin/calibration?line=L1&days=1');
    await page.getByTestId('calibration-coverage').waitFor(POLL);
    const [feeder, ...others] = await stationRows(page);
    expect(feeder).toMatchObject({ line: 'L1', station: 'CF', fits: 2 });
    expect(feeder?.notes).toContain('Cycle time: not enough data');
    for (const other of others) expect(other.fits).toBe(0);

    const fits = page.locator(
      'tr[data-testid="calibration-station"][data-station="CF"] [data-testid="calibration-fit"]',
    );
    expect(
      await fits.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-verdict'))),
    ).toEqual([
      'none',
      expect.stringMatching(/^(not-)?rejected$/),
      expect.stringMatching(/^(not-)?rejected$/),
    ]);

    // The first fit there is is plotted: time between stops, then stop length from the table.
    const plots = page.getByTestId('calibration-plots');
    await plots.waitFor(POLL);
    expect(await plots.getAttribute('data-quantity')).toBe('uptime');
    await fits.locator('button').last().click();
    await expect.poll(() => plots.getAttribute('data-quantity'), POLL).toBe('repair');
    expect(new URL(page.url()).searchParams.get('quantity')).toBe('repair');
    for (const chart of ['calibration-histogram', 'calibration-qq']) {
      const drawn = page.getByTestId(chart);
      await drawn.locator('canvas').first().waitFor(POLL);
      await expect.poll(() => drawnCanvas(drawn), POLL).toBe(true);
    }
    // Every distribution is in the candidates table, the best first.
    const kinds = await page
      .getByTestId('calibration-candidates')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-kind')));
    expect([...kinds].sort()).toEqual(['exponential', 'gamma', 'lognormal', 'normal', 'weibull']);
    await page.screenshot({ path: path.join(SHOTS, 'twin-calibration.png'), fullPage: true });
  });
});

describe('twin calibration in Spanish', () => {
  let spanish: SignedInPage;

  beforeAll(async () => {
    await signInAs(served.app, served.store.db, 'rosa', ['planner']);
    spanish = await openSignedInPage(served, 'rosa', { language: 'es' });
  });

  afterAll(async () => {
    await spanish?.close();
    expect(spanish?.pageErrors ?? []).toEqual([]);
  });

  it('says what was measured, why the rest was not, and plots a fit, in Spanish', async () => {
    const es = spanish.page;
    // The stops stored by the test above are still in the window.
    await es.goto('/twin/calibration?line=L1&days=1');
    await es.getByRole('heading', { level: 1, name: 'Calibración' }).waitFor(POLL);
    expect(await es.getByTestId('calibration-coverage').textContent()).toMatch(
      /^Medido en el último día, de 7 estaciones: las paradas \(frecuencia y duración\) en 1,/,
    );
    const [feeder, other] = await stationRows(es);
    expect(feeder?.notes).toContain(
      'Tiempo de ciclo: no hay suficientes datos (0 observaciones, se necesitan 10)',
    );
    expect(other?.notes).toContain('No hay suficientes datos: nada registrado en el último día');
    const fits = es.locator(
      'tr[data-testid="calibration-station"][data-station="CF"] [data-testid="calibration-fit"]',
    );
    expect(await fits.first().textContent()).toBe('sin ajuste');
    expect(await fits.last().textContent()).toMatch(/ajuste (no )?rechazado$/);

    // The main action: plot the stop length from the table.
    await fits.locator('button').last().click();
    const plots = es.getByTestId('calibration-plots');
    await expect.poll(() => plots.getAttribute('data-quantity'), POLL).toBe('repair');
    expect(await plots.getByRole('heading', { level: 2 }).textContent()).toMatch(
      /^Duración de parada: L1 · CF/,
    );
    expect(await es.getByTestId('calibration-summary').textContent()).toMatch(
      /^14 observaciones \(cada observación es cuánto duró una parada.*\): media [\d,]+ (s|min)/,
    );
    const headers = await es
      .getByTestId('calibration-candidates')
      .locator('thead th')
      .allTextContents();
    expect(headers).toEqual([
      'Distribución',
      'AIC',
      'ΔAIC',
      'D de KS',
      'p de KS',
      'Prueba KS',
      'A²',
      'Media ajustada',
    ]);
    for (const chart of ['calibration-histogram', 'calibration-qq']) {
      const drawn = es.getByTestId(chart);
      await drawn.locator('canvas').first().waitFor(POLL);
      expect(await drawn.getAttribute('aria-label')).toContain('14 observaciones de duración');
    }
    const text = await visibleText(es);
    expect(text).not.toMatch(RAW_KEY);
    for (const english of ['Calibration', 'Not enough data', 'Stop length', 'observations'])
      expect(text).not.toContain(english);

    // A line with nothing recorded: the page says the twin cannot be calibrated from it.
    await es.getByTestId('calibration-filters').getByLabel('Línea').selectOption('L2');
    await es.getByTestId('calibration-uncalibrated').waitFor(POLL);
    expect(await es.getByTestId('calibration-uncalibrated').textContent()).toMatch(
      /^No hay suficientes datos de máquina para calibrar\. .*al menos 10 observaciones/,
    );
    await es.screenshot({ path: path.join(SHOTS, 'twin-calibration-es.png'), fullPage: true });
  });
});
