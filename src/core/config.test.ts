// Configuration from the environment: defaults, the store switch, and errors
// that name the variable to fix.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { isLotlineError, type LotlineError } from './errors.js';

function configError(env: NodeJS.ProcessEnv): LotlineError {
  try {
    loadConfig(env);
  } catch (error) {
    if (isLotlineError(error)) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('runs on defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.store).toEqual({ kind: 'pglite', dataDir: path.resolve('data') });
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      shutdownTimeoutMs: 10_000,
      trustProxy: false,
      readCacheMs: 1_000,
    });
    expect(config.log).toEqual({ level: 'info', format: 'json' });
    expect(config.initialPlantFile).toBe(path.resolve('plants/reference.yaml'));
    expect(config.demo).toBe(false);
  });

  it('reads only the environment it is given, ignoring unrelated variables', () => {
    const config = loadConfig({
      PATH: '/usr/bin',
      LOTLINE_DATA_DIR: '/var/lib/lotline',
      LOTLINE_HOST: '0.0.0.0',
      LOTLINE_PORT: '8080',
      LOTLINE_LOG_LEVEL: 'warn',
      LOTLINE_LOG_FORMAT: 'pretty',
      LOTLINE_PLANT_FILE: 'plants/other.yaml',
      LOTLINE_SHUTDOWN_TIMEOUT_MS: '500',
      LOTLINE_TRUST_PROXY: 'true',
      LOTLINE_DEMO: 'yes',
      LOTLINE_READ_CACHE_MS: '0',
    });
    expect(config.store).toEqual({ kind: 'pglite', dataDir: '/var/lib/lotline' });
    expect(config.http).toEqual({
      host: '0.0.0.0',
      port: 8080,
      shutdownTimeoutMs: 500,
      trustProxy: true,
      readCacheMs: 0,
    });
    expect(config.demo).toBe(true);
    expect(config.log).toEqual({ level: 'warn', format: 'pretty' });
    expect(config.initialPlantFile).toBe(path.resolve('plants/other.yaml'));
  });

  it('resolves a relative data directory against the working directory', () => {
    expect(loadConfig({ LOTLINE_DATA_DIR: 'var/data' }).store).toEqual({
      kind: 'pglite',
      dataDir: path.resolve('var/data'),
    });
  });

  it('switches to PostgreSQL when DATABASE_URL is set, ignoring the data directory', () => {
    const url = 'postgres://lotline@db.example:5432/lotline';
    expect(loadConfig({ DATABASE_URL: url, LOTLINE_DATA_DIR: 'elsewhere/data' }).store).toEqual({
      kind: 'postgres',
      url,
      poolSize: 10,
      poolTimeoutMs: 5_000,
    });
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://db/lotline',
        DATABASE_POOL_SIZE: '3',
        DATABASE_POOL_TIMEOUT_MS: '250',
      }).store,
    ).toEqual({
      kind: 'postgres',
      url: 'postgresql://db/lotline',
      poolSize: 3,
      poolTimeoutMs: 250,
    });
  });

  it('refuses a DATABASE_URL that is not PostgreSQL', () => {
    const error = configError({ DATABASE_URL: 'mysql://db/lotline' });
    expect(error.kind).toBe('invalid');
    expect(error.issues).toMatchObject([
      { path: 'DATABASE_URL', message: 'expected a postgres:// or postgresql:// URL' },
    ]);
  });

  it.each([
    ['abc', 'expected a number'],
    ['70000', 'expected a number ≤ 65535'],
    ['-1', 'expected zero or a positive number'],
    ['80.5', 'expected a whole number'],
  ])('refuses LOTLINE_PORT=%s, naming the variable', (value, message) => {
    const error = configError({ LOTLINE_PORT: value });
    expect(error.kind).toBe('invalid');
    expect(error.issues).toMatchObject([{ path: 'LOTLINE_PORT', message }]);
    expect(error.message).toBe(`bad configuration:\n  LOTLINE_PORT: ${message}`);
  });

  it('gives the configuration error and each variable a code, for clients that translate', () => {
    const error = configError({ LOTLINE_PORT: '70000' });
    expect(error.code).toBe('bad_configuration');
    expect(error.issues).toEqual([
      {
        path: 'LOTLINE_PORT',
        message: 'expected a number ≤ 65535',
        code: 'number_above_maximum',
        params: { maximum: 65535 },
      },
    ]);
  });

  it('reports every bad variable at once', () => {
    const error = configError({
      LOTLINE_PORT: 'http',
      LOTLINE_LOG_LEVEL: 'verbose',
      DATABASE_POOL_SIZE: '0',
    });
    expect(error.issues.map((i) => i.path).sort()).toEqual([
      'DATABASE_POOL_SIZE',
      'LOTLINE_LOG_LEVEL',
      'LOTLINE_PORT',
    ]);
  });

  it.each([
    ['LOTLINE_DEMO', 'on'],
    ['LOTLINE_TRUST_PROXY', 'maybe'],
  ])('refuses %s=%s: a flag is true or false', (name, value) => {
    expect(configError({ [name]: value }).issues).toMatchObject([
      { path: name, message: 'expected true or false', code: 'value_not_allowed' },
    ]);
  });

  it('accepts port 0 (any free port)', () => {
    expect(loadConfig({ LOTLINE_PORT: '0' }).http.port).toBe(0);
  });

  it('counts an empty variable as unset', () => {
    const config = loadConfig({
      DATABASE_URL: '',
      LOTLINE_PORT: '',
      LOTLINE_DATA_DIR: '',
      LOTLINE_LOG_LEVEL: '',
    });
    expect(config.store).toEqual({ kind: 'pglite', dataDir: path.resolve('data') });
    expect(config.http.port).toBe(3000);
    expect(config.log.level).toBe('info');
  });

  it('counts a blank variable as unset, not as port 0', () => {
    expect(loadConfig({ LOTLINE_PORT: ' ' }).http.port).toBe(3000);
    expect(loadConfig({ DATABASE_URL: '  ' }).store.kind).toBe('pglite');
  });
});

