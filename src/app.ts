// The composition root: the one place that builds the running system from its
// parts — configuration, logger, store, modules and the HTTP server.

import type { Logger } from 'pino';
import { auditRoutes } from './core/audit/routes.js';
import { ensureDemoUsers, ensureInitialAdmin } from './core/auth/bootstrap.js';
import { authRoutes } from './core/auth/routes.js';
import {
  type AuthContext,
  type AuthPolicy,
  type Clock,
  DEFAULT_AUTH_POLICY,
  systemClock,
} from './core/auth/service.js';
import type { Config } from './core/config.js';
import { backupRoutes } from './core/db/backup-routes.js';
import { ChangeAwareCache } from './core/db/change-aware-cache.js';
import type { Store } from './core/db/store.js';
import { type App, buildServer } from './core/http/server.js';
import { appLanguages, discoverLanguages } from './core/i18n/languages.js';
import { createLogger } from './core/logger.js';
import { createProbes, type SystemProbes } from './core/status/probes.js';
import { statusRoutes } from './core/status/routes.js';
import { findLot, genealogyRoutes, genealogyWorkOrderHook } from './modules/genealogy/index.js';
import { maintenanceRoutes, startMaintenanceWatcher } from './modules/maintenance/index.js';
import { planningRoutes, scheduleRoutes } from './modules/planning/index.js';
import { currentPlant, keepPlantHead, plantRoutes } from './modules/plant/index.js';
import { productionRoutes } from './modules/production/routes.js';
import { qualityRoutes, spcRoutes } from './modules/quality/index.js';
import { reportsRoutes } from './modules/reports/index.js';
import { reservedFor, shippingRoutes } from './modules/shipping/index.js';
import { storageRoutes } from './modules/storage/index.js';
import {
  type Ingest,
  runSimulatedPlant,
  startEmbeddedBroker,
  startIngest,
  telemetryRoutes,
} from './modules/telemetry/index.js';
import { twinRoutes } from './modules/twin/index.js';
import { prepareStore } from './prepare-store.js';
import { VERSION } from './version.js';

export { VERSION };

/** How late a change another process made may be seen on a cached read; see AppOptions.readCacheMs. */
export const DEFAULT_READ_CACHE_MS = 1_000;

export interface AppOptions {
  store: Store;
  logger: Logger;
  webRoot?: string;
  /** Sign-in lockout and session lifetimes; the defaults suit a plant. */
  authPolicy?: AuthPolicy;
  /** The clock the auth checks read; tests move it to end a lockout. */
  clock?: Clock;
  demo?: boolean;
  trustProxy?: boolean;
  /** The Sparkplug group the plant's machines publish in (LOTLINE_MQTT_GROUP); the site code when unset. */
  machineGroup?: string;
  /** What the system says about itself (metrics, status page); made from the store when omitted. */
  probes?: SystemProbes;
  /**
   * Longest a kept read answer is served (ms; LOTLINE_READ_CACHE_MS): answers
   * are dropped at once when a table they read changes in this process; this
   * bounds how late a change made by another process is seen. 0 turns it off.
   */
  readCacheMs?: number;
  /** The web app's locale folder, whose languages the API accepts; tests point it at a copy. */
  localesDir?: string;
}

