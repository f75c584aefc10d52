import { useTranslation } from 'react-i18next';
import type { Supplier } from '../../../api/types';
import { Country } from '../../../components/Country';
import { formatInteger } from '../../../format';

export function SuppliersTable({ suppliers }: { suppliers: Supplier[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="suppliers-table">
        <caption className="visually-hidden">{t('plant:suppliers.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plant:columns.code')}</th>
            <th scope="col">{t('plant:columns.name')}</th>
            <th scope="col">{t('plant:columns.country')}</th>
            <th scope="col">{t('plant:suppliers.imported')}</th>
            <th scope="col" className="num">
              {t('plant:suppliers.leadTime')}
            </th>
            <th scope="col">{t('plant:suppliers.materials')}</th>
          </tr>
        </thead>
        <tbody>
          {suppliers.map((s) => (
            <tr key={s.code}>
              <th scope="row">
                <code className="code">{s.code}</code>
              </th>
              <td>{s.name}</td>
              <td>
                <Country code={s.country} />
              </td>
              <td>
                {s.imported ? (
                  <span className="badge badge--info">{t('plant:suppliers.importedBadge')}</span>
                ) : (
                  t('plant:suppliers.local')
                )}
              </td>
              <td className="num">{formatInteger(s.leadTimeDays)}</td>
              <td>
                <span className="code-list">
                  {s.materials.map((m) => (
                    <code key={m} className="code">
                      {m}
                    </code>
                  ))}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
