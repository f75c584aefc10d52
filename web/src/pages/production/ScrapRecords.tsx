import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useReasonTables, useWorkOrderScrap, type WorkOrder } from '../../api/production';
import { QueryView } from '../../components/QueryView';
import { formatInteger, formatTimestamp } from '../../format';

/**
 * A work order's recorded scrap: totals by reason, then the latest records.
 * The order itself carries only its last few records (a long order gathers
 * thousands), so the page asks for them apart, again whenever the order's
 * count of records changes.
 */
export function ScrapRecords({ order }: { order: WorkOrder }) {
  const { t } = useTranslation();
  const id = useId();
  const reasons = useReasonTables();
  const scrap = useWorkOrderScrap(order.id, order.scrapEntries);
  const scrapNames = new Map((reasons.data?.scrapReasons ?? []).map((r) => [r.code, r.name]));
  const reasonCell = (code: string) => (
    <td>
      <code className="code">{code}</code> {scrapNames.get(code) ?? ''}
    </td>
  );

  return (
    <section className="section" aria-labelledby={`${id}-scrap`}>
      <h2 id={`${id}-scrap`}>{t('production:order.scrapRecords')}</h2>
      {order.scrapEntries === 0 ? (
        <p className="muted">{t('production:order.noScrap')}</p>
      ) : (
        <QueryView query={scrap} what={t('production:order.loadingScrap')}>
          {(data) => (
            <>
              <h3 id={`${id}-by-reason`}>{t('production:order.scrapByReason')}</h3>
              <table
                className="table table--compact"
                data-testid="wo-scrap-by-reason"
                aria-labelledby={`${id}-by-reason`}
              >
                <thead>
                  <tr>
                    <th scope="col">{t('common:words.reason')}</th>
                    <th scope="col" className="num">
                      {t('common:words.quantity')}
                    </th>
                    <th scope="col" className="num">
                      {t('production:order.column.entries')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.byReason.map((r) => (
                    <tr key={r.reason}>
                      {reasonCell(r.reason)}
                      <td className="num">{formatInteger(r.units)}</td>
                      <td className="num">{formatInteger(r.entries)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small" data-testid="wo-scrap-shown">
                {t('production:order.scrapShown', {
                  count: data.entries,
                  shown: formatInteger(data.records.length),
                })}
              </p>
              <table className="table table--compact" data-testid="wo-scrap">
                <thead>
                  <tr>
                    <th scope="col">{t('production:order.column.when')}</th>
                    <th scope="col" className="num">
                      {t('common:words.quantity')}
                    </th>
                    <th scope="col">{t('common:words.reason')}</th>
                    <th scope="col">{t('production:order.column.station')}</th>
                    <th scope="col">{t('production:order.column.by')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.records.map((r, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: records have no id of their own
                    <tr key={`${r.at}-${index}`}>
                      <td className="nowrap">{formatTimestamp(r.at)}</td>
                      <td className="num">{formatInteger(r.quantity)}</td>
                      {reasonCell(r.reason)}
                      <td>{r.station ? <code className="code">{r.station}</code> : '—'}</td>
                      <td>{r.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </QueryView>
      )}
    </section>
  );
}
