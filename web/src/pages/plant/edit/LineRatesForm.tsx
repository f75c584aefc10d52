import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { fetchEntity, usePlantChange } from '../../../api/plant';
import type { ChangeResult, Line } from '../../../api/types';
import { FormError } from '../../../components/FormError';
import { SignatureDialog } from '../../../components/signature/SignatureDialog';
import { formatDecimal } from '../../../format';

interface RateChange {
  product: string;
  from: number;
  to: number;
}

interface LineRatesFormProps {
  line: Line;
  onDone: (result: ChangeResult) => void;
  onCancel: () => void;
}

/** Why the typed rates cannot be saved, or the changes they make. */
function readRates(t: TFunction, line: Line, typed: Record<string, string>): string | RateChange[] {
  const slowest = Math.min(...line.stations.map((s) => s.ratePerMinute));
  const changes: RateChange[] = [];
  for (const p of line.products) {
    const text = (typed[p.product] ?? '').trim();
    const rate = Number(text);
    if (text === '' || !Number.isFinite(rate) || rate <= 0) {
      return t('plant:rates.problem.notPositive', { product: p.product });
    }
    if (rate > slowest) {
      return t('plant:rates.problem.aboveSlowest', {
        product: p.product,
        rate: formatDecimal(rate),
        slowest: formatDecimal(slowest),
      });
    }
    if (rate !== p.ratePerMinute)
      changes.push({ product: p.product, from: p.ratePerMinute, to: rate });
  }
  return changes.length > 0 ? changes : t('plant:rates.problem.unchanged');
}

/** The line's products with their rated rates open for change; saving asks for a signature. */
export function LineRatesForm({ line, onDone, onCancel }: LineRatesFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const change = usePlantChange();
  const slowest = line.stations.reduce((a, b) => (b.ratePerMinute < a.ratePerMinute ? b : a));
  const [typed, setTyped] = useState<Record<string, string>>(() =>
    Object.fromEntries(line.products.map((p) => [p.product, String(p.ratePerMinute)])),
  );
  const [problem, setProblem] = useState<string>();
  const [review, setReview] = useState<RateChange[]>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = readRates(t, line, typed);
    if (typeof result === 'string') {
      setProblem(result);
      return;
    }
    setProblem(undefined);
    setReview(result);
  }

  return (
    <>
      <form
        className="products-table rates-form"
        onSubmit={onSubmit}
        aria-labelledby={`${id}-caption`}
        data-testid={`rates-form-${line.code}`}
        noValidate
      >
        <table className="table table--compact">
          <caption id={`${id}-caption`}>{t('plant:rates.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common:words.product')}</th>
              <th scope="col" className="num">
                {t('plant:rates.now')}
              </th>
              <th scope="col" className="num">
                {t('plant:rates.new')}
              </th>
            </tr>
          </thead>
          <tbody>
            {line.products.map((p) => (
              <tr key={p.product}>
                <th scope="row">
                  <code className="code">{p.product}</code>
                </th>
                <td className="num">{formatDecimal(p.ratePerMinute)}</td>
                <td className="num">
                  <label className="visually-hidden" htmlFor={`${id}-${p.product}`}>
                    {t('plant:rates.inputLabel', { product: p.product })}
                  </label>
                  <input
                    id={`${id}-${p.product}`}
                    className="input-number"
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={slowest.ratePerMinute}
                    step="any"
                    value={typed[p.product] ?? ''}
                    onChange={(e) => setTyped((t) => ({ ...t, [p.product]: e.target.value }))}
                    aria-describedby={`${id}-hint`}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p id={`${id}-hint`} className="small muted">
          <Trans
            t={t}
            i18nKey="plant:rates.hint"
            values={{ rate: formatDecimal(slowest.ratePerMinute), station: slowest.code }}
            components={{ code: <code className="code" /> }}
          />
        </p>
        <FormError
          error={problem ? new Error(problem) : undefined}
          testId={`rates-error-${line.code}`}
        />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('plant:rates.reviewAndSign')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common:actions.cancel')}
          </button>
        </div>
      </form>
      {review && (
        <SignatureDialog
          action={t('plant:rates.action', { line: line.code })}
          details={
            <ul className="plain-list" data-testid="signature-changes">
              {review.map((c) => (
                <li key={c.product}>
                  <code className="code">{c.product}</code> {formatDecimal(c.from)} →{' '}
                  <strong>{formatDecimal(c.to)}</strong> {t('plant:rates.perMinute')}
                </li>
              ))}
            </ul>
          }
          onSign={async (signature) => {
            // The line as the API has it now, with only the rates changed.
            const current = await fetchEntity<Line>('lines', line.code);
            const rates = new Map(review.map((c) => [c.product, c.to]));
            const body: Line = {
              ...current,
              products: current.products.map((p) => ({
                ...p,
                ratePerMinute: rates.get(p.product) ?? p.ratePerMinute,
              })),
            };
            const result = await change.mutateAsync({
              change: { op: 'replace', kind: 'lines', code: line.code, body },
              signature,
            });
            setReview(undefined);
            onDone(result);
          }}
          onBack={() => setReview(undefined)}
          onCancel={() => setReview(undefined)}
        />
      )}
    </>
  );
}
