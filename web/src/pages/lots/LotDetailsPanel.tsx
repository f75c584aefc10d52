import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TraceDirection, TraceEdge, TraceLot } from '../../api/genealogy';
import { formatDateTime } from '../../format';
import { edgesAt, type GenealogyGraph, untraced } from './graph';
import { LotStatusBadge } from './LotStatusBadge';
import { containerKindLabel, formatQuantity, lotPath } from './labels';

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
  const { t } = useTranslation();
  const { in: into, out } = edgesAt(graph, lot.id);
  const numberOf = (id: string) => graph.lots.get(id)?.number ?? t('lots:details.notDrawn');
  const q = (n: number) => formatQuantity(n, lot.unit);
  const isRoot = lot.id === graph.root;
  const more = untraced(graph, lot.id);

  return (
    <aside
      className="panel lot-details"
      aria-label={t('lots:details.label', { lot: lot.number })}
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
        {lot.origin === 'received' ? t('lots:details.received') : t('lots:details.made')}
      </p>
      <p className="lot-details__source small muted">
        {lot.origin === 'received'
          ? supplierSentence(t, lot)
          : `${t('lots:details.madeOn', {
              line: lot.line ?? '—',
              workOrder: lot.workOrderNumber ?? '—',
            })}${lot.madeFrom ? t('lots:details.madeFrom', { time: formatDateTime(lot.madeFrom) }) : ''}${lot.madeTo ? t('lots:details.madeTo', { time: formatDateTime(lot.madeTo) }) : ''}.`}
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
              {t(`lots:details.expand.${d}`)}
            </button>
          ))}
        </div>
      )}

      <EdgeList
        title={t('lots:details.madeFromTitle')}
        edges={into}
        lotOf={(e) => e.parent}
        numberOf={numberOf}
        onSelect={onSelect}
        empty={
          lot.origin === 'received' ? t('lots:details.supplierLot') : t('lots:details.noComponents')
        }
        testId="lot-details-in"
      />
      <EdgeList
        title={t('lots:details.wentIntoTitle')}
        edges={out}
        lotOf={(e) => e.child}
        numberOf={numberOf}
        onSelect={onSelect}
        empty={
          graph.traced.get(lot.id)?.has('forward')
            ? t('lots:details.nothingMade')
            : t('lots:details.notTracedForward')
        }
        testId="lot-details-out"
      />

      <h4>{t('lots:details.onHand')}</h4>
      {lot.onHand.length === 0 ? (
        <p className="lot-details__source muted small">{t('lots:details.noneInStock')}</p>
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
          <h4>{t('lots:details.inContainers')}</h4>
          <ul className="plain-list lot-details__list" data-testid="lot-details-containers">
            {lot.containers.map((c) => (
              <li key={c.serial}>
                {containerKindLabel(t, c.kind)} <code className="code">{c.serial}</code>
                {c.top !== c.serial && (
                  <>
                    {' '}
                    {t('lots:details.inside')} <code className="code">{c.top}</code>
                  </>
                )}
                {c.location && (
                  <>
                    {' '}
                    {t('lots:details.at')} <code className="code">{c.location}</code>
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
          <h4>{t('lots:details.shipped')}</h4>
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

/** "From SUP-PRIMERS, their lot E2E-PRIMER, certificate COC-PRIMER." */
function supplierSentence(t: TFunction, lot: TraceLot): string {
  const values = {
    supplier: lot.supplier ?? t('lots:details.unknownSupplier'),
    supplierLot: lot.supplierLot ?? '—',
  };
  return lot.certificate
    ? t('lots:details.fromSupplierWithCertificate', { ...values, certificate: lot.certificate })
    : t('lots:details.fromSupplier', values);
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
  const { t } = useTranslation();
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
                  {t('lots:details.at')} <code className="code">{e.station}</code>
                </>
              )}
              <span className="muted small">
                {' '}
                {formatDateTime(e.from)}
                {` – ${e.to ? formatDateTime(e.to) : t('lots:details.inFeeder')}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
