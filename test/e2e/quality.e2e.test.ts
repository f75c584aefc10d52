// Quality in a real browser. A finished lot is made through the HTTP API
// first: a work order on L1 started, the packer's good count written as
// machine data (3,500 units), the order completed. Then a QA inspector opens
// the lot's inspection from the quality dashboard and records every line of
// the plan on a tablet-sized screen — counts, pasted measurements, the range
// instrument's CSV for the velocity test, impacts typed, a function test —
// and completes it: accepted. The QA manager reads the evidence, releases the
// lot with the signature and downloads its certificate of conformance. A
// viewer sees the evidence but no decision to take. The lot's sampling
// streams show it in their history, and the length gauge's SPC alarm opens a
// nonconformance on the lot made on L1 at the time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineEvents } from '../../src/modules/telemetry/index.js';
import { type Session, signInAs, TEST_PASSWORD } from '../support/auth.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

const POLL = { timeout: 10_000 };
const SHOTS = path.resolve('.tmp');

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

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

/** The finished lot of C762-BALL the test inspects and releases. */
let lot = '';
let inspectionNumber = '';

beforeAll(async () => {
  served = await serveReferencePlant();
  const { app, store } = served;
  const planner = await signInAs(app, store.db, 'pablo', ['planner']);
  const operator = await signInAs(app, store.db, 'olga', ['line_operator']);
  const viewer = await signInAs(app, store.db, 'vic', ['viewer']);
  await signInAs(app, store.db, 'ines', ['qa_inspector']);
  await signInAs(app, store.db, 'quinn', ['qa_manager']);

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
  const output = made.find((l) => l.workOrderId === order.id);
  if (!output) throw new Error(`work order ${order.number} opened no output lot`);
  lot = output.number;

  // The packer (L1's output station) counts 3,500 good units: its birth, then one report.
  const started = Date.now();
  const row = (offsetMs: number, value: number, birth: boolean, key: string) => ({
    receivedAt: new Date(started + offsetMs),
    messageKey: `quality-e2e-${key}`,
    metricIndex: 0,
    messageType: birth ? 'DBIRTH' : 'DDATA',
    groupId: 'PLT-01',
    node: 'L1',
    device: 'PK',
    metric: 'Counts/Good',
    datatype: 'UInt64',
    valueNumber: value,
    birth,
    metricAt: new Date(started + offsetMs),
  });
  // The gauging station measures the overall length of every cartridge: 100 values around
  // 55.75 mm, of which the 16th subgroup of five drifts long — a point beyond the X̄ chart's limit.
  const gauge = Array.from({ length: 100 }, (_, i) => ({
    ...row(1 + i, 0, false, `oal-${i}`),
    device: 'GA',
    metric: 'Gauge/OAL',
    datatype: 'Double',
    valueNumber: Math.floor(i / 5) === 15 ? 55.9 : 55.75 + 0.02 * Math.sin(i * 1.7),
  }));
  await store.db
    .insert(machineEvents)
    .values([row(0, 0, true, 'birth'), ...gauge, row(200, 3500, false, 'count')]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await api(operator, 'POST', `/api/production/work-orders/${order.id}/complete`, {});
  const finished = await api(viewer, 'GET', `/api/genealogy/lots/${lot}`);
  expect(finished).toMatchObject({ status: 'quarantine', quantity: 3500 });

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

/** The element with the focus: its data-command, test id, or text. */
async function focused(page: Page): Promise<string> {
  const element = page.locator(':focus');
  return (
    (await element.getAttribute('data-command')) ??
    (await element.getAttribute('data-testid')) ??
    ((await element.textContent()) ?? '').trim()
  );
}

/**
 * What of the page reads as an i18n key rather than words: "quality:nav.quality", or "nav.quality" as
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

/** Waits until a line of the plan shows the verdict the server gave it. */
async function verdictOf(line: Locator): Promise<string | null> {
  return line.getByTestId('verdict').getAttribute('data-verdict');
}

/** `n` values cycling through `values`, one a line. */
const values = (n: number, cycle: readonly string[]) =>
  Array.from({ length: n }, (_, i) => cycle[i % cycle.length]).join('\n');

describe('quality: inspection, signed release and certificate', () => {
  it('has the QA inspector record every line of the lot’s inspection and complete it', async () => {
    const page = await pageFor('ines');
    // The inspection is entered on a tablet.
    await page.setViewportSize({ width: 1024, height: 1366 });
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Quality' })
      .click();
    await page.waitForURL('**/quality');
    const awaiting = page.getByTestId(`awaiting-${lot}`);
    await awaiting.waitFor(POLL);
    expect(await awaiting.textContent()).toContain('3,500');
    await page.screenshot({ path: path.join(SHOTS, 'quality-dashboard.png'), fullPage: true });
    await awaiting.locator('[data-command="open-inspection"]').click();

    await page.waitForURL('**/quality/inspections/IN-*');
    const heading = page.getByTestId('inspection-number');
    await expect.poll(() => heading.textContent(), POLL).toMatch(/^IN-\d{6}/);
    inspectionNumber = (/IN-\d{6,}/.exec((await heading.textContent()) ?? '') ?? [''])[0];
    expect(await heading.getByTestId('inspection-state').getAttribute('data-state')).toBe('open');
    // The plan, line by line: eight lines, none recorded, Complete not offered yet.
    const lines = ['OAL', 'MASS', 'CRIT-VIS', 'MAJ-VIS', 'MIN-VIS', 'VEL', 'DISP', 'FUNC'];
    for (const code of lines) await page.getByTestId(`line-${code}`).waitFor();
    expect(await page.getByTestId('missing-lines').textContent()).toBe(lines.join(''));
    const complete = page.getByTestId('inspection-commands').locator('[data-command="complete"]');
    expect(await complete.isDisabled()).toBe(true);
    // An attribute line shows its ISO 2859-1 plan: lot of 3,500 at level II is code letter L.
    const critical = page.getByTestId('line-CRIT-VIS');
    const plan = await critical.getByTestId('line-plan').textContent();
    expect(plan).toContain('Code letterL');
    expect(plan).toContain('Normal');
    expect(await page.getByTestId('line-VEL').getByTestId('line-plan').textContent()).toContain(
      '695–735 m/s',
    );

    // Attribute lines: the count found, with the verdict shown before it is recorded.
    for (const code of ['CRIT-VIS', 'MAJ-VIS']) {
      const line = page.getByTestId(`line-${code}`);
      await line.getByLabel(/Nonconforming units found/).fill('0');
      expect(await line.getByTestId('line-preview').textContent()).toMatch(/^Accept: 0 ≤ Ac \d+/);
      await line.locator('[data-command="record"]').click();
      await expect.poll(() => verdictOf(line), POLL).toBe('accepted');
    }
    // One minor defect, counted with the + button, recorded from the keyboard.
    const minor = page.getByTestId('line-MIN-VIS');
    await minor.getByRole('button', { name: 'One more' }).click();
    expect(await minor.getByLabel(/Nonconforming units found/).inputValue()).toBe('1');
    await minor.getByLabel(/Nonconforming units found/).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => verdictOf(minor), POLL).toBe('accepted');
    expect(await minor.getByTestId('line-summary').textContent()).toMatch(/^1 nonconforming in/);

    // Variable lines: 200 values each, pasted — OAL with decimal points, MASS with decimal commas.
    const oal = page.getByTestId('line-OAL');
    await oal.getByLabel(/Measured values/).fill(values(200, ['55.70', '55.75', '55.80']));
    expect(await oal.getByTestId('line-preview').textContent()).toContain(
      '200 of 200 measured · 0 outside 55.45–56 mm',
    );
    await oal.locator('[data-command="record"]').click();
    await expect.poll(() => verdictOf(oal), POLL).toBe('accepted');
    const mass = page.getByTestId('line-MASS');
    await mass.getByLabel(/Measured values/).fill(values(200, ['16,30', '16,35', '16,40']));
    expect(await mass.getByTestId('line-preview').textContent()).toContain('0 outside 16–16.7 g');
    await mass.locator('[data-command="record"]').click();
    await expect.poll(() => verdictOf(mass), POLL).toBe('accepted');

    // The velocity test from the range instrument's CSV export: a bad file is refused first.
    const vel = page.getByTestId('line-VEL');
    const bad = path.join(SHOTS, 'quality-vel-bad.csv');
    writeFileSync(bad, 'Disparo;Velocidad (m/s)\n1;rápido\n');
    await vel.getByTestId('range-csv').setInputFiles(bad);
    await expect
      .poll(() => vel.getByTestId('range-csv-error').textContent(), POLL)
      .toContain('is not a number');
    const csv = path.join(SHOTS, 'quality-vel.csv');
    // Spanish headers and decimal commas, as the reference plant's instrument writes them.
    writeFileSync(
      csv,
      `Disparo;Velocidad (m/s)\n${Array.from({ length: 20 }, (_, i) => `${i + 1};${i % 2 === 0 ? '718,0' : '712,0'}`).join('\n')}\n`,
    );
    await vel.getByTestId('range-csv').setInputFiles(csv);
    await expect.poll(() => verdictOf(vel), POLL).toBe('accepted');
    expect(await vel.getByTestId('line-summary').textContent()).toMatch(
      /^mean 715 m\/s within 695–735 m\/s; standard deviation [\d.]+ m\/s within at most 10 m\/s$/,
    );

    // Dispersion: the impacts typed, x y a line.
    const disp = page.getByTestId('line-DISP');
    const impacts = Array.from(
      { length: 20 },
      (_, i) => `${(Math.cos(i) * 3).toFixed(2)} ${(Math.sin(i) * 3).toFixed(2)}`,
    ).join('\n');
    await disp.getByLabel(/Impacts x y/).fill(impacts);
    expect(await disp.getByTestId('line-preview').textContent()).toMatch(
      /20 of 20 rounds · mean radius [\d.]+ ✓/,
    );
    await disp.locator('[data-command="record"]').click();
    await expect.poll(() => verdictOf(disp), POLL).toBe('accepted');

    // Function test: 200 rounds fired (the plan's), no failure.
    const func = page.getByTestId('line-FUNC');
    expect(await func.getByLabel('Rounds fired').inputValue()).toBe('200');
    await func.getByLabel(/^Failures/).fill('0');
    expect(await func.getByTestId('line-preview').textContent()).toContain('failures 0 ✓');
    await page.screenshot({ path: path.join(SHOTS, 'quality-inspection-entry.png') });
    await func.locator('[data-command="record"]').click();
    await expect.poll(() => verdictOf(func), POLL).toBe('accepted');

    // Every line recorded and accepted: Complete, from the keyboard.
    await expect
      .poll(() => page.getByTestId('verdict-so-far').textContent(), POLL)
      .toBe('Every line is accepted: completing accepts the lot.');
    expect(await page.getByTestId('missing-lines').count()).toBe(0);
    await complete.focus();
    expect(await focused(page)).toBe('complete');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => heading.getByTestId('inspection-state').getAttribute('data-state'), POLL)
      .toBe('accepted');
    expect(await page.getByTestId('inspection-outcome').textContent()).toContain(
      'waits for the QA manager’s signed decision',
    );
    // Its results are final: no entry is offered any more.
    expect(await page.getByTestId('line-entry').count()).toBe(0);
    expect(await page.getByTestId('inspection-commands').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'quality-inspection.png'), fullPage: true });
  });

  it('has the QA manager read the evidence, release the lot with a signature and download its certificate', async () => {
    expect(inspectionNumber).toMatch(/^IN-/);
    const page = await pageFor('quinn');
    await page.goto('/quality');
    const awaiting = page.getByTestId(`awaiting-${lot}`);
    await awaiting.waitFor(POLL);
    // Inspected and accepted: it waits for the decision, not for another inspection.
    await expect
      .poll(() => awaiting.getByTestId('inspection-state').getAttribute('data-state'), POLL)
      .toBe('accepted');
    expect(await awaiting.locator('[data-command="open-inspection"]').count()).toBe(0);
    await awaiting.getByRole('link', { name: 'Evidence and decision' }).click();
    await page.waitForURL(`**/quality/lots/${lot}`);

    // The evidence: the accepted inspection with its plan and results, no nonconformance.
    const evidence = page.getByTestId(`evidence-${inspectionNumber}`);
    await evidence.waitFor(POLL);
    expect(await evidence.getByTestId('inspection-state').getAttribute('data-state')).toBe(
      'accepted',
    );
    expect(await evidence.getByTestId('evidence-lines').locator('tbody tr').count()).toBe(8);
    const vel = await evidence.getByTestId('evidence-line-VEL').textContent();
    expect(vel).toContain('20 rounds · mean 695–735 m/s; standard deviation at most 10 m/s');
    expect(vel).toContain('mean 715 m/s within 695–735 m/s');
    expect(await evidence.getByTestId('evidence-line-CRIT-VIS').textContent()).toMatch(
      /n 200, Ac 0, Re 1 · normal · code L/,
    );
    expect(await page.getByTestId('no-nonconformances').count()).toBe(1);
    // The SPC alarms of L1's gauges while the lot was made: the drift, flagged by N1.
    const alarms = page.getByTestId('production-alarms');
    await alarms.waitFor(POLL);
    expect(await alarms.textContent()).toContain('Gauge/OAL');
    expect(await alarms.textContent()).toContain('N1');
    // Worded by the app from the alarm's rule, direction and run, not the server's English.
    expect(await alarms.textContent()).toMatch(
      /Point (above the upper|below the lower) control limit \(Nelson rule 1\)/,
    );
    expect(await alarms.locator('[lang="en"]').count()).toBe(0);
    expect(await page.getByTestId('release-readiness').textContent()).toContain('Releasable');
    expect(await page.getByTestId('no-dispositions').count()).toBe(1);
    expect(await page.getByTestId('certificate-link').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'quality-evidence.png'), fullPage: true });

    // Release, from the keyboard: the command, the dialog, then the signature.
    const release = page.getByTestId('disposition-commands').locator('[data-command="release"]');
    await release.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('disposition-dialog');
    await dialog.waitFor();
    // Focus starts in the (optional) reason.
    await page.keyboard.type('All lines accepted');
    await dialog.getByRole('button', { name: 'Review and sign…' }).click();
    await dialog.locator('form.signature').waitFor();
    expect(await dialog.getByTestId('signature-statement').textContent()).toContain(
      `Release: release lot ${lot} (C762-BALL, 3,500) on its inspection`,
    );
    expect(await dialog.getByLabel('Meaning of the signature').inputValue()).toBe('released');
    // A wrong password is refused, and nothing is released.
    await page.keyboard.type('not-my-password');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => dialog.getByTestId('signature-error').textContent(), POLL)
      .toMatch(/^Signature refused: the user name or the password is wrong/);
    await page.keyboard.type(TEST_PASSWORD);
    await page.screenshot({ path: path.join(SHOTS, 'quality-release-signature.png') });
    await page.keyboard.press('Enter');

    await expect
      .poll(
        () => page.getByTestId('lot-number').getByTestId('lot-status').getAttribute('data-status'),
        POLL,
      )
      .toBe('released');
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    expect(await page.getByTestId('disposition-done').textContent()).toContain('Released');
    const history = page.getByTestId('disposition-history');
    await history.waitFor(POLL);
    const row = await history.getByTestId('disposition-release').textContent();
    expect(row).toContain('Signed');
    expect(row).toContain(`inspection ${inspectionNumber}`);
    expect(row).toContain('All lines accepted');
    expect(row).toContain('quinn');
    // A released lot is held, not released again.
    const commands = page.getByTestId('disposition-commands');
    expect(await commands.locator('[data-command="release"]').count()).toBe(0);
    expect(await commands.locator('[data-command="hold"]').count()).toBe(1);

    // The certificate of conformance, downloaded.
    const link = page.getByTestId('certificate-link');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`CoC-${lot}.pdf`);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.screenshot({ path: path.join(SHOTS, 'quality-released.png'), fullPage: true });

    // The dashboard no longer lists the lot.
    await page.goto('/quality');
    await page.getByTestId('quality-counts').waitFor(POLL);
    expect(await page.getByTestId(`awaiting-${lot}`).count()).toBe(0);
  });

  it('draws the control chart of L1’s length gauge with its alarm and capability', async () => {
    const page = await pageFor('quinn');
    await page.goto('/quality');
    // The dashboard lists the alarm of the last 24 hours and leads to the chart.
    const recent = page.getByTestId('dashboard-spc-alarms');
    await recent.waitFor(POLL);
    expect(await recent.textContent()).toContain('N1');
    expect(await recent.textContent()).toMatch(/control limit \(Nelson rule 1\)/);
    await page.getByRole('link', { name: 'SPC charts' }).click();
    await page.waitForURL('**/quality/spc');
    // L1, Gauge/OAL, the last 24 hours, X̄ and R of five: the defaults.
    expect(await page.getByLabel('Line', { exact: true }).inputValue()).toBe('L1');
    expect(await page.getByLabel('Gauge metric', { exact: true }).inputValue()).toBe('Gauge/OAL');
    const chart = page.getByTestId('spc-chart');
    await chart.locator('canvas').first().waitFor(POLL);
    expect(await chart.getAttribute('data-points')).toBe('20');
    expect(Number(await chart.getAttribute('data-flagged'))).toBeGreaterThan(0);
    expect(await page.getByTestId('spc-facts').textContent()).toContain('Values charted100');
    const alarms = await page.getByTestId('spc-alarms').textContent();
    expect(alarms).toContain('N1');
    expect(alarms).toContain('X̄ — subgroup means (mm)');
    const capability = await page.getByTestId('spc-capability').textContent();
    expect(capability).toContain('Cpk');
    expect(capability).toContain('55.45 – 56 mm');
    await page.screenshot({ path: path.join(SHOTS, 'quality-spc-gauge.png'), fullPage: true });

    // Individuals and moving range, from the keyboard: the chart follows the choice.
    await page.getByLabel('Chart', { exact: true }).selectOption('i-mr');
    await expect.poll(() => chart.getAttribute('data-points'), POLL).toBe('100');

    // From the inspection results: one lot of SPEC-BALL-EJ so far.
    // The choice lives in the address: the radio shows it once the router has moved.
    const results = page.getByLabel('Inspection results (by lot)');
    await results.click();
    await expect.poll(() => results.isChecked(), POLL).toBe(true);
    await page.getByLabel('Specification', { exact: true }).selectOption('SPEC-BALL-EJ');
    await page.getByLabel('Characteristic or range test').selectOption('VEL');
    await expect
      .poll(() => page.getByTestId('spc-facts').textContent(), POLL)
      .toContain('CharacteristicVEL');
    expect(await page.getByTestId('spc-facts').textContent()).toContain('Lots1');
    // One lot is one point: no phase I limits, and the server's note says why.
    expect(await page.getByTestId('spc-notes').textContent()).toBe(
      'No chart: phase I limits need at least 2 points, and there is only 1.',
    );
    expect(await page.getByTestId('spc-no-chart').count()).toBe(1);
  });

  it('takes a nonconformance from opening through investigation and decision to its signed close', async () => {
    const page = await pageFor('quinn');
    await page.goto('/quality/nonconformances');
    await page.getByRole('button', { name: 'New nonconformance…' }).click();
    const form = page.getByTestId('new-nonconformance');
    await form.getByLabel('Title').fill('Case mouth scratches');
    await form.getByLabel('Lots').fill(lot);
    await form
      .getByLabel('What was found')
      .fill('Light scratches on 3 case mouths in the retained sample');
    await form.getByRole('button', { name: 'Open nonconformance' }).click();
    await page.waitForURL('**/quality/nonconformances/NC-*');
    const state = () =>
      page.getByTestId('nc-number').getByTestId('nc-state').getAttribute('data-state');
    await expect.poll(state, POLL).toBe('open');

    await page.getByLabel('Cause and extent').fill('Worn mouth-forming die; cosmetic only');
    await page.getByRole('button', { name: 'Record the investigation' }).click();
    await expect.poll(state, POLL).toBe('investigating');
    await page.getByLabel(/Use as is/).check();
    await page.getByLabel('Note').fill('Cosmetic; approved by the customer’s representative');
    await page.getByRole('button', { name: 'Decide' }).click();
    await expect.poll(state, POLL).toBe('decided');
    expect(await page.getByTestId('nc-decision').textContent()).toContain('Use as is');

    await page.getByTestId('nc-commands').locator('[data-command="close"]').click();
    const dialog = page.getByTestId('signature-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('Meaning of the signature').inputValue()).toBe('closed');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await expect.poll(state, POLL).toBe('closed');
    await expect.poll(() => dialog.count(), POLL).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'quality-nonconformance.png'), fullPage: true });
  });

  it('shows a viewer the evidence and the certificate, but no decision to take', async () => {
    const page = await pageFor('vic');
    await page.goto(`/quality/lots/${lot}`);
    await page.getByTestId(`evidence-${inspectionNumber}`).waitFor(POLL);
    await page.getByTestId('disposition-history').waitFor(POLL);
    const commands = page.getByTestId('disposition-commands');
    expect(await commands.getByRole('button').count()).toBe(0);
    expect(await commands.getByRole('button', { name: /Release/ }).count()).toBe(0);
    expect(await page.getByTestId('certificate-link').count()).toBe(1);
    // The inspection reads the same, without entry.
    await page.goto(`/quality/inspections/${inspectionNumber}`);
    await page.getByTestId('line-VEL').waitFor(POLL);
    expect(await page.getByTestId('line-entry').count()).toBe(0);
  });
});

