import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  equipmentPath,
  type MaintenanceCommand,
  type MaintenanceWorkOrderDetail,
  useMaintenanceCommand,
  useMaintenanceWorkOrder,
  useSpareParts,
  type WorkInput,
} from '../../api/maintenance';
import { usePlantSummary } from '../../api/plant';
import { downtimeNames, newIdempotencyKey, useReasonTables } from '../../api/production';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';
import { CriticalityBadge, KindBadge, StateBadge } from './badges';
import { assetCode, boardPath, counted, formatMaybeMinutes, formatMinutes } from './labels';
import { MaintenanceHeader } from './MaintenanceHeader';
import './maintenance.css';

/** /maintenance/jobs/:number — the technician's page of one job, made for a phone. */
export function WorkPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const order = useMaintenanceWorkOrder(number);
  return (
    <div className="page mnt-work" data-testid="work-page">
      <MaintenanceHeader current="work" title={number} />
      <QueryView query={order} what={t('maintenance:work.loading', { number })}>
        {(data) => <Job key={data.number} order={data} />}
      </QueryView>
    </div>
  );
}

/** A command of the page: a name the tests and the keyboard reach it by, and what it does. */
interface JobCommand {
  name: string;
  label: string;
  kind: 'primary' | 'plain' | 'danger';
  perform: () => void;
}

