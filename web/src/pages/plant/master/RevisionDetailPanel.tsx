import { useEffect, useRef } from 'react';
import { useRevision } from '../../../api/plant';
import type { RevisionChange, RevisionDetail, SignatureStatus } from '../../../api/types';
import { QueryView } from '../../../components/QueryView';
import { formatDateTime, formatTimestamp, humanize } from '../../../format';

interface RevisionDetailPanelProps {
  number: number;
  timeZone: string | undefined;
  onClose: () => void;
}

const short = (hash: string) => hash.slice(0, 12);

function Integrity({ integrity }: { integrity: RevisionDetail['integrity'] }) {
  return (
    <div
      className={`integrity ${integrity.intact ? 'integrity--ok' : 'integrity--broken'}`}
      data-testid="revision-integrity"
    >
      {integrity.intact ? (
        <p>
          <span className="badge badge--ok">Intact</span> The stored plant has the content recorded
          with this revision (hash <code className="code">{short(integrity.recordedHash)}</code>).
        </p>
      ) : (
        <p>
          <span className="badge badge--danger">Not intact</span> The stored plant no longer has the
          content recorded with this revision: recorded{' '}
          <code className="code">{short(integrity.recordedHash)}</code>, now{' '}
          <code className="code">{short(integrity.currentHash)}</code>. Its signatures are void.
        </p>
      )}
    </div>
  );
}

function Changes({ changes }: { changes: RevisionChange[] }) {
  if (changes.length === 0) return <p className="muted">No entity changed.</p>;
  return (
    <div className="table-scroll table-scroll--short">
      <table className="table table--compact" data-testid="revision-changes">
        <caption className="visually-hidden">Changes</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Code</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={`${c.kind}:${c.code}`}>
              <td>{humanize(c.kind)}</td>
              <td>
                <code className="code">{c.code}</code>
              </td>
              <td>{c.change}</td>
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
  if (signatures.length === 0) {
    return (
      <p className="muted" data-testid="revision-signatures">
        No electronic signature: this revision was recorded without one (e.g. loaded from a plant
        file).
      </p>
    );
  }
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="revision-signatures">
        <caption className="visually-hidden">Electronic signatures</caption>
        <thead>
          <tr>
            <th scope="col">Signed by</th>
            <th scope="col">Meaning</th>
            <th scope="col">When {timeZone ? `(${timeZone})` : ''}</th>
            <th scope="col">Reason</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {signatures.map((s) => (
            <tr key={s.id} data-testid="signature-row">
              <th scope="row">
                {s.displayName} <span className="muted">({s.username})</span>
              </th>
              <td>{humanize(s.meaning)}</td>
              <td>
                <time dateTime={s.signedAt}>{formatTimestamp(s.signedAt, timeZone)}</time>
              </td>
              <td>{s.reason ?? '—'}</td>
              <td>
                {s.valid ? (
                  <span className="badge badge--ok">Valid</span>
                ) : (
                  <span
                    className="badge badge--danger"
                    title="The record no longer has the content that was signed"
                  >
                    No longer valid
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
          Revision {number}
        </h3>
        <button type="button" className="button button--small" onClick={onClose}>
          Close<span className="visually-hidden"> revision {number}</span>
        </button>
      </div>
      <QueryView query={revision} what={`revision ${number}`}>
        {({ revision: r, integrity, signatures }) => (
          <>
            <p className="muted small">
              Recorded {formatDateTime(r.loadedAt, timeZone)} from{' '}
              <code className="code">{r.source}</code> by {r.actor ?? '—'}
              {r.note ? ` — ${r.note}` : ''}
            </p>
            <Integrity integrity={integrity} />
            <div className="revision-detail__grid">
              <div>
                <h4>Changes ({r.changes.length})</h4>
                <Changes changes={r.changes} />
              </div>
              <div>
                <h4>Electronic signatures</h4>
                <Signatures signatures={signatures} {...(timeZone ? { timeZone } : {})} />
              </div>
            </div>
          </>
        )}
      </QueryView>
    </section>
  );
}