describe('machine data configuration', () => {
  it('runs an embedded broker on a free port and the simulator by default', () => {
    const config = loadConfig({});
    expect(config.mqtt).toEqual({ embeddedPort: 0 });
    expect(config.simulate).toBe(true);
  });

  it('takes an external broker, a fixed embedded port, a group and the simulator switch', () => {
    const config = loadConfig({
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      LOTLINE_MQTT_PORT: '1884',
      LOTLINE_MQTT_GROUP: 'PLANT-A',
      LOTLINE_SIMULATE: 'false',
    });
    expect(config.mqtt).toEqual({
      url: 'mqtt://127.0.0.1:1883',
      embeddedPort: 1884,
      group: 'PLANT-A',
    });
    expect(config.simulate).toBe(false);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ MQTT_URL: 'http://broker' })).toThrow(
      /MQTT_URL: expected an mqtt:\/\//,
    );
    expect(() => loadConfig({ LOTLINE_MQTT_GROUP: 'a/b' })).toThrow(/LOTLINE_MQTT_GROUP/);
    expect(() => loadConfig({ LOTLINE_SIMULATE: 'maybe' })).toThrow(/LOTLINE_SIMULATE/);
  });
});

describe('loadConfig: a shared ingest', () => {
  const server = {
    DATABASE_URL: 'postgres://db.example/lotline',
    MQTT_URL: 'mqtt://broker.example:1883',
  };

  it('takes the share group and the instance id together', () => {
    const config = loadConfig({
      ...server,
      LOTLINE_INGEST_SHARE_GROUP: 'lotline',
      LOTLINE_INSTANCE_ID: 'node-a',
    });
    expect(config.mqtt.sharedIngest).toEqual({ shareGroup: 'lotline', instanceId: 'node-a' });
    expect(loadConfig(server).mqtt.sharedIngest).toBeUndefined();
  });

  it('refuses a share group without an instance id, an external broker or PostgreSQL', () => {
    expect(() => loadConfig({ ...server, LOTLINE_INGEST_SHARE_GROUP: 'lotline' })).toThrow(
      /LOTLINE_INSTANCE_ID: required/,
    );
    expect(() =>
      loadConfig({ LOTLINE_INGEST_SHARE_GROUP: 'lotline', LOTLINE_INSTANCE_ID: 'a' }),
    ).toThrow(/embedded broker has no shared subscriptions[\s\S]*DATABASE_URL/);
    expect(() =>
      loadConfig({ ...server, LOTLINE_INGEST_SHARE_GROUP: 'a/b', LOTLINE_INSTANCE_ID: 'a' }),
    ).toThrow(/LOTLINE_INGEST_SHARE_GROUP/);
  });
});
