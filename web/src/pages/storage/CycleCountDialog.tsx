import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Signature } from '../../api/signature';
import { type CountResult, type StockLine, useRecordCount } from '../../api/storage';
import { FormError } from '../../components/FormError';
import { Modal } from '../../components/Modal';
import { SignaturePanel } from '../../components/signature/SignaturePanel';
import { formatExact, formatInteger } from '../../format';

interface CountRow {
  lot: string;
  material: string;
  /** What the ledger says is there; undefined for a lot found that is not on record. */
  onRecord: number | undefined;
  counted: string;
}

interface CycleCountDialogProps {
  location: string;
  stock: readonly StockLine[];
  onClose: () => void;
  onDone: (result: CountResult) => void;
}

const parseCount = (text: string): number | undefined => {
  const value = Number(text.trim().replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : undefined;
};

/**
 * A cycle count of one location, in two steps: what was counted of each lot
 * (the ledger's figures to start from, and lots found that are not on
 * record), and why; then the storekeeper's signature. Each difference
 * becomes a count adjustment in the ledger.
 */
export function CycleCountDialog({ location, stock, onClose, onDone }: CycleCountDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const record = useRecordCount();
  const [rows, setRows] = useState<CountRow[]>(() =>
    stock.map((s) => ({
      lot: s.lot,
      material: s.material,
      onRecord: s.quantity,
      counted: String(s.quantity),
    })),
  );
  const [found, setFound] = useState('');
  const [complete, setComplete] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string>();
  const [signing, setSigning] = useState(false);

  const setCounted = (lot: string, counted: string) =>
    setRows(rows.map((r) => (r.lot === lot ? { ...r, counted } : r)));

  function addFound() {
    const lot = found.trim();
    if (!lot || rows.some((r) => r.lot === lot)) return;
    setRows([...rows, { lot, material: '', onRecord: undefined, counted: '' }]);
    setFound('');
  }

  const differences = rows.filter((r) => {
    const counted = parseCount(r.counted);
    return counted !== undefined && counted !== (r.onRecord ?? 0);
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const bad = rows.find((r) => parseCount(r.counted) === undefined);
    const why = bad
      ? t('storage:count.problem.counted', { lot: bad.lot })
      : rows.length === 0 && !complete
        ? t('storage:count.problem.empty')
        : reason.trim() === ''
          ? t('storage:count.problem.reason')
          : undefined;
    setProblem(why);
    if (!why) setSigning(true);
  }

  async function sign(signature: Signature) {
    const result = await record.mutateAsync({
      location,
      reason: reason.trim(),
      complete,
      lines: rows.map((r) => ({ lot: r.lot, counted: parseCount(r.counted) ?? 0 })),
      signature,
    });
    onDone(result);
  }

  const tally = {
    location,
    lots: t('storage:count.lotsCounted', { count: rows.length, n: formatInteger(rows.length) }),
    differences: t('storage:count.differences', {
      count: differences.length,
      n: formatInteger(differences.length),
    }),
  };
  const action = complete
    ? t('storage:count.actionComplete', tally)
    : t('storage:count.action', tally);

  return (
    <Modal
      labelledBy={`${id}-title`}
      describedBy={signing ? `${id}-statement` : `${id}-what`}
      onClose={onClose}
      testId="count-dialog"
      className="modal--signature st-modal--wide"
    >
      {signing ? (
        <SignaturePanel
          titleId={`${id}-title`}
          statementId={`${id}-statement`}
          action={action}
          defaultMeaning="approved"
          details={
            differences.length > 0 ? (
              <ul className="plain-list">
                {differences.map((r) => (
                  <li key={r.lot}>
                    {t('storage:count.difference', {
                      lot: r.lot,
                      onRecord: formatExact(r.onRecord ?? 0),
                      counted: formatExact(parseCount(r.counted) ?? 0),
                    })}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
          onSign={sign}
          onBack={() => setSigning(false)}
          onCancel={onClose}
        />
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate data-testid="count-form">
          <h2 id={`${id}-title`} className="modal__title">
            {t('storage:count.title', { location })}
          </h2>
          <p id={`${id}-what`}>{t('storage:count.intro')}</p>
          <div className="table-scroll">
            <table className="table table--compact" data-testid="count-lines">
              <thead>
                <tr>
                  <th scope="col">{t('storage:columns.lot')}</th>
                  <th scope="col" className="num">
                    {t('storage:count.onRecord')}
                  </th>
                  <th scope="col" className="num">
                    {t('storage:count.counted')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 && (
                  <tr>
                    <td colSpan={3} className="muted">
                      {t('storage:count.nothingOnRecord')}
                    </td>
                  </tr>
                )}
                {rows.map((r) => (
                  <tr key={r.lot} data-testid={`count-${r.lot}`}>
                    <th scope="row">
                      {r.lot} {r.material && <code className="code">{r.material}</code>}
                    </th>
                    <td className="num">
                      {r.onRecord === undefined
                        ? t('storage:count.notOnRecord')
                        : formatExact(r.onRecord)}
                    </td>
                    <td className="num">
                      <input
                        type="text"
                        inputMode="decimal"
                        className="input-number st-touch-input"
                        aria-label={t('storage:count.countedOf', { lot: r.lot })}
                        value={r.counted}
                        onChange={(e) => setCounted(r.lot, e.target.value)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-row">
            <div className="form-field form-field--grow">
              <label htmlFor={`${id}-found`}>{t('storage:count.found')}</label>
              <input
                id={`${id}-found`}
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={found}
                onChange={(e) => setFound(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    addFound();
                  }
                }}
              />
            </div>
            <div className="form__actions st-move__add">
              <button type="button" className="button" onClick={addFound}>
                {t('storage:count.addLot')}
              </button>
            </div>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={complete}
              onChange={(e) => setComplete(e.target.checked)}
            />
            {t('storage:count.complete')}
          </label>
          <div className="form-field">
            <label htmlFor={`${id}-reason`}>{t('common:words.reason')}</label>
            <input
              id={`${id}-reason`}
              type="text"
              maxLength={500}
              autoComplete="off"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          <p className="muted small" role="status">
            {differences.length === 0
              ? t('storage:count.noDifference')
              : t('storage:count.fromRecord', {
                  count: differences.length,
                  n: formatInteger(differences.length),
                })}
          </p>
          <FormError error={problem ? new Error(problem) : undefined} testId="count-error" />
          <div className="form__actions">
            <button type="submit" className="button button--primary">
              {t('storage:count.review')}
            </button>
            <button type="button" className="button" onClick={onClose}>
              {t('common:actions.cancel')}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
