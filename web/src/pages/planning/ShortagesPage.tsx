import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type MaterialPlan, useMaterialRequirements } from '../../api/planning';
import { useMaterials } from '../../api/plant';
import { QueryView } from '../../components/QueryView';
import { formatExact, formatInteger } from '../../format';
import { formatDay, sourceLabel } from './labels';
import { PlanningHeader } from './PlanningHeader';
import './planning.css';

/** /planning/shortages — component requirements against stock and receipts, shortages first. */
export function ShortagesPage() {
  const { t } = useTranslation();
  const requirements = useMaterialRequirements();
  const materials = useMaterials();
  const unitOf = (code: string) => materials.data?.find((m) => m.code === code)?.unit ?? '';
  return (
    <div className="page" data-testid="planning-shortages-page">
      <PlanningHeader current="shortages" title={t('planning:shortages.title')} />
      <p className="muted">{t('planning:shortages.intro')}</p>
      <QueryView query={requirements} what={t('planning:shortages.loading')}>
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
  const { t } = useTranslation();
  const id = useId();
  const short = plans.filter((p) => p.shortage);
  const covered = plans.filter((p) => !p.shortage);
  const qty = (n: number, material: string) => `${formatExact(n)} ${unitOf(material)}`.trim();
  return (
    <>
      <section className="section" aria-labelledby={`${id}-short`}>
        <h2 id={`${id}-short`}>
          {t('planning:shortages.short.title', { n: formatInteger(short.length) })}
        </h2>
        {short.length === 0 ? (
          <p className="form-notice form-notice--ok" data-testid="no-shortages">
            {t('planning:shortages.short.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="shortages-table">
              <thead>
                <tr>
                  <th scope="col">{t('planning:columns.material')}</th>
                  <th scope="col">{t('planning:columns.shortFrom')}</th>
                  <th scope="col" className="num">
                    {t('planning:columns.missing')}
                  </th>
                  <th scope="col" className="num">
                    {t('planning:columns.required')}
                  </th>
                  <th scope="col" className="num">
                    {t('planning:columns.fromStock')}
                  </th>
                  <th scope="col" className="num">
                    {t('planning:columns.fromReceipts')}
                  </th>
                  <th scope="col">{t('planning:columns.whatItStops')}</th>
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
                            {t('planning:shortages.stop', {
                              day: formatDay(s.date),
                              source: sourceLabel(s.source),
                              quantity: qty(s.missing, p.material),
                            })}
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
        <h2 id={`${id}-covered`}>
          {t('planning:shortages.covered.title', { n: formatInteger(covered.length) })}
        </h2>
        {covered.length === 0 ? (
          <p className="muted" data-testid="no-covered">
            {plans.length === 0
              ? t('planning:shortages.covered.nothingRequired')
              : t('planning:shortages.covered.none')}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="table" data-testid="covered-table">
              <thead>
                <tr>
                  <th scope="col">{t('planning:columns.material')}</th>
                  <th scope="col" className="num">
                    {t('planning:columns.required')}
                  </th>
                  <th scope="col" className="num">
                    {t('planning:columns.fromStock')}
                  </th>
                  <th scope="col" className="num">
                    {t('planning:columns.fromReceipts')}
                  </th>
                  <th scope="col">{t('planning:columns.expiringUnused')}</th>
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
  const { t } = useTranslation();
  if (plan.expiredUnused.length === 0) return null;
  return (
    <p className="small planning-expired" data-testid="expired-unused">
      {t('planning:shortages.expiresBeforeUse', {
        lots: plan.expiredUnused
          .map((e) =>
            t('planning:shortages.expiringLot', {
              lot: e.lot,
              quantity: formatExact(e.quantity),
              day: formatDay(e.expiresOn),
            }),
          )
          .join(', '),
      })}
    </p>
  );
}
