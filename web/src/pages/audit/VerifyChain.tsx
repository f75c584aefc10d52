import { useVerifyChain } from '../../api/audit';
import { ErrorPanel } from '../../components/ErrorPanel';
import { formatInteger } from '../../format';

/** Walks the whole hash chain on the server and says whether it holds. */
export function VerifyChain() {
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
        {verify.isPending ? 'Verifying…' : 'Verify chain'}
      </button>
      <div aria-live="polite">
        {verify.isError && <ErrorPanel error={verify.error} context="Verifying the chain" />}
        {verdict &&
          (verdict.ok ? (
            <p className="verdict verdict--ok" data-testid="chain-verdict">
              <span className="badge badge--ok">Intact</span> The chain of{' '}
              {formatInteger(verdict.entries)} entries verifies: no entry was changed, removed or
              reordered.
            </p>
          ) : (
            <p className="verdict verdict--broken" data-testid="chain-verdict">
              <span className="badge badge--danger">Broken</span> at entry{' '}
              {formatInteger(verdict.brokenAt)}: {verdict.reason}.
            </p>
          ))}
      </div>
    </div>
  );
}
