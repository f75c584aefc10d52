import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTokens } from '../../api/tokens';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { QueryView } from '../../components/QueryView';
import { IssueTokenForm } from './IssueTokenForm';
import { TokensTable } from './TokensTable';

// How a machine presents its token: an HTTP header, the same in every language.
const BEARER_HEADER = 'Authorization: Bearer …';

/** The API tokens machines use: the list, issuing one (its secret shown once), revoking. */
export function TokensSection() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<{ name: string; token: string }>();
  return (
    <section className="section" aria-labelledby="tokens-title">
      <div className="section__bar">
        <h2 id="tokens-title">{t('admin:tokens.title')}</h2>
        {!issuing && (
          <button
            type="button"
            className="button"
            data-testid="new-token"
            onClick={() => {
              setIssued(undefined);
              setIssuing(true);
            }}
          >
            {t('admin:tokens.issue.submit')}
          </button>
        )}
      </div>
      {issued && (
        <OneTimeSecret
          title={t('admin:tokens.issued.title', { name: issued.name })}
          secret={issued.token}
          onDismiss={() => setIssued(undefined)}
          testId="one-time-token"
        >
          {t('admin:tokens.issued.sendAs')} <code className="code">{BEARER_HEADER}</code>.{' '}
          {t('admin:tokens.issued.store')}
        </OneTimeSecret>
      )}
      {issuing && (
        <IssueTokenForm
          onCancel={() => setIssuing(false)}
          onIssued={(token, info) => {
            setIssuing(false);
            setIssued({ name: info.name, token });
          }}
        />
      )}
      <QueryView query={tokens} what={t('admin:tokens.what')}>
        {(data) => <TokensTable tokens={data} />}
      </QueryView>
    </section>
  );
}
