import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiToken, useRevokeToken } from '../../api/tokens';
import { FormError } from '../../components/FormError';
import { formatDateTime } from '../../format';

function state(t: TFunction, token: ApiToken, now: number) {
  if (token.revokedAt) {
    return (
      <span className="badge badge--danger">
        {t('admin:tokens.state.revoked', { at: formatDateTime(token.revokedAt) })}
      </span>
    );
  }
  if (token.expiresAt && Date.parse(token.expiresAt) <= now)
    return <span className="badge badge--warn">{t('admin:tokens.state.expired')}</span>;
  return <span className="badge badge--ok">{t('admin:tokens.state.active')}</span>;
}

/** The tokens, never their secrets; an active one can be revoked after a confirmation. */
export function TokensTable({ tokens }: { tokens: ApiToken[] }) {
  const { t } = useTranslation();
  const revoke = useRevokeToken();
  const [confirming, setConfirming] = useState<string>();
  const now = Date.now();
  if (tokens.length === 0) return <p className="muted">{t('admin:tokens.none')}</p>;
  return (
    <>
      <FormError error={revoke.error} testId="revoke-token-error" />
      <div className="table-scroll">
        <table className="table" data-testid="tokens-table">
          <caption className="visually-hidden">{t('admin:tokens.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin:tokens.name')}</th>
              <th scope="col">{t('admin:tokens.column.actsAs')}</th>
              <th scope="col">{t('admin:tokens.column.prefix')}</th>
              <th scope="col">{t('admin:tokens.column.issued')}</th>
              <th scope="col">{t('admin:tokens.column.expires')}</th>
              <th scope="col">{t('admin:tokens.column.lastUsed')}</th>
              <th scope="col">{t('common:words.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common:words.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-testid={`token-row-${token.name}`}>
                <th scope="row">{token.name}</th>
                <td>
                  <code className="code">{token.username}</code>
                </td>
                <td>
                  {/* i18n-ignore: the token's own prefix, as the secret starts */}
                  <code className="code">llt_{token.prefix}_…</code>
                </td>
                <td>
                  {formatDateTime(token.createdAt)}{' '}
                  <span className="muted small">
                    {t('admin:tokens.issuedBy', { username: token.createdBy })}
                  </span>
                </td>
                <td>
                  {token.expiresAt ? formatDateTime(token.expiresAt) : t('common:words.never')}
                </td>
                <td>
                  {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('common:words.never')}
                </td>
                <td>{state(t, token, now)}</td>
                <td className="actions">
                  {!token.revokedAt &&
                    (confirming === token.id ? (
                      <span className="confirm">
                        <button
                          type="button"
                          className="button button--small button--danger"
                          disabled={revoke.isPending}
                          onClick={() =>
                            revoke.mutate(token.id, { onSettled: () => setConfirming(undefined) })
                          }
                        >
                          {t('admin:tokens.confirmRevoke')}
                          <span className="visually-hidden">
                            {' '}
                            {t('admin:tokens.named', { name: token.name })}
                          </span>
                        </button>
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => setConfirming(undefined)}
                        >
                          {t('admin:tokens.keep')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button--small"
                        data-testid={`revoke-token-${token.name}`}
                        onClick={() => setConfirming(token.id)}
                      >
                        {t('admin:tokens.revoke')}
                        <span className="visually-hidden">
                          {' '}
                          {t('admin:tokens.named', { name: token.name })}
                        </span>
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
