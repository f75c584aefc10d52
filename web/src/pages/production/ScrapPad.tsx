import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScrapReason } from '../../api/production';
import type { Station } from '../../api/types';
import { Modal } from '../../components/Modal';
import { formatInteger } from '../../format';

interface ScrapPadProps {
  reasons: readonly ScrapReason[];
  stations: readonly Station[];
  pending: boolean;
  /** A refusal of the command, shown in the dialog. */
  banner?: ReactNode;
  onRecord: (scrap: { quantity: number; reason: string; station?: string }) => void;
  onClose: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;
const MAX_DIGITS = 7;

/** Scrap at the line: a number pad for the quantity, the reasons as big buttons, a station if known. */
export function ScrapPad({ reasons, stations, pending, banner, onRecord, onClose }: ScrapPadProps) {
  const { t } = useTranslation();
  const id = useId();
  const [digits, setDigits] = useState('');
  const [station, setStation] = useState<string>();
  const [reason, setReason] = useState<string>();
  const quantity = Number(digits || '0');
  const kind = stations.find((s) => s.code === station)?.kind;
  const offered = reasons.filter((r) => !kind || !r.stationKind || r.stationKind === kind);

  function press(key: (typeof KEYS)[number]) {
    if (key === 'clear') setDigits('');
    else if (key === 'back') setDigits((d) => d.slice(0, -1));
    else setDigits((d) => (d.length >= MAX_DIGITS ? d : `${d}${key}`.replace(/^0+/, '')));
  }

  function chooseStation(code: string | undefined) {
    setStation(code);
    const nextKind = stations.find((s) => s.code === code)?.kind;
    const still = reasons.find((r) => r.code === reason);
    if (still?.stationKind && nextKind && still.stationKind !== nextKind) setReason(undefined);
  }

  const ready = quantity > 0 && reason !== undefined;

  return (
    <Modal
      labelledBy={`${id}-title`}
      onClose={onClose}
      className="terminal-modal"
      testId="scrap-pad"
    >
      <div className="terminal-modal__bar">
        <span />
        <h2 id={`${id}-title`} className="terminal-modal__title">
          {t('production:scrapPad.title')}
        </h2>
        <button type="button" className="t-button t-button--ghost" onClick={onClose}>
          {t('common:actions.close')}
        </button>
      </div>
      {banner}
      <div className="scrap-pad">
        <div className="scrap-pad__left">
          <output className="numpad__display" data-testid="scrap-quantity" aria-live="polite">
            {digits ? formatInteger(quantity) : '0'}
          </output>
          <fieldset className="numpad" aria-label={t('common:words.quantity')}>
            {KEYS.map((key) => (
              <button
                key={key}
                type="button"
                className={`numpad__key${key === 'clear' || key === 'back' ? ' numpad__key--fn' : ''}`}
                aria-label={
                  key === 'clear'
                    ? t('production:scrapPad.clear')
                    : key === 'back'
                      ? t('production:scrapPad.deleteDigit')
                      : key
                }
                onClick={() => press(key)}
              >
                {key === 'clear' ? t('production:scrapPad.clearKey') : key === 'back' ? '⌫' : key}
              </button>
            ))}
          </fieldset>
        </div>
        <div className="scrap-pad__right">
          <fieldset className="t-choices">
            <legend>{t('production:scrapPad.station')}</legend>
            <div className="t-choices__row">
              <button
                type="button"
                className="t-chip"
                aria-pressed={station === undefined}
                onClick={() => chooseStation(undefined)}
              >
                {t('production:scrapPad.anyStation')}
              </button>
              {stations.map((s) => (
                <button
                  key={s.code}
                  type="button"
                  className="t-chip"
                  title={s.name}
                  aria-pressed={station === s.code}
                  onClick={() => chooseStation(s.code)}
                >
                  {s.code}
                </button>
              ))}
            </div>
          </fieldset>
          <fieldset className="t-choices">
            <legend>{t('common:words.reason')}</legend>
            <div className="scrap-reasons">
              {offered.map((r) => (
                <button
                  key={r.code}
                  type="button"
                  className="scrap-reason"
                  aria-pressed={reason === r.code}
                  data-testid={`scrap-reason-${r.code}`}
                  onClick={() => setReason(r.code)}
                >
                  <span className="reason__name">{r.name}</span>
                  <span className="reason__code">{r.code}</span>
                </button>
              ))}
            </div>
          </fieldset>
        </div>
      </div>
      <button
        type="button"
        className="t-button t-button--scrap t-button--wide"
        disabled={!ready || pending}
        data-testid="confirm-scrap"
        onClick={() => reason && onRecord({ quantity, reason, ...(station ? { station } : {}) })}
      >
        {pending
          ? t('production:scrapPad.submitting')
          : ready
            ? t('production:scrapPad.submit', { count: quantity, n: formatInteger(quantity) })
            : quantity > 0
              ? t('production:scrapPad.chooseReason')
              : t('production:scrapPad.enterQuantity')}
      </button>
    </Modal>
  );
}
