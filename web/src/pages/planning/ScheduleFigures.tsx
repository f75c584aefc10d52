import type { Plan } from '../../api/planning';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';
import { formatHours } from './labels';

/** The plan's objective, in the order the scheduler weighs it, and when and how it was made. */
export function ScheduleFigures({ plan }: { plan: Plan }) {
  const { objective } = plan;
  const late = plan.orders.filter((o) => o.tardinessMinutes > 0).length;
  const figures: { name: string; label: string; value: string; hint?: string }[] = [
    {
      name: 'weighted-tardiness',
      label: 'Weighted tardiness',
      value: formatDecimal(objective.weightedTardiness),
      hint: 'priority weight × hours late',
    },
    { name: 'late', label: 'Late orders', value: formatInteger(late) },
    {
      name: 'changeovers',
      label: 'Changeovers',
      value: formatHours(objective.changeoverMinutes),
    },
    {
      name: 'moved',
      label: 'Moved',
      value: formatInteger(objective.moved),
      hint: 'orders on another line than in the last plan',
    },
    { name: 'makespan', label: 'Last order ends', value: formatDateTime(objective.makespan) },
    {
      name: 'planned',
      label: 'Planned',
      value: formatDateTime(plan.createdAt),
      hint: `by ${plan.createdBy}, from ${formatDateTime(plan.origin)}`,
    },
    {
      name: 'search',
      label: 'Search',
      value: `${formatInteger(plan.iterations)} iterations`,
      hint: `in ${formatDecimal(plan.elapsedMs / 1000)} s of ${formatDecimal(plan.budgetMs / 1000)} s`,
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
