// The plant floor in a real browser: machine data published as Sparkplug B to
// the embedded broker, ingested, streamed to the page (server-sent events).
// A supervisor opens the app, lands on the floor, watches line L1's good
// counter move and its state change, opens the line page and sees the state
// timeline, the downtime Pareto and the running work order; the same pages
// read Spanish for a supervisor who speaks it; when the server goes away the
// page says the connection is lost.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/service.js';
import { currentPlant } from '../../src/modules/plant/index.js';
import { operationCalendarFor, shiftInstances } from '../../src/modules/production/index.js';
import { connectEdgeNode, type EdgeNode } from '../../src/modules/telemetry/index.js';
import type {
  LineSnapshot,
  MetricChange,
} from '../../src/modules/telemetry/simulator/line-model.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

// Generous: on a busy machine ingest, the poller and the page all share two cores.
const POLL = { timeout: 20_000 };
const SHOTS = path.resolve('.tmp');
const SUPERVISOR = { username: 'sofia', password: 'watch-the-floor-pass-1' };
const PLANNER = { username: 'pedro', password: 'plan-and-run-pass-1' };
const OUTPUT = 'PK';

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

/** L1's machines, as the test drives them: a packing station that counts. */
const l1 = { good: 0, reject: 0, state: 'running', reason: '', workOrder: '' };
let edge: EdgeNode | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
let order: { id: string; number: string } | undefined;

