// The MQTT side of telemetry: an embedded broker for the zero-setup default
// (aedes, in this process, on 127.0.0.1) and one way to connect a client to
// whichever broker is in use — the embedded one or the one MQTT_URL names.
import net from 'node:net';
import { Aedes } from 'aedes';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

export interface EmbeddedBroker {
  /** mqtt://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Stops accepting connections, closes every client and the broker. */
  stop(): Promise<void>;
}

export interface EmbeddedBrokerOptions {
  host?: string;
  /** 0 (the default) lets the system choose a free port; `url` tells which. */
  port?: number;
}

/**
 * Starts an in-process broker. aedes keeps sessions and in-flight QoS 1
 * messages in memory: a restart of Lotline loses what the broker held, which
 * is why a production plant points MQTT_URL at a real broker.
 */
export async function startEmbeddedBroker(
  options: EmbeddedBrokerOptions = {},
): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  // A socket that never sent CONNECT is no client of aedes; stop() ends it too.
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  let stopping: Promise<void> | undefined;
  return {
    url: `mqtt://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stop() {
      stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      })();
      return stopping;
    },
  };
}

/**
 * Connects to a broker (mqtt://, mqtts://, ws://, wss://). Fails at once when
 * the broker cannot be reached, rather than retrying silently, so a wrong
 * MQTT_URL stops the start with a message; after the first connection the
 * client reconnects on its own.
 */
export async function connectMqtt(
  url: string,
  options: MqttConnectOptions = {},
): Promise<MqttClient> {
  const { onError, ...clientOptions } = options;
  const client = await connectAsync(
    url,
    { protocolVersion: 4, reconnectPeriod: 1_000, connectTimeout: 10_000, ...clientOptions },
    false,
  );
  // An 'error' event without a listener would throw out of the event loop;
  // the client reconnects by itself, so an error is news, not a crash.
  client.on('error', onError ?? (() => {}));
  return client;
}

export interface MqttConnectOptions extends IClientOptions {
  /** Told of errors after the connection stood (a refused publish, a broken socket). */
  onError?: (error: Error) => void;
}