/** The HTTP application over a store; tests call it in-process with `inject`. */
export function buildApp(options: AppOptions): Promise<App> {
  const { store, logger, webRoot } = options;
  const clock = options.clock ?? systemClock;
  // A server reads the current plant on nearly every command: kept, while it hears of changes.
  keepPlantHead(store);
  const cached = {
    changes: store.changes,
    ttlMs: options.readCacheMs ?? DEFAULT_READ_CACHE_MS,
    clock,
  };
  const auth: AuthContext = {
    db: store.db,
    policy: options.authPolicy ?? DEFAULT_AUTH_POLICY,
    clock,
    sessions: new ChangeAwareCache(cached),
  };
  const machineGroup = options.machineGroup ? { machineGroup: options.machineGroup } : {};
  const languages = options.localesDir ? discoverLanguages(options.localesDir) : appLanguages();
  const probes = options.probes ?? createProbes({ version: VERSION, store });
  return buildServer({
    logger,
    version: VERSION,
    readiness: () => store.ping(),
    auth,
    trustProxy: options.trustProxy ?? false,
    probes,
    readCache: cached,
    modules: [
      { prefix: '/api/admin', plugin: statusRoutes({ db: store.db, probes }) },
      {
        prefix: '/api',
        plugin: authRoutes({ context: auth, demo: options.demo ?? false, languages }),
      },
      { prefix: '/api', plugin: auditRoutes(store.db) },
      { prefix: '/api', plugin: backupRoutes(store) },
      { prefix: '/api/plant', plugin: plantRoutes({ db: store.db, auth }) },
      {
        prefix: '/api/production',
        plugin: productionRoutes({
          db: store.db,
          clock,
          ...machineGroup,
          // Starting an order opens its output lot; completing it settles consumption.
          afterCommand: genealogyWorkOrderHook({ clock, ...machineGroup }),
        }),
      },
      {
        prefix: '/api/genealogy',
        plugin: genealogyRoutes({
          db: store.db,
          clock,
          auth,
          languages,
          ...machineGroup,
          reservedFor: (db, serials) => reservedFor(db, serials),
        }),
      },
      {
        prefix: '/api/quality',
        plugin: qualityRoutes({ db: store.db, clock, auth, languages, ...machineGroup }),
      },
      { prefix: '/api/quality', plugin: spcRoutes({ db: store.db, clock, ...machineGroup }) },
      {
        prefix: '/api/storage',
        plugin: storageRoutes({
          db: store.db,
          clock,
          auth,
          // A lot named in a request is the genealogy module's to find.
          lots: { resolve: (key) => findLot(store.db, key) },
        }),
      },
      { prefix: '/api/shipping', plugin: shippingRoutes({ db: store.db, clock, auth }) },
      { prefix: '/api/planning', plugin: planningRoutes({ db: store.db, clock }) },
      { prefix: '/api/planning', plugin: scheduleRoutes({ db: store.db, clock }) },
      { prefix: '/api/twin', plugin: twinRoutes({ db: store.db, clock }) },
      {
        prefix: '/api/maintenance',
        plugin: maintenanceRoutes({ db: store.db, clock, ...machineGroup }),
      },
      { prefix: '/api/telemetry', plugin: telemetryRoutes(store.db) },
      {
        prefix: '/api/reports',
        plugin: reportsRoutes({ db: store.db, clock, languages, ...machineGroup }),
      },
    ],
    ...(webRoot ? { webRoot } : {}),
  });
}

export interface Running {
  url: string;
  app: App;
  store: Store;
  machineData: MachineData;
  /** Credentials made at this start, to show once on the console (never logged). */
  firstRun: {
    admin?: { username: string; password: string };
    demo?: { usernames: string[]; password: string };
  };
  stop(): Promise<void>;
}

