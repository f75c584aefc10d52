import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CheckState,
  STATUS_REFRESH_MS,
  type SystemStatus,
  useSystemStatus,
} from '../../api/status';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';
import { i18n } from '../../i18n';
import { checkText } from './statusChecks';

const BADGE: Record<CheckState, string> = {
  ok: 'badge badge--ok',
  warning: 'badge badge--warn',
  error: 'badge badge--danger',
};

function StateBadge({ state }: { state: CheckState }) {
  const { t } = useTranslation();
  return (
    <span className={BADGE[state]} data-state={state}>
      {t(`status:state.${state}`)}
    </span>
  );
}

function Fact({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <div className="facts__item">
      <dt>{label}</dt>
      <dd {...(id ? { 'data-testid': id } : {})}>{children}</dd>
    </div>
  );
}

/** How long the server has been up: "2 d 3 h", "3 h 12 min", "4 min 9 s". */
function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return i18n.t('status:duration.days', { d, h });
  if (h > 0) return i18n.t('status:duration.hours', { h, m });
  return i18n.t('status:duration.minutes', { m, s: Math.floor(seconds % 60) });
}

const perSecond = (n: number | undefined) =>
  n === undefined ? '—' : i18n.t('status:perSecond', { value: formatDecimal(n) });

/** /admin/status: how the running Lotline is doing, refreshed every few seconds. */
export function StatusPage() {
  const { t } = useTranslation();
  const status = useSystemStatus();
  return (
    <div className="page" data-testid="status-page">
      <header className="page-header">
        <div>
          <p className="page-header__eyebrow">{t('admin:eyebrow')}</p>
          <h1>
            {t('status:title')} {status.data && <StateBadge state={status.data.overall} />}
          </h1>
        </div>
        {status.data && (
          <p className="muted small" role="status" data-testid="status-checked-at">
            {t('status:checkedAt', {
              at: formatDateTime(status.data.checkedAt),
              seconds: formatInteger(STATUS_REFRESH_MS / 1000),
            })}
            {status.isError && ` — ${t('status:refreshFailed')}`}
          </p>
        )}
      </header>
      {status.data === undefined ? (
        status.isError ? (
          <ErrorPanel
            error={status.error}
            context={t('common:loading.context', { what: t('status:what') })}
          />
        ) : (
          <Loading what={t('status:what')} />
        )
      ) : (
        <StatusBody status={status.data} />
      )}
    </div>
  );
}

