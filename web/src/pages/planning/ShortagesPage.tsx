import { useId } from 'react';
import { type MaterialPlan, useMaterialRequirements } from '../../api/planning';
import { useMaterials } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { formatExact } from '../../format';
import { formatDay, sourceLabel } from './labels';
import { PlanningHeader } from './PlanningHeader';
import './planning.css';

/** /planning/shortages — component requirements against stock and receipts, shortages first. */
export function ShortagesPage() {
  const requirements = useMaterialRequirements();
  const materials = useMaterials();
  const unitOf = (code: string) => materials.data?.find((m) => m.code === code)?.unit ?? '';
  return (
    <div className="page" data-testid="planning-shortages-page">
      <PlanningHeader current="shortages" title="Shortages" />
      <p className="muted">
        What the unmade work orders and the forecast need of each component, met from released stock
        (first expiry first), then from the purchase orders due by then.
      </p>
      <QueryView query={requirements} what="the material requirements">
        {(plans) => <Requirements plans={plans} unitOf={unitOf} />}
      </QueryView>
    </div>
  );
}

function Requirements({
  plans,
  unitOf,
}: {
  plans: MaterialPlan[];
  unitOf: (code: string) => string;
}) {
  const id = useId();
  const short = plans.filter((p) => p.shortage);
  const covered = plans.filter((p) => !p.shortage);
  const qty = (n: number, material: string) => `${formatExact(n)} ${unitOf(material)}`.trim();
  return (
    <>
      <section className="section" aria-labelledby={`${id}-short`}>
        <h2 id={`${id}-short`}>Short ({short.length})</h2>
        {short.length === 0 ? (
          <p className="form-notice form-notice--ok" data-testid="no-shortages">
            No shortage: stock and the purchase orders cover every requirement.
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="shortages-table">
              <thead>
                <tr>
                  <th scope="col">Material</th>
                  <th scope="col">Short from</th>
                  <th scope="col" className="num">
                    Missing
                  </th>
                  <th scope="col" className="num">
                    Required
                  </th>
                  <th scope="col" className="num">
                    From stock
                  </th>
                  <th scope="col" className="num">
                    From receipts
                  </th>
                  <th scope="col">What it stops</th>
                </tr>
              </thead>
              <tbody>
                {short.map((p) => (
                  <tr key={p.material} data-testid="shortage" data-material={p.material}>
                    <th scope="row">{p.material}</th>
                    <td data-testid="starts-on">
                      {p.shortage ? formatDay(p.shortage.startsOn) : ''}
                    </td>
                    <td className="num planning-late">
                      {qty(p.shortage?.quantity ?? 0, p.material)}
                    </td>
                    <td className="num">{qty(p.required, p.material)}</td>
                    <td className="num">{qty(p.fromStock, p.material)}</td>
                    <td className="num">{qty(p.fromReceipts, p.material)}</td>
                    <td>
                      <ul className="planning-stops" data-testid="stops">
                        {p.shortage?.stops.map((s) => (
                          <li key={`${s.source}:${s.date}`}>
                            {formatDay(s.date)}, {sourceLabel(s.source)}:{' '}
                            {qty(s.missing, p.material)} missing
                          </li>
                        ))}
                      </ul>
                      <ExpiredUnused plan={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="section" aria-labelledby={`${id}-covered`}>
        <h2 id={`${id}-covered`}>Covered ({covered.length})</h2>
        {covered.length === 0 ? (
          <p className="muted" data-testid="no-covered">
            {plans.length === 0
              ? 'Nothing requires a component: no unmade work order and no forecast.'
              : 'None.'}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="covered-table">
              <thead>
                <tr>
                  <th scope="col">Material</th>
                  <th scope="col" className="num">
                    Required
                  </th>
                  <th scope="col" className="num">
                    From stock
                  </th>
                  <th scope="col" className="num">
                    From receipts
                  </th>
                  <th scope="col">Expiring unused</th>
                </tr>
              </thead>
              <tbody>
                {covered.map((p) => (
                  <tr key={p.material} data-testid="covered" data-material={p.material}>
                    <th scope="row">{p.material}</th>
                    <td className="num">{qty(p.required, p.material)}</td>
                    <td className="num">{qty(p.fromStock, p.material)}</td>
                    <td className="num">{qty(p.fromReceipts, p.material)}</td>
                    <td>
                      <ExpiredUnused plan={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function ExpiredUnused({ plan }: { plan: MaterialPlan }) {
  if (plan.expiredUnused.length === 0) return null;
  return (
    <p className="small planning-expired" data-testid="expired-unused">
      Expires before use:{' '}
      {plan.expiredUnused
        .map((e) => `lot ${e.lot} (${formatExact(e.quantity)}, ${formatDay(e.expiresOn)})`)
        .join(', ')}
    </p>
  );
}
