import { Link } from 'react-router';
import type { TraceDirection, TraceEdge, TraceLot } from '../../api/genealogy';
import { formatDateTime } from '../../format';
import { edgesAt, type GenealogyGraph, untraced } from './graph';
import { LotStatusBadge } from './LotStatusBadge';
import { EXPAND_LABEL, formatQuantity, lotPath } from './labels';

interface LotDetailsPanelProps {
  graph: GenealogyGraph;
  lot: TraceLot;
  onSelect: (id: string) => void;
  onExpand: (lot: TraceLot, direction: TraceDirection) => void;
  expanding: boolean;
}

/**
 * The selected lot of the graph: where it came from, what it went into, and
 * where it is now — on hand by location, in which containers, shipped to whom.
 */
export function LotDetailsPanel({
  graph,
  lot,
  onSelect,
  onExpand,
  expanding,
}: LotDetailsPanelProps) {
  const { in: into, out } = edgesAt(graph, lot.id);
  const numberOf = (id: string) => graph.lots.get(id)?.number ?? 'a lot not drawn';
  const q = (n: number) => formatQuantity(n, lot.unit);
  const isRoot = lot.id === graph.root;
  const more = untraced(graph, lot.id);

  return (
    <aside
      className="panel lot-details"
      aria-label={`Lot ${lot.number}`}
      data-testid="lot-details"
      data-lot={lot.number}
    >
      <div className="lot-details__head">
        <h3>
          {isRoot ? (
            lot.number
          ) : (
            <Link to={lotPath(lot.number)} data-testid="lot-details-open">
              {lot.number}
            </Link>
          )}
        </h3>
        <LotStatusBadge status={lot.status} />
      </div>
      <p className="lot-details__line">
        <code className="code">{lot.material}</code> · {q(lot.quantity)}{' '}
        {lot.origin === 'received' ? 'received' : 'made'}
      </p>
      <p className="lot-details__source small muted">
        {lot.origin === 'received'
          ? `From ${lot.supplier ?? 'an unknown supplier'}, their lot ${lot.supplierLot ?? '—'}${lot.certificate ? `, certificate ${lot.certificate}` : ''}.`
          : `On ${lot.line ?? '—'} by work order ${lot.workOrderNumber ?? '—'}${lot.madeFrom ? `, from ${formatDateTime(lot.madeFrom)}` : ''}${lot.madeTo ? ` to ${formatDateTime(lot.madeTo)}` : ''}.`}
      </p>

      {more.length > 0 && (
        <div className="form__actions">
          {more.map((d) => (
            <button
              key={d}
              type="button"
              className="button button--small"
              disabled={expanding}
              onClick={() => onExpand(lot, d)}
            >
              Expand: {EXPAND_LABEL[d].toLowerCase()}
            </button>
          ))}
        </div>
      )}

      <EdgeList
        title="Made from"
        edges={into}
        lotOf={(e) => e.parent}
        numberOf={numberOf}
        onSelect={onSelect}
        empty={lot.origin === 'received' ? 'A supplier’s lot.' : 'No component lots recorded.'}
        testId="lot-details-in"
      />
      <EdgeList
        title="Went into"
        edges={out}
        lotOf={(e) => e.child}
        numberOf={numberOf}
        onSelect={onSelect}
        empty={
          graph.traced.get(lot.id)?.has('forward')
            ? 'Nothing made from it yet.'
            : 'Not traced forward yet.'
        }
        testId="lot-details-out"
      />

      <h4>On hand</h4>
      {lot.onHand.length === 0 ? (
        <p className="lot-details__source muted small">None in stock.</p>
      ) : (
        <ul className="plain-list lot-details__list" data-testid="lot-details-on-hand">
          {lot.onHand.map((o) => (
            <li key={o.location}>
              <code className="code">{o.location}</code>{' '}
              <span className="num">{q(o.quantity)}</span>
            </li>
          ))}
        </ul>
      )}
      {lot.containers.length > 0 && (
        <>
          <h4>In containers</h4>
          <ul className="plain-list lot-details__list" data-testid="lot-details-containers">
            {lot.containers.map((c) => (
              <li key={c.serial}>
                {c.kind} <code className="code">{c.serial}</code>
                {c.top !== c.serial && (
                  <>
                    {' '}
                    in <code className="code">{c.top}</code>
                  </>
                )}
                {c.location && (
                  <>
                    {' '}
                    at <code className="code">{c.location}</code>
                  </>
                )}{' '}
                <span className="num">{q(c.quantity)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {lot.shipped.length > 0 && (
        <>
          <h4>Shipped</h4>
          <ul className="plain-list lot-details__list" data-testid="lot-details-shipped">
            {lot.shipped.map((s) => (
              <li key={`${s.shipment}-${s.container}`}>
                <strong>{s.customer}</strong> · {s.shipment} ·{' '}
                <code className="code">{s.container}</code>{' '}
                <span className="num">{q(s.quantity)}</span>{' '}
                <span className="muted small">{formatDateTime(s.at)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}

function EdgeList({
  title,
  edges,
  lotOf,
  numberOf,
  onSelect,
  empty,
  testId,
}: {
  title: string;
  edges: TraceEdge[];
  lotOf: (edge: TraceEdge) => string;
  numberOf: (id: string) => string;
  onSelect: (id: string) => void;
  empty: string;
  testId: string;
}) {
  return (
    <>
      <h4>{title}</h4>
      {edges.length === 0 ? (
        <p className="lot-details__source muted small">{empty}</p>
      ) : (
        <ul className="plain-list lot-details__list" data-testid={testId}>
          {edges.map((e) => (
            <li key={`${e.parent}-${e.child}-${e.from}-${e.station}`}>
              <button type="button" className="link-button" onClick={() => onSelect(lotOf(e))}>
                {numberOf(lotOf(e))}
              </button>{' '}
              <span className="num">{formatQuantity(e.quantity, e.unit)}</span>
              {e.station && (
                <>
                  {' '}
                  at <code className="code">{e.station}</code>
                </>
              )}
              <span className="muted small">
                {' '}
                {formatDateTime(e.from)}
                {e.to ? ` – ${formatDateTime(e.to)}` : ' – still in the feeder'}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
