import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { type Lot, type MassBalance, useMassBalance } from '../../api/genealogy';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import { formatQuantity, STATUS_LABEL } from './labels';

/** Where a lot came from: the supplier's lot and certificate, or the work order and line. */
export function LotFacts({ lot }: { lot: Lot }) {
  const q = (n: number) => formatQuantity(n, lot.unit);
  return (
    <div className="panel">
      <dl className="facts" data-testid="lot-facts">
        <Fact label="Material" lead>
          <code className="code">{lot.material}</code>
        </Fact>
        <Fact label={lot.origin === 'received' ? 'Received' : 'Made'} lead>
          <span data-testid="lot-quantity">{q(lot.quantity)}</span>
        </Fact>
        {lot.origin === 'received' ? (
          <>
            <Fact label="Supplier">
              <code className="code">{lot.supplier ?? '—'}</code>
            </Fact>
            <Fact label="Supplier’s lot">{lot.supplierLot ?? '—'}</Fact>
            <Fact label="Certificate">{lot.certificate ?? '—'}</Fact>
          </>
        ) : (
          <>
            <Fact label="Work order">
              {lot.workOrderId && lot.workOrderNumber ? (
                <Link to={`/production/work-orders/${encodeURIComponent(lot.workOrderId)}`}>
                  {lot.workOrderNumber}
                </Link>
              ) : (
                '—'
              )}
            </Fact>
            <Fact label="Line">{lot.line ? <code className="code">{lot.line}</code> : '—'}</Fact>
            <Fact label="Made">
              {lot.madeFrom ? formatDateTime(lot.madeFrom) : '—'}
              {lot.madeTo ? ` – ${formatDateTime(lot.madeTo)}` : lot.madeFrom ? ' – (running)' : ''}
            </Fact>
          </>
        )}
        {lot.reworkOf && (
          <Fact label="Rework of">
            <Link to={`/lots/${encodeURIComponent(lot.reworkOf)}`}>the original lot</Link>
          </Fact>
        )}
        <Fact label="Expires">{lot.expiresOn ?? '—'}</Fact>
        {lot.status === 'on_hold' && lot.heldFrom && (
          <Fact label="Held from">{STATUS_LABEL[lot.heldFrom]}</Fact>
        )}
        <Fact label="Recorded">
          {formatDateTime(lot.createdAt)} <span className="muted small">by {lot.createdBy}</span>
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
  const balance = useMassBalance(lot.number);
  return (
    <QueryView query={balance} what="the mass balance">
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
  const q = (n: number) => formatQuantity(n, b.unit);
  const rows: [string, number, string][] = [
    [origin === 'received' ? 'Received' : 'Made', b.in, 'in'],
    ['Consumed', -b.consumed, 'consumed'],
    ['In feeders now', -b.consuming, 'consuming'],
    ['Scrapped', -b.scrapped, 'scrapped'],
    ['Shipped', -b.shipped, 'shipped'],
    ['Adjusted', b.adjusted, 'adjusted'],
  ];
  return (
    <div className="mass-balance" data-testid="mass-balance">
      <table className="table table--compact mass-balance__table">
        <caption className="visually-hidden">Mass balance of lot {b.lot}</caption>
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
            <th scope="row">On hand</th>
            <td className="num">{q(b.onHand)}</td>
          </tr>
        </tbody>
      </table>
      <p className="mass-balance__verdict" data-testid="balance-verdict">
        {b.balanced ? (
          <span className="badge badge--ok">Balanced</span>
        ) : (
          <span className="badge badge--danger">Off by {q(b.difference)}</span>
        )}{' '}
        <span className="muted small">
          {b.balanced
            ? 'What came in, less what went out, is what the stock ledger holds.'
            : `The stock ledger holds ${q(b.ledgerOnHand)}; the difference needs an explanation.`}
          {b.consumptionPosted !== b.consumed
            ? ` The ledger has ${q(b.consumptionPosted)} of consumption posted against ${q(b.consumed)} settled.`
            : ''}
        </span>
      </p>
    </div>
  );
}
