// The ingest's MQTT connection: a subscriber that keeps reading while earlier
// messages wait for their commit, and sends each QoS 1 PUBACK only when the
// caller says the message is stored.
//
// Why not mqtt.js here: mqtt.js hands over one PUBLISH at a time and reads the
// next only once the previous one is acknowledged, so a host that acknowledges
// after commit gets one message per transaction (measured on Mosquitto +
// PostgreSQL: about 1,900 messages a second). This connection lets a whole
// window of messages (MQTT 5 Receive Maximum; on 3.1.1 the broker's in-flight
// limit) arrive, be committed as one batch and be acknowledged together, in
// arrival order as MQTT requires (MQTT 3.1.1 §4.6, MQTT 5 §4.6). The packets
// are read and written by mqtt-packet, the codec mqtt.js itself uses; the rest
// of Lotline (edge nodes, the simulator) speaks through mqtt.js.
//
// The session is persistent (clean session off; on MQTT 5 a session that never
// expires), so what the broker delivered but Lotline did not acknowledge is
// delivered again after a crash or a lost connection.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import mqttPacket, { type IPublishPacket, type Packet } from 'mqtt-packet';

export interface Delivery {
  topic: string;
  payload: Buffer;
  qos: 0 | 1 | 2;
  /** The broker says it delivered this before (a resumed session). */
  dup: boolean;
  /** The message is stored: its PUBACK may go, after those of the messages before it. */
  ack(): void;
}

export interface SubscriberOptions {
  /** mqtt://host[:port] or mqtts://host[:port]; user and password may be in the URL. */
  url: string;
  clientId: string;
  /** Topic filter subscribed to with QoS 1. */
  filter: string;
  /** MQTT protocol: 5, 4 (3.1.1) or 'auto' (5, falling back to 3.1.1). */
  protocol?: 4 | 5 | 'auto';
  keepaliveSeconds?: number;
  /** Most unacknowledged messages the broker may send at once (MQTT 5 Receive Maximum). */
  receiveMaximum?: number;
  connectTimeoutMs?: number;
  /** First pause before reconnecting; doubles up to ten seconds. */
  reconnectMs?: number;
  onMessage(delivery: Delivery): void;
  onConnect?(info: { protocol: 4 | 5; sessionPresent: boolean }): void;
  onDisconnect?(error: Error | undefined): void;
}

export interface Subscriber {
  /** The protocol of the connection (5 until a 3.1.1 broker made it 4). */
  readonly protocol: 4 | 5;
  /** Publishes at QoS 0 (Sparkplug commands are QoS 0); false when not connected. */
  publish(topic: string, payload: Buffer): boolean;
  /** Stops reading from the broker (the broker's window and TCP hold the rest). */
  pause(): void;
  resume(): void;
  /** Sends the PUBACKs that are due, then DISCONNECT; unacknowledged messages stay with the broker. */
  close(): Promise<void>;
}

interface Connection {
  socket: Socket;
  protocol: 4 | 5;
  parser: ReturnType<typeof mqttPacket.parser>;
  /** Deliveries of this connection waiting for their PUBACK, in arrival order, from `head`. */
  unacked: { messageId: number; acked: boolean }[];
  head: number;
  /** PUBACKs due are sent once the caller's current run of acknowledgements ends. */
  flushQueued: boolean;
  lastSent: number;
  /** Closed or being closed: its PUBACKs are moot, the broker delivers those messages again. */
  retired: boolean;
  pingSentAt: number | undefined;
  timer: NodeJS.Timeout | undefined;
}

const MAX_RECONNECT_MS = 10_000;

function parseUrl(url: string) {
  const u = new URL(url);
  const secure = u.protocol === 'mqtts:' || u.protocol === 'ssl:' || u.protocol === 'tls:';
  if (!secure && u.protocol !== 'mqtt:' && u.protocol !== 'tcp:') {
    throw new Error(`MQTT URL ${url}: the ingest connects over mqtt:// or mqtts:// only`);
  }
  return {
    secure,
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : secure ? 8883 : 1883,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? Buffer.from(decodeURIComponent(u.password)) : undefined,
  };
}

