import type { ReactNode } from 'react';
import {
  type CheckState,
  STATUS_REFRESH_MS,
  type SystemStatus,
  useSystemStatus,
} from '../../api/status';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';

const BADGE: Record<CheckState, string> = {
  ok: 'badge badge--ok',
  warning: 'badge badge--warn',
  error: 'badge badge--danger',
};
const LABEL: Record<CheckState, string> = { ok: 'OK', warning: 'Warning', error: 'Error' };

function StateBadge({ state }: { state: CheckState }) {
  return (
    <span className={BADGE[state]} data-state={state}>
      {LABEL[state]}
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

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min ${Math.floor(seconds % 60)} s`;
}

const perSecond = (n: number | undefined) => (n === undefined ? '—' : `${formatDecimal(n)}/s`);

/** /admin/status: how the running Lotline is doing, refreshed every few seconds. */
export function StatusPage() {
  const status = useSystemStatus();
  return (
    <div className="page" data-testid="status-page">
      <header className="page-header">
        <div>
          <p className="page-header__eyebrow">Administration</p>
          <h1>System status {status.data && <StateBadge state={status.data.overall} />}</h1>
        </div>
        {status.data && (
          <p className="muted small" role="status" data-testid="status-checked-at">
            Checked {formatDateTime(status.data.checkedAt)}; refreshes every{' '}
            {STATUS_REFRESH_MS / 1000} s
            {status.isError && ' — the last refresh failed, these figures are old'}
          </p>
        )}
      </header>
      {status.data === undefined ? (
        status.isError ? (
          <ErrorPanel error={status.error} context="Loading the system status" />
        ) : (
          <Loading what="the system status" />
        )
      ) : (
        <StatusBody status={status.data} />
      )}
    </div>
  );
}

function StatusBody({ status }: { status: SystemStatus }) {
  const { store, machineData: machine } = status;
  return (
    <>
      <section className="section" aria-labelledby="status-checks-title">
        <h2 id="status-checks-title">Checks</h2>
        <table className="table table--compact" data-testid="status-checks">
          <thead>
            <tr>
              <th>Part</th>
              <th>State</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {status.checks.map((check) => (
              <tr key={check.name} data-check={check.name}>
                <td>{check.name}</td>
                <td>
                  <StateBadge state={check.state} />
                </td>
                <td>{check.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="section" aria-labelledby="status-server-title">
        <h2 id="status-server-title">Server</h2>
        <div className="panel">
          <dl className="facts">
            <Fact label="Version">{status.version}</Fact>
            <Fact label="Up for" id="status-uptime">
              {duration(status.uptimeSeconds)}
            </Fact>
            <Fact label="Memory (resident)">{formatDecimal(status.memory.rssMb)} MB</Fact>
            <Fact label="Heap in use">
              {formatDecimal(status.memory.heapUsedMb)} of{' '}
              {formatDecimal(status.memory.heapTotalMb)} MB
            </Fact>
            <Fact label="Live floor watchers" id="status-live">
              {formatInteger(status.liveSubscribers)}
            </Fact>
          </dl>
        </div>
      </section>

      <section className="section" aria-labelledby="status-store-title">
        <h2 id="status-store-title">Database</h2>
        <div className="panel">
          <dl className="facts">
            <Fact label="Store">
              {store.kind === 'pglite' ? 'Embedded (PGlite)' : 'PostgreSQL server'}
            </Fact>
            <Fact label="Answers" id="status-store-ping">
              {store.reachable ? `in ${formatDecimal(store.pingMs ?? 0)} ms` : `no: ${store.error}`}
            </Fact>
            <Fact label="Connections busy / open / max">
              {store.pool.total - store.pool.idle} / {store.pool.total} / {store.pool.max}
            </Fact>
            <Fact label="Queries waiting">{formatInteger(store.pool.waiting)}</Fact>
            <Fact label="Migrations applied">
              {store.migrations.applied ?? '?'} of {store.migrations.known}
            </Fact>
          </dl>
        </div>
      </section>

      <section className="section" aria-labelledby="status-ingest-title">
        <h2 id="status-ingest-title">Machine data</h2>
        {machine ? (
          <div className="panel">
            <dl className="facts" data-testid="status-ingest">
              <Fact label="Broker">
                {machine.broker}{' '}
                {machine.embedded && <span className="muted small">(embedded)</span>}
              </Fact>
              <Fact label="Connected" id="status-broker-connected">
                {machine.connected ? 'yes' : 'no — reconnecting'}
              </Fact>
              <Fact label="Group">{machine.group}</Fact>
              <Fact label="Messages received" id="status-received">
                {formatInteger(machine.counters.received)}
              </Fact>
              <Fact label="Receive rate" id="status-receive-rate">
                {perSecond(machine.rates?.received)}
              </Fact>
              <Fact label="Metric rows written">{formatInteger(machine.counters.events)}</Fact>
              <Fact label="Row rate">{perSecond(machine.rates?.events)}</Fact>
              <Fact label="Waiting for commit">{formatInteger(machine.counters.pending)}</Fact>
              <Fact label="Lag" id="status-lag">
                {formatDecimal(machine.lagSeconds)} s
              </Fact>
              <Fact label="Dead letters (last hour)">
                {status.deadLettersLastHour === null
                  ? '?'
                  : formatInteger(status.deadLettersLastHour)}
              </Fact>
              <Fact label="Commit failures">{formatInteger(machine.counters.commitFailures)}</Fact>
              <Fact label="Rebirth requests">
                {formatInteger(machine.counters.rebirthRequests)}
              </Fact>
            </dl>
            {machine.rateSeconds !== null && (
              <p className="muted small">Rates over the last {machine.rateSeconds} s.</p>
            )}
          </div>
        ) : (
          <p className="muted">This process does not ingest machine data.</p>
        )}
      </section>

      <section className="section" aria-labelledby="status-watcher-title">
        <h2 id="status-watcher-title">Breakdown watcher</h2>
        {status.watcher.length === 0 ? (
          <p className="muted">The watcher has not read any machine data yet.</p>
        ) : (
          <table className="table table--compact" data-testid="status-watcher">
            <thead>
              <tr>
                <th>Group</th>
                <th>Last tick</th>
                <th>Machine events not read yet</th>
              </tr>
            </thead>
            <tbody>
              {status.watcher.map((cursor) => (
                <tr key={cursor.group}>
                  <td>{cursor.group}</td>
                  <td>{formatDecimal(cursor.ageSeconds)} s ago</td>
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
