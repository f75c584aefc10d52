import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Recall, useRecalls } from '../../api/genealogy';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatExact, formatInteger } from '../../format';

/** /recalls — every recall, newest first, with what it held and what had already left. */
export function RecallsPage() {
  const { t } = useTranslation();
  const recalls = useRecalls();
  return (
    <div className="page" data-testid="recalls-page">
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('recalls:list.eyebrow')}</p>
          <h1>{t('recalls:list.title')}</h1>
        </div>
        <Link className="button" to="/lots">
          {t('recalls:list.lots')}
        </Link>
      </header>
      <p className="muted small">{t('recalls:list.howToStart')}</p>
      <QueryView query={recalls} what={t('recalls:loading.recalls')}>
        {(data) =>
          data.length === 0 ? (
            <p className="muted" data-testid="no-recalls">
              {t('recalls:list.none')}
            </p>
          ) : (
            <RecallsTable recalls={data} />
          )
        }
      </QueryView>
    </div>
  );
}

function RecallsTable({ recalls }: { recalls: Recall[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="recalls-table">
        <thead>
          <tr>
            <th scope="col">{t('recalls:fields.recall')}</th>
            <th scope="col">{t('recalls:fields.suspectLot')}</th>
            <th scope="col">{t('common:words.reason')}</th>
            <th scope="col">{t('recalls:fields.started')}</th>
            <th scope="col" className="num">
              {t('recalls:list.lotsHeld')}
            </th>
            <th scope="col" className="num">
              {t('recalls:list.onHand')}
            </th>
            <th scope="col" className="num">
              {t('recalls:fields.shipped')}
            </th>
            <th scope="col" className="num">
              {t('recalls:list.customers')}
            </th>
          </tr>
        </thead>
        <tbody>
          {recalls.map(({ number, report: r }) => (
            <tr key={number} data-testid={`recall-${number}`}>
              <th scope="row">
                <Link to={`/recalls/${encodeURIComponent(number)}`}>{number}</Link>
              </th>
              <td>
                <Link to={`/lots/${encodeURIComponent(r.suspectLot)}?direction=forward`}>
                  {r.suspectLot}
                </Link>
              </td>
              <td>{r.reason}</td>
              <td className="nowrap">
                {formatDateTime(r.startedAt)} <span className="muted small">{r.startedBy}</span>
              </td>
              <td className="num">{formatInteger(r.totals.heldLots)}</td>
              <td className="num">{formatExact(r.totals.onHand)}</td>
              <td className="num">{formatExact(r.totals.shipped)}</td>
              <td className="num">{formatInteger(r.totals.customers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
