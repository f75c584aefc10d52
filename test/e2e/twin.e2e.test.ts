// The digital twin in a real browser. A planner opens Twin from the
// navigation, runs the rated scenario for 2027 (the twin makes the rated
// 70,329,600 within 0.02 %), then L1 out for eight weeks, and compares the
// two: the three charts are drawn, and the summary table under them (canvas
// pixels are not readable) has both runs, with less output and a lower OEE
// on L1 in the line-out run. Two replications a run keep it to seconds. Then a
// planner who reads Spanish sees the same page in Spanish, numbers in es-VE, and
// runs the rated scenario there too.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../support/auth.js';
import {
  openSignedInPage,
  type Served,
  type SignedInPage,
  serveReferencePlant,
} from './harness.js';

const POLL = { timeout: 10_000 };
/**
 * A replication takes a second or two of a core; two of them, and the request around them —
 * on a machine shared with other test runs, several times that.
 */
const RUN = { timeout: 90_000 };
const SHOTS = path.resolve('.tmp');
const RATED_2027 = 70_329_600;

let served: Served;
let browserSide: SignedInPage;
let page: Page;
let planner: Session;

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
type Json = { [key: string]: any };

async function api(url: string) {
  const response = await served.app.inject({ method: 'GET', url, headers: planner.headers });
  expect(response.statusCode, `GET ${url}: ${response.body}`).toBe(200);
  return response.json() as Json;
}

/** The run form's words in each language the test reads. */
const WORDS = {
  en: { replications: 'Replications', running: 'Running… (2 replications)', run: 'Run' },
  es: { replications: 'Réplicas', running: 'Corriendo… (2 réplicas)', run: 'Correr' },
} as const;

/** Fills the run form and runs two replications; resolves once the new run heads the list. */
async function runScenario(
  fill: (form: Locator) => Promise<void>,
  on: Page = page,
  words: (typeof WORDS)[keyof typeof WORDS] = WORDS.en,
) {
  const form = on.getByTestId('twin-run-form');
  await fill(form);
  await form.getByLabel(words.replications).fill('2');
  const before = await on.getByTestId('twin-run').count();
  const button = form.locator('[data-command="run-scenario"]');
  await button.click();
  // The request is synchronous: the button says what runs until the answer comes.
  await expect.poll(() => button.textContent(), POLL).toBe(words.running);
  // A refused run says why, in the form: the poll then fails with the reason.
  const error = on.getByTestId('twin-run-error');
  const outcome = async () =>
    (await error.count()) > 0
      ? `refused: ${await error.textContent()}`
      : on.getByTestId('twin-run').count();
  await expect.poll(outcome, RUN).toBe(before + 1);
  await expect.poll(() => button.textContent(), POLL).toBe(words.run);
  return on.getByTestId('twin-run').first();
}

/** A locale key path shown instead of its words ("twin:page.title"), anywhere on the page. */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.-]+\b/;

/** What a reader sees of the page's content (innerText: rendered, hidden text left out). */
const visibleText = (p: Page): Promise<string> =>
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
  p.locator('main').innerText();

interface SummaryRow {
  run: string;
  scenario: string;
  mean: number;
  low: number;
  high: number;
  totalText: string;
  lines: Record<string, { oee: number; produced: number; bottleneck: string }>;
}

/** The comparison's summary table, row by row. */
const summaryRows = (p: Page): Promise<SummaryRow[]> =>
  p
    .getByTestId('twin-compare-table')
    .locator('tr[data-testid="compare-run"]')
    .evaluateAll((rows) =>
      rows.map((row) => {
        const lines: Record<string, { oee: number; produced: number; bottleneck: string }> = {};
        for (const cell of row.querySelectorAll('[data-testid="line-oee"]')) {
          const line = cell.getAttribute('data-line') ?? '';
          const bottleneck = row.querySelector(
            `[data-testid="line-bottleneck"][data-line="${line}"]`,
          );
          lines[line] = {
            oee: Number(cell.getAttribute('data-oee')),
            produced: Number(cell.getAttribute('data-produced')),
            bottleneck: bottleneck?.getAttribute('data-station') ?? '',
          };
        }
        return {
          run: row.getAttribute('data-run') ?? '',
          scenario: row.getAttribute('data-scenario') ?? '',
          mean: Number(row.getAttribute('data-total-mean')),
          low: Number(row.getAttribute('data-total-low')),
          high: Number(row.getAttribute('data-total-high')),
          totalText: row.querySelector('[data-testid="total-mean"]')?.textContent ?? '',
          lines,
        };
      }),
    );

/** What the check reads of a canvas (the tests' TypeScript has no DOM types). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> };
  } | null;
}

/** The chart's canvas is there and has been drawn on (not all transparent). */
const drawnCanvas = (chart: Locator): Promise<boolean> =>
  chart
    .locator('canvas')
    .first()
    .evaluate((element) => {
      const canvas = element as unknown as CanvasLike;
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return true;
      return false;
    });

