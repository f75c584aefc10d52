import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLine } from '../../api/plant';
import {
  type CommandBody,
  type CommandType,
  newIdempotencyKey,
  useReasonTables,
  useWorkOrderCommand,
  type WorkOrder,
} from '../../api/production';
import { FormError } from '../../components/FormError';
import { commandLabel, downtimeCategoryLabel } from './labels';

// Commands that ask for something first; the rest are sent at once.
const NEEDS_INPUT = new Set<CommandType>(['pause', 'recordScrap', 'hold', 'cancel']);

interface WorkOrderCommandsProps {
  order: WorkOrder;
  /** What the order's state and the user's roles allow. */
  commands: CommandType[];
}

/** The commands of the detail page; each is sent with an idempotency key. */
export function WorkOrderCommands({ order, commands }: WorkOrderCommandsProps) {
  const { t } = useTranslation();
  const mutation = useWorkOrderCommand();
  const [open, setOpen] = useState<CommandType>();
  // One key per intent: a retry of the same request reuses it.
  const attempt = useRef<{ key: string; body: CommandBody } | undefined>(undefined);

  function send(body: CommandBody, retry = false) {
    if (mutation.isPending) return;
    const key = retry && attempt.current ? attempt.current.key : newIdempotencyKey();
    attempt.current = { key, body };
    mutation.mutate(
      { id: order.id, idempotencyKey: key, ...body },
      {
        onSuccess: () => {
          attempt.current = undefined;
          setOpen(undefined);
        },
      },
    );
  }

  function choose(command: CommandType) {
    mutation.reset();
    if (NEEDS_INPUT.has(command)) {
      setOpen(open === command ? undefined : command);
      return;
    }
    setOpen(undefined);
    send({ command } as CommandBody);
  }

  return (
    <div className="form" data-testid="wo-commands">
      <div className="form__actions">
        {commands.map((command) => (
          <button
            key={command}
            type="button"
            className={`button${command === 'cancel' ? ' button--danger' : command === open ? ' button--primary' : ''}`}
            aria-expanded={NEEDS_INPUT.has(command) ? open === command : undefined}
            disabled={mutation.isPending}
            onClick={() => choose(command)}
          >
            {commandLabel(t, command)}
            {NEEDS_INPUT.has(command) ? '…' : ''}
          </button>
        ))}
      </div>
      {open === 'pause' && <PauseForm onSend={send} pending={mutation.isPending} />}
      {open === 'recordScrap' && (
        <ScrapForm line={order.line} onSend={send} pending={mutation.isPending} />
      )}
      {open === 'hold' && (
        <ReasonForm
          label={t('production:commands.hold.label')}
          hint={t('production:commands.hold.hint')}
          required
          submit={t('production:commands.hold.submit')}
          onSubmit={(reason) => send({ command: 'hold', body: { reason } })}
          pending={mutation.isPending}
        />
      )}
      {open === 'cancel' && (
        <ReasonForm
          label={t('production:commands.cancel.label')}
          hint={t('production:commands.cancel.hint')}
          submit={t('production:commands.cancel.submit')}
          danger
          onSubmit={(reason) => send({ command: 'cancel', body: reason ? { reason } : {} })}
          pending={mutation.isPending}
        />
      )}
      <FormError error={mutation.error} testId="command-error" />
      {mutation.isError && attempt.current && (
        <div className="form__actions">
          <button
            type="button"
            className="button"
            onClick={() => attempt.current && send(attempt.current.body, true)}
          >
            {t('common:actions.retry')}
          </button>
        </div>
      )}
    </div>
  );
}

interface SendProps {
  onSend: (body: CommandBody) => void;
  pending: boolean;
}

