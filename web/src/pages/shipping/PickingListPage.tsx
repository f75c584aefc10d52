import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useCustomers } from '../../api/plant';
import { usePickingList } from '../../api/shipping';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import { storagePath } from '../storage/labels';
import { orderPath, orderStateLabel, ordersPath } from './labels';
import { PickRows } from './OrderPage';

/** /storage/orders/:number/picking-list — the containers to fetch, as the picker takes them on paper. */
export function PickingListPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const list = usePickingList(number);
  const customers = useCustomers();
  return (
    <div className="page st-print" data-testid="picking-list-page">
      <nav className="breadcrumbs st-no-print" aria-label={t('shipping:breadcrumb')}>
        <ol>
          <li>
            <Link to={storagePath}>{t('shipping:storage')}</Link>
          </li>
          <li>
            <Link to={ordersPath}>{t('shipping:orders.crumb')}</Link>
          </li>
          <li>
            <Link to={orderPath(number)}>{number}</Link>
          </li>
          <li aria-current="page">{t('shipping:pickingList.title')}</li>
        </ol>
      </nav>
      <QueryView query={list} what={t('shipping:loading.pickingList')}>
        {(data) => {
          const customer = customers.data?.find((c) => c.code === data.customer);
          return (
            <>
              <header className="page-header page-header--split">
                <div>
                  <p className="page-header__eyebrow">{t('shipping:pickingList.title')}</p>
                  <h1>{t('shipping:pickingList.order', { order: data.order })}</h1>
                  <p className="st-subtitle">
                    {data.customer}
                    {customer ? ` — ${customer.name}` : ''} · {orderStateLabel(data.state)} ·{' '}
                    {t('shipping:pickingList.printed', {
                      at: formatDateTime(new Date().toISOString()),
                    })}
                  </p>
                </div>
                <div className="form__actions st-no-print">
                  <button
                    type="button"
                    className="button button--primary st-touch"
                    data-command="print"
                    onClick={() => window.print()}
                  >
                    {t('common:actions.print')}
                  </button>
                  <Link className="button st-touch" to={orderPath(data.order)}>
                    {t('shipping:pickingList.back')}
                  </Link>
                </div>
              </header>
              {data.rows.length === 0 ? (
                <p className="muted">{t('shipping:pickingList.none')}</p>
              ) : (
                <PickRows list={data} />
              )}
              <p className="st-sign-lines">
                <span>{t('shipping:pickingList.pickedBy')} ____________________</span>
                <span>{t('shipping:pickingList.dateTime')} ____________________</span>
              </p>
            </>
          );
        }}
      </QueryView>
    </div>
  );
}
