import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Lot, type MassBalance, useMassBalance } from '../../api/genealogy';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import { formatQuantity, statusLabel } from './labels';

/** Where a lot came from: the supplier's lot and certificate, or the work order and line. */
export function LotFacts({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const q = (n: number) => formatQuantity(n, lot.unit);
  return (
    <div className="panel">
      <dl className="facts" data-testid="lot-facts">
        <Fact label={t('lots:list.material')} lead>
          <code className="code">{lot.material}</code>
        </Fact>
        <Fact
          label={lot.origin === 'received' ? t('lots:facts.received') : t('lots:facts.made')}
          lead
        >
          <span data-testid="lot-quantity">{q(lot.quantity)}</span>
        </Fact>
        {lot.origin === 'received' ? (
          <>
            <Fact label={t('lots:facts.supplier')}>
              <code className="code">{lot.supplier ?? '—'}</code>
            </Fact>
            <Fact label={t('lots:facts.supplierLot')}>{lot.supplierLot ?? '—'}</Fact>
            <Fact label={t('lots:facts.certificate')}>{lot.certificate ?? '—'}</Fact>
          </>
        ) : (
          <>
            <Fact label={t('lots:facts.workOrder')}>
              {lot.workOrderId && lot.workOrderNumber ? (
                <Link to={`/production/work-orders/${encodeURIComponent(lot.workOrderId)}`}>
                  {lot.workOrderNumber}
                </Link>
              ) : (
                '—'
              )}
            </Fact>
            <Fact label={t('common:words.line')}>
              {lot.line ? <code className="code">{lot.line}</code> : '—'}
            </Fact>
            <Fact label={t('lots:facts.madeDuring')}>
              {lot.madeFrom ? formatDateTime(lot.madeFrom) : '—'}
              {lot.madeTo
                ? ` – ${formatDateTime(lot.madeTo)}`
                : lot.madeFrom
                  ? ` – ${t('lots:facts.running')}`
                  : ''}
            </Fact>
          </>
        )}
        {lot.reworkOf && (
          <Fact label={t('lots:facts.reworkOf')}>
            <Link to={`/lots/${encodeURIComponent(lot.reworkOf)}`}>
              {t('lots:facts.originalLot')}
            </Link>
          </Fact>
        )}
        <Fact label={t('lots:facts.expires')}>{lot.expiresOn ?? '—'}</Fact>
        {lot.status === 'on_hold' && lot.heldFrom && (
          <Fact label={t('lots:facts.heldFrom')}>{statusLabel(t, lot.heldFrom)}</Fact>
        )}
        <Fact label={t('lots:facts.recorded')}>
          {formatDateTime(lot.createdAt)}{' '}
          <span className="muted small">{t('lots:facts.by', { user: lot.createdBy })}</span>
        </Fact>
      </dl>
    </div>
  );
}

function Fact({ label, lead, children }: { label: string; lead?: boolean; children: ReactNode }) {
  return (
    <div className={`facts__item${lead ? ' facts__item--lead' : ''}`}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** In, out and on hand, and whether it adds up (issue 5 §6: zero, or explained). */
export function MassBalancePanel({ lot }: { lot: Lot }) {
  const { t } = useTranslation();
  const balance = useMassBalance(lot.number);
  return (
    <QueryView query={balance} what={t('lots:balance.loading')}>
      {(b) => <MassBalanceFigures balance={b} origin={lot.origin} />}
    </QueryView>
  );
}

function MassBalanceFigures({
  balance: b,
  origin,
}: {
  balance: MassBalance;
  origin: Lot['origin'];
}) {
  const { t } = useTranslation();
  const q = (n: number) => formatQuantity(n, b.unit);
  const rows: [string, number, string][] = [
    [origin === 'received' ? t('lots:balance.received') : t('lots:balance.made'), b.in, 'in'],
    [t('lots:balance.consumed'), -b.consumed, 'consumed'],
    [t('lots:balance.consuming'), -b.consuming, 'consuming'],
    [t('lots:balance.scrapped'), -b.scrapped, 'scrapped'],
    [t('lots:balance.shipped'), -b.shipped, 'shipped'],
    [t('lots:balance.adjusted'), b.adjusted, 'adjusted'],
  ];
  return (
    <div className="mass-balance" data-testid="mass-balance">
      <table className="table table--compact mass-balance__table">
        <caption className="visually-hidden">{t('lots:balance.caption', { lot: b.lot })}</caption>
        <tbody>
          {rows
            .filter(([, value, key]) => value !== 0 || key === 'in' || key === 'consumed')
            .map(([label, value, key]) => (
              <tr key={key} data-testid={`balance-${key}`}>
                <th scope="row">{label}</th>
                <td className="num">
                  {value < 0 ? '− ' : value > 0 && key !== 'in' ? '+ ' : ''}
                  {q(Math.abs(value))}
                </td>
              </tr>
            ))}
          <tr className="mass-balance__total" data-testid="balance-onHand">
            <th scope="row">{t('lots:balance.onHand')}</th>
            <td className="num">{q(b.onHand)}</td>
          </tr>
        </tbody>
      </table>
      <p className="mass-balance__verdict" data-testid="balance-verdict">
        {b.balanced ? (
          <span className="badge badge--ok">{t('lots:balance.balanced')}</span>
        ) : (
          <span className="badge badge--danger">
            {t('lots:balance.off', { quantity: q(b.difference) })}
          </span>
        )}{' '}
        <span className="muted small">
          {b.balanced
            ? t('lots:balance.balancedText')
            : t('lots:balance.offText', { quantity: q(b.ledgerOnHand) })}
          {b.consumptionPosted !== b.consumed
            ? ` ${t('lots:balance.consumptionText', {
                posted: q(b.consumptionPosted),
                settled: q(b.consumed),
              })}`
            : ''}
        </span>
      </p>
    </div>
  );
}
