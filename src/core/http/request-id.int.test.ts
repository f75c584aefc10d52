// Request ids end to end through the real app: generated or taken from the
// client, echoed in X-Request-Id, named in problem details, and carried by
// every log line the request writes.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signInAs } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { buildApp } from '../../app.js';
import type { Store } from '../db/store.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import type { App } from './server.js';

let store: Store;
let app: App;
let viewer: Session;
const lines: Record<string, unknown>[] = [];

beforeAll(async () => {
  store = await createReferenceStore();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  app = await buildApp({ store, logger: pino({ level: 'info' }, sink) });
  viewer = await signInAs(app, store.db, 'vic', ['viewer']);
});

afterAll(async () => {
  await app?.close();
  await store?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('gives every request a new id, echoed in X-Request-Id', async () => {
    const first = await app.inject({ method: 'GET', url: '/healthz' });
    const second = await app.inject({ method: 'GET', url: '/healthz' });
    const a = first.headers[REQUEST_ID_HEADER];
    const b = second.headers[REQUEST_ID_HEADER];
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it('keeps a sane id the client or proxy sent, and replaces one that is not', async () => {
    const kept = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { [REQUEST_ID_HEADER]: 'proxy-7f3a.42' },
    });
    expect(kept.headers[REQUEST_ID_HEADER]).toBe('proxy-7f3a.42');
    for (const bad of ['x'.repeat(200), 'two words', 'line\\nforged', '"quoted"']) {
      const replaced = await app.inject({
        method: 'GET',
        url: '/healthz',
        headers: { [REQUEST_ID_HEADER]: bad },
      });
      expect(replaced.headers[REQUEST_ID_HEADER], bad).toMatch(UUID);
    }
  });

  it('names the id in problem details: refused, invalid, unknown route', async () => {
    const refused = await app.inject({ method: 'GET', url: '/api/plant/lines' });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().requestId).toBe(refused.headers[REQUEST_ID_HEADER]);

    const invalid = await app.inject({
      method: 'GET',
      url: '/api/plant/capacity?year=nineteen',
      headers: { ...viewer.headers, [REQUEST_ID_HEADER]: 'bad-year-1' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers[REQUEST_ID_HEADER]).toBe('bad-year-1');
    expect(invalid.json()).toMatchObject({ requestId: 'bad-year-1', status: 400 });

    const missing = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().requestId).toBe(missing.headers[REQUEST_ID_HEADER]);
  });

  it('writes the id on every log line of the request', async () => {
    const id = 'trace-me-0001';
    lines.length = 0;
    const response = await app.inject({
      method: 'GET',
      url: '/api/plant/lines',
      headers: { ...viewer.headers, [REQUEST_ID_HEADER]: id },
    });
    expect(response.statusCode).toBe(200);
    const ofRequest = lines.filter((l) => l.requestId === id);
    // Fastify's own: the incoming request and its completion, with status and time.
    expect(ofRequest.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
    expect(ofRequest[1]).toMatchObject({ res: { statusCode: 200 } });
    // No line about a request goes without its id.
    expect(lines.filter((l) => l.req !== undefined || l.res !== undefined)).toEqual(
      lines.filter((l) => typeof l.requestId === 'string'),
    );
    expect(JSON.stringify(lines)).not.toContain(viewer.token);
  });
});
