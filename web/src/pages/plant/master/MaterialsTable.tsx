import { useTranslation } from 'react-i18next';
import type { Material } from '../../../api/types';
import { formatExact, formatInteger } from '../../../format';

export function MaterialsTable({ materials }: { materials: Material[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="materials-table">
        <caption className="visually-hidden">{t('plant:materials.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plant:columns.code')}</th>
            <th scope="col">{t('plant:columns.name')}</th>
            <th scope="col">{t('plant:columns.kind')}</th>
            <th scope="col">{t('plant:materials.category')}</th>
            <th scope="col">{t('plant:materials.unit')}</th>
            <th scope="col" className="num">
              {t('plant:materials.shelfLife')}
            </th>
            <th scope="col">{t('plant:materials.unNumber')}</th>
            <th scope="col" title={t('plant:materials.hazardClassTitle')}>
              {t('plant:materials.hazardClass')}
            </th>
            <th scope="col" className="num" title={t('plant:materials.neqPerUnitTitle')}>
              {t('plant:materials.neqPerUnit')}
            </th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m) => (
            <tr key={m.code}>
              <th scope="row">
                <code className="code">{m.code}</code>
              </th>
              <td>{m.name}</td>
              <td>{t(`plant:materialKind.${m.kind}`)}</td>
              <td>{t(`plant:materialCategory.${m.category}`)}</td>
              <td>{t(`plant:unit.${m.unit}`)}</td>
              <td className="num">
                {m.shelfLifeDays === undefined ? '—' : formatInteger(m.shelfLifeDays)}
              </td>
              <td>{m.hazard?.unNumber ?? '—'}</td>
              <td>
                {m.hazard ? (
                  <span className="badge badge--hazard">
                    {m.hazard.division}
                    {m.hazard.compatibilityGroup}
                  </span>
                ) : (
                  <span className="muted">{t('plant:materials.notExplosive')}</span>
                )}
              </td>
              <td className="num">
                {m.hazard ? formatExact(m.hazard.netExplosivePerUnitKg) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
