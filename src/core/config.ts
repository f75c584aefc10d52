// Configuration comes from the environment, parsed once at start. A bad value
// stops the process with a message naming the variable, never a later crash.
import path from 'node:path';
import { z } from 'zod';
import { fieldIssue, invalid } from './errors.js';
import { type FieldIssue, parseWith } from './validation.js';

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
  DATABASE_POOL_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(5_000),
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
  LOTLINE_INGEST_SHARE_GROUP: z
    .string()
    .regex(/^[^/#+]+$/, 'expected a shared subscription name (no /, # or +)')
    .optional(),
  LOTLINE_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected 1–64 letters, digits, _ . or -')
    .optional(),
  LOTLINE_TRUST_PROXY: BooleanFlag.default(false),
  LOTLINE_READ_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
});

export type StoreConfig =
  | { kind: 'pglite'; dataDir: string }
  | {
      kind: 'postgres';
      url: string;
      poolSize: number;
      /** Longest wait for a pooled connection before a request gets a 503 (ms). */
      poolTimeoutMs: number;
    };

export interface Config {
  store: StoreConfig;
  http: {
    host: string;
    port: number;
    shutdownTimeoutMs: number;
    trustProxy: boolean;
    /** Longest a cached read answer is served, ms (0: no read cache); see core/http/read-cache.ts. */
    readCacheMs: number;
  };
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
    /**
     * Share the ingest with other Lotline processes through an MQTT 5 shared
     * subscription of this name (LOTLINE_INGEST_SHARE_GROUP); each process has
     * its own persistent session under its instance id (LOTLINE_INSTANCE_ID).
     */
    sharedIngest?: { shareGroup: string; instanceId: string };
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
    throw invalid('bad_configuration', 'bad configuration:\n  {{problems}}', {
      problems: lines.join('\n  '),
    }).withIssues(parsed.issues);
  }
  const e = parsed.value;
  // Sharing needs each process's own session, and a broker that knows shared
  // subscriptions: the embedded aedes does not (it would take `$share/…` for
  // a plain topic filter, and no message would ever come).
  if (e.LOTLINE_INGEST_SHARE_GROUP !== undefined) {
    const problems: FieldIssue[] = [];
    if (e.LOTLINE_INSTANCE_ID === undefined) {
      problems.push(
        fieldIssue(
          'LOTLINE_INSTANCE_ID',
          'share_group_needs_instance_id',
          'required with LOTLINE_INGEST_SHARE_GROUP: each process needs its own, stable id (its broker session)',
        ),
      );
    }
    if (e.MQTT_URL === undefined) {
      problems.push(
        fieldIssue(
          'LOTLINE_INGEST_SHARE_GROUP',
          'share_group_needs_mqtt_broker',
          'needs an external MQTT 5 broker (MQTT_URL): the embedded broker has no shared subscriptions',
        ),
      );
    }
    if (e.DATABASE_URL === undefined) {
      problems.push(
        fieldIssue(
          'LOTLINE_INGEST_SHARE_GROUP',
          'share_group_needs_postgresql',
          'needs PostgreSQL (DATABASE_URL): the embedded database belongs to one process',
        ),
      );
    }
    if (problems.length > 0) {
      const lines = problems.map((i) => `${i.path}: ${i.message}`);
      throw invalid('bad_configuration', 'bad configuration:\n  {{problems}}', {
        problems: lines.join('\n  '),
      }).withIssues(problems);
    }
  }
  return {
    store: e.DATABASE_URL
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          poolSize: e.DATABASE_POOL_SIZE,
          poolTimeoutMs: e.DATABASE_POOL_TIMEOUT_MS,
        }
      : { kind: 'pglite', dataDir: path.resolve(e.LOTLINE_DATA_DIR) },
    http: {
      host: e.LOTLINE_HOST,
      port: e.LOTLINE_PORT,
      shutdownTimeoutMs: e.LOTLINE_SHUTDOWN_TIMEOUT_MS,
      trustProxy: e.LOTLINE_TRUST_PROXY,
      readCacheMs: e.LOTLINE_READ_CACHE_MS,
    },
    demo: e.LOTLINE_DEMO,
    mqtt: {
      ...(e.MQTT_URL ? { url: e.MQTT_URL } : {}),
      embeddedPort: e.LOTLINE_MQTT_PORT,
      ...(e.LOTLINE_MQTT_GROUP ? { group: e.LOTLINE_MQTT_GROUP } : {}),
      ...(e.LOTLINE_INGEST_SHARE_GROUP && e.LOTLINE_INSTANCE_ID
        ? {
            sharedIngest: {
              shareGroup: e.LOTLINE_INGEST_SHARE_GROUP,
              instanceId: e.LOTLINE_INSTANCE_ID,
            },
          }
        : {}),
    },
    simulate: e.LOTLINE_SIMULATE,
    log: { level: e.LOTLINE_LOG_LEVEL, format: e.LOTLINE_LOG_FORMAT },
    initialPlantFile: path.resolve(e.LOTLINE_PLANT_FILE),
  };
}
