// Production in a real browser: a planner plans and releases a work order on
// L3, a line operator runs it from the touch terminal (start, pause with a
// reason from the downtime tree, resume, scrap through the number pad,
// complete), and a viewer sees it without any command. Then the same in
// Spanish, the plant's own language, on L4: planned, released, started and
// scrapped through pages that read Spanish throughout.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/auth/service.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { type Served, serveReferencePlant } from './harness.js';

const POLL = { timeout: 10_000 };
const SHOTS = path.resolve('.tmp');

const PLANNER = { username: 'paula', password: 'plan-the-line-pass-1' };
const OPERATOR = { username: 'oscar', password: 'run-the-line-pass-1' };
const VIEWER = { username: 'victor', password: 'watch-the-line-pass-1' };

let served: Served;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];
/** The order the planner made; the later tests follow it. */
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

beforeAll(async () => {
  served = await serveReferencePlant();
  const people = [
    { ...PLANNER, displayName: 'Paula Planner', roles: ['planner' as const] },
    { ...OPERATOR, displayName: 'Oscar Operator', roles: ['line_operator' as const] },
    { ...VIEWER, displayName: 'Victor Viewer', roles: ['viewer' as const] },
  ];
  for (const person of people) await createUser(served.store.db, person, 'test');
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

const terminalState = (page: Page) => page.getByTestId('terminal-state').getAttribute('data-state');

/** No i18n key (production:list.title) shows on the page in place of its words. */
async function expectNoRawKeys(page: Page) {
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered, not hidden markup
  const text = await page.locator('body').innerText();
  expect(text.match(/\b[a-z]+:[a-zA-Z.]+\b/g) ?? []).toEqual([]);
}

describe('production', () => {
  it('a planner plans a work order on L3 through the form and releases it', async () => {
    const page = await pageFor(PLANNER);
    await page.goto('/production');
    await page.getByRole('heading', { level: 1, name: 'Work orders' }).waitFor();
    await page.getByRole('button', { name: 'Plan work order' }).click();
    const form = page.getByTestId('plan-work-order-form');
    await form.getByLabel('Line').selectOption('L3');
    // Only what L3 makes is offered.
    const products = await form.getByLabel('Product').locator('option').allTextContents();
    expect(products.slice(1).sort()).toEqual(['C762-BLANK', 'C762-TRACER']);
    await form.getByLabel('Product').selectOption('C762-TRACER');
    await form.getByLabel('Quantity').fill('48000');
    await form.getByRole('button', { name: 'Plan', exact: true }).click();

    await page.waitForURL('**/production/work-orders/*');
    const heading = page.getByTestId('work-order-number');
    await expect.poll(() => heading.textContent(), POLL).toMatch(/^WO-\d+/);
    expect(await page.getByTestId('wo-state').getAttribute('data-state')).toBe('planned');
    expect(await page.getByTestId('wo-quantity').textContent()).toBe('48,000');
    const commands = page.getByTestId('wo-commands');
    // A planner plans; running the line is the operator's.
    expect(await commands.getByRole('button').allTextContents()).toEqual([
      'Release',
      'Hold…',
      'Cancel order…',
    ]);

    await commands.getByRole('button', { name: 'Release' }).click();
    await expect
      .poll(() => page.getByTestId('wo-state').getAttribute('data-state'), POLL)
      .toBe('released');
    expect(await page.getByTestId('wo-history').textContent()).toContain('Planned → Released');
    expect(await commands.getByRole('button', { name: 'Start' }).count()).toBe(0);

    const id = page.url().split('/').at(-1) ?? '';
    const number = ((await heading.textContent()) ?? '').split(' ')[0] ?? '';
    order = { id, number };

    await page.goto('/production?line=L3');
    const row = page.getByTestId(`work-order-${number}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('C762-TRACER');
    expect(await row.textContent()).toContain('Released');
  });

  it('an operator runs it from the L3 terminal: start, pause, resume, scrap, complete', async () => {
    if (!order) throw new Error('the planner test did not make an order');
    const page = await pageFor(OPERATOR);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto('/production/terminal');
    await page.getByTestId('terminal-line-L3').click();
    await page.waitForURL('**/production/terminal/L3');

    await expect
      .poll(() => page.getByTestId('terminal-number').textContent(), POLL)
      .toBe(order.number);
    expect(await page.getByTestId('terminal-product').textContent()).toBe('C762-TRACER');
    expect(await page.getByTestId('terminal-quantity').textContent()).toBe('48,000');
    expect(await terminalState(page)).toBe('released');
    const actions = page.getByTestId('terminal-actions');
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Start']);
    await page.screenshot({ path: path.join(SHOTS, 'terminal-released-1280.png') });

    await actions.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => terminalState(page), POLL).toBe('running');
    expect(await actions.getByRole('button').allTextContents()).toEqual([
      'Pause',
      'Record scrap',
      'Complete',
    ]);
    // Every big button is at least 64 px tall.
    for (const box of await actions
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height))) {
      expect(box).toBeGreaterThanOrEqual(64);
    }
    await page.screenshot({ path: path.join(SHOTS, 'terminal-running-1280.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SHOTS, 'terminal-running-1024.png') });

    // Pause: the groups of the downtime tree, planned and unplanned apart, then the leaves.
    await actions.getByRole('button', { name: 'Pause' }).click();
    const picker = page.getByTestId('reason-picker');
    await picker.getByTestId('reason-groups').waitFor();
    expect(await picker.getByTestId('reason-PLN').getAttribute('class')).toContain(
      'reason--planned',
    );
    expect(await picker.getByTestId('reason-MECH').getAttribute('class')).toContain(
      'reason--unplanned',
    );
    await page.screenshot({ path: path.join(SHOTS, 'terminal-pause-groups-1024.png') });
    await picker.getByTestId('reason-MECH').click();
    await picker.getByTestId('reason-MECH-CS').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'terminal-pause-leaves-1024.png') });
    await picker.getByTestId('reason-MECH-CS').click();
    expect(await picker.getByTestId('reason-chosen').textContent()).toContain(
      'Avería en engarce y sellado',
    );
    await picker.getByLabel('Note (optional)').fill('crimp die cracked');
    await picker.getByTestId('confirm-pause').click();
    await expect.poll(() => terminalState(page), POLL).toBe('paused');
    await expect.poll(() => picker.count(), POLL).toBe(0);
    expect(await page.getByTestId('terminal-pause-reason').textContent()).toContain(
      'Avería en engarce y sellado',
    );
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(SHOTS, 'terminal-paused-1280.png') });

    // A double tap on Resume resumes once.
    await actions.getByRole('button', { name: 'Resume' }).dblclick();
    await expect.poll(() => terminalState(page), POLL).toBe('running');

    // Scrap through the number pad, with a reason.
    await actions.getByRole('button', { name: 'Record scrap' }).click();
    const pad = page.getByTestId('scrap-pad');
    for (const key of ['1', '2', '5']) {
      await pad.getByRole('button', { name: key, exact: true }).click();
    }
    await pad.getByRole('button', { name: 'Delete last digit' }).click();
    expect(await pad.getByTestId('scrap-quantity').textContent()).toBe('12');
    expect(await pad.getByTestId('confirm-scrap').isDisabled()).toBe(true);
    await pad.getByTestId('scrap-reason-SCR-CRIMP').click();
    await page.screenshot({ path: path.join(SHOTS, 'terminal-scrap-1280.png') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SHOTS, 'terminal-scrap-1024.png') });
    expect(await pad.getByTestId('confirm-scrap').textContent()).toBe('Record 12 scrap');
    await pad.getByTestId('confirm-scrap').click();
    await expect.poll(() => page.getByTestId('terminal-scrap').textContent(), POLL).toBe('12');
    // The pad closes once the answer is drawn; on a busy machine that is a moment later.
    await expect.poll(() => pad.count(), POLL).toBe(0);
    expect(await terminalState(page)).toBe('running');

    // Complete, after a confirmation.
    await actions.getByRole('button', { name: 'Complete' }).click();
    await page.getByTestId('confirm-complete-button').click();
    await expect.poll(() => terminalState(page), POLL).toBe('completed');
    await page.getByRole('button', { name: 'Next order' }).waitFor();
    await expect.poll(() => page.getByTestId('terminal-actions').count(), POLL).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'terminal-completed-1024.png') });

    // What the server kept: each step once, the pause with its reason, the scrap with its reason.
    const answer = await page.request.get(`/api/production/work-orders/${order.id}`);
    const saved = (await answer.json()) as {
      state: string;
      history: { command: string; reason?: string; note?: string }[];
      recordedScrap: number;
      recentScrap: { quantity: number; reason: string }[];
    };
    expect(saved.state).toBe('completed');
    expect(saved.history.map((t) => t.command)).toEqual([
      'create',
      'release',
      'start',
      'pause',
      'resume',
      'complete',
    ]);
    expect(saved.history[3]).toMatchObject({ reason: 'MECH-CS', note: 'crimp die cracked' });
    expect(saved.recordedScrap).toBe(12);
    expect(saved.recentScrap).toMatchObject([{ quantity: 12, reason: 'SCR-CRIMP' }]);
  });

  it('shows a refused command as a large banner with the problem detail', async () => {
    // A second order on L3, planned and released by the planner through the API.
    const planner = await pageFor(PLANNER);
    await planner.goto('/production');
    const second = await planner.evaluate(async () => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const headers = { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken };
      const planned = (await (
        await fetch('/api/production/work-orders', {
          method: 'POST',
          headers,
          body: JSON.stringify({ line: 'L3', product: 'C762-BLANK', quantity: 1000 }),
        })
      ).json()) as { id: string; number: string };
      await fetch(`/api/production/work-orders/${planned.id}/release`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      return { id: planned.id as string, number: planned.number as string };
    });

    const page = await pageFor(OPERATOR);
    await page.goto('/production/terminal/L3');
    await expect
      .poll(() => page.getByTestId('terminal-number').textContent(), POLL)
      .toBe(second.number);
    expect(await terminalState(page)).toBe('released');
    // Someone else starts it; this screen has not heard yet and still offers Start.
    await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      await fetch(`/api/production/work-orders/${id}/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: '{}',
      });
    }, second.id);
    await page.getByTestId('terminal-actions').getByRole('button', { name: 'Start' }).click();
    const banner = page.getByTestId('terminal-error');
    await banner.waitFor();
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await page.getByTestId('terminal-error-detail').textContent()).toContain(
      'allowed: pause, hold, record scrap, and complete',
    );
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: path.join(SHOTS, 'terminal-refused-1024.png') });
    // The screen catches up: the order is running now.
    await expect.poll(() => terminalState(page), POLL).toBe('running');
  });

  it('a viewer sees the work orders but no command buttons', async () => {
    if (!order) throw new Error('the planner test did not make an order');
    const page = await pageFor(VIEWER);
    await page.goto('/production');
    const row = page.getByTestId(`work-order-${order.number}`);
    await row.waitFor();
    expect(await row.textContent()).toContain('Completed');
    expect(await page.getByRole('button', { name: 'Plan work order' }).count()).toBe(0);

    await row.getByRole('link', { name: order.number }).click();
    await page.getByTestId('work-order-number').waitFor();
    expect(await page.getByTestId('wo-state').getAttribute('data-state')).toBe('completed');
    await page.getByTestId('no-commands').waitFor();
    expect(await page.getByTestId('wo-commands').count()).toBe(0);
    await page.getByTestId('wo-scrap').waitFor();
    expect(await page.getByTestId('wo-scrap').textContent()).toContain('SCR-CRIMP');
    expect(await page.getByTestId('wo-scrap-by-reason').textContent()).toContain('SCR-CRIMP');
    expect(await page.getByTestId('wo-history').textContent()).toContain('MECH-CS');
    await page.getByTestId('wo-events').waitFor();
    expect(await page.getByTestId('wo-events').textContent()).toContain(
      'work_order.scrap_recorded',
    );

    await page.goto('/production/terminal/L3');
    await page.getByTestId('terminal-order').waitFor();
    expect(await page.getByTestId('terminal-actions').count()).toBe(0);
  });
});