export async function startLotline(config: Config): Promise<Running> {
  const logger = createLogger(config.log);
  const store = await prepareStore(config, logger, { loadInitialPlant: true });
  let app: App | undefined;
  try {
    const admin = await ensureInitialAdmin(store.db);
    const demo = config.demo ? await ensureDemoUsers(store.db) : undefined;
    const probes = createProbes({ version: VERSION, store });
    app = await buildApp({
      store,
      logger,
      probes,
      demo: config.demo,
      trustProxy: config.http.trustProxy,
      readCacheMs: config.http.readCacheMs,
      ...(config.mqtt.group ? { machineGroup: config.mqtt.group } : {}),
    });
    // Breakdowns in the machine data open maintenance requests; due plans
    // make work orders. Its first tick, before the machines are connected,
    // places its cursor ahead of their births, so it knows every station's state.
    const maintenance = startMaintenanceWatcher({
      db: store.db,
      clock: systemClock,
      group: config.mqtt.group ?? (await currentPlant(store.db)).plant.site.code,
      logger,
    });
    let machineData: MachineData | undefined;
    try {
      await maintenance.tick();
      machineData = await startMachineData(config, store, logger);
      probes.machineData = {
        broker: machineData.mqttUrl,
        embedded: machineData.embedded,
        group: machineData.group,
        ingest: machineData.ingest,
      };
      return await listen(config, app, store, machineData, [maintenance], {
        ...(admin ? { admin } : {}),
        ...(demo ? { demo } : {}),
      });
    } catch (error) {
      await maintenance.stop();
      await machineData?.stop();
      throw error;
    }
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
}

export interface MachineData {
  /** The broker machines publish to: the embedded one, or MQTT_URL. */
  mqttUrl: string;
  /** The Sparkplug B group id of this plant. */
  group: string;
  embedded: boolean;
  /** Lines the simulator runs (none for a plant with real machines). */
  simulatedLines: readonly string[];
  ingest: Ingest;
  stop(): Promise<void>;
}

/**
 * The plant floor's side: an embedded MQTT broker unless MQTT_URL names one,
 * and the line simulator unless it is turned off (a plant with real machines).
 */
async function startMachineData(
  config: Config,
  store: Store,
  logger: Logger,
): Promise<MachineData> {
  const broker = config.mqtt.url
    ? undefined
    : await startEmbeddedBroker({ port: config.mqtt.embeddedPort });
  let ingest: Ingest | undefined;
  try {
    const mqttUrl = config.mqtt.url ?? broker?.url ?? '';
    const { plant } = await currentPlant(store.db);
    const group = config.mqtt.group ?? plant.site.code;
    // Ingest first, so that the simulator's births are not missed. The client
    // id is stable, so the broker keeps the session across restarts; a
    // process sharing the ingest has its own (its instance id).
    const shared = config.mqtt.sharedIngest;
    const running = await startIngest({
      db: store.db,
      mqttUrl,
      group,
      clientId: shared ? `lotline-ingest-${group}-${shared.instanceId}` : `lotline-ingest-${group}`,
      ...(shared ? { shared: { shareGroup: shared.shareGroup, instance: shared.instanceId } } : {}),
      logger,
      // A server has connections to spare: the next batch goes in while one commits.
      concurrentBatches: store.kind === 'postgres' ? 2 : 1,
      // A line's good output is what its last station (packing) passes.
      outputStation: (line) => plant.lines.find((l) => l.code === line)?.stations.at(-1)?.code,
      stationOrder: (line) => plant.lines.find((l) => l.code === line)?.stations.map((s) => s.code),
    });
    ingest = running;
    const simulator = config.simulate
      ? await runSimulatedPlant({
          plant,
          mqttUrl,
          group,
          onError: (error) => logger.warn({ err: error }, 'line simulator: publishing failed'),
        })
      : undefined;
    return {
      mqttUrl,
      group,
      embedded: broker !== undefined,
      simulatedLines: simulator?.lines ?? [],
      ingest: running,
      stop: async () => {
        await simulator?.stop();
        await running.stop();
        await broker?.stop();
      },
    };
  } catch (error) {
    await ingest?.stop();
    await broker?.stop();
    throw error;
  }
}

/** How long the stop waits for the background work before closing the store under it. */
const BACKGROUND_STOP_MS = 10_000;

/** Whether the promise settled within `ms` (it goes on either way). */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return settled;
}

async function listen(
  config: Config,
  app: App,
  store: Store,
  machineData: MachineData,
  background: readonly { stop(): Promise<void> }[],
  firstRun: Running['firstRun'],
): Promise<Running> {
  await app.listen({ host: config.http.host, port: config.http.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // The background work reading the store first, then the machines (no
      // new data), then finish in-flight requests, then release the store
      // (and its lock).
      try {
        // A part waiting on a query that will not answer (seen after the
        // database restarted under load) must not hold the stop: past the
        // wait, closing the store ends that query's connection, and the part
        // finishes with the error.
        // The machine data and the HTTP server can wait on such a query too
        // (a batch's commit, a request's): each gets the same bounded wait,
        // or the store's close, which would end the query, never comes.
        const parts = [
          ...background.map((part) => () => part.stop()),
          () => machineData.stop(),
          () => app.close(),
        ];
        for (const part of parts) {
          const stopping = part().catch((error: unknown) =>
            app.log.error({ err: error }, 'stopping: background work failed'),
          );
          const finished = await settlesWithin(stopping, BACKGROUND_STOP_MS);
          if (!finished)
            app.log.warn('stopping: background work still busy; closing the store under it');
        }
      } finally {
        await store.close();
      }
    })();
    return stopping;
  };
  return { url: `http://${host}:${port}`, app, store, machineData, firstRun, stop };
}
