import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  luaString,
  mergeWrkRuns,
  parseWrkOutput,
  runWrk,
  type WrkRequest,
  type WrkRun,
  wrkScript,
  wrkVersion,
} from './wrk.js';

describe('luaString', () => {
  it('writes printable ASCII as it is and every other byte as a decimal escape', () => {
    expect(luaString('GET /api/x?y=1')).toBe('"GET /api/x?y=1"');
    expect(luaString('say "hi"\\\n')).toBe('"say \\034hi\\034\\092\\010"');
    // é is two bytes in UTF-8.
    expect(luaString('é')).toBe('"\\195\\169"');
  });
});

describe('wrkScript', () => {
  const receipt: WrkRequest = {
    method: 'POST',
    path: '/api/genealogy/lots/receipts',
    headers: { cookie: 's=1' },
    body: { material: 'M-1', supplierLot: 'placeholder', quantity: 5 },
    fresh: 'receipt',
  };

  it('refuses an empty sequence and a move with nothing to draw from', () => {
    expect(() => wrkScript([], { part: 0, parts: 1, runId: 'r' })).toThrow(/at least one/);
    expect(() =>
      wrkScript([{ method: 'POST', path: '/m', headers: {}, fresh: 'move' }], {
        part: 0,
        parts: 1,
        runId: 'r',
      }),
    ).toThrow(/needs containers and destinations/);
  });

  it('splits a receipt body around its supplier lot, and paces only when given a rate', () => {
    const open = wrkScript([receipt], { part: 0, parts: 1, runId: 'r' });
    expect(open).toContain(luaString('{"material":"M-1","supplierLot":"'));
    expect(open).toContain(luaString('","quantity":5}'));
    expect(open).not.toContain('function delay()');
    const paced = wrkScript([receipt], { part: 1, parts: 2, runId: 'r', ratePerSecond: 1000 });
    expect(paced).toContain('function delay()');
    expect(paced).toContain('local interval_ms = 1000 / 1000');
  });
});

describe('mergeWrkRuns', () => {
  const run = (requests: number, valueUs: (i: number) => number, status = 0): WrkRun => ({
    requests,
    durationUs: 10_000_000,
    errors: { connect: 1, read: 0, write: 0, status, timeout: 2 },
    quantilesUs: Array.from({ length: 1000 }, (_, i) => valueUs(i + 1)),
  });

  it('adds the rates and pools the latencies by the requests each run answered', () => {
    // One run answers 3,000 requests in 1 ms each, the other 1,000 in 9 ms.
    const merged = mergeWrkRuns([run(3_000, () => 1_000), run(1_000, () => 9_000, 4)]);
    expect(merged.rps).toBe(400);
    expect(merged.requests).toBe(4_000);
    expect(merged.p50).toBe(1);
    expect(merged.p90).toBe(9);
    expect(merged.max).toBe(9);
    expect(merged).toMatchObject({ errors: 2, timeouts: 4, non2xx: 4 });
    expect(merged.statusCodes).toEqual({ '2xx/3xx': { count: 3_996 }, '4xx/5xx': { count: 4 } });
  });

  it('reads the p99 of a single run at its own 99th percentile', () => {
    const merged = mergeWrkRuns([run(10_000, (i) => i * 100)]);
    expect(merged.p50).toBe(50);
    expect(merged.p99).toBe(99);
  });

  it('says so when wrk printed no result', () => {
    expect(() => parseWrkOutput('Running 1s test @ http://x\n')).toThrow(/printed no result/);
  });
});

// The real client against a server that records what it was sent.
describe.skipIf(!wrkVersion())('runWrk with wrk installed', () => {
  const seen: { method: string; url: string; key?: string; body?: unknown }[] = [];
  const server = Fastify({ logger: false });
  let url = '';
  beforeAll(async () => {
    server.all('/*', async (request, reply) => {
      seen.push({
        method: request.method,
        url: request.url,
        key: request.headers['idempotency-key'] as string | undefined,
        body: request.body,
      });
      return reply.code(request.url === '/refused' ? 409 : 200).send({ ok: true });
    });
    url = await server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => server.close());

  const sequence: WrkRequest[] = [
    { method: 'GET', path: '/poll?line=L1', headers: { 'x-who': 'operator' } },
    {
      method: 'POST',
      path: '/scrap',
      headers: {},
      body: { quantity: 3, note: 'café' },
      fresh: 'command',
    },
    {
      method: 'POST',
      path: '/receipt',
      headers: {},
      body: { material: 'M-1', quantity: 5 },
      fresh: 'receipt',
    },
    {
      method: 'POST',
      path: '/move',
      headers: {},
      fresh: 'move',
      pool: { serials: ['C-1', 'C-2'], to: ['MAG-A'] },
    },
  ];

  it('sends the sequence in turn, each command with a key and a supplier lot of its own', async () => {
    seen.length = 0;
    const result = await runWrk({ urls: [url], requests: sequence, connections: 2, seconds: 1 });
    expect(result.requests).toBeGreaterThan(8);
    expect(result).toMatchObject({ errors: 0, timeouts: 0, non2xx: 0 });
    expect(new Set(seen.map((s) => s.url))).toEqual(
      new Set(['/poll?line=L1', '/scrap', '/receipt', '/move']),
    );
    const commands = seen.filter((s) => s.method === 'POST');
    const keys = commands.map((s) => s.key);
    expect(keys.every((k) => typeof k === 'string' && k.length >= 8)).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    expect(seen.find((s) => s.url === '/scrap')?.body).toEqual({ quantity: 3, note: 'café' });
    const lots = seen
      .filter((s) => s.url === '/receipt')
      .map((s) => s.body as { material: string; quantity: number; supplierLot: string });
    expect(lots[0]).toMatchObject({ material: 'M-1', quantity: 5 });
    expect(new Set(lots.map((l) => l.supplierLot)).size).toBe(lots.length);
    for (const move of seen.filter((s) => s.url === '/move')) {
      const body = move.body as { serials: string[]; to: string };
      expect(['C-1', 'C-2']).toContain(body.serials[0]);
      expect(body.to).toBe('MAG-A');
    }
  });

  it('never sends more than the rate it is given, over two servers', async () => {
    const result = await runWrk({
      urls: [url, url],
      requests: sequence,
      connections: 4,
      seconds: 2,
      overallRate: 100,
    });
    // 100 a second for as long as wrk ran (2 s and a little, on a busy
    // machine more), a slot at the start of each process's schedule; a
    // schedule that is behind does not catch up.
    expect(result.requests).toBeGreaterThan(0);
    expect(result.requests).toBeLessThanOrEqual(Math.ceil(100 * result.seconds) + 2);
  });

  it('counts answers of 400 and above as not 2xx', async () => {
    const result = await runWrk({
      urls: [url],
      requests: [{ method: 'GET', path: '/refused', headers: {} }],
      connections: 1,
      seconds: 1,
    });
    expect(result.non2xx).toBe(result.requests);
  });
});
