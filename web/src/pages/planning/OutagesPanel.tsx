import type { UseQueryResult } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const id = useId();
  const lineBack = useLineBack();
  return (
    <section className="panel planning-outages" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('planning:outages.title')}</h3>
      <QueryView query={outages} what={t('planning:outages.loading')}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted small" data-testid="no-outages">
              {t('planning:outages.none')}
            </p>
          ) : (
            <ul className="planning-outages__list" data-testid="outages">
              {list.map((outage) => (
                <li key={outage.id} data-testid="outage" data-line={outage.line}>
                  <p>
                    <strong>{outage.line}</strong>{' '}
                    {outage.to
                      ? t('planning:outages.period', {
                          from: formatDateTime(outage.from),
                          to: formatDateTime(outage.to),
                        })
                      : t('planning:outages.periodOpenEnded', {
                          from: formatDateTime(outage.from),
                        })}
                  </p>
                  <p className="small" data-testid="outage-reason">
                    {outage.reason}
                  </p>
                  <p className="muted small">
                    {t('planning:outages.recorded', {
                      user: outage.createdBy,
                      at: formatDateTime(outage.createdAt),
                    })}
                  </p>
                  {editable && (
                    <button
                      type="button"
                      className="button button--small"
                      data-command="line-back"
                      aria-label={t('planning:outages.lineBackOf', { line: outage.line })}
                      disabled={lineBack.isPending}
                      onClick={() =>
                        lineBack.mutate(outage, {
                          onSuccess: ({ plan }) =>
                            onReplanned({
                              plan,
                              what: t('planning:outages.back', { line: outage.line }),
                            }),
                        })
                      }
                    >
                      {t('planning:outages.lineBack')}
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
