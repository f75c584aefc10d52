// Configuration comes from the environment, parsed once at start. A bad value
// stops the process with a message naming the variable, never a later crash.
import path from 'node:path';
import { z } from 'zod';
import { invalid } from './errors.js';
import { parseWith } from './validation.js';

const BooleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const Environment = z.object({
  LOTLINE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOTLINE_HOST: z.string().min(1).default('127.0.0.1'),
  LOTLINE_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOTLINE_LOG_LEVEL: LogLevel.default('info'),
  LOTLINE_LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  LOTLINE_PLANT_FILE: z.string().min(1).default('plants/reference.yaml'),
  LOTLINE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  LOTLINE_DEMO: BooleanFlag.default(false),
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\//, 'expected an mqtt:// or mqtts:// URL')
    .optional(),
  LOTLINE_MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOTLINE_MQTT_GROUP: z
    .string()
    .regex(/^[^/#+]+$/, 'expected a Sparkplug group id (no /, # or +)')
    .optional(),
  LOTLINE_SIMULATE: BooleanFlag.default(true),
  LOTLINE_TRUST_PROXY: BooleanFlag.default(false),
});

export type StoreConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'postgres'; url: string; poolSize: number };

export interface Config {
  store: StoreConfig;
  http: { host: string; port: number; shutdownTimeoutMs: number; trustProxy: boolean };
  log: { level: z.infer<typeof LogLevel>; format: 'json' | 'pretty' };
  /** Loaded into an empty store on first start. */
  initialPlantFile: string;
  /** Demo mode: one user per role with a shared password, announced everywhere. */
  demo: boolean;
  mqtt: {
    /** An external broker; without it an embedded broker runs in this process. */
    url?: string;
    /** Port of the embedded broker on 127.0.0.1; 0 lets the system choose. */
    embeddedPort: number;
    /** Sparkplug B group id; the plant's site code when not set. */
    group?: string;
  };
  /** Run the line simulator: the demo plant's machines. Off for a plant with real machines. */
  simulate: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty variables count as unset, as in most deployment tools; so do blank
  // ones, which would otherwise coerce to 0 (LOTLINE_PORT=" " → a random port).
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = parseWith(Environment, present);
  if (!parsed.ok) {
    const lines = parsed.issues.map((i) => `${i.path}: ${i.message}`);
    throw invalid(`bad configuration:\n  ${lines.join('\n  ')}`, parsed.issues);
  }
  const e = parsed.value;
  return {
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.LOTLINE_DATA_DIR) },
    http: {
      host: e.LOTLINE_HOST,
      port: e.LOTLINE_PORT,
      shutdownTimeoutMs: e.LOTLINE_SHUTDOWN_TIMEOUT_MS,
      trustProxy: e.LOTLINE_TRUST_PROXY,
    },
    demo: e.LOTLINE_DEMO,
    mqtt: {
      ...(e.MQTT_URL ? { url: e.MQTT_URL } : {}),
      embeddedPort: e.LOTLINE_MQTT_PORT,
      ...(e.LOTLINE_MQTT_GROUP ? { group: e.LOTLINE_MQTT_GROUP } : {}),
    },
    simulate: e.LOTLINE_SIMULATE,
    log: { level: e.LOTLINE_LOG_LEVEL, format: e.LOTLINE_LOG_FORMAT },
    initialPlantFile: path.resolve(e.LOTLINE_PLANT_FILE),
  };
}
