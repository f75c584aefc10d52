import type { Revision, RevisionChange } from '../../../api/types';
import { formatDateTime, formatInteger } from '../../../format';
import { RevisionDetailPanel } from './RevisionDetailPanel';

const CHANGE_KINDS: RevisionChange['change'][] = ['added', 'updated', 'retired'];

function changeSummary(changes: RevisionChange[]): string {
  const parts = CHANGE_KINDS.map((kind) => {
    const n = changes.filter((c) => c.change === kind).length;
    return n > 0 ? `${formatInteger(n)} ${kind}` : undefined;
  }).filter((p) => p !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'no changes';
}

interface RevisionsTableProps {
  revisions: Revision[];
  /** The plant's time zone, in which the times are shown. */
  timeZone: string | undefined;
  /** The revision shown in detail, if any. */
  selected: number | undefined;
  onSelect: (revision: number | undefined) => void;
}

export function RevisionsTable({ revisions, timeZone, selected, onSelect }: RevisionsTableProps) {
  return (
    <>
      {selected !== undefined && (
        <RevisionDetailPanel
          number={selected}
          timeZone={timeZone}
          onClose={() => onSelect(undefined)}
        />
      )}
      <div className="table-scroll">
        <table className="table" data-testid="revisions-table">
          <caption className="visually-hidden">Plant revisions, newest first</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                No.
              </th>
              <th scope="col">Loaded {timeZone ? `(${timeZone})` : ''}</th>
              <th scope="col">Source</th>
              <th scope="col">By</th>
              <th scope="col">Note</th>
              <th scope="col" className="num">
                Changes
              </th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {revisions.map((r) => (
              <tr
                key={r.number}
                className={r.number === selected ? 'is-selected' : undefined}
                data-testid={`revision-row-${r.number}`}
              >
                <th scope="row" className="num">
                  <button
                    type="button"
                    className="link-button"
                    aria-pressed={r.number === selected}
                    onClick={() => onSelect(r.number === selected ? undefined : r.number)}
                  >
                    <span className="visually-hidden">Show revision </span>
                    {r.number}
                  </button>
                </th>
                <td>
                  <time dateTime={r.loadedAt}>{formatDateTime(r.loadedAt, timeZone)}</time>
                </td>
                <td>
                  <code className="code">{r.source}</code>
                </td>
                <td>{r.actor ?? '—'}</td>
                <td>{r.note ?? '—'}</td>
                <td className="num">{formatInteger(r.changes.length)}</td>
                <td className="muted">{changeSummary(r.changes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
