// The load the service fault tests run while they break PostgreSQL, the
// broker or the disk: a line's edge node publishing machine data at a steady
// rate (remembering each message the broker acknowledged), a stream of API
// writes with idempotency keys (remembering each one Lotline acknowledged),
// and the checks that everything acknowledged is stored exactly once.
import { readFileSync } from 'node:fs';
import { eq, inArray, sql } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { expect } from 'vitest';
import { type Running, startLotline } from '../../src/app.js';
import { loadConfig } from '../../src/core/config.js';
import type { Database } from '../../src/core/db/store.js';
import { readPlantText } from '../../src/modules/plant/index.js';
import { EdgeNodeMessages } from '../../src/modules/telemetry/edge-messages.js';
import {
  deadLetters,
  formatTopic,
  LineSimulator,
  lineState,
  machineEvents,
  messageKey,
  readMessage,
  stationState,
} from '../../src/modules/telemetry/index.js';
import { encodePayload, REBIRTH_METRIC } from '../../src/modules/telemetry/sparkplug.js';
import { createTestToken, createTestUser } from '../support/auth.js';
import { REFERENCE_PLANT } from '../support/database.js';

const plantRead = readPlantText(readFileSync(REFERENCE_PLANT, 'utf8'));
if (!plantRead.ok) throw new Error('the reference plant is not valid');
export const plant = plantRead.plant;
// Monday 15 March 2027, 06:00 in Caracas: shift A of the reference plant.
const SHIFT_A = Date.parse('2027-03-15T10:00:00Z');
const STEP_MS = 10_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds, or fails with `what` after `timeoutMs`. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

/** Lotline in this process, as `lotline start` runs it, against the given services. */
export function startLotlineWith(env: Record<string, string>): Promise<Running> {
  return startLotline(
    loadConfig({
      LOTLINE_PORT: '0',
      LOTLINE_LOG_LEVEL: 'silent',
      LOTLINE_PLANT_FILE: REFERENCE_PLANT,
      LOTLINE_SIMULATE: 'false',
      ...env,
    }),
  );
}

/**
 * A line's edge node (Sparkplug B over mqtt.js, QoS 1) that remembers the key
 * of every message the broker acknowledged. A lost connection ends its
 * session: the next one carries the next bdSeq and starts with births.
 */
export class AckedEdgeNode {
  /** Message keys (messageKey) of every message the broker sent a PUBACK for. */
  readonly acknowledged: string[] = [];
  /** Key → topic and seq, for a failure message. */
  readonly topics = new Map<string, string>();
  readonly simulator: LineSimulator;
  private readonly messages: EdgeNodeMessages;
  private bdSeq = 0;
  private t = SHIFT_A;
  private queue: Promise<void> = Promise.resolve();
  private running: Promise<void> | undefined;
  private stopping = false;
  private client!: MqttClient;
  publishFailures = 0;

  constructor(
    private readonly url: string,
    readonly group: string,
    readonly node = 'L1',
  ) {
    this.simulator = new LineSimulator({ plant, line: node, seed: 404, start: SHIFT_A });
    this.messages = new EdgeNodeMessages(group, node);
  }

  private will() {
    const death = this.messages.death(this.bdSeq, this.t);
    return {
      topic: formatTopic(death.topic),
      payload: Buffer.from(encodePayload(death.payload)),
      qos: 1 as const,
      retain: false,
    };
  }

