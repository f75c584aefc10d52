import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLines } from '../../api/plant';
import { usePlanWorkOrder, type WorkOrder } from '../../api/production';
import { FormError } from '../../components/FormError';

const NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

interface PlanWorkOrderFormProps {
  defaultLine?: string;
  onPlanned: (order: WorkOrder) => void;
  onCancel: () => void;
}

/** A new work order: N of a product on a line. The products offered are those the line makes. */
export function PlanWorkOrderForm({ defaultLine, onPlanned, onCancel }: PlanWorkOrderFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const lines = useLines();
  const plan = usePlanWorkOrder();
  const [line, setLine] = useState(defaultLine ?? '');
  const [product, setProduct] = useState('');
  const [quantity, setQuantity] = useState('');
  const [number, setNumber] = useState('');
  const [problem, setProblem] = useState<string>();

  const chosenLine = lines.data?.find((l) => l.code === line);
  const products = chosenLine?.products ?? [];

  function chooseLine(code: string) {
    setLine(code);
    const made = lines.data?.find((l) => l.code === code)?.products ?? [];
    // Keep the product if the new line makes it too; else take the only one, or none.
    if (!made.some((p) => p.product === product)) {
      setProduct(made.length === 1 ? (made[0]?.product ?? '') : '');
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const amount = Number(quantity);
    const found = !line
      ? t('production:plan.problem.line')
      : !product
        ? t('production:plan.problem.product')
        : !Number.isInteger(amount) || amount <= 0
          ? t('production:plan.problem.quantity')
          : number.trim() && !NUMBER.test(number.trim())
            ? t('production:plan.problem.number')
            : undefined;
    setProblem(found);
    if (found) return;
    plan.mutate(
      { line, product, quantity: amount, ...(number.trim() ? { number: number.trim() } : {}) },
      { onSuccess: onPlanned },
    );
  }

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="plan-work-order-form"
      noValidate
    >
      <h3 id={`${id}-title`}>{t('production:plan.title')}</h3>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-line`}>{t('common:words.line')}</label>
          <select id={`${id}-line`} value={line} onChange={(e) => chooseLine(e.target.value)}>
            <option value="">{t('production:plan.chooseLine')}</option>
            {(lines.data ?? []).map((l) => (
              <option key={l.code} value={l.code}>
                {l.code} — {l.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-product`}>{t('common:words.product')}</label>
          <select
            id={`${id}-product`}
            value={product}
            disabled={!chosenLine}
            onChange={(e) => setProduct(e.target.value)}
          >
            <option value="">
              {chosenLine ? t('production:plan.chooseProduct') : t('production:plan.lineFirst')}
            </option>
            {products.map((p) => (
              <option key={p.product} value={p.product}>
                {p.product}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-quantity`}>{t('common:words.quantity')}</label>
          <input
            id={`${id}-quantity`}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            className="input-number"
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
          />
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-number`}>{t('production:plan.number')}</label>
          <input
            id={`${id}-number`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('production:plan.numberPlaceholder')}
            aria-describedby={`${id}-number-hint`}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
          <p id={`${id}-number-hint`} className="form-field__hint">
            {t('production:plan.numberHint')}
          </p>
        </div>
      </div>
      <FormError error={problem ? new Error(problem) : plan.error} testId="plan-error" />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={plan.isPending}>
          {plan.isPending ? t('production:plan.submitting') : t('production:plan.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
