import { lazy, Suspense, useCallback, useId, useState } from 'react';
import type { Lot, TraceDirection, TraceLot } from '../../api/genealogy';
import { FormError } from '../../components/FormError';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatInteger } from '../../format';
import { DIRECTIONS } from './graph';
import { LotDetailsPanel } from './LotDetailsPanel';
import { DIRECTION_LABEL } from './labels';
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
  const id = useId();
  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid="trace-section">
      <div className="section__bar">
        <h2 id={`${id}-title`}>Genealogy</h2>
        <fieldset className="segmented" data-testid="trace-direction">
          <legend className="visually-hidden">Trace direction</legend>
          {DIRECTIONS.map((d) => (
            <label key={d} className={direction === d ? 'is-checked' : undefined}>
              <input
                type="radio"
                name={`${id}-direction`}
                value={d}
                checked={direction === d}
                onChange={() => onDirection(d)}
              />
              {DIRECTION_LABEL[d]}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="muted small">
        {direction === 'backward'
          ? 'Every component lot behind this lot, with its supplier and certificate, and the quantity each fed at which station.'
          : 'Every lot made from this lot, and where each is now: on hand, in which container, shipped to whom.'}{' '}
        Material flows left to right. Select a lot for its details; expand it to draw what it was
        made from or went into.
      </p>
      <TraceView key={`${lot.number}-${direction}`} lot={lot} direction={direction} />
    </section>
  );
}

function TraceView({ lot, direction }: { lot: Lot; direction: TraceDirection }) {
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
    <QueryView query={trace} what="the genealogy">
      {() => {
        if (!graph) return null;
        const shown = graph.lots.get(selected) ?? graph.lots.get(graph.root);
        return (
          <>
            <p className="muted small" role="status" data-testid="trace-summary">
              {formatInteger(graph.lots.size)} {graph.lots.size === 1 ? 'lot' : 'lots'},{' '}
              {formatInteger(graph.edges.size)} {graph.edges.size === 1 ? 'link' : 'links'}
              {graph.lots.size === 1
                ? direction === 'backward'
                  ? ': nothing recorded behind this lot.'
                  : ': nothing made from this lot yet.'
                : '.'}
            </p>
            <div className="genealogy">
              <Suspense fallback={<Loading what="the graph" />}>
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
            <h3>Lots in the graph</h3>
            <TraceLotsTable graph={graph} onSelect={setSelected} />
            {direction === 'forward' && (
              <>
                <h3>Where it is now</h3>
                <WhereNow graph={graph} />
              </>
            )}
          </>
        );
      }}
    </QueryView>
  );
}
