import type { TwinRun } from '../../api/twin';
import { formatDateTime, formatDecimal, formatInteger } from '../../format';
import { askedFor, type ComparedRun, MAX_COMPARED } from './compare';

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
  if (runs.length === 0)
    return (
      <p className="muted" data-testid="twin-no-runs">
        No scenario has been run yet.
      </p>
    );
  const full = picks.length >= MAX_COMPARED;
  return (
    <div className="table-scroll">
      <table className="table table--compact twin-runs" data-testid="twin-runs">
        <caption className="visually-hidden">
          Scenario runs, newest first; tick up to {MAX_COMPARED} to compare
        </caption>
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Scenario</th>
            <th scope="col" className="num">
              Year
            </th>
            <th scope="col" className="num">
              Replications
            </th>
            <th scope="col" className="num">
              Total a year
            </th>
            <th scope="col">95 % interval</th>
            <th scope="col">Assumptions</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => {
            const picked = picks.includes(run.id);
            const letter = compared.find((c) => c.run.id === run.id);
            const asked = askedFor(run.input);
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
                      aria-label={`Compare ${run.input.scenario} ${run.input.year}, run ${formatDateTime(run.createdAt)}`}
                    />
                    {letter && (
                      <span
                        className="twin-letter"
                        style={{ background: letter.colour }}
                        title={`Run ${letter.letter} in the comparison`}
                      >
                        {letter.letter}
                      </span>
                    )}
                  </label>
                </td>
                <th scope="row">
                  <span className="twin-runs__scenario">{run.input.scenario}</span>
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
                <td data-testid="run-assumptions">{run.report.assumptions}</td>
                <td>
                  {run.createdBy}, {formatDateTime(run.createdAt)}
                  <span className="twin-runs__asked">
                    in {formatDecimal(run.wallMs / 1000)} s, seed {run.seed}
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
