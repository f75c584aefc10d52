import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Line, PlantCapacity } from '../../api/types';
import { ErrorPanel } from '../../components/ErrorPanel';
import { Loading } from '../../components/Loading';
import { ChangeoversTable } from './ChangeoversTable';
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
      </header>
      {capacity.isError ? (
        <ErrorPanel error={capacity.error} context="Loading the rated capacity" />
      ) : lineCapacity ? (
        <LineCapacityFacts capacity={lineCapacity} />
      ) : capacity.isPending ? (
        <Loading what="the rated capacity" />
      ) : null}
      <div className="line-card__body">
        {detailed && lineCapacity && <MinutesBreakdown capacity={lineCapacity} />}
        <ProductsTable line={line.code} products={line.products} capacity={lineCapacity} />
        <ChangeoversTable line={line} />
        <StationsTable line={line.code} stations={line.stations} />
      </div>
    </article>
  );
}
