import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Plan, useFirmProposals, useOutages, usePlan, useReplan } from '../../api/planning';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatInteger } from '../../format';
import { LineDownForm } from './LineDownForm';
import { counted } from './labels';
import { OutagesPanel } from './OutagesPanel';
import { PlanningHeader } from './PlanningHeader';
import { GanttLegend, LateOrdersTable, OrdersByLine, PlanNotices } from './PlanTables';
import { ScheduleFigures } from './ScheduleFigures';
import './planning.css';

// ECharts is a bundle of its own, fetched when the schedule is first drawn.
const GanttChart = lazy(() => import('./GanttChart'));

interface ScheduleCommand {
  name: string;
  label: string;
  primary?: boolean;
  disabled?: boolean;
  perform: () => void;
}

/** What the last change of the plan did, said once under the figures. */
export interface Replanned {
  /** What was done first, as a sentence: "L3 is down from … ." */
  what?: string;
  plan: Plan;
  /** Set when proposals were firmed rather than the lines re-planned. */
  firmed?: string[];
}

/** Proposals a planner firms in one step: those the plan starts within this many hours. */
const FIRM_HOURS = 48;

/** The proposals of a plan that start within FIRM_HOURS of its origin. */
export function proposalsToFirm(plan: Plan): string[] {
  const until = Date.parse(plan.origin) + FIRM_HOURS * 3_600_000;
  return plan.orders
    .filter((o) => o.kind === 'proposal' && Date.parse(o.start) < until)
    .map((o) => o.id);
}

/** /planning — the schedule of the orders on the lines, its figures, and the lines that are down. */
export function SchedulePage() {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const plan = usePlan();
  const outages = useOutages();
  const replan = useReplan();
  const firm = useFirmProposals();
  const [replanned, setReplanned] = useState<Replanned>();
  const editable = can('planning.edit');
  const toFirm = plan.data ? proposalsToFirm(plan.data) : [];

  const commands: ScheduleCommand[] = editable
    ? [
        {
          name: 'replan',
          label: replan.isPending ? t('planning:replanning') : t('planning:schedule.replan'),
          primary: true,
          disabled: replan.isPending,
          perform: () =>
            replan.mutate({}, { onSuccess: ({ plan: made }) => setReplanned({ plan: made }) }),
        },
        {
          name: 'firm',
          label: firm.isPending
            ? t('planning:schedule.firming')
            : t('planning:schedule.firm', {
                hours: formatInteger(FIRM_HOURS),
                proposals: formatInteger(toFirm.length),
              }),
          disabled: firm.isPending || toFirm.length === 0 || !plan.data,
          perform: () => {
            if (!plan.data) return;
            firm.mutate(
              { planId: plan.data.id, proposals: toFirm },
              {
                onSuccess: ({ plan: made, workOrders }) =>
                  setReplanned({ plan: made, firmed: (workOrders ?? []).map((w) => w.number) }),
              },
            );
          },
        },
      ]
    : [];

  return (
    <div className="page" data-testid="planning-schedule-page">
      <PlanningHeader current="schedule" title={t('planning:schedule.title')}>
        {commands.length > 0 && (
          <div className="form__actions" data-testid="schedule-commands">
            {commands.map((command) => (
              <button
                key={command.name}
                type="button"
                className={`button${command.primary ? ' button--primary' : ''}`}
                data-command={command.name}
                disabled={command.disabled}
                onClick={command.perform}
              >
                {command.label}
              </button>
            ))}
          </div>
        )}
      </PlanningHeader>
      <FormError error={replan.error} testId="replan-error" />
      <FormError error={firm.error} testId="firm-error" />
      {replanned && <ReplannedNotice replanned={replanned} />}
      <div className="planning-layout">
        <div className="planning-layout__main">
          <QueryView query={plan} what={t('planning:schedule.loading')}>
            {(current) =>
              current ? (
                <PlanView plan={current} />
              ) : (
                <p className="muted" data-testid="no-plan">
                  {t('planning:schedule.noPlan')}{' '}
                  {editable
                    ? t('planning:schedule.noPlanEditable')
                    : t('planning:schedule.noPlanReadOnly')}
                </p>
              )
            }
          </QueryView>
        </div>
        <aside className="planning-layout__side" aria-labelledby={`${id}-lines`}>
          <h2 id={`${id}-lines`} className="visually-hidden">
            {t('planning:outages.title')}
          </h2>
          {editable && <LineDownForm onReplanned={setReplanned} />}
          <OutagesPanel outages={outages} editable={editable} onReplanned={setReplanned} />
        </aside>
      </div>
    </div>
  );
}

function ReplannedNotice({ replanned }: { replanned: Replanned }) {
  const { t } = useTranslation();
  const { plan, what, firmed } = replanned;
  if (firmed) {
    return (
      <p className="form-notice form-notice--ok" role="status" data-testid="replan-result">
        {t('planning:replanned.firmed', { ...counted(firmed.length), orders: firmed.join(', ') })}
      </p>
    );
  }
  const late = plan.orders.filter((o) => o.tardinessMinutes > 0).length;
  return (
    <p className="form-notice form-notice--ok" role="status" data-testid="replan-result">
      {what ? `${what} ` : ''}
      {t('planning:replanned.summary', {
        moved: t('planning:replanned.moved', counted(plan.objective.moved)),
        late: t('planning:replanned.late', counted(late)),
      })}
    </p>
  );
}

function PlanView({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <>
      <ScheduleFigures plan={plan} />
      <PlanNotices plan={plan} />
      <section className="section" aria-labelledby={`${id}-gantt`}>
        <h2 id={`${id}-gantt`}>{t('planning:schedule.byLine')}</h2>
        {plan.orders.length === 0 && plan.unavailable.length === 0 ? (
          <p className="muted" data-testid="plan-empty">
            {t('planning:schedule.nothingToPlan')}
          </p>
        ) : (
          <Suspense fallback={<Loading what={t('planning:schedule.chartLoading')} />}>
            <GanttChart plan={plan} />
          </Suspense>
        )}
        <GanttLegend plan={plan} />
        <OrdersByLine plan={plan} />
      </section>
      <section className="section" aria-labelledby={`${id}-late`}>
        <h2 id={`${id}-late`}>{t('planning:late.title')}</h2>
        <LateOrdersTable plan={plan} />
      </section>
    </>
  );
}