describe('quality: switching history and a nonconformance from an SPC alarm', () => {
  it('opens a sampling stream’s history from the dashboard and finds the lot in it', async () => {
    expect(inspectionNumber).toMatch(/^IN-/);
    const page = await pageFor('ines');
    await page.goto('/quality');
    // Every stream of the lot stayed on normal: none is listed until asked for.
    const toggle = page.locator('[data-command="show-all-streams"]');
    await toggle.waitFor(POLL);
    expect(await page.getByTestId('all-normal').count()).toBe(1);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toMatch(/^Show all streams \(3 on normal\)$/);
    await toggle.click();
    const stream = page.getByTestId('stream-product:C762-BALL:major');
    await stream.waitFor(POLL);
    expect(await stream.getByTestId('severity').getAttribute('data-severity')).toBe('normal');
    await stream.getByRole('link', { name: 'C762-BALL, major defects' }).click();

    await page.waitForURL('**/quality/switching/product%3AC762-BALL%3Amajor');
    expect(await page.getByTestId('stream-name').textContent()).toBe('C762-BALL, major defects');
    const history = page.getByTestId('switching-history');
    await history.waitFor(POLL);
    const step = history.locator(`[data-lot="${lot}"]`);
    expect(await step.count()).toBe(1);
    expect(await step.getByTestId('step-result').getAttribute('data-accepted')).toBe('true');
    expect(await step.getByTestId('step-severity').textContent()).toBe('Normal');
    expect(await step.getByTestId('step-words').textContent()).toBe(
      'Accepted; stays on normal inspection.',
    );
    expect(await page.getByTestId('next-switch').textContent()).toContain(
      'Goes to tightened inspection when 2 of 5',
    );
    await page.screenshot({ path: path.join(SHOTS, 'quality-switching.png'), fullPage: true });
    // The lot leads to its evidence and decisions.
    await step.getByRole('link', { name: lot }).click();
    await page.waitForURL(`**/quality/lots/${lot}`);
    await page.getByTestId(`evidence-${inspectionNumber}`).waitFor(POLL);
  });

  it('opens a nonconformance from the gauge’s SPC alarm on the lot made at the time', async () => {
    const page = await pageFor('ines');
    await page.goto('/quality/spc');
    const alarms = page.getByTestId('spc-alarms');
    await alarms.waitFor(POLL);
    const alarm = alarms.locator('tbody tr', { hasText: 'N1' }).first();
    const message = ((await alarm.locator('td').nth(3).textContent()) ?? '').trim();
    expect(message).not.toBe('');
    await alarm.locator('[data-command="open-nonconformance"]').click();

    await page.waitForURL('**/quality/nonconformances?from=spc-gauge*');
    const form = page.getByTestId('new-nonconformance');
    await form.waitFor(POLL);
    expect(await form.getAttribute('data-source')).toBe('spc');
    expect(await form.getByLabel('Title').inputValue()).toBe(
      `SPC alarm on L1 Gauge/OAL: ${message}`,
    );
    const description = await form.getByLabel('What was found').inputValue();
    expect(description).toMatch(
      /^Nelson rule N1 \(beyond 3σ\) fired at .+ on the X̄ — subgroup means/,
    );
    expect(description).toContain('of Gauge/OAL on line L1, making C762-BALL');
    // The lot made on L1 when the alarm fired, ticked.
    const made = form.getByTestId(`alarm-lot-${lot}`).getByRole('checkbox');
    await made.waitFor(POLL);
    expect(await made.isChecked()).toBe(true);
    // The lots can be changed: with none left, the form says so and sends nothing.
    await made.uncheck();
    await form.getByRole('button', { name: 'Open nonconformance' }).click();
    expect(await form.getByTestId('new-nc-error').textContent()).toBe('Name at least one lot.');
    await made.check();
    await page.screenshot({ path: path.join(SHOTS, 'quality-nc-from-spc.png'), fullPage: true });
    await form.getByRole('button', { name: 'Open nonconformance' }).click();

    await page.waitForURL('**/quality/nonconformances/NC-*');
    await expect
      .poll(() => page.getByTestId('nc-source').getAttribute('data-source'), POLL)
      .toBe('spc');
    const number = (/NC-[\w-]+$/.exec(page.url()) ?? [''])[0];
    await page.goto('/quality/nonconformances');
    const row = page.getByTestId(`nc-${number}`);
    await row.waitFor(POLL);
    expect(await row.getByTestId('nc-source').getAttribute('data-source')).toBe('spc');
    expect(await row.getByTestId('nc-source').textContent()).toBe('SPC alarm');
    expect(await row.textContent()).toContain(`SPC alarm on L1 Gauge/OAL: ${message}`);
    expect(await row.getByRole('link', { name: lot }).count()).toBe(1);
  });

  it('offers the dashboard’s alarms too, and no viewer the action', async () => {
    const inspector = await pageFor('ines');
    await inspector.goto('/quality');
    const recent = inspector.getByTestId('dashboard-spc-alarms');
    await recent.waitFor(POLL);
    await recent
      .locator('tbody tr', { hasText: 'N1' })
      .first()
      .locator('[data-command="open-nonconformance"]')
      .click();
    await inspector.waitForURL('**/quality/nonconformances?from=spc-gauge*');
    const form = inspector.getByTestId('new-nonconformance');
    await form.getByTestId(`alarm-lot-${lot}`).waitFor(POLL);
    expect(await form.getByLabel('Title').inputValue()).toMatch(/^SPC alarm on L1 Gauge\/OAL: /);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => form.count(), POLL).toBe(0);
    expect(new URL(inspector.url()).search).toBe('');

    const viewer = await pageFor('vic');
    await viewer.goto('/quality/spc');
    await viewer.getByTestId('spc-alarms').waitFor(POLL);
    expect(await viewer.locator('[data-command="open-nonconformance"]').count()).toBe(0);
    await viewer.goto('/quality');
    await viewer.getByTestId('dashboard-spc-alarms').waitFor(POLL);
    expect(await viewer.locator('[data-command="open-nonconformance"]').count()).toBe(0);
  });
});

