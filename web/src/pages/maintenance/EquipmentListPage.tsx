import { useId } from 'react';
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
  const id = useId();
  const [params, setParams] = useSearchParams();
  const line = params.get('line') ?? '';
  const lines = useLines();
  const equipment = useEquipment(line || undefined);
  const zone = usePlantSummary().data?.site.timezone;
  return (
    <div className="page" data-testid="equipment-list">
      <MaintenanceHeader current="equipment" title="Equipment" />
      <search aria-label="Filter the equipment">
        <div className="filters">
          <div className="form-field">
            <label htmlFor={`${id}-line`}>Line</label>
            <select
              id={`${id}-line`}
              value={line}
              onChange={(e) =>
                setParams(e.target.value ? { line: e.target.value } : {}, { replace: true })
              }
            >
              <option value="">All lines</option>
              {(lines.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      </search>
      <QueryView query={equipment} what="the equipment">
        {(assets) => (
          <div className="table-scroll">
            <table className="table table--compact" data-testid="equipment-table">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Station</th>
                  <th scope="col">Make and model</th>
                  <th scope="col">Serial</th>
                  <th scope="col">Criticality</th>
                  <th scope="col">State</th>
                  <th scope="col" className="num">
                    Open jobs
                  </th>
                  <th scope="col" className="num">
                    Cycles counted
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
                      {a.state ? stateLabel(a.state) : 'Not seen yet'}
                      {a.inBreakdownSince && (
                        <span className="muted small">
                          {' '}
                          · broken down since {formatDateTime(a.inBreakdownSince, zone)}
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
