import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Characteristic, RangeLimit, RangeTest, Specification } from '../../../api/types';
import { formatExact, formatInteger } from '../../../format';

function limitText(t: TFunction, limit: RangeLimit, unit: string | undefined): string {
  const u = unit ? ` ${unit}` : '';
  const name = t(`plant:rangeStatistic.${limit.statistic}`);
  if (limit.min !== undefined && limit.max !== undefined) {
    return `${name} ${formatExact(limit.min)}–${formatExact(limit.max)}${u}`;
  }
  if (limit.min !== undefined) return `${name} ≥ ${formatExact(limit.min)}${u}`;
  if (limit.max !== undefined) return `${name} ≤ ${formatExact(limit.max)}${u}`;
  return name;
}

function characteristicText(t: TFunction, c: Characteristic): string {
  switch (c.type) {
    case 'variable': {
      const range =
        c.lsl !== undefined && c.usl !== undefined
          ? `${formatExact(c.lsl)}–${formatExact(c.usl)}`
          : c.lsl !== undefined
            ? `≥ ${formatExact(c.lsl)}`
            : c.usl !== undefined
              ? `≤ ${formatExact(c.usl)}`
              : t('plant:specifications.noLimits');
      return `${range} ${c.unit}`;
    }
    case 'attribute':
      return t('plant:specifications.attribute', {
        defectClass: t(`plant:defectClass.${c.defectClass}`),
        aql: formatExact(c.aql),
        level: c.inspectionLevel,
      });
  }
}

function rangeTestText(t: TFunction, test: RangeTest): string {
  return t('plant:specifications.rounds', {
    count: test.sampleSize,
    n: formatInteger(test.sampleSize),
    limits: test.limits.map((l) => limitText(t, l, test.unit)).join(', '),
  });
}

export function SpecificationsTable({ specifications }: { specifications: Specification[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="specifications-table">
        <caption className="visually-hidden">{t('plant:specifications.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plant:columns.code')}</th>
            <th scope="col">{t('plant:columns.name')}</th>
            <th scope="col">{t('plant:specifications.product')}</th>
            <th scope="col">{t('plant:specifications.customer')}</th>
            <th scope="col">{t('plant:specifications.revision')}</th>
            <th scope="col">{t('plant:specifications.characteristics')}</th>
            <th scope="col">{t('plant:specifications.rangeTests')}</th>
          </tr>
        </thead>
        <tbody>
          {specifications.map((s) => (
            <tr key={s.code}>
              <th scope="row">
                <code className="code">{s.code}</code>
              </th>
              <td>{s.name}</td>
              <td>
                <code className="code">{s.product}</code>
              </td>
              <td>{s.customer ? <code className="code">{s.customer}</code> : '—'}</td>
              <td>{s.revision}</td>
              <td>
                <ul className="plain-list">
                  {s.characteristics.map((c) => (
                    <li key={c.code} title={c.name}>
                      <code className="code">{c.code}</code> {characteristicText(t, c)}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="plain-list">
                  {s.rangeTests.map((test) => (
                    <li key={test.code} title={test.name}>
                      <code className="code">{test.code}</code> {rangeTestText(t, test)}
                    </li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
