import { type FormEvent, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Lot } from '../../api/genealogy';
import {
  isNonconformanceState,
  NONCONFORMANCE_STATES,
  useLotsOf,
  useNonconformances,
  useOpenNonconformance,
} from '../../api/quality';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import { i18n } from '../../i18n';
import { NonconformanceStateBadge } from './badges';
import {
  dispositionPath,
  ncDecisionLabel,
  ncSourceLabel,
  ncStateLabel,
  nonconformancePath,
} from './labels';
import {
  DRAFT_PARAMS,
  draftDescription,
  draftTitle,
  lotsAtAlarm,
  readDraft,
  type SpcAlarmDraft,
} from './spcDraft';

/**
 * /quality/nonconformances — every nonconformance, newest first, by state; a new one by hand,
 * or from an SPC alarm (the alarm comes in the address: see spcDraft.ts).
 */
export function NonconformancesPage() {
  const { t } = useTranslation();
  const id = useId();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const asked = params.get('state');
  const state = isNonconformanceState(asked) ? asked : undefined;
  const list = useNonconformances(state ? { state } : {});
  const draft = readDraft(params);
  const [creating, setCreating] = useState(false);
  const showForm = (creating || draft !== undefined) && can('quality.inspect');
  const change = (apply: (next: URLSearchParams) => void) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        apply(next);
        return next;
      },
      { replace: true },
    );
  const closeForm = () => {
    setCreating(false);
    if (draft) {
      change((next) => {
        for (const key of DRAFT_PARAMS) next.delete(key);
      });
    }
  };

  return (
    <div className="page" data-testid="nonconformances-page">
      <nav className="breadcrumbs" aria-label={t('quality:nav.breadcrumb')}>
        <ol>
          <li>
            <Link to="/quality">{t('quality:nav.quality')}</Link>
          </li>
          <li aria-current="page">{t('quality:nav.nonconformances')}</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">{t('quality:nav.quality')}</p>
          <h1>{t('quality:nav.nonconformances')}</h1>
        </div>
        {can('quality.inspect') && (
          <button
            type="button"
            className="button"
            aria-expanded={showForm}
            data-command="new-nonconformance"
            onClick={() => (showForm ? closeForm() : setCreating(true))}
          >
            {t('quality:nonconformances.new')}
          </button>
        )}
      </header>

      {showForm && (
        <NewNonconformance
          // A new alarm is a new draft: the form starts over from it.
          key={draft ? JSON.stringify(draft) : 'by-hand'}
          draft={draft}
          onCancel={closeForm}
        />
      )}

      <div className="filters">
        <div className="form-field">
          <label htmlFor={`${id}-state`}>{t('quality:fields.state')}</label>
          <select
            id={`${id}-state`}
            value={state ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              change((next) => (value ? next.set('state', value) : next.delete('state')));
            }}
          >
            <option value="">{t('quality:nonconformances.anyState')}</option>
            {NONCONFORMANCE_STATES.map((s) => (
              <option key={s} value={s}>
                {ncStateLabel(s)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <QueryView query={list} what={t('quality:loading.nonconformances')}>
        {(data) =>
          data.length === 0 ? (
            <p className="muted">
              {state ? t('quality:nonconformances.noneInState') : t('quality:nonconformances.none')}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="nonconformances-table">
                <thead>
                  <tr>
                    <th scope="col">{t('quality:fields.number')}</th>
                    <th scope="col">{t('quality:fields.title')}</th>
                    <th scope="col">{t('quality:fields.state')}</th>
                    <th scope="col">{t('quality:fields.decision')}</th>
                    <th scope="col">{t('quality:fields.lots')}</th>
                    <th scope="col">{t('quality:fields.source')}</th>
                    <th scope="col">{t('quality:fields.opened')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.map((nc) => (
                    <tr key={nc.id} data-testid={`nc-${nc.number}`}>
                      <th scope="row">
                        <Link to={nonconformancePath(nc.number)}>{nc.number}</Link>
                      </th>
                      <td>{nc.title}</td>
                      <td>
                        <NonconformanceStateBadge state={nc.state} />
                      </td>
                      <td>{nc.decision ? ncDecisionLabel(nc.decision) : '—'}</td>
                      <td>
                        <span className="code-list">
                          {nc.lots.map((lot) => (
                            <Link key={lot} to={dispositionPath(lot)}>
                              {lot}
                            </Link>
                          ))}
                        </span>
                      </td>
                      <td data-testid="nc-source" data-source={nc.source}>
                        {ncSourceLabel(nc.source)}
                      </td>
                      <td className="muted nowrap">
                        {formatDateTime(nc.openedAt)}{' '}
                        <span className="small">{t('quality:by', { user: nc.openedBy })}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </div>
  );
}

/** Lot numbers typed: separated by spaces, commas or semicolons. */
const typedLots = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

function NewNonconformance({
  draft,
  onCancel,
}: {
  draft: SpcAlarmDraft | undefined;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const navigate = useNavigate();
  const open = useOpenNonconformance();
  const [title, setTitle] = useState(() => (draft ? draftTitle(draft) : ''));
  const [description, setDescription] = useState(() => (draft ? draftDescription(draft) : ''));
  const [lots, setLots] = useState('');
  // The lots ticked among the alarm's; undefined until the user changes them (then the defaults hold).
  const [ticked, setTicked] = useState<ReadonlySet<string>>();
  const [problem, setProblem] = useState<string>();
  const suggested = useSuggestedLots(draft);
  const chosen = ticked ?? suggested.defaults;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const lotList = [...new Set([...chosen, ...typedLots(lots)])];
    const found = !title.trim()
      ? t('quality:nonconformances.form.needTitle')
      : !description.trim()
        ? t('quality:nonconformances.form.needDescription')
        : lotList.length === 0
          ? t('quality:nonconformances.form.needLot')
          : undefined;
    setProblem(found);
    if (found) return;
    open.mutate(
      {
        title: title.trim(),
        description: description.trim(),
        lots: lotList,
        ...(draft ? { source: 'spc' as const } : {}),
      },
      { onSuccess: (nc) => navigate(nonconformancePath(nc.number)) },
    );
  }

  const toggle = (lot: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(lot);
    else next.delete(lot);
    setTicked(next);
    setProblem(undefined);
  };

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      noValidate
      data-testid="new-nonconformance"
      data-source={draft ? 'spc' : 'manual'}
    >
      <h2 className="q-panel-title">
        {draft
          ? t('quality:nonconformances.form.titleFromAlarm')
          : t('quality:nonconformances.form.titleByHand')}
      </h2>
      {draft && <DraftOrigin draft={draft} />}
      <div className="form-field">
        <label htmlFor={`${id}-title`}>{t('quality:fields.title')}</label>
        <input
          id={`${id}-title`}
          type="text"
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      {draft && (
        <fieldset className="checkbox-group q-alarm-lots" data-testid="alarm-lots">
          <legend>{suggested.legend}</legend>
          {suggested.pending && (
            <p className="muted small">{t('quality:nonconformances.form.findingLots')}</p>
          )}
          <FormError error={suggested.error} testId="alarm-lots-error" />
          {!suggested.pending && !suggested.error && suggested.options.length === 0 && (
            <p className="muted small" data-testid="no-alarm-lots">
              {suggested.none}
            </p>
          )}
          {suggested.options.map((option) => (
            <label
              key={option.number}
              className="checkbox"
              data-testid={`alarm-lot-${option.number}`}
            >
              <input
                type="checkbox"
                name="lots"
                value={option.number}
                checked={chosen.has(option.number)}
                onChange={(e) => toggle(option.number, e.target.checked)}
              />
              <span>
                <code className="code">{option.number}</code>{' '}
                <span className="muted small">{option.detail}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="form-field">
        <label htmlFor={`${id}-lots`}>
          {draft ? t('quality:nonconformances.form.otherLots') : t('quality:fields.lots')}
        </label>
        <input
          id={`${id}-lots`}
          type="text"
          spellCheck={false}
          aria-describedby={`${id}-lots-hint`}
          value={lots}
          onChange={(e) => {
            setLots(e.target.value);
            setProblem(undefined);
          }}
        />
        <p id={`${id}-lots-hint`} className="form-field__hint">
          {t('quality:nonconformances.form.lotsHint')}
        </p>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-description`}>{t('quality:nonconformances.form.found')}</label>
        <textarea
          id={`${id}-description`}
          className="q-textarea"
          rows={draft ? 4 : 3}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <FormError error={problem ? new Error(problem) : open.error} testId="new-nc-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={open.isPending}>
          {t('quality:commands.openNonconformance')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Where the draft came from, with the way back to its chart. */
function DraftOrigin({ draft }: { draft: SpcAlarmDraft }) {
  useTranslation();
  const chart: Record<string, string> =
    draft.kind === 'gauge'
      ? { line: draft.line, metric: draft.metric }
      : { source: 'results', spec: draft.specification, ch: draft.characteristic };
  return (
    <p className="form-notice" data-testid="nc-draft-origin">
      <Trans
        i18nKey="quality:nonconformances.form.draftOrigin"
        values={{
          rule: draft.rule,
          at: formatDateTime(draft.at),
          charted:
            draft.kind === 'gauge'
              ? `${draft.line} ${draft.metric}`
              : `${draft.specification} ${draft.characteristic}`,
        }}
        components={{
          rule: <strong />,
          chart: <Link to={`/quality/spc?${new URLSearchParams(chart)}`} />,
        }}
      />
    </p>
  );
}

const madeWindow = (lot: Lot) =>
  lot.madeFrom
    ? i18n.t('quality:nonconformances.lots.made', {
        from: formatDateTime(lot.madeFrom),
        to: lot.madeTo
          ? formatDateTime(lot.madeTo)
          : i18n.t('quality:nonconformances.lots.stillBeingMade'),
      })
    : i18n.t('quality:nonconformances.lots.recorded', { at: formatDateTime(lot.createdAt) });

/** A lot offered for the nonconformance, with what tells it apart. */
const lotOption = (lot: Lot, note?: string) => ({
  number: lot.number,
  detail: [lot.material, lot.workOrderNumber, madeWindow(lot), note].filter(Boolean).join(' · '),
});

interface SuggestedLots {
  legend: string;
  /** What to say when there is none. */
  none: string;
  options: { number: string; detail: string }[];
  /** Ticked until the user says otherwise. */
  defaults: ReadonlySet<string>;
  pending: boolean;
  error: unknown;
}

/** The lots an alarm concerns: made on the line when it fired (gauge), or the charted lot (results). */
function useSuggestedLots(draft: SpcAlarmDraft | undefined): SuggestedLots {
  const gauge = draft?.kind === 'gauge' ? draft : undefined;
  // The lots of the alarm's product (every lot when the chart had none), newest first.
  const lots = useLotsOf(
    gauge ? (gauge.product ? { material: gauge.product, limit: 500 } : { limit: 500 }) : undefined,
  );
  if (draft?.kind === 'results') {
    return {
      legend: i18n.t('quality:nonconformances.lots.resultsLegend'),
      none: i18n.t('quality:nonconformances.lots.resultsNone'),
      options: draft.lot
        ? [{ number: draft.lot, detail: i18n.t('quality:nonconformances.lots.chartedPoint') }]
        : [],
      defaults: new Set(draft.lot ? [draft.lot] : []),
      pending: false,
      error: null,
    };
  }
  if (!gauge) {
    return { legend: '', none: '', options: [], defaults: new Set(), pending: false, error: null };
  }
  const found = lotsAtAlarm(lots.data ?? [], gauge.line, gauge.at);
  return {
    legend: i18n.t('quality:nonconformances.lots.gaugeLegend', { line: gauge.line }),
    none: gauge.product
      ? i18n.t('quality:nonconformances.lots.gaugeNoneOfProduct', {
          product: gauge.product,
          line: gauge.line,
          at: formatDateTime(gauge.at),
        })
      : i18n.t('quality:nonconformances.lots.gaugeNone', {
          line: gauge.line,
          at: formatDateTime(gauge.at),
        }),
    options: [
      ...found.during.map((lot) => lotOption(lot)),
      ...found.around.map(({ lot, when }) =>
        lotOption(
          lot,
          when === 'before'
            ? i18n.t('quality:nonconformances.lots.madeBefore')
            : i18n.t('quality:nonconformances.lots.madeAfter'),
        ),
      ),
    ],
    defaults: new Set(found.during.map((l) => l.number)),
    pending: lots.isPending && lots.fetchStatus !== 'idle',
    error: lots.error,
  };
}
