import type { UseQueryResult } from '@tanstack/react-query';
import { useId } from 'react';
import { type Outage, useLineBack } from '../../api/planning';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import type { Replanned } from './SchedulePage';

interface OutagesPanelProps {
  outages: UseQueryResult<Outage[]>;
  editable: boolean;
  onReplanned: (change: Replanned) => void;
}

/** The lines that are down now or will be, each with its way back. */
export function OutagesPanel({ outages, editable, onReplanned }: OutagesPanelProps) {
  const id = useId();
  const lineBack = useLineBack();
  return (
    <section className="panel planning-outages" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Lines down</h3>
      <QueryView query={outages} what="the outages">
        {(list) =>
          list.length === 0 ? (
            <p className="muted small" data-testid="no-outages">
              Every line is available.
            </p>
          ) : (
            <ul className="planning-outages__list" data-testid="outages">
              {list.map((outage) => (
                <li key={outage.id} data-testid="outage" data-line={outage.line}>
                  <p>
                    <strong>{outage.line}</strong> from {formatDateTime(outage.from)}{' '}
                    {outage.to ? `to ${formatDateTime(outage.to)}` : 'until further notice'}
                  </p>
                  <p className="small" data-testid="outage-reason">
                    {outage.reason}
                  </p>
                  <p className="muted small">
                    by {outage.createdBy}, {formatDateTime(outage.createdAt)}
                  </p>
                  {editable && (
                    <button
                      type="button"
                      className="button button--small"
                      data-command="line-back"
                      aria-label={`Line back: ${outage.line}`}
                      disabled={lineBack.isPending}
                      onClick={() =>
                        lineBack.mutate(outage, {
                          onSuccess: ({ plan }) =>
                            onReplanned({ plan, what: `${outage.line} is back.` }),
                        })
                      }
                    >
                      Line back
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <FormError error={lineBack.error} testId="line-back-error" />
    </section>
  );
}
