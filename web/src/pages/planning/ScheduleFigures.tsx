import { useTranslation } from 'react-i18next';
import type { Plan } from '../../api/planning';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';
import { counted, formatHours } from './labels';

/** The plan's objective, in the order the scheduler weighs it, and when and how it was made. */
export function ScheduleFigures({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const { objective } = plan;
  const late = plan.orders.filter((o) => o.tardinessMinutes > 0).length;
  const figures: { name: string; label: string; value: string; hint?: string }[] = [
    {
      name: 'weighted-tardiness',
      label: t('planning:figures.weightedTardiness.label'),
      value: formatDecimal(objective.weightedTardiness),
      hint: t('planning:figures.weightedTardiness.hint'),
    },
    { name: 'late', label: t('planning:figures.late.label'), value: formatInteger(late) },
    {
      name: 'changeovers',
      label: t('planning:figures.changeovers.label'),
      value: formatHours(objective.changeoverMinutes),
    },
    {
      name: 'moved',
      label: t('planning:figures.moved.label'),
      value: formatInteger(objective.moved),
      hint: t('planning:figures.moved.hint'),
    },
    {
      name: 'makespan',
      label: t('planning:figures.makespan.label'),
      value: formatDateTime(objective.makespan),
    },
    {
      name: 'planned',
      label: t('planning:figures.planned.label'),
      value: formatDateTime(plan.createdAt),
      hint: t('planning:figures.planned.hint', {
        user: plan.createdBy,
        origin: formatDateTime(plan.origin),
      }),
    },
    {
      name: 'search',
      label: t('planning:figures.search.label'),
      value: t('planning:figures.search.iterations', counted(plan.iterations)),
      hint: t('planning:figures.search.hint', {
        elapsed: formatDecimal(plan.elapsedMs / 1000),
        budget: formatDecimal(plan.budgetMs / 1000),
      }),
    },
  ];
  return (
    <dl className="facts planning-figures" data-testid="plan-figures" data-plan={plan.id}>
      {figures.map((f) => (
        <div key={f.name} className="facts__item" data-testid={`plan-${f.name}`}>
          <dt>{f.label}</dt>
          <dd>
            <span data-testid="value">{f.value}</span>
            {f.hint && <span className="planning-figures__hint">{f.hint}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