beforeAll(async () => {
  served = await serveReferencePlant();
  planner = await signInAs(served.app, served.store.db, 'tomas', ['planner']);
  mkdirSync(SHOTS, { recursive: true });
  browserSide = await openSignedInPage(served, 'tomas');
  page = browserSide.page;
});

afterAll(async () => {
  await browserSide?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(browserSide?.pageErrors ?? []).toEqual([]);
});

// Each test runs a scenario, which alone may take most of a run's timeout on a busy machine.
const TEST = { timeout: 3 * RUN.timeout };

describe('twin', TEST, () => {
  it('runs the rated scenario for 2027 and makes the rated capacity', async () => {
    await page.goto('/plant');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Twin' })
      .click();
    await page.waitForURL('**/twin');
    await page.getByRole('heading', { level: 1, name: 'Scenarios' }).waitFor();
    await page.getByTestId('twin-no-runs').waitFor(POLL);

    const latest = await runScenario(async (form) => {
      await form.getByLabel('Scenario').selectOption('rated');
      // Only the chosen scenario's own parameters are asked for.
      expect(await form.getByTestId('twin-params-line-out').count()).toBe(0);
      await form.getByLabel('Year').fill('2027');
    });
    expect(await latest.getAttribute('data-scenario')).toBe('rated');
    expect(await latest.getAttribute('data-year')).toBe('2027');
    expect(await latest.getByTestId('run-assumptions').textContent()).toBe('rated');
    await page.getByTestId('twin-run-result').waitFor(POLL);

    // With no runs of its own picked, the page compares the newest: this one.
    const table = page.getByTestId('twin-compare-table');
    await expect.poll(() => table.locator('tr[data-testid="compare-run"]').count(), POLL).toBe(1);
    const [rated] = await summaryRows(page);
    expect(rated?.scenario).toBe('rated');
    expect(rated?.totalText).toMatch(/^70,3\d\d,\d\d\d$/);
    expect(Math.abs((rated?.mean ?? 0) - RATED_2027) / RATED_2027).toBeLessThan(0.0002);
    expect(rated?.low).toBeLessThanOrEqual(rated?.mean ?? 0);
    expect(rated?.high).toBeGreaterThanOrEqual(rated?.mean ?? 0);
  });

  it('runs L1 out for eight weeks and compares it with the rated run', async () => {
    const form = page.getByTestId('twin-run-form');
    const latest = await runScenario(async () => {
      await form.getByLabel('Scenario').selectOption('line-out');
      const params = form.getByTestId('twin-params-line-out');
      await params.waitFor(POLL);
      await params.getByLabel('Line').selectOption('L1');
      await params.getByLabel('Weeks out').fill('8');
      await form.getByLabel('Year').fill('2027');
    });
    expect(await latest.getAttribute('data-scenario')).toBe('line-out');
    expect(await latest.textContent()).toContain('L1 out for 8 weeks');
    // The twin's station behaviour is stated with every run: placeholders until calibrated.
    expect(await latest.getByTestId('run-assumptions').textContent()).toBe('uncalibrated defaults');

    // Both runs are compared (the newest few are, until runs are ticked), oldest first.
    const table = page.getByTestId('twin-compare-table');
    await expect.poll(() => table.locator('tr[data-testid="compare-run"]').count(), POLL).toBe(2);
    const [rated, lineOut] = await summaryRows(page);
    expect(rated?.scenario).toBe('rated');
    expect(lineOut?.scenario).toBe('line-out');
    const runs = (await api('/api/twin/runs')) as unknown as Json[];
    expect(runs.map((r) => r.input.scenario)).toEqual(['line-out', 'rated']);
    expect(lineOut?.run).toBe(runs[0]?.id);
    expect(lineOut?.mean).toBe(runs[0]?.report.total.mean);

    // L1 was out for eight weeks: it made less, at a lower OEE, and so did the plant.
    const l1Rated = rated?.lines.L1;
    const l1Out = lineOut?.lines.L1;
    expect(l1Out?.produced).toBeLessThan(l1Rated?.produced ?? 0);
    expect(l1Out?.oee).toBeLessThan(l1Rated?.oee ?? 0);
    expect(lineOut?.mean).toBeLessThan(rated?.mean ?? 0);
    expect(Object.keys(lineOut?.lines ?? {})).toEqual(['L1', 'L2', 'L3', 'L4']);
    for (const line of Object.values(lineOut?.lines ?? {})) expect(line.bottleneck).not.toBe('');
    await page.getByTestId('twin-uncalibrated').waitFor(POLL);

    // The three charts are drawn on their canvases.
    for (const chart of ['twin-output-chart', 'twin-oee-chart', 'twin-station-chart']) {
      const drawn = page.getByTestId(chart);
      await drawn.locator('canvas').first().waitFor(POLL);
      await expect.poll(() => drawnCanvas(drawn), POLL).toBe(true);
      expect((await drawn.boundingBox())?.height, chart).toBeGreaterThan(200);
    }

    // The stations of L1 in the line-out run, chosen from the bottleneck table.
    const cell = page
      .getByTestId('twin-bottlenecks')
      .locator(`tr[data-line="L1"] td[data-run="${lineOut?.run}"] button`);
    await cell.click();
    const stations = page.getByTestId('twin-stations-table');
    await expect.poll(() => stations.getAttribute('data-run'), POLL).toBe(lineOut?.run);
    expect(await stations.getAttribute('data-line')).toBe('L1');
    expect(await stations.locator('tr.is-bottleneck').getAttribute('data-station')).toBe(
      l1Out?.bottleneck,
    );
    await page.screenshot({ path: path.join(SHOTS, 'twin-compare.png'), fullPage: true });

    // Unticking a run takes it out of the comparison, and the address keeps the choice.
    // The box follows the address, which the router updates after the click:
    // click, then wait for it to clear (uncheck() asserts at once and fails
    // on a busy machine).
    const ratedBox = page.locator(`tr[data-testid="twin-run"][data-run="${rated?.run}"] input`);
    await ratedBox.click();
    await expect.poll(() => ratedBox.isChecked(), POLL).toBe(false);
    await expect.poll(() => table.locator('tr[data-testid="compare-run"]').count(), POLL).toBe(1);
    expect(new URL(page.url()).searchParams.get('compare')).toBe(lineOut?.run);
  });
});

