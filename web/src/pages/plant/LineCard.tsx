import type { UseQueryResult } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Line, PlantCapacity } from '../../api/types';
import { useCan } from '../../auth/session';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { ChangeoversTable } from './ChangeoversTable';
import { LineRatesForm } from './edit/LineRatesForm';
import { LineCapacityFacts } from './LineCapacityFacts';
import { MinutesBreakdown } from './MinutesBreakdown';
import { ProductsTable } from './ProductsTable';
import { StationsTable } from './StationsTable';

interface LineCardProps {
  line: Line;
  capacity: UseQueryResult<PlantCapacity>;
  /** On the line's own page: a page heading and the minutes breakdown. */
  detailed?: boolean;
}

export function LineCard({ line, capacity, detailed = false }: LineCardProps) {
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number>();
  const editButton = useRef<HTMLButtonElement>(null);
  const stopEditing = () => {
    setEditing(false);
    // Back to where the person was, once the button is drawn again.
    setTimeout(() => editButton.current?.focus(), 0);
  };
  const lineCapacity = capacity.data?.lines.find((l) => l.line === line.code);
  const titleId = `line-${line.code}-title`;
  const Heading = detailed ? 'h1' : 'h3';
  return (
    <article
      className={`line-card${detailed ? ' line-card--detailed' : ''}`}
      aria-labelledby={titleId}
      data-testid={`line-${line.code}`}
    >
      <header className="line-card__header">
        <span className="line-card__code" aria-hidden="true">
          {line.code}
        </span>
        <div>
          <Heading id={titleId} className="line-card__title">
            {detailed ? (
              line.name
            ) : (
              <Link to={`/plant/lines/${encodeURIComponent(line.code)}`}>{line.name}</Link>
            )}
          </Heading>
          <p className="line-card__meta">
            Line <code className="code">{line.code}</code> · area{' '}
            <code className="code">{line.area}</code> · calendar{' '}
            <code className="code">{line.calendar}</code>
          </p>
        </div>
        {can('plant.edit') && !editing && (
          <button
            ref={editButton}
            type="button"
            className="button button--small line-card__edit"
            data-testid={`edit-line-${line.code}`}
            onClick={() => {
              setSaved(undefined);
              setEditing(true);
            }}
          >
            Edit<span className="visually-hidden"> rates of line {line.code}</span>
          </button>
        )}
      </header>
      {saved !== undefined && (
        <p className="form-notice form-notice--ok" role="status" data-testid={`saved-${line.code}`}>
          Rates saved and signed as plant revision {saved}.
        </p>
      )}
      {capacity.isError ? (
        <ErrorPanel error={capacity.error} context="Loading the rated capacity" />
      ) : lineCapacity ? (
        <LineCapacityFacts capacity={lineCapacity} />
      ) : capacity.isPending ? (
        <Loading what="the rated capacity" />
      ) : null}
      <div className="line-card__body">
        {detailed && lineCapacity && <MinutesBreakdown capacity={lineCapacity} />}
        {editing ? (
          <LineRatesForm
            line={line}
            onCancel={stopEditing}
            onDone={(result) => {
              setSaved(result.revision.number);
              stopEditing();
            }}
          />
        ) : (
          <ProductsTable line={line.code} products={line.products} capacity={lineCapacity} />
        )}
        <ChangeoversTable line={line} />
        <StationsTable line={line.code} stations={line.stations} />
      </div>
    </article>
  );
}
