import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { equipmentPath, useEquipment } from '../../api/maintenance';
import { useLines, usePlantSummary } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatInteger } from '../../format';
import { stateLabel } from '../floor/states';
import { CriticalityBadge } from './badges';
import { MaintenanceHeader } from './MaintenanceHeader';
import './maintenance.css';

/** /maintenance/equipment — every station as an asset: what machine, its state and open work. */
export function EquipmentListPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const line = params.get('line') ?? '';
  const lines = useLines();
  const equipment = useEquipment(line || undefined);
  const zone = usePlantSummary().data?.site.timezone;
  return (
    <div className="page" data-testid="equipment-list">
      <MaintenanceHeader current="equipment" title={t('maintenance:equipmentList.title')} />
      <search aria-label={t('maintenance:equipmentList.filter')}>
        <div className="filters">
          <div className="form-field">
            <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
            <select
              id={`${id}-line`}
              value={line}
              onChange={(e) =>
                setParams(e.target.value ? { line: e.target.value } : {}, { replace: true })
              }
            >
              <option value="">{t('maintenance:filters.allLines')}</option>
              {(lines.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </search>
      <QueryView query={equipment} what={t('maintenance:equipmentList.loading')}>
        {(assets) => (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="equipment-table">
              <thead>
                <tr>
                  <th scope="col">{t('maintenance:columns.asset')}</th>
                  <th scope="col">{t('maintenance:columns.station')}</th>
                  <th scope="col">{t('maintenance:columns.makeAndModel')}</th>
                  <th scope="col">{t('maintenance:columns.serial')}</th>
                  <th scope="col">{t('maintenance:columns.criticality')}</th>
                  <th scope="col">{t('maintenance:columns.state')}</th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.openJobs')}
                  </th>
                  <th scope="col" className="num">
                    {t('maintenance:columns.cyclesCounted')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {assets.map((a) => (
                  <tr
                    key={`${a.line}/${a.station}`}
                    data-testid={`asset-${a.line}-${a.station}`}
                    className={a.inBreakdownSince ? 'mnt-overdue' : undefined}
                  >
                    <th scope="row">
                      <Link to={equipmentPath(a.line, a.station)}>
                        {a.line}/{a.station}
                      </Link>
                    </th>
                    <td>{a.name}</td>
                    <td>{[a.make, a.model].filter(Boolean).join(' ') || '—'}</td>
                    <td className="code">{a.serial ?? '—'}</td>
                    <td>
                      {a.criticality ? <CriticalityBadge criticality={a.criticality} /> : '—'}
                    </td>
                    <td>
                      {a.state ? stateLabel(a.state) : t('maintenance:equipmentList.notSeen')}
                      {a.inBreakdownSince && (
                        <span className="muted small">
                          {' '}
                          ·{' '}
                          {t('maintenance:equipmentList.brokenDownSince', {
                            since: formatDateTime(a.inBreakdownSince, zone),
                          })}
                        </span>
                      )}
                    </td>
                    <td className="num">{formatInteger(a.openWorkOrders)}</td>
                    <td className="num">{formatInteger(a.counts.cycles)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </div>
  );
}
