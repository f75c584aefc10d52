import { useEffect, useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useRevision } from '../../../api/plant';
import type { RevisionChange, RevisionDetail, SignatureStatus } from '../../../api/types';
import { QueryView } from '../../../components/QueryView';
import { formatDateTime, formatInteger, formatTimestamp } from '../../../format';

interface RevisionDetailPanelProps {
  number: number;
  timeZone: string | undefined;
  onClose: () => void;
}

const short = (hash: string) => hash.slice(0, 12);

function Integrity({ integrity }: { integrity: RevisionDetail['integrity'] }) {
  const { t } = useTranslation();
  const code = { code: <code className="code" /> };
  return (
    <div
      className={`integrity ${integrity.intact ? 'integrity--ok' : 'integrity--broken'}`}
      data-testid="revision-integrity"
    >
      {integrity.intact ? (
        <p>
          <span className="badge badge--ok">{t('plant:revision.intact')}</span>{' '}
          <Trans
            t={t}
            i18nKey="plant:revision.intactText"
            values={{ hash: short(integrity.recordedHash) }}
            components={code}
          />
        </p>
      ) : (
        <p>
          <span className="badge badge--danger">{t('plant:revision.notIntact')}</span>{' '}
          <Trans
            t={t}
            i18nKey="plant:revision.notIntactText"
            values={{
              recorded: short(integrity.recordedHash),
              current: short(integrity.currentHash),
            }}
            components={code}
          />
        </p>
      )}
    </div>
  );
}

function Changes({ changes }: { changes: RevisionChange[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p className="muted">{t('plant:revision.noEntityChanged')}</p>;
  return (
    <div className="table-scroll table-scroll--short">
      <table className="table table--compact" data-testid="revision-changes">
        <caption className="visually-hidden">{t('plant:revision.changesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plant:columns.kind')}</th>
            <th scope="col">{t('plant:columns.code')}</th>
            <th scope="col">{t('plant:revision.change')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.kind}:${c.code}`}>
              <td>{t(`plant:entityKind.${c.kind}`)}</td>
              <td>
                <code className="code">{c.code}</code>
              </td>
              <td>{t(`plant:changeKind.${c.change}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Signatures({
  signatures,
  timeZone,
}: {
  signatures: SignatureStatus[];
  timeZone?: string;
}) {
  const { t } = useTranslation();
  if (signatures.length === 0) {
    return (
      <p className="muted" data-testid="revision-signatures">
        {t('plant:revision.noSignature')}
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="revision-signatures">
        <caption className="visually-hidden">{t('plant:revision.signatures')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plant:revision.signedBy')}</th>
            <th scope="col">{t('plant:revision.meaning')}</th>
            <th scope="col">
              {t('plant:revision.when')}
              {timeZone ? ` (${timeZone})` : ''}
            </th>
            <th scope="col">{t('common:words.reason')}</th>
            <th scope="col">{t('common:words.status')}</th>
          </tr>
        </thead>
        <tbody>
          {signatures.map((s) => (
            <tr key={s.id} data-testid="signature-row">
              <th scope="row">
                {s.displayName} <span className="muted">({s.username})</span>
              </th>
              <td>{t(`plant:signatureMeaning.${s.meaning}`)}</td>
              <td>
                <time dateTime={s.signedAt}>{formatTimestamp(s.signedAt, timeZone)}</time>
              </td>
              <td>{s.reason ?? '—'}</td>
              <td>
                {s.valid ? (
                  <span className="badge badge--ok">{t('plant:revision.valid')}</span>
                ) : (
                  <span
                    className="badge badge--danger"
                    title={t('plant:revision.noLongerValidTitle')}
                  >
                    {t('plant:revision.noLongerValid')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One plant revision: what changed, whether it is intact, and who signed it. */
export function RevisionDetailPanel({ number, timeZone, onClose }: RevisionDetailPanelProps) {
  const { t } = useTranslation();
  const revision = useRevision(number);
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus follows the chosen revision
  useEffect(() => heading.current?.focus(), [number]);
  return (
    <section
      className="revision-detail"
      aria-labelledby="revision-detail-title"
      data-testid="revision-detail"
    >
      <div className="revision-detail__bar">
        <h3 id="revision-detail-title" ref={heading} tabIndex={-1}>
          {t('plant:revision.title', { number })}
        </h3>
        <button type="button" className="button button--small" onClick={onClose}>
          {t('common:actions.close')}
          <span className="visually-hidden"> {t('plant:revision.closeHidden', { number })}</span>
        </button>
      </div>
      <QueryView query={revision} what={t('plant:loading.revision', { number })}>
        {({ revision: r, integrity, signatures }) => (
          <>
            <p className="muted small">
              <Trans
                t={t}
                i18nKey="plant:revision.recorded"
                values={{
                  when: formatDateTime(r.loadedAt, timeZone),
                  source: r.source,
                  actor: r.actor ?? '—',
                }}
                components={{ code: <code className="code" /> }}
              />
              {r.note ? ` — ${r.note}` : ''}
            </p>
            <Integrity integrity={integrity} />
            <div className="revision-detail__grid">
              <div>
                <h4>
                  {t('plant:revision.changesHeading', { n: formatInteger(r.changes.length) })}
                </h4>
                <Changes changes={r.changes} />
              </div>
              <div>
                <h4>{t('plant:revision.signatures')}</h4>
                <Signatures signatures={signatures} {...(timeZone ? { timeZone } : {})} />
              </div>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
