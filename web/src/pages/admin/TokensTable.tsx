import { useState } from 'react';
import { type ApiToken, useRevokeToken } from '../../api/tokens';
import { FormError } from '../../components/FormError';
import { formatDateTime } from '../../format';

function state(token: ApiToken, now: number) {
  if (token.revokedAt)
    return <span className="badge badge--danger">revoked {formatDateTime(token.revokedAt)}</span>;
  if (token.expiresAt && Date.parse(token.expiresAt) <= now)
    return <span className="badge badge--warn">expired</span>;
  return <span className="badge badge--ok">active</span>;
}

/** The tokens, never their secrets; an active one can be revoked after a confirmation. */
export function TokensTable({ tokens }: { tokens: ApiToken[] }) {
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState<string>();
  const now = Date.now();
  if (tokens.length === 0) return <p className="muted">No API token has been issued.</p>;
  return (
    <>
      <FormError error={revoke.error} testId="revoke-token-error" />
      <div className="table-scroll">
        <table className="table" data-testid="tokens-table">
          <caption className="visually-hidden">API tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Acts as</th>
              <th scope="col">Prefix</th>
              <th scope="col">Issued</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.id} data-testid={`token-row-${t.name}`}>
                <th scope="row">{t.name}</th>
                <td>
                  <code className="code">{t.username}</code>
                </td>
                <td>
                  <code className="code">llt_{t.prefix}_…</code>
                </td>
                <td>
                  {formatDateTime(t.createdAt)}{' '}
                  <span className="muted small">by {t.createdBy}</span>
                </td>
                <td>{t.expiresAt ? formatDateTime(t.expiresAt) : 'never'}</td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
                <td>{state(t, now)}</td>
                <td className="actions">
                  {!t.revokedAt &&
                    (confirming === t.id ? (
                      <span className="confirm">
                        <button
                          type="button"
                          className="button button--small button--danger"
                          disabled={revoke.isPending}
                          onClick={() =>
                            revoke.mutate(t.id, { onSettled: () => setConfirming(undefined) })
                          }
                        >
                          Confirm revoke
                          <span className="visually-hidden"> token {t.name}</span>
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setConfirming(undefined)}
                        >
                          Keep
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button--small"
                        data-testid={`revoke-token-${t.name}`}
                        onClick={() => setConfirming(t.id)}
                      >
                        Revoke<span className="visually-hidden"> token {t.name}</span>
                      </button>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
