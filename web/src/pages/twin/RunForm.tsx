import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useLines, useSuppliers } from '../../api/plant';
import { CALIBRATION_DAYS, type Scenario, type TwinRun, useRunScenario } from '../../api/twin';
import { FormError } from '../../components/FormError';
import { formatInteger } from '../../format';
import { DEFAULT_REPLICATIONS, type Fields, initialFields, runRequestOf } from './fields';

const replicationsWord = (n: number) =>
  `${formatInteger(n)} ${n === 1 ? 'replication' : 'replications'}`;

/** Seconds since `running` turned true, ticking while it stays so. */
function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const timer = window.setInterval(
      () => setSeconds(Math.floor((Date.now() - started) / 1000)),
      1000,
    );
    return () => window.clearInterval(timer);
  }, [running]);
  return seconds;
}

interface RunFormProps {
  scenarios: Scenario[];
  onRan: (run: TwinRun) => void;
}

/** A scenario, its year and replications, and the scenario's own parameters; Run waits for the answer. */
export function RunForm({ scenarios, onRan }: RunFormProps) {
  const id = useId();
  const lines = useLines();
  const suppliers = useSuppliers();
  const run = useRunScenario();
  const [fields, setFields] = useState(initialFields);
  const [problem, setProblem] = useState<string>();
  const [asked, setAsked] = useState(DEFAULT_REPLICATIONS);
  const elapsed = useElapsedSeconds(run.isPending);
  const set = (name: keyof Fields) => (value: string) =>
    setFields((f) => ({ ...f, [name]: value }));
  const firstLine = lines.data?.[0]?.code ?? '';
  const firstSupplier = suppliers.data?.[0]?.code ?? '';
  const description = scenarios.find((s) => s.name === fields.scenario)?.description;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const made = runRequestOf(fields, { line: firstLine, supplier: firstSupplier });
    if ('problem' in made) {
      setProblem(made.problem);
      return;
    }
    setProblem(undefined);
    setAsked(made.request.replications ?? DEFAULT_REPLICATIONS);
    run.mutate(made.request, { onSuccess: onRan });
  }

  const field = (name: keyof Fields, label: string, input: ReactNode, hint?: string) => (
    <div className="form-field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      {input}
      {hint && (
        <p id={`${id}-${name}-hint`} className="form-field__hint">
          {hint}
        </p>
      )}
    </div>
  );
  const number = (
    name: keyof Fields,
    props: { min: number; max: number; step?: number },
    hinted = false,
  ) => (
    <input
      id={`${id}-${name}`}
      type="number"
      inputMode="numeric"
      className="input-number"
      value={fields[name]}
      aria-describedby={hinted ? `${id}-${name}-hint` : undefined}
      onChange={(e) => set(name)(e.target.value)}
      {...props}
    />
  );
  const fromDate = (hint: string) =>
    field(
      'from',
      'From (optional)',
      <input
        id={`${id}-from`}
        type="date"
        value={fields.from}
        aria-describedby={`${id}-from-hint`}
        onChange={(e) => set('from')(e.target.value)}
      />,
      hint,
    );

  return (
    <form
      className="form panel twin-form"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="twin-run-form"
      aria-busy={run.isPending}
      noValidate
    >
      <h2 id={`${id}-title`}>Run a scenario</h2>
      {field(
        'scenario',
        'Scenario',
        <select
          id={`${id}-scenario`}
          value={fields.scenario}
          aria-describedby={`${id}-scenario-hint`}
          onChange={(e) => set('scenario')(e.target.value)}
        >
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>,
        description ? `${description[0]?.toUpperCase()}${description.slice(1)}.` : undefined,
      )}
      <div className="form-row">
        {field('year', 'Year', number('year', { min: 2000, max: 2100 }))}
        {field('replications', 'Replications', number('replications', { min: 1, max: 50 }))}
      </div>
      {field(
        'calibrationDays',
        'Station behaviour',
        <select
          id={`${id}-calibrationDays`}
          value={fields.calibrationDays}
          onChange={(e) => set('calibrationDays')(e.target.value)}
        >
          <option value="">uncalibrated placeholders</option>
          {CALIBRATION_DAYS.map((days) => (
            <option key={days} value={String(days)}>
              calibrated from the last {days} {days === 1 ? 'day' : 'days'} of machine data
            </option>
          ))}
        </select>,
        'Stations with too little machine data keep the placeholders; the run names what it used.',
      )}

      {fields.scenario === 'line-out' && (
        <fieldset className="twin-form__params" data-testid="twin-params-line-out">
          <legend>Line out</legend>
          {field(
            'line',
            'Line',
            <select
              id={`${id}-line`}
              value={fields.line || firstLine}
              onChange={(e) => set('line')(e.target.value)}
            >
              {(lines.data ?? []).map((l) => (
                <option key={l.code} value={l.code}>
                  {l.code} — {l.name}
                </option>
              ))}
            </select>,
          )}
          {field('weeks', 'Weeks out', number('weeks', { min: 1, max: 52 }))}
          {fromDate('Empty: the first Monday of March.')}
        </fieldset>
      )}
      {fields.scenario === 'supplier-stop' && (
        <fieldset className="twin-form__params" data-testid="twin-params-supplier-stop">
          <legend>Supplier stop</legend>
          {field(
            'supplier',
            'Supplier',
            <select
              id={`${id}-supplier`}
              value={fields.supplier || firstSupplier}
              onChange={(e) => set('supplier')(e.target.value)}
            >
              {(suppliers.data ?? []).map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} — {s.name}
                </option>
              ))}
            </select>,
          )}
          {fromDate('Empty: 1 July of the year.')}
          {field(
            'coverDays',
            'Days of stock (optional)',
            number('coverDays', { min: 0, max: 365 }, true),
            'How long the lines run on after the deliveries stop. Empty: the server works it out.',
          )}
        </fieldset>
      )}
      {fields.scenario === 'demand-surge' && (
        <fieldset className="twin-form__params" data-testid="twin-params-demand-surge">
          <legend>Demand surge</legend>
          {field(
            'surgePercent',
            'Surge (%)',
            number('surgePercent', { min: -99, max: 1000, step: 1 }, true),
            'Demand above the rated product mix: 20 is a fifth more.',
          )}
        </fieldset>
      )}
      {fields.scenario === 'buffer' && (
        <fieldset className="twin-form__params" data-testid="twin-params-buffer">
          <legend>Buffer</legend>
          {field(
            'bufferCartridges',
            'Buffer (cartridges)',
            number('bufferCartridges', { min: 0, max: 1_000_000, step: 100 }, true),
            'Between stations; the baseline has 2,000.',
          )}
        </fieldset>
      )}

      <FormError error={problem ? new Error(problem) : run.error} testId="twin-run-error" />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          data-command="run-scenario"
          disabled={run.isPending}
        >
          {run.isPending ? `Running… (${replicationsWord(asked)})` : 'Run'}
        </button>
        {run.isPending && (
          <span className="muted" role="status" data-testid="twin-running">
            {formatInteger(elapsed)} s — the answer comes when every replication is done.
          </span>
        )}
      </div>
    </form>
  );
}