describe('quality in Spanish', () => {
  // One Spanish session for the whole pass: sign-ins from the browser are limited to 10 a minute.
  let page: Page;
  beforeAll(async () => {
    page = await pageFor('quinn', 'es');
  });

  it('shows the dashboard, the inspection and the SPC chart in Spanish', async () => {
    expect(inspectionNumber).toMatch(/^IN-/);
    await page.goto('/quality');
    await page.getByRole('heading', { level: 1, name: 'Calidad' }).waitFor(POLL);
    expect(await page.getByRole('link', { name: 'Gráficos de control' }).count()).toBe(1);
    const alarms = page.getByTestId('dashboard-spc-alarms');
    await alarms.waitFor(POLL);
    // The server's alarm, in the reader's words.
    expect(await alarms.textContent()).toContain(
      'Punto por encima del límite de control superior (regla de Nelson 1)',
    );
    expect(await page.getByTestId('all-normal').textContent()).toBe(
      'Todas las series de muestreo están en inspección normal.',
    );
    expect(await page.locator('[data-command="show-all-streams"]').textContent()).toBe(
      'Mostrar todas las series (3 en normal)',
    );
    expect(await rawKeys(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'quality-dashboard-es.png'), fullPage: true });

    await page.goto(`/quality/inspections/${inspectionNumber}`);
    const vel = page.getByTestId('line-VEL');
    await vel.waitFor(POLL);
    expect(await page.getByText('Inspección de aceptación de lote').count()).toBe(1);
    expect(await page.getByTestId('inspection-progress').textContent()).toContain(
      '8 de 8 líneas registradas',
    );
    // Numbers and dates in es-VE: a lot of 3.500, "26 nov. 2026, 4:14 p. m.".
    const facts = await page.getByTestId('inspection-facts').textContent();
    expect(facts).toContain('Tamaño del lote3.500');
    expect(facts).toMatch(/\d{1,2} [a-z]{3,4}\.? \d{4}, \d{1,2}:\d{2}\s?[ap]\.\s?m\./);
    expect(await vel.getByTestId('line-summary').textContent()).toMatch(
      /^media 715 m\/s, dentro de lo especificado \(695–735 m\/s\); desviación estándar [\d,]+ m\/s/,
    );
    expect(
      await page.getByTestId('line-MIN-VIS').getByTestId('line-summary').textContent(),
    ).toMatch(/^1 no conforme en \d+ \(Ac \d+, Re \d+, normal, código L, AQL [\d,]+\)$/);
    expect(
      await page.getByTestId('line-CRIT-VIS').getByTestId('line-plan').textContent(),
    ).toContain('Letra códigoL');
    expect(await rawKeys(page)).toEqual([]);

    await page.goto('/quality/spc');
    await page
      .getByRole('heading', { level: 1, name: 'Control estadístico de procesos' })
      .waitFor();
    expect(await page.getByLabel('Métrica del medidor', { exact: true }).inputValue()).toBe(
      'Gauge/OAL',
    );
    await page.getByTestId('spc-chart').locator('canvas').first().waitFor(POLL);
    expect(await page.getByTestId('spc-facts').textContent()).toContain('Valores graficados100');
    expect(await page.getByTestId('spc-alarms').textContent()).toContain(
      'X̄ — medias de subgrupo (mm)',
    );
    // A decimal comma: the specification's limits of 55.45–56 mm.
    expect(await page.getByTestId('spc-capability').textContent()).toContain('55,45 – 56 mm');
    expect(await rawKeys(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'quality-spc-es.png'), fullPage: true });

    // The server's notes in the reader's words, not marked as English.
    await page.goto('/quality/spc?source=results&spec=SPEC-BALL-EJ&ch=VEL');
    const note = page.getByTestId('spc-notes').locator('li');
    await note.waitFor(POLL);
    expect(await note.textContent()).toBe(
      'Sin gráfico: los límites de la fase I necesitan al menos 2 puntos, y solo hay 1.',
    );
    expect(await note.getAttribute('data-code')).toBe('no_chart_too_few_points');
    expect(await page.getByTestId('spc-notes').getAttribute('lang')).toBeNull();
    expect(await note.getAttribute('lang')).toBeNull();
  });

  it('holds the released lot in Spanish, with the reason asked for and the signature', async () => {
    await page.goto(`/quality/lots/${lot}`);
    await page.getByTestId('disposition-history').waitFor(POLL);
    expect(await page.getByTestId('lot-facts').textContent()).toContain('Cantidad3.500');
    expect(await page.getByTestId('certificate-link').textContent()).toBe(
      'Certificado de conformidad (PDF)',
    );
    const history = await page.getByTestId('disposition-release').textContent();
    expect(history).toContain('Liberado');
    expect(history).toContain(`inspección ${inspectionNumber}`);
    expect(await rawKeys(page)).toEqual([]);

    await page
      .getByTestId('disposition-commands')
      .getByRole('button', { name: 'Retener…' })
      .click();
    const dialog = page.getByTestId('disposition-dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading', { name: `Retener el lote ${lot}` }).count()).toBe(1);
    // A hold says why: the form asks for it before the signature.
    await dialog.getByRole('button', { name: 'Revisar y firmar…' }).click();
    expect(await dialog.getByTestId('disposition-error').textContent()).toContain(
      'Indicar por qué se retiene el lote.',
    );
    await dialog.getByLabel('Motivo').fill('Muestra de retención con rayas en la boca de la vaina');
    await dialog.getByRole('button', { name: 'Revisar y firmar…' }).click();
    await dialog.locator('form.signature').waitFor();
    expect(await dialog.getByTestId('signature-statement').textContent()).toContain(
      `retener el lote ${lot} (C762-BALL, 3.500)`,
    );
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await expect
      .poll(
        () => page.getByTestId('lot-number').getByTestId('lot-status').getAttribute('data-status'),
        POLL,
      )
      .toBe('on_hold');
    expect(await page.getByTestId('disposition-done').textContent()).toMatch(
      new RegExp(
        `^Retenido: el lote ${lot} ahora está .+\\. La firma y la evidencia se conservan abajo\\.$`,
      ),
    );
    // Held now: the hold can be lifted, or the lot rejected.
    const commands = page.getByTestId('disposition-commands');
    expect(await commands.getByRole('button', { name: 'Levantar retención…' }).count()).toBe(1);
    expect(await rawKeys(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'quality-hold-es.png'), fullPage: true });
  });

  it('lists the nonconformances and a stream’s history in Spanish', async () => {
    await page.goto('/quality/nonconformances');
    await page.getByRole('heading', { level: 1, name: 'No conformidades' }).waitFor();
    const table = page.getByTestId('nonconformances-table');
    await table.waitFor(POLL);
    const sources = await table.getByTestId('nc-source').allTextContents();
    expect(sources).toContain('Alarma CEP');
    expect(sources).toContain('Manual');
    expect(await table.getByTestId('nc-state').allTextContents()).toContain('Cerrada');
    // A new one by hand: with no lot named, the form says so in Spanish and sends nothing.
    await page.getByRole('button', { name: 'Nueva no conformidad…' }).click();
    const form = page.getByTestId('new-nonconformance');
    await form.getByLabel('Título').fill('Rayas en la boca de la vaina');
    await form.getByLabel('Qué se encontró').fill('Rayas leves en 3 vainas de la muestra');
    await form.getByRole('button', { name: 'Abrir no conformidad' }).click();
    expect(await form.getByTestId('new-nc-error').textContent()).toBe('Indicar al menos un lote.');
    await form.getByRole('button', { name: 'Cancelar' }).click();
    expect(await rawKeys(page)).toEqual([]);

    await page.goto('/quality/switching/product%3AC762-BALL%3Amajor');
    expect(await page.getByTestId('stream-name').textContent()).toBe('C762-BALL, defectos mayores');
    const step = page.getByTestId('switching-history').locator(`[data-lot="${lot}"]`);
    await step.waitFor(POLL);
    expect(await step.getByTestId('step-words').textContent()).toBe(
      'Aceptado; sigue en inspección normal.',
    );
    expect(await page.getByTestId('next-switch').textContent()).toContain(
      'Pasa a inspección rigurosa cuando 2 de 5',
    );
    expect(await rawKeys(page)).toEqual([]);
  });
});
