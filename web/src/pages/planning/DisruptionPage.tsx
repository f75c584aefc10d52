import { type FormEvent, useId, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  type Disruption,
  useMaterialRequirements,
  usePlan,
  useSupplierDisruption,
} from '../../api/planning';
import { useMaterials, useSuppliers } from '../../api/plant';
import { useWorkOrders } from '../../api/production';
import type { Supplier } from '../../api/types';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { formatExact, formatInteger } from '../../format';
import { formatDay, sourceLabel, today } from './labels';
import { PlanningHeader } from './PlanningHeader';
import { impactByProduct } from './whatif';
import './planning.css';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** /planning/disruption?supplier=&from= — what runs short if a supplier delivers nothing from a date. */
export function DisruptionPage() {
  const [params, setParams] = useSearchParams();
  const supplier = params.get('supplier') ?? '';
  const from = params.get('from') ?? '';
  const suppliers = useSuppliers();
  const result = useSupplierDisruption(supplier, DATE.test(from) ? from : '');
  return (
    <div className="page" data-testid="planning-disruption-page">
      <PlanningHeader current="disruption" title="What if a supplier stops delivering" />
      <DisruptionForm
        key={`${supplier}|${from}`}
        suppliers={suppliers.data ?? []}
        initial={{ supplier, from: from || today() }}
        onAsk={(asked) => setParams(asked, { replace: true })}
      />
      {supplier && DATE.test(from) ? (
        <QueryView query={result} what="the what-if">
          {(answer) => <DisruptionResult answer={answer} suppliers={suppliers.data ?? []} />}
        </QueryView>
      ) : (
        <p className="muted">
          Choose a supplier and the date its deliveries stop: the open purchase orders it would
          deliver from then on are left out, and each work order and forecast week is netted again.
        </p>
      )}
    </div>
  );
}

interface DisruptionFormProps {
  suppliers: Supplier[];
  initial: { supplier: string; from: string };
  onAsk: (asked: { supplier: string; from: string }) => void;
}

function DisruptionForm({ suppliers, initial, onAsk }: DisruptionFormProps) {
  const id = useId();
  const [supplier, setSupplier] = useState(initial.supplier);
  const [from, setFrom] = useState(initial.from);
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = !supplier
      ? 'Choose the supplier.'
      : !DATE.test(from)
        ? 'Give the date its deliveries stop.'
        : undefined;
    setProblem(found);
    if (!found) onAsk({ supplier, from });
  }

  return (
    <form className="form panel" onSubmit={onSubmit} data-testid="disruption-form" noValidate>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-supplier`}>Supplier</label>
          <select
            id={`${id}-supplier`}
            value={supplier}
            onChange={(e) => setSupplier(e.target.value)}
          >
            <option value="">Choose a supplier…</option>
            {suppliers.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-from`}>Delivers nothing from</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="form__actions planning-form-submit">
          <button type="submit" className="button button--primary" data-command="what-if">
            Show what runs short
          </button>
        </div>
      </div>
      <FormError error={problem ? new Error(problem) : undefined} testId="disruption-error" />
    </form>
  );
}

function DisruptionResult({ answer, suppliers }: { answer: Disruption; suppliers: Supplier[] }) {
  const id = useId();
  const baseline = useMaterialRequirements();
  const workOrders = useWorkOrders({ limit: 500 });
  const materials = useMaterials();
  const unitOf = (code: string) => materials.data?.find((m) => m.code === code)?.unit ?? '';
  const plan = usePlan();
  // Requirements name a work order by its number, an order of the line plan by its reference.
  const productOf = new Map([
    ...(workOrders.data ?? []).map((w) => [w.number, w.product] as const),
    ...(plan.data?.orders ?? []).map((o) => [o.reference, o.product] as const),
  ]);
  const impact = impactByProduct(answer, {
    ...(baseline.data ? { baseline: baseline.data } : {}),
    productOf: (reference) => productOf.get(reference),
    suppliers,
  });
  const name = suppliers.find((s) => s.code === answer.supplier)?.name;
  const shortMaterials = answer.plans.filter((p) => p.shortage);
  return (
    <section className="section" aria-labelledby={`${id}-title`} data-testid="disruption-result">
      <h2 id={`${id}-title`}>
        {answer.supplier}
        {name ? ` (${name})` : ''} delivers nothing from {formatDay(answer.from)}
      </h2>
      {impact.length === 0 ? (
        <p className="form-notice form-notice--ok" data-testid="disruption-none">
          Nothing runs short: stock and the other suppliers’ receipts cover every work order and
          forecast week.
        </p>
      ) : (
        <p className="form-notice form-notice--warn" data-testid="disruption-summary">
          {formatInteger(answer.firstShort.length)}{' '}
          {answer.firstShort.length === 1 ? 'requirement runs' : 'requirements run'} short, of{' '}
          {formatInteger(impact.length)} {impact.length === 1 ? 'product' : 'products'}; the first
          on {formatDay(impact[0]?.firstShort ?? answer.from)}.{' '}
          {formatInteger(shortMaterials.length)}{' '}
          {shortMaterials.length === 1 ? 'material goes' : 'materials go'} short:{' '}
          {shortMaterials.map((p) => p.material).join(', ')}.
        </p>
      )}
      {impact.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="disruption-table">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">First short</th>
                <th scope="col">What runs short</th>
                <th scope="col">What would keep it going</th>
              </tr>
            </thead>
            {impact.map((p) => (
              <tbody
                key={p.product ?? '?'}
                data-testid="disruption-product"
                data-product={p.product ?? ''}
              >
                {p.sources.map((s, i) => (
                  <tr key={s.source} data-source={s.source}>
                    {i === 0 && (
                      <th scope="rowgroup" rowSpan={p.sources.length}>
                        {p.product ?? 'Other orders'}
                      </th>
                    )}
                    <td>{formatDay(s.date)}</td>
                    <td>
                      {sourceLabel(s.source)}
                      {s.shortAnyway && (
                        <span
                          className="badge badge--info"
                          title="Short even if the supplier keeps delivering"
                        >
                          short anyway
                        </span>
                      )}
                    </td>
                    <td>
                      <ul className="planning-stops">
                        {s.gaps.map((g) => (
                          <li key={g.material}>
                            {formatExact(g.missing)} {unitOf(g.material)} of{' '}
                            <strong>{g.material}</strong> by {formatDay(g.date)}
                            {' — '}
                            {g.alternatives.length > 0
                              ? `also supplied by ${g.alternatives.join(', ')}`
                              : 'no other supplier in the plant file'}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