class ConnectRefused extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** Opens one connection and waits for its CONNACK and SUBACK. */
function openConnection(
  options: SubscriberOptions,
  protocol: 4 | 5,
  onPacket: (connection: Connection, packet: Packet) => void,
  onClose: (connection: Connection, error: Error | undefined) => void,
  onConnack: (connection: Connection) => void,
): Promise<{ connection: Connection; sessionPresent: boolean }> {
  const target = parseUrl(options.url);
  const keepalive = options.keepaliveSeconds ?? 30;
  return new Promise((resolve, reject) => {
    const socket = target.secure
      ? connectTls({ host: target.host, port: target.port, servername: target.host })
      : connectTcp({ host: target.host, port: target.port });
    socket.setNoDelay(true);
    const parser = mqttPacket.parser({ protocolVersion: protocol });
    const connection: Connection = {
      socket,
      protocol,
      parser,
      unacked: [],
      head: 0,
      flushQueued: false,
      lastSent: Date.now(),
      retired: false,
      pingSentAt: undefined,
      timer: undefined,
    };
    let phase: 'connack' | 'suback' | 'open' = 'connack';
    let sessionPresent = false;
    let lastError: Error | undefined;
    const fail = (error: Error) => {
      if (phase === 'open') return;
      clearTimeout(timeout);
      socket.destroy();
      reject(error);
    };
    const timeout = setTimeout(
      () => fail(new Error(`MQTT ${options.url}: no answer within the connect timeout`)),
      options.connectTimeoutMs ?? 10_000,
    );
    socket.on('error', (error) => {
      lastError = error;
      fail(error);
    });
    socket.on('close', () => {
      connection.retired = true;
      clearInterval(connection.timer);
      if (phase !== 'open') {
        fail(lastError ?? new ConnectRefused(`MQTT ${options.url}: connection closed`, -1));
      } else onClose(connection, lastError);
    });
    parser.on('error', (error) => {
      lastError = error;
      socket.destroy(error);
    });
    parser.on('packet', (packet: Packet) => {
      if (phase === 'connack') {
        if (packet.cmd !== 'connack')
          return fail(new Error(`MQTT: expected CONNACK, got ${packet.cmd}`));
        const code = packet.reasonCode ?? packet.returnCode ?? 0;
        if (code !== 0) {
          return fail(
            new ConnectRefused(`MQTT ${options.url} refused the connection (code ${code})`, code),
          );
        }
        sessionPresent = packet.sessionPresent;
        phase = 'suback';
        onConnack(connection);
        write(connection, {
          cmd: 'subscribe',
          messageId: 1,
          subscriptions: [{ topic: options.filter, qos: 1 }],
        });
        return;
      }
      if (phase === 'suback' && packet.cmd === 'suback' && packet.messageId === 1) {
        const granted = packet.granted[0];
        if (typeof granted !== 'number' || granted >= 0x80) {
          return fail(new Error(`MQTT refused the subscription to ${options.filter}`));
        }
        phase = 'open';
        clearTimeout(timeout);
        connection.timer = setInterval(() => keepAlive(connection, keepalive), 1_000);
        connection.timer.unref();
        resolve({ connection, sessionPresent });
        return;
      }
      // A resumed session's messages may come before the SUBACK.
      onPacket(connection, packet);
    });
    socket.on('data', (chunk: Buffer) => parser.parse(chunk));
    socket.once('connect', () => {
      write(connection, {
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: protocol,
        clientId: options.clientId,
        clean: false,
        keepalive,
        ...(target.username !== undefined ? { username: target.username } : {}),
        ...(target.password !== undefined ? { password: target.password } : {}),
        ...(protocol === 5
          ? {
              properties: {
                // A session that outlives any outage: the broker keeps what we did not acknowledge.
                sessionExpiryInterval: 0xffffffff,
                receiveMaximum: options.receiveMaximum ?? 65_535,
              },
            }
          : {}),
      });
    });
    if (target.secure) socket.once('secureConnect', () => socket.emit('connect'));
  });
}

function write(connection: Connection, packet: Packet): boolean {
  connection.lastSent = Date.now();
  return connection.socket.write(
    mqttPacket.generate(packet, { protocolVersion: connection.protocol }),
  );
}

function keepAlive(connection: Connection, keepaliveSeconds: number): void {
  const now = Date.now();
  if (connection.socket.isPaused()) {
    // Not reading (the writer is behind, or the database is away): no PINGRESP
    // can be seen, so none is awaited; the PINGREQs go on, so the broker still
    // hears from us within its 1.5 × keep-alive (MQTT §3.1.2.10).
    connection.pingSentAt = undefined;
    if (now - connection.lastSent >= (keepaliveSeconds * 1_000) / 2) {
      write(connection, { cmd: 'pingreq' });
    }
    return;
  }
  if (connection.pingSentAt !== undefined) {
    // MQTT §3.1.2.10: no answer within a reasonable time means the link is gone.
    if (now - connection.pingSentAt > keepaliveSeconds * 1_000) {
      connection.socket.destroy(new Error('MQTT: no PINGRESP; the connection is lost'));
    }
    return;
  }
  if (now - connection.lastSent >= (keepaliveSeconds * 1_000) / 2) {
    connection.pingSentAt = now;
    write(connection, { cmd: 'pingreq' });
  }
}

/**
 * A subscriber not yet connected: the caller holds it (to publish commands
 * from onMessage) before the first message can arrive.
 */
