import { useState } from 'react';
import { useTokens } from '../../api/tokens';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { QueryView } from '../../components/QueryView';
import { IssueTokenForm } from './IssueTokenForm';
import { TokensTable } from './TokensTable';

export function TokensSection() {
  const tokens = useTokens();
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<{ name: string; token: string }>();
  return (
    <section className="section" aria-labelledby="tokens-title">
      <div className="section__bar">
        <h2 id="tokens-title">API tokens</h2>
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
            Issue token
          </button>
        )}
      </div>
      {issued && (
        <OneTimeSecret
          title={`Token “${issued.name}” issued:`}
          secret={issued.token}
          onDismiss={() => setIssued(undefined)}
          testId="one-time-token"
        >
          Send it as <code className="code">Authorization: Bearer …</code>. Store it where the
          machine reads it.
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
      <QueryView query={tokens} what="the API tokens">
        {(data) => <TokensTable tokens={data} />}
      </QueryView>
    </section>
  );
}
