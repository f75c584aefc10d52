// The administrator's status page in a real browser, over a Lotline that
// ingests machine data from an embedded broker: the page is offered to the
// administrator only, shows its checks, and its figures move by themselves as
// machine data arrive.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createUser } from '../../src/core/auth/service.js';
import type { Store } from '../../src/core/db/store.js';
import type { App } from '../../src/core/http/server.js';
import { createProbes } from '../../src/core/status/probes.js';
import { currentPlant } from '../../src/modules/plant/index.js';
import {
  connectEdgeNode,
  type EmbeddedBroker,
  type Ingest,
  LineSimulator,
  startEmbeddedBroker,
  startIngest,
} from '../../src/modules/telemetry/index.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { createReferenceStore } from '../support/database.js';

const SHOTS = path.resolve('.tmp');
const ADMIN = { username: 'ada', password: 'status-e2e-admin-pass', displayName: 'Ada Admin' };
const VIEWER = { username: 'vic', password: 'status-e2e-viewer-pass', displayName: 'Vic Viewer' };
// An administrator of the plant who reads the app in Spanish.
const ADMIN_ES = {
  username: 'alba',
  password: 'status-e2e-admin-es-pass',
  displayName: 'Alba Rojas',
};
/** Text that looks like an i18n key left untranslated: "status:check.store.name". */
const RAW_KEY = /\b[a-z]+:[a-zA-Z_.]+\b/;

let store: Store;
let broker: EmbeddedBroker;
let ingest: Ingest;
let app: App;
let baseUrl: string;
let browser: Browser;
let group: string;

beforeAll(async () => {
  store = await createReferenceStore();
  broker = await startEmbeddedBroker();
  group = (await currentPlant(store.db)).plant.site.code;
  ingest = await startIngest({
    db: store.db,
    mqttUrl: broker.url,
    group,
    clientId: `lotline-ingest-status-e2e-${process.pid}`,
  });
  const probes = createProbes({ version: 'e2e', store });
  probes.machineData = { broker: broker.url, embedded: true, group, ingest };
  app = await buildApp({ store, logger: pino({ level: 'silent' }), probes });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the server has no address');
  baseUrl = `http://127.0.0.1:${address.port}`;
  await createUser(store.db, { ...ADMIN, roles: ['admin'] }, 'test');
  await createUser(store.db, { ...VIEWER, roles: ['viewer'] }, 'test');
  await createUser(store.db, { ...ADMIN_ES, roles: ['admin'] }, 'test');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await ingest?.stop();
  await broker?.stop();
  await store?.close();
});

async function pageAs(
  user: { username: string; password: string },
  language: 'en' | 'es' = 'en',
): Promise<Page> {
  const context = await openContext(browser, baseUrl, { language });
  await signIn(context, user.username, user.password, { language });
  return context.newPage();
}

const received = async (page: Page) =>
  Number((await page.getByTestId('status-received').textContent())?.replaceAll(',', ''));

describe('the status page', () => {
  it('is not offered to a viewer', async () => {
    const page = await pageAs(VIEWER);
    await page.goto('/floor');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await expect.poll(() => nav.getByRole('link').count()).toBeGreaterThan(0);
    expect(await nav.getByRole('link', { name: 'Status' }).count()).toBe(0);
    await page.goto('/admin/status');
    await expect.poll(() => page.getByTestId('status-page').count()).toBe(0);
    await page.context().close();
  });

  it('shows the administrator live figures that refresh by themselves', async () => {
    const page = await pageAs(ADMIN);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/floor');
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Status' })
      .click();
    await page.waitForURL('**/admin/status');
    const checks = page.getByTestId('status-checks');
    await checks.waitFor();
    await expect
      .poll(() => checks.locator('tr[data-check="store"] [data-state]').getAttribute('data-state'))
      .toBe('ok');
    expect(
      await checks.locator('tr[data-check="broker"] [data-state]').getAttribute('data-state'),
    ).toBe('ok');
    expect(await page.getByTestId('status-broker-connected').textContent()).toBe('yes');
    const before = await received(page);

    // A line comes on: births and a minute of data, ingested while the page is open.
    const { plant } = await currentPlant(store.db);
    const start = Date.parse('2027-03-15T10:00:00Z');
    const sim = new LineSimulator({ plant, line: 'L1', seed: 9, start });
    const edge = await connectEdgeNode({
      url: broker.url,
      group,
      node: 'L1',
      snapshot: () => sim.snapshot(),
    });
    try {
      await edge.publish(sim.advanceTo(start + 60_000));
      const published = ingest.stats().received;
      expect(published).toBeGreaterThan(before);
      // No reload: the page asks again on its own.
      await expect
        .poll(() => received(page), { timeout: 15_000 })
        .toBeGreaterThanOrEqual(published);
    } finally {
      await edge.close();
    }
    expect(await page.getByTestId('status-lag').textContent()).toMatch(/^\d+(\.\d+)? s$/);
    await page.screenshot({ path: path.join(SHOTS, 'status-page.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('speaks Spanish to an administrator who reads the app in Spanish', async () => {
    const page = await pageAs(ADMIN_ES, 'es');
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/floor');
    await page
      .getByRole('navigation', { name: 'Secciones' })
      .getByRole('link', { name: 'Estado del sistema' })
      .click();
    await page.waitForURL('**/admin/status');
    const checks = page.getByTestId('status-checks');
    await checks.waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(
      /^Estado del sistema (OK|Advertencia|Error)$/,
    );
    expect(await checks.locator('thead th').allTextContents()).toEqual([
      'Componente',
      'Estado',
      'Detalle',
    ]);
    // The server's judgement, worded again in Spanish from its figures.
    const storeRow = checks.locator('tr[data-check="store"]');
    expect(await storeRow.locator('td').first().textContent()).toBe('base de datos');
    expect(await storeRow.locator('td').last().textContent()).toMatch(
      /^(Integrada \(PGlite\)|Servidor PostgreSQL) responde en \d+(,\d+)? ms$/,
    );
    const broker = checks.locator('tr[data-check="broker"]');
    expect(await broker.locator('td').last().textContent()).toMatch(/^conectado a mqtt:\/\//);
    expect(await checks.locator('tr[data-check="dead letters"] td').last().textContent()).toBe(
      'ninguno en la última hora',
    );
    expect(await page.getByTestId('status-broker-connected').textContent()).toBe('sí');
    expect(await page.getByTestId('status-checked-at').textContent()).toMatch(
      /^Verificado .+; se actualiza cada 5 s/,
    );
    // Decimals with a comma, as es-VE writes them.
    await expect.poll(() => page.getByTestId('status-lag').textContent()).toMatch(/^\d+(,\d+)? s$/);
    expect(await page.getByTestId('status-uptime').textContent()).toMatch(/^\d+ min \d+ s$/);
    // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, hidden panels left out
    expect(await page.locator('body').innerText()).not.toMatch(RAW_KEY);
    await page.screenshot({ path: path.join(SHOTS, 'status-page-es.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
