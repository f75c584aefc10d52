import { useTranslation } from 'react-i18next';
import { useVerifyChain } from '../../api/audit';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatInteger } from '../../format';

/** Walks the whole hash chain on the server and says whether it holds. */
export function VerifyChain() {
  const { t } = useTranslation();
  const verify = useVerifyChain();
  const verdict = verify.data;
  return (
    <div className="verify-chain">
      <button
        type="button"
        className="button"
        onClick={() => verify.mutate()}
        disabled={verify.isPending}
      >
        {verify.isPending ? t('audit:verify.verifying') : t('audit:verify.submit')}
      </button>
      <div aria-live="polite">
        {verify.isError && <ErrorPanel error={verify.error} context={t('audit:verify.context')} />}
        {verdict &&
          (verdict.ok ? (
            <p className="verdict verdict--ok" data-testid="chain-verdict">
              <span className="badge badge--ok">{t('audit:verify.intact')}</span>{' '}
              {t('audit:verify.holds', {
                count: verdict.entries,
                n: formatInteger(verdict.entries),
              })}
            </p>
          ) : (
            <p className="verdict verdict--broken" data-testid="chain-verdict">
              <span className="badge badge--danger">{t('audit:verify.broken')}</span>{' '}
              {t('audit:verify.brokenAt', { seq: formatInteger(verdict.brokenAt) })}{' '}
              {verdict.reason}.
            </p>
          ))}
      </div>
    </div>
  );
}