function StatusBody({ status }: { status: SystemStatus }) {
  const { t } = useTranslation();
  const { store, machineData: machine } = status;
  return (
    <>
      <section className="section" aria-labelledby="status-checks-title">
        <h2 id="status-checks-title">{t('status:checks.title')}</h2>
        <table className="table table--compact" data-testid="status-checks">
          <thead>
            <tr>
              <th>{t('status:checks.part')}</th>
              <th>{t('common:words.status')}</th>
              <th>{t('status:checks.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {status.checks.map((check) => {
              const text = checkText(check, status);
              return (
                <tr key={check.name} data-check={check.name}>
                  <td>{text.name}</td>
                  <td>
                    <StateBadge state={check.state} />
                  </td>
                  <td>{text.detail}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="section" aria-labelledby="status-server-title">
        <h2 id="status-server-title">{t('status:server.title')}</h2>
        <div className="panel">
          <dl className="facts">
            <Fact label={t('status:server.version')}>{status.version}</Fact>
            <Fact label={t('status:server.upFor')} id="status-uptime">
              {duration(status.uptimeSeconds)}
            </Fact>
            <Fact label={t('status:server.memory')}>
              {t('status:megabytes', { value: formatDecimal(status.memory.rssMb) })}
            </Fact>
            <Fact label={t('status:server.heap')}>
              {t('status:server.heapOf', {
                used: formatDecimal(status.memory.heapUsedMb),
                total: formatDecimal(status.memory.heapTotalMb),
              })}
            </Fact>
            <Fact label={t('status:server.liveWatchers')} id="status-live">
              {formatInteger(status.liveSubscribers)}
            </Fact>
          </dl>
        </div>
      </section>

      <section className="section" aria-labelledby="status-store-title">
        <h2 id="status-store-title">{t('status:store.title')}</h2>
        <div className="panel">
          <dl className="facts">
            <Fact label={t('status:store.store')}>{t(`status:store.kind.${store.kind}`)}</Fact>
            <Fact label={t('status:store.answers')} id="status-store-ping">
              {store.reachable
                ? t('status:store.answersIn', { ms: formatDecimal(store.pingMs ?? 0) })
                : t('status:store.noAnswer', { error: store.error ?? '' })}
            </Fact>
            <Fact label={t('status:store.connections')}>
              {formatInteger(store.pool.total - store.pool.idle)} /{' '}
              {formatInteger(store.pool.total)} / {formatInteger(store.pool.max)}
            </Fact>
            <Fact label={t('status:store.waiting')}>{formatInteger(store.pool.waiting)}</Fact>
            <Fact label={t('status:store.migrations')}>
              {t('status:store.migrationsOf', {
                applied:
                  store.migrations.applied === null ? '?' : formatInteger(store.migrations.applied),
                known: formatInteger(store.migrations.known),
              })}
            </Fact>
          </dl>
        </div>
      </section>

      <section className="section" aria-labelledby="status-ingest-title">
        <h2 id="status-ingest-title">{t('status:ingest.title')}</h2>
        {machine ? (
          <div className="panel">
            <dl className="facts" data-testid="status-ingest">
              <Fact label={t('status:ingest.broker')}>
                {machine.broker}{' '}
                {machine.embedded && (
                  <span className="muted small">{t('status:ingest.embedded')}</span>
                )}
              </Fact>
              <Fact label={t('status:ingest.connected')} id="status-broker-connected">
                {machine.connected
                  ? t('status:ingest.connectedYes')
                  : t('status:ingest.connectedNo')}
              </Fact>
              <Fact label={t('status:ingest.group')}>{machine.group}</Fact>
              <Fact label={t('status:ingest.received')} id="status-received">
                {formatInteger(machine.counters.received)}
              </Fact>
              <Fact label={t('status:ingest.receiveRate')} id="status-receive-rate">
                {perSecond(machine.rates?.received)}
              </Fact>
              <Fact label={t('status:ingest.rows')}>{formatInteger(machine.counters.events)}</Fact>
              <Fact label={t('status:ingest.rowRate')}>{perSecond(machine.rates?.events)}</Fact>
              <Fact label={t('status:ingest.pending')}>
                {formatInteger(machine.counters.pending)}
              </Fact>
              <Fact label={t('status:ingest.lag')} id="status-lag">
                {t('status:seconds', { value: formatDecimal(machine.lagSeconds) })}
              </Fact>
              <Fact label={t('status:ingest.deadLetters')}>
                {status.deadLettersLastHour === null
                  ? '?'
                  : formatInteger(status.deadLettersLastHour)}
              </Fact>
              <Fact label={t('status:ingest.commitFailures')}>
                {formatInteger(machine.counters.commitFailures)}
              </Fact>
              <Fact label={t('status:ingest.rebirths')}>
                {formatInteger(machine.counters.rebirthRequests)}
              </Fact>
            </dl>
            {machine.rateSeconds !== null && (
              <p className="muted small">
                {t('status:ingest.ratesOver', { seconds: formatInteger(machine.rateSeconds) })}
              </p>
            )}
          </div>
        ) : (
          <p className="muted">{t('status:ingest.none')}</p>
        )}
      </section>

      <section className="section" aria-labelledby="status-watcher-title">
        <h2 id="status-watcher-title">{t('status:watcher.title')}</h2>
        {status.watcher.length === 0 ? (
          <p className="muted">{t('status:watcher.none')}</p>
        ) : (
          <table className="table table--compact" data-testid="status-watcher">
            <thead>
              <tr>
                <th>{t('status:ingest.group')}</th>
                <th>{t('status:watcher.lastTick')}</th>
                <th>{t('status:watcher.behind')}</th>
              </tr>
            </thead>
            <tbody>
              {status.watcher.map((cursor) => (
                <tr key={cursor.group}>
                  <td>{cursor.group}</td>
                  <td>{t('status:watcher.ago', { seconds: formatDecimal(cursor.ageSeconds) })}</td>
                  <td>{formatInteger(cursor.eventsBehind)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
