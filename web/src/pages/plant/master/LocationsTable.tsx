import { Trans, useTranslation } from 'react-i18next';
import type { Location } from '../../../api/types';
import { formatInteger } from '../../../format';

export function LocationsTable({ locations }: { locations: Location[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="locations-table">
        <caption className="visually-hidden">{t('plant:locations.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plant:columns.code')}</th>
            <th scope="col">{t('plant:columns.name')}</th>
            <th scope="col">{t('plant:columns.area')}</th>
            <th scope="col">{t('plant:columns.kind')}</th>
            <th scope="col">{t('plant:locations.magazineType')}</th>
            <th scope="col" className="num" title={t('plant:locations.neqLimitTitle')}>
              {t('plant:locations.neqLimit')}
            </th>
            <th scope="col">{t('plant:locations.divisions')}</th>
            <th scope="col">{t('plant:locations.groups')}</th>
          </tr>
        </thead>
        <tbody>
          {locations.map((l) => (
            <tr key={l.code} className={l.parent ? 'is-child' : undefined}>
              <th scope="row">
                <code className="code">{l.code}</code>
              </th>
              <td>
                {l.name}
                {l.parent && (
                  <span className="muted small">
                    {' '}
                    <Trans
                      t={t}
                      i18nKey="plant:locations.in"
                      values={{ parent: l.parent }}
                      components={{ code: <code className="code" /> }}
                    />
                  </span>
                )}
              </td>
              <td>
                <code className="code">{l.area}</code>
              </td>
              <td>
                {l.kind === 'magazine' ? (
                  <span className="badge badge--hazard">{t('plant:locationKind.magazine')}</span>
                ) : (
                  t(`plant:locationKind.${l.kind}`)
                )}
              </td>
              <td>{l.magazineType ? t(`plant:magazineType.${l.magazineType}`) : '—'}</td>
              <td className="num">
                {l.netExplosiveLimitKg === undefined ? '—' : formatInteger(l.netExplosiveLimitKg)}
              </td>
              <td>{l.hazardDivisions.length > 0 ? l.hazardDivisions.join(', ') : '—'}</td>
              <td>{l.compatibilityGroups.length > 0 ? l.compatibilityGroups.join(', ') : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