  /** Publishes in order, one at a time, as seq demands. */
  private serial(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  private async send(batch: ReturnType<EdgeNodeMessages['data']>): Promise<void> {
    for (const { topic, payload } of batch) {
      const name = formatTopic(topic);
      const bytes = Buffer.from(encodePayload(payload));
      await this.client.publishAsync(name, bytes, { qos: 1 });
      const key = messageKey(name, bytes);
      this.acknowledged.push(key);
      this.topics.set(key, `${name} seq ${payload.seq ?? '-'}`);
    }
  }

  private rebirth(): Promise<void> {
    return this.serial(() =>
      this.send(this.messages.births(this.simulator.snapshot(), this.bdSeq)),
    );
  }

  async connect(): Promise<void> {
    this.client = await connectAsync(this.url, {
      clientId: `fault-edge-${this.group}`,
      clean: true,
      protocolVersion: 4,
      reconnectPeriod: 250,
      will: this.will(),
    });
    this.client.on('error', () => {});
    const commandTopic = formatTopic({ type: 'NCMD', group: this.group, node: this.node });
    this.client.on('message', (topic, bytes) => {
      if (topic !== commandTopic) return;
      const read = readMessage(topic, bytes);
      if (!read.ok || !('payload' in read.value)) return;
      const rebirthAlias = this.messages.rebirthAlias;
      const asked = read.value.payload.metrics.some(
        (m) =>
          (m.name === REBIRTH_METRIC || (m.alias !== undefined && m.alias === rebirthAlias)) &&
          m.value === true,
      );
      if (asked) void this.rebirth().catch(() => {});
    });
    this.client.on('close', () => {
      this.bdSeq = (this.bdSeq + 1) % 256;
      this.client.options.will = this.will();
    });
    this.client.on('connect', () => void this.rebirth().catch(() => {}));
    await this.client.subscribeAsync(commandTopic, { qos: 1 });
    await this.rebirth();
  }

  /** One step of the line: ten simulated seconds of changes. */
  step(): Promise<void> {
    this.t += STEP_MS;
    return this.serial(() => this.send(this.messages.data(this.simulator.advanceTo(this.t))));
  }

  /** Steps every `periodMs` until stop(); a step waits while the broker is away. */
  run(periodMs: number): void {
    this.running = (async () => {
      while (!this.stopping) {
        await this.step().catch(() => {
          this.publishFailures += 1;
        });
        await sleep(periodMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
    await this.queue;
  }

  async close(): Promise<void> {
    await this.stop();
    await this.client?.endAsync().catch(() => {});
  }
}

/** What an API call came back with: its status, or the network error. */
export interface Outcome {
  status: number | 'network';
  ms: number;
  body: unknown;
  retryAfter: string | null;
}

/**
 * Opens corrective maintenance requests, one after another, each with an
 * Idempotency-Key; a refused or failed call is sent again with the same key
 * until Lotline acknowledges it (201), as a client that keeps its keys does.
 */
export class RequestWriter {
  /** Idempotency key → the id of the order Lotline acknowledged for it. */
  readonly acknowledged = new Map<string, string>();
  readonly outcomes: Outcome[] = [];
  private stopping = false;
  private running: Promise<void> | undefined;
  private n = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly authorization: string,
    private readonly prefix: string,
  ) {}

  /** One POST; never throws. */
  async call(key: string): Promise<Outcome> {
    const started = Date.now();
    try {
      const response = await fetch(`${this.baseUrl}/api/maintenance/requests`, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ kind: 'corrective', line: 'L1', station: 'CF', title: key }),
        signal: AbortSignal.timeout(15_000),
      });
      const outcome: Outcome = {
        status: response.status,
        ms: Date.now() - started,
        body: await response.json().catch(() => undefined),
        retryAfter: response.headers.get('retry-after'),
      };
      return outcome;
    } catch (error) {
      return { status: 'network', ms: Date.now() - started, body: String(error), retryAfter: null };
    }
  }

  run(pauseMs: number): void {
    this.running = (async () => {
      while (!this.stopping) {
        this.n += 1;
        const key = `${this.prefix}-${String(this.n).padStart(5, '0')}`;
        // Stopping gives up on a key not yet acknowledged (it counts for nothing).
        while (!this.stopping) {
          const outcome = await this.call(key);
          this.outcomes.push(outcome);
          if (outcome.status === 201) {
            this.acknowledged.set(key, (outcome.body as { id: string }).id);
            break;
          }
          await sleep(100);
        }
        await sleep(pauseMs);
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }
}

/** An API token of a maintenance technician (may open requests and read everything). */
export async function technicianToken(db: Database): Promise<string> {
  const { user } = await createTestUser(db, 'fault-tech', ['maintenance_technician']);
  return (await createTestToken(db, user.id)).headers.authorization;
}

/** Every acknowledged request is stored once, with the id Lotline answered. */
export async function expectRequestsOnce(db: Database, writer: RequestWriter): Promise<void> {
  const rows = (await db.execute(
    sql`select document->>'title' as title, id::text as id
        from maintenance.work_orders where kind = 'corrective'`,
  )) as unknown as { rows: { title: string; id: string }[] };
  const byTitle = new Map<string, string[]>();
  for (const row of rows.rows) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.id]);
  const wrong: string[] = [];
  for (const [key, id] of writer.acknowledged) {
    const ids = byTitle.get(key) ?? [];
    if (ids.length !== 1 || ids[0] !== id)
      wrong.push(`${key}: stored as ${JSON.stringify(ids)}, acknowledged ${id}`);
  }
  expect(wrong).toEqual([]);
  expect(writer.acknowledged.size).toBeGreaterThan(0);
}

/**
 * Every message the edge node's broker acknowledged is in machine_events
 * exactly once (or, where `allowDeadLetters`, a dead letter instead — data
 * of a session the host had already replaced — never both), and the line's
 * and stations' counters are where the simulator says they are.
 */
export async function expectMachineDataOnce(
  db: Database,
  edge: AckedEdgeNode,
  options: { allowDeadLetters?: boolean } = {},
): Promise<{ stored: number; dead: number }> {
  const keys = [...new Set(edge.acknowledged)];
  const look = async () => {
    const stored = new Set<string>();
    const doubled: string[] = [];
    const rows = await db
      .select({ key: machineEvents.messageKey, metricIndex: machineEvents.metricIndex })
      .from(machineEvents)
      .where(eq(machineEvents.groupId, edge.group));
    const seen = new Set<string>();
    for (const row of rows) {
      const id = `${row.key}/${row.metricIndex}`;
      if (seen.has(id)) doubled.push(id);
      seen.add(id);
      stored.add(row.key);
    }
    const dead = new Set<string>();
    for (let i = 0; i < keys.length; i += 1_000) {
      const found = await db
        .select({ key: deadLetters.messageKey })
        .from(deadLetters)
        .where(inArray(deadLetters.messageKey, keys.slice(i, i + 1_000)));
      for (const row of found) dead.add(row.key);
    }
    const missing = keys.filter((k) => !stored.has(k) && !dead.has(k));
    return { stored, doubled, dead, missing };
  };
  // The last messages (births a rebirth request brought, say) may still be
  // on their way in when the counters already match.
  let seen = await look();
  const deadline = Date.now() + 20_000;
  while (seen.missing.length > 0 && Date.now() < deadline) {
    await sleep(250);
    seen = await look();
  }
  const { stored, doubled, dead, missing } = seen;
  expect(doubled).toEqual([]);
  expect(
    missing.map((k) => `${edge.topics.get(k)} (#${keys.indexOf(k)} of ${keys.length})`),
  ).toEqual([]);
  expect(keys.filter((k) => stored.has(k) && dead.has(k))).toEqual([]);
  if (!options.allowDeadLetters) expect(dead.size).toBe(0);

  const tally = edge.simulator.tally();
  const stations = await db.select().from(stationState).where(eq(stationState.groupId, edge.group));
  const byStation = new Map(stations.map((s) => [s.station, { good: s.good, reject: s.reject }]));
  for (const s of tally.stations) {
    expect(byStation.get(s.station), s.station).toEqual({ good: s.good, reject: s.reject });
  }
  const [line] = await db.select().from(lineState).where(eq(lineState.groupId, edge.group));
  expect(line).toMatchObject({ good: tally.good, reject: tally.reject });
  return { stored: stored.size, dead: dead.size };
}

/** The line's good count as the API shows it, or -1 while it cannot. */
export async function goodOnFloor(baseUrl: string, authorization: string): Promise<number> {
  try {
    const response = await fetch(`${baseUrl}/api/telemetry/line-states`, {
      headers: { authorization },
      signal: AbortSignal.timeout(5_000),
    });
    if (response.status !== 200) return -1;
    const lines = (await response.json()) as { line: string; good: number }[];
    return lines.find((l) => l.line === 'L1')?.good ?? -1;
  } catch {
    return -1;
  }
}
