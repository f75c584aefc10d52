import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AuditEntry } from '../../api/audit';
import { formatTimestamp } from '../../format';
import { actionDescription } from './actions';
import { ChangeView } from './ChangeView';

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

function entityLink(entry: AuditEntry): string {
  const params = new URLSearchParams({ entityType: entry.entityType, entityId: entry.entityId });
  return `/audit?${params}`;
}

/** The action's description under its code, when this app has words for it. */
function ActionWords({ action }: { action: string }) {
  const words = actionDescription(action);
  return words ? (
    <div className="muted small" data-testid="audit-action-words">
      {words}
    </div>
  ) : null;
}

export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) {
    return (
      <p className="muted" data-testid="audit-empty">
        {t('audit:entries.none')}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table audit-table" data-testid="audit-table">
        <caption className="visually-hidden">{t('audit:table.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('audit:table.seq')}
            </th>
            <th scope="col">{t('audit:table.time', { zone: LOCAL_ZONE })}</th>
            <th scope="col">{t('audit:actor')}</th>
            <th scope="col">{t('audit:action')}</th>
            <th scope="col">{t('audit:table.entity')}</th>
            <th scope="col">{t('audit:table.change')}</th>
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
                <ActionWords action={e.action} />
              </td>
              <td className="nowrap">
                <span className="muted small">
                  {t(`audit:entity.${e.entityType}`, { defaultValue: e.entityType })}
                </span>{' '}
                <Link
                  to={entityLink(e)}
                  title={t('audit:table.entityLink', {
                    type: t(`audit:entity.${e.entityType}`, { defaultValue: e.entityType }),
                    id: e.entityId,
                  })}
                >
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
