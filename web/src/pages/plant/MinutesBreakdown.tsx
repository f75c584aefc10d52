import { Trans, useTranslation } from 'react-i18next';
import type { LineCapacity } from '../../api/types';
import { formatDecimal, formatInteger } from '../../format';

/** How a line's rated output comes about: calendar time less stops, times the mix rate. */
export function MinutesBreakdown({ capacity: c }: { capacity: LineCapacity }) {
  const { t } = useTranslation();
  return (
    <table className="table table--compact" data-testid={`minutes-${c.line}`}>
      <caption>
        <Trans
          t={t}
          i18nKey="plant:minutes.caption"
          values={{ year: c.year, calendar: c.calendar }}
          components={{ code: <code className="code" /> }}
        />
      </caption>
      <tbody>
        <tr>
          <th scope="row">{t('plant:minutes.shiftTime')}</th>
          <td className="num">{formatInteger(c.shiftMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">{t('plant:minutes.lessBreaks')}</th>
          <td className="num">−{formatInteger(c.breakMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">{t('plant:minutes.lessHolidays')}</th>
          <td className="num">−{formatInteger(c.holidayMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">{t('plant:minutes.lessMaintenance')}</th>
          <td className="num">−{formatInteger(c.maintenanceMinutes)}</td>
        </tr>
        <tr className="total">
          <th scope="row">{t('plant:minutes.available')}</th>
          <td className="num">{formatInteger(c.availableMinutes)}</td>
        </tr>
        <tr>
          <th scope="row">{t('plant:minutes.timesMixRate')}</th>
          <td className="num">{formatDecimal(c.mixRatePerMinute)}</td>
        </tr>
        <tr className="total">
          <th scope="row">{t('plant:minutes.ratedOutput')}</th>
          <td className="num">{formatInteger(c.ratedPerYear)}</td>
        </tr>
      </tbody>
    </table>
  );
}