function PauseForm({ onSend, pending }: SendProps) {
  const { t } = useTranslation();
  const id = useId();
  const reasons = useReasonTables();
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const tree = reasons.data?.downtimeReasons ?? [];

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!reason) return;
    onSend({ command: 'pause', body: { reason, ...(note.trim() ? { note: note.trim() } : {}) } });
  }

  return (
    <form className="form panel" onSubmit={onSubmit} data-testid="pause-form">
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-reason`}>{t('production:commands.pause.reason')}</label>
          <select
            id={`${id}-reason`}
            value={reason}
            required
            onChange={(e) => setReason(e.target.value)}
          >
            <option value="">{t('production:commands.pause.chooseReason')}</option>
            {tree.map((group) =>
              group.children?.length ? (
                <optgroup
                  key={group.code}
                  label={`${group.name} (${downtimeCategoryLabel(t, group.category)})`}
                >
                  {leavesWithPath(group).map(({ leaf, path }) => (
                    <option key={leaf.code} value={leaf.code}>
                      {path}
                      {leaf.name}
                    </option>
                  ))}
                </optgroup>
              ) : (
                <option key={group.code} value={group.code}>
                  {group.name} ({downtimeCategoryLabel(t, group.category)})
                </option>
              ),
            )}
          </select>
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-note`}>{t('production:commands.pause.note')}</label>
          <input
            id={`${id}-note`}
            type="text"
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending || !reason}>
          {t('production:commands.pause.submit')}
        </button>
      </div>
    </form>
  );
}

function leavesWithPath(
  group: { name: string; children?: { code: string; name: string; children?: unknown[] }[] },
  path = '',
): { leaf: { code: string; name: string }; path: string }[] {
  return (group.children ?? []).flatMap((child) =>
    child.children?.length
      ? leavesWithPath(child as typeof group, `${path}${child.name} › `)
      : [{ leaf: child, path }],
  );
}

function ScrapForm({ line, onSend, pending }: SendProps & { line: string }) {
  const { t } = useTranslation();
  const id = useId();
  const reasons = useReasonTables();
  const stations = useLine(line).data?.stations ?? [];
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [station, setStation] = useState('');
  const [problem, setProblem] = useState<string>();
  const kind = stations.find((s) => s.code === station)?.kind;
  const offered = (reasons.data?.scrapReasons ?? []).filter(
    (r) => !kind || !r.stationKind || r.stationKind === kind,
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const amount = Number(quantity);
    const found =
      !Number.isInteger(amount) || amount <= 0
        ? t('production:commands.scrap.problem.quantity')
        : !reason
          ? t('production:commands.scrap.problem.reason')
          : undefined;
    setProblem(found);
    if (found) return;
    onSend({
      command: 'recordScrap',
      body: { quantity: amount, reason, ...(station ? { station } : {}) },
    });
  }

  return (
    <form className="form panel" onSubmit={onSubmit} data-testid="scrap-form" noValidate>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-quantity`}>{t('common:words.quantity')}</label>
          <input
            id={`${id}-quantity`}
            type="number"
            inputMode="numeric"
            min={1}
            className="input-number"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-station`}>{t('production:commands.scrap.station')}</label>
          <select
            id={`${id}-station`}
            value={station}
            onChange={(e) => {
              setStation(e.target.value);
              setReason('');
            }}
          >
            <option value="">{t('production:commands.scrap.anyStation')}</option>
            {stations.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-reason`}>{t('common:words.reason')}</label>
          <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">{t('production:commands.scrap.chooseReason')}</option>
            {offered.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} — {r.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <FormError error={problem ? new Error(problem) : undefined} testId="scrap-form-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {t('production:commands.scrap.submit')}
        </button>
      </div>
    </form>
  );
}

interface ReasonFormProps {
  label: string;
  hint: string;
  submit: string;
  required?: boolean;
  danger?: boolean;
  pending: boolean;
  onSubmit: (reason: string) => void;
}

function ReasonForm({ label, hint, submit, required, danger, pending, onSubmit }: ReasonFormProps) {
  const id = useId();
  const [reason, setReason] = useState('');
  return (
    <form
      className="form panel"
      data-testid="reason-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (required && !reason.trim()) return;
        onSubmit(reason.trim());
      }}
    >
      <div className="form-field form-field--grow">
        <label htmlFor={`${id}-reason`}>{label}</label>
        <input
          id={`${id}-reason`}
          type="text"
          maxLength={500}
          required={required}
          aria-describedby={`${id}-hint`}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <p id={`${id}-hint`} className="form-field__hint">
          {hint}
        </p>
      </div>
      <div className="form__actions">
        <button
          type="submit"
          className={`button ${danger ? 'button--danger' : 'button--primary'}`}
          disabled={pending || (required && !reason.trim())}
        >
          {submit}
        </button>
      </div>
    </form>
  );
}
