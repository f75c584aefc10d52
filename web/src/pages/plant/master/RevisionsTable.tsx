import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Revision, RevisionChange } from '../../../api/types';
import { formatDateTime, formatInteger } from '../../../format';
import { RevisionDetailPanel } from './RevisionDetailPanel';

/** Each kind of change, counted in words: "3 added". */
const COUNTED: Record<RevisionChange['change'], (t: TFunction, n: number) => string> = {
  added: (t, n) => t('plant:revisions.counted.added', { count: n, n: formatInteger(n) }),
  updated: (t, n) => t('plant:revisions.counted.updated', { count: n, n: formatInteger(n) }),
  retired: (t, n) => t('plant:revisions.counted.retired', { count: n, n: formatInteger(n) }),
};

function changeSummary(t: TFunction, changes: RevisionChange[]): string {
  const parts = (Object.keys(COUNTED) as RevisionChange['change'][]).flatMap((kind) => {
    const n = changes.filter((c) => c.change === kind).length;
    return n > 0 ? [COUNTED[kind](t, n)] : [];
  });
  return parts.length > 0 ? parts.join(', ') : t('plant:revisions.noChanges');
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
  const { t } = useTranslation();
  const zone = timeZone ? ` (${timeZone})` : '';
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
          <caption className="visually-hidden">{t('plant:revisions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('plant:revisions.number')}
              </th>
              <th scope="col">
                {t('plant:revisions.loaded')}
                {zone}
              </th>
              <th scope="col">{t('plant:revisions.source')}</th>
              <th scope="col">{t('plant:revisions.by')}</th>
              <th scope="col">{t('plant:revisions.note')}</th>
              <th scope="col" className="num">
                {t('plant:revisions.changes')}
              </th>
              <th scope="col">{t('plant:revisions.summary')}</th>
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
                    <span className="visually-hidden">{t('plant:revisions.show')} </span>
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
                <td className="muted">{changeSummary(t, r.changes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
