import { useTranslation } from 'react-i18next';
import type { Line } from '../../api/types';
import { formatInteger } from '../../format';

export function ChangeoversTable({ line }: { line: Line }) {
  const { t } = useTranslation();
  if (line.products.length < 2) {
    return (
      <p className="muted small changeovers-table" data-testid={`changeovers-${line.code}`}>
        {t('plant:changeovers.single')}
      </p>
    );
  }
  const pairs = line.products.length * (line.products.length - 1);
  return (
    <table
      className="table table--compact changeovers-table"
      data-testid={`changeovers-${line.code}`}
    >
      <caption>{t('plant:changeovers.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('common:words.from')}</th>
          <th scope="col">{t('common:words.to')}</th>
          <th scope="col" className="num">
            {t('plant:changeovers.minutes')}
          </th>
        </tr>
      </thead>
      <tbody>
        {line.changeovers.map((c) => (
          <tr key={`${c.from}>${c.to}`}>
            <td>
              <code className="code">{c.from}</code>
            </td>
            <td>
              <code className="code">{c.to}</code>
            </td>
            <td className="num">{formatInteger(c.minutes)}</td>
          </tr>
        ))}
        {line.changeovers.length < pairs && (
          <tr className="muted">
            <td colSpan={2}>{t('plant:changeovers.anyOtherPair')}</td>
            <td className="num">{formatInteger(line.defaultChangeoverMinutes)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
