// The status checks in the reader's language. The server judges each part of
// the system (src/core/status/status.ts) and words the reason in English for
// its logs; the page words it again from the same figures, which the answer
// carries, and keeps the server's own words for a check it does not know.
import type { StatusCheck, SystemStatus } from '../../api/status';
import { formatDecimal, formatInteger } from '../../format';
import { i18n } from '../../i18n';

export interface CheckText {
  name: string;
  detail: string;
}

const WATCHER = 'breakdown watcher ';

/** Call at render time, from a component subscribed to the language. */
export function checkText(check: StatusCheck, status: SystemStatus): CheckText {
  const t = i18n.t;
  const { store, machineData: machine } = status;
  const kind = t(`status:store.kind.${store.kind}`);
  switch (check.name) {
    case 'store':
      return {
        name: t('status:check.store.name'),
        detail: store.reachable
          ? t('status:check.store.answers', { kind, ms: formatDecimal(store.pingMs ?? 0) })
          : t('status:check.store.silent', { kind, error: store.error ?? '' }),
      };
    case 'connection pool':
      return {
        name: t('status:check.pool.name'),
        detail:
          store.pool.waiting > 0
            ? t('status:check.pool.waiting', {
                count: store.pool.waiting,
                n: formatInteger(store.pool.waiting),
                max: formatInteger(store.pool.max),
              })
            : t('status:check.pool.busy', {
                busy: formatInteger(store.pool.total - store.pool.idle),
                max: formatInteger(store.pool.max),
              }),
      };
    case 'migrations': {
      const { applied, known } = store.migrations;
      return {
        name: t('status:check.migrations.name'),
        detail:
          applied === null
            ? t('status:check.migrations.unreadable')
            : applied < known
              ? t('status:check.migrations.behind', {
                  applied: formatInteger(applied),
                  known: formatInteger(known),
                })
              : t('status:check.migrations.applied', { count: applied, n: formatInteger(applied) }),
      };
    }
    case 'ingest':
      return { name: t('status:check.ingest.name'), detail: t('status:check.ingest.none') };
    case 'broker':
      if (!machine) break;
      return {
        name: t('status:check.broker.name'),
        detail: machine.connected
          ? t('status:check.broker.connected', { broker: machine.broker })
          : t('status:check.broker.reconnecting', { broker: machine.broker }),
      };
    case 'ingest lag':
      if (!machine) break;
      return {
        name: t('status:check.lag.name'),
        detail:
          machine.counters.pending === 0
            ? t('status:check.lag.committed')
            : t('status:check.lag.waiting', {
                count: machine.counters.pending,
                n: formatInteger(machine.counters.pending),
                seconds: formatDecimal(machine.lagSeconds),
              }),
      };
    case 'dead letters': {
      const dead = status.deadLettersLastHour;
      return {
        name: t('status:check.deadLetters.name'),
        detail:
          dead === null
            ? t('status:check.deadLetters.uncounted')
            : dead > 0
              ? t('status:check.deadLetters.kept', { count: dead, n: formatInteger(dead) })
              : t('status:check.deadLetters.none'),
      };
    }
    case 'memory':
      return {
        name: t('status:check.memory.name'),
        detail:
          check.state === 'warning'
            ? t('status:check.memory.heap', { mb: formatDecimal(status.memory.heapUsedMb) })
            : t('status:check.memory.resident', { mb: formatDecimal(status.memory.rssMb) }),
      };
    default: {
      const cursor = check.name.startsWith(WATCHER)
        ? status.watcher.find((c) => c.group === check.name.slice(WATCHER.length))
        : undefined;
      if (cursor) {
        return {
          name: t('status:check.watcher.name', { group: cursor.group }),
          detail: t('status:check.watcher.detail', {
            seconds: formatDecimal(cursor.ageSeconds),
            count: cursor.eventsBehind,
            n: formatInteger(cursor.eventsBehind),
          }),
        };
      }
    }
  }
  return { name: check.name, detail: check.detail };
}
