// The ingest's MQTT connection against a real broker (aedes, or
// LOTLINE_TEST_MQTT_URL): a PUBACK leaves only when the message is
// acknowledged and every message before it was, so what was not acknowledged
// comes again to the next connection of the session.
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker, uniqueGroup } from '../../../test/support/mqtt.js';
import { createSubscriber, type Delivery } from './subscriber.js';

let broker: TestBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});

afterAll(async () => {
  await broker?.close();
});

async function waitFor(what: string, condition: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('subscriber', () => {
  it('holds each PUBACK until its message and those before it are acknowledged', async () => {
    const topic = `${uniqueGroup('sub')}/data`;
    const clientId = `sub-${topic.replace(/\W/g, '')}`;
    const got: Delivery[] = [];
    const first = createSubscriber({
      url: broker.url,
      clientId,
      filter: topic,
      onMessage: (d) => got.push(d),
    });
    await first.start();
    const publisher = await connectAsync(broker.url, { clientId: `${clientId}-pub`, clean: true });
    try {
      for (const text of ['one', 'two', 'three']) {
        await publisher.publishAsync(topic, text, { qos: 1 });
      }
      await waitFor('three deliveries', () => got.length === 3);
      expect(got.map((d) => d.payload.toString())).toEqual(['one', 'two', 'three']);
      // "one" stored; "three" stored before "two": its PUBACK must wait for "two".
      got[0]?.ack();
      got[2]?.ack();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await first.close();

      const again: Delivery[] = [];
      const second = createSubscriber({
        url: broker.url,
        clientId,
        filter: topic,
        onMessage: (d) => {
          again.push(d);
          d.ack();
        },
      });
      await second.start();
      try {
        await waitFor('the unacknowledged messages again', () => again.length === 2);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(again.map((d) => d.payload.toString())).toEqual(['two', 'three']);
      } finally {
        await second.close();
      }

      // All acknowledged now: a third connection of the session gets nothing old.
      const late: Delivery[] = [];
      const third = createSubscriber({
        url: broker.url,
        clientId,
        filter: topic,
        onMessage: (d) => late.push(d),
      });
      await third.start();
      await publisher.publishAsync(topic, 'four', { qos: 1 });
      await waitFor('the new message', () => late.length >= 1);
      expect(late.map((d) => d.payload.toString())).toEqual(['four']);
      late[0]?.ack();
      await third.close();
      // Leave no session behind on a shared broker.
      const cleaner = await connectAsync(broker.url, { clientId, clean: true });
      await cleaner.endAsync();
    } finally {
      await publisher.endAsync();
    }
  });

  it('keeps the connection while paused longer than the keep-alive', async () => {
    const topic = `${uniqueGroup('pause')}/data`;
    const got: Delivery[] = [];
    const disconnects: (Error | undefined)[] = [];
    const subscriber = createSubscriber({
      url: broker.url,
      clientId: `sub-${topic.replace(/\W/g, '')}`,
      filter: topic,
      keepaliveSeconds: 1,
      onMessage: (d) => {
        got.push(d);
        d.ack();
      },
      onDisconnect: (error) => disconnects.push(error),
    });
    await subscriber.start();
    const publisher = await connectAsync(broker.url, { clientId: `${topic}-pub`, clean: true });
    try {
      subscriber.pause();
      await publisher.publishAsync(topic, 'while paused', { qos: 1 });
      // Several keep-alive periods without reading a byte.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect(got).toEqual([]);
      expect(disconnects).toEqual([]);
      subscriber.resume();
      await waitFor('the message held while paused', () => got.length === 1);
      expect(got[0]?.payload.toString()).toBe('while paused');
      expect(disconnects).toEqual([]);
    } finally {
      await publisher.endAsync();
      await subscriber.close();
    }
  });

  it('refuses a URL it cannot speak, before connecting', async () => {
    await expect(
      createSubscriber({
        url: 'ws://127.0.0.1:9001',
        clientId: 'x',
        filter: 'x',
        onMessage: () => {},
      }).start(),
    ).rejects.toThrow(/mqtt:\/\/ or mqtts:\/\//);
  });
});
