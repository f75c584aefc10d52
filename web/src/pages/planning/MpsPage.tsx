import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { type MasterSchedule, type MpsRow, useMasterSchedule } from '../../api/planning';
import { QueryView } from '../../components/QueryView';
import { formatInteger } from '../../format';
import { formatDay, formatWeek } from './labels';
import { PlanningHeader } from './PlanningHeader';
import './planning.css';

const HORIZONS = [8, 12, 26] as const;

/** The figures of a product's week, in the order the schedule reasons. */
const MEASURES: readonly { key: keyof Omit<MpsRow, 'week'>; label: string; hint: string }[] = [
  { key: 'orders', label: 'Customer orders', hint: 'open order lines due that week' },
  { key: 'forecast', label: 'Forecast', hint: 'the planners’ forecast for the week' },
  { key: 'demand', label: 'Demand', hint: 'the larger of orders and forecast' },
  { key: 'fromWorkOrders', label: 'From work orders', hint: 'what the unmade work orders bring' },
  { key: 'planned', label: 'Planned', hint: 'to make: the scheduler’s proposals' },
  { key: 'projected', label: 'Projected stock', hint: 'at the end of the week' },
];

/** /planning/mps?weeks= — the master production schedule by product and week. */
export function MpsPage() {
  const id = useId();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('weeks'));
  const weeks = (HORIZONS as readonly number[]).includes(asked) ? asked : 12;
  const mps = useMasterSchedule(weeks);
  return (
    <div className="page" data-testid="planning-mps-page">
      <PlanningHeader current="mps" title="Master production schedule">
        <div className="form-field">
          <label htmlFor={`${id}-weeks`}>Weeks</label>
          <select
            id={`${id}-weeks`}
            value={weeks}
            onChange={(e) => setParams({ weeks: e.target.value }, { replace: true })}
          >
            {HORIZONS.map((h) => (
              <option key={h} value={h}>
                {h} weeks
              </option>
            ))}
          </select>
        </div>
      </PlanningHeader>
      <p className="muted">
        By product and week: the demand (the larger of firm orders and forecast), what the unmade
        work orders bring, and what must be planned to keep the projected stock above zero. The
        planned quantities are the scheduler’s proposals, due at the start of their week.
      </p>
      <QueryView query={mps} what="the master production schedule">
        {(schedule) => <MasterScheduleTables schedule={schedule} />}
      </QueryView>
    </div>
  );
}

function MasterScheduleTables({ schedule }: { schedule: MasterSchedule }) {
  if (schedule.products.length === 0) {
    return (
      <p className="muted" data-testid="mps-empty">
        No product has orders, forecast or work orders in these weeks.
      </p>
    );
  }
  return (
    <div className="planning-mps" data-testid="mps">
      {schedule.products.map((p) => (
        <section key={p.product} className="section" aria-label={p.product}>
          <div className="table-scroll">
            <table
              className="table table--compact planning-mps__table"
              data-testid={`mps-${p.product}`}
              data-product={p.product}
            >
              <caption>
                {p.product} · on hand {formatInteger(p.onHand)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Week of</th>
                  {p.rows.map((r) => (
                    <th key={r.week} scope="col" className="num" title={formatDay(r.week)}>
                      {formatWeek(r.week)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {MEASURES.map((m) => (
                  <tr key={m.key} data-measure={m.key} className={`planning-mps__${m.key}`}>
                    <th scope="row" title={m.hint}>
                      {m.label}
                    </th>
                    {p.rows.map((r) => (
                      <td
                        key={r.week}
                        className={`num${m.key === 'projected' && r.projected < 0 ? ' planning-late' : r[m.key] === 0 ? ' muted' : ''}`}
                      >
                        {formatInteger(r[m.key])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
