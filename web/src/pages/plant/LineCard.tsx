import type { UseQueryResult } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
            <Trans
              t={t}
              i18nKey="plant:line.meta"
              values={{ line: line.code, area: line.area, calendar: line.calendar }}
              components={{ code: <code className="code" /> }}
            />
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
            {t('common:actions.edit')}
            <span className="visually-hidden">
              {' '}
              {t('plant:line.editRates', { code: line.code })}
            </span>
          </button>
        )}
      </header>
      {saved !== undefined && (
        <p className="form-notice form-notice--ok" role="status" data-testid={`saved-${line.code}`}>
          {t('plant:line.ratesSaved', { number: saved })}
        </p>
      )}
      {capacity.isError ? (
        <ErrorPanel error={capacity.error} context={t('plant:loading.capacityContext')} />
      ) : lineCapacity ? (
        <LineCapacityFacts capacity={lineCapacity} />
      ) : capacity.isPending ? (
        <Loading what={t('plant:loading.capacity')} />
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
