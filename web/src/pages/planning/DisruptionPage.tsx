import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
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
import { Loading } from '../../components/Loading';
import { QueryView } from '../../components/QueryView';
import { formatExact } from '../../format';
import { counted, formatDay, sourceLabel, today } from './labels';
import { PlanningHeader } from './PlanningHeader';
import { impactByProduct } from './whatif';
import './planning.css';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** /planning/disruption?supplier=&from= — what runs short if a supplier delivers nothing from a date. */
export function DisruptionPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const supplier = params.get('supplier') ?? '';
  const from = params.get('from') ?? '';
  const suppliers = useSuppliers();
  const result = useSupplierDisruption(supplier, DATE.test(from) ? from : '');
  return (
    <div className="page" data-testid="planning-disruption-page">
      <PlanningHeader current="disruption" title={t('planning:disruption.title')} />
      <DisruptionForm
        key={`${supplier}|${from}`}
        suppliers={suppliers.data ?? []}
        initial={{ supplier, from: from || today() }}
        onAsk={(asked) => setParams(asked, { replace: true })}
      />
      {supplier && DATE.test(from) ? (
        <QueryView query={result} what={t('planning:disruption.loading')}>
          {(answer) => <DisruptionResult answer={answer} suppliers={suppliers.data ?? []} />}
        </QueryView>
      ) : (
        <p className="muted">{t('planning:disruption.intro')}</p>
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
  const { t } = useTranslation();
  const id = useId();
  const [supplier, setSupplier] = useState(initial.supplier);
  const [from, setFrom] = useState(initial.from);
  const [problem, setProblem] = useState<string>();

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = !supplier
      ? t('planning:disruption.problems.supplier')
      : !DATE.test(from)
        ? t('planning:disruption.problems.from')
        : undefined;
    setProblem(found);
    if (!found) onAsk({ supplier, from });
  }

  return (
    <form className="form panel" onSubmit={onSubmit} data-testid="disruption-form" noValidate>
      <div className="form-row">
        <div className="form-field">
          <label htmlFor={`${id}-supplier`}>{t('planning:disruption.supplier')}</label>
          <select
            id={`${id}-supplier`}
            value={supplier}
            onChange={(e) => setSupplier(e.target.value)}
          >
            <option value="">{t('planning:disruption.chooseSupplier')}</option>
            {suppliers.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} — {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor={`${id}-from`}>{t('planning:disruption.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
        </div>
        <div className="form__actions planning-form-submit">
          <button type="submit" className="button button--primary" data-command="what-if">
            {t('planning:disruption.submit')}
          </button>
        </div>
      </div>
      <FormError error={problem ? new Error(problem) : undefined} testId="disruption-error" />
    </form>
  );
}

function DisruptionResult({ answer, suppliers }: { answer: Disruption; suppliers: Supplier[] }) {
  const { t } = useTranslation();
  const id = useId();
  const baseline = useMaterialRequirements();
  const workOrders = useWorkOrders({ limit: 500 });
  const materials = useMaterials();
  const unitOf = (code: string) => materials.data?.find((m) => m.code === code)?.unit ?? '';
  const plan = usePlan();
  // Grouping by product needs both lists; drawn earlier, every order would land under "other orders".
  if (workOrders.isPending || plan.isPending) {
    return <Loading what={t('planning:disruption.loading')} />;
  }
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
        {name
          ? t('planning:disruption.result.titleNamed', {
              supplier: answer.supplier,
              name,
              day: formatDay(answer.from),
            })
          : t('planning:disruption.result.title', {
              supplier: answer.supplier,
              day: formatDay(answer.from),
            })}
      </h2>
      {impact.length === 0 ? (
        <p className="form-notice form-notice--ok" data-testid="disruption-none">
          {t('planning:disruption.result.none')}
        </p>
      ) : (
        <p className="form-notice form-notice--warn" data-testid="disruption-summary">
          {t('planning:disruption.result.summary', {
            requirements: t(
              'planning:disruption.result.requirements',
              counted(answer.firstShort.length),
            ),
            products: t('planning:disruption.result.products', counted(impact.length)),
            day: formatDay(impact[0]?.firstShort ?? answer.from),
          })}{' '}
          {t('planning:disruption.result.materials', {
            ...counted(shortMaterials.length),
            materials: shortMaterials.map((p) => p.material).join(', '),
          })}
        </p>
      )}
      {impact.length > 0 && (
        <div className="table-scroll">
          <table className="table" data-testid="disruption-table">
            <thead>
              <tr>
                <th scope="col">{t('common:words.product')}</th>
                <th scope="col">{t('planning:disruption.columns.firstShort')}</th>
                <th scope="col">{t('planning:disruption.columns.whatRunsShort')}</th>
                <th scope="col">{t('planning:disruption.columns.whatKeepsItGoing')}</th>
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
                        {p.product ?? t('planning:disruption.otherOrders')}
                      </th>
                    )}
                    <td>{formatDay(s.date)}</td>
                    <td>
                      {sourceLabel(s.source)}
                      {s.shortAnyway && (
                        <span
                          className="badge badge--info"
                          title={t('planning:disruption.shortAnywayHint')}
                        >
                          {t('planning:disruption.shortAnyway')}
                        </span>
                      )}
                    </td>
                    <td>
                      <ul className="planning-stops">
                        {s.gaps.map((g) => (
                          <li key={g.material}>
                            {/* The material stands out: the sentence is cut around it. */}
                            {t('planning:disruption.gap.quantity', {
                              quantity: `${formatExact(g.missing)} ${unitOf(g.material)}`.trim(),
                            })}{' '}
                            <strong>{g.material}</strong>{' '}
                            {t('planning:disruption.gap.by', { day: formatDay(g.date) })}
                            {' — '}
                            {g.alternatives.length > 0
                              ? t('planning:disruption.gap.alternatives', {
                                  suppliers: g.alternatives.join(', '),
                                })
                              : t('planning:disruption.gap.noAlternative')}
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