describe('the twin in Spanish', TEST, () => {
  let spanish: SignedInPage;

  beforeAll(async () => {
    await signInAs(served.app, served.store.db, 'rosa', ['planner']);
    spanish = await openSignedInPage(served, 'rosa', { language: 'es' });
  });

  afterAll(async () => {
    await spanish?.close();
    expect(spanish?.pageErrors ?? []).toEqual([]);
  });

  it('shows the runs, the form and the comparison in Spanish, numbers as es-VE writes them', async () => {
    const es = spanish.page;
    await es.goto('/twin');
    await es.getByRole('heading', { level: 1, name: 'Escenarios' }).waitFor(POLL);
    expect(await es.getByTestId('twin-calibration-link').textContent()).toBe(
      'Calibración con datos de máquina',
    );
    // The two runs made above, named and described in Spanish.
    await expect.poll(() => es.getByTestId('twin-run').count(), POLL).toBe(2);
    const [lineOut, rated] = await es
      .getByTestId('twin-run')
      .evaluateAll((rows) => rows.map((row) => row.textContent ?? ''));
    expect(lineOut).toContain('Línea fuera de servicio');
    expect(lineOut).toContain('L1 fuera de servicio 8 semanas');
    expect(lineOut).toContain('valores por defecto sin calibrar');
    expect(rated).toContain('Nominal');
    await es.getByTestId('twin-uncalibrated').waitFor(POLL);
    for (const heading of [
      'Comparación',
      'Producción anual',
      'OEE por línea',
      'Cuellos de botella',
    ])
      await es.getByRole('heading', { name: heading, exact: true }).waitFor(POLL);

    // The main action: run the rated year again, from the Spanish form.
    const latest = await runScenario(
      async (form) => {
        await form.getByLabel('Escenario', { exact: true }).selectOption('rated');
        await form.getByLabel('Año').fill('2027');
      },
      es,
      WORDS.es,
    );
    expect(await latest.getAttribute('data-scenario')).toBe('rated');
    expect(await latest.getByTestId('run-assumptions').textContent()).toBe('nominal');
    expect(await es.getByTestId('twin-run-result').textContent()).toMatch(
      /^Listo: Nominal 2027 — 2 réplicas en [\d,]+ s; la planta produce 70\.3\d\d\.\d\d\d al año/,
    );
    // The newest three runs are compared; the rated ones read 70.3xx.xxx, as es-VE writes it.
    const table = es.getByTestId('twin-compare-table');
    await expect.poll(() => table.locator('tr[data-testid="compare-run"]').count(), POLL).toBe(3);
    const totals = await table.getByTestId('total-mean').allTextContents();
    expect(totals.filter((text) => /^70\.3\d\d\.\d\d\d$/.test(text))).toHaveLength(2);
    const chart = es.getByTestId('twin-output-chart');
    expect(await chart.getAttribute('aria-label')).toMatch(/^Producción anual de 3 corridas/);

    const text = await visibleText(es);
    expect(text).not.toMatch(RAW_KEY);
    for (const english of ['Run a scenario', 'Replications', 'Output a year', 'Bottlenecks'])
      expect(text).not.toContain(english);
    await es.screenshot({ path: path.join(SHOTS, 'twin-compare-es.png'), fullPage: true });
  });
});
