import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLines, useSuppliers } from '../../api/plant';
import { CALIBRATION_DAYS, type Scenario, type TwinRun, useRunScenario } from '../../api/twin';
import { FormError } from '../../components/FormError';
import { formatInteger } from '../../format';
import { scenarioName } from './compare';
import {
  DEFAULT_REPLICATIONS,
  type Fields,
  initialFields,
  type RunProblem,
  runRequestOf,
} from './fields';

/** The baseline's buffer between stations, in cartridges (src/modules/twin/scenario.ts). */
const BASELINE_BUFFER = 2000;

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
  const { t } = useTranslation();
  const id = useId();
  const lines = useLines();
  const suppliers = useSuppliers();
  const run = useRunScenario();
  const [fields, setFields] = useState(initialFields);
  const [problem, setProblem] = useState<RunProblem>();
  const [asked, setAsked] = useState(DEFAULT_REPLICATIONS);
  const elapsed = useElapsedSeconds(run.isPending);
  const set = (name: keyof Fields) => (value: string) =>
    setFields((f) => ({ ...f, [name]: value }));
  const firstLine = lines.data?.[0]?.code ?? '';
  const firstSupplier = suppliers.data?.[0]?.code ?? '';
  const known = scenarios.some((s) => s.name === fields.scenario);
  const replications = (n: number) => t('twin:replications', { count: n, n: formatInteger(n) });

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
      t('twin:form.from'),
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
      <h2 id={`${id}-title`}>{t('twin:form.title')}</h2>
      {field(
        'scenario',
        t('twin:form.scenario'),
        <select
          id={`${id}-scenario`}
          value={fields.scenario}
          aria-describedby={`${id}-scenario-hint`}
          onChange={(e) => set('scenario')(e.target.value)}
        >
          {scenarios.map((s) => (
            <option key={s.name} value={s.name}>
              {scenarioName(t, s.name)}
            </option>
          ))}
        </select>,
        known ? t(`twin:scenarioDescription.${fields.scenario}`) : undefined,
      )}
      <div className="form-row">
        {field('year', t('twin:form.year'), number('year', { min: 2000, max: 2100 }))}
        {field(
          'replications',
          t('twin:form.replications'),
          number('replications', { min: 1, max: 50 }),
        )}
      </div>
      {field(
        'calibrationDays',
        t('twin:form.behaviour'),
        <select
          id={`${id}-calibrationDays`}
          value={fields.calibrationDays}
          onChange={(e) => set('calibrationDays')(e.target.value)}
        >
          <option value="">{t('twin:form.uncalibrated')}</option>
          {CALIBRATION_DAYS.map((days) => (
            <option key={days} value={String(days)}>
              {t('twin:form.calibrated', { count: days })}
            </option>
          ))}
        </select>,
        t('twin:form.behaviourHint'),
      )}

      {fields.scenario === 'line-out' && (
        <fieldset className="twin-form__params" data-testid="twin-params-line-out">
          <legend>{scenarioName(t, 'line-out')}</legend>
          {field(
            'line',
            t('twin:form.line'),
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
          {field('weeks', t('twin:form.weeks'), number('weeks', { min: 1, max: 52 }))}
          {fromDate(t('twin:form.lineOutFromHint'))}
        </fieldset>
      )}
      {fields.scenario === 'supplier-stop' && (
        <fieldset className="twin-form__params" data-testid="twin-params-supplier-stop">
          <legend>{scenarioName(t, 'supplier-stop')}</legend>
          {field(
            'supplier',
            t('twin:form.supplier'),
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
          {fromDate(t('twin:form.supplierFromHint'))}
          {field(
            'coverDays',
            t('twin:form.coverDays'),
            number('coverDays', { min: 0, max: 365 }, true),
            t('twin:form.coverDaysHint'),
          )}
        </fieldset>
      )}
      {fields.scenario === 'demand-surge' && (
        <fieldset className="twin-form__params" data-testid="twin-params-demand-surge">
          <legend>{scenarioName(t, 'demand-surge')}</legend>
          {field(
            'surgePercent',
            t('twin:form.surge'),
            number('surgePercent', { min: -99, max: 1000, step: 1 }, true),
            t('twin:form.surgeHint'),
          )}
        </fieldset>
      )}
      {fields.scenario === 'buffer' && (
        <fieldset className="twin-form__params" data-testid="twin-params-buffer">
          <legend>{scenarioName(t, 'buffer')}</legend>
          {field(
            'bufferCartridges',
            t('twin:form.buffer'),
            number('bufferCartridges', { min: 0, max: 1_000_000, step: 100 }, true),
            t('twin:form.bufferHint', { n: formatInteger(BASELINE_BUFFER) }),
          )}
        </fieldset>
      )}

      <FormError
        error={problem ? new Error(t(`twin:form.problem.${problem}`)) : run.error}
        testId="twin-run-error"
      />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary"
          data-command="run-scenario"
          disabled={run.isPending}
        >
          {run.isPending
            ? t('twin:form.running', { replications: replications(asked) })
            : t('twin:form.run')}
        </button>
        {run.isPending && (
          <span className="muted" role="status" data-testid="twin-running">
            {t('twin:form.elapsed', { seconds: formatInteger(elapsed) })}
          </span>
        )}
      </div>
    </form>
  );
}