describe('production in Spanish', () => {
  it('a planner plans and releases an order on L4 in Spanish, with es-VE numbers', async () => {
    const page = await pageFor(PLANNER, 'es');
    await page.goto('/production');
    await page.getByRole('heading', { level: 1, name: 'Órdenes de trabajo' }).waitFor();
    await page.getByRole('button', { name: 'Planificar orden de trabajo' }).click();
    const form = page.getByTestId('plan-work-order-form');
    // The browser's own check is off: the form says what is missing, in Spanish.
    await form.getByRole('button', { name: 'Planificar', exact: true }).click();
    expect(await page.getByTestId('plan-error').textContent()).toBe('Elegir la línea.');
    await form.getByLabel('Línea').selectOption('L4');
    await form.getByLabel('Producto').selectOption('C762-BLANK');
    await form.getByLabel('Cantidad').fill('60000');
    await form.getByRole('button', { name: 'Planificar', exact: true }).click();

    await page.waitForURL('**/production/work-orders/*');
    await expect.poll(() => page.getByTestId('wo-quantity').textContent(), POLL).toBe('60.000');
    expect(await page.getByTestId('wo-state').textContent()).toBe('Planificada');
    const commands = page.getByTestId('wo-commands');
    expect(await commands.getByRole('button').allTextContents()).toEqual([
      'Liberar',
      'Retener…',
      'Cancelar orden…',
    ]);
    await commands.getByRole('button', { name: 'Liberar' }).click();
    await expect.poll(() => page.getByTestId('wo-state').textContent(), POLL).toBe('Liberada');
    const history = (await page.getByTestId('wo-history').textContent()) ?? '';
    expect(history).toContain('Liberación');
    expect(history).toContain('Planificada → Liberada');
    await page.getByTestId('wo-events').waitFor();
    expect(await page.getByTestId('wo-events').textContent()).toContain('Cambio de estado');
    await expectNoRawKeys(page);

    await page.goto('/production?line=L4');
    const count = page.getByRole('status').filter({ hasText: 'orden de trabajo' });
    await count.waitFor();
    expect(await count.textContent()).toBe('1 orden de trabajo, la más reciente primero.');
    expect(await page.getByTestId('work-orders-table').textContent()).toContain('Liberada');
    await expectNoRawKeys(page);
  });

  it('an operator starts it and records scrap at the L4 terminal in Spanish', async () => {
    const page = await pageFor(OPERATOR, 'es');
    await page.goto('/production/terminal');
    await page.getByRole('heading', { level: 1, name: 'Terminales de línea' }).waitFor();
    await page.getByTestId('terminal-line-L4').click();
    await page.waitForURL('**/production/terminal/L4');
    await expect.poll(() => terminalState(page), POLL).toBe('released');
    expect(await page.getByTestId('terminal-state').textContent()).toBe('Liberada');
    expect(await page.getByTestId('terminal-quantity').textContent()).toBe('60.000');
    const actions = page.getByTestId('terminal-actions');
    expect(await actions.getByRole('button').allTextContents()).toEqual(['Iniciar']);

    await actions.getByRole('button', { name: 'Iniciar' }).click();
    await expect.poll(() => terminalState(page), POLL).toBe('running');
    expect(await page.getByTestId('terminal-state').textContent()).toBe('En ejecución');
    expect(await actions.getByRole('button').allTextContents()).toEqual([
      'Pausar',
      'Registrar merma',
      'Completar',
    ]);

    // The downtime tree asks its question in Spanish; the reasons are the plant's own words.
    await actions.getByRole('button', { name: 'Pausar' }).click();
    const picker = page.getByTestId('reason-picker');
    await picker.getByRole('heading', { name: '¿Por qué se detiene la línea?' }).waitFor();
    expect(await picker.getByTestId('reason-MECH').textContent()).toContain('No planificada');
    await expectNoRawKeys(page);
    await picker.getByRole('button', { name: 'Cerrar' }).click();
    await expect.poll(() => picker.count(), POLL).toBe(0);

    await actions.getByRole('button', { name: 'Registrar merma' }).click();
    const pad = page.getByTestId('scrap-pad');
    await pad.getByRole('heading', { name: 'Registrar merma' }).waitFor();
    expect(await pad.getByTestId('confirm-scrap').textContent()).toBe('Ingresar la cantidad');
    for (const key of ['1', '2', '0', '0', '0']) {
      await pad.getByRole('button', { name: key, exact: true }).click();
    }
    expect(await pad.getByTestId('scrap-quantity').textContent()).toBe('12.000');
    expect(await pad.getByTestId('confirm-scrap').textContent()).toBe('Elegir el motivo');
    await pad.getByTestId('scrap-reason-SCR-CRIMP').click();
    expect(await pad.getByTestId('confirm-scrap').textContent()).toBe(
      'Registrar 12.000 unidades de merma',
    );
    await pad.getByTestId('confirm-scrap').click();
    await expect.poll(() => page.getByTestId('terminal-scrap').textContent(), POLL).toBe('12.000');
    await expect.poll(() => pad.count(), POLL).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'terminal-running-es-1280.png') });
    await expectNoRawKeys(page);
  });
});
