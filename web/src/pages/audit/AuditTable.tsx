import { Link } from 'react-router';
import type { AuditEntry } from '../../api/audit';
import { formatTimestamp } from '../../format';
import { ChangeView } from './ChangeView';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function entityLink(entry: AuditEntry): string {
  const params = new URLSearchParams({ entityType: entry.entityType, entityId: entry.entityId });
  return `/audit?${params}`;
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="audit-empty">
        No entry matches these filters.
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table audit-table" data-testid="audit-table">
        <caption className="visually-hidden">Audit entries, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Seq.
            </th>
            <th scope="col">Time ({LOCAL_ZONE})</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Before → after</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid={`audit-row-${e.seq}`}>
              <th scope="row" className="num">
                {e.seq}
              </th>
              <td className="nowrap">
                <time dateTime={e.at}>{formatTimestamp(e.at)}</time>
              </td>
              <td>
                <code className="code">{e.actor}</code>
              </td>
              <td>
                <code className="code">{e.action}</code>
              </td>
              <td className="nowrap">
                <span className="muted small">{e.entityType}</span>{' '}
                <Link to={entityLink(e)} title={`Every entry about ${e.entityType} ${e.entityId}`}>
                  {e.entityId}
                </Link>
              </td>
              <td className="audit-table__change">
                <ChangeView before={e.before} after={e.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
