// Refusals that happen before a route's handler (in the router or the body
// parser) are RFC 9457 problems like any other, and hostile input there is
// refused rather than crashing the process. Found by the API fuzz test.
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Session, signedHeaders, signInAs } from '../../../test/support/auth.js';
import { createTestStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../db/store.js';
import type { App } from './server.js';

let store: Store;
let app: App;
let admin: Session & { password: string };

beforeAll(async () => {
  store = await createTestStore();
  app = await buildApp({ store, logger: pino({ level: 'silent' }), webRoot: '/nonexistent' });
  await app.ready();
  admin = await signInAs(app, store.db, 'hostile-admin', ['admin']);
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    status,
    type: expect.any(String),
    code: expect.any(String),
  });
}

it('answers a path parameter beyond the router’s limit with a problem (414)', async () => {
  const response = await app.inject({
    method: 'GET',
    url: `/api/plant/materials/${'x'.repeat(500)}`,
    headers: admin.headers,
  });
  expectProblem(response, 414);
  expect(response.json()).toMatchObject({ code: 'fst_err_max_param_length' });
});

it('answers a badly percent-encoded path with a problem (400)', async () => {
  const response = await app.inject({
    method: 'GET',
    url: '/api/plant/materials/%E0%A4%A',
    headers: admin.headers,
  });
  expectProblem(response, 400);
});

it('refuses a deeply nested YAML body without composing it', async () => {
  for (const body of [
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    `site: ${'{a: '.repeat(1_000)}1${'}'.repeat(1_000)}`,
  ]) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/plant/revisions',
      headers: { ...signedHeaders(admin, admin.password), 'content-type': 'application/yaml' },
      payload: body,
    });
    expectProblem(response, 400);
    expect(response.json()).toMatchObject({ detail: expect.stringContaining('levels deep') });
  }
});

it('answers a plant revision number beyond the database’s integers with a problem (400)', async () => {
  const response = await app.inject({
    method: 'GET',
    url: '/api/plant/revisions/9007199254740949',
    headers: admin.headers,
  });
  expectProblem(response, 400);
});
