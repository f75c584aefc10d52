import { useTranslation } from 'react-i18next';
import type { TwinRun } from '../../api/twin';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';
import { askedFor, type ComparedRun, MAX_COMPARED, runLabel, scenarioName } from './compare';
import { assumptionsInWords } from './server-text';

interface RunsListProps {
  runs: TwinRun[];
  picks: readonly string[];
  /** The compared runs, for their letters and colours. */
  compared: readonly ComparedRun[];
  /** The run just made, marked until another is. */
  latest?: string | undefined;
  onToggle: (id: string) => void;
}

/** The runs kept, newest first, each with a box to tick for the comparison. */
export function RunsList({ runs, picks, compared, latest, onToggle }: RunsListProps) {
  const { t } = useTranslation();
  if (runs.length === 0)
    return (
      <p className="muted" data-testid="twin-no-runs">
        {t('twin:runs.none')}
      </p>
    );
  const full = picks.length >= MAX_COMPARED;
  return (
    <div className="table-scroll">
      <table className="table table--compact twin-runs" data-testid="twin-runs">
        <caption className="visually-hidden">
          {t('twin:runs.caption', { max: MAX_COMPARED })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('twin:runs.compare')}</th>
            <th scope="col">{t('twin:runs.scenario')}</th>
            <th scope="col" className="num">
              {t('twin:runs.year')}
            </th>
            <th scope="col" className="num">
              {t('twin:runs.replications')}
            </th>
            <th scope="col" className="num">
              {t('twin:runs.total')}
            </th>
            <th scope="col">{t('twin:runs.interval')}</th>
            <th scope="col">{t('twin:runs.assumptions')}</th>
            <th scope="col">{t('twin:runs.run')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const picked = picks.includes(run.id);
            const letter = compared.find((c) => c.run.id === run.id);
            const asked = askedFor(t, run.input);
            const when = formatDateTime(run.createdAt);
            const { total } = run.report;
            return (
              <tr
                key={run.id}
                data-testid="twin-run"
                data-run={run.id}
                data-scenario={run.input.scenario}
                data-year={run.input.year}
                className={`${picked ? 'is-selected' : ''}${run.id === latest ? ' twin-runs__latest' : ''}`}
              >
                <td>
                  <label className="twin-pick">
                    <input
                      type="checkbox"
                      checked={picked}
                      disabled={!picked && full}
                      onChange={() => onToggle(run.id)}
                      aria-label={t('twin:runs.compareLabel', {
                        run: runLabel(t, run.input),
                        when,
                      })}
                    />
                    {letter && (
                      <span
                        className="twin-letter"
                        style={{ background: letter.colour }}
                        title={t('twin:runs.letterTitle', { letter: letter.letter })}
                      >
                        {letter.letter}
                      </span>
                    )}
                  </label>
                </td>
                <th scope="row">
                  <span className="twin-runs__scenario">{scenarioName(t, run.input.scenario)}</span>
                  {asked && <span className="twin-runs__asked">{asked}</span>}
                </th>
                <td className="num">{run.input.year}</td>
                <td className="num">{formatInteger(run.replications)}</td>
                <td className="num" data-testid="run-total">
                  {formatInteger(total.mean)}
                </td>
                <td className="nowrap">
                  {formatInteger(total.low)} – {formatInteger(total.high)}
                </td>
                <td data-testid="run-assumptions">{assumptionsInWords(t, run.report)}</td>
                <td>
                  {t('twin:runs.madeBy', { by: run.createdBy, when })}
                  <span className="twin-runs__asked">
                    {t('twin:runs.took', {
                      seconds: formatDecimal(run.wallMs / 1000),
                      seed: run.seed,
                    })}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
