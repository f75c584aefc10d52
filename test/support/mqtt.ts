// A broker for one test file: the embedded aedes broker by default, or the
// MQTT broker named by LOTLINE_TEST_MQTT_URL (Mosquitto in CI), the way
// database.ts picks PGlite or PostgreSQL. Topics are shared on a real broker,
// so each test takes a Sparkplug group id of its own.
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/modules/telemetry/index.js';

export interface TestBroker {
  url: string;
  /** 'embedded' or the external broker's URL, for test names and messages. */
  kind: string;
  close(): Promise<void>;
}

export async function startTestBroker(): Promise<TestBroker> {
  const url = process.env.LOTLINE_TEST_MQTT_URL;
  if (url) return { url, kind: url, close: async () => {} };
  const broker: EmbeddedBroker = await startEmbeddedBroker();
  return { url: broker.url, kind: 'embedded', close: () => broker.stop() };
}

let groups = 0;

/** A Sparkplug group id no other test or test run uses. */
export function uniqueGroup(prefix = 'test'): string {
  groups += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${groups}`;
}
