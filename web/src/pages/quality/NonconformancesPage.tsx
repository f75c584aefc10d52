import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  isNonconformanceState,
  NONCONFORMANCE_STATES,
  useNonconformances,
  useOpenNonconformance,
} from '../../api/quality';
import { useCan } from '../../auth/session';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatDateTime } from '../../format';
import { NonconformanceStateBadge } from './badges';
import { dispositionPath, NC_DECISION_LABEL, NC_STATE_LABEL, nonconformancePath } from './labels';

/** /quality/nonconformances — every nonconformance, newest first, by state; a new one by hand. */
export function NonconformancesPage() {
  const id = useId();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const asked = params.get('state');
  const state = isNonconformanceState(asked) ? asked : undefined;
  const list = useNonconformances(state ? { state } : {});
  const [creating, setCreating] = useState(false);

  return (
    <div className="page" data-testid="nonconformances-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol>
          <li>
            <Link to="/quality">Quality</Link>
          </li>
          <li aria-current="page">Nonconformances</li>
        </ol>
      </nav>
      <header className="page-header page-header--split">
        <div>
          <p className="page-header__eyebrow">Quality</p>
          <h1>Nonconformances</h1>
        </div>
        {can('quality.inspect') && (
          <button
            type="button"
            className="button"
            aria-expanded={creating}
            data-command="new-nonconformance"
            onClick={() => setCreating(!creating)}
          >
            New nonconformance…
          </button>
        )}
      </header>

      {creating && <NewNonconformance onCancel={() => setCreating(false)} />}

      <div className="filters">
        <div className="form-field">
          <label htmlFor={`${id}-state`}>State</label>
          <select
            id={`${id}-state`}
            value={state ?? ''}
            onChange={(e) =>
              setParams(e.target.value ? { state: e.target.value } : {}, { replace: true })
            }
          >
            <option value="">Any state</option>
            {NONCONFORMANCE_STATES.map((s) => (
              <option key={s} value={s}>
                {NC_STATE_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <QueryView query={list} what="the nonconformances">
        {(data) =>
          data.length === 0 ? (
            <p className="muted">
              {state ? 'No nonconformance in this state.' : 'No nonconformance yet.'}
            </p>
          ) : (
            <div className="table-scroll">
              <table className="table" data-testid="nonconformances-table">
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Title</th>
                    <th scope="col">State</th>
                    <th scope="col">Decision</th>
                    <th scope="col">Lots</th>
                    <th scope="col">Source</th>
                    <th scope="col">Opened</th>
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
                      <td>{nc.decision ? NC_DECISION_LABEL[nc.decision] : '—'}</td>
                      <td>
                        <span className="code-list">
                          {nc.lots.map((lot) => (
                            <Link key={lot} to={dispositionPath(lot)}>
                              {lot}
                            </Link>
                          ))}
                        </span>
                      </td>
                      <td>{nc.source}</td>
                      <td className="muted nowrap">
                        {formatDateTime(nc.openedAt)}{' '}
                        <span className="small">by {nc.openedBy}</span>
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

function NewNonconformance({ onCancel }: { onCancel: () => void }) {
  const id = useId();
  const navigate = useNavigate();
  const open = useOpenNonconformance();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [lots, setLots] = useState('');
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const lotList = lots.split(/[\s,;]+/).filter(Boolean);
    const found = !title.trim()
      ? 'Give the nonconformance a title.'
      : !description.trim()
        ? 'Describe what was found.'
        : lotList.length === 0
          ? 'Name at least one lot.'
          : undefined;
    setProblem(found);
    if (found) return;
    open.mutate(
      { title: title.trim(), description: description.trim(), lots: lotList },
      { onSuccess: (nc) => navigate(nonconformancePath(nc.number)) },
    );
  }

  return (
    <form className="form panel" onSubmit={onSubmit} noValidate data-testid="new-nonconformance">
      <h2 className="q-panel-title">New nonconformance</h2>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-title`}>Title</label>
          <input
            id={`${id}-title`}
            type="text"
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-lots`}>Lots</label>
          <input
            id={`${id}-lots`}
            type="text"
            spellCheck={false}
            aria-describedby={`${id}-lots-hint`}
            value={lots}
            onChange={(e) => setLots(e.target.value)}
          />
          <p id={`${id}-lots-hint`} className="form-field__hint">
            Lot numbers, separated by spaces or commas.
          </p>
        </div>
      </div>
      <div className="form-field">
        <label htmlFor={`${id}-description`}>What was found</label>
        <textarea
          id={`${id}-description`}
          className="q-textarea"
          rows={3}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <FormError error={problem ? new Error(problem) : open.error} testId="new-nc-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={open.isPending}>
          Open nonconformance
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
