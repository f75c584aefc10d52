// The live plant floor end to end: machine data published to a real broker
// (aedes, or LOTLINE_TEST_MQTT_URL), ingested into a real database (PGlite, or
// LOTLINE_TEST_DATABASE_URL), and read from GET /api/telemetry/live by an HTTP
// client over a real socket, as a browser's EventSource would.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, type Session, signIn } from '../../../test/support/auth.js';
import { createReferenceStore } from '../../../test/support/database.js';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import { authRoutes } from '../../core/auth/routes.js';
import { DEFAULT_AUTH_POLICY, systemClock } from '../../core/auth/service.js';
import type { Store } from '../../core/db/store.js';
import { type App, buildServer } from '../../core/http/server.js';
import { type Ingest, startIngest } from './ingest.js';
import { LiveFloor, type LiveLine, type LiveMessage } from './live.js';
import { connectEdgeNode, type EdgeNode } from './publisher.js';
import { type LiveStreamOptions, telemetryRoutes } from './routes.js';
import type { LineSnapshot, MetricChange } from './simulator/line-model.js';

// The floor's clock reads Monday 15 March 2027, 08:00 in Caracas (shift A of
// the reference plant, 06:00–14:00) and runs on from there; the machine data
// are stamped by the same clock.
const OFFSET = Date.parse('2027-03-15T12:00:00Z') - Date.now();
const clock = () => Date.now() + OFFSET;
const OUTPUT = 'PK';

let broker: TestBroker;
let store: Store;
let app: App;
let ingest: Ingest;
let baseUrl: string;
let supervisor: Session;
const group = uniqueGroup('live');

beforeAll(async () => {
  broker = await startTestBroker();
  store = await createReferenceStore();
  ingest = await startIngest({
    db: store.db,
    mqttUrl: broker.url,
    group,
    clientId: `lotline-ingest-${group}`,
    outputStation: (line) => (line.startsWith('L') ? OUTPUT : undefined),
  });
  ({ app, baseUrl } = await serveFloor({
    now: clock,
    rateMs: 200,
    shiftFiguresMs: 200,
    heartbeatMs: 1_000,
  }));
  await createTestUser(store.db, 'sup', ['viewer']);
  supervisor = await signIn(app, 'sup');
});

let closed = false;

/** A server with sign-in and the telemetry routes, listening on a free port. */
async function serveFloor(options: LiveStreamOptions): Promise<{ app: App; baseUrl: string }> {
  const auth = { db: store.db, policy: DEFAULT_AUTH_POLICY, clock: systemClock };
  const served = await buildServer({
    logger: pino({ level: 'silent' }),
    readiness: async () => {},
    version: 'test',
    webRoot: '/nonexistent-web-root',
    auth,
    modules: [
      { prefix: '/api', plugin: authRoutes({ context: auth, demo: false }) },
      { prefix: '/api/telemetry', plugin: telemetryRoutes(store.db, options) },
    ],
  });
  await served.listen({ host: '127.0.0.1', port: 0 });
  const address = served.server.address();
  if (typeof address !== 'object' || !address) throw new Error('the server has no address');
  return { app: served, baseUrl: `http://127.0.0.1:${address.port}` };
}

afterAll(async () => {
  if (!closed) await app?.close();
  await ingest?.stop();
  await store?.close();
  await broker?.close();
});

