import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type MasterSchedule, type MpsRow, useMasterSchedule } from '../../api/planning';
import { QueryView } from '../../components/QueryView';
import { formatInteger } from '../../format';
import { counted, formatDay, formatWeek } from './labels';
import { PlanningHeader } from './PlanningHeader';
import './planning.css';

const HORIZONS = [8, 12, 26] as const;

/** The figures of a product's week, in the order the schedule reasons (words: planning:mps.measure.*). */
const MEASURES: readonly (keyof Omit<MpsRow, 'week'>)[] = [
  'orders',
  'forecast',
  'demand',
  'fromWorkOrders',
  'planned',
  'projected',
];

/** /planning/mps?weeks= — the master production schedule by product and week. */
export function MpsPage() {
  const { t } = useTranslation();
  const id = useId();
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get('weeks'));
  const weeks = (HORIZONS as readonly number[]).includes(asked) ? asked : 12;
  const mps = useMasterSchedule(weeks);
  return (
    <div className="page" data-testid="planning-mps-page">
      <PlanningHeader current="mps" title={t('planning:mps.title')}>
        <div className="form-field">
          <label htmlFor={`${id}-weeks`}>{t('planning:mps.weeks')}</label>
          <select
            id={`${id}-weeks`}
            value={weeks}
            onChange={(e) => setParams({ weeks: e.target.value }, { replace: true })}
          >
            {HORIZONS.map((h) => (
              <option key={h} value={h}>
                {t('planning:mps.weekCount', counted(h))}
              </option>
            ))}
          </select>
        </div>
      </PlanningHeader>
      <p className="muted">{t('planning:mps.intro')}</p>
      <QueryView query={mps} what={t('planning:mps.loading')}>
        {(schedule) => <MasterScheduleTables schedule={schedule} />}
      </QueryView>
    </div>
  );
}

function MasterScheduleTables({ schedule }: { schedule: MasterSchedule }) {
  const { t } = useTranslation();
  if (schedule.products.length === 0) {
    return (
      <p className="muted" data-testid="mps-empty">
        {t('planning:mps.empty')}
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
                {p.product} · {t('planning:mps.onHand', { quantity: formatInteger(p.onHand) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('planning:mps.weekOf')}</th>
                  {p.rows.map((r) => (
                    <th key={r.week} scope="col" className="num" title={formatDay(r.week)}>
                      {formatWeek(r.week)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {MEASURES.map((m) => (
                  <tr key={m} data-measure={m} className={`planning-mps__${m}`}>
                    <th scope="row" title={t(`planning:mps.hint.${m}`)}>
                      {t(`planning:mps.measure.${m}`)}
                    </th>
                    {p.rows.map((r) => (
                      <td
                        key={r.week}
                        className={`num${m === 'projected' && r.projected < 0 ? ' planning-late' : r[m] === 0 ? ' muted' : ''}`}
                      >
                        {formatInteger(r[m])}
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