export function createSubscriber(options: SubscriberOptions): Subscriber & {
  /** Connects and subscribes; then keeps the connection up until close(). */
  start(): Promise<void>;
} {
  let current: Connection | undefined;
  let closing = false;
  let paused = false;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let delay = options.reconnectMs ?? 1_000;
  let protocol: 4 | 5 = options.protocol === 4 ? 4 : 5;

  // PUBACKs leave in arrival order: the head of the queue and every
  // acknowledged one behind it, in one write. A PUBACK with no reason code and
  // no properties is the same four bytes in MQTT 3.1.1 (§3.4) and 5 (§3.4.2.1:
  // the reason code may be left out when it is 0, Success).
  const sendDueAcks = (connection: Connection) => {
    connection.flushQueued = false;
    if (connection.retired) return;
    const { unacked } = connection;
    let end = connection.head;
    while (end < unacked.length && (unacked[end] as { acked: boolean }).acked) end += 1;
    const count = end - connection.head;
    if (count === 0) return;
    const bytes = Buffer.allocUnsafe(count * 4);
    for (let i = 0; i < count; i++) {
      const { messageId } = unacked[connection.head + i] as { messageId: number };
      bytes[i * 4] = 0x40;
      bytes[i * 4 + 1] = 0x02;
      bytes.writeUInt16BE(messageId, i * 4 + 2);
    }
    connection.head = end;
    // Drop the acknowledged prefix now and then, not on every PUBACK.
    if (connection.head > 4_096 && connection.head * 2 > unacked.length) {
      connection.unacked = unacked.slice(connection.head);
      connection.head = 0;
    }
    connection.lastSent = Date.now();
    connection.socket.write(bytes);
  };

  const onPacket = (connection: Connection, packet: Packet) => {
    switch (packet.cmd) {
      case 'publish': {
        const p = packet as IPublishPacket;
        const payload = typeof p.payload === 'string' ? Buffer.from(p.payload) : p.payload;
        let ack: () => void = () => {};
        if (p.qos > 0 && p.messageId !== undefined) {
          const entry = { messageId: p.messageId, acked: false };
          connection.unacked.push(entry);
          let done = false;
          ack = () => {
            if (done) return;
            done = true;
            entry.acked = true;
            if (!connection.flushQueued) {
              connection.flushQueued = true;
              queueMicrotask(() => sendDueAcks(connection));
            }
          };
        }
        options.onMessage({ topic: p.topic, payload, qos: p.qos, dup: p.dup, ack });
        return;
      }
      case 'pingresp':
        connection.pingSentAt = undefined;
        return;
      case 'disconnect':
        // MQTT 5: the broker says why it is closing.
        connection.socket.destroy(
          new Error(`MQTT broker disconnected (reason ${packet.reasonCode ?? 0})`),
        );
        return;
      default:
        return; // SUBACKs of a resubscription, and nothing else is expected
    }
  };

  const onClose = (connection: Connection, error: Error | undefined) => {
    if (connection !== current) return;
    current = undefined;
    options.onDisconnect?.(error);
    if (!closing) scheduleReconnect();
  };

  const open = async (): Promise<void> => {
    for (;;) {
      try {
        const { connection, sessionPresent } = await openConnection(
          options,
          protocol,
          onPacket,
          onClose,
          (connection) => {
            // From here the connection can carry commands, before the SUBACK.
            current = connection;
          },
        );
        current = connection;
        if (paused) connection.socket.pause();
        delay = options.reconnectMs ?? 1_000;
        options.onConnect?.({ protocol, sessionPresent });
        return;
      } catch (error) {
        // A 3.1.1 broker answers an MQTT 5 CONNECT with "unacceptable protocol
        // version" (1) or just closes the connection.
        const fallBack =
          options.protocol !== 5 &&
          protocol === 5 &&
          error instanceof ConnectRefused &&
          (error.code === 1 || error.code === 0x84 || error.code === -1);
        if (!fallBack) throw error;
        protocol = 4;
      }
    }
  };

  const scheduleReconnect = () => {
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      if (closing) return;
      open().catch((error: Error) => {
        options.onDisconnect?.(error);
        delay = Math.min(delay * 2, MAX_RECONNECT_MS);
        if (!closing) scheduleReconnect();
      });
    }, delay);
  };

  return {
    start: open,
    get protocol() {
      return protocol;
    },
    publish(topic, payload) {
      if (!current) return false;
      return write(current, { cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false });
    },
    pause() {
      paused = true;
      current?.socket.pause();
    },
    resume() {
      paused = false;
      current?.socket.resume();
    },
    async close() {
      closing = true;
      clearTimeout(reconnectTimer);
      const connection = current;
      if (!connection) return;
      current = undefined;
      clearInterval(connection.timer);
      sendDueAcks(connection);
      connection.retired = true;
      await new Promise<void>((resolve) => {
        connection.socket.once('close', () => resolve());
        connection.socket.end(
          mqttPacket.generate({ cmd: 'disconnect' }, { protocolVersion: connection.protocol }),
        );
        // A broker that does not close its side in time is left.
        setTimeout(() => {
          connection.socket.destroy();
          resolve();
        }, 2_000).unref();
      });
    },
  };
}