/** A server-sent event as the browser's EventSource hands it over. */
interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** Reads a text/event-stream response event by event (the parsing of the SSE spec, abridged). */
function eventReader(response: Response) {
  const body = response.body;
  if (!body) throw new Error('the response has no body');
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queue: SseEvent[] = [];
  let ended = false;
  const pump = async () => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = { event: 'message', data: '' };
      let hasData = false;
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue; // a comment
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event.event = text;
        if (field === 'id') event.id = text;
        if (field === 'data') {
          event.data = hasData ? `${event.data}\n${text}` : text;
          hasData = true;
        }
      }
      if (hasData) queue.push(event);
      end = buffer.indexOf('\n\n');
    }
  };
  return {
    /** The next event that satisfies the condition; earlier ones are dropped. */
    async next(what: string, accept: (event: SseEvent) => boolean, ms = 20_000): Promise<SseEvent> {
      const deadline = Date.now() + ms;
      for (;;) {
        while (queue.length > 0) {
          const event = queue.shift() as SseEvent;
          if (accept(event)) return event;
        }
        if (ended) throw new Error(`the stream ended before ${what}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await pump();
      }
    },
    /** Resolves when the server ends the stream. */
    async ended(): Promise<void> {
      while (!ended) await pump();
    },
    cancel: () => reader.cancel(),
  };
}

const openLive = (headers: Record<string, string>, base = baseUrl) =>
  fetch(`${base}/api/telemetry/live`, { headers: { accept: 'text/event-stream', ...headers } });

const ourLine = (lines: readonly LiveLine[], code: string) =>
  lines.find((l) => l.group === group && l.line === code);

/** The line of ours in a snapshot or line event, if the event carries it. */
function lineIn(event: SseEvent, code: string): LiveLine | undefined {
  if (event.event === 'snapshot') {
    return ourLine((JSON.parse(event.data) as { lines: LiveLine[] }).lines, code);
  }
  if (event.event === 'line') {
    const { line } = JSON.parse(event.data) as { line: LiveLine };
    return line.group === group && line.line === code ? line : undefined;
  }
  return undefined;
}

/** A line with one station (its output, PK) whose counters the test sets. */
async function lineEdge(code: string, start: number) {
  const values = { good: 0, reject: 0, state: 'running' };
  const snapshot = (): LineSnapshot => ({
    line: code,
    timestamp: start,
    node: [
      { name: 'Line/WorkOrder', datatype: 'String', value: `WO-LIVE-${code}` },
      { name: 'Line/Product', datatype: 'String', value: 'C762-BALL' },
    ],
    devices: [
      {
        device: OUTPUT,
        metrics: [
          { name: 'Counts/Good', datatype: 'UInt64', value: values.good },
          { name: 'Counts/Reject', datatype: 'UInt64', value: values.reject },
          { name: 'State', datatype: 'String', value: values.state },
          { name: 'State/Reason', datatype: 'String', value: '' },
        ],
      },
    ],
  });
  const edge: EdgeNode = await connectEdgeNode({
    url: broker.url,
    group,
    node: code,
    snapshot,
    now: clock,
  });
  return {
    edge,
    async count(good: number, reject: number, at: number) {
      const changes: MetricChange[] = [];
      if (good !== values.good) {
        changes.push({ device: OUTPUT, name: 'Counts/Good', value: good, timestamp: at });
      }
      if (reject !== values.reject) {
        changes.push({ device: OUTPUT, name: 'Counts/Reject', value: reject, timestamp: at });
      }
      values.good = good;
      values.reject = reject;
      await edge.publish(changes);
    },
    async state(state: string, reason: string, at: number) {
      values.state = state;
      await edge.publish([
        { device: OUTPUT, name: 'State', value: state, timestamp: at },
        { device: OUTPUT, name: 'State/Reason', value: reason, timestamp: at },
      ]);
    },
  };
}

describe('GET /api/telemetry/live', () => {
  it('is closed to anonymous callers (401) and to a user without production.read (403)', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/api/telemetry/live' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ code: 'unauthorized' });

    await createTestUser(store.db, 'nobody', []);
    const nobody = await signIn(app, 'nobody');
    const refused = await app.inject({
      method: 'GET',
      url: '/api/telemetry/live',
      headers: { cookie: nobody.headers.cookie },
    });
    expect(refused.statusCode).toBe(403);
    // The same over a socket: a refusal is an ordinary problem answer, not a stream.
    const overSocket = await openLive({ cookie: nobody.headers.cookie });
    expect(overSocket.status).toBe(403);
    expect(overSocket.headers.get('content-type')).toContain('application/problem+json');
    expect(await overSocket.json()).toMatchObject({ code: 'permission_denied' });
  });

  it('sends a snapshot, then each change of a line within a second of publishing', async () => {
    const response = await openLive({ cookie: supervisor.headers.cookie });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    const events = eventReader(response);
    try {
      // Nothing of this group is known yet: the snapshot comes without it.
      const first = await events.next('the snapshot', (e) => e.event === 'snapshot');
      expect(
        ourLine((JSON.parse(first.data) as { lines: LiveLine[] }).lines, 'L1'),
      ).toBeUndefined();

      // L1 was born ten minutes ago with nothing counted, and has run since.
      const born = clock() - 10 * 60_000;
      const l1 = await lineEdge('L1', born);
      // The NBIRTH and the DBIRTH may be committed apart: wait for the station's state.
      const seen = await events.next('L1 born', (e) => lineIn(e, 'L1')?.state === 'running');
      expect(lineIn(seen, 'L1')).toMatchObject({
        state: 'running',
        good: 0,
        reject: 0,
        workOrder: 'WO-LIVE-L1',
        product: 'C762-BALL',
      });

      const latencies: number[] = [];
      let good = 0;
      let reject = 0;
      for (let step = 1; step <= 5; step++) {
        good += 84;
        reject += step % 2;
        const published = performance.now();
        await l1.count(good, reject, clock());
        const update = await events.next(
          `L1 at ${good} good`,
          (e) => lineIn(e, 'L1')?.good === good,
        );
        latencies.push(performance.now() - published);
        expect(lineIn(update, 'L1')).toMatchObject({ good, reject });
        expect(Number(update.id)).toBeGreaterThan(Number(first.id));
      }
      console.info(
        `live stream (${store.kind}, ${broker.kind}): publish → event ${latencies.map((ms) => ms.toFixed(0)).join(', ')} ms`,
      );

      // The rate and the shift figures follow within the refresh interval:
      // 420 good since the birth before the 5-minute window, all inside it.
      const derived = await events.next('the rate and the shift', (e) => {
        const line = lineIn(e, 'L1');
        return line?.ratePerMinute === 84 && line.shift !== null;
      });
      // Shift A from 06:00 (10:00Z): the line reported from ten minutes ago
      // on, so the two hours before are available but unused; OEE =
      // PRU × good / PBT with PRU = 1/84 min (ISO 22400-2, see kpi.ts).
      const shift = lineIn(derived, 'L1')?.shift;
      expect(shift).toMatchObject({
        shift: 'A',
        day: '2027-03-15',
        from: '2027-03-15T10:00:00.000Z',
        to: '2027-03-15T18:00:00.000Z',
        good: 420,
        scrap: 3,
      });
      const pbtMinutes = (clock() - Date.parse('2027-03-15T10:00:00Z')) / 60_000;
      expect(shift?.oee).toBeCloseTo(420 / 84 / pbtMinutes, 3);
      expect(shift?.qualityRatio).toBeCloseTo(420 / 423, 6);
      expect(shift?.availability).toBeLessThan(0.1);

      // A stop with its reason.
      await l1.state('down', 'MECH-CS', clock());
      const down = await events.next('L1 down', (e) => lineIn(e, 'L1')?.state === 'down');
      expect(lineIn(down, 'L1')).toMatchObject({ state: 'down', reason: 'MECH-CS', good });
      expect(lineIn(down, 'L1')?.stations).toMatchObject([
        { station: OUTPUT, state: 'down', reason: 'MECH-CS', good, reject },
      ]);

      // A quiet floor still sends its heartbeat.
      await events.next('a heartbeat', (e) => e.event === 'heartbeat', 5_000);
      await l1.edge.close();
      await events.next('L1 offline', (e) => lineIn(e, 'L1')?.state === 'offline');
    } finally {
      await events.cancel();
    }
  });

  it('ends a stream after its lifetime, saying so, so that the browser reconnects through the access check', async () => {
    const short = await serveFloor({ maxStreamMs: 500 });
    try {
      const events = eventReader(
        await openLive({ cookie: supervisor.headers.cookie }, short.baseUrl),
      );
      await events.next('the snapshot', (e) => e.event === 'snapshot');
      const end = await events.next('the end', (e) => e.event === 'end');
      expect(JSON.parse(end.data)).toEqual({ reason: 'renew' });
      await events.ended();
    } finally {
      await short.app.close();
    }
  });

  it('ends open streams when the server shuts down, so that shutting down does not wait on them', async () => {
    const response = await openLive({ cookie: supervisor.headers.cookie });
    const events = eventReader(response);
    await events.next('the snapshot', (e) => e.event === 'snapshot');
    await app.close();
    closed = true;
    const end = await events.next('the end', (e) => e.event === 'end');
    expect(JSON.parse(end.data)).toEqual({ reason: 'shutdown' });
    await events.ended();
  });
});

describe('the live floor poller', () => {
  it('hands on only the lines that changed', async () => {
    const l2 = await lineEdge('L2', clock());
    const l3 = await lineEdge('L3', clock());
    // The rate and shift figures are taken once (their intervals are long),
    // so that only machine data change the lines from then on.
    const hour = 3_600_000;
    const floor = new LiveFloor({
      db: store.db,
      pollMs: 50,
      rateMs: hour,
      shiftFiguresMs: hour,
      now: clock,
    });
    const latest = new Map<string, LiveLine>();
    const received: LiveMessage[] = [];
    const stop = floor.watch((message) => {
      received.push(message);
      const lines = message.type === 'snapshot' ? message.lines : [message.line];
      for (const line of lines) if (line.group === group) latest.set(line.line, line);
    });
    try {
      await waitFor('L2 and L3 with their shift', () =>
        ['L2', 'L3'].every((code) => latest.get(code)?.shift),
      );
      expect(received[0]?.type).toBe('snapshot');
      received.length = 0;
      await l2.count(5, 0, clock());
      await waitFor('L2 at 5', () => latest.get('L2')?.good === 5);
      await l2.count(9, 1, clock());
      await waitFor('L2 at 9', () => latest.get('L2')?.good === 9);
      const sent = received.map((m) => (m.type === 'line' ? `${m.line.line}` : m.type));
      expect(sent.length).toBeGreaterThanOrEqual(2);
      expect(new Set(sent)).toEqual(new Set(['L2']));
    } finally {
      stop();
      await floor.close();
      await l2.edge.close();
      await l3.edge.close();
    }
  });

  it('runs only while someone watches, and hands each watcher a snapshot first', async () => {
    const floor = new LiveFloor({ db: store.db, pollMs: 50, now: clock });
    expect(floor.running).toBe(false);
    const first: LiveMessage[] = [];
    const stopFirst = floor.watch((m) => first.push(m));
    expect(floor.running).toBe(true);
    const second: LiveMessage[] = [];
    const stopSecond = floor.watch((m) => second.push(m));
    await waitFor('both snapshots', () => first.length > 0 && second.length > 0);
    expect(first[0]?.type).toBe('snapshot');
    expect(second[0]?.type).toBe('snapshot');
    stopFirst();
    expect(floor.running).toBe(true);
    stopSecond();
    await waitFor('the poller to stop', () => !floor.running);
    expect(floor.watchers).toBe(0);
    await floor.close();
    expect(() => floor.watch(() => {})).toThrow(/closed/);
  });
});

async function waitFor(what: string, condition: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