async function pageFor(
  user: { username: string; password: string },
  language: 'en' | 'es' = 'en',
): Promise<Page> {
  const context = await openContext(browser, served.baseUrl, { language });
  contexts.push(context);
  await signIn(context, user.username, user.password, { language });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

function snapshot(): LineSnapshot {
  return {
    line: 'L1',
    timestamp: Date.now(),
    node: [
      { name: 'Line/WorkOrder', datatype: 'String', value: l1.workOrder },
      { name: 'Line/Product', datatype: 'String', value: 'C762-BALL' },
    ],
    devices: [
      {
        device: OUTPUT,
        metrics: [
          { name: 'Counts/Good', datatype: 'UInt64', value: l1.good },
          { name: 'Counts/Reject', datatype: 'UInt64', value: l1.reject },
          { name: 'State', datatype: 'String', value: l1.state },
          { name: 'State/Reason', datatype: 'String', value: l1.reason },
        ],
      },
    ],
  };
}

/** The machines count on while the line runs: one good unit at L1's rated 84 a minute. */
function startCounting() {
  ticker = setInterval(() => {
    if (l1.state !== 'running' || !edge) return;
    l1.good += 1;
    const changes: MetricChange[] = [
      { device: OUTPUT, name: 'Counts/Good', value: l1.good, timestamp: Date.now() },
    ];
    edge.publish(changes).catch(() => {});
  }, 60_000 / 84);
}

async function setState(state: string, reason: string) {
  l1.state = state;
  l1.reason = reason;
  await edge?.publish([
    { device: OUTPUT, name: 'State', value: state, timestamp: Date.now() },
    { device: OUTPUT, name: 'State/Reason', value: reason, timestamp: Date.now() },
  ]);
}

beforeAll(async () => {
  served = await serveReferencePlant({ machineData: true });
  await createUser(
    served.store.db,
    { ...SUPERVISOR, displayName: 'Sofía Supervisora', roles: ['viewer'] },
    'test',
  );
  await createUser(
    served.store.db,
    { ...PLANNER, displayName: 'Pedro Planner', roles: ['planner', 'line_operator'] },
    'test',
  );
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  if (ticker) clearInterval(ticker);
  await edge?.close().catch(() => {});
  for (const context of contexts) await context.close();
  await browser?.close();
  await served?.close();
  // An uncaught exception in the app fails the file.
  expect(pageErrors).toEqual([]);
});

/** Whether a shift of L1's calendar is on now (in the plant's zone). */
async function inShiftNow(): Promise<boolean> {
  const { plant } = await currentPlant(served.store.db);
  const calendar = operationCalendarFor(plant, 'L1');
  if (!calendar.ok) throw new Error(calendar.error.message);
  const now = Date.now();
  const shifts = shiftInstances(calendar.value, { from: now, to: now + 1 });
  if (!shifts.ok) throw new Error(shifts.error.message);
  return shifts.value.some((s) => s.from <= now && now < s.to);
}

/** Whether L1's breakdown fell in a shift (then it is downtime; outside, off-shift time). */
let downInShift: boolean | undefined;

const goodOf = async (page: Page, line: string) =>
  Number(await page.getByTestId(`good-${line}`).getAttribute('data-value'));

/** No i18n key (floor:page.title) shows on the page in place of its words. */
async function expectNoRawKeys(page: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not hidden markup
  const text = await page.locator('body').innerText();
  expect(text.match(/\b[a-z]+:[a-zA-Z.]+\b/g) ?? []).toEqual([]);
}

describe('the plant floor', () => {
  it('a work order runs on L1 and its machines report', async () => {
    // Planned, released and started through the API, as the production pages would.
    const planner = await pageFor(PLANNER);
    await planner.goto('/production');
    order = await planner.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const planned = (await (
        await fetch('/api/production/work-orders', {
          method: 'POST',
          headers,
          body: JSON.stringify({ line: 'L1', product: 'C762-BALL', quantity: 50_000 }),
        })
      ).json()) as { id: string; number: string };
      for (const command of ['release', 'start']) {
        await fetch(`/api/production/work-orders/${planned.id}/${command}`, {
          method: 'POST',
          headers,
          body: '{}',
        });
      }
      return { id: planned.id, number: planned.number };
    });
    expect(order.number).toMatch(/^WO-/);

    const machines = served.machines;
    if (!machines) throw new Error('the harness started no machine side');
    l1.workOrder = order.number;
    edge = await connectEdgeNode({
      url: machines.mqttUrl,
      group: machines.group,
      node: 'L1',
      snapshot,
    });
    startCounting();
  });

  it('opens on the floor and shows L1 counting live', async () => {
    const page = await pageFor(SUPERVISOR);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/');
    await page.waitForURL('**/floor');
    await page.getByRole('heading', { level: 1, name: 'Plant floor' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Sections' });
    expect(await nav.getByRole('link', { name: 'Floor' }).getAttribute('aria-current')).toBe(
      'page',
    );

    // Every line of the plant has its tile; L2–L4 have not reported.
    for (const code of ['L1', 'L2', 'L3', 'L4'])
      await page.getByTestId(`floor-line-${code}`).waitFor();
    await page.getByTestId('no-data-L2').waitFor();
    expect(await page.getByTestId('state-L2').textContent()).toBe('No data');
    await expect
      .poll(() => page.getByTestId('live-status').getAttribute('data-status'), POLL)
      .toBe('live');

    const tile = page.getByTestId('floor-line-L1');
    await expect
      .poll(() => page.getByTestId('state-L1').getAttribute('data-state'), POLL)
      .toBe('running');
    expect(await page.getByTestId('state-L1').textContent()).toBe('Running');
    await expect
      .poll(() => page.getByTestId('work-order-L1').textContent(), POLL)
      .toBe(order?.number);
    expect(await page.getByTestId('product-L1').textContent()).toBe('C762-BALL');

    // The counter moves while the page is open, without a reload.
    await expect.poll(() => goodOf(page, 'L1'), POLL).toBeGreaterThan(0);
    const first = await goodOf(page, 'L1');
    await expect.poll(() => goodOf(page, 'L1'), POLL).toBeGreaterThan(first);
    expect(await page.getByTestId('good-L1').textContent()).toMatch(/^[\d,]+$/);
    // The rate follows within the refresh interval: about 84 a minute.
    await expect
      .poll(
        async () => Number.parseFloat((await page.getByTestId('rate-L1').textContent()) ?? ''),
        POLL,
      )
      .toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SHOTS, 'floor-running-1280.png') });

    // A breakdown shows at once, with its reason in words.
    downInShift = await inShiftNow();
    await setState('down', 'MECH-CS');
    await expect
      .poll(() => page.getByTestId('state-L1').getAttribute('data-state'), POLL)
      .toBe('down');
    expect(await page.getByTestId('state-L1').textContent()).toBe('Down');
    expect(await page.getByTestId('reason-L1').textContent()).toContain(
      'Avería en engarce y sellado',
    );
    expect(await tile.getAttribute('class')).toContain('floor-tile--stopped');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SHOTS, 'floor-down-1024.png') });
    await setState('running', '');
    await expect
      .poll(() => page.getByTestId('state-L1').getAttribute('data-state'), POLL)
      .toBe('running');
  });

  it('opens the line page with the state timeline, the downtime Pareto and the running order', async () => {
    const page = await pageFor(SUPERVISOR);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/floor');
    await page
      .getByTestId('floor-line-L1')
      .getByRole('link', { name: 'Line details of L1' })
      .click();
    await page.waitForURL('**/floor/lines/L1');
    await page.getByRole('heading', { level: 1, name: /Línea 1/ }).waitFor();
    await expect
      .poll(() => page.getByTestId('line-state').getAttribute('data-state'), POLL)
      .toBe('running');

    // The last 8 hours hold the breakdown whichever shift it is now.
    const choice = page.getByTestId('window-choice');
    await choice.getByText('Last 8 hours').click();
    expect(await choice.getByLabel('Last 8 hours').isChecked()).toBe(true);
    // The timeline has the line's states as intervals, and says them in words.
    const timeline = page.getByTestId('state-timeline');
    await timeline.waitFor(POLL);
    await expect
      .poll(async () => Number(await timeline.getAttribute('data-segments')), POLL)
      .toBeGreaterThan(0);
    expect(await timeline.getByRole('img').getAttribute('aria-label')).toMatch(
      /^States of line L1: /,
    );
    await page.getByTestId('state-legend').waitFor();

    // In a shift of the plant's calendar the breakdown is downtime and heads
    // the Pareto; outside the shifts the time is off shift, not downtime.
    if (downInShift === undefined) throw new Error('the floor test did not stop the line');
    if (downInShift) {
      await expect
        .poll(() => timeline.locator('g[data-state="down"]').count(), POLL)
        .toBeGreaterThan(0);
      const row = page.getByTestId('pareto-MECH-CS');
      await row.waitFor(POLL);
      expect(await row.textContent()).toContain('Avería en engarce y sellado');
      expect(
        await page.getByTestId('downtime-pareto').getByRole('columnheader').allTextContents(),
      ).toEqual(['Reason', 'Stops', 'Minutes', 'Share', 'Cumulative']);
    } else {
      await expect
        .poll(
          () => timeline.locator('g[data-state="off_shift"], g[data-state="running"]').count(),
          POLL,
        )
        .toBeGreaterThan(0);
      await page.getByTestId('downtime-pareto-empty').waitFor(POLL);
    }

    // The running order, with what the machines counted for it.
    await expect
      .poll(() => page.getByTestId('running-order-number').textContent(), POLL)
      .toBe(order?.number);
    await expect
      .poll(
        async () =>
          Number(
            ((await page.getByTestId('running-order-good').textContent()) ?? '').replaceAll(
              ',',
              '',
            ),
          ),
        POLL,
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('running-order').locator('progress').getAttribute('max')).toBe(
      '50000',
    );
    // The order's own page and the line's terminal show the same machine count
    // (the good units are the machines', never a figure the order keeps itself).
    const countOn = async (url: string) => {
      const other = await page.context().newPage();
      try {
        await other.goto(url);
        await expect
          .poll(
            async () =>
              Number(
                ((await other.getByTestId('machine-good').textContent()) ?? '').replaceAll(',', ''),
              ),
            POLL,
          )
          .toBeGreaterThan(0);
      } finally {
        await other.close();
      }
    };
    await countOn(`/production/work-orders/${order?.id}`);
    await countOn('/production/terminal/L1');
    // And each station.
    expect(await page.getByTestId(`station-state-${OUTPUT}`).textContent()).toContain('Running');
    await page.screenshot({ path: path.join(SHOTS, 'floor-line-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SHOTS, 'floor-line-1024.png'), fullPage: true });
  });

  it('reads Spanish: the floor and the line page, with es-VE numbers', async () => {
    const page = await pageFor(SUPERVISOR, 'es');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/floor');
    await page.getByRole('heading', { level: 1, name: 'Piso de planta' }).waitFor();
    expect(await page.getByTestId('state-L2').textContent()).toBe('Sin datos');
    expect(await page.getByTestId('no-data-L2').textContent()).toBe(
      'Aún no hay datos de máquina de esta línea.',
    );
    await expect.poll(() => page.getByTestId('live-status').textContent(), POLL).toBe('En vivo');
    await expect.poll(() => page.getByTestId('state-L1').textContent(), POLL).toBe('En marcha');
    expect(await page.getByTestId('floor-line-L1').textContent()).toContain('Produciendo');
    await expectNoRawKeys(page);
    await page.screenshot({ path: path.join(SHOTS, 'floor-es-1280.png') });

    await page
      .getByTestId('floor-line-L1')
      .getByRole('link', { name: 'Detalles de la línea de L1' })
      .click();
    await page.waitForURL('**/floor/lines/L1');
    await page.getByRole('heading', { level: 1, name: /Línea 1/ }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Estaciones' }).waitFor();
    const choice = page.getByTestId('window-choice');
    await choice.getByText('Últimas 8 horas').click();
    expect(await choice.getByLabel('Últimas 8 horas').isChecked()).toBe(true);
    const timeline = page.getByTestId('state-timeline');
    await timeline.waitFor(POLL);
    expect(await timeline.getByRole('img').getAttribute('aria-label')).toMatch(
      /^Estados de la línea L1: /,
    );
    if (downInShift) {
      await page.getByTestId('pareto-MECH-CS').waitFor(POLL);
      expect(
        await page.getByTestId('downtime-pareto').getByRole('columnheader').allTextContents(),
      ).toEqual(['Motivo', 'Paradas', 'Minutos', 'Proporción', 'Acumulado']);
    } else {
      expect(await page.getByTestId('downtime-pareto-empty').textContent()).toBe(
        'No hubo paradas en este periodo.',
      );
    }
    // The order's size in es-VE: a dot between the thousands.
    await expect
      .poll(() => page.getByTestId('running-order').textContent(), POLL)
      .toContain('de 50.000 buenas');
    expect(await page.getByTestId(`station-state-${OUTPUT}`).textContent()).toContain('En marcha');
    await expectNoRawKeys(page);
    await page.screenshot({ path: path.join(SHOTS, 'floor-line-es-1280.png'), fullPage: true });
  });

  it('says so when the connection is lost, and keeps the figures as last heard', async () => {
    const page = await pageFor(SUPERVISOR);
    await page.goto('/floor');
    await expect
      .poll(() => page.getByTestId('live-status').getAttribute('data-status'), POLL)
      .toBe('live');
    await expect.poll(() => goodOf(page, 'L1'), POLL).toBeGreaterThan(0);
    if (ticker) clearInterval(ticker);
    // The server shuts down: it ends the stream, and nothing answers after.
    await served.app.close();
    const status = page.getByTestId('live-status');
    await expect.poll(() => status.getAttribute('data-status'), POLL).toBe('lost');
    expect(await status.getAttribute('role')).toBe('alert');
    expect(await status.textContent()).toContain('Connection lost');
    expect(await goodOf(page, 'L1')).toBeGreaterThan(0);
    expect(await page.getByTestId('floor-grid').getAttribute('class')).toContain(
      'floor-grid--stale',
    );
    await page.screenshot({ path: path.join(SHOTS, 'floor-lost-1280.png') });
  });
});
