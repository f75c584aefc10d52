import type { Characteristic, RangeLimit, RangeTest, Specification } from '../../../api/types';
import { formatExact, formatInteger, humanize } from '../../../format';

function limitText(limit: RangeLimit, unit: string | undefined): string {
  const u = unit ? ` ${unit}` : '';
  const name = humanize(limit.statistic);
  if (limit.min !== undefined && limit.max !== undefined) {
    return `${name} ${formatExact(limit.min)}–${formatExact(limit.max)}${u}`;
  }
  if (limit.min !== undefined) return `${name} ≥ ${formatExact(limit.min)}${u}`;
  if (limit.max !== undefined) return `${name} ≤ ${formatExact(limit.max)}${u}`;
  return name;
}

function characteristicText(c: Characteristic): string {
  switch (c.type) {
    case 'variable': {
      const range =
        c.lsl !== undefined && c.usl !== undefined
          ? `${formatExact(c.lsl)}–${formatExact(c.usl)}`
          : c.lsl !== undefined
            ? `≥ ${formatExact(c.lsl)}`
            : c.usl !== undefined
              ? `≤ ${formatExact(c.usl)}`
              : 'no limits';
      return `${range} ${c.unit}`;
    }
    case 'attribute':
      return `${c.defectClass}, AQL ${formatExact(c.aql)}, level ${c.inspectionLevel}`;
  }
}

function rangeTestText(t: RangeTest): string {
  return `${formatInteger(t.sampleSize)} rounds; ${t.limits.map((l) => limitText(l, t.unit)).join(', ')}`;
}

export function SpecificationsTable({ specifications }: { specifications: Specification[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="specifications-table">
        <caption className="visually-hidden">Specifications</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
            <th scope="col">Product</th>
            <th scope="col">Customer</th>
            <th scope="col">Rev.</th>
            <th scope="col">Characteristics</th>
            <th scope="col">Range tests</th>
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
                      <code className="code">{c.code}</code> {characteristicText(c)}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <ul className="plain-list">
                  {s.rangeTests.map((t) => (
                    <li key={t.code} title={t.name}>
                      <code className="code">{t.code}</code> {rangeTestText(t)}
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