function Job({ order }: { order: MaintenanceWorkOrderDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const zone = usePlantSummary().data?.site.timezone;
  const names = downtimeNames(useReasonTables().data?.downtimeReasons ?? []);
  const mutation = useMaintenanceCommand();
  // One key per intent: a retry of the same request reuses it, so it takes effect once.
  const attempt = useRef<{ key: string; command: MaintenanceCommand } | undefined>(undefined);
  const [cancelling, setCancelling] = useState(false);
  const [done, setDone] = useState<string>();
  const working = can('maintenance.work');
  const live = order.state === 'open' || order.state === 'in_progress';

  function send(
    command: MaintenanceCommand,
    options: { retry?: boolean; onDone?: () => void } = {},
  ) {
    if (mutation.isPending) return; // a second tap while the first is on its way
    const key = options.retry && attempt.current ? attempt.current.key : newIdempotencyKey();
    attempt.current = { key, command };
    setDone(undefined);
    mutation.mutate(
      { number: order.number, idempotencyKey: key, ...command },
      {
        onSuccess: (updated) => {
          attempt.current = undefined;
          options.onDone?.();
          setDone(doneText(t, command, updated));
        },
      },
    );
  }

  const commands: JobCommand[] = [];
  if (working && order.state === 'open') {
    commands.push({
      name: 'take',
      label: t('maintenance:work.take'),
      kind: 'primary',
      perform: () => send({ command: 'take' }),
    });
  }
  if (working && live && !cancelling) {
    commands.push({
      name: 'cancel',
      label: t('maintenance:work.cancel'),
      kind: 'danger',
      perform: () => {
        mutation.reset();
        setCancelling(true);
      },
    });
  }

  const retryable =
    mutation.error instanceof ApiError &&
    (mutation.error.status === 0 || mutation.error.status >= 500) &&
    attempt.current;
  const reason = order.reason ? (names.get(order.reason)?.name ?? order.reason) : undefined;

  return (
    <>
      <section
        className={`mnt-job mnt-job--${order.state}`}
        aria-labelledby={`${id}-title`}
        data-testid="job"
        data-state={order.state}
        data-kind={order.kind}
      >
        <div className="mnt-job__head">
          <KindBadge kind={order.kind} />
          <StateBadge state={order.state} />
          {order.overdue && <span className="badge badge--warn">{t('maintenance:overdue')}</span>}
        </div>
        <h2 id={`${id}-title`} className="mnt-job__title">
          {order.title}
        </h2>
        {order.description && <p className="mnt-job__text">{order.description}</p>}
        <dl className="mnt-job__facts">
          <div>
            <dt>{t('maintenance:facts.asset')}</dt>
            <dd>
              {order.station ? (
                <Link to={equipmentPath(order.line, order.station)} data-testid="job-asset">
                  {assetCode(order)}
                </Link>
              ) : (
                assetCode(order)
              )}
              {order.criticality && <CriticalityBadge criticality={order.criticality} />}
            </dd>
          </div>
          {reason && (
            <div>
              <dt>{t('common:words.reason')}</dt>
              <dd>
                {reason} <span className="code">{order.reason}</span>
              </dd>
            </div>
          )}
          {order.downAt && (
            <div>
              <dt>{t('maintenance:facts.downSince')}</dt>
              <dd>{formatDateTime(order.downAt, zone)}</dd>
            </div>
          )}
          {order.downAt && (
            <div>
              <dt>{t('maintenance:facts.backInService')}</dt>
              <dd data-testid="job-up">
                {order.upAt ? formatDateTime(order.upAt, zone) : t('maintenance:work.notBackYet')}
              </dd>
            </div>
          )}
          {order.dueAt && (
            <div>
              <dt>{t('maintenance:facts.due')}</dt>
              <dd>{formatDateTime(order.dueAt, zone)}</dd>
            </div>
          )}
          {order.window && (
            <div>
              <dt>{t('maintenance:facts.window')}</dt>
              <dd>
                {formatDateTime(order.window.from, zone)} – {formatDateTime(order.window.to, zone)}
              </dd>
            </div>
          )}
          <div>
            <dt>{t('maintenance:facts.takenBy')}</dt>
            <dd data-testid="job-taken-by">{order.takenBy ?? t('maintenance:facts.nobodyYet')}</dd>
          </div>
          {order.repairMinutes !== null && (
            <div>
              <dt>{t('maintenance:facts.repairTime')}</dt>
              <dd data-testid="job-repair">{formatMinutes(order.repairMinutes)}</dd>
            </div>
          )}
          {order.cause && (
            <div>
              <dt>{t('maintenance:facts.cause')}</dt>
              <dd data-testid="job-cause">{order.cause}</dd>
            </div>
          )}
          {order.action && (
            <div>
              <dt>{t('maintenance:facts.action')}</dt>
              <dd data-testid="job-action">{order.action}</dd>
            </div>
          )}
        </dl>
      </section>

      {done && (
        <p className="form-notice form-notice--ok" role="status" data-testid="job-done">
          {done}{' '}
          {order.state === 'closed' && (
            <Link to={boardPath}>{t('maintenance:work.backToBoard')}</Link>
          )}
        </p>
      )}
      <FormError error={mutation.error} testId="job-error" />
      {retryable && (
        <button
          type="button"
          className="mnt-button"
          onClick={() => attempt.current && send(attempt.current.command, { retry: true })}
        >
          {t('common:actions.retry')}
        </button>
      )}

      <CommandButtons
        commands={commands.filter((c) => c.kind === 'primary')}
        pending={mutation.isPending}
        testId="job-commands"
      />

      {working && order.state === 'in_progress' && (
        <WorkForm
          order={order}
          pending={mutation.isPending}
          onSend={(command, onDone) => send(command, { onDone })}
        />
      )}

      <PartsSection
        order={order}
        editable={working && live}
        pending={mutation.isPending}
        onSend={(command, onDone) => send(command, { onDone })}
      />

      <CommandButtons
        commands={commands.filter((c) => c.kind !== 'primary')}
        pending={mutation.isPending}
        testId="job-other-commands"
      />

      {cancelling && live && (
        <CancelForm
          pending={mutation.isPending}
          onCancel={(why) =>
            send(
              { command: 'cancel', body: { reason: why } },
              { onDone: () => setCancelling(false) },
            )
          }
          onBack={() => setCancelling(false)}
        />
      )}

      <LabourAndHistory order={order} zone={zone} />
    </>
  );
}

function CommandButtons({
  commands,
  pending,
  testId,
}: {
  commands: JobCommand[];
  pending: boolean;
  testId: string;
}) {
  if (commands.length === 0) return null;
  return (
    <div className="mnt-actions" data-testid={testId}>
      {commands.map((command) => (
        <button
          key={command.name}
          type="button"
          className={`mnt-button mnt-button--${command.kind}`}
          data-command={command.name}
          disabled={pending}
          onClick={command.perform}
        >
          {command.label}
        </button>
      ))}
    </div>
  );
}

function doneText(
  t: TFunction,
  command: MaintenanceCommand,
  order: MaintenanceWorkOrderDetail,
): string {
  const { number } = order;
  switch (command.command) {
    case 'take':
      return t('maintenance:work.done.take', { number });
    case 'work':
      return t('maintenance:work.done.work');
    case 'close':
      return order.repairMinutes === null
        ? t('maintenance:work.done.close', { number })
        : t('maintenance:work.done.closeWithRepair', {
            number,
            repair: formatMinutes(order.repairMinutes),
          });
    case 'cancel':
      return t('maintenance:work.done.cancel', { number });
    case 'reserve':
      return t('maintenance:work.done.reserve', {
        quantity: formatDecimal(command.body.quantity),
        material: command.body.material,
      });
    case 'issue':
      return t('maintenance:work.done.issue', {
        quantity: formatDecimal(command.body.quantity),
        material: command.body.material,
      });
    default: {
      const unknown: never = command;
      return String(unknown);
    }
  }
}

type Send = (command: MaintenanceCommand, onDone: () => void) => void;

/** Cause, action and labour of a job in progress: saved as work, or with the close. */
function WorkForm({
  order,
  pending,
  onSend,
}: {
  order: MaintenanceWorkOrderDetail;
  pending: boolean;
  onSend: Send;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [cause, setCause] = useState(order.cause ?? '');
  const [action, setAction] = useState(order.action ?? '');
  const [minutes, setMinutes] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const isRequest = order.kind !== 'preventive';

  /** What the form holds, checked; undefined (and the problem said) when it is not sendable. */
  function input(closing: boolean): WorkInput | undefined {
    const m = minutes.trim() === '' ? undefined : Number(minutes);
    const found =
      m !== undefined && (!Number.isInteger(m) || m <= 0 || m > 1440)
        ? t('maintenance:work.form.problems.labour', { max: formatInteger(1440) })
        : closing && isRequest && !cause.trim()
          ? t('maintenance:work.form.problems.cause')
          : closing && !action.trim()
            ? t('maintenance:work.form.problems.action')
            : !closing && !cause.trim() && !action.trim() && m === undefined
              ? t('maintenance:work.form.problems.nothing')
              : undefined;
    setProblem(found);
    if (found) return undefined;
    return {
      ...(cause.trim() ? { cause: cause.trim() } : {}),
      ...(action.trim() ? { action: action.trim() } : {}),
      ...(m !== undefined
        ? { labour: [{ minutes: m, ...(note.trim() ? { note: note.trim() } : {}) }] }
        : {}),
    };
  }

  const clearLabour = () => {
    setMinutes('');
    setNote('');
  };

  function onSave(event: FormEvent) {
    event.preventDefault();
    const body = input(false);
    if (body) onSend({ command: 'work', body }, clearLabour);
  }

  function onClose() {
    const body = input(true);
    if (body) onSend({ command: 'close', body }, clearLabour);
  }

  return (
    <form
      className="mnt-panel form"
      onSubmit={onSave}
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="work-form"
    >
      <h2 id={`${id}-title`} className="mnt-form-title">
        {t('maintenance:work.form.title')}
      </h2>
      <div className="form-field">
        <label htmlFor={`${id}-cause`}>
          {isRequest ? t('maintenance:work.form.cause') : t('maintenance:work.form.causeOptional')}
        </label>
        <textarea
          id={`${id}-cause`}
          rows={3}
          maxLength={1000}
          value={cause}
          aria-describedby={`${id}-cause-hint`}
          onChange={(e) => setCause(e.target.value)}
        />
        <p id={`${id}-cause-hint`} className="form-field__hint">
          {t('maintenance:work.form.causeHint')}
        </p>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-action`}>{t('maintenance:work.form.action')}</label>
        <textarea
          id={`${id}-action`}
          rows={3}
          maxLength={2000}
          value={action}
          aria-describedby={`${id}-action-hint`}
          onChange={(e) => setAction(e.target.value)}
        />
        <p id={`${id}-action-hint`} className="form-field__hint">
          {t('maintenance:work.form.actionHint')}
        </p>
      </div>
      <div className="mnt-work__labour">
        <div className="form-field">
          <label htmlFor={`${id}-minutes`}>{t('maintenance:work.form.minutes')}</label>
          <input
            id={`${id}-minutes`}
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            step={1}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-note`}>{t('maintenance:work.form.note')}</label>
          <input
            id={`${id}-note`}
            type="text"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </div>
      <FormError error={problem ? new Error(problem) : undefined} testId="work-form-error" />
      <div className="mnt-actions">
        <button
          type="submit"
          className="mnt-button mnt-button--plain"
          data-command="record-work"
          disabled={pending}
        >
          {t('maintenance:work.form.save')}
        </button>
        <button
          type="button"
          className="mnt-button mnt-button--primary"
          data-command="close"
          disabled={pending}
          onClick={onClose}
        >
          {t('maintenance:work.form.close')}
        </button>
      </div>
    </form>
  );
}

function CancelForm({
  pending,
  onCancel,
  onBack,
}: {
  pending: boolean;
  onCancel: (reason: string) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The button that opened the form is gone: the keyboard goes on in the form.
  useEffect(() => input.current?.focus(), []);
  return (
    <form
      className="mnt-panel form"
      data-testid="cancel-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) onCancel(reason.trim());
      }}
    >
      <div className="form-field">
        <label htmlFor={`${id}-reason`}>{t('maintenance:work.cancelForm.reason')}</label>
        <input
          ref={input}
          id={`${id}-reason`}
          type="text"
          maxLength={500}
          required
          aria-describedby={`${id}-hint`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <p id={`${id}-hint`} className="form-field__hint">
          {t('maintenance:work.cancelForm.hint')}
        </p>
      </div>
      <div className="mnt-actions">
        <button
          type="submit"
          className="mnt-button mnt-button--danger"
          data-command="confirm-cancel"
          disabled={pending || !reason.trim()}
        >
          {t('maintenance:work.cancelForm.confirm')}
        </button>
        <button type="button" className="mnt-button mnt-button--plain" onClick={onBack}>
          {t('maintenance:work.cancelForm.keep')}
        </button>
      </div>
    </form>
  );
}

/** Spare parts set aside for the job and issued to it (stock ledger movements). */
function PartsSection({
  order,
  editable,
  pending,
  onSend,
}: {
  order: MaintenanceWorkOrderDetail;
  editable: boolean;
  pending: boolean;
  onSend: Send;
}) {
  const { t } = useTranslation();
  const id = useId();
  const parts = useSpareParts();
  const [material, setMaterial] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [problem, setProblem] = useState<string>();
  const names = new Map((parts.data ?? []).map((p) => [p.material, p]));

  function go(command: 'reserve' | 'issue') {
    const q = Number(quantity);
    const found = !material
      ? t('maintenance:work.parts.problems.part')
      : !(q > 0)
        ? t('maintenance:work.parts.problems.quantity')
        : undefined;
    setProblem(found);
    if (found) return;
    onSend({ command, body: { material, quantity: q } }, () => setQuantity('1'));
  }

  const nothing = order.reservations.length === 0 && order.issues.length === 0;
  if (!editable && nothing) return null;
  return (
    <section className="mnt-panel" aria-labelledby={`${id}-title`} data-testid="parts">
      <h2 id={`${id}-title`} className="mnt-form-title">
        {t('maintenance:work.parts.title')}
      </h2>
      {order.reservations.length > 0 && (
        <ul className="mnt-list" data-testid="reservations">
          {order.reservations.map((r) => (
            <li key={r.material} data-testid={`reservation-${r.material}`}>
              <strong>{r.material}</strong> {names.get(r.material)?.name ?? ''}
              <span className="mnt-list__figures">
                {t('maintenance:work.parts.reservation', {
                  reserved: formatDecimal(r.quantity),
                  issued: formatDecimal(r.issued),
                })}
                {r.released ? ` · ${t('maintenance:work.parts.released')}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {order.issues.length > 0 && (
        <ul className="mnt-list" data-testid="issues">
          {order.issues.map((i) => (
            <li key={i.movementId} data-testid={`issue-${i.material}`}>
              <strong>
                {formatDecimal(i.quantity)} × {i.material}
              </strong>
              <span className="mnt-list__figures">
                {t('maintenance:work.parts.issue', {
                  lot: i.lot,
                  location: i.location,
                  actor: i.actor,
                })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {nothing && <p className="muted small">{t('maintenance:work.parts.none')}</p>}
      {editable && (
        <div className="form" data-testid="parts-form">
          <div className="form-field">
            <label htmlFor={`${id}-part`}>{t('maintenance:work.parts.part')}</label>
            <select
              id={`${id}-part`}
              value={material}
              onChange={(e) => setMaterial(e.target.value)}
            >
              <option value="">{t('maintenance:work.parts.choosePart')}</option>
              {(parts.data ?? []).map((p) => (
                <option key={p.material} value={p.material}>
                  {t('maintenance:work.parts.option', {
                    material: p.material,
                    name: p.name,
                    available: formatDecimal(p.available),
                    unit: p.unit,
                  })}
                </option>
              ))}
            </select>
          </div>
          <div className="form-field">
            <label htmlFor={`${id}-quantity`}>{t('common:words.quantity')}</label>
            <input
              id={`${id}-quantity`}
              type="number"
              inputMode="decimal"
              min={0}
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </div>
          <FormError error={problem ? new Error(problem) : undefined} testId="parts-form-error" />
          <div className="mnt-actions">
            <button
              type="button"
              className="mnt-button mnt-button--plain"
              data-command="reserve-part"
              disabled={pending}
              onClick={() => go('reserve')}
            >
              {t('maintenance:work.parts.reserve')}
            </button>
            <button
              type="button"
              className="mnt-button mnt-button--plain"
              data-command="issue-part"
              disabled={pending}
              onClick={() => go('issue')}
            >
              {t('maintenance:work.parts.issueFromStock')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function LabourAndHistory({
  order,
  zone,
}: {
  order: MaintenanceWorkOrderDetail;
  zone?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="mnt-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="mnt-form-title">
        {t('maintenance:work.history.title')}
      </h2>
      <p className="small" data-testid="job-labour-total">
        {t('maintenance:work.history.labourTotal', {
          ...counted(order.labour.length),
          time: formatMaybeMinutes(order.labourMinutes),
        })}
      </p>
      {order.labour.length > 0 && (
        <ul className="mnt-list" data-testid="labour">
          {order.labour.map((l) => (
            <li key={`${l.at}-${l.technician}-${l.minutes}`}>
              <strong>{formatMinutes(l.minutes)}</strong> {l.technician}
              <span className="mnt-list__figures">
                {formatDateTime(l.at, zone)}
                {l.note ? ` — ${l.note}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ol className="timeline" data-testid="job-history">
        {order.history.map((step) => (
          <li key={`${step.at}-${step.command}`} className="timeline__item">
            <span className="timeline__when muted">{formatDateTime(step.at, zone)}</span>
            <span>
              <strong>
                {t(`maintenance:work.history.command.${step.command}`, {
                  defaultValue: step.command,
                })}
              </strong>
              {step.reason ? ` — ${step.reason}` : ''}
            </span>
            <span className="muted">{t('maintenance:work.history.by', { actor: step.actor })}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
