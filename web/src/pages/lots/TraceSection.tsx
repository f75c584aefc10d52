import { lazy, Suspense, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lot, TraceDirection, TraceLot } from '../../api/genealogy';
import { FormError } from '../../components/FormError';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatInteger } from '../../format';
import { DIRECTIONS } from './graph';
import { LotDetailsPanel } from './LotDetailsPanel';
import { directionLabel } from './labels';
import { TraceLotsTable, WhereNow } from './TraceTables';
import { useGenealogy } from './useGenealogy';

const GenealogyGraph = lazy(() => import('./GenealogyGraph'));

interface TraceSectionProps {
  lot: Lot;
  direction: TraceDirection;
  onDirection: (direction: TraceDirection) => void;
}

/** The lot's genealogy, backward or forward, as a graph with the selected lot's details beside it. */
export function TraceSection({ lot, direction, onDirection }: TraceSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid="trace-section">
      <div className="section__bar">
        <h2 id={`${id}-title`}>{t('lots:trace.title')}</h2>
        <fieldset className="segmented" data-testid="trace-direction">
          <legend className="visually-hidden">{t('lots:trace.direction')}</legend>
          {DIRECTIONS.map((d) => (
            <label key={d} className={direction === d ? 'is-checked' : undefined}>
              <input
                type="radio"
                name={`${id}-direction`}
                value={d}
                checked={direction === d}
                onChange={() => onDirection(d)}
              />
              {directionLabel(t, d)}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="muted small">
        {direction === 'backward' ? t('lots:trace.backwardText') : t('lots:trace.forwardText')}{' '}
        {t('lots:trace.help')}
      </p>
      <TraceView key={`${lot.number}-${direction}`} lot={lot} direction={direction} />
    </section>
  );
}

function TraceView({ lot, direction }: { lot: Lot; direction: TraceDirection }) {
  const { t } = useTranslation();
  const { trace, graph, expand, expanding, expandError } = useGenealogy(lot.number, direction);
  const [selected, setSelected] = useState<string>(lot.id);
  const onExpand = useCallback(
    (from: TraceLot, towards: TraceDirection) => {
      setSelected(from.id);
      void expand(from, towards);
    },
    [expand],
  );
  return (
    <QueryView query={trace} what={t('lots:trace.loading')}>
      {() => {
        if (!graph) return null;
        const shown = graph.lots.get(selected) ?? graph.lots.get(graph.root);
        return (
          <>
            <p className="muted small" role="status" data-testid="trace-summary">
              {t('lots:trace.lotCount', {
                count: graph.lots.size,
                n: formatInteger(graph.lots.size),
              })}
              ,{' '}
              {t('lots:trace.linkCount', {
                count: graph.edges.size,
                n: formatInteger(graph.edges.size),
              })}
              {graph.lots.size === 1
                ? `: ${
                    direction === 'backward'
                      ? t('lots:trace.nothingBehind')
                      : t('lots:trace.nothingMade')
                  }.`
                : '.'}
            </p>
            <div className="genealogy">
              <Suspense fallback={<Loading what={t('lots:trace.loadingGraph')} />}>
                <GenealogyGraph
                  graph={graph}
                  selected={shown?.id}
                  onSelect={setSelected}
                  onExpand={onExpand}
                  expanding={expanding}
                />
              </Suspense>
              {shown && (
                <LotDetailsPanel
                  graph={graph}
                  lot={shown}
                  onSelect={setSelected}
                  onExpand={onExpand}
                  expanding={expanding !== undefined}
                />
              )}
            </div>
            <FormError error={expandError} testId="expand-error" />
            <h3>{t('lots:trace.lotsInGraph')}</h3>
            <TraceLotsTable graph={graph} onSelect={setSelected} />
            {direction === 'forward' && (
              <>
                <h3>{t('lots:trace.whereNow')}</h3>
                <WhereNow graph={graph} />
              </>
            )}
          </>
        );
      }}
    </QueryView>
  );
}
