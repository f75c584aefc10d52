import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomers, useMaterials } from '../../api/plant';
import { type Order, useCreateOrder } from '../../api/shipping';
import { FormError } from '../../components/FormError';

const NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const DAY_MS = 86_400_000;

interface LineDraft {
  key: number;
  product: string;
  quantity: string;
  due: string;
}

/** A date some days from today, as the date input holds it (YYYY-MM-DD, the reader's own day). */
function daysFromToday(days: number): string {
  const at = new Date(Date.now() + days * DAY_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

interface NewOrderFormProps {
  onCreated: (order: Order) => void;
  onCancel: () => void;
}

/** A customer's call-off order: the customer, their own number if any, and lines of product, quantity and due date. */
export function NewOrderForm({ onCreated, onCancel }: NewOrderFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const customers = useCustomers();
  const materials = useMaterials();
  const create = useCreateOrder();
  const products = (materials.data ?? []).filter((m) => m.kind === 'finished');
  const [customer, setCustomer] = useState('');
  const [number, setNumber] = useState('');
  const [next, setNext] = useState(1);
  const [lines, setLines] = useState<LineDraft[]>([
    { key: 0, product: '', quantity: '', due: daysFromToday(14) },
  ]);
  const [problem, setProblem] = useState<string>();

  const update = (key: number, change: Partial<LineDraft>) =>
    setLines(lines.map((l) => (l.key === key ? { ...l, ...change } : l)));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const badLine = lines.findIndex((l) => {
      const q = Number(l.quantity);
      return !l.product || !Number.isInteger(q) || q <= 0 || !l.due;
    });
    const found = !customer
      ? t('shipping:newOrder.problem.customer')
      : number.trim() && !NUMBER.test(number.trim())
        ? t('shipping:newOrder.problem.number')
        : badLine >= 0
          ? t('shipping:newOrder.problem.line', { line: badLine + 1 })
          : undefined;
    setProblem(found);
    if (found) return;
    create.mutate(
      {
        customer,
        ...(number.trim() ? { number: number.trim() } : {}),
        lines: lines.map((l) => ({ product: l.product, quantity: Number(l.quantity), due: l.due })),
      },
      { onSuccess: onCreated },
    );
  }

  return (
    <form
      className="form panel"
      onSubmit={onSubmit}
      aria-labelledby={`${id}-title`}
      data-testid="new-order-form"
      noValidate
    >
      <h2 id={`${id}-title`} className="st-panel-title">
        {t('shipping:newOrder.title')}
      </h2>
      <div className="form-row">
        <div className="form-field form-field--grow">
          <label htmlFor={`${id}-customer`}>{t('shipping:columns.customer')}</label>
          <select
            id={`${id}-customer`}
            className="st-touch-input"
            value={customer}
            onChange={(e) => setCustomer(e.target.value)}
          >
            <option value="">{t('shipping:newOrder.chooseCustomer')}</option>
            {(customers.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} — {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-number`}>{t('shipping:newOrder.number')}</label>
          <input
            id={`${id}-number`}
            type="text"
            className="st-touch-input"
            autoComplete="off"
            spellCheck={false}
            placeholder={t('shipping:newOrder.numberPlaceholder')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </div>
      </div>
      <fieldset className="st-lines">
        <legend>{t('shipping:columns.lines')}</legend>
        {lines.map((line, index) => (
          <div className="form-row st-line" key={line.key} data-testid={`order-line-${index + 1}`}>
            <div className="form-field form-field--grow">
              <label htmlFor={`${id}-product-${line.key}`}>{t('shipping:columns.product')}</label>
              <select
                id={`${id}-product-${line.key}`}
                className="st-touch-input"
                value={line.product}
                onChange={(e) => update(line.key, { product: e.target.value })}
              >
                <option value="">{t('shipping:newOrder.chooseProduct')}</option>
                {products.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.code} — {p.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-field">
              <label htmlFor={`${id}-quantity-${line.key}`}>{t('shipping:columns.quantity')}</label>
              <input
                id={`${id}-quantity-${line.key}`}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                className="input-number st-touch-input"
                value={line.quantity}
                onChange={(e) => update(line.key, { quantity: e.target.value })}
              />
            </div>
            <div className="form-field">
              <label htmlFor={`${id}-due-${line.key}`}>{t('shipping:columns.due')}</label>
              <input
                id={`${id}-due-${line.key}`}
                type="date"
                className="st-touch-input"
                value={line.due}
                onChange={(e) => update(line.key, { due: e.target.value })}
              />
            </div>
            {lines.length > 1 && (
              <div className="form__actions st-move__add">
                <button
                  type="button"
                  className="button button--danger"
                  aria-label={t('shipping:newOrder.removeLine', { line: index + 1 })}
                  onClick={() => setLines(lines.filter((l) => l.key !== line.key))}
                >
                  {t('common:actions.remove')}
                </button>
              </div>
            )}
          </div>
        ))}
        <button
          type="button"
          className="button"
          onClick={() => {
            setLines([...lines, { key: next, product: '', quantity: '', due: daysFromToday(14) }]);
            setNext(next + 1);
          }}
        >
          {t('shipping:newOrder.addLine')}
        </button>
      </fieldset>
      <FormError error={problem ? new Error(problem) : create.error} testId="new-order-error" />
      <div className="form__actions">
        <button
          type="submit"
          className="button button--primary st-touch"
          disabled={create.isPending}
        >
          {create.isPending ? t('shipping:newOrder.entering') : t('shipping:newOrder.submit')}
        </button>
        <button type="button" className="button st-touch" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
      </div>
    </form>
  );
}
