// A Mosquitto broker of a test's own, for fault tests that kill and restart
// it: a generated configuration (a listener on a free port, anonymous
// clients, persistence in a temporary directory so that persistent sessions
// and their queued QoS 1 messages outlive a restart). The shared broker the
// other suites use is never touched.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './private-postgres.js';

export interface PrivateMosquitto {
  readonly port: number;
  readonly url: string;
  /** Stops the broker: SIGTERM saves its persistence file first; SIGKILL does not. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  start(): Promise<void>;
  /** What the broker logged, for a failure message. */
  log(): string;
  destroy(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function waitForPort(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startPrivateMosquitto(
  options: { settings?: Record<string, string> } = {},
): Promise<PrivateMosquitto> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lotline-mqtt-'));
  const port = await freePort();
  const logFile = path.join(dir, 'mosquitto.log');
  const settings: Record<string, string> = {
    // Started as root, Mosquitto would switch to its own user, which cannot
    // write the temporary directory.
    user: 'root',
    allow_anonymous: 'true',
    persistence: 'true',
    persistence_location: `${dir}/`,
    // Mosquitto's default (1,000 per client) drops QoS 1 messages beyond it
    // while the subscriber is away, after acknowledging them to the publisher.
    max_queued_messages: '0',
    log_dest: `file ${logFile}`,
    log_type: 'error',
    ...options.settings,
  };
  const config = [
    `listener ${port} 127.0.0.1`,
    ...Object.entries(settings).map(([key, value]) => `${key} ${value}`),
  ].join('\n');
  const configFile = path.join(dir, 'mosquitto.conf');
  writeFileSync(configFile, `${config}\n`);

  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn('mosquitto', ['-c', configFile], { stdio: 'ignore' });
    children.add(started);
    started.once('exit', () => children.delete(started));
    child = started;
    await waitForPort(port, started, 10_000);
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(signal);
    });
  };
  await start();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    start,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    destroy: async () => {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
