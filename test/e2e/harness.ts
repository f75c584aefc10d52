// What the browser tests share: an in-process Lotline over a fresh reference
// store, serving the built web app on a free port; on request also the plant
// floor's machine side (an embedded MQTT broker and ingest, as `npm start`
// runs them), so that a test can publish machine data and watch the pages.
import pino from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Store } from '../../src/core/db/store.js';
import type { App } from '../../src/core/http/server.js';
import { currentPlant } from '../../src/modules/plant/index.js';
import {
  type EmbeddedBroker,
  type Ingest,
  startEmbeddedBroker,
  startIngest,
} from '../../src/modules/telemetry/index.js';
import { type Session, TEST_PASSWORD } from '../support/auth.js';
import { launchBrowser, openContext, signIn } from '../support/browser.js';
import { createReferenceStore } from '../support/database.js';

export interface MachineSide {
  /** The broker to publish Sparkplug B to. */
  mqttUrl: string;
  /** The Sparkplug group of the plant (its site code, as `npm start` has it). */
  group: string;
}

export interface Served {
  store: Store;
  app: App;
  baseUrl: string;
  /** Present when asked for with `machineData: true`. */
  machines?: MachineSide;
  close(): Promise<void>;
}

export async function serveReferencePlant(
  options: { demo?: boolean; machineData?: boolean } = {},
): Promise<Served> {
  const store = await createReferenceStore();
  const app = await buildApp({
    store,
    logger: pino({ level: 'silent' }),
    ...(options.demo ? { demo: true } : {}),
  });
  let broker: EmbeddedBroker | undefined;
  let ingest: Ingest | undefined;
  let machines: MachineSide | undefined;
  if (options.machineData) {
    const { plant } = await currentPlant(store.db);
    broker = await startEmbeddedBroker();
    const group = plant.site.code;
    ingest = await startIngest({
      db: store.db,
      mqttUrl: broker.url,
      group,
      clientId: `lotline-ingest-e2e-${process.pid}`,
      // As src/app.ts: a line's good output is what its last station passes.
      outputStation: (line) => plant.lines.find((l) => l.code === line)?.stations.at(-1)?.code,
      stationOrder: (line) => plant.lines.find((l) => l.code === line)?.stations.map((s) => s.code),
    });
    machines = { mqttUrl: broker.url, group };
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the server has no address');
  let closing: Promise<void> | undefined;
  return {
    store,
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    ...(machines ? { machines } : {}),
    close: () => {
      closing ??= (async () => {
        await ingest?.stop();
        await broker?.stop();
        await app.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/** A browser signed in to the served app, its page's uncaught errors collected (a test file asserts there are none). */
export interface SignedInPage {
  readonly page: Page;
  readonly pageErrors: string[];
  close(): Promise<void>;
}

export async function openSignedInPage(
  served: Served,
  username: string,
  options: { language?: 'en' | 'es' } = {},
): Promise<SignedInPage> {
  const browser: Browser = await launchBrowser();
  const context: BrowserContext = await openContext(browser, served.baseUrl, options);
  await signIn(context, username, TEST_PASSWORD, options);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    page,
    pageErrors,
    async close() {
      await context.close();
      await browser.close();
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies, read field by field
export type Json = { [key: string]: any };

/**
 * Sets up a browser test's data through the served app's API, as a signed-in
 * user (or with other headers): a call that is not answered with a 2xx fails
 * the test, naming the call and the answer.
 */
export async function callApi(
  served: Served,
  session: Session,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = session.headers,
): Promise<Json> {
  const response = await served.app.inject({
    method,
    url,
    headers,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  return response.json() as Json;
}
